"""Writing files safely: what an output may replace (the guard), the atomic writer (a temporary file in the same
folder, flushed to disk, renamed, the folder flushed), the clean-up of temporary files a killed run left behind,
and turning a file-system failure into an error the user can act on."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from binhdan_desktop.errors import BinhdanError

# The files SQLite keeps beside a database: a temporary copy may leave its own (`.~x.tmp-journal`) on a full disk.
SQLITE_SIDECARS = ("-journal", "-wal", "-shm")
TEMP_PREFIX, TEMP_SUFFIXES = ".~", (".tmp", *(f".tmp{s}" for s in SQLITE_SIDECARS))
# A temporary file younger than this may belong to a window or command still running: it is left alone.
STALE_AFTER_S = 10 * 60
# a team key (before enrolment), an invitation, an office key's recovery copy: never written over
KEY_FORMATS = (b'"binhdan-team/1"', b'"binhdan-team/2"', b'"binhdan-office-recovery/1"')


def temp_path(target: Path) -> Path:
    """`.~<name>.<random>.tmp` beside the target: the same folder, so the rename is atomic."""
    return target.with_name(f"{TEMP_PREFIX}{target.name}.{os.urandom(4).hex()}.tmp")


def is_temp_name(name: str) -> bool:
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIXES)


def remove_temp(tmp: Path) -> None:
    """A temporary file and whatever SQLite left beside it (a journal of a copy cut off by a full disk)."""
    for path in (tmp, *(tmp.with_name(tmp.name + s) for s in SQLITE_SIDECARS)):
        with contextlib.suppress(OSError):  # none was made (a read-only disk), or it is gone
            path.unlink(missing_ok=True)


def backups_folder(db_path: Path) -> Path:
    """Where the automatic backups of the database at `db_path` go: `backups/` beside it (shared by every
    database of that folder: each one's backups carry its name, `backup_name`)."""
    return db_path.parent / "backups"


def backup_prefix(db_path: Path) -> str:
    """`xa` for `xa.sqlite3` (so `binhdan.sqlite3`, the default, keeps the names backups always had), the
    whole name for any other suffix (`xa.db`)."""
    return db_path.stem if db_path.suffix == ".sqlite3" else db_path.name


def backup_name(db_path: Path, when: dt.datetime, kind: str) -> str:
    """`<prefix>-<yyyymmdd>-<hhmmss>-<kind>.sqlite3`: the kind is lower-case letters and dashes."""
    return f"{backup_prefix(db_path)}-{when:%Y%m%d-%H%M%S}-{kind}.sqlite3"


def backup_pattern(db_path: Path) -> re.Pattern[str]:
    """Matches this database's backups only: the date right after the prefix, and a kind without digits, so
    neither `xa-b` (another database) nor `xa` can take the other's files."""
    return re.compile(rf"^{re.escape(backup_prefix(db_path))}-(\d{{8}})-(\d{{6}})-([a-z-]+)\.sqlite3$")


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def database_files(db_path: Path) -> list[Path]:
    """The live database, the files SQLite keeps beside it and its device key file (`<db>.keys`)."""
    return [db_path, *(db_path.with_name(db_path.name + s) for s in ("-wal", "-shm", "-journal", ".keys"))]


def _is_key_file(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
        return any(mark in head for mark in KEY_FORMATS)
    except OSError:
        return False


def _refuse_database(path: Path, db_path: Path | None) -> None:
    """Never the live database, its SQLite files or anything in its backups folder (the rotation's)."""
    if db_path is None:
        return
    db_path = db_path.expanduser().absolute()
    resolved = path.resolve()
    for protected in database_files(db_path):
        if resolved == protected.resolve() or _same(path, protected):
            raise BinhdanError("output.is_database", path=str(path), db=str(db_path))
    backups = backups_folder(db_path).resolve()
    if resolved == backups or backups in resolved.parents:
        raise BinhdanError("output.in_backups", path=str(path), folder=str(backups))


def check_output(path: Path, *, force: bool, db_path: Path | None) -> Path:
    """Refuse an output path that must not be written: the live database (or its -wal/-shm/-journal, or a link
    to them), its backups folder, a device, FIFO, folder or anything but a regular file, an existing team key
    file; an other existing file only with `force`. The folder must exist. Returns the absolute path."""
    path = Path(path).expanduser().absolute()
    _refuse_database(path, db_path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise BinhdanError("output.no_folder", path=str(path), folder=str(path.parent)) from None
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            raise BinhdanError("output.not_a_file", path=str(path))
        if _is_key_file(path):
            raise BinhdanError("output.key_file", path=str(path))
        if not force:
            raise BinhdanError("output.exists", path=str(path))
    if not path.parent.is_dir():
        raise BinhdanError("output.no_folder", path=str(path), folder=str(path.parent))
    return path


def check_output_dir(path: Path, *, force: bool, db_path: Path | None) -> Path:
    """The same for a folder of outputs (screenshots): a folder or nothing yet; one that holds files only with
    `force`; never the backups folder or the database itself."""
    path = Path(path).expanduser().absolute()
    _refuse_database(path, db_path)
    if path.exists() or path.is_symlink():
        if not path.is_dir():
            raise BinhdanError("output.not_a_folder", path=str(path))
        if not force and any(path.iterdir()):
            raise BinhdanError("output.folder_not_empty", path=str(path))
    return path


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable. Windows cannot open a folder for this (and needs no such step)."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_path(target: Path, *, private: bool = True) -> Iterator[Path]:
    """Yields a new empty temporary file beside `target` for the caller to write by name (mode 0600 when it
    holds personal data). When the block ends the file is flushed to disk, renamed over `target` and the
    folder flushed; on any error the temporary file (and any journal SQLite left beside it) is removed and
    `target` is left as it was."""
    target = Path(target).expanduser().absolute()
    if not target.parent.is_dir():
        raise BinhdanError("output.no_folder", path=str(target), folder=str(target.parent))
    if target.is_dir():
        raise BinhdanError("output.not_a_file", path=str(target))
    tmp = temp_path(target)
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o666))
        yield tmp
        fsync_file(tmp)
        try:
            os.replace(tmp, target)
        except PermissionError as exc:  # Windows: the target is open in another program
            raise BinhdanError("report.locked", path=str(target)) from exc
        fsync_dir(target.parent)
    except OSError as exc:  # a full disk, a folder that cannot be written: named by the target, not the temp
        raise os_error(exc, target, name_target=True) from exc
    finally:
        remove_temp(tmp)


def write_atomic(target: Path, data: bytes, *, private: bool = True) -> Path:
    """Write `data` to `target` through `atomic_path`."""
    with atomic_path(target, private=private) as tmp, tmp.open("wb") as fh:
        fh.write(data)
    return Path(target).expanduser().absolute()


def remove_stale_temps(folders: Iterable[Path], *, older_than: float = STALE_AFTER_S,
                       now: float | None = None) -> list[Path]:
    """Remove the `.~*.tmp` files (and the `.~*.tmp-journal`/`-wal`/`-shm` SQLite left beside them) a killed run
    left in these folders (the database's and its backups': the only places known at start; an output's folder
    is not). Younger ones may be in use and are kept."""
    now = time.time() if now is None else now
    removed = []
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if is_temp_name(entry.name) and entry.is_file(follow_symlinks=False) \
                        and now - entry.stat(follow_symlinks=False).st_mtime > older_than:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
            except OSError:
                continue  # gone already, or not ours to remove
    return removed


NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
NO_RIGHT = {errno.EACCES, errno.EPERM}


def os_error(exc: OSError, path: Path | str | None = None, *, name_target: bool = False) -> BinhdanError:
    """The user's message for a file-system failure: what happened, to which path (never file contents).
    `name_target`: say `path` even when the error names another file (a temporary one)."""
    where = str(path if name_target or exc.filename is None else exc.filename) if path or exc.filename else "?"
    if exc.errno in NO_SPACE:
        return BinhdanError("io.no_space", path=where)
    if exc.errno in NO_RIGHT:
        return BinhdanError("io.permission", path=where)
    if exc.errno == errno.EROFS:
        return BinhdanError("io.read_only", path=where)
    if exc.errno == errno.ENOENT:
        return BinhdanError("io.not_found", path=where)
    return BinhdanError("io.error", path=where, reason=exc.strerror or type(exc).__name__)


def sqlite_error(message: str, path: Path | str) -> BinhdanError:
    """The user's message for an SQLite failure (its text names no values: only the condition)."""
    text = message.lower()
    if "full" in text:
        return BinhdanError("io.no_space", path=str(path))
    if "readonly" in text or "read-only" in text:
        return BinhdanError("io.read_only", path=str(path))
    return BinhdanError("db.cannot_open", path=str(path), reason=message)
