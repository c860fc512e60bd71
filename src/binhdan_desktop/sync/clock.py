"""Wrong clocks never lose work, and every device orders changes the same way.

The effective stamp of a change is the hybrid-clock stamp its maker wrote into the bundle, nothing else: no
receiver compares it with its own clock (a bundle is never refused as "from the future"), so every device
computes the same winner for the same changes. The stamps follow causal order: a device's clock never goes
behind a stamp it has seen (`HybridClock.observe`), so an edit made after seeing another always wins over it.

Wrong clocks are corrected at the origin, before anyone sees the stamps: at each sync the place's own clock
(the modification time the place gives a file written there: the server's clock for WebDAV, the file system's
for a shared folder) is compared with this laptop's; when they differ by more than a day, this laptop's
changes not yet written to a bundle move to the place's time (`correct_unexported`). They move only as far as
the other changes around them allow, so the order of every change this database holds stays what it was and
nothing already decided here is decided otherwise. A laptop whose clock disagrees with the place or with the
stamps it has seen is told so (amber, `warning_of`)."""

from __future__ import annotations

import bisect
import contextlib
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from binhdan_desktop.domain.hlc import LOGICAL_BITS, millis_of
from binhdan_desktop.store.db import Database

DAY_MS = 24 * 3600 * 1000
TOLERANCE_MS = DAY_MS  # a clock off by more than this is wrong, not just drifting
CLOCK = "đồng hồ máy này / this laptop's clock"  # the key of the clock's warning in a sync report
AHEAD, BEHIND = "clock_ahead", "clock_behind"
PROBE = ".binhdan-clock"
REFUSED = ".refused"
log = logging.getLogger(__name__)


class SyncReportLike(Protocol):
    place_ms: int | None
    clock_checked: bool
    clock: str | None


def wall_of(db: Database) -> int:
    """This database's wall clock in milliseconds (tests give a database a wrong one)."""
    wall: Callable[[], int] | None = getattr(db, "wall", None)
    return wall() if wall is not None else time.time_ns() // 1_000_000


def place_time(target: object) -> int | None:
    """The place's clock in milliseconds, or None when it gives none: the WebDAV server's Date of its last
    answer, or the time a folder's file system gives a file written there now."""
    server = getattr(target, "server_time_ms", None)
    if callable(server):
        value = server()
        return int(value) if value is not None else None
    folder = getattr(target, "path", None)
    if not isinstance(folder, Path):
        return None
    probe = folder / f"{PROBE}.{os.getpid()}"
    try:
        probe.write_bytes(b"")
        return probe.stat().st_mtime_ns // 1_000_000
    except OSError:
        return None
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()


def skew(db: Database, place_ms: int | None) -> int:
    """How far this laptop's clock is behind the place's (negative: ahead), in ms; 0 within the tolerance."""
    if place_ms is None:
        return 0
    delta = place_ms - wall_of(db)
    return delta if abs(delta) > TOLERANCE_MS else 0


def correct_unexported(db: Database, delta_ms: int) -> int:
    """Move this device's changes not yet in a bundle by `delta_ms` (the place's time minus mine), each as far
    as the stamps of the other changes in this database allow: every change keeps its place in the order of
    all changes here. Returns how many stamps moved. One transaction; nobody has seen these stamps yet."""
    if not delta_ms:
        return 0
    moved = 0
    with db.raw_write() as conn:  # the change log itself: outside change capture, one transaction
        raw = conn.connection.dbapi_connection
        assert raw is not None
        (me,) = raw.execute("SELECT device_id FROM device_state").fetchone()
        state = raw.execute("SELECT exported_up_to, exported_device FROM sync_local WHERE singleton = 1").fetchone()
        done = int(state[0] or 0) if state is not None and state[1] == me else 0
        mine = raw.execute("SELECT counter, hlc, prev FROM change_log WHERE device_id = ? AND counter > ? "
                           "ORDER BY counter", (me, done)).fetchall()
        if not mine:
            return 0
        others = sorted((int(h), str(d)) for h, d in raw.execute(
            "SELECT hlc, device_id FROM change_log WHERE NOT (device_id = ? AND counter > ?)", (me, done)))
        stamps = [old for _c, old, _p in mine]
        keep = seen_driven(stamps, others, me) if delta_ms > 0 else set()
        new = _moved(stamps, others, delta_ms << LOGICAL_BITS, me, keep)
        for counter, old, prev in mine:
            if new[old] == old and not prev:
                continue
            fixed = _prev_moved(prev, me, new)
            raw.execute("UPDATE change_log SET hlc = ?, prev = ? WHERE device_id = ? AND counter = ?",
                        (new[old], fixed, me, counter))
            moved += new[old] != old
        for cid, kept_dev, kept, lost_dev, lost in raw.execute(
                "SELECT id, kept_device, kept_hlc, lost_device, lost_hlc FROM sync_conflict "
                "WHERE kept_device = ? OR lost_device = ?", (me, me)).fetchall():
            kept = new.get(kept, kept) if kept_dev == me else kept
            lost = new.get(lost, lost) if lost_dev == me else lost
            raw.execute("UPDATE sync_conflict SET kept_hlc = ?, lost_hlc = ? WHERE id = ?", (kept, lost, cid))
        top = raw.execute("SELECT MAX(hlc) FROM change_log").fetchone()[0] or 0
        raw.execute("UPDATE device_state SET last_hlc = ?", (top,))  # never behind a stamp seen or made
    return moved


def seen_driven(stamps: list[int], others: list[tuple[int, str]], me: str) -> set[int]:
    """My stamps (ascending) whose time came from a change seen here, not from my clock: the hybrid clock took the
    seen stamp's milliseconds and counted up its logical part, so they share the milliseconds of the other change
    just below them (or of my own seen-driven stamp before them). A clock that is behind made only the others:
    these are already about right, and moving them by the whole skew would put them in the future (a laptop 2 days
    behind would stamp its edits 2 days ahead of everyone and beat later edits)."""
    driven: set[int] = set()
    before: int | None = None
    for old in stamps:
        i = bisect.bisect_left(others, (old, me))
        if (i > 0 and millis_of(others[i - 1][0]) == millis_of(old)) or (
                before in driven and before is not None and millis_of(before) == millis_of(old)):
            driven.add(old)
        before = old
    return driven


def _moved(stamps: list[int], others: list[tuple[int, str]], shift: int, me: str,
           keep: set[int] | frozenset[int] = frozenset()) -> dict[int, int]:
    """Old stamp -> new: each moved by `shift` but kept between the other changes next to it, compared as versions
    (stamp, device) like the merge does (so the order of all changes holds), my own in their order and distinct
    (stacked from the side they move away from)."""
    new: dict[int, int] = {}
    order = stamps if shift < 0 else list(reversed(stamps))
    last: int | None = None
    for old in order:
        i = bisect.bisect_left(others, (old, me))  # others[i - 1] < (old, me) < others[i]
        low = 1
        if i > 0:
            below, device = others[i - 1]
            low = below if device < me else below + 1
        high = None
        if i < len(others):
            above, device = others[i]
            high = above if device > me else above - 1
        stamp = old if old in keep else max(old + shift, low)
        if high is not None:
            stamp = min(stamp, high)
        if last is not None:  # moving down: above the one before; moving up: below the one after
            stamp = max(stamp, last + 1) if shift < 0 else min(stamp, last - 1)
        new[old] = stamp
        last = stamp
    return new


def _prev_moved(prev: str | None, me: str, new: dict[int, int]) -> str | None:
    """A change's record of the versions it replaced, with my moved stamps replaced too."""
    if not prev:
        return prev
    versions = json.loads(prev)
    for name, (hlc, device) in list(versions.items()):
        if device == me and int(hlc) in new:
            versions[name] = [new[int(hlc)], device]
    return json.dumps(versions, sort_keys=True)


def warning_of(db: Database, last_error: str | None = None) -> str | None:
    """AHEAD or BEHIND when this laptop's clock disagrees with what it sees, else None: stamps seen (its own
    clock has followed them) more than a day ahead of its clock, or the place's clock at the last sync."""
    if millis_of(db.device().last_hlc) > wall_of(db) + TOLERANCE_MS:
        return BEHIND
    try:
        recorded = json.loads(last_error) if last_error else {}
    except ValueError:
        return None
    found = recorded.get(CLOCK) if isinstance(recorded, dict) else None
    return found if found in (AHEAD, BEHIND) else None


def refused_name(path: Path, reason: str) -> Path:
    """Where a refused bundle of my store waits for the next sync: `<name>.refused.<reason>`."""
    safe = "".join(c if c.isalnum() or c in "_-" else "_" for c in reason) or "refused"
    return path.with_name(f"{path.name}{REFUSED}.{safe}")


def retry_refused(store: Path) -> int:
    """Give every refused bundle of my store another try (its name back); returns how many."""
    n = 0
    for path in sorted(store.glob(f"*{REFUSED}*")):
        name = path.name.split(REFUSED, 1)[0]
        target = path.with_name(name)
        if target.exists():
            path.unlink()
        else:
            path.replace(target)
        n += 1
    return n


def refused_here(mine: set[str]) -> set[str]:
    """The bundles my store holds as refused (`<name>.refused[.<reason>]`: retried from there, not fetched again),
    by their own names: one pass over the store, whatever the number of names at the place."""
    return {m.split(REFUSED, 1)[0] for m in mine if REFUSED in m}


def check_and_correct(db: Database, report: SyncReportLike) -> None:
    """Compare my clock with the place's (taken at `check`); when off by more than a day, put my unsent stamps
    right and say so in the report (the sync ends amber)."""
    report.clock_checked = True
    delta = skew(db, report.place_ms)
    if delta:
        report.clock = BEHIND if delta > 0 else AHEAD
        moved = correct_unexported(db, delta)
        days = abs(delta) // DAY_MS
        log.warning("this laptop's clock is %s by %d day%s: %d unsent stamps put right", report.clock, days,
                    "" if days == 1 else "s", moved)
