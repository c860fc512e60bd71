"""Sync at scale (#15): a fresh laptop's first sync from a place holding 200 / 400 / 800 small bundles, independent
(one device) and dependent (two devices taking turns, each bundle needing the other's previous one), as the cost
per bundle at 800 against the cost at 200; and a no-op sync against a raw listing of the place and the store.
`python -m benchmarks.sync_scale [--sizes 200,400,800]` runs it alone."""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Result
from binhdan_desktop.services import demo
from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.sync import engine
from binhdan_desktop.sync.folder import FolderTarget
from binhdan_desktop.sync.state import store_dir
from binhdan_desktop.sync.team import create_team, ensure_identity

SIZES = (200, 400, 800)


def _apply_into(db: Database, source: Database) -> None:
    """The bundles of `source`'s own making that `db` has not applied, applied in order (what a sync does between
    two devices that take turns), without a place."""
    here, me = engine.local(db), source.device().device_id
    for path in sorted(store_dir(source).glob(f"{me}_*.bdsync")):
        if int(path.name.split("-")[-1].split(".")[0]) > here.seen.get(me, 0):
            engine.apply_bundle(db, here.team, path.read_bytes())


def build_place(work: Path, bundles: int, dependent: bool) -> tuple[Database, FolderTarget, Path]:
    """A place holding `bundles` small bundles (one new household each; dependent: two devices taking turns, each
    also editing the household the other just made, so each bundle needs the other device's previous one)."""
    from benchmarks.sync_bench import _enrol

    office = open_database(work / "office.sqlite3")
    ensure_identity(office)
    demo.generate(office, 3, seed=5)
    invitation = work / "k.key"
    create_team(office, invitation)
    place = FolderTarget(work / "place")
    place.path.mkdir()
    report = engine.SyncReport()
    engine.write_my_bundles(office, report)
    devices = [office]
    if dependent:
        other = open_database(work / "other.sqlite3")
        ensure_identity(other)
        _enrol(office, other, invitation)
        _apply_into(other, office)
        devices.append(other)
    with office.read() as s:
        village = s.connection().exec_driver_sql("SELECT id FROM village WHERE deleted = 0 LIMIT 1").scalar()
    assert village is not None
    previous = None
    made = 0
    while made < bundles - 1:
        db = devices[made % len(devices)]
        hh.create_household(db, hh.HouseholdDraft(village=village, code=f"S{made:05d}", address=f"Số {made}"))
        if previous is not None and dependent:
            hh.update_household(db, previous, address=f"Số {made}, sửa")
        with db.read() as s:
            previous = s.connection().exec_driver_sql("SELECT id FROM household WHERE code = ?",
                                                      (f"S{made:05d}",)).scalar()
        engine.write_my_bundles(db, engine.SyncReport())
        if dependent:
            _apply_into(devices[(made + 1) % 2], db)
        made += 1
    for db in reversed(devices):
        engine.sync(db, place)
    for db in devices[1:]:
        db.close()
    return office, place, invitation


def fresh_join(work: Path, office: Database, place: FolderTarget, invitation: Path) -> tuple[float, float, Database]:
    """(first sync, no-op sync after it) of a fresh laptop enrolled by the office, in CPU seconds."""
    from benchmarks.sync_bench import _enrol

    laptop = open_database(work / "fresh.sqlite3")
    ensure_identity(laptop)
    _enrol(office, laptop, invitation)
    started = time.process_time()  # CPU time: the 2 cores are shared, and wall time moved ±50 % between runs
    report = engine.sync(laptop, place)
    first = time.process_time() - started
    assert report.waiting == 0 and not report.warnings and not report.snapshot, report
    started = time.process_time()
    engine.sync(laptop, place)
    noop = time.process_time() - started
    return first, noop, laptop


def _listing(place: FolderTarget, store: Path) -> float:
    started = time.process_time()
    for _ in range(10):
        for folder in (place.path, place.path / "membership", store, store / "membership"):
            for entry in os.scandir(folder):
                entry.stat()
    return (time.process_time() - started) / 10


def measure(bundles: int, dependent: bool) -> tuple[float, float, float]:
    """(first sync per bundle, no-op sync, raw listing) of a fresh laptop at a place of `bundles` bundles (CPU s)."""
    from binhdan_desktop.sync import snapshot

    work = Path(tempfile.mkdtemp(prefix="binhdan-scale-"))
    every, snapshot.AUTO_EVERY = snapshot.AUTO_EVERY, 10**9  # the replay of every bundle is measured: no snapshot
    try:
        office, place, invitation = build_place(work, bundles, dependent)
        first, noop, laptop = fresh_join(work, office, place, invitation)
        listing = min(_listing(place, store_dir(laptop)) for _ in range(3))
        office.close()
        laptop.close()
        return first / bundles, noop, listing
    finally:
        snapshot.AUTO_EVERY = every
        shutil.rmtree(work, ignore_errors=True)


def sync_scale(path: Path | None = None, sizes: tuple[int, ...] = SIZES) -> list[Result]:
    out = []
    small, large = sizes[0], sizes[-1]
    for dependent in (False, True):
        kind = "dependent (two devices taking turns)" if dependent else "independent"
        per = {n: measure(n, dependent) for n in sizes}
        ratio_what = ", ".join(f"{n}: {per[n][0] * 1000:.1f} ms" for n in sizes)
        out.append(Result("sync_scale", f"sync: a fresh laptop's first sync, CPU per bundle at {large} {kind} "
                                        f"bundles ({ratio_what})", per[large][0], per[small][0],
                          f"the same at {small}", budget="≤ 1.5×", ok=per[large][0] <= 1.5 * per[small][0]))
        noop, listing = per[large][1], per[large][2]
        out.append(Result("sync_noop", f"sync: a no-op sync after that ({large} bundles, {kind}; CPU)", noop, listing,
                          "listing the place and the store (os.scandir + stat)"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sync_scale")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--dependent", choices=("yes", "no", "both"), default="both")
    args = parser.parse_args(argv)
    sizes = tuple(int(n) for n in args.sizes.split(","))
    for result in sync_scale(None, sizes):
        print(f"{result.what}: {result.value * 1000:.1f} ms vs {result.baseline and result.baseline * 1000:.1f} ms "
              f"({result.ratio or 0:.2f}×)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
