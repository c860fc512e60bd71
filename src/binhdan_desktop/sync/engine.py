"""One sync: write my new changes as bundles, push every bundle the place lacks, pull and verify the
bundles I lack, apply each in its own transaction (idempotent, any order, atomic per bundle)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from binhdan_desktop.domain.hlc import millis_of
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import SyncLocal, SyncSeen, TeamDevice
from binhdan_desktop.sync import bundle, records
from binhdan_desktop.sync.folder import Target
from binhdan_desktop.sync.keys import TeamKey

log = logging.getLogger(__name__)
PER_BUNDLE = 20_000
MAX_FUTURE_MS = 24 * 3600 * 1000  # a device clock more than a day ahead is not trusted
Progress = Callable[[float, str], None]


@dataclass
class SyncReport:
    written: int = 0  # new bundles of mine
    pushed: int = 0
    pulled: int = 0
    applied: int = 0  # bundles applied here
    changes: int = 0  # records applied
    waiting: int = 0  # bundles that wait for other devices' changes
    skipped: dict[str, str] = field(default_factory=dict)  # file -> reason


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
    state = local_state(db)
    if not state.team or not state.private_key:
        raise BinhdanError("sync.no_team")
    return TeamKey.from_json(state.team), state


def write_my_bundles(db: Database, report: SyncReport) -> None:
    """My changes not yet in a bundle, in bundles of at most PER_BUNDLE changes."""
    team, state = team_of(db)
    me = db.device()
    public = _public(db, me.device_id)
    start = state.exported_up_to + 1 if state.exported_device == me.device_id else 1
    last = me.next_counter - 1
    folder = store_dir(db)
    while start <= last:
        end = min(last, start + PER_BUNDLE - 1)
        with db.read() as s:
            recs = records.export(s.connection(), me.device_id, start, end)
        name, data = bundle.encode(team, me.device_id, state.private_key or "", public, recs)
        _atomic_write(folder / name, data)
        with db.write() as s:
            row = s.get(SyncLocal, 1)
            assert row is not None
            row.exported_up_to, row.exported_device = end, me.device_id
        report.written += 1
        start = end + 1


def _public(db: Database, device_id: str) -> str:
    with db.read() as s:
        row = s.scalars(select(TeamDevice).where(TeamDevice.device_id == device_id)).first()
    if row is None:
        raise BinhdanError("sync.no_team")
    return row.public_key


def _atomic_write(path: Path, data: bytes) -> None:
    if path.exists():
        return
    tmp = path.with_name(f".~{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _seen(db: Database) -> dict[str, SyncSeen]:
    with db.read() as s:
        return {r.device_id: r for r in s.scalars(select(SyncSeen))}


def _revoked(db: Database) -> set[str]:
    with db.read() as s:
        return set(s.scalars(select(TeamDevice.device_id).where(TeamDevice.revoked.is_(True),
                                                                TeamDevice.deleted.is_(False))))


def apply_bundle(db: Database, team: TeamKey, data: bytes) -> int:
    """Verify and apply one bundle in one transaction; returns the changes applied (0: nothing new).
    Raises BundleRejected (refused) or records.Deferred (needs other changes first)."""
    seen = _seen(db)
    manifest, recs = bundle.decode(team, data)
    me = db.device().device_id
    if manifest.device == me:
        return 0
    known = seen.get(manifest.device)
    if known is not None and known.public_key and known.public_key != manifest.public_key:
        raise bundle.BundleRejected("key_changed")
    up_to = known.up_to if known else 0
    if manifest.end <= up_to:
        return 0
    if manifest.start > up_to + 1:
        raise records.Deferred(f"gap before {manifest.start}")
    if manifest.device in _revoked(db):
        raise bundle.BundleRejected("revoked_device")
    now = dt.datetime.now(dt.UTC).timestamp() * 1000
    if any(millis_of(int(r["h"])) > now + MAX_FUTURE_MS for r in recs):
        raise bundle.BundleRejected("clock_in_future")
    fresh = [r for r in recs if r["c"] > up_to]
    with db.write() as s:
        conn = s.connection()
        ctx = s.info["binhdan_write"]
        records.apply_many(conn, fresh)
        if fresh:
            ctx.clock.observe(max(int(r["h"]) for r in fresh))
        row = s.get(SyncSeen, manifest.device)
        if row is None:
            s.add(SyncSeen(device_id=manifest.device, up_to=manifest.end, public_key=manifest.public_key))
        else:
            row.up_to, row.public_key = manifest.end, manifest.public_key
    return len(fresh)


def apply_pending(db: Database, team: TeamKey, report: SyncReport, progress: Progress | None = None) -> None:
    """Apply every stored bundle not yet applied, repeating while something makes progress."""
    folder = store_dir(db)
    pending = sorted(p for p in folder.iterdir() if bundle.parse_name(p.name))
    while pending:
        waiting = []
        for i, path in enumerate(pending):
            if progress:
                progress(i / len(pending), path.name)
            try:
                n = apply_bundle(db, team, path.read_bytes())
            except records.Deferred:
                waiting.append(path)
                continue
            except bundle.BundleRejected as exc:
                report.skipped[path.name] = exc.reason
                log.warning("bundle %s refused: %s", path.name, exc.reason)
                path.rename(path.with_name(path.name + ".refused"))
                continue
            if n:
                report.applied += 1
                report.changes += n
        if len(waiting) == len(pending):
            break
        pending = waiting
    report.waiting = len(pending) if pending and len(waiting) == len(pending) else 0


def pull(db: Database, team: TeamKey, target: Target, report: SyncReport) -> None:
    """Copy the bundles I lack from the place into my store (verified first, so junk never enters)."""
    folder = store_dir(db)
    mine = {p.name for p in folder.iterdir()}
    seen = {d: r.up_to for d, r in _seen(db).items()}
    for name in sorted(target.names() - mine):
        parsed = bundle.parse_name(name)
        if parsed is None or parsed[2] <= seen.get(parsed[0], 0) or (name + ".refused") in mine:
            continue
        try:
            data = target.read(name)
            bundle.decode(team, data)
        except bundle.BundleRejected as exc:
            report.skipped[name] = exc.reason
            log.warning("skipped %s in %s: %s", name, target.label, exc.reason)
            continue
        except OSError as exc:
            report.skipped[name] = f"unreadable: {type(exc).__name__}"
            continue
        _atomic_write(folder / name, data)
        report.pulled += 1


def push(db: Database, target: Target, report: SyncReport) -> None:
    """Every bundle in my store (mine, and others' I carry) that the place lacks."""
    there = target.names()
    for path in sorted(store_dir(db).iterdir()):
        if bundle.parse_name(path.name) and path.name not in there:
            target.write(path.name, path.read_bytes())
            report.pushed += 1


def sync(db: Database, target: Target, progress: Progress | None = None) -> SyncReport:
    report = SyncReport()
    team, _ = team_of(db)
    target.check()
    write_my_bundles(db, report)
    pull(db, team, target, report)
    apply_pending(db, team, report, progress)
    push(db, target, report)
    with db.write() as s:
        state = s.get(SyncLocal, 1)
        assert state is not None
        state.last_sync, state.target = dt.datetime.now(dt.UTC).replace(tzinfo=None), target.label
        state.last_error = json.dumps(report.skipped, ensure_ascii=False) if report.skipped else None
    return report



def set_target(db: Database, spec: str) -> None:
    """Remember the sync place (a folder path or a WebDAV address; never a password)."""
    local_state(db)
    with db.write() as s:
        state = s.get(SyncLocal, 1)
        assert state is not None
        state.target = spec.strip() or None
