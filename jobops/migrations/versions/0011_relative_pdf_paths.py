"""relative pdf paths: a job's PDF is recorded relative to the data folder

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 12:30:00

PDFs were always written to ``<data folder>/pdfs/<job id>.pdf`` and recorded with the absolute
path, so a copied, moved or restored data folder answered 404 for every PDF. The recorded path
becomes ``pdfs/<job id>.pdf``; a path that is not of that form is left as it is.
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "UPDATE job SET pdf_path = 'pdfs/' || id || '.pdf' "
        "WHERE pdf_path LIKE '%/pdfs/' || id || '.pdf'"
    )


def downgrade() -> None:
    """Nothing to undo: relative paths are read the same way by every later version."""
