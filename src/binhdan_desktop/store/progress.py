"""Bulk writes of completions: the per-row trigger that keeps `person_progress` is set aside and the
masks are merged in one set-based statement instead (twice as fast for a large import or demo)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from binhdan_desktop.store.models import CHANNEL_MASKS, MAX_LESSON_BIT

TRIGGER = "trg_progress_insert"
_COLS = ", ".join(f"m_{ch}" for ch in CHANNEL_MASKS)
_MERGE = f"""
    INSERT INTO person_progress (person_id, mask, {_COLS})
    SELECT person_id, SUM(DISTINCT b), {", ".join(f"SUM(DISTINCT CASE WHEN channel = '{ch}' THEN b ELSE 0 END)"
                                                  for ch in CHANNEL_MASKS)}
    FROM (SELECT c.person_id AS person_id, c.channel AS channel, 1 << lb.bit AS b
          FROM completion c JOIN lesson_bit lb ON lb.lesson_id = c.lesson_id
          WHERE c.rowid > ? AND c.deleted = 0 AND lb.bit <= {MAX_LESSON_BIT})
    WHERE 1 GROUP BY person_id
    ON CONFLICT (person_id) DO UPDATE SET mask = mask | excluded.mask,
        {", ".join(f"m_{ch} = m_{ch} | excluded.m_{ch}" for ch in CHANNEL_MASKS)}
"""


@contextmanager
def bulk_completions(conn: Connection) -> Iterator[None]:
    """Around a bulk insert of completions (inside the caller's transaction)."""
    trigger_sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (TRIGGER,)).scalar()
    before = conn.exec_driver_sql("SELECT COALESCE(MAX(rowid), 0) FROM completion").scalar()
    if trigger_sql:
        conn.exec_driver_sql(f"DROP TRIGGER {TRIGGER}")
    try:
        yield
        conn.exec_driver_sql(_MERGE, (before,))
    finally:
        if trigger_sql:
            conn.exec_driver_sql(trigger_sql)
