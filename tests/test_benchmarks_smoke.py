"""The benchmarks still run (a small commune); their figures are not asserted here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def test_benchmarks_smoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BINHDAN_BENCH_CACHE", str(tmp_path / "cache"))
    from benchmarks.__main__ import main

    assert main(["--households", "60", "--out", str(tmp_path / "out")]) == 0
    data = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in data["results"]}
    assert names == {"startup", "startup_instructions", "search_keystroke", "indicators", "indicators_past", "excel",
                     "pdf", "docx", "period_pdf", "period_xlsx", "period_query_plain", "period_query_dated", "sync",
                     "snapshot", "sync_scale", "sync_noop",
                     "import", "memory", "memory_export"}
    assert sum(r["name"] == "memory_export" for r in data["results"]) == 6  # every export measured
    assert all(r["value"] > 0 and r["baseline"] > 0 for r in data["results"])
    assert "| benchmark |" in (tmp_path / "out" / "results.md").read_text(encoding="utf-8")
