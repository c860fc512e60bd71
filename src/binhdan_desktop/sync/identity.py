"""The device identity of a database file: a copy moved to another laptop takes a new device id, so two
laptops never share change counters. Kept apart from the rest of sync (no crypto, no network) because the app
checks it before its first window."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from sqlalchemy import select

from binhdan_desktop.fileio import write_atomic
from binhdan_desktop.paths import data_dir
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import ChangeLog


def _markers() -> Path:
    return data_dir() / "device-markers.json"


def ensure_identity(db: Database) -> bool:
    """A database file copied (or moved) to another place takes a new device id, so two laptops never
    share counters. The marker lives outside the file, in this user's data folder. Returns True when
    the identity was renewed."""
    path, key = _markers(), str(db.path.resolve())
    try:
        marks = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        marks = {}
    device = db.device().device_id
    renewed = False
    if marks.get(key) not in (None, device) or (key not in marks and _has_own_changes(db, device)):
        device = _renew(db)
        renewed = True
        with db.raw_write() as conn:  # a copy of the office's file is not the office: it never issues numbers
            conn.exec_driver_sql("UPDATE sync_local SET office = 0")
    if marks.get(key) != device:
        _mark(key, device)
    return renewed


def _mark(key: str, device: str) -> None:
    path = _markers()
    try:
        marks = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        marks = {}
    marks[key] = device
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(marks, indent=1).encode("utf-8"))  # flushed before the rename; 0600


def renew_identity(db: Database) -> str:
    """Take a new device id now (after a restore) and record it in the marker."""
    device = _renew(db)
    _mark(str(db.path.resolve()), device)
    return device


def _has_own_changes(db: Database, device: str) -> bool:
    with db.read() as s:
        return s.scalar(select(ChangeLog.counter).where(ChangeLog.device_id == device).limit(1)) is not None


def _renew(db: Database) -> str:
    """New device id and counter; a new signing key too if this database had joined a team."""
    new = str(uuid.uuid4())
    with db.raw_write() as conn:
        conn.exec_driver_sql("UPDATE device_state SET device_id = ?, next_counter = 1", (new,))
        conn.exec_driver_sql("UPDATE sync_local SET exported_up_to = 0, exported_device = NULL")
    from binhdan_desktop.sync.keys import TeamKey
    from binhdan_desktop.sync.state import local_state
    from binhdan_desktop.sync.team import _register

    state = local_state(db)
    if state.team:
        _register(db, TeamKey.from_json(state.team), "")
    return new
