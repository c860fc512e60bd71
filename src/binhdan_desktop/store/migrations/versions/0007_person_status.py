"""person_status: since when each person holds a status, group or residence value (synced)

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-02 07:30:00

Rows are written with every later change of a dated field (VNeID level, bank account, smartphone, online
services, public staff, worker, trader, student level, residence), together with the value held before it,
dated by the person's first change-log entry (else the row's creation). A person without rows has held the
current values all along, so the existing values need no row of their own here: the upgrade creates the table
and copies nothing (a row per person and field on every device, each synced to every other, would be the same
information many times over).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_status",
        sa.Column("person_id", sa.String(36), nullable=False), sa.Column("field", sa.String(24), nullable=False),
        sa.Column("value", sa.String(16), nullable=True), sa.Column("since", sa.Date(), nullable=False),
        sa.Column("id", sa.String(36), nullable=False), sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"]), sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_person_status_person", "person_status", ["person_id", "field", "since"])
    op.create_index("ix_person_status_since", "person_status", ["deleted", "since"])


def downgrade() -> None:
    op.drop_index("ix_person_status_since", "person_status")
    op.drop_index("ix_person_status_person", "person_status")
    op.drop_table("person_status")
