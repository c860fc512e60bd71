"""Run the Alembic migrations shipped in the package: upgrade older files, refuse newer ones."""

from __future__ import annotations

import datetime as dt
import sqlite3
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.fileio import atomic_path, backup_name, sqlite_error

if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_MAGIC = b"SQLite format 3\x00"
OUR_TABLES = {"alembic_version", "device_state"}
# The newest migration. Kept here so that opening an up-to-date file needs no Alembic import
# (a test checks it against the scripts).
SCHEMA_HEAD = "0011"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("binhdan_desktop.store") / "migrations"))
    return cfg


def head_revision() -> str:
    """The head as the migration scripts say (slow: imports Alembic and reads every script)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def check_file(path: Path) -> None:
    """Refuse a file that exists but is not an SQLite database of ours, before opening it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise BinhdanError("db.not_ours", path=str(path))
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise BinhdanError("db.cannot_open", path=str(path), reason=str(exc)) from exc
    finally:
        conn.close()
    if tables and not tables >= OUR_TABLES:
        raise BinhdanError("db.not_ours", path=str(path))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.execute(text(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")).first()
        if not has_table:
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def online_copy(source: Path, target: Path) -> Path:
    """A consistent copy through SQLite's online backup API (never a plain copy of a live file), written
    under a temporary name (mode 0600), flushed to disk and renamed: a failure leaves no temporary file."""
    with atomic_path(target, private=True) as tmp:
        src = sqlite3.connect(source)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
            finally:
                dst.close()
        except sqlite3.OperationalError as exc:
            if "full" in str(exc).lower():  # the disk of the copy
                raise sqlite_error(str(exc), target) from exc
            raise
        finally:
            src.close()
    return target


def backup_file(path: Path, backup_dir: Path, reason: str) -> Path:
    """The backup taken before a migration, named after the database (`xa-<date>-<time>-before-upgrade`)."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    return online_copy(path, backup_dir / backup_name(path, dt.datetime.now(), "before-upgrade"))


def upgrade(engine: Engine, path: Path, backup_dir: Path) -> None:
    """Bring the file to the newest schema; back it up first when it already holds data."""
    current = current_revision(engine)
    if current == SCHEMA_HEAD:
        return
    if current is not None and current not in known_revisions():
        raise BinhdanError("db.too_new", path=str(path), revision=current)
    if current is not None:
        backup_file(path, backup_dir, f"before-upgrade-{current}")
    upgrade_to(engine, "head")


def upgrade_to(engine: Engine, revision: str) -> None:
    """Run the migrations up to `revision` on the file."""
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
