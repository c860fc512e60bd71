"""sync: field versions seen by each change, team devices, device keys, what was seen and sent,
conflicts kept for review

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 01:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("change_log") as batch:
        batch.add_column(sa.Column("prev", sa.Text(), nullable=True))
    op.create_table(
        "team_device",
        sa.Column("device_id", sa.String(36), nullable=False), sa.Column("name", sa.String(200), nullable=False),
        sa.Column("public_key", sa.String(100), nullable=False), sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(36), nullable=False), sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False), sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_team_device_device", "team_device", ["device_id"])
    op.create_table(
        "sync_local",
        sa.Column("singleton", sa.Integer(), nullable=False), sa.Column("team", sa.Text(), nullable=True),
        sa.Column("private_key", sa.String(100), nullable=True), sa.Column("exported_up_to", sa.Integer(), nullable=False),
        sa.Column("exported_device", sa.String(36), nullable=True), sa.Column("last_sync", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True), sa.Column("target", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("singleton"))
    op.create_table(
        "sync_seen",
        sa.Column("device_id", sa.String(36), nullable=False), sa.Column("up_to", sa.Integer(), nullable=False),
        sa.Column("public_key", sa.String(100), nullable=True), sa.PrimaryKeyConstraint("device_id"))
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("table_name", sa.String(40), nullable=False), sa.Column("row_id", sa.String(36), nullable=False),
        sa.Column("field", sa.String(60), nullable=False), sa.Column("kept_value", sa.Text(), nullable=True),
        sa.Column("lost_value", sa.Text(), nullable=True), sa.Column("lost_device", sa.String(36), nullable=False),
        sa.Column("lost_hlc", sa.Integer(), nullable=False), sa.Column("kept_device", sa.String(36), nullable=False),
        sa.Column("kept_hlc", sa.Integer(), nullable=False), sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"))


def downgrade() -> None:
    for table in ("sync_conflict", "sync_seen", "sync_local"):
        op.drop_table(table)
    op.drop_index("ix_team_device_device", "team_device")
    op.drop_table("team_device")
    with op.batch_alter_table("change_log") as batch:
        batch.drop_column("prev")
