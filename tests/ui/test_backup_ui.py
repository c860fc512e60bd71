"""Backup and restore from the window: the restore dialog opens in this database's backups folder; a restore of
the 2,000-household commune copies the file once, shows its progress and can be cancelled leaving everything as
it was; closing (or rebuilding) the window while the daily backup runs never cuts it off nor raises."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QPushButton

from binhdan_desktop.services import backup as svc
from binhdan_desktop.ui import tasks
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.mainwindow import MainWindow
from tests.ui.conftest import settle

GATE_TIMEOUT = 30


def _menu_action(window: MainWindow, text: str) -> QAction:
    found = [a for a in window.findChildren(QAction) if a.text() == text]
    assert len(found) == 1, text
    return found[0]


def _folder_state(folder: Path) -> dict[str, str]:
    """Every file of the database's folder with its digest (temporary files included)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def _visible_progress(window: MainWindow) -> QProgressDialog | None:
    found = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
    return found[0] if found else None


def test_the_restore_dialog_opens_in_this_databases_backups_folder(window: MainWindow, ctx: AppContext, qtbot: Any,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    svc.auto_backup(ctx.db, "daily")
    asked: list[tuple[Any, ...]] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (asked.append(a), ("", ""))[1])
    _menu_action(window, "Khôi phục từ bản sao lưu…").trigger()
    assert len(asked) == 1
    _parent, _title, folder, filters = asked[0]
    assert Path(folder) == ctx.db.path.parent / "backups"
    choices = filters.split(";;")
    assert "(test-*.sqlite3)" in choices[0]  # this database's backups first
    assert any("(*.sqlite3)" in c for c in choices) and "(*)" in choices[-1]
    settle(qtbot, ctx)
    assert not ctx.files.pending()


def test_restoring_the_big_commune_copies_once_with_progress_and_cancel_leaves_everything(
        big_window: MainWindow, big_ctx: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, window = big_ctx, big_window
    settle(qtbot, ctx)
    chosen = svc.auto_backup(ctx.db, "daily")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(chosen), ""))
    asked: list[str] = []
    yes = QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: (asked.append(a[2]), yes)[1])
    held, opened = threading.Event(), threading.Event()
    report = tasks.Progress.report

    def report_and_hold(self: tasks.Progress, fraction: float, text: str = "") -> None:
        report(self, fraction, text)
        if fraction >= 0.3 and not opened.is_set():  # part-way through the copy: wait for the user's click
            held.set()
            opened.wait(GATE_TIMEOUT)

    monkeypatch.setattr(tasks.Progress, "report", report_and_hold)
    before = _folder_state(ctx.db.path.parent)
    restore = _menu_action(window, "Khôi phục từ bản sao lưu…")
    restore.trigger()
    qtbot.waitUntil(held.is_set, timeout=20000)
    qtbot.waitUntil(lambda: _visible_progress(window) is not None, timeout=10000)  # it shows after 600 ms
    dialog = _visible_progress(window)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.value() >= 300, timeout=10000)
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Huỷ"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    opened.set()
    settle(qtbot, ctx, timeout=30000)
    assert asked == [] and _folder_state(ctx.db.path.parent) == before  # nothing half-done, no temporary copy
    assert _visible_progress(window) is None

    # Again, to the end: the chosen file is copied once and checked once (the copy), with real progress.
    copies, checks, values = [], [], []
    copy, check = svc._sqlite_copy, svc.check_backup
    monkeypatch.setattr(svc, "_sqlite_copy", lambda *a, **k: (copies.append(a[0]), copy(*a, **k))[1])
    monkeypatch.setattr(svc, "check_backup", lambda *a, **k: (checks.append(a[0]), check(*a, **k))[1])
    monkeypatch.setattr(tasks.Progress, "report",
                        lambda self, f, text="": (values.append(f), report(self, f, text))[1])
    rebuilt: list[bool] = []
    window.rebuild_requested.connect(lambda: rebuilt.append(True))
    restore.trigger()
    qtbot.waitUntil(lambda: bool(rebuilt), timeout=60000)
    settle(qtbot, ctx, timeout=30000)
    assert len(asked) == 1 and "(2000 hộ)" in asked[0]
    assert copies == [chosen] and len(checks) == 1
    assert len({round(v, 2) for v in values if 0 < v < 1}) >= 5 and values == sorted(values)
    kept = [p.name for p in ctx.db.path.parent.iterdir() if ".before-restore-" in p.name]
    assert len(kept) == 1 and not [p for p in ctx.db.path.parent.iterdir() if p.name.startswith(".~")]
    ctx.db.close()


def _gate(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    entered, opened = threading.Event(), threading.Event()
    real = svc.auto_backup

    def held(*args: Any, **kwargs: Any) -> Path:
        entered.set()
        opened.wait(GATE_TIMEOUT)
        return real(*args, **kwargs)

    monkeypatch.setattr(svc, "auto_backup", held)
    return entered, opened


def test_closing_the_window_while_the_daily_backup_runs_waits_for_it(
        window: MainWindow, ctx: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    entered, opened = _gate(monkeypatch)
    assert window.daily_backup()
    qtbot.waitUntil(entered.is_set, timeout=10000)
    _menu_action(window, "Thoát").trigger()
    assert window.isVisible() and "Đang chờ" in window.statusBar().currentMessage()
    opened.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20000)
    assert [b.kind for b in svc.list_backups(ctx.db.path)] == ["daily"]  # finished, not cut off
    assert not [p for p in (ctx.db.path.parent / "backups").iterdir() if p.name.startswith(".~")]
    assert not window.daily_backup() and ctx.files.pending() == 0  # a closed window starts none


def test_a_window_gone_while_the_daily_backup_runs_gets_no_message_and_no_traceback(
        ctx: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(ctx)  # as the app's shell does when the language changes: the old window is deleted
    window.show()
    # What the window asked the worker for at start has come back (the sync status is read after the first paint).
    qtbot.waitUntil(lambda: window.sync.status is not None and ctx.idle(), timeout=10000)
    entered, opened = _gate(monkeypatch)
    assert window.daily_backup()
    qtbot.waitUntil(entered.is_set, timeout=10000)
    shiboken6.delete(window)
    opened.set()
    settle(qtbot, ctx, timeout=20000)  # the backup's answer arrives with its window gone: no RuntimeError
    assert [b.kind for b in svc.list_backups(ctx.db.path)] == ["daily"]
