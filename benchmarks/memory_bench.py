"""Peak memory of each export, each in a fresh process through the CLI (`binhdan report …`): the peak RSS
of the whole process, and against it the peak of the same process once the modules are imported and the
database is open, just before the export (what the export itself adds is the difference)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.commune import user_data_dir
from benchmarks.harness import Result

PROBE = """
import sys
from pathlib import Path

def hwm():
    with open("/proc/self/status") as f:
        return int(next(l for l in f if l.startswith("VmHWM")).split()[1]) / 1024

import binhdan_desktop.cli.commands
from binhdan_desktop.reports import excel, pdf
from binhdan_desktop.cli.main import run
from binhdan_desktop.services import reports
from binhdan_desktop.store.db import open_database

with open_database(Path(sys.argv[1])) as db, db.read() as s:
    s.connection().exec_driver_sql("SELECT count(*) FROM household").scalar()
before = hwm()
code = run(["--db", sys.argv[1], *sys.argv[2:]])
assert code == 0, code
print(before, hwm())
"""

# (label, CLI arguments after `report`); the village is the first one in the list.
EXPORTS = [
    ("Excel: learners, whole commune", ["learners", "--out", "{out}/learners.xlsx"]),
    ("PDF: learners, one village", ["learners", "--village", "{village}", "--out", "{out}/learners.pdf"]),
    ("Excel: visit log, whole commune", ["visits", "--out", "{out}/visits.xlsx"]),
    ("PDF: door-to-door list, one village", ["checklist", "--village", "{village}", "--out", "{out}/checklist.pdf"]),
    ("Excel: door-to-door list, whole commune", ["checklist", "--out", "{out}/checklist.xlsx"]),
    ("PDF: results, commune and villages", ["results", "--out", "{out}/results.pdf"]),
]


def _first_village(path: Path) -> str:
    import sqlite3

    with sqlite3.connect(path) as raw:
        sql = "SELECT name FROM village WHERE deleted = 0 ORDER BY sort_order, name LIMIT 1"
        return str(raw.execute(sql).fetchone()[0])


def export_memory(path: Path) -> list[Result]:
    out, village = tempfile.mkdtemp(), _first_village(path)
    data = user_data_dir(path)
    env = {**os.environ, "BINHDAN_DATA_DIR": data}
    results = []
    for label, args in EXPORTS:
        argv = [a.format(out=out, village=village) for a in args]
        done = subprocess.run([sys.executable, "-c", PROBE, str(path), "report", *argv], capture_output=True,
                              text=True, env=env, timeout=900, check=True)
        before, peak = (float(x) for x in done.stdout.split()[-2:])
        size = Path(argv[-1]).stat().st_size / 1e6
        results.append(Result("memory_export", f"peak RSS, {label} ({size:.1f} MB file)", peak, before,
                              "same process, database open, before the export", unit="MB", budget="< 300 MB",
                              ok=peak < 300))
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(data, ignore_errors=True)
    return results
