"""lessons record their framework components and duration

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 00:40:00

The default curriculum (curriculum-reference.md) maps each lesson to components of the national
frameworks and a duration in minutes; lessons created under 0001 get an empty framework.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lesson") as batch:
        batch.add_column(sa.Column("framework", sa.String(length=100), nullable=False, server_default=""))
        batch.add_column(sa.Column("minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lesson") as batch:
        batch.drop_column("minutes")
        batch.drop_column("framework")
