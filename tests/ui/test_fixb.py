"""What a new user found: quitting asks about unsaved Settings edits; the reports page fits the window."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from binhdan_desktop.services import indicators
from binhdan_desktop.ui.mainwindow import MainWindow
from tests.ui.conftest import settle
from tests.ui.test_actions import type_into_cell
from tests.ui.test_settings_unsaved import _settings

Answer = QMessageBox.StandardButton


@pytest.fixture(autouse=True)
def _drop_at_the_end(big_window: MainWindow) -> Any:
    """Whatever a test leaves typed is dropped when the fixture closes the window (no real box)."""
    yield
    big_window._drop_unsaved = True


def _questions(monkeypatch: pytest.MonkeyPatch, answer: Any) -> list[str]:
    asked: list[str] = []

    def question(parent: object, title: str, text: str, *rest: Any) -> Any:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def _type_targets_and_quit(qtbot: Any, win: MainWindow) -> Any:
    settings = _settings(qtbot, win, "Chỉ tiêu và quy tắc")
    qtbot.waitUntil(lambda: settings.targets.rowCount() == 8, timeout=10000)
    table = settings.targets
    for row, value in ((0, "81"), (1, "82"), (2, "83")):
        type_into_cell(qtbot, table, row, 1, value)
    file_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&Tệp")
    quit_action = next(a for a in file_menu.actions() if a.text() == "Thoát")
    assert quit_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
    quit_action.trigger()  # Tệp → Thoát, as a click on the menu item does
    return settings


def _stored(win: MainWindow, year: int) -> dict[str, float | None]:
    return {row.code: row.target for row in indicators.target_rows(win.ctx.db, year)}


def test_quit_with_unsaved_targets_cancel_keeps_window_and_typing(
        big_window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _questions(monkeypatch, Answer.Cancel)
    settings = _type_targets_and_quit(qtbot, big_window)
    settle(qtbot, big_window.ctx)
    assert asked == ["Có thay đổi chưa lưu ở Chỉ tiêu và quy tắc. Lưu trước khi thoát?"]
    assert big_window.isVisible() and settings.targets_tab.dirty
    assert settings.targets.item(2, 1).text() == "83"


def test_quit_with_unsaved_targets_save_stores_then_closes(
        big_window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _questions(monkeypatch, Answer.Save)
    settings = _type_targets_and_quit(qtbot, big_window)
    year = settings.t_year.currentData()
    qtbot.waitUntil(lambda: not big_window.isVisible(), timeout=10000)
    assert len(asked) == 1
    stored = _stored(big_window, year)
    codes = [settings.targets.item(row, 0).data(Qt.ItemDataRole.UserRole) for row in range(3)]
    assert [stored[code] for code in codes] == [0.81, 0.82, 0.83]


def test_quit_with_unsaved_targets_discard_closes_without_storing(
        big_window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _questions(monkeypatch, Answer.Discard)
    settings = _type_targets_and_quit(qtbot, big_window)
    year = settings.t_year.currentData()
    qtbot.waitUntil(lambda: not big_window.isVisible(), timeout=10000)
    code = settings.targets.item(2, 0).data(Qt.ItemDataRole.UserRole)
    assert len(asked) == 1 and _stored(big_window, year)[code] != 0.83
