"""Stage 4 of a sync (database): verify and apply one stored bundle per call, in one transaction each
(idempotent, in any order, atomic per bundle); a bundle that needs another device's changes first waits."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from binhdan_desktop.domain.changes import Changes
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import SyncSeen
from binhdan_desktop.sync import bundle, clock, meet, records
from binhdan_desktop.sync.keys import TeamKey
from binhdan_desktop.sync.place import NEEDS_UPDATE as HELD_UPDATE
from binhdan_desktop.sync.place import NOT_ENROLLED as HELD_NOT_ENROLLED
from binhdan_desktop.sync.place import WAITING as HELD_WAITING
from binhdan_desktop.sync.state import SyncReport, revoked_devices, seen_rows, store_dir

log = logging.getLogger(__name__)
TRACK_ROWS_UP_TO = 5000  # a larger bundle reports its tables only
Progress = Callable[[float, str], None]
APPLIED, NOTHING, WAITING, REFUSED = "applied", "nothing", "waiting", "refused"


@dataclass(frozen=True)
class Applied:
    """One bundle's outcome (`APPLIED`, `NOTHING`, `WAITING` or `REFUSED`) and what it changed here."""

    outcome: str
    count: int = 0
    changes: Changes = field(default_factory=Changes)


def stored_bundles(db: Database) -> list[Path]:
    """The bundles in my store that may hold changes I have not applied (others' and newer than seen; my own
    only after a restore, which records how far this database holds them: `identity.continue_counter`)."""
    me, seen = db.device().device_id, {d: r.up_to for d, r in seen_rows(db).items()}
    out = []
    clock.retry_refused(store_dir(db))  # what was refused before gets another try (a clock fixed since, ...)
    for path in sorted(store_dir(db).iterdir()):
        parsed = bundle.parse_name(path.name)
        if parsed is not None and (parsed[0] != me or me in seen) and parsed[2] > seen.get(parsed[0], 0):
            out.append(path)
    return out


@dataclass(frozen=True)
class _Here:
    """Where this database stands for one device's bundles: my device id, and that device's row of sync_seen."""

    me: str
    up_to: int | None  # None: no row (nothing of that device applied here)
    public_key: str | None


def _here(db: Database, device: str) -> _Here:
    """One small read (two indexed lookups): what every try of a bundle needs, never the whole of sync_seen."""
    with db.read() as s:
        conn = s.connection()
        me = conn.exec_driver_sql("SELECT device_id FROM device_state").scalar_one()
        row = conn.exec_driver_sql("SELECT up_to, public_key FROM sync_seen WHERE device_id = ?", (device,)).first()
    return _Here(str(me), None if row is None else int(row[0]), None if row is None else row[1])


def _before_reading(here: _Here, device: str, start: int, end: int) -> bool | None:
    """From a bundle's name alone: False when it holds nothing new here, None when it must wait for the bundles
    before it (raised as Deferred by the caller), True when it has to be read."""
    if device == here.me and here.up_to is None:  # mine, and this database holds them all
        return False
    up_to = here.up_to or 0
    if end <= up_to:
        return False
    return None if start > up_to + 1 else True


def _apply(db: Database, team: TeamKey, data: bytes, here: _Here | None = None) -> tuple[int, Changes]:
    manifest, recs = bundle.decode(team, data)
    here = here if here is not None else _here(db, manifest.device)
    if manifest.device == here.me and here.up_to is None:  # mine, and this database holds them all
        return 0, Changes()
    if here.public_key and here.public_key != manifest.public_key:
        raise bundle.BundleRejected("key_changed")
    up_to = here.up_to or 0
    if manifest.end <= up_to:
        return 0, Changes()
    if manifest.start > up_to + 1:
        raise records.Deferred(f"gap before {manifest.start}")
    limit = _check_author(db, manifest)
    fresh = [r for r in recs if r["c"] > up_to and (limit is None or r["c"] <= limit)]
    end = manifest.end if limit is None else min(manifest.end, limit)
    _known_to_this_version(fresh)
    met: set[str] = set()
    with db.write() as s:
        records.apply_many(s.connection(), fresh)
        if fresh:
            s.info["binhdan_write"].clock.observe(max(int(r["h"]) for r in fresh))
            met = meet.after_apply(s, fresh)  # edits that met another laptop's: the rules of sync/meet.py
        row = s.get(SyncSeen, manifest.device)
        if row is None:
            s.add(SyncSeen(device_id=manifest.device, up_to=end, public_key=manifest.public_key))
        else:
            row.up_to, row.public_key = end, manifest.public_key
    changes = _changes_of(fresh)
    return len(fresh), Changes(changes.tables | met, changes.rows) if met else changes


def _check_author(db: Database, manifest: bundle.Manifest) -> int | None:
    """Who may write (docs/keys.md, step 2): the signer must hold a certificate in the membership log, and nothing
    past its revocation counter is taken (returns that last counter; None: no limit). An uncertified device's
    bundle waits (raises enrolment.NotEnrolled). A team of before step 2 (no anchor yet) keeps the old rule: the
    HMAC certificate `bundle.decode` checked and the revoked device rows."""
    from binhdan_desktop.sync import enrolment

    found = enrolment.load(db)
    if found is None:
        if manifest.device in revoked_devices(db):
            raise bundle.BundleRejected("revoked_device")
        return None
    limit = enrolment.admit(db, manifest.device, manifest.public_key, found)
    if limit is not None and manifest.start > limit:
        raise bundle.BundleRejected("revoked_device")
    return limit


class NeedsUpdate(Exception):
    """The bundle holds a table, column or kind of change this version does not know: it waits for an update."""


KNOWN_OPS = frozenset({"insert", "update", "delete"})


def _known_to_this_version(recs: Sequence[dict[str, object]]) -> None:
    """Raise NeedsUpdate before anything is written when a record names what this version cannot apply."""
    for r in recs:
        model = records.MODEL_BY_TABLE.get(str(r.get("t")))
        if model is None or r.get("o") not in KNOWN_OPS:
            raise NeedsUpdate(f"table {r.get('t')} op {r.get('o')}")
        columns = {c.key for c in model.__table__.columns}
        for part in ("f", "b"):
            extra = set(r.get(part) or {}) - columns  # type: ignore[call-overload]
            if extra:
                raise NeedsUpdate(f"{model.__tablename__} columns {sorted(extra)}")


def _changes_of(recs: Sequence[dict[str, object]]) -> Changes:
    """What applying these records touched: their tables (and the conflicts list, which an edit can add
    to), and their rows when there are not too many."""
    if not recs:
        return Changes()
    tables = {str(r["t"]) for r in recs}
    if any(r["o"] != "insert" for r in recs):
        tables.add("sync_conflict")
    rows = frozenset((str(r["t"]), str(r["r"])) for r in recs) if len(recs) <= TRACK_ROWS_UP_TO else frozenset()
    return Changes(frozenset(tables), rows)


def apply_bundle(db: Database, team: TeamKey, data: bytes) -> int:
    """Verify and apply one bundle in one transaction; returns the changes applied (0: nothing new).
    Raises BundleRejected (refused) or records.Deferred (needs other changes first)."""
    return _apply(db, team, data)[0]


def apply_stored(db: Database, team: TeamKey, path: Path, report: SyncReport) -> Applied:
    """Apply one bundle of my store (one transaction); a refused one is set aside with its reason."""
    from binhdan_desktop.sync.enrolment import NotEnrolled

    try:
        parsed = bundle.parse_name(path.name)
        here = _here(db, parsed[0]) if parsed is not None else None
        ahead = _before_reading(here, *parsed) if here is not None and parsed is not None else True
        if ahead is None:
            raise records.Deferred("gap")  # its device's earlier bundles first: not even read
        count, changes = _apply(db, team, path.read_bytes(), here) if ahead else (0, Changes())
    except NotEnrolled:
        report.held[path.name] = HELD_NOT_ENROLLED
        return Applied(WAITING)
    except records.Deferred:
        report.held[path.name] = HELD_WAITING
        return Applied(WAITING)
    except NeedsUpdate as exc:
        report.held[path.name] = HELD_UPDATE
        log.warning("bundle %s waits for an update of the app: %s", path.name, exc)
        return Applied(WAITING)
    except bundle.AwaitingKey as exc:  # a key epoch this device was not given (yet): the office's next word
        report.held[path.name] = bundle.AWAITING_KEY
        log.info("bundle %s waits for the key of epoch %d", path.name, exc.epoch)
        return Applied(WAITING)
    except bundle.BundleRejected as exc:
        report.skipped[path.name] = exc.reason
        log.warning("bundle %s refused: %s", path.name, exc.reason)
        path.replace(clock.refused_name(path, exc.reason))  # tried again at the next sync
        return Applied(REFUSED)
    report.held.pop(path.name, None)
    if not count:
        return Applied(NOTHING)
    report.applied += 1
    report.changes += count
    report.tables |= changes.tables
    return Applied(APPLIED, count, changes)


class ApplyQueue:
    """The bundles to apply, each device's in counter order. A device's bundles apply one after the other, so only
    the first not yet applied of each device is tried: when it waits (for another device's changes), that device
    stands aside until some other bundle applies, then its first is tried again. A round of tries where nothing
    moved ends the queue. Tries grow with the bundles plus the devices' waits, never with their square (a bundle
    that waits is tried again only after something else went in)."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.total = len(paths)
        by_device: dict[str, list[tuple[int, int, Path]]] = {}
        for path in paths:
            parsed = bundle.parse_name(path.name)
            device, start, end = parsed if parsed is not None else (path.name, 0, 0)
            by_device.setdefault(device, []).append((start, end, path))
        self._lanes = {d: deque(p for _, _, p in sorted(items, key=lambda i: (i[0], i[1])))
                       for d, items in sorted(by_device.items())}
        self._ready = deque(self._lanes)  # devices whose first bundle may be tried now
        self._aside: list[str] = []  # devices whose first bundle waits, tried again once something moved

    def take(self) -> Path | None:
        """The next bundle to apply; None when all are done or the rest can only wait (each device aside was
        tried again after the last bundle that applied)."""
        return self._lanes[self._ready[0]][0] if self._ready else None

    def settle(self, path: Path, outcome: str) -> None:
        device = self._ready.popleft()
        lane = self._lanes[device]
        assert lane and lane[0] == path, "settle the bundle take() gave"
        if outcome == WAITING:
            self._aside.append(device)
            return
        lane.popleft()
        if lane:
            self._ready.appendleft(device)  # its next bundle comes right after it
        if self._aside:  # what applied may be what a waiting device needed
            self._ready.extend(self._aside)
            self._aside = []

    @property
    def waiting(self) -> int:
        """Bundles left waiting once `take()` has said None."""
        return sum(len(lane) for lane in self._lanes.values())


def apply_pending(db: Database, team: TeamKey, report: SyncReport, progress: Progress | None = None) -> None:
    """Apply every stored bundle not yet applied, repeating while something makes progress."""
    queue = ApplyQueue(stored_bundles(db))
    done = 0
    while (path := queue.take()) is not None:
        if progress:
            progress(min(done / max(queue.total, 1), 1.0), path.name)
        queue.settle(path, apply_stored(db, team, path, report).outcome)
        done += 1
    report.waiting = queue.waiting
