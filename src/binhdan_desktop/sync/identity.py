"""The device identity of a database file, kept in its device key file `<db>.keys` (docs/keys.md, "Copies and
restores"): a database or data folder copied to another laptop or path takes a new device id and new keys (the
key file's machine fingerprint no longer matches), and a database rolled back to an older copy of itself (a
restore) keeps its identity and goes on counting from the key file's high-water mark, so no counter is ever
issued twice. Checked before the first window."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from sqlalchemy import select, text

from binhdan_desktop.paths import data_dir
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.keyfile import DeviceKeys, fingerprint, key_file_path, read_keys, write_keys
from binhdan_desktop.store.models import ChangeLog


def _markers() -> Path:
    """Before the key file (schema 0008 and older) a marker outside the database named each file's device."""
    return data_dir() / "device-markers.json"


def device_keys(db: Database) -> DeviceKeys:
    """This database's key file, made now for its current device id when there is none yet."""
    keys = read_keys(db.path)
    if keys is None:
        keys = DeviceKeys.new(key_file_path(db.path), db.device().device_id)
        write_keys(db.path, keys)
    return keys


def ensure_identity(db: Database) -> bool:
    """Check the key file against this machine and this database. Returns True when the identity of a database
    in a team was renewed (this file is a copy: it keeps the data, takes a new device id and keys, and leaves the
    team until it joins again); a rolled-back database (restored by hand) goes on counting after the key file's
    high-water mark."""
    keys = read_keys(db.path)
    me = db.device()
    # Said to the user only when the copy was in a team (it must join again); a commune of its own just takes a
    # new device id, which nobody else has seen, silently.
    if keys is None:
        in_team = _in_team(db)
        if in_team or _has_own_changes(db, me.device_id):  # a database that came without its key file
            _renew(db)
            return in_team
        device_keys(db)
        return False
    if keys.fingerprint != fingerprint(key_file_path(db.path)) or (keys.legacy and _marker_says_copy(db, keys)):
        in_team = _in_team(db)
        _renew(db)
        return in_team
    if keys.legacy:
        keys = keys.with_(legacy=False)
        write_keys(db.path, keys)
    if keys.device_id != me.device_id or me.next_counter <= keys.counter_high:
        continue_counter(db)
    return False


def continue_counter(db: Database) -> DeviceKeys:
    """After a restore (the database rolled back to a backup; the live key file kept): the key file's device id,
    a new incarnation whose counters start after every counter already in a bundle, and this device's own
    changes that the backup lacks taken back from its bundles (they are the team's now)."""
    keys = device_keys(db)
    keys = keys.with_(incarnation=keys.incarnation + 1)
    write_keys(db.path, keys)
    with db.raw_write() as conn:
        row = conn.exec_driver_sql("SELECT device_id, next_counter FROM device_state").one()
        same = row[0] == keys.device_id
        held = (row[1] - 1) if same else 0  # own counters this database holds
        conn.exec_driver_sql("UPDATE device_state SET device_id = ?, next_counter = ?",
                             (keys.device_id, max(held, keys.counter_high) + 1))
        conn.exec_driver_sql("UPDATE sync_local SET exported_up_to = ?, exported_device = ?",
                             (max(keys.counter_high, 0), keys.device_id))
        if keys.counter_high > held:  # its own later bundles are applied like another device's
            conn.exec_driver_sql("INSERT OR REPLACE INTO sync_seen (device_id, up_to, public_key) VALUES (?, ?, ?)",
                                 (keys.device_id, held, keys.public_key))
    return keys


def after_restore(db: Database) -> bool:
    """A backup was just renamed into place. With the live key file: its identity, a new incarnation
    (`continue_counter`). Without one (a backup restored on another computer, or the key file lost) nothing
    says which counters were already sent: a new identity, out of the team. True when renewed."""
    keys = read_keys(db.path)
    if keys is None or keys.fingerprint != fingerprint(key_file_path(db.path)):
        _renew(db)
        return True
    continue_counter(db)
    return False


def renew_identity(db: Database) -> str:
    """Take a new device id and new keys now; this file leaves the team (it must join again)."""
    return _renew(db)


def take_over(db: Database, old_id: str, after: int) -> int:
    """`team join --new-identity`: the changes of the retired identity that the team never took (counters after
    `after`) become this identity's first ones, in their order and with their stamps, so no work is left behind
    under an id the office revokes. The versions other records name (`prev`, open conflicts) follow. Returns how
    many moved."""
    me = db.device().device_id
    with db.raw_write() as conn:  # the change log itself: outside change capture, one transaction
        raw = conn.connection.dbapi_connection
        assert raw is not None
        rows = raw.execute("SELECT counter, hlc FROM change_log WHERE device_id = ? AND counter > ? ORDER BY counter",
                           (old_id, after)).fetchall()
        moved = {int(hlc) for _c, hlc in rows}
        for k, (counter, _hlc) in enumerate(rows, 1):
            raw.execute("UPDATE change_log SET device_id = ?, counter = ? WHERE device_id = ? AND counter = ?",
                        (me, k, old_id, counter))
        for device, counter, prev in raw.execute("SELECT device_id, counter, prev FROM change_log WHERE device_id = ? "
                                                 "AND prev IS NOT NULL", (me,)).fetchall():
            versions = json.loads(prev)
            fixed = {f: [h, me if d == old_id and int(h) in moved else d] for f, (h, d) in versions.items()}
            if fixed != versions:
                raw.execute("UPDATE change_log SET prev = ? WHERE device_id = ? AND counter = ?",
                            (json.dumps(fixed, sort_keys=True), device, counter))
        for side in ("kept", "lost"):
            for cid, hlc in raw.execute(f"SELECT id, {side}_hlc FROM sync_conflict WHERE {side}_device = ?",
                                        (old_id,)).fetchall():
                if int(hlc) in moved:
                    raw.execute(f"UPDATE sync_conflict SET {side}_device = ? WHERE id = ?", (me, cid))
        raw.execute("UPDATE device_state SET next_counter = ?", (len(rows) + 1,))
    return len(rows)


def _in_team(db: Database) -> bool:
    # plain SQL: the first screen checks this before any late model (models_late) is mapped
    with db.read() as s:
        team = s.execute(text("SELECT team_id FROM sync_local WHERE singleton = 1")).scalar()
    return bool(team)


def _has_own_changes(db: Database, device: str) -> bool:
    with db.read() as s:
        return s.scalar(select(ChangeLog.counter).where(ChangeLog.device_id == device).limit(1)) is not None


def _marker_says_copy(db: Database, keys: DeviceKeys) -> bool:
    """A key file made by the upgrade from a database the old marker did not know at this path: a copy."""
    try:
        marks = json.loads(_markers().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        marks = {}
    mark = marks.get(str(db.path.resolve())) if isinstance(marks, dict) else None
    return mark not in (None, keys.device_id) or (mark is None and _has_own_changes(db, keys.device_id))


def _renew(db: Database) -> str:
    """New device id and counter, new keys without the team key (a copy never signs as the original: it joins
    again) and never the office (a copy of the office's file does not issue report numbers). `team_id` stays: the
    copy still belongs to that commune's team, it is not a standalone office."""
    new = str(uuid.uuid4())
    with db.raw_write() as conn:
        conn.exec_driver_sql("UPDATE device_state SET device_id = ?, next_counter = 1", (new,))
        conn.exec_driver_sql("UPDATE sync_local SET exported_up_to = 0, exported_device = NULL, office = 0")
    write_keys(db.path, DeviceKeys.new(key_file_path(db.path), new))
    return new
