"""One sync, in named stages the caller can run apart (after Morango's sync stages):

1. `check` (network): the place answers.
2. `export_one` (database): my changes not yet in a bundle become one more bundle in my store; repeat while
   it returns True. `local` (database, read) then gives the network stages what they need as plain data.
3. `download` (network): the bundles I lack, verified before they enter my store.
4. `stored_bundles` (database, read), then `apply_stored` (database) for each: verify and apply ONE bundle
   in one transaction (idempotent, any order). `ApplyQueue` retries those that wait for other changes.
5. `upload` (network): every bundle in my store the place lacks.
6. `record` (database): when and where this sync ran, and what was skipped.

`sync()` runs them in sequence (the command line). The window runs the network stages on its network thread
and each database stage as its own task on the one database worker, so a save waits at most one bundle."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

from binhdan_desktop.domain.changes import Changes
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.keyfile import raise_counter_high
from binhdan_desktop.store.models import SyncLocal
from binhdan_desktop.sync import bundle, clock, enrolment, records, snapshot
from binhdan_desktop.sync.apply import (
    APPLIED,
    NOTHING,
    REFUSED,
    WAITING,
    Applied,
    ApplyQueue,
    Progress,
    apply_bundle,
    apply_pending,
    apply_stored,
    stored_bundles,
)
from binhdan_desktop.sync.folder import Target
from binhdan_desktop.sync.identity import device_keys
from binhdan_desktop.sync.keys import TeamKey
from binhdan_desktop.sync.place import DAMAGED, conflict_of
from binhdan_desktop.sync.snapshot import Snapshot
from binhdan_desktop.sync.snapshot import Wanted as WantedSnapshot
from binhdan_desktop.sync.state import (
    Local,
    SyncReport,
    atomic_write,
    bundles_path,
    local,
    local_state,
    public_key_of,
    seen_rows,
    set_target,
    store_dir,
    target_spec,
    team_of,
)

__all__ = ["APPLIED", "NOTHING", "REFUSED", "WAITING", "Applied", "ApplyQueue", "Local", "Snapshot", "SyncReport",
           "WantedSnapshot", "apply_bundle", "apply_pending", "apply_stored", "bundles_path", "check", "download",
           "enrol", "export_one", "fetch_snapshot", "join_by_snapshot", "local", "local_state", "make_snapshot",
           "put_snapshot", "record", "remember_snapshot", "set_target", "snapshot_due", "standing", "store_dir",
           "stored_bundles", "sync", "take_snapshot", "target_spec", "team_of", "upload", "wanted_snapshot",
           "write_my_bundles"]

log = logging.getLogger(__name__)
PER_BUNDLE = 20_000
_public, _seen = public_key_of, seen_rows  # the names tests and the benchmark know


# -- stage 1: check (network)
def check(target: Target, report: SyncReport | None = None) -> None:
    """The place is there and answers (raises BinhdanError saying why not); its clock goes into the report."""
    target.check()
    if report is not None:
        report.place_ms = clock.place_time(target)


# -- stage 1b: membership (network, then database)
def enrol(db: Database, target: Target, report: SyncReport) -> bool:
    """The membership log and join requests both ways, then where this device stands (`enrolment.settle`).
    False: this device's join request still waits for the office (nothing else to do yet)."""
    member = True
    for _ in range(2):  # once more when this device has new statements or a request to put at the place
        before = (report.upgraded, len(report.enrolled))
        enrolment.exchange(target, enrolment.view(db), report)
        member = standing(db, report)
        if (report.upgraded, len(report.enrolled)) == before:
            break
    return member


def standing(db: Database, report: SyncReport) -> bool:
    """The database half of `enrol`: a team of before step 2 upgrades (`enrolment.upgrade`); the office approves
    the old team's laptops by itself; a laptop takes its enrolment when the office's answer came (raises when it
    rejected or revoked this device). False while it waits. `report.upgraded` / `report.enrolled`: something new
    is to go to the place."""
    enrolment.upgrade(db, report)
    state = enrolment.settle(db)
    if state == enrolment.OFFICE:
        enrolment.auto_approve(db, report)
    if state == enrolment.WAITING:
        report.joining = enrolment.my_code(db)
        return False
    return True


# -- stage 2: export (database)
def export_one(db: Database, report: SyncReport) -> bool:
    """Write my next bundle (at most PER_BUNDLE of my changes not yet in one). False: nothing left to write."""
    team, state = team_of(db)
    if not report.clock_checked:  # my stamps are put right before anyone sees them
        clock.check_and_correct(db, report)
    me = db.device()
    start = state.exported_up_to + 1 if state.exported_device == me.device_id else 1
    last = me.next_counter - 1
    if start > last:
        return False
    end = min(last, start + PER_BUNDLE - 1)
    with db.read() as s:
        recs = records.export(s.connection(), me.device_id, start, end)
    keys = device_keys(db)  # the key this device signs with, and its public half (never an older row's)
    name, data = bundle.encode(team, me.device_id, keys.signing_key, keys.public_key, recs)
    raise_counter_high(db.path, end)  # before the bundle exists: a restore goes on after it
    atomic_write(store_dir(db) / name, data)
    with db.write() as s:
        row = s.get(SyncLocal, 1)
        assert row is not None
        row.exported_up_to, row.exported_device = end, me.device_id
    report.written += 1
    return True


def write_my_bundles(db: Database, report: SyncReport) -> None:
    """My changes not yet in a bundle, in bundles of at most PER_BUNDLE changes."""
    while export_one(db, report):
        pass


# -- stage 3: download (network)
def download(target: Target, here: Local, report: SyncReport, progress: Progress | None = None) -> None:
    """Copy the bundles I lack from the place into my store (verified first, so junk never enters). A damaged
    file under a bundle's name is set aside at the place (whoever holds the whole bundle writes it again); a
    Syncthing conflict copy is read when the real name is missing or damaged."""
    mine = {p.name for p in here.store.iterdir()}
    listing = target.sizes()
    report.listing = listing  # `upload` lists the place once more only when this sync set something aside
    copies = _conflict_copies(listing)
    wanted = []
    refused = clock.refused_here(mine)
    for name in sorted((set(listing) | set(copies)) - mine - refused):
        parsed = bundle.parse_name(name)
        if parsed is not None and parsed[2] > here.seen.get(parsed[0], 0):
            wanted.append(name)
    for i, name in enumerate(wanted):
        if progress:
            progress(i / len(wanted), name)
        data = _fetch_whole(target, here, name, name in listing, copies.get(name, []), report)
        if data is not None:
            atomic_write(here.store / name, data)
            report.pulled += 1


def _conflict_copies(listing: dict[str, int]) -> dict[str, list[str]]:
    """Bundle name -> the Syncthing conflict copies standing for it at the place."""
    out: dict[str, list[str]] = {}
    for name in sorted(listing):
        real = conflict_of(name)
        if real is not None:
            out.setdefault(real, []).append(name)
    return out


def _fetch_whole(target: Target, here: Local, name: str, listed: bool, copies: list[str],
                 report: SyncReport) -> bytes | None:
    """The verified bytes of bundle `name`, from its own file or else from a conflict copy (None: none usable;
    the reason is in `report.skipped`). A damaged file under the real name is set aside at the place."""
    reason = None
    for candidate in ([name] if listed else []) + copies:
        try:
            data = target.read(candidate)
            bundle.decode(here.team, data)
        except bundle.AwaitingKey:
            # of a key epoch this device has not received yet: it stays at the place (its signer cannot be
            # checked here) and is taken at a later sync, once the office's statement brought the key
            report.held[name] = bundle.AWAITING_KEY
            return None
        except bundle.BundleRejected as exc:
            log.warning("skipped %s in %s: %s", candidate, target.label, exc.reason)
            if candidate == name and exc.reason in DAMAGED:
                target.set_aside(name)
                report.set_aside[name] = exc.reason
            reason = reason or exc.reason
            continue
        except OSError as exc:
            reason = reason or f"unreadable: {type(exc).__name__}"
            continue
        if candidate != name:
            report.recovered[name] = candidate
        return data
    if reason is not None:
        report.skipped[name] = reason
    return None


# -- stage 5: upload (network)
def upload(target: Target, store: Path, report: SyncReport, progress: Progress | None = None, *,
           team: TeamKey | None = None) -> None:
    """Every bundle in my store (mine, and others' I carry) that the place lacks, or holds under its name with
    other content that is not a valid bundle (that file is set aside first: the signed content decides)."""
    there = report.listing if report.listing is not None and not report.set_aside else target.sizes()
    missing = []
    for path in sorted(store.iterdir()):
        if not bundle.parse_name(path.name):
            continue
        size = there.get(path.name)
        if size is None or (size != path.stat().st_size and _replace_bad(target, path, report, team)):
            missing.append(path)
    for i, path in enumerate(missing):
        if progress:
            progress(i / len(missing), path.name)
        data = path.read_bytes()
        try:
            target.write(path.name, data)
        except BinhdanError as exc:  # full after some files: they are whole and stay; say how far it got
            if exc.code == "sync.place_full" and report.pushed:
                raise BinhdanError("sync.place_full_partly", target=target.label, n=report.pushed,
                                   left=len(missing) - i) from exc
            raise
        report.pushed += 1
        if report.listing is not None:
            report.listing[path.name] = len(data)  # at the place now (the office's `snapshot_due` counts it)


def _replace_bad(target: Target, path: Path, report: SyncReport, team: TeamKey | None) -> bool:
    """The place holds another file under my bundle's name: set it aside unless it is itself a valid bundle
    of that name (True: set aside, write mine). Without the team key, a file of another size is not mine."""
    try:
        data = target.read(path.name)
        if team is None:
            raise bundle.BundleRejected("inconsistent")
        manifest, _ = bundle.decode(team, data)
        if manifest.name == path.name:
            return False  # the same changes, encoded again: both are valid
        reason = "inconsistent"
    except bundle.AwaitingKey:  # of a key epoch I lack: the signer's key tells whether it is that device's
        same = bundle.header(data).get("public_key") == bundle.header(path.read_bytes()).get("public_key")
        reason = "awaiting_key" if same else "inconsistent"
    except bundle.BundleRejected as exc:
        reason = exc.reason
    except OSError:
        reason = "unreadable"
    if reason not in DAMAGED and reason != "inconsistent":
        return False  # readable as a bundle but not by me (another team, a newer version): not mine to judge
    target.set_aside(path.name)
    report.set_aside[path.name] = "replaced"
    log.warning("set aside %s in %s: %s", path.name, target.label, reason)
    return True


# -- stage 6: record (database)
def record(db: Database, label: str, report: SyncReport) -> Changes:
    """When and where this sync ran, and the files it skipped (the status bar says so)."""
    enrolment.name_new_team(db, report)
    with db.write() as s:
        state = s.get(SyncLocal, 1)
        assert state is not None
        state.last_sync, state.target = dt.datetime.now(dt.UTC).replace(tzinfo=None), label
        problems = report.warnings
        state.last_error = json.dumps(problems, ensure_ascii=False, sort_keys=True) if problems else None
    return Changes(frozenset({"sync_local"}))


def sync(db: Database, target: Target, progress: Progress | None = None) -> SyncReport:
    """Every stage in sequence, in this thread (the command line; tests)."""
    report = SyncReport()
    check(target, report)
    if not enrol(db, target, report):
        record(db, target.label, report)
        return report
    team_of(db)
    join_by_snapshot(db, target, report)
    write_my_bundles(db, report)
    here = local(db)
    download(target, here, report)
    apply_pending(db, here.team, report, progress)
    upload(target, here.store, report, team=here.team)
    if snapshot.due(db, report.listing):
        report.snapshot = snapshot.write(db, target)
    record(db, target.label, report)
    return report


# -- stage 1c: a fresh laptop starts from the office's snapshot (database, network, database); the office
# writes one after its upload when the place holds more than snapshot.AUTO_EVERY bundles its last one lacks
wanted_snapshot, fetch_snapshot = snapshot.wanted, snapshot.fetch  # database (read) / network
snapshot_due, make_snapshot, put_snapshot = snapshot.due, snapshot.make, snapshot.put  # database x2 / network


def remember_snapshot(db: Database, name: str, data: bytes, report: SyncReport) -> None:
    """Database stage after `put_snapshot`: the office notes the snapshot it wrote (for `snapshot_due`)."""
    snapshot.remember(db, name, data)
    report.snapshot = name


def join_by_snapshot(db: Database, target: Target, report: SyncReport) -> None:
    """A fresh laptop (empty store, just enrolled) takes the newest valid snapshot at the place, then only the
    bundles past it; a laptop with data, or the office, never looks (`snapshot.wanted`)."""
    want = snapshot.wanted(db)
    if want is None:
        return
    found = snapshot.fetch(target, want, report)
    if found is not None:
        take_snapshot(db, found, report)


def take_snapshot(db: Database, found: snapshot.Snapshot, report: SyncReport) -> Changes:
    """The database half of `join_by_snapshot`: the snapshot in one transaction (or nothing, said in the report)."""
    where = f"{snapshot.FOLDER}/{found.name}"
    try:
        rows = snapshot.take(db, found)
    except snapshot.NeedsUpdate as exc:
        report.held[where] = exc.reason
        return Changes()
    except snapshot.SnapshotRejected as exc:
        report.skipped[where] = exc.reason
        log.warning("snapshot %s not taken: %s", found.name, exc)
        return Changes()
    if not rows:
        return Changes()
    report.snapshot, report.snapshot_rows = found.name, rows
    report.tables |= set(found.tables) - {snapshot.CHANGE_LOG}
    return Changes(frozenset(report.tables))
