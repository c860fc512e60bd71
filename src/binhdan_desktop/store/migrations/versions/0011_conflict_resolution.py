"""conflict resolutions travel: a synced `conflict_resolution` table; a merged village names its target

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-03 09:00:00

Resolving a sync conflict at the office used to close it on the office only. The resolution is now a synced row
naming the conflict by what every device records alike (row, field, kept and lost versions), so it closes the same
conflict on every laptop, also on one that records the conflict only after the resolution arrived.
`village.merged_into` (synced): a household recorded on another laptop in a village merged here follows the merge.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conflict_resolution",
        sa.Column("table_name", sa.String(40), nullable=False), sa.Column("row_id", sa.String(36), nullable=False),
        sa.Column("field", sa.String(60), nullable=False), sa.Column("kept_hlc", sa.Integer(), nullable=False),
        sa.Column("kept_device", sa.String(36), nullable=False), sa.Column("lost_hlc", sa.Integer(), nullable=False),
        sa.Column("lost_device", sa.String(36), nullable=False), sa.Column("took_lost", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(36), nullable=False), sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False), sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_conflict_resolution_row", "conflict_resolution", ["table_name", "row_id"])
    op.add_column("village", sa.Column("merged_into", sa.String(36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("village") as batch:
        batch.drop_column("merged_into")
    op.drop_index("ix_conflict_resolution_row", "conflict_resolution")
    op.drop_table("conflict_resolution")
