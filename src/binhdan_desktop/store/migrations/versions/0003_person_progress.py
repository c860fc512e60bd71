"""person_progress: lesson bit masks per person, kept by triggers, so indicators need not scan
every completion

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 00:45:00

The masks are derived data (never synced): lesson_bit gives each lesson a bit; person_progress holds,
per person, the OR of the bits of their live completions, overall and per channel. Triggers on
lesson and completion keep both current for every write path (ORM, bulk, sync). The upgrade fills
them from the rows already there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CHANNELS = ("tham_ho", "lop_cong_dong", "truong_hoc", "ngay_hoi_10_10", "tap_huan_co_quan", "nen_tang_truc_tuyen")
BIT = ("COALESCE((SELECT CASE WHEN lb.bit <= 62 THEN 1 << lb.bit ELSE 0 END FROM lesson_bit lb "
       "WHERE lb.lesson_id = {lesson}), 0)")
RECOMPUTE = """
    INSERT OR REPLACE INTO person_progress (person_id, mask, {mask_cols})
    SELECT p.id, COALESCE((SELECT SUM(DISTINCT b) FROM (SELECT {bit} AS b FROM completion c
                            WHERE c.person_id = p.id AND c.deleted = 0)), 0),
           {channel_sums}
    FROM person p WHERE p.id IN ({who});
"""


def _recompute(who: str) -> str:
    bit = BIT.format(lesson="c.lesson_id")
    sums = ", ".join(
        f"COALESCE((SELECT SUM(DISTINCT b) FROM (SELECT {bit} AS b FROM completion c WHERE c.person_id = p.id "
        f"AND c.deleted = 0 AND c.channel = '{ch}')), 0)" for ch in CHANNELS)
    return RECOMPUTE.format(mask_cols=", ".join(f"m_{ch}" for ch in CHANNELS), bit=bit, channel_sums=sums, who=who)


def upgrade() -> None:
    op.create_table(
        "lesson_bit",
        sa.Column("lesson_id", sa.String(length=36), nullable=False),
        sa.Column("bit", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("lesson_id"),
        sa.UniqueConstraint("bit"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "person_progress",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("mask", sa.Integer(), nullable=False),
        *[sa.Column(f"m_{ch}", sa.Integer(), nullable=False) for ch in CHANNELS],
        sa.PrimaryKeyConstraint("person_id"),
        sqlite_with_rowid=False,
    )
    op.execute("""
        CREATE TRIGGER trg_lesson_bit AFTER INSERT ON lesson BEGIN
            INSERT OR IGNORE INTO lesson_bit (lesson_id, bit)
            SELECT NEW.id, COALESCE(MAX(bit) + 1, 0) FROM lesson_bit;
        END""")
    # The lesson's bit is looked up once (subquery x), then OR-ed into the person's masks.
    channel_vals = ", ".join(f"CASE WHEN NEW.channel = '{ch}' THEN x.b ELSE 0 END" for ch in CHANNELS)
    channel_sets = ", ".join(f"m_{ch} = m_{ch} | excluded.m_{ch}" for ch in CHANNELS)
    op.execute(f"""
        CREATE TRIGGER trg_progress_insert AFTER INSERT ON completion WHEN NEW.deleted = 0 BEGIN
            INSERT INTO person_progress (person_id, mask, {", ".join(f"m_{ch}" for ch in CHANNELS)})
            SELECT NEW.person_id, x.b, {channel_vals}
            FROM (SELECT {BIT.format(lesson="NEW.lesson_id")} AS b) AS x WHERE 1
            ON CONFLICT (person_id) DO UPDATE SET mask = mask | excluded.mask, {channel_sets};
        END""")
    op.execute(f"""
        CREATE TRIGGER trg_progress_update AFTER UPDATE OF person_id, lesson_id, channel, deleted ON completion
        BEGIN {_recompute("OLD.person_id, NEW.person_id")} END""")
    op.execute("INSERT INTO lesson_bit (lesson_id, bit) "
               "SELECT id, ROW_NUMBER() OVER (ORDER BY created_at, id) - 1 FROM lesson")
    op.execute(_recompute("SELECT DISTINCT person_id FROM completion WHERE deleted = 0"))


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS trg_progress_update")
    op.execute("DROP TRIGGER IF EXISTS trg_progress_insert")
    op.execute("DROP TRIGGER IF EXISTS trg_lesson_bit")
    op.drop_table("person_progress")
    op.drop_table("lesson_bit")
