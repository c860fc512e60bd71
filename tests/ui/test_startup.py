"""Start-up order on a large commune: the Qt-free core is imported before Qt, the garbage collector is off
until the first paint, and what can wait (the sync status) starts after that paint."""

from __future__ import annotations

import gc
import subprocess
import sys

from binhdan_desktop.app import collect_garbage_again
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.mainwindow import MainWindow

CORE_FIRST = """
import sys
from binhdan_desktop.__main__ import _import_core

_import_core()
qt = [m for m in sys.modules if m.startswith(("PySide6", "shiboken6"))]
assert not qt, f"the core imported Qt: {qt}"
before = set(sys.modules)
import binhdan_desktop.app, binhdan_desktop.ui.mainwindow  # what the first screen is built from
late = sorted(m for m in set(sys.modules) - before
              if m.startswith(("binhdan_desktop", "sqlalchemy"))
              and not m.startswith(("binhdan_desktop.ui", "binhdan_desktop.app")))
assert "binhdan_desktop.store.models_late" not in sys.modules, "a model the first screen does not need was mapped"
print(" ".join(late))
"""


def test_the_core_of_the_first_screen_is_imported_before_qt() -> None:
    # PySide6 reads the source of every module imported after it (its __feature__ check): the core comes first.
    done = subprocess.run([sys.executable, "-c", CORE_FIRST], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"imported only after Qt: {done.stdout}"


def test_the_first_paint_is_signalled_once_and_the_sync_status_waits_for_it(ctx: AppContext, qtbot) -> None:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    assert win.sync.label.text() == ""  # the sync modules are not loaded before the window is painted
    with qtbot.waitSignal(win.first_painted, timeout=5000):
        win.show()
    qtbot.waitUntil(lambda: "chưa tham gia" in win.sync.label.text(), timeout=5000)  # read on the worker
    again: list[bool] = []
    win.first_painted.connect(lambda: again.append(True))
    win.repaint()
    qtbot.wait(50)
    assert not again


def test_the_garbage_collector_is_switched_back_on_once() -> None:
    was_frozen = gc.get_freeze_count()
    gc.disable()  # as main() does before the start-up imports
    try:
        collect_garbage_again()
        assert gc.isenabled()
        assert gc.get_freeze_count() > was_frozen  # start-up's objects are left out of later collections
        frozen = gc.get_freeze_count()
        collect_garbage_again()  # already on (the one-second timer after the paint): nothing more
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
        gc.enable()
