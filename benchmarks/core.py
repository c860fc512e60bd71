"""Benchmarks of the core: search as you type, indicators."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from pathlib import Path

from benchmarks.harness import Result, median_time, paired, percentile
from binhdan_desktop.domain.text import fold
from binhdan_desktop.services import indicators
from binhdan_desktop.store.db import open_database
from binhdan_desktop.store.queries.households import fts_query, search_household_ids

RAW_SEARCH = """
    SELECT h.id FROM household h WHERE h.deleted = 0
      AND h.rowid IN (SELECT rowid FROM household_fts WHERE household_fts MATCH ?)
    ORDER BY h.deleted, h.head_key, h.code_folded
"""
QUERIES = ["nguyen van an", "tran thi", "le van hung", "pham thi lan", "huynh", "vo thi hoa", "dang van",
           "bui thi thu", "do van nam", "ho thi", "ngo van long", "duong", "ly thi mai", "dinh van",
           "truong thi hang", "doan van", "luong thi", "nguyen thi ngoc", "tran van tuan", "t03-01"]


def search_keystrokes(path: Path) -> Result:
    """Each prefix of each query, as a user types it: household ids in display order."""
    db = open_database(path)
    raw = sqlite3.connect(path)
    ours, base, scan = [], [], []
    with db.read() as s:
        for q in QUERIES:
            for n in range(1, len(q) + 1):
                prefix = q[:n]
                start = time.perf_counter()
                got = search_household_ids(s, prefix)
                ours.append(time.perf_counter() - start)
                start = time.perf_counter()
                same = [r[0] for r in raw.execute(RAW_SEARCH, (fts_query(prefix),))]
                base.append(time.perf_counter() - start)
                assert same == got, prefix
                start = time.perf_counter()
                raw.execute("SELECT DISTINCT household_id FROM person WHERE deleted = 0 AND name_folded LIKE ?",
                            (f"%{fold(prefix)}%",)).fetchall()
                scan.append(time.perf_counter() - start)
    raw.close()
    db.close()
    p95 = percentile(ours, 95)
    return Result("search_keystroke", "household search per keystroke, p95", p95,
                  percentile(base, 95), "the same rows by hand-written sqlite3, p95",
                  budget="p95 < 30 ms", ok=p95 < 0.030,
                  extra={"p50": percentile(ours, 50), "baseline_p50": percentile(base, 50), "keystrokes": len(ours),
                         "naive_like_scan_p95": percentile(scan, 95)})


def indicators_all(path: Path) -> Result:
    db = open_database(path)
    with db.read() as s:
        year = indicators.default_year(s)
        value = median_time(lambda: indicators.compute(s, year), runs=5)
        exact = median_time(lambda: indicators.compute(s, year, use_masks=False), runs=3)
    db.close()
    raw = sqlite3.connect(path)
    base = median_time(lambda: raw.execute("SELECT COUNT(*) FROM person WHERE +deleted = 0").fetchone(), runs=5)
    raw.close()
    return Result("indicators", "all indicators, commune and every village", value, base,
                  "one full count(*) scan of people", budget="< 0.5 s", ok=value < 0.5,
                  extra={"scan_path_s": exact})


def indicators_past(path: Path) -> Result:
    """All indicators as of a past date (30/06 of the plan year: completions after it exist, so the masks the
    triggers keep do not answer and are summed from the completions up to the date), against the same as of
    today; the distinct-lesson count per rule (the reference path, the way before) as an extra figure."""
    db = open_database(path)
    with db.read() as s:
        year = indicators.default_year(s)
        day = dt.date(year, 6, 30)
        ours, today = paired(lambda: indicators.compute(s, year, as_of=day), lambda: indicators.compute(s, year),
                             runs=5)
        scan = median_time(lambda: indicators.compute(s, year, as_of=day, use_masks=False), runs=3)
    db.close()
    return Result("indicators_past", f"all indicators as of 30/06/{year}, commune and every village", ours, today,
                  "the same as of today (masks kept by triggers)", budget="< 0.5 s", ok=ours < 0.5,
                  extra={"distinct_count_path_s": scan})
