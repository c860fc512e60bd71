"""Backups through SQLite's online backup API (never a plain copy of a live file), written atomically (fsync'd
before the rename) and readable by the owner only, with rotation; and a restore that checks the file first, moves
the current database aside as it is (even a damaged one), and takes a new sync identity."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.fileio import atomic_path, check_output, sqlite_error
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.store.migrate import OUR_TABLES, SCHEMA_HEAD, SQLITE_MAGIC, known_revisions

KEEP_DAILY, KEEP_WEEKLY, KEEP_EVENT = 7, 4, 5
NAME = re.compile(r"^binhdan-(\d{8})-(\d{6})-([a-z-]+)\.sqlite3$")


def backup_dir(db: Database) -> Path:
    folder = db.path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy through SQLite's online backup API, written to a temporary file (mode 0600: it holds
    personal data), flushed to disk, renamed. A full disk or a damaged source leaves `target` as it was."""
    with atomic_path(target, private=True) as tmp:
        try:
            src = sqlite3.connect(source)
            try:
                dst = sqlite3.connect(tmp)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
            finally:
                src.close()
        except sqlite3.OperationalError as exc:
            if "full" in str(exc).lower():  # the disk of the copy: say which file could not be written
                raise sqlite_error(str(exc), target) from exc
            raise
    return Path(target).expanduser().absolute()


def backup(db: Database, out: Path) -> Path:
    """A consistent copy of the live database at `out`. Never onto the live database, its backups folder or
    anything but a regular file (the caller asked about replacing an existing one)."""
    out = check_output(Path(out), force=True, db_path=db.path)
    return copy_database(db.path, out)


def auto_backup(db: Database, reason: str = "daily", now: dt.datetime | None = None) -> Path:
    """A backup in the data folder's backups/, then rotation: the newest of each of the last 7 days and
    of the last 4 weeks are kept, and the last 5 taken before imports, restores and upgrades."""
    now = now or dt.datetime.now()
    path = backup_dir(db) / f"binhdan-{now:%Y%m%d-%H%M%S}-{reason}.sqlite3"
    copy_database(db.path, path)
    rotate(backup_dir(db))
    return path


def daily_backup_due(db: Database, today: dt.date | None = None) -> bool:
    today = today or dt.date.today()
    return not any(m and m[1] == f"{today:%Y%m%d}" for m in (NAME.match(p.name) for p in backup_dir(db).iterdir()))


def rotate(folder: Path) -> list[Path]:
    """Delete the backups rotation no longer keeps; returns what was deleted."""
    regular: list[tuple[dt.datetime, Path]] = []
    events: list[tuple[dt.datetime, Path]] = []
    for path in folder.iterdir():
        match = NAME.match(path.name)
        if match:
            stamp = dt.datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")
            (regular if match[3] in ("daily", "close") else events).append((stamp, path))
    keep: set[Path] = {p for _, p in sorted(events, reverse=True)[:KEEP_EVENT]}
    days: dict[dt.date, Path] = {}
    weeks: dict[tuple[int, int], Path] = {}
    for stamp, path in sorted(regular, reverse=True):
        days.setdefault(stamp.date(), path)
        weeks.setdefault(stamp.isocalendar()[:2], path)
    keep |= {days[d] for d in sorted(days, reverse=True)[:KEEP_DAILY]}
    keep |= {weeks[w] for w in sorted(weeks, reverse=True)[:KEEP_WEEKLY]}
    gone = [p for _, p in regular + events if p not in keep]
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


@dataclass(frozen=True)
class BackupInfo:
    revision: str
    households: int
    commune: str


def check_backup(path: Path) -> BackupInfo:
    """Is this one of our databases, sound, and not from a newer version? Reads it only."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            magic = fh.read(16)
    except OSError as exc:
        raise BinhdanError("db.cannot_open", path=str(path), reason=type(exc).__name__) from exc
    if magic != SQLITE_MAGIC:
        raise BinhdanError("db.not_ours", path=str(path))
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BinhdanError("db.cannot_open", path=str(path), reason="integrity_check")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables >= OUR_TABLES:
            raise BinhdanError("db.not_ours", path=str(path))
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        if revision != SCHEMA_HEAD and revision not in known_revisions():
            raise BinhdanError("db.too_new", path=str(path), revision=revision)
        households = conn.execute("SELECT COUNT(*) FROM household WHERE deleted = 0").fetchone()[0]
        commune = (conn.execute("SELECT name FROM commune WHERE deleted = 0").fetchone() or [""])[0]
    except sqlite3.DatabaseError as exc:
        raise BinhdanError("db.cannot_open", path=str(path), reason=str(exc)) from exc
    finally:
        conn.close()
    return BackupInfo(revision, households, commune)


def _aside_name(db_path: Path) -> Path:
    stamp = f"{dt.datetime.now():%Y%m%d-%H%M%S}"
    aside, n = db_path.with_name(f"{db_path.stem}.before-restore-{stamp}.sqlite3"), 2
    while aside.exists():
        aside, n = db_path.with_name(f"{db_path.stem}.before-restore-{stamp}-{n}.sqlite3"), n + 1
    return aside


def _move(db_path: Path, target: Path) -> None:
    """Rename a database file with the journal SQLite may still need (-wal, -journal); the -shm is rebuilt."""
    os.replace(db_path, target)
    for suffix in ("-wal", "-journal"):
        extra = db_path.with_name(db_path.name + suffix)
        if extra.exists():
            os.replace(extra, target.with_name(target.name + suffix))
    db_path.with_name(db_path.name + "-shm").unlink(missing_ok=True)


def restore(db_path: Path, source: Path, *, checked: BackupInfo | None = None) -> tuple[Path, Path | None]:
    """Replace the database at `db_path` by `source` after checking it (`checked`: already done). The current
    file, if any, is kept aside (returned; None when there was none) so a bad restore can be undone: it may be
    damaged or not ours, it is never opened as a database first. The restored file then takes a new sync
    identity, so counters this device already sent are never reused. The database must be closed."""
    from binhdan_desktop.sync.identity import renew_identity

    db_path = Path(db_path).absolute()
    if db_path.exists() and Path(source).exists() and os.path.samefile(db_path, source):
        raise BinhdanError("restore.same_file", path=str(source))  # moving it aside would leave nothing
    if checked is None:
        check_backup(source)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    aside = _aside_name(db_path) if db_path.exists() else None
    if aside is not None:
        _move(db_path, aside)  # as it is, byte for byte: it may be damaged, and it is never opened
    try:
        copy_database(source, db_path)
    except BaseException:
        if aside is not None:
            _move(aside, db_path)  # a full disk: the live file is back where it was
        raise
    with open_database(db_path) as db:
        renew_identity(db)
    return db_path, aside


def restore_and_reopen(db: Database, source: Path) -> Database:
    """The window's restore: close the open database, restore `source` over its file (checked, the current
    file kept aside), and open the result (migrated if it is older). Use only the returned database after."""
    path = db.path
    db.close()
    restore(path, Path(source))
    return open_database(path)
