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
from binhdan_desktop.store.keyfile import read_keys
from binhdan_desktop.store.models import Commune, DeviceState, SyncLocal, TeamDevice
from binhdan_desktop.sync import enrolment
from binhdan_desktop.sync.clock import warning_of
from binhdan_desktop.sync.conflicts import count_open
from binhdan_desktop.sync.identity import device_keys, ensure_identity, renew_identity
from binhdan_desktop.sync.keys import TeamKey
from binhdan_desktop.sync.membership import Anchor
from binhdan_desktop.sync.recovery import Recovery
from binhdan_desktop.sync.state import bundles_path, local_state, set_target, target_spec

__all__ = ["ask_again", "create_team", "current_anchor", "current_team", "ensure_identity", "join_team",
           "recover_office", "renew_identity", "revoke", "status"]


def _register(db: Database, team_id: str, name: str, office: bool) -> Changes:
    """This device's side of joining or creating: the team id, its name, whether it is the office."""
    with db.write() as s:
        me = s.scalars(select(DeviceState)).one()
        if name:
            me.device_name = name
        state = s.get(SyncLocal, 1)
        assert state is not None
        state.team_id = team_id
        state.office = office
        return changes_of(s)


def current_team(db: Database) -> TeamKey | None:
    """The team data key this device holds (from its key file), or None (no team, or a join still waiting)."""
    with db.read() as s:
        state = s.get(SyncLocal, 1)
    keys = read_keys(db.path) if state is not None and state.team_id else None
    if keys is None or keys.team is None:
        return None
    team = TeamKey.from_json(keys.team)
    return team if state is not None and team.team_id == state.team_id else None


def current_anchor(db: Database) -> Anchor | None:
    """The team this device is in or waits to join (its anchor), or None."""
    with db.read() as s:
        state = s.get(SyncLocal, 1)
    keys = read_keys(db.path) if state is not None and state.team_id else None
    anchor = enrolment.anchor_of(keys)
    return anchor if anchor is not None and state is not None and anchor.team_id == state.team_id else None


def create_team(db: Database, out: Path, device_name: str = "Văn phòng xã", new_team: bool = False) -> Anchor:
    """On the office machine: the office key, the team data key, and the invitation at `out` to give out (it holds
    no secret). Refused when this device already has a team, unless `new_team` (which splits it off its current
    team: every device must join the new one)."""
    existing = current_team(db)
    anchor = current_anchor(db)
    if (existing is not None or anchor is not None) and not new_team:
        raise BinhdanError("sync.team_exists", commune=(anchor.commune if anchor else existing.commune if existing
                                                        else ""))
    with db.read() as s:
        found = s.scalars(select(Commune).where(Commune.deleted.is_(False))).first()
    if found is None:
        raise BinhdanError("commune.missing")
    local_state(db)
    made = enrolment.create(db, out, found.name, device_name, target_spec(db))
    _register(db, made.team_id, device_name, office=True)
    enrolment.settle(db)
    _list_myself(db, device_name)
    return made


def _list_myself(db: Database, device_name: str) -> None:
    """This computer in the team's device list with its signing key (once: an office made or taken over)."""
    with db.write() as s:
        me = s.scalars(select(DeviceState)).one()
        keys = device_keys(db)
        if s.scalars(select(TeamDevice).where(TeamDevice.device_id == me.device_id,
                                              TeamDevice.public_key == keys.public_key)).first() is None:
            s.add(TeamDevice(device_id=me.device_id, name=me.device_name or device_name, public_key=keys.public_key))


def read_invitation(path: Path) -> Anchor:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BinhdanError("sync.bad_team_key", path=str(path)) from exc
    return Anchor.from_json(text, str(path))


def join_team(db: Database, invitation: Path, device_name: str = "", new_identity: bool = False) -> Anchor:
    """Join with the office's invitation: this device's join request waits in its store and goes to the place with
    the next sync; the office approves it. Joining again keeps this device's identity (and its enrolment), unless
    `new_identity` retires it (new keys and id; the office's approval revokes the old one)."""
    return _join(db, read_invitation(invitation), device_name, new_identity)


def _join(db: Database, anchor: Anchor, device_name: str, new_identity: bool) -> Anchor:
    local_state(db)
    if anchor.place and not target_spec(db):
        set_target(db, anchor.place)
    _register(db, anchor.team_id, device_name, office=False)
    enrolment.join(db, anchor, device_name, new_identity)
    return anchor


def ask_again(db: Database) -> Changes:
    """A laptop the office turned away asks again (Settings): a new request to the team it asked to join, which
    the office sees as new, with a note that it was turned away before."""
    anchor = current_anchor(db)
    if anchor is None:
        raise BinhdanError("sync.no_team")
    _join(db, anchor, "", new_identity=False)
    return Changes(frozenset({"sync_local"}))


def recover_office(db: Database, copy: Recovery, device_name: str = "Văn phòng xã") -> None:
    """On a new office computer (joined with the invitation, the log taken from the place): take over the office
    with the old office key's recovery copy; no laptop re-enrols."""
    enrolment.recover(db, copy, device_name)
    anchor = current_anchor(db)
    assert anchor is not None
    _register(db, anchor.team_id, device_name, office=True)
    _list_myself(db, device_name)


def revoke(db: Database, device: str) -> Changes:
    """On the office: a `revoke` statement (nothing of the device past what the office has is accepted anywhere,
    from the next sync on)."""
    return enrolment.revoke(db, device)


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
    # "waiting" (the office has not answered this device's join request yet), "approved" (the answer is here: the
    # next sync takes it), "rejected" or "revoked"
    joining: str = ""
    device_code: str = ""  # the 6 digits the admin compares before approving
    joining_team: str = ""  # the commune of the team it asked to join
    office_code: str = ""  # the 8 digits of the team's anchor (the office reads them out, the laptop compares)
    office: bool = False  # this computer holds the office key
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
    joining = code = ""
    anchor = current_anchor(db)
    keys = read_keys(db.path) if anchor is not None else None
    if anchor is not None and not (keys and keys.office_key):
        try:
            standing = enrolment.settle_view(db)
        except BinhdanError as exc:
            standing = {"sync.join_rejected": "rejected", "sync.revoked": "revoked"}.get(exc.code, "")
        # an upgraded laptop still holds the old team key while it waits: it is not in the team yet
        joining = {enrolment.WAITING: "waiting", "rejected": "rejected", "revoked": "revoked"}.get(standing, "")
        if standing == enrolment.ENROLLED and joined is None:
            joining = "approved"
        if joining in ("waiting", "rejected", "revoked"):
            team = None
        code = enrolment.my_code(db)
    folder = bundles_path(db)  # not store_dir(): a status read creates nothing
    stored = sum(1 for p in folder.iterdir() if p.suffix == ".bdsync") if folder.is_dir() else 0
    return Status(me.device_id, me.device_name, team, max(0, me.next_counter - 1 - done), stored, conflicts or 0,
                  state.last_sync, state.target, state.last_error, joining, code, anchor.commune if anchor else "",
                  anchor.office_code if anchor else "", bool(keys and keys.office_key),
                  warning_of(db, state.last_error))
