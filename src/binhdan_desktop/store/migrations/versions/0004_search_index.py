"""search as you type: an FTS5 word-prefix index with one document per household (its code and its
members' folded names), and each household's head-of-household sort key kept on the household

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 01:10:00

Both are derived and local (never synced), kept by triggers so that every write path updates them.
A covering index (deleted, head_key, code_folded, id) lists households in Vietnamese name order
without touching the table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NO_HEAD = "~"  # sorts after every key: households without a head come last
HEAD_KEY = (f"COALESCE((SELECT MIN(p.sort_key) FROM person p WHERE p.household_id = household.id "
            f"AND p.relation = 'chu_ho' AND p.deleted = 0), '{NO_HEAD}')")
DOC = ("SELECT h.rowid, h.code_folded || ' ' || COALESCE((SELECT group_concat(p.name_folded, ' ') FROM person p "
       "WHERE p.household_id = h.id AND p.deleted = 0), '') FROM household h WHERE {where}")


def _rebuild(where: str) -> str:
    return (f"DELETE FROM household_fts WHERE rowid IN (SELECT h.rowid FROM household h WHERE {where}); "
            f"INSERT INTO household_fts (rowid, doc) {DOC.format(where=where)};")


def upgrade() -> None:
    op.execute("CREATE VIRTUAL TABLE household_fts USING fts5(doc, prefix='1 2 3', "
               "tokenize='unicode61 remove_diacritics 0')")
    op.execute(f"INSERT INTO household_fts (rowid, doc) {DOC.format(where='1')}")
    op.execute("""CREATE TRIGGER trg_hfts_household_insert AFTER INSERT ON household BEGIN
        INSERT INTO household_fts (rowid, doc) VALUES (NEW.rowid, NEW.code_folded); END""")
    op.execute(f"""CREATE TRIGGER trg_hfts_household_update AFTER UPDATE OF code_folded ON household BEGIN
        {_rebuild("h.id = NEW.id")} END""")
    op.execute(f"""CREATE TRIGGER trg_hfts_person_insert AFTER INSERT ON person BEGIN
        {_rebuild("h.id = NEW.household_id")} END""")
    op.execute(f"""CREATE TRIGGER trg_hfts_person_update AFTER UPDATE OF name_folded, household_id, deleted
        ON person BEGIN {_rebuild("h.id IN (OLD.household_id, NEW.household_id)")} END""")

    with op.batch_alter_table("household") as batch:
        batch.add_column(sa.Column("head_key", sa.String(length=400), nullable=False, server_default=NO_HEAD))
        batch.create_index("ix_household_head", ["deleted", "head_key", "code_folded", "id"])
    op.execute(f"UPDATE household SET head_key = {HEAD_KEY}")
    op.execute(f"""CREATE TRIGGER trg_head_insert AFTER INSERT ON person WHEN NEW.relation = 'chu_ho' BEGIN
        UPDATE household SET head_key = {HEAD_KEY} WHERE id = NEW.household_id; END""")
    op.execute(f"""CREATE TRIGGER trg_head_update AFTER UPDATE OF household_id, relation, sort_key, deleted ON person
        WHEN OLD.relation = 'chu_ho' OR NEW.relation = 'chu_ho' BEGIN
        UPDATE household SET head_key = {HEAD_KEY} WHERE id IN (OLD.household_id, NEW.household_id); END""")


def downgrade() -> None:
    for name in ("trg_head_update", "trg_head_insert", "trg_hfts_person_update", "trg_hfts_person_insert",
                 "trg_hfts_household_update", "trg_hfts_household_insert"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("household") as batch:
        batch.drop_index("ix_household_head")
        batch.drop_column("head_key")
    op.execute("DROP TABLE IF EXISTS household_fts")
