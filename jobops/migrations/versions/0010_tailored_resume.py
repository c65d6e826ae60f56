"""tailored resume: which base resume (and revision) a job's tailored fields were written for

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 12:00:00

Jobs tailored before this revision are stamped with the resume they would render with now (their
own, or the default): the most likely one they were made for.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_TAILORED = (
    "(tailored_summary IS NOT NULL OR tailored_headline IS NOT NULL "
    "OR tailored_skills IS NOT NULL OR selected_project_ids IS NOT NULL)"
)


def upgrade() -> None:
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("tailored_resume_id", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
        batch_op.add_column(sa.Column("tailored_resume_revision", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE job SET tailored_resume_id = COALESCE("
        "(SELECT r.id FROM resume r WHERE r.id = job.resume_id), "
        "(SELECT r.id FROM resume r WHERE r.is_default LIMIT 1)) "
        f"WHERE {_TAILORED}"
    )
    op.execute(
        "UPDATE job SET tailored_resume_revision = "
        "(SELECT r.revision FROM resume r WHERE r.id = job.tailored_resume_id) "
        "WHERE tailored_resume_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_column("tailored_resume_revision")
        batch_op.drop_column("tailored_resume_id")
