"""`python -m benchmarks [--smoke] [--households N] [--out DIR]`: build (or reuse) the large commune,
run every benchmark, write results.json and results.md."""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
from pathlib import Path

from benchmarks import (
    core,
    docx_bench,
    import_bench,
    memory_bench,
    period_bench,
    reports_bench,
    startup,
    sync_bench,
    sync_scale,
)
from benchmarks.commune import commune_path
from benchmarks.harness import Result

LARGE, SMOKE = 20000, 300
BENCHMARKS = [startup.startup, startup.instructions, core.search_keystrokes, core.indicators_all,
              core.indicators_past, reports_bench.excel_learners, reports_bench.pdf_village_checklist,
              docx_bench.docx_results, period_bench.period_report, period_bench.period_query,
              sync_bench.sync_apply, sync_bench.snapshot_join, sync_scale.sync_scale,
              import_bench.import_rows, startup.memory, memory_bench.export_memory]


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.1f} ms" if unit == "s" and value < 1 else f"{value:.2f} {unit}"


def markdown(results: list[Result], households: int, build: float | None) -> str:
    lines = [f"Large commune: {households:,} households (demo generator, fixed seed); "
             f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
             f"{platform.system()}."
             + (f" Built in {build:.1f} s." if build else ""),
             "", "| benchmark | ours | raw baseline | ratio | budget | within |", "|---|---|---|---|---|---|"]
    for r in results:
        ratio = f"{r.ratio:.1f}×" if r.ratio else "–"
        within = {True: "yes", False: "**no**", None: "–"}[r.ok]
        lines.append(f"| {r.what} | {_fmt(r.value, r.unit)} | {_fmt(r.baseline, r.unit)} ({r.baseline_what}) "
                     f"| {ratio} | {r.budget} | {within} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--smoke", action="store_true", help=f"a {SMOKE}-household commune (CI)")
    parser.add_argument("--households", type=int)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    args = parser.parse_args(argv)
    households = args.households or (SMOKE if args.smoke else LARGE)
    path, build = commune_path(households)
    results = []
    # A smoke run only proves the benchmarks run: fewer start-up probes, a smaller spreadsheet.
    small = {startup.startup: {"runs": 2}, import_bench.import_rows: {"rows": 1000, "runs": 1},
             sync_scale.sync_scale: {"sizes": (10, 20)},
             period_bench.period_report: {"runs": 1}, period_bench.period_query: {"runs": 1}} \
        if households < 1000 else {}
    for bench in BENCHMARKS:
        got = bench(path, **small.get(bench, {}))
        for result in got if isinstance(got, list) else [got]:
            results.append(result)
            print(f"{result.name}: {result.what}: {_fmt(result.value, result.unit)} (ratio {result.ratio or 0:.2f})",
                  flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    payload = {"households": households, "build_s": build, "peak_rss_mb": peak,
               "results": [r.as_json() for r in results]}
    (args.out / "results.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    (args.out / "results.md").write_text(markdown(results, households, build), encoding="utf-8")
    print(markdown(results, households, build))
    return 0


if __name__ == "__main__":
    sys.exit(main())
