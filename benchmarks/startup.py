"""Start-up: process start to the main window's first paint on the large commune, offscreen, through the
real entry point (`python -m binhdan_desktop --db …`), against a bare QMainWindow started the same way.
Each probe runs in a fresh interpreter. When a QMainWindow is shown, an event filter on that window alone
notes its first Paint event; once that paint pass is over and the household list has its rows (they come from a
query on the database worker), the window is painted again with them and the probe prints the time and the peak
RSS, and leaves. (An application-wide
event filter would run Python for every event of every widget and slowed our start-up by 5-10 %.)"""

from __future__ import annotations

import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.commune import user_data_dir
from benchmarks.harness import Result

WATCH = """
import os, sys, time

def watch():
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                obj.removeEventFilter(self)  # its children are painted in this same pass
                self.window = obj
                QTimer.singleShot(0, self.painted)
            return False

        def painted(self):
            # The household list's ids come from a query on the worker: the start-up ends when its rows are
            # painted, so wait for them and paint the window once more (at once, in this call).
            view = getattr(self.window, "built", {}).get("households")
            if view is not None and not view.loaded:
                view.shown.connect(self.painted)
                return
            if view is not None:
                self.window.repaint()
            print((time.time_ns() - int(os.environ["BENCH_T0"])) / 1e9, flush=True)
            # VmHWM: this process's own peak (ru_maxrss would inherit the runner's peak across fork).
            try:
                hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
                print(int(hwm) / 1024, flush=True)
            except (OSError, StopIteration):
                import resource
                print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, flush=True)
            os._exit(0)

    show = QMainWindow.show

    def watched_show(window):
        window._first_paint = FirstPaint()
        window.installEventFilter(window._first_paint)
        show(window)

    QMainWindow.show = watched_show
"""
BARE = WATCH + """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([sys.argv[0]])
watch()
w = QMainWindow(); w.resize(1280, 800); w.show()
app.exec()
"""
# The app's own order is kept: main() imports the Qt-free core, then Qt (which the watcher imports a moment
# earlier), then makes the QApplication and the window.
OURS = WATCH + """
import binhdan_desktop.__main__ as entry
core = entry._import_core

def core_then_watch():
    core()
    watch()

entry._import_core = core_then_watch
entry.main(["--db", sys.argv[1]])
"""


def _env(data: str) -> dict[str, str]:
    """A probe's environment: offscreen, its own data folder, and the moment it was started."""
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BINHDAN_DATA_DIR": data, "BENCH_T0": str(time.time_ns())}


def _probe(script: str, db: Path, data: str) -> tuple[float, float]:
    done = subprocess.run([sys.executable, "-c", script, str(db)], capture_output=True,
                          text=True, env=_env(data), timeout=120, check=True)
    seconds, rss = done.stdout.split()[:2]
    return float(seconds), float(rss)


def byte_compile() -> None:
    """Probes start from byte-compiled modules, as an installed app does: a wheel is compiled when installed,
    but this editable checkout may run under PYTHONDONTWRITEBYTECODE (these machines set it), which would
    compile every module of ours from source at every start (~60-100 ms)."""
    import binhdan_desktop.resources  # binds binhdan_desktop too

    for module in (binhdan_desktop, binhdan_desktop.resources):
        compileall.compile_dir(Path(str(module.__file__)).parent, quiet=1)


def startup(path: Path, runs: int = 7) -> Result:
    byte_compile()
    data = user_data_dir(path)
    try:
        _probe(OURS, path, data)  # warm the page cache and the bytecode caches once
        ours, bare = [], []
        for _ in range(runs):  # interleaved, so a noisy spell hits both alike
            ours.append(_probe(OURS, path, data))
            bare.append(_probe(BARE, path, data))
    finally:
        shutil.rmtree(data, ignore_errors=True)
    value = statistics.median(t for t, _ in ours)
    return Result("startup", "start-up to the main window's first paint", value,
                  statistics.median(t for t, _ in bare), "an empty QMainWindow", budget="< 1.0 s", ok=value < 1.0,
                  extra={"runs": sorted(t for t, _ in ours), "bare_runs": sorted(t for t, _ in bare),
                         "rss_mb": statistics.median(r for _, r in ours),
                         "bare_rss_mb": statistics.median(r for _, r in bare)})


def _count(script: str, db: Path, data: str, out: Path) -> subprocess.Popen[str]:
    """One probe under valgrind's cachegrind, counting the instructions it runs (no cache simulation)."""
    return subprocess.Popen(["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out}",
                             sys.executable, "-c", script, str(db)], env=_env(data), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _instructions(probe: subprocess.Popen[str]) -> float:
    try:
        _, err = probe.communicate(timeout=900)
    except subprocess.TimeoutExpired:
        probe.kill()  # not left running behind the benchmark
        probe.communicate()
        raise
    found = re.search(r"I\s+refs:\s+([\d,]+)", err)
    if probe.returncode != 0 or found is None:
        raise RuntimeError(f"valgrind probe failed: {err[-2000:]}")
    return int(found.group(1).replace(",", "")) / 1e9


def instructions(path: Path) -> Result:
    """The same start-up counted in CPU instructions (valgrind), ours against the bare window. Seconds on these
    machines move by 20-40 % with their load; the instruction count moves by about 0.2 %, so this ratio shows
    what a change of the code did. Needs valgrind (scripts/system-deps.sh installs it)."""
    byte_compile()
    data = user_data_dir(path)
    try:
        _probe(OURS, path, data)  # the page cache and the bytecode caches, as for the timed probes
        with tempfile.TemporaryDirectory() as tmp:
            # the two at once, one per core: the count does not depend on what else runs
            ours = _count(OURS, path, data, Path(tmp) / "ours.out")
            bare = _count(BARE, path, data, Path(tmp) / "bare.out")
            value, baseline = _instructions(ours), _instructions(bare)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return Result("startup_instructions", "start-up to the first paint, in CPU instructions", value, baseline,
                  "an empty QMainWindow", unit="G instr.")


def memory(path: Path) -> Result:
    """Peak RSS of the app with the large commune open (household list shown), against a bare window."""
    byte_compile()
    data = user_data_dir(path)
    try:
        ours, bare = _probe(OURS, path, data), _probe(BARE, path, data)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return Result("memory", "peak RSS, app open on the commune", ours[1], bare[1], "an empty QMainWindow",
                  unit="MB", budget="< 300 MB", ok=ours[1] < 300)
