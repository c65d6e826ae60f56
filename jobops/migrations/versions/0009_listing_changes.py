"""listing changes: why a job expired, and run counters for rejected, updated and expired

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 11:30:00

Existing expired jobs get their reason from the event that expired them, so one expired for being
unlisted comes back when its source lists it again.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_REASON_OF_LAST_EXPIRY = """
UPDATE job SET expiry_reason = CASE
    WHEN last.reason LIKE 'deadline passed%' THEN 'deadline'
    WHEN last.reason LIKE 'no longer listed%' THEN 'unlisted'
    WHEN last.reason LIKE 'discovered more than%' THEN 'age'
    ELSE 'user' END
FROM (
    SELECT e.job_id, e.reason FROM job_event e
    WHERE e.to_status = 'expired' AND e.id = (
        SELECT max(e2.id) FROM job_event e2 WHERE e2.job_id = e.job_id AND e2.to_status = 'expired'
    )
) AS last
WHERE job.id = last.job_id AND job.status = 'expired'
"""


def upgrade() -> None:
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("expiry_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
    with op.batch_alter_table("pipeline_run", schema=None) as batch_op:
        for name in ("rejected", "updated", "expired"):
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default="0", nullable=False))
    op.execute(_REASON_OF_LAST_EXPIRY)
    op.execute(
        "UPDATE job SET expiry_reason = 'user' WHERE status = 'expired' AND expiry_reason IS NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("pipeline_run", schema=None) as batch_op:
        for name in ("expired", "updated", "rejected"):
            batch_op.drop_column(name)
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_column("expiry_reason")
