"""Bulk writes: per-row triggers that keep derived data (progress masks, the household search index,
head-of-household keys) are set aside during a large insert, and the same derived data is then
brought up to date in a few set-based statements (several times faster for an import or the demo)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from binhdan_desktop.store.models import CHANNEL_MASKS, MAX_LESSON_BIT

BULK_THRESHOLD = 100  # smaller inserts keep the triggers (less work than the set-based catch-up)
_COLS = ", ".join(f"m_{ch}" for ch in CHANNEL_MASKS)
_PROGRESS = f"""
    INSERT INTO person_progress (person_id, mask, {_COLS})
    SELECT person_id, SUM(DISTINCT b), {", ".join(f"SUM(DISTINCT CASE WHEN channel = '{ch}' THEN b ELSE 0 END)"
                                                  for ch in CHANNEL_MASKS)}
    FROM (SELECT c.person_id AS person_id, c.channel AS channel, 1 << lb.bit AS b
          FROM completion c JOIN lesson_bit lb ON lb.lesson_id = c.lesson_id
          WHERE c.rowid > :before AND c.deleted = 0 AND lb.bit <= {MAX_LESSON_BIT})
    WHERE 1 GROUP BY person_id
    ON CONFLICT (person_id) DO UPDATE SET mask = mask | excluded.mask,
        {", ".join(f"m_{ch} = m_{ch} | excluded.m_{ch}" for ch in CHANNEL_MASKS)}
"""
_TOUCHED = "SELECT household_id FROM person WHERE rowid > :before"
_DOCS = ("INSERT INTO household_fts (rowid, doc) SELECT h.rowid, h.code_folded || ' ' || COALESCE(("
         "SELECT group_concat(p.name_folded, ' ') FROM person p WHERE p.household_id = h.id AND p.deleted = 0), '') "
         "FROM household h WHERE {where}")
_HEADS = ("UPDATE household SET head_key = COALESCE((SELECT MIN(p.sort_key) FROM person p WHERE "
          "p.household_id = household.id AND p.relation = 'chu_ho' AND p.deleted = 0), '~') "
          f"WHERE id IN ({_TOUCHED})")

# table -> (triggers to set aside, statements that catch up; :before is the table's last rowid before)
SUSPEND: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "completion": (("trg_progress_insert",), (_PROGRESS,)),
    "household": (("trg_hfts_household_insert",), (_DOCS.format(where="h.rowid > :before"),)),
    "person": (("trg_hfts_person_insert", "trg_head_insert"), (
        f"DELETE FROM household_fts WHERE rowid IN (SELECT rowid FROM household WHERE id IN ({_TOUCHED}))",
        _DOCS.format(where=f"h.id IN ({_TOUCHED})"),
        _HEADS,
    )),
}


@contextmanager
def suspended_triggers(conn: Connection, table: str, rows: int) -> Iterator[None]:
    """Around a bulk insert into `table` (inside the caller's transaction: the DDL rolls back with it)."""
    if table not in SUSPEND or rows <= BULK_THRESHOLD:
        yield
        return
    names, catch_up = SUSPEND[table]
    saved = [conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                  (name,)).scalar() for name in names]
    before = conn.exec_driver_sql(f"SELECT COALESCE(MAX(rowid), 0) FROM {table}").scalar()
    for name, sql in zip(names, saved, strict=True):
        if sql:
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
    try:
        yield
        for statement in catch_up:
            conn.exec_driver_sql(statement.replace(":before", str(int(before or 0))))
    finally:
        for sql in saved:
            if sql:
                conn.exec_driver_sql(sql)
