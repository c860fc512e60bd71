"""Sync state shared by the stages: the report, this database's bundle store, its team and what it has seen."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from binhdan_desktop.domain.changes import Changes
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import SyncLocal, SyncSeen, TeamDevice
from binhdan_desktop.sync.keys import TeamKey


@dataclass
class SyncReport:
    written: int = 0  # new bundles of mine
    pushed: int = 0
    pulled: int = 0
    applied: int = 0  # bundles applied here
    changes: int = 0  # records applied
    waiting: int = 0  # bundles that wait for other devices' changes
    skipped: dict[str, str] = field(default_factory=dict)  # file -> reason (refused, or unusable at the place)
    held: dict[str, str] = field(default_factory=dict)  # file in my store -> why it waits (needs_update, waiting)
    set_aside: dict[str, str] = field(default_factory=dict)  # file moved into the place's quarantine/ -> reason
    recovered: dict[str, str] = field(default_factory=dict)  # file taken from a Syncthing conflict copy -> its name
    joining: str = ""  # this device's join request waits for the office: its 6-digit device code
    enrolled: list[str] = field(default_factory=list)  # devices the office approved by itself (an upgraded team)
    upgraded: bool = False  # this sync upgraded a team of before step 2 (docs/keys.md)
    place_ms: int | None = None  # the place's clock at `check` (None: it gives none)
    clock_checked: bool = False  # this laptop's clock compared with it (and unsent stamps put right)
    clock: str | None = None  # clock.AHEAD / clock.BEHIND when this laptop's clock is off by more than a day
    snapshot: str = ""  # the snapshot this fresh laptop started from, or the one the office wrote (sync/snapshot.py)
    snapshot_rows: int = 0  # rows taken from that snapshot (0: the office wrote it)
    listing: dict[str, int] | None = None  # the place's bundles and sizes as `download` saw them, and what `upload`
    # put there since (`upload` reuses it instead of listing the place again)

    @property
    def warnings(self) -> dict[str, str]:
        """Every file this sync could not use as it is, with the reason code: what makes the sync a warning."""
        from binhdan_desktop.sync.clock import CLOCK
        from binhdan_desktop.sync.place import DAMAGED, SET_ASIDE

        waiting = {f"mã máy / device code {self.joining}": "awaiting_approval"} if self.joining else {}
        aside = {name: f"{reason}+{SET_ASIDE}" if reason in DAMAGED else reason
                 for name, reason in self.set_aside.items()}  # what happened, and that it was put right
        skipped = {name: aside.get(name, reason) for name, reason in self.skipped.items()}
        return {**aside, **skipped, **self.held, **waiting, **({CLOCK: self.clock} if self.clock else {})}
    tables: set[str] = field(default_factory=set)  # synced tables the applied bundles touched


@dataclass(frozen=True)
class Local:
    """What the network stages need from the database, read by a database stage: no session crosses over."""

    team: TeamKey
    store: Path  # the folder of bundles this database wrote or received
    seen: Mapping[str, int]  # device -> the last counter applied here


def bundles_path(db: Database) -> Path:
    """Where the bundles this database wrote or received are kept (to pass on to other places)."""
    return db.path.with_name(db.path.stem + ".bundles")


def store_dir(db: Database) -> Path:
    """That folder, made if needed."""
    folder = bundles_path(db)
    folder.mkdir(exist_ok=True)
    return folder


def local_state(db: Database) -> SyncLocal:
    with db.write() as s:
        state = s.get(SyncLocal, 1)
        if state is None:
            state = SyncLocal(singleton=1, exported_up_to=0)
            s.add(state)
        return state


def team_of(db: Database) -> tuple[TeamKey, SyncLocal]:
    """The team key (from the device key file) and this device's sync state; raises sync.no_team before it has
    joined. Read only."""
    from binhdan_desktop.store.keyfile import read_keys

    with db.read() as s:
        state = s.get(SyncLocal, 1)
    keys = read_keys(db.path) if state is not None and state.team_id else None
    if state is None or keys is None or keys.team is None:
        raise BinhdanError("sync.no_team")
    team = TeamKey.from_json(keys.team)
    if team.team_id != state.team_id:
        raise BinhdanError("sync.no_team")
    return team, state



def target_spec(db: Database) -> str:
    """The sync place this database remembers ("" when none)."""
    with db.read() as s:
        state = s.get(SyncLocal, 1)
        return (state.target if state else None) or ""


def set_target(db: Database, spec: str) -> Changes:
    """Remember the sync place (a folder path or a WebDAV address; never a password)."""
    with db.write() as s:
        state = s.get(SyncLocal, 1)
        if state is None:
            state = SyncLocal(singleton=1, exported_up_to=0)
            s.add(state)
        state.target = spec.strip() or None
    return Changes(frozenset({"sync_local"}))


def local(db: Database) -> Local:
    """The team, my store and what I have seen: the plain data the network stages work from."""
    team, _ = team_of(db)
    return Local(team, store_dir(db), {d: r.up_to for d, r in seen_rows(db).items()})


def public_key_of(db: Database, device_id: str) -> str:
    with db.read() as s:
        row = s.scalars(select(TeamDevice).where(TeamDevice.device_id == device_id)).first()
    if row is None:
        raise BinhdanError("sync.no_team")
    return row.public_key


def atomic_write(path: Path, data: bytes) -> None:
    """A bundle into the local store: flushed to disk before the rename (bundles are immutable: kept if there)."""
    from binhdan_desktop.fileio import write_atomic

    if path.exists():
        return
    write_atomic(path, data)


def seen_rows(db: Database) -> dict[str, SyncSeen]:
    with db.read() as s:
        return {r.device_id: r for r in s.scalars(select(SyncSeen))}


def revoked_devices(db: Database) -> set[str]:
    with db.read() as s:
        return set(s.scalars(select(TeamDevice.device_id).where(TeamDevice.revoked.is_(True),
                                                                TeamDevice.deleted.is_(False))))
