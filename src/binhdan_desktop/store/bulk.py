"""Bulk writes: per-row triggers that keep derived data (progress masks, the household search index,
head-of-household keys) are set aside during a large insert, and the same derived data is then
brought up to date in a few set-based statements (several times faster for an import or the demo)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

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
          WHERE c.rowid > :completion AND c.deleted = 0 AND lb.bit <= {MAX_LESSON_BIT})
    WHERE 1 GROUP BY person_id
    ON CONFLICT (person_id) DO UPDATE SET mask = mask | excluded.mask,
        {", ".join(f"m_{ch} = m_{ch} | excluded.m_{ch}" for ch in CHANNEL_MASKS)}
"""
_TOUCHED = "SELECT household_id FROM person WHERE rowid > :person"
# ORDER BY rowid: FTS5 keeps pending rows in memory only while their rowids ascend; a smaller one flushes a segment
# (12,500 households in key order made 12,500 segments and cost 7× more).
_DOCS = ("INSERT INTO household_fts (rowid, doc) SELECT h.rowid, h.code_folded || ' ' || COALESCE(("
         "SELECT group_concat(p.name_folded, ' ') FROM person p WHERE p.household_id = h.id AND p.deleted = 0), '') "
         "FROM household h WHERE {where} ORDER BY h.rowid")
# Only the households that were there before: a new one's key is written with it (`with_head_keys`).
_HEADS = ("UPDATE household SET head_key = COALESCE((SELECT MIN(p.sort_key) FROM person p WHERE "
          "p.household_id = household.id AND p.relation = 'chu_ho' AND p.deleted = 0), '~') "
          f"WHERE rowid <= :household AND id IN ({_TOUCHED})")
NO_HEAD = "~"  # the head_key of a household without a (living) head


def with_head_keys(households: list[tuple[Any, ...]], h_keys: Sequence[str], people: list[tuple[Any, ...]],
                   p_keys: Sequence[str]) -> list[tuple[Any, ...]]:
    """The new households' rows with the head_key the trigger (or the catch-up) would give them from the new
    people: the smallest sort_key of their living heads ('~' without one). SQLite's MIN compares text by its
    UTF-8 bytes, which is the code point order Python's min uses."""
    hh, rel, key, dead = (p_keys.index(k) for k in ("household_id", "relation", "sort_key", "deleted"))
    heads: dict[Any, str] = {}
    for row in people:
        if row[rel] == "chu_ho" and not row[dead] and row[key] is not None:
            h = row[hh]
            if h not in heads or row[key] < heads[h]:
                heads[h] = row[key]
    ident, slot = h_keys.index("id"), h_keys.index("head_key")
    return [(*row[:slot], heads.get(row[ident], NO_HEAD), *row[slot + 1:]) for row in households]


@dataclass(frozen=True)
class _Group:
    """Tables whose insert triggers keep the same derived data: set aside together, caught up once."""

    tables: tuple[str, ...]
    triggers: tuple[str, ...]
    catch_up: tuple[str, ...]  # :<table> stands for that table's last rowid before the insert
    # A statement that reads "rowid <= :<old>" touches only rows that were there before: skipped when that
    # table was empty (a first import: 0.03–0.05 s of subqueries for nothing).
    old: str | None = None


GROUPS = (
    _Group(("completion",), ("trg_progress_insert",), (_PROGRESS,)),
    # Households and their people: new households' documents are written once, with their people (the old ones
    # touched by new people are rewritten); heads' keys of every household that got a person.
    _Group(("household", "person"), ("trg_hfts_household_insert", "trg_hfts_person_insert", "trg_head_insert"), (
        "DELETE FROM household_fts WHERE rowid IN (SELECT rowid FROM household WHERE rowid <= :household AND "
        f"id IN ({_TOUCHED}))",
        _DOCS.format(where="h.rowid > :household"),
        _DOCS.format(where=f"h.rowid <= :household AND h.id IN ({_TOUCHED})"),
        _HEADS,
    ), old="household"),
)
INDEX_THRESHOLD = 1000  # an empty table given more rows than this gets its secondary indexes built after them


def _last_rowid(conn: Connection, table: str) -> int:
    return int(conn.exec_driver_sql(f"SELECT COALESCE(MAX(rowid), 0) FROM {table}").scalar() or 0)


def _secondary_indexes(conn: Connection, table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the table's own non-unique indexes (not those of its keys)."""
    own = [row[1] for row in conn.exec_driver_sql(f"PRAGMA index_list({table})") if row[3] == "c" and not row[2]]
    return [(name, str(conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
                                            (name,)).scalar())) for name in own]


@contextmanager
def suspended_triggers(conn: Connection, rows: Mapping[str, int]) -> Iterator[None]:
    """Around a bulk insert of `rows[table]` rows into each table (inside the caller's transaction: the DDL rolls
    back with it). A group of tables given more than BULK_THRESHOLD rows in all has its insert triggers set aside
    and caught up after; an empty table given more than INDEX_THRESHOLD rows (a first import) has its
    non-unique indexes dropped and built again after the insert, which sorts once instead of inserting into
    each index row by row."""
    groups = [g for g in GROUPS if sum(rows.get(t, 0) for t in g.tables) > BULK_THRESHOLD]
    names = [name for g in groups for name in g.triggers]
    saved = [conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                  (name,)).scalar() for name in names]
    before = {t: _last_rowid(conn, t) for g in groups for t in g.tables}
    indexes = [ix for table, n in rows.items() if n > INDEX_THRESHOLD
               and conn.exec_driver_sql(f"SELECT 1 FROM {table} LIMIT 1").first() is None
               for ix in _secondary_indexes(conn, table)]
    for name, sql in zip(names, saved, strict=True):
        if sql:
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
    for name, _ in indexes:
        conn.exec_driver_sql(f"DROP INDEX {name}")
    try:
        yield
        for _, sql in indexes:  # first: the catch-up reads through them
            conn.exec_driver_sql(sql)
        indexes = []
        for g in groups:
            for statement in g.catch_up:
                if g.old is not None and before[g.old] == 0 and f"rowid <= :{g.old}" in statement:
                    continue
                for table in g.tables:
                    statement = statement.replace(f":{table}", str(before[table]))
                conn.exec_driver_sql(statement)
    finally:
        for _, sql in indexes:  # an error inside: put back as they were (the transaction rolls back anyway)
            conn.exec_driver_sql(sql)
        for sql in saved:
            if sql:
                conn.exec_driver_sql(sql)
