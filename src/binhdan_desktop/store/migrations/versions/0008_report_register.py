"""the register of issued reports (synced), and which device is the office (local)

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-02 07:20:00

`sync_local.office` marks the device that created the team (docs/keys.md, "The office device"). A team made
before this revision did not record it: the device that set the commune up here (its own change log inserted
the commune row under its current id) and holds a team is taken as the office; laptops that joined received
the commune through sync, so none of them is.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OFFICE_BEFORE = (
    "UPDATE sync_local SET office = 1 WHERE team IS NOT NULL AND EXISTS (SELECT 1 FROM change_log c "
    "WHERE c.table_name = 'commune' AND c.op = 'insert' AND c.device_id = (SELECT device_id FROM device_state))")


def upgrade() -> None:
    op.create_table(
        "report_issue",
        sa.Column("year", sa.Integer(), nullable=False), sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(40), nullable=False), sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("village_id", sa.String(36), nullable=True), sa.Column("village_name", sa.String(200), nullable=False),
        sa.Column("period", sa.String(60), nullable=False), sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("signer_authority", sa.String(60), nullable=False),
        sa.Column("signer_title", sa.String(60), nullable=False), sa.Column("signer_name", sa.String(60), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False), sa.Column("file_format", sa.String(8), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False), sa.Column("device_id", sa.String(36), nullable=False),
        sa.Column("id", sa.String(36), nullable=False), sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False), sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_report_issue_year", "report_issue", ["year", "seq"])
    with op.batch_alter_table("sync_local") as batch:
        batch.add_column(sa.Column("office", sa.Boolean(), server_default="0", nullable=False))
    op.execute(OFFICE_BEFORE)


def downgrade() -> None:
    with op.batch_alter_table("sync_local") as batch:
        batch.drop_column("office")
    op.drop_index("ix_report_issue_year", "report_issue")
    op.drop_table("report_issue")
