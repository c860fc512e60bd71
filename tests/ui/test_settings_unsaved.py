"""Settings never drop what the user typed without a word: "Chữ to" → "Áp dụng" (a window rebuild) asks first
about unsaved tabs; a sync that finishes while the user types leaves the typed member and commune fields alone;
the targets open on this year; the sync tab fits a 1280×720 window in English with large text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QListWidget, QMessageBox, QTabWidget

from binhdan_desktop.app import Shell, apply_prefs
from binhdan_desktop.services import commune, indicators, team
from binhdan_desktop.ui import prefs as P
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.mainwindow import MainWindow
from binhdan_desktop.ui.operations import CollectionOp
from tests.ui.conftest import settle, type_text
from tests.ui.test_actions import _row_of, button, click, open_tab, type_into_cell

Answer = QMessageBox.StandardButton


class Asked:
    """Message boxes: each question answered with the next of `answers`; a warning or error is noted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.questions: list[tuple[str, Any, Any]] = []
        self.answers: list[QMessageBox.StandardButton] = []
        self.warnings: list[str] = []
        monkeypatch.setattr(QMessageBox, "question", self._question)
        monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: self.warnings.append(a[2]))
        monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: pytest.fail(f"error shown: {a[2]}"))

    def _question(self, parent: object, title: str, text: str, buttons: Any = None, default: Any = None) -> Any:
        self.questions.append((text, buttons, default))
        return self.answers.pop(0)


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    return Asked(monkeypatch)


@pytest.fixture
def shell(big_ctx: AppContext, qapp: QApplication, qtbot: Any, asked: Asked) -> Iterator[Shell]:
    """The app's own shell over the 2,000-household commune: "Áp dụng" really rebuilds its window."""
    app_shell = Shell(qapp, big_ctx)
    app_shell.show()
    settle(qtbot, big_ctx)
    yield app_shell
    if app_shell.window is not None:
        asked.answers[:] = [Answer.Discard]  # closing asks about what a test left typed: drop it
        app_shell.window.close()
    big_ctx.prefs.set(P.LARGE_TEXT, False)
    big_ctx.prefs.set(P.LANGUAGE, "vi")
    apply_prefs(qapp, big_ctx.prefs)  # the next test gets the ordinary font and language back


def _settings(qtbot: Any, win: MainWindow, tab: str) -> Any:
    """Click "Cài đặt" in the navigation, then the tab."""
    nav = win.nav
    item = nav.item(len(win.factories) - 1)
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(item).center())
    settings = win.settings
    open_tab(qtbot, settings.findChild(QTabWidget), tab)
    settle(qtbot, win.ctx)
    return settings


def _type_line(qtbot: Any, field: QLineEdit, text: str) -> None:
    """Click into the field, select what it holds, type over it."""
    click(qtbot, field)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(field, text)


def _type_targets(qtbot: Any, win: MainWindow) -> tuple[Any, int]:
    settings = _settings(qtbot, win, "Chỉ tiêu và quy tắc")
    qtbot.waitUntil(lambda: settings.targets.rowCount() == 8, timeout=10000)
    table = settings.targets
    type_into_cell(qtbot, table, _row_of(table, "adults_basic"), 1, "87")
    type_into_cell(qtbot, table, _row_of(table, "students"), 1, "66")
    return settings, settings.t_year.currentData()


def _large_text_and_apply(qtbot: Any, win: MainWindow) -> None:
    settings = _settings(qtbot, win, "Giao diện")
    large = settings.findChild(QCheckBox)
    qtbot.mouseClick(large, Qt.MouseButton.LeftButton, pos=QPoint(8, large.height() // 2))  # on its box
    assert large.isChecked()
    click(qtbot, button(settings, "Áp dụng"))


def _ticked(villages: QListWidget) -> frozenset[str]:
    return frozenset(villages.item(i).data(Qt.ItemDataRole.UserRole) for i in range(villages.count())
                     if villages.item(i).checkState() == Qt.CheckState.Checked)


def _stored(ctx: AppContext, year: int) -> dict[str, float | None]:
    return {row.code: row.target for row in indicators.target_rows(ctx.db, year)}


def test_apply_with_unsaved_targets_and_commune_asks_and_save_stores_both_then_rebuilds(
        shell: Shell, big_ctx: AppContext, qtbot: Any, asked: Asked) -> None:
    old = shell.window
    assert old is not None
    settings, year = _type_targets(qtbot, old)
    _settings(qtbot, old, "Xã và máy này")
    _type_line(qtbot, settings.body, "UBND xã Bình Chương")
    asked.answers.append(Answer.Save)
    _large_text_and_apply(qtbot, old)
    qtbot.waitUntil(lambda: shell.window is not old, timeout=10000)  # rebuilt once both were stored
    text, buttons, default = asked.questions[0]
    assert text == "Có thay đổi chưa lưu ở Xã và máy này, Chỉ tiêu và quy tắc. Lưu trước khi áp dụng?"
    assert buttons == Answer.Save | Answer.Discard | Answer.Cancel and default == Answer.Cancel
    stored = _stored(big_ctx, year)
    assert (stored["adults_basic"], stored["students"]) == (0.87, 0.66)
    assert commune.info_of(big_ctx.db).governing_body == "UBND xã Bình Chương"  # type: ignore[union-attr]
    assert big_ctx.prefs.get(P.LARGE_TEXT) is True and not asked.warnings
    new = shell.window
    assert new is not None and new.current_key() == "settings"  # the rebuilt window opens where the user was
    new_settings = _settings(qtbot, new, "Chỉ tiêu và quy tắc")
    table = new_settings.targets
    qtbot.waitUntil(lambda: table.rowCount() == 8, timeout=10000)
    assert table.item(_row_of(table, "adults_basic"), 1).text() == "87"
    assert new_settings.body.text() == "UBND xã Bình Chương"


def test_cancel_keeps_the_window_and_everything_typed(shell: Shell, big_ctx: AppContext, qtbot: Any,
                                                      asked: Asked) -> None:
    old = shell.window
    assert old is not None
    settings, year = _type_targets(qtbot, old)
    before = _stored(big_ctx, year)
    asked.answers.append(Answer.Cancel)
    _large_text_and_apply(qtbot, old)
    settle(qtbot, big_ctx)
    assert shell.window is old and len(asked.questions) == 1  # no rebuild
    assert big_ctx.prefs.get(P.LARGE_TEXT) is False  # nothing applied either
    assert _stored(big_ctx, year) == before  # nothing stored
    table = settings.targets
    assert table.item(_row_of(table, "adults_basic"), 1).text() == "87"  # what was typed stays
    assert settings.targets_tab.dirty


def test_discard_rebuilds_with_what_is_stored(shell: Shell, big_ctx: AppContext, qtbot: Any, asked: Asked) -> None:
    old = shell.window
    assert old is not None
    _, year = _type_targets(qtbot, old)
    before = _stored(big_ctx, year)
    asked.answers.append(Answer.Discard)
    _large_text_and_apply(qtbot, old)
    qtbot.waitUntil(lambda: shell.window is not old, timeout=10000)
    assert _stored(big_ctx, year) == before  # the user said drop them
    new = shell.window
    assert new is not None
    table = _settings(qtbot, new, "Chỉ tiêu và quy tắc").targets
    qtbot.waitUntil(lambda: table.rowCount() == 8, timeout=10000)
    shown = table.item(_row_of(table, "adults_basic"), 1).text()
    assert shown == f"{before['adults_basic'] * 100:g}" and shown != "87"  # type: ignore[operator]


def test_a_refused_save_keeps_the_window_and_says_why(shell: Shell, big_ctx: AppContext, qtbot: Any,
                                                       asked: Asked) -> None:
    old = shell.window
    assert old is not None
    settings, _year = _type_targets(qtbot, old)
    table = settings.targets
    type_into_cell(qtbot, table, _row_of(table, "students"), 1, "abc")
    asked.answers.append(Answer.Save)
    _large_text_and_apply(qtbot, old)
    settle(qtbot, big_ctx)
    assert shell.window is old and len(asked.warnings) == 1 and "abc" in asked.warnings[0]
    assert table.item(_row_of(table, "students"), 1).text() == "abc"  # still there to correct
    assert big_ctx.prefs.get(P.LARGE_TEXT) is False


def test_a_sync_finishing_while_a_member_is_typed_keeps_what_was_typed(shell: Shell, big_ctx: AppContext,
                                                                       qtbot: Any, asked: Asked) -> None:
    win = shell.window
    assert win is not None
    settings = _settings(qtbot, win, "Tổ Công nghệ số")
    members: QListWidget = settings.members
    qtbot.waitUntil(lambda: members.count() >= 2, timeout=10000)
    first = members.item(0)
    qtbot.mouseClick(members.viewport(), Qt.MouseButton.LeftButton, pos=members.visualItemRect(first).center())
    chosen = settings._current_member()
    assert chosen is not None
    _type_line(qtbot, settings.m_name, "Hồ Thị Mới")
    _type_line(qtbot, settings.m_phone, "0905123456")
    villages: QListWidget = settings.m_villages
    untick = next(i for i in range(villages.count()) if villages.item(i).checkState() == Qt.CheckState.Unchecked)
    box = villages.visualItemRect(villages.item(untick))
    qtbot.mouseClick(villages.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(box.left() + 10, box.center().y()))
    assert villages.item(untick).checkState() == Qt.CheckState.Checked
    ticked = _ticked(villages)
    other = next(m for m in team.member_list(big_ctx.db) if m.id != chosen.id)
    # What a sync applies: another member's phone and a new village, announced as its Changes.
    CollectionOp(parent=None, op=lambda db: team.update_member(
        db, other.id, name=other.name, phone="0911000111", role=other.role, villages=list(other.village_ids))) \
        .run_in_background(big_ctx)
    CollectionOp(parent=None, op=lambda db: commune.add_village(db, "Thôn Mới Lập")).run_in_background(big_ctx)
    settle(qtbot, big_ctx)
    assert villages.count() == len(commune.village_list(big_ctx.db))  # the list was rebuilt with the new village
    assert settings.m_name.text() == "Hồ Thị Mới" and settings.m_phone.text() == "0905123456"
    assert _ticked(villages) == ticked  # and the ticks made by hand survived it
    click(qtbot, button(settings, "Lưu thành viên"))
    settle(qtbot, big_ctx)
    saved = next(m for m in team.member_list(big_ctx.db) if m.id == chosen.id)
    assert (saved.name, saved.phone) == ("Hồ Thị Mới", "0905123456") and not asked.warnings
    assert saved.village_ids == ticked


def test_a_sync_finishing_while_the_commune_is_typed_keeps_what_was_typed(shell: Shell, big_ctx: AppContext,
                                                                          qtbot: Any, asked: Asked) -> None:
    win = shell.window
    assert win is not None
    settings = _settings(qtbot, win, "Xã và máy này")
    _type_line(qtbot, settings.province, "Tỉnh Mới")
    CollectionOp(parent=None, op=lambda db: commune.update_commune(
        db, name="Bình Chương", province="Quảng Ngãi", governing_body="UBND huyện")).run_in_background(big_ctx)
    settle(qtbot, big_ctx)
    assert settings.province.text() == "Tỉnh Mới"  # typed, kept
    assert settings.body.text() == "UBND huyện"  # not typed: shows what the sync brought


def test_the_targets_open_on_this_year(big_window: MainWindow, big_ctx: AppContext, qtbot: Any) -> None:
    years, _ = indicators.years_of(big_ctx.db)
    today = dt.date.today().year
    expected = today if today in years else max(years)
    assert years[0] != expected  # the plan starts before this year: the first year is not the answer
    settings = _settings(qtbot, big_window, "Chỉ tiêu và quy tắc")
    qtbot.waitUntil(lambda: settings.t_year.count() == len(years), timeout=10000)
    assert settings.t_year.currentData() == expected


def test_the_sync_tab_fits_1280_by_720_in_english_with_large_text(big_ctx: AppContext, qapp: QApplication,
                                                                   qtbot: Any, asked: Asked) -> None:
    big_ctx.prefs.set(P.LANGUAGE, "en")
    big_ctx.prefs.set(P.LARGE_TEXT, True)
    app_shell = Shell(qapp, big_ctx)
    try:
        win = app_shell.show()
        win.setWindowState(Qt.WindowState.WindowNoState)
        win.resize(1280, 720)
        settle(qtbot, big_ctx)
        _settings(qtbot, win, "Sync")
        qtbot.waitUntil(lambda: win.width() == 1280, timeout=5000)
        area = win.stack.currentWidget()
        bar = area.horizontalScrollBar()  # type: ignore[attr-defined]
        assert bar.maximum() == 0, f"the sync tab needs {bar.maximum()} more pixels"
        assert win.width() == 1280  # and the window did not grow past the screen either
    finally:
        win.close()
        big_ctx.prefs.set(P.LANGUAGE, "vi")
        big_ctx.prefs.set(P.LARGE_TEXT, False)
        apply_prefs(qapp, big_ctx.prefs)
