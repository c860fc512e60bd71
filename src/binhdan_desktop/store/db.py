"""The engine and sessions are made here and nowhere else (so encryption at rest can plug in here)."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.paths import is_network_path
from binhdan_desktop.store import changelog, migrate, status_history
from binhdan_desktop.store.models import DeviceState

log = logging.getLogger(__name__)
# One writer at a time. In the app every write goes through the one worker; another process (`binhdan sync`
# in a terminal) holds the lock for at most one transaction (one bundle). A write waits BUSY_TIMEOUT_MS for
# the lock, WRITE_ATTEMPTS times, then the user is told the database is busy: never "database is locked".
BUSY_TIMEOUT_MS = 5000
WRITE_ATTEMPTS = 3
_BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" hook emit BEGIN itself (pysqlite's own handling is unreliable).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    # Random UUID keys scatter index writes: a 64 MB page cache keeps large imports fast.
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


def is_busy(exc: BaseException) -> bool:
    """Whether a driver error says another connection holds the lock ("database is locked")."""
    orig = getattr(exc, "orig", exc)
    return isinstance(orig, sqlite3.OperationalError) and (
        getattr(orig, "sqlite_errorcode", None) in _BUSY_CODES or "locked" in str(orig) or "busy" in str(orig))


def busy_error(conn_or_path: Any) -> BinhdanError:
    path = conn_or_path if isinstance(conn_or_path, (str, Path)) else conn_or_path.engine.url.database
    return BinhdanError("db.busy", path=str(path))


def _on_begin(conn: Any) -> None:
    if not conn.get_execution_options().get("binhdan_write"):
        conn.exec_driver_sql("BEGIN")
        return
    # Write transactions take the write lock at once, so two writers never deadlock on upgrade, and nothing has
    # run yet when it is refused: retrying BEGIN IMMEDIATE is retrying the whole transaction.
    conn.exec_driver_sql(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except OperationalError as exc:
            if not is_busy(exc):
                raise
            # debug, not warning: the user is told once, in both languages, by busy_error (no English-only lines)
            log.debug("database busy (another program is writing): attempt %d of %d", attempt, WRITE_ATTEMPTS)
            if attempt == WRITE_ATTEMPTS:
                raise busy_error(conn) from exc
            time.sleep(0.05 * attempt)


def make_engine(path: Path) -> Engine:
    # hide_parameters: personal data never reaches an error message or a log through SQL parameters.
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class Database:
    """An open commune database: hands out read sessions and write transactions."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self.wall: Callable[[], int] | None = None  # this device's clock in ms (None: the system's; tests set one)
        self._reader = sessionmaker(bind=engine, expire_on_commit=False)
        self._writer = sessionmaker(bind=engine.execution_options(binhdan_write=True), expire_on_commit=False)
        # Both: a read session that tries to write fails loudly instead of escaping the log.
        changelog.install(self._reader)
        changelog.install(self._writer)
        status_history.install(self._writer)  # runs first: the history rows it adds are logged too

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries. It never commits: objects it loaded stay readable after the block."""
        with self._reader() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction for one user action: committed when the block ends, rolled back on error.
        Every change to a synced row made here lands in the change log in the same transaction."""
        try:
            with self._writer() as session, session.begin():
                changelog.begin_write(session, self.wall)
                yield session
        except (OperationalError, sqlite3.OperationalError) as exc:
            if is_busy(exc):  # not at BEGIN (retried there) but later: rolled back all the same
                raise busy_error(self.path) from exc
            raise

    @contextmanager
    def raw_write(self) -> Iterator[Connection]:
        """A write transaction on the bare connection, outside change capture (device identity only), with the
        same one-writer rules as `write()`."""
        try:
            with self.engine.execution_options(binhdan_write=True).begin() as conn:
                yield conn
        except (OperationalError, sqlite3.OperationalError) as exc:
            if is_busy(exc):
                raise busy_error(self.path) from exc
            raise

    def device(self) -> DeviceState:
        with self.read() as s:
            return s.scalars(select(DeviceState)).one()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _ensure_device(engine: Engine) -> None:
    with Session(engine) as s, s.begin():
        if s.scalars(select(DeviceState)).first() is None:
            s.add(DeviceState(singleton=1, device_id=str(uuid.uuid4()), next_counter=1, last_hlc=0))


def _make_private(path: Path) -> bool:
    """The database holds personal data: readable by its user only (0600). SQLite gives its -wal and -shm files the
    database's own mode, so creating the file here first (an empty file is a new database to SQLite) covers them;
    an existing file of ours that is looser (made by an earlier version) is tightened. True when it made the file."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        return True
    except FileExistsError:
        pass
    except OSError:
        return False  # read-only place etc.: opening says why
    try:
        st = path.stat()
        if stat.S_ISREG(st.st_mode) and st.st_mode & 0o077 and st.st_uid == os.getuid():
            os.chmod(path, stat.S_IMODE(st.st_mode) & 0o700)
    except (OSError, AttributeError):  # AttributeError: os.getuid on Windows, where modes mean little
        pass
    return False


def _drop_if_empty(path: Path, made: bool) -> None:
    if made:
        try:
            if path.stat().st_size == 0:
                path.unlink()
        except OSError:
            pass


def open_database(path: Path, *, backup_dir: Path | None = None) -> Database:
    """Open (creating if needed) and upgrade the database at `path`. Refuses network paths,
    files that are not ours and files from a newer version, without touching them."""
    path = Path(path).expanduser().absolute()
    if is_network_path(path):
        raise BinhdanError("db.network_path", path=str(path))
    if path.exists() and path.is_dir():
        raise BinhdanError("db.cannot_open", path=str(path), reason="is a directory / là thư mục")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    made = _make_private(path)
    try:
        migrate.check_file(path)
        engine = make_engine(path)
    except BaseException:
        _drop_if_empty(path, made)
        raise
    try:
        migrate.upgrade(engine, path, backup_dir or path.parent / "backups")
        _ensure_device(engine)
    except BaseException:
        engine.dispose()
        _drop_if_empty(path, made)
        raise
    return Database(path, engine)
