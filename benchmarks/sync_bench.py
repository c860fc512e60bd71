"""Sync: applying 100,000 changes from bundles against a raw sqlite3 executemany of the same rows."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.harness import Result
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.sync import bundle, engine, enrolment, records
from binhdan_desktop.sync.identity import device_keys
from binhdan_desktop.sync.team import create_team, current_team, join_team

CHANGES = 100_000


def sync_apply(path: Path) -> Result:
    work = Path(tempfile.mkdtemp())
    office_path = work / "office.sqlite3"
    shutil.copy(path, office_path)
    with sqlite3.connect(office_path) as raw:  # the demo's device writes the bundles, whatever the file's id now
        device, last = raw.execute("SELECT device_id, MAX(counter) FROM change_log GROUP BY device_id "
                                   "ORDER BY COUNT(*) DESC LIMIT 1").fetchone()
        raw.execute("UPDATE device_state SET device_id = ?, next_counter = ?", (device, last + 1))
    office = open_database(office_path)
    create_team(office, work / "k.key")
    team = current_team(office)
    assert team is not None
    me = office.device().device_id
    public = engine._public(office, me)
    n = min(CHANGES, office.device().next_counter - 1)
    files = []
    with office.read() as s:
        for start in range(1, n + 1, engine.PER_BUNDLE):
            recs = records.export(s.connection(), me, start, min(n, start + engine.PER_BUNDLE - 1))
            files.append(bundle.encode(team, me, device_keys(office).signing_key, public, recs)[1])
    laptop = open_database(work / "laptop.sqlite3")
    _enrol(office, laptop, work / "k.key")
    started = time.perf_counter()
    applied = sum(engine.apply_bundle(laptop, team, data) for data in files)
    ours = time.perf_counter() - started
    base = _raw_insert(office_path, work / "raw.sqlite3", me, n)
    office.close()
    laptop.close()
    shutil.rmtree(work, ignore_errors=True)
    return Result("sync", f"sync: apply {applied:,} changes from {len(files)} bundles", ours, base,
                  "raw sqlite3 executemany of the same rows", budget="≤ 10× raw", ok=ours <= 10 * base)


def _enrol(office: Database, laptop: Database, invitation: Path) -> None:
    """Join, the request carried to the office, approved, the statements carried back (as a sync place would)."""
    join_team(laptop, invitation, f"bench {laptop.device().device_id[:8]}")  # one name each: the office refuses twins
    name = f"{laptop.device().device_id}.bdjoin"
    shutil.copyfile(enrolment.requests_dir(laptop) / name, enrolment.requests_dir(office) / name)
    enrolment.approve(office, laptop.device().device_id)
    for path in enrolment.membership_dir(office).iterdir():
        shutil.copyfile(path, enrolment.membership_dir(laptop) / path.name)
    assert enrolment.settle(laptop) == enrolment.ENROLLED


def _raw_insert(source: Path, target: Path, device: str, n: int) -> float:
    open_database(target).close()  # the same schema, empty
    src = sqlite3.connect(source)
    rows = src.execute("SELECT table_name, row_id FROM change_log WHERE device_id = ? AND counter <= ? "
                       "ORDER BY counter", (device, n)).fetchall()
    by_table: dict[str, list[str]] = defaultdict(list)
    for table, row_id in rows:
        by_table[table].append(row_id)
    data = {}
    for table, ids in by_table.items():
        cols = [r[1] for r in src.execute(f"PRAGMA table_info({table})")]
        got = []
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            got += src.execute(f"SELECT {', '.join(cols)} FROM {table} WHERE id IN ({','.join('?' * len(part))})",
                               part).fetchall()
        data[table] = (cols, got)
    src.close()
    dst = sqlite3.connect(target)
    dst.execute("PRAGMA foreign_keys=OFF")
    started = time.perf_counter()
    with dst:
        for table in by_table:  # first-seen order: parents before children
            cols, got = data[table]
            dst.executemany(f"INSERT OR IGNORE INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                            got)
    elapsed = time.perf_counter() - started
    dst.close()
    return elapsed


def snapshot_join(path: Path) -> Result:
    """A fresh laptop joining the whole commune through the office's snapshot (read, verify, decrypt, every row in
    one transaction) against a raw sqlite3 executemany of the same rows (every synced table and the change log)
    into an empty database of the same schema."""
    from binhdan_desktop.sync import snapshot
    from binhdan_desktop.sync.folder import FolderTarget
    from binhdan_desktop.sync.state import SyncReport

    work = Path(tempfile.mkdtemp())
    office_path = work / "office.sqlite3"
    shutil.copy(path, office_path)
    office = open_database(office_path)
    create_team(office, work / "k.key")
    place = FolderTarget(work / "place")
    place.path.mkdir()
    started = time.perf_counter()
    name, data = snapshot.make(office)
    made = time.perf_counter() - started
    snapshot.put(place, name, data)
    laptop = open_database(work / "laptop.sqlite3")
    _enrol(office, laptop, work / "k.key")
    report = SyncReport()
    started = time.perf_counter()
    engine.join_by_snapshot(laptop, place, report)
    ours = time.perf_counter() - started
    assert report.snapshot == name, report
    rows = report.snapshot_rows
    tables = [*snapshot.tables_of(), snapshot.CHANGE_LOG]
    base = _raw_copy(office_path, work / "raw.sqlite3", tables)
    bare = _raw_copy(office_path, work / "bare.sqlite3", tables, bare=True)
    office.close()
    laptop.close()
    shutil.rmtree(work, ignore_errors=True)
    return Result("snapshot", f"sync: a fresh laptop joins through the office's snapshot ({rows:,} rows, "
                              f"{len(data) / 1e6:.0f} MB; the office made it in {made:.1f} s)", ours, base,
                  "raw sqlite3 executemany of the same rows", budget="≤ 2× raw", ok=ours <= 2 * base,
                  extra={"rows": rows, "bytes": len(data), "make_s": made, "raw_without_triggers_s": bare})


def _raw_copy(source: Path, target: Path, tables: list[str], bare: bool = False) -> float:
    """Every row of these tables, read from `source` first, then inserted into an empty `target` of the same schema
    by plain executemany in one transaction (only the inserts are timed). `bare`: with the schema's triggers
    dropped first (no search index, progress masks or heads kept: a lower bound no real apply reaches)."""
    open_database(target).close()
    if bare:
        with sqlite3.connect(target) as conn:
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
                conn.execute(f"DROP TRIGGER {name}")
    src = sqlite3.connect(source)
    data = {}
    for table in tables:
        cols = [r[1] for r in src.execute(f"PRAGMA table_info({table})")]
        data[table] = (cols, src.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall())
    src.close()
    dst = sqlite3.connect(target)
    dst.execute("PRAGMA foreign_keys=OFF")
    started = time.perf_counter()
    with dst:
        for table, (cols, got) in data.items():
            dst.executemany(f"INSERT OR IGNORE INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                            got)
    elapsed = time.perf_counter() - started
    dst.close()
    return elapsed
