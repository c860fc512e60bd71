"""Timing helpers and the result record shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Result:
    name: str
    what: str
    value: float  # seconds (or MB for memory)
    baseline: float | None
    baseline_what: str
    unit: str = "s"
    budget: str = ""
    ok: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        return None if not self.baseline else self.value / self.baseline

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio}


def median_time(fn: Callable[[], object], runs: int = 5, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def paired(ours: Callable[[], object], raw: Callable[[], object], runs: int = 3,
           clock: Callable[[], float] = time.perf_counter) -> tuple[float, float]:
    """Medians of `runs` timings of each, interleaved so that a noisy spell of the machine hits both alike.
    `clock=time.process_time`: CPU time of this process, which other processes on the machine barely move."""
    a, b = [], []
    for _ in range(runs):
        for fn, into in ((ours, a), (raw, b)):
            start = clock()
            fn()
            into.append(clock() - start)
    return statistics.median(a), statistics.median(b)


def main_alone(bench: Callable[..., Result | list[Result]], argv: list[str] | None = None) -> int:
    """`python -m benchmarks.MODULE [--households N] [--runs N]`: one benchmark alone, printed as JSON."""
    import argparse
    import json

    from benchmarks.commune import commune_path

    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    path, _ = commune_path(args.households)
    got = bench(path, runs=args.runs)
    for r in got if isinstance(got, list) else [got]:
        print(json.dumps(r.as_json(), ensure_ascii=False))
        print(f"{r.name}: {r.value:.3f} {r.unit} / {r.baseline or 0:.3f} = {r.ratio or 0:.2f}x ({r.budget})")
    return 0
