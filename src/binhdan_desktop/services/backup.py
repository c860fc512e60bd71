"""Backups through SQLite's online backup API (never a plain copy of a live file), written atomically (fsync'd
before the rename) and readable by the owner only, with rotation; and a restore that copies the chosen file once
beside the database, checks that copy, then moves the current database aside as it is (even a damaged one),
renames the copy into place, and takes a new sync identity.

Several databases may share a folder, and so its `backups/`: each one's backups carry its name
(`xa-20261201-170000-daily.sqlite3` for `xa.sqlite3`; the default `binhdan.sqlite3` keeps the names backups always
had), and rotation, "backed up today" and the list see only their own."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.fileio import (
    atomic_path,
    backup_name,
    backup_pattern,
    backups_folder,
    check_output,
    fsync_dir,
    fsync_file,
    os_error,
    remove_temp,
    sqlite_error,
    temp_path,
)
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.store.migrate import OUR_TABLES, SCHEMA_HEAD, SQLITE_MAGIC, known_revisions

log = logging.getLogger(__name__)
KEEP_DAILY, KEEP_WEEKLY, KEEP_EVENT = 7, 4, 5
REGULAR = ("daily", "close")  # rotated by day and week; every other kind is an event (import, restore, upgrade)
PROGRESS_COPIED = 0.8  # of a restore, the copy; the check of the copy the rest
PAGES_PER_STEP = 256  # a restore copies 1 MB at a time, so it can say how far it is and stop when cancelled
Report = Callable[[float], None]


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: dt.datetime
    kind: str


def backup_dir(db: Database) -> Path:
    folder = backups_folder(db.path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def list_backups(db_path: Path) -> list[Backup]:
    """This database's automatic backups in its `backups/` folder, newest first (never another database's)."""
    pattern, found = backup_pattern(db_path), []
    try:
        entries = list(os.scandir(backups_folder(db_path)))
    except OSError:
        return []
    for entry in entries:
        match = pattern.match(entry.name)
        if match and entry.is_file(follow_symlinks=False):
            try:
                taken = dt.datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")
            except ValueError:  # "20261399": not a name we wrote
                continue
            found.append(Backup(Path(entry.path), taken, match[3]))
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


def _sqlite_copy(source: Path, target: Path, report: Report | None = None, *, read_only: bool = False,
                 shown: Path) -> None:
    """SQLite's backup API from `source` into the (new, empty) file `target`. With `report`: in steps, saying
    how far it is; a step of the live database would start again after every write, so a backup of it (no
    `report`) is one step. An exception from `report` (Cancelled) stops the copy. `read_only`: a chosen backup,
    perhaps on a read-only stick, opened so that SQLite writes nothing beside it. `shown`: the file a full disk
    is said about (the real name, not the temporary one)."""
    def step(_status: int, remaining: int, total: int) -> None:
        if report is not None and total:
            report(1 - remaining / total)

    with _read_only(source) if read_only else contextlib.closing(sqlite3.connect(source)) as src:
        try:
            dst = sqlite3.connect(target)
            try:
                if report is None:
                    src.backup(dst)
                else:
                    src.backup(dst, pages=PAGES_PER_STEP, progress=step)
            finally:
                dst.close()
        except sqlite3.OperationalError as exc:
            if "full" in str(exc).lower():  # the disk of the copy: say which file could not be written
                raise sqlite_error(str(exc), shown) from exc
            raise


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy through SQLite's online backup API, written to a temporary file (mode 0600: it holds
    personal data), flushed to disk, renamed. A full disk or a damaged source leaves `target` as it was, and no
    temporary file (nor the journal SQLite keeps beside it)."""
    with atomic_path(target, private=True) as tmp:
        _sqlite_copy(source, tmp, shown=Path(target))
    return Path(target).expanduser().absolute()


def backup(db: Database, out: Path) -> Path:
    """A consistent copy of the live database at `out`. Never onto the live database, its backups folder or
    anything but a regular file (the caller asked about replacing an existing one)."""
    out = check_output(Path(out), force=True, db_path=db.path)
    return copy_database(db.path, out)


def auto_backup(db: Database, reason: str = "daily", now: dt.datetime | None = None) -> Path:
    """A backup in the data folder's backups/, named after this database, then rotation of this database's
    backups: the newest of each of the last 7 days and of the last 4 weeks are kept, and the last 5 taken
    before imports, restores and upgrades."""
    now = now or dt.datetime.now()
    path = backup_dir(db) / backup_name(db.path, now, reason)
    copy_database(db.path, path)
    rotate(db.path)
    return path


def close_backup(db: Database) -> Path | None:
    """The backup when the app closes: the window is gone, so a failure (a full disk) is logged, not raised."""
    try:
        return auto_backup(db, "close")
    except (BinhdanError, OSError, sqlite3.Error) as exc:
        log.warning("backup on close failed: %s", getattr(exc, "code", type(exc).__name__))
        return None


def daily_backup_due(db: Database, today: dt.date | None = None) -> bool:
    """No backup of this database (of any kind) was taken today."""
    today = today or dt.date.today()
    return not any(b.taken.date() == today for b in list_backups(db.path))


def rotate(db_path: Path) -> list[Path]:
    """Delete the backups of the database at `db_path` that rotation no longer keeps (another database's in the
    same folder are not looked at); returns what was deleted."""
    regular = [b for b in list_backups(db_path) if b.kind in REGULAR]  # newest first
    events = [b for b in list_backups(db_path) if b.kind not in REGULAR]
    keep: set[Path] = {b.path for b in events[:KEEP_EVENT]}
    days: dict[dt.date, Path] = {}
    weeks: dict[tuple[int, int], Path] = {}
    for b in regular:
        days.setdefault(b.taken.date(), b.path)
        weeks.setdefault(b.taken.isocalendar()[:2], b.path)
    keep |= {days[d] for d in sorted(days, reverse=True)[:KEEP_DAILY]}
    keep |= {weeks[w] for w in sorted(weeks, reverse=True)[:KEEP_WEEKLY]}
    gone = [b.path for b in regular + events if b.path not in keep]
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


@dataclass(frozen=True)
class BackupInfo:
    revision: str
    households: int
    commune: str


def _check_source(path: Path, shown: Path) -> None:
    """Before anything is read as a database: a clear message for no such file, a folder (or a device, a pipe),
    an empty file and a file that is no SQLite database at all."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise BinhdanError("restore.no_file", path=str(shown)) from None
    except OSError as exc:
        raise os_error(exc, shown, name_target=True) from exc
    if not stat.S_ISREG(st.st_mode):  # never opened: a FIFO would block
        raise BinhdanError("restore.not_a_file", path=str(shown))
    if st.st_size == 0:
        raise BinhdanError("restore.empty", path=str(shown))
    try:
        with path.open("rb") as fh:
            magic = fh.read(16)
    except OSError as exc:
        raise os_error(exc, shown, name_target=True) from exc
    if magic != SQLITE_MAGIC:
        raise BinhdanError("db.not_ours", path=str(shown))


@contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """Read a chosen file without writing into it. SQLite makes a -wal and -shm beside a WAL-mode file even so,
    and a read-only connection cannot remove them: those it made (an empty -wal, the -shm) are removed after."""
    wal, shm = (path.with_name(path.name + s) for s in ("-wal", "-shm"))
    had_wal, had_shm = wal.exists(), shm.exists()
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        yield conn
    finally:
        conn.close()
        with contextlib.suppress(OSError):  # a read-only stick: nothing was made there
            if not had_wal and wal.exists() and wal.stat().st_size == 0:
                wal.unlink()
            if not had_shm and not wal.exists():
                shm.unlink(missing_ok=True)


def _checking(conn: sqlite3.Connection, report: Report | None) -> list[BaseException]:
    """While the integrity check runs, `report` is asked now and then; what it raises (Cancelled) stops it."""
    stopped: list[BaseException] = []
    if report is not None:
        def handler() -> int:
            try:
                report(PROGRESS_COPIED)
            except BaseException as exc:  # handed back to the caller once SQLite stops
                stopped.append(exc)
                return 1
            return 0
        conn.set_progress_handler(handler, 100_000)
    return stopped


def check_backup(path: Path, *, shown: Path | None = None, report: Report | None = None) -> BackupInfo:
    """Is this one of our databases, sound, and not from a newer version? Reads it only. `shown`: the name the
    messages give (the chosen file, when the check runs on its copy)."""
    path = Path(path)
    shown = Path(shown or path)
    _check_source(path, shown)
    with _read_only(path) as conn:
        return _check_open(conn, shown, report)


def _check_open(conn: sqlite3.Connection, shown: Path, report: Report | None) -> BackupInfo:
    stopped = _checking(conn, report)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BinhdanError("backup.damaged", path=str(shown))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables >= OUR_TABLES:
            raise BinhdanError("db.not_ours", path=str(shown))
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        if revision != SCHEMA_HEAD and revision not in known_revisions():
            raise BinhdanError("db.too_new", path=str(shown), revision=revision)
        households = conn.execute("SELECT COUNT(*) FROM household WHERE deleted = 0").fetchone()[0]
        commune = (conn.execute("SELECT name FROM commune WHERE deleted = 0").fetchone() or [""])[0]
    except sqlite3.DatabaseError as exc:
        if stopped:
            raise stopped[0] from None
        raise BinhdanError("backup.damaged", path=str(shown)) from exc
    return BackupInfo(revision, households, commune)


@dataclass(frozen=True)
class Staged:
    """A chosen backup copied beside the database and checked there: what a restore renames into place."""

    db_path: Path
    source: Path
    copy: Path
    info: BackupInfo


def stage_restore(db_path: Path, source: Path, report: Report | None = None) -> Staged:
    """Copy `source` once, beside the database (a temporary name, mode 0600), and check that copy, so what is
    restored is exactly what was checked. Nothing else is touched; on any failure (a full disk, a damaged file,
    Cancel through `report`) the copy is removed. `discard` it if the user changes their mind."""
    db_path, source = Path(db_path).expanduser().absolute(), Path(source).expanduser().absolute()
    if db_path.exists() and source.exists() and os.path.samefile(db_path, source):
        raise BinhdanError("restore.same_file", path=str(source))  # moving it aside would leave nothing
    _check_source(source, source)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(db_path)
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            _sqlite_copy(source, tmp, (lambda f: report(f * PROGRESS_COPIED)) if report else None, read_only=True,
                         shown=db_path)
        except sqlite3.DatabaseError as exc:  # a truncated or damaged file (a full disk was said above)
            raise BinhdanError("backup.damaged", path=str(source)) from exc
        info = check_backup(tmp, shown=source, report=report)
        fsync_file(tmp)
        if report is not None:
            report(1.0)
    except OSError as exc:  # a full disk: named by the database, never by the temporary file
        remove_temp(tmp)
        raise os_error(exc, db_path, name_target=True) from exc
    except BaseException:
        remove_temp(tmp)
        raise
    return Staged(db_path, source, tmp, info)


def discard(staged: Staged) -> None:
    remove_temp(staged.copy)


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


def finish_restore(staged: Staged) -> tuple[Path, Path | None]:
    """Keep the current file aside (returned; None when there was none) so a bad restore can be undone: it may
    be damaged or not ours, it is never opened as a database first. Then rename the checked copy into place, and
    keep the live device key file (a backup has none): the restored file takes its identity and a new counter
    incarnation after every counter already sent, so none is issued twice (docs/keys.md, "Copies and
    restores"). Only renames: it cannot be cut off half-way by a full disk. The database must be closed."""
    from binhdan_desktop.sync.identity import after_restore

    db_path = staged.db_path
    aside = _aside_name(db_path) if db_path.exists() else None
    if aside is not None:
        _move(db_path, aside)  # as it is, byte for byte: it may be damaged, and it is never opened
    try:
        os.replace(staged.copy, db_path)
    except BaseException:
        if aside is not None:
            _move(aside, db_path)  # the live file is back where it was
        discard(staged)
        raise
    with open_database(db_path) as db:
        after_restore(db)
    fsync_dir(db_path.parent)  # the renames, for good
    return db_path, aside


def restore(db_path: Path, source: Path, report: Report | None = None) -> tuple[Path, Path | None]:
    """Replace the database at `db_path` by `source`: copied once and checked (`stage_restore`), then renamed
    into place with the current file kept aside (`finish_restore`)."""
    return finish_restore(stage_restore(db_path, source, report))


def restore_and_reopen(db: Database, staged: Staged) -> Database:
    """The window's restore: close the open database, rename the checked copy over its file (the current file
    kept aside), and open the result (migrated if it is older). Use only the returned database after."""
    db.close()
    finish_restore(staged)
    return open_database(staged.db_path)
