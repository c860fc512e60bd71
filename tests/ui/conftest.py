"""Qt fixtures: real widgets offscreen over a small commune; modal message boxes patched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QWidget

from binhdan_desktop.services import indicators
from binhdan_desktop.services.households import HouseholdDraft, PersonDraft, create_household
from binhdan_desktop.store.db import Database
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.mainwindow import MainWindow
from binhdan_desktop.ui.prefs import Prefs


def type_text(widget: QWidget, text: str) -> None:
    """Type Vietnamese one character at a time (qtbot.keyClicks aborts on non-ASCII with Qt 6.12)."""
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def settle(qtbot: object, ctx: AppContext, timeout: int = 10000) -> None:
    """Wait until the worker has run every queued op and its result reached the GUI thread."""
    from binhdan_desktop.ui.operations import idle

    qtbot.waitUntil(lambda: idle(ctx), timeout=timeout)  # type: ignore[attr-defined]


@pytest.fixture
def town(commune: Database) -> Database:
    """Three households; "trained" for adults_basic shortened to KN-01 + KN-05 so one visit can change it."""
    indicators.set_rule(commune, "adults_basic", lessons=["KN-01", "KN-05"])
    create_household(commune, HouseholdDraft("Thôn An Điềm", members=[
        PersonDraft("Nguyễn Văn An", 1970, relation="chu_ho", gender="nam"),
        PersonDraft("Trần Thị Bình", 1975, relation="vo_chong", gender="nu")]))
    create_household(commune, HouseholdDraft("Thôn Đồng Răm", members=[
        PersonDraft("Đặng Thị Ánh", 1980, relation="chu_ho", gender="nu")]))
    create_household(commune, HouseholdDraft("Thôn Ưu Điềm", members=[
        PersonDraft("Lê Văn Cường", 1960, relation="chu_ho", gender="nam")]))
    return commune


@pytest.fixture
def ctx(town: Database, qapp: object) -> Iterator[AppContext]:
    context = AppContext(town, Prefs())
    yield context
    context.tasks.wait()


@pytest.fixture
def big_ctx(big_commune: Database, qapp: object) -> Iterator[AppContext]:
    """The app's context over the real-sized commune (2,000 households)."""
    context = AppContext(big_commune, Prefs())
    yield context
    context.tasks.wait()


@pytest.fixture
def big_window(big_ctx: AppContext, qtbot: object, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """The real main window over the 2,000-household commune; a warning or error box fails the test."""
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(f"warning shown: {a[2]}"))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: pytest.fail(f"error shown: {a[2]}"))
    win = MainWindow(big_ctx)
    qtbot.addWidget(win)  # type: ignore[attr-defined]
    win.show()
    return win


@pytest.fixture
def window(ctx: AppContext, qtbot: object, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(f"warning shown: {a[2]}"))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: pytest.fail(f"error shown: {a[2]}"))
    win = MainWindow(ctx)
    qtbot.addWidget(win)  # type: ignore[attr-defined]
    win.show()
    return win
