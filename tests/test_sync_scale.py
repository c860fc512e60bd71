"""Sync cost that grows with the bundles, not with their square (#15 "Scale"). The timings are in
benchmarks/sync_scale.py (as ratios); here the counts that make them linear."""

from __future__ import annotations

from pathlib import Path

from binhdan_desktop.sync import engine
from binhdan_desktop.sync.bundle import bundle_name

A, B = "aaaaaaaa-0000-4000-8000-000000000000", "bbbbbbbb-0000-4000-8000-000000000000"


def _chain(n: int) -> tuple[list[Path], dict[Path, Path | None]]:
    """2n one-change bundles of two devices taking turns, each needing the other device's previous one (B's k-th
    needs A's k-th, A's k+1-th needs B's k-th); listed in name order, so all of A's come first."""
    paths, needs = [], {}
    previous = None
    for k in range(1, n + 1):
        for device in (A, B):
            path = Path(bundle_name(device, k, k))
            needs[path] = previous
            previous = path
            paths.append(path)
    return sorted(paths, key=lambda p: p.name), needs


def _run(queue: engine.ApplyQueue, needs: dict[Path, Path | None]) -> tuple[int, list[Path]]:
    done: set[Path] = set()
    order, tries = [], 0
    while (path := queue.take()) is not None:
        tries += 1
        dep = needs[path]
        if dep is None or dep in done:
            done.add(path)
            order.append(path)
            queue.settle(path, engine.APPLIED)
        else:
            queue.settle(path, engine.WAITING)
    return tries, order


def test_bundles_that_depend_on_each_other_are_tried_a_linear_number_of_times() -> None:
    """800 bundles in a chain across two devices: before, every round re-tried every waiting bundle (about n²/4
    tries: 160,400 here); now a device's bundles wait behind its first, which is tried again only after another
    bundle applied."""
    paths, needs = _chain(400)
    queue = engine.ApplyQueue(paths)
    tries, order = _run(queue, needs)
    assert len(order) == 800 and queue.waiting == 0
    assert tries <= 2 * len(paths) + 2


def test_what_can_only_wait_ends_the_queue_and_is_counted() -> None:
    paths, needs = _chain(5)
    missing = Path(bundle_name(A, 3, 3))  # never arrives: A's 3rd and everything after it on both devices waits
    paths.remove(missing)
    needs[Path(bundle_name(A, 4, 4))] = missing
    needs[Path(bundle_name(B, 3, 3))] = missing
    queue = engine.ApplyQueue(paths)
    tries, order = _run(queue, needs)
    assert [p.name for p in order] == [bundle_name(d, k, k) for k in (1, 2) for d in (A, B)]
    assert queue.waiting == 5 and tries <= 2 * len(paths) + 2
