"""claims and the run slot: who holds a processing job, and one active pipeline run

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 13:00:00

A job in processing records its claim (a token, who holds it, and the owning process), so only
the holder finishes or releases it and a dead holder's claim is released at once. A pipeline run
holds ``active_slot = 1`` while it is starting or running: the column is unique, so two runs can
never be active together, on SQLite or PostgreSQL. Runs active at upgrade time keep the slot
only if they are the newest one.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("job", schema=None) as batch_op:
        for name in ("claim_token", "claimed_by", "claim_owner"):
            batch_op.add_column(sa.Column(name, sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    with op.batch_alter_table("pipeline_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active_slot", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.create_unique_constraint("uq_pipeline_run_active_slot", ["active_slot"])
    op.execute(
        "UPDATE pipeline_run SET active_slot = 1 WHERE id = ("
        "SELECT id FROM pipeline_run WHERE status IN ('starting', 'running') "
        "ORDER BY started_at DESC LIMIT 1)"
    )


def downgrade() -> None:
    with op.batch_alter_table("pipeline_run", schema=None) as batch_op:
        batch_op.drop_constraint("uq_pipeline_run_active_slot", type_="unique")
        batch_op.drop_column("owner")
        batch_op.drop_column("active_slot")
    with op.batch_alter_table("job", schema=None) as batch_op:
        for name in ("claim_owner", "claimed_by", "claim_token"):
            batch_op.drop_column(name)
