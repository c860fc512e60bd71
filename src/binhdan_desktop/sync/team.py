"""Joining the commune's team, revoking a device, and the status line of sync. This device's identity (a
copied database file takes a new device id) lives in `identity` and is re-exported here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from binhdan_desktop.domain.changes import Changes
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.store.changelog import changes_of
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.keyfile import read_keys, write_keys
from binhdan_desktop.store.models import Commune, DeviceState, SyncLocal, TeamDevice
from binhdan_desktop.sync.clock import warning_of
from binhdan_desktop.sync.conflicts import count_open
from binhdan_desktop.sync.identity import continue_counter, device_keys, ensure_identity, renew_identity
from binhdan_desktop.sync.keys import TeamKey, read_key_file, write_key_file
from binhdan_desktop.sync.state import bundles_path, local_state

__all__ = ["create_team", "current_team", "ensure_identity", "join_team", "renew_identity", "revoke", "status"]


def _register(db: Database, team: TeamKey, name: str, office: bool | None = None) -> Changes:
    """Keep the team key in this device's key file (its signing key stays: a re-join keeps the identity, and
    bundles already out stay its own) and announce this device to the team (a synced row, once per key).
    `office`: this device created the team (True) or joined it (False); None keeps what it was."""
    keys = device_keys(db)
    if keys.device_id != db.device().device_id:  # a database rolled back under a live key file
        keys = continue_counter(db)
    write_keys(db.path, keys.with_(team=team.to_json()))
    with db.write() as s:
        me = s.scalars(select(DeviceState)).one()
        if name:
            me.device_name = name
        state = s.get(SyncLocal, 1)
        assert state is not None
        state.team_id = team.team_id
        if office is not None:
            state.office = office
        known = s.scalars(select(TeamDevice).where(TeamDevice.device_id == me.device_id,
                                                   TeamDevice.public_key == keys.public_key,
                                                   TeamDevice.deleted.is_(False))).first()
        if known is None:
            s.add(TeamDevice(device_id=me.device_id, name=me.device_name or name, public_key=keys.public_key))
        elif name and known.name != me.device_name:
            known.name = me.device_name
        return changes_of(s)


def current_team(db: Database) -> TeamKey | None:
    """The team this device is in (from its key file), or None."""
    with db.read() as s:
        state = s.get(SyncLocal, 1)
    keys = read_keys(db.path) if state is not None and state.team_id else None
    if keys is None or keys.team is None:
        return None
    team = TeamKey.from_json(keys.team)
    return team if state is not None and team.team_id == state.team_id else None


def create_team(db: Database, out: Path, device_name: str = "Văn phòng xã", new_team: bool = False) -> TeamKey:
    """On the office machine: make the commune's team key, join it, write the key file to give out. Refused
    when this device already has a team, unless `new_team` (which splits it off its current team)."""
    existing = current_team(db)
    if existing is not None and not new_team:
        raise BinhdanError("sync.team_exists", commune=existing.commune)
    with db.read() as s:
        found = s.scalars(select(Commune).where(Commune.deleted.is_(False))).first()
    if found is None:
        raise BinhdanError("commune.missing")
    commune = found.name
    team = TeamKey.create(commune)
    write_key_file(team, out)
    local_state(db)
    _register(db, team, device_name, office=True)
    return team


def join_team(db: Database, key_file: Path, device_name: str = "") -> TeamKey:
    """Join with the office's key file; joining again keeps this device's identity and signing key."""
    team = read_key_file(key_file)
    local_state(db)
    _register(db, team, device_name, office=False)
    return team


def revoke(db: Database, device: str) -> Changes:
    """Refuse the device's new bundles everywhere (the revocation travels with the next sync)."""
    with db.write() as s:
        rows = [r for r in s.scalars(select(TeamDevice).where(TeamDevice.deleted.is_(False)))
                if r.device_id.startswith(device) or r.name == device]
        if len(rows) != 1:
            raise BinhdanError("not_found.record", value=device)
        rows[0].revoked = True
        return changes_of(s)


@dataclass(frozen=True)
class Status:
    device_id: str
    device_name: str
    team: str | None
    waiting: int  # my changes not yet written to a bundle
    stored: int  # bundles here
    conflicts: int  # unresolved
    last_sync: dt.datetime | None
    target: str | None
    last_error: str | None
    clock: str | None = None  # sync.clock.AHEAD / BEHIND: this laptop's clock disagrees with what it sees


def status(db: Database) -> Status:
    """Read only: the status bar asks after every change, so this never opens a write transaction."""
    me = db.device()
    with db.read() as s:
        state = s.get(SyncLocal, 1) or SyncLocal(singleton=1, exported_up_to=0)  # none yet: never synced
        conflicts = count_open(s)  # closed by a resolution made on any device too
    done = state.exported_up_to if state.exported_device == me.device_id else 0
    joined = current_team(db)
    team = joined.commune if joined else None
    folder = bundles_path(db)  # not store_dir(): a status read creates nothing
    stored = sum(1 for p in folder.iterdir() if p.suffix == ".bdsync") if folder.is_dir() else 0
    return Status(me.device_id, me.device_name, team, max(0, me.next_counter - 1 - done), stored, conflicts or 0,
                  state.last_sync, state.target, state.last_error, warning_of(db, state.last_error))
