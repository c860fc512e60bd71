"""Start-up: process start to the main window painted on the large commune, offscreen, against a bare
QMainWindow started the same way. Each probe runs in a fresh interpreter."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Result

PROBE = """
import os, sys, time
from PySide6.QtCore import QTimer
{setup}
def painted():
    print((time.time_ns() - int(os.environ["BENCH_T0"])) / 1e9, flush=True)
    # VmHWM: this process's own peak (ru_maxrss would inherit the runner's peak across fork).
    try:
        hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
        print(int(hwm) / 1024, flush=True)
    except OSError:
        import resource
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, flush=True)
    os._exit(0)
QTimer.singleShot(0, painted)
app.exec()
"""
BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1280, 800); w.show()
"""
OURS = """
from pathlib import Path
from binhdan_desktop.app import make_app, Shell
from binhdan_desktop.store.db import open_database
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.prefs import Prefs
app = make_app()
ctx = AppContext(open_database(Path(sys.argv[1])), Prefs())
w = Shell(app, ctx).show()
app.processEvents()
"""


def _probe(setup: str, db: Path) -> tuple[float, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BENCH_T0": str(time.time_ns()),
           "BINHDAN_DATA_DIR": tempfile.mkdtemp()}
    env["BENCH_T0"] = str(time.time_ns())
    done = subprocess.run([sys.executable, "-c", PROBE.format(setup=setup), str(db)], capture_output=True,
                          text=True, env=env, timeout=120, check=True)
    seconds, rss = done.stdout.split()[:2]
    return float(seconds), float(rss)


def startup(path: Path, runs: int = 5) -> Result:
    ours = [_probe(OURS, path) for _ in range(runs)]
    bare = [_probe(BARE, path) for _ in range(runs)]
    value = statistics.median(t for t, _ in ours)
    return Result("startup", "start-up to the main window painted", value,
                  statistics.median(t for t, _ in bare), "an empty QMainWindow", budget="< 1.0 s", ok=value < 1.0,
                  extra={"rss_mb": statistics.median(r for _, r in ours),
                         "bare_rss_mb": statistics.median(r for _, r in bare)})


def memory(path: Path) -> Result:
    """Peak RSS of the app with the large commune open (household list shown), against a bare window."""
    ours, bare = _probe(OURS, path), _probe(BARE, path)
    return Result("memory", "peak RSS, app open on the commune", ours[1], bare[1], "an empty QMainWindow",
                  unit="MB", budget="< 300 MB", ok=ours[1] < 300)
