"""One user action, one service call, one transaction: driven through the real buttons and keys, checked with
independent SQL on the database file."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QWidget,
)

from binhdan_desktop.store.db import Database
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.mainwindow import MainWindow
from binhdan_desktop.ui.prefs import Prefs
from tests.ui.conftest import settle, type_text

# -- helpers


def sql(db: Database, query: str, *args: object) -> list[tuple[Any, ...]]:
    """Read the database file with plain sqlite3, independent of the app's sessions."""
    con = sqlite3.connect(str(db.path))
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


def button(parent: QWidget, text: str) -> QPushButton:
    found = [b for b in parent.findChildren(QPushButton) if b.text() == text]
    assert len(found) == 1, f"{text!r}: {[b.text() for b in parent.findChildren(QPushButton)]}"
    return found[0]


def save_button(dialog: QWidget) -> QPushButton:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    return box.button(QDialogButtonBox.StandardButton.Save)


def click(qtbot: Any, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def double_click(qtbot: Any, widget: QWidget, pos: QPoint) -> None:
    """As the system sends it: press and release, then the second press as a double click, and its release
    (QTest.mouseDClick alone sends only the double-click event)."""
    left = Qt.MouseButton.LeftButton
    qtbot.mouseClick(widget, left, pos=pos)
    qtbot.mouseDClick(widget, left, pos=pos)
    qtbot.mouseRelease(widget, left, pos=pos)


def focused(fallback: QWidget) -> QWidget:
    return QApplication.focusWidget() or fallback


def type_into_cell(qtbot: Any, table: QTableWidget, row: int, col: int, text: str) -> None:
    """Click the cell, type (the first key opens the editor, replacing the text), Enter commits."""
    item = table.item(row, col)
    table.scrollToItem(item)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(item).center())
    for ch in text:
        qtbot.keyClick(focused(table), ch)
    qtbot.keyClick(focused(table), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(row, col).text() == text, timeout=3000)  # the view commits it queued


def open_tab(qtbot: Any, tabs: QTabWidget, title: str) -> None:
    index = next(i for i in range(tabs.count()) if tabs.tabText(i) == title)
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


class Boxes:
    """The message boxes shown, answered as the test says (question: the next answer in `answers`)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.warnings: list[str] = []
        self.errors: list[str] = []
        self.questions: list[str] = []
        self.answers: list[QMessageBox.StandardButton] = []
        monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: self.warnings.append(a[2]))
        monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: self.errors.append(a[2]))
        monkeypatch.setattr(QMessageBox, "question", self._question)
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self._exec(box))  # the forms' own questions

    def _question(self, parent: object, title: str, text: str = "", *a: object, **k: object) -> object:
        self.questions.append(f"{title} {text}")
        return self.answers.pop(0) if self.answers else QMessageBox.StandardButton.Yes

    def _exec(self, box: QMessageBox) -> int:
        """A question box built by the app: Yes clicks the button that acts, No the one Esc would press."""
        self.questions.append(f"{box.windowTitle()} {box.text()}")
        answer = self.answers.pop(0) if self.answers else QMessageBox.StandardButton.Yes
        acting = (QMessageBox.ButtonRole.DestructiveRole, QMessageBox.ButtonRole.AcceptRole,
                  QMessageBox.ButtonRole.YesRole)
        yes = next(b for b in box.buttons() if box.buttonRole(b) in acting)
        (yes if answer == QMessageBox.StandardButton.Yes else box.escapeButton()).click()
        return 0


def count_writes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many write transactions were opened (one user action must open one)."""
    opened = [0]
    original = Database.write

    def write(self: Database) -> Any:
        opened[0] += 1
        return original(self)

    monkeypatch.setattr(Database, "write", write)
    return opened


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    return Boxes(monkeypatch)


@pytest.fixture
def big_window(big_ctx: AppContext, qtbot: Any, boxes: Boxes) -> MainWindow:
    win = MainWindow(big_ctx)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    settle(qtbot, big_ctx)
    return win


@pytest.fixture
def town_window(ctx: AppContext, qtbot: Any, boxes: Boxes) -> MainWindow:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    settle(qtbot, ctx)
    return win


# -- 1. Settings → targets: every edited row saved, in one transaction


def _targets_page(qtbot: Any, win: MainWindow) -> Any:
    settings = win.show_page("settings")
    open_tab(qtbot, settings.findChild(QTabWidget), "Chỉ tiêu và quy tắc")
    qtbot.waitUntil(lambda: settings.targets.rowCount() == 8, timeout=10000)
    settle(qtbot, win.ctx)
    return settings


def _stored_targets(db: Database, year: int) -> dict[str, float | None]:
    return dict(sql(db, "SELECT code, target FROM plan_target WHERE year = ? AND deleted = 0", year))


def _row_of(table: QTableWidget, code: str) -> int:
    return next(r for r in range(table.rowCount()) if table.item(r, 0).data(Qt.ItemDataRole.UserRole) == code)


def test_three_edited_targets_are_all_saved_by_one_click(big_window: MainWindow, big_ctx: AppContext, qtbot: Any,
                                                         boxes: Boxes, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _targets_page(qtbot, big_window)
    year = settings.t_year.currentData()
    table = settings.targets
    type_into_cell(qtbot, table, _row_of(table, "adults_basic"), 1, "85")
    type_into_cell(qtbot, table, _row_of(table, "students"), 1, "72,5")
    type_into_cell(qtbot, table, _row_of(table, "enterprise_workers"), 1, "60")
    writes = count_writes(monkeypatch)
    click(qtbot, button(settings, "Lưu chỉ tiêu và quy tắc"))
    settle(qtbot, big_ctx)
    stored = _stored_targets(big_ctx.db, year)
    assert (stored["adults_basic"], stored["students"], stored["enterprise_workers"]) == (0.85, 0.725, 0.6)
    assert writes[0] == 1 and not boxes.warnings and not boxes.errors
    qtbot.waitUntil(lambda: table.item(_row_of(table, "students"), 1).text() == "72.5", timeout=5000)


def test_a_sync_arriving_while_targets_are_typed_does_not_wipe_them(big_window: MainWindow, big_ctx: AppContext,
                                                                   qtbot: Any, boxes: Boxes) -> None:
    from binhdan_desktop.services import Changes

    settings = _targets_page(qtbot, big_window)
    year = settings.t_year.currentData()
    table = settings.targets
    type_into_cell(qtbot, table, _row_of(table, "adults_basic"), 1, "91")
    big_ctx.changed.emit(Changes(frozenset({"plan_target", "indicator_rule"})))  # what a sync announces
    settle(qtbot, big_ctx)
    assert table.item(_row_of(table, "adults_basic"), 1).text() == "91"  # what was typed is still there
    click(qtbot, button(settings, "Lưu chỉ tiêu và quy tắc"))
    settle(qtbot, big_ctx)
    assert _stored_targets(big_ctx.db, year)["adults_basic"] == 0.91 and not boxes.warnings


def test_choosing_another_year_with_unsaved_targets_asks_first(big_window: MainWindow, big_ctx: AppContext,
                                                               qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    settings = _targets_page(qtbot, big_window)
    if settings.t_year.count() < 2:
        pytest.skip("the plan has one year")
    table, year = settings.targets, settings.t_year.currentData()
    type_into_cell(qtbot, table, _row_of(table, "adults_basic"), 1, "93")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: (asked.append(a[1]), QMessageBox.StandardButton.No)[1])
    settings.t_year.setFocus()
    qtbot.keyClick(settings.t_year, Qt.Key.Key_Down if settings.t_year.currentIndex() == 0 else Qt.Key.Key_Up)
    settle(qtbot, big_ctx)
    assert asked and settings.t_year.currentData() == year  # "No": the year and what was typed stay
    assert table.item(_row_of(table, "adults_basic"), 1).text() == "93"


def test_a_bad_target_is_reported_by_row_and_nothing_is_stored(big_window: MainWindow, big_ctx: AppContext,
                                                               qtbot: Any, boxes: Boxes) -> None:
    settings = _targets_page(qtbot, big_window)
    year = settings.t_year.currentData()
    before = _stored_targets(big_ctx.db, year)
    table = settings.targets
    type_into_cell(qtbot, table, 0, 1, "55")
    type_into_cell(qtbot, table, 1, 1, "abc")
    type_into_cell(qtbot, table, 3, 1, "150")
    click(qtbot, button(settings, "Lưu chỉ tiêu và quy tắc"))
    settle(qtbot, big_ctx)
    assert len(boxes.warnings) == 1
    message = boxes.warnings[0]
    assert "Dòng 2" in message and "abc" in message and "Dòng 4" in message and "150" in message
    assert "Dòng 1" not in message and "phần trăm" in message  # Vietnamese, says what to type
    assert _stored_targets(big_ctx.db, year) == before
    assert [table.item(r, 1).text() for r in (0, 1, 3)] == ["55", "abc", "150"]  # what was typed stays


def test_an_unknown_lesson_code_is_reported_and_nothing_is_stored(big_window: MainWindow, big_ctx: AppContext,
                                                                  qtbot: Any, boxes: Boxes) -> None:
    settings = _targets_page(qtbot, big_window)
    year = settings.t_year.currentData()
    before = _stored_targets(big_ctx.db, year)
    rules = sql(big_ctx.db, "SELECT code, lessons FROM indicator_rule WHERE deleted = 0 ORDER BY code")
    table = settings.targets
    type_into_cell(qtbot, table, 0, 1, "55")
    type_into_cell(qtbot, table, 2, 2, "KN-01, KN-99")
    click(qtbot, button(settings, "Lưu chỉ tiêu và quy tắc"))
    settle(qtbot, big_ctx)
    assert len(boxes.warnings) == 1 and "Dòng 3" in boxes.warnings[0] and "KN-99" in boxes.warnings[0]
    assert _stored_targets(big_ctx.db, year) == before
    assert sql(big_ctx.db, "SELECT code, lessons FROM indicator_rule WHERE deleted = 0 ORDER BY code") == rules


# -- 2. First run: commune, villages and the first member in one transaction


def test_first_run_that_fails_midway_leaves_nothing_and_a_retry_works(db: Database, qtbot: Any, boxes: Boxes,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from binhdan_desktop.services import team as team_svc
    from binhdan_desktop.ui.dialogs.first_run import FirstRunDialog

    ctx = AppContext(db, Prefs())
    dialog = FirstRunDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    type_text(dialog.name, "Tịnh Sơn")
    type_text(dialog.province, "Quảng Ngãi")
    type_text(dialog.villages, "Thôn Một")
    qtbot.keyClick(dialog.villages, Qt.Key.Key_Return)
    type_text(dialog.villages, "Thôn Hai")
    type_text(dialog.user, "Phạm Thị Hoa")
    real, failures = team_svc.TeamMember, [1]

    def flaky(**values: object) -> object:  # the disk fails as the member is written, once
        if failures and failures.pop():
            raise OSError("disk I/O error")
        return real(**values)

    monkeypatch.setattr(team_svc, "TeamMember", flaky)
    start = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    click(qtbot, start)
    settle(qtbot, ctx)
    assert len(boxes.errors) == 1 and dialog.isVisible()
    assert sql(db, "SELECT count(*) FROM commune")[0][0] == 0
    assert sql(db, "SELECT count(*) FROM village")[0][0] == 0
    writes = count_writes(monkeypatch)
    click(qtbot, start)  # the user tries again
    qtbot.waitUntil(lambda: dialog.result() == 1, timeout=10000)
    assert not boxes.warnings and writes[0] == 1
    assert sql(db, "SELECT name, province FROM commune") == [("Tịnh Sơn", "Quảng Ngãi")]
    assert sql(db, "SELECT name FROM village ORDER BY sort_order") == [("Thôn Một",), ("Thôn Hai",)]
    assert sql(db, "SELECT count(*) FROM team_member_village tv JOIN team_member m ON m.id = tv.member_id "
                   "WHERE m.name = 'Phạm Thị Hoa'")[0][0] == 2
    settle(qtbot, ctx)


# -- 4. Double-clicking a due row opens one visit form


def test_double_click_on_a_due_row_opens_one_visit_form(big_window: MainWindow, big_ctx: AppContext, qtbot: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from binhdan_desktop.ui.dialogs.visit import VisitDialog

    due = big_window.show_page("due")
    qtbot.waitUntil(lambda: due.table.rowCount() > 2, timeout=10000)
    settle(qtbot, big_ctx)
    rows = due.table.rowCount()
    clicked = due.ids[1]
    opened: list[str | None] = []

    def user_saves(dialog: VisitDialog) -> int:  # the form opens; the user saves today's visit at once
        dialog.show()
        qtbot.waitUntil(lambda: dialog.household_id is not None and save_button(dialog).isEnabled(), timeout=10000)
        opened.append(dialog.household_id)
        click(qtbot, save_button(dialog))
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
        return dialog.result()

    monkeypatch.setattr(VisitDialog, "exec", user_saves)
    rect = due.table.visualItemRect(due.table.item(1, 2))
    double_click(qtbot, due.table.viewport(), rect.center())
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    settle(qtbot, big_ctx)
    assert opened == [clicked]  # one form, for the row clicked (not a second one for the next household)
    qtbot.waitUntil(lambda: due.table.rowCount() == rows - 1, timeout=10000)
    settle(qtbot, big_ctx)
    assert opened == [clicked]
    assert clicked not in due.ids
    visits_today = sql(big_ctx.db, "SELECT household_id FROM visit WHERE date = date('now', 'localtime')")
    assert visits_today == [(clicked,)]


# -- 5. Esc asks before dropping unsaved changes; Tab leaves the visit grid


def _household_dialog(qtbot: Any, ctx: AppContext, household_id: str | None, parent: QWidget) -> Any:
    from binhdan_desktop.ui.dialogs.household import HouseholdDialog

    dialog = HouseholdDialog(ctx, household_id, parent)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: save_button(dialog).isEnabled() and dialog.members.rowCount() > 0, timeout=10000)
    settle(qtbot, ctx)
    return dialog


def test_escape_on_the_household_form_asks_only_when_something_changed(big_window: MainWindow,
                                                                        big_ctx: AppContext, qtbot: Any,
                                                                        boxes: Boxes) -> None:
    hid = sql(big_ctx.db, "SELECT id FROM household WHERE deleted = 0 ORDER BY code LIMIT 1")[0][0]
    before = sql(big_ctx.db, "SELECT address FROM household WHERE id = ?", hid)
    dialog = _household_dialog(qtbot, big_ctx, hid, big_window)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and boxes.questions == []  # nothing changed: closes at once

    dialog = _household_dialog(qtbot, big_ctx, hid, big_window)
    dialog.address.setFocus()
    type_text(dialog.address, " (nhà mới)")
    qtbot.keyClick(dialog.address, Qt.Key.Key_Return)  # Enter ends the field; it does not save the form
    settle(qtbot, big_ctx)
    assert dialog.isVisible() and sql(big_ctx.db, "SELECT address FROM household WHERE id = ?", hid) == before
    boxes.answers = [QMessageBox.StandardButton.No]
    qtbot.keyClick(dialog.address, Qt.Key.Key_Escape)
    assert len(boxes.questions) == 1 and "Bỏ các thay đổi chưa lưu của hộ" in boxes.questions[0]
    assert dialog.isVisible() and dialog.address.text().endswith(" (nhà mới)")  # kept as typed
    boxes.answers = [QMessageBox.StandardButton.No]
    dialog.close()  # the window's close button asks too
    assert len(boxes.questions) == 2 and dialog.isVisible()
    boxes.answers = [QMessageBox.StandardButton.Yes]
    qtbot.keyClick(dialog.address, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    settle(qtbot, big_ctx)
    assert sql(big_ctx.db, "SELECT address FROM household WHERE id = ?", hid) == before


def test_escape_on_a_new_household_form_with_a_member_typed_asks(town_window: MainWindow, ctx: AppContext,
                                                                  qtbot: Any, boxes: Boxes) -> None:
    dialog = _household_dialog(qtbot, ctx, None, town_window)
    type_into_cell(qtbot, dialog.members, 0, 1, "1990")  # a birth year, no name yet: still a change
    boxes.answers = [QMessageBox.StandardButton.No]
    qtbot.keyClick(focused(dialog), Qt.Key.Key_Escape)
    assert len(boxes.questions) == 1 and dialog.isVisible()
    assert dialog.members.item(0, 1).text() == "1990"


def _visit_dialog(qtbot: Any, ctx: AppContext, household_id: str, parent: QWidget) -> Any:
    from binhdan_desktop.ui.dialogs.visit import VisitDialog

    dialog = VisitDialog(ctx, household_id, parent)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.grid.rowCount() > 0 and save_button(dialog).isEnabled(), timeout=10000)
    settle(qtbot, ctx)
    return dialog


def test_the_visit_grid_keys_space_ticks_arrows_move_tab_leaves(town_window: MainWindow, ctx: AppContext,
                                                                qtbot: Any, boxes: Boxes) -> None:
    hid = sql(ctx.db, "SELECT household_id FROM person WHERE full_name = 'Nguyễn Văn An'")[0][0]
    dialog = _visit_dialog(qtbot, ctx, hid, town_window)
    grid = dialog.grid
    qtbot.waitUntil(lambda: QApplication.focusWidget() is grid, timeout=5000)
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert grid.item(0, 0).checkState() == Qt.CheckState.Checked
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert (grid.currentRow(), grid.currentColumn()) == (1, 1)
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert grid.item(1, 1).checkState() == Qt.CheckState.Checked
    qtbot.keyClick(grid, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not grid  # no keyboard trap
    assert (grid.currentRow(), grid.currentColumn()) == (1, 1)
    qtbot.keyClick(focused(dialog), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is grid


def test_escape_on_the_visit_form_asks_before_dropping_the_ticks(town_window: MainWindow, ctx: AppContext,
                                                                  qtbot: Any, boxes: Boxes) -> None:
    hid = sql(ctx.db, "SELECT household_id FROM person WHERE full_name = 'Nguyễn Văn An'")[0][0]
    dialog = _visit_dialog(qtbot, ctx, hid, town_window)
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and boxes.questions == []

    dialog = _visit_dialog(qtbot, ctx, hid, town_window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.grid, timeout=5000)
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Space)
    boxes.answers = [QMessageBox.StandardButton.No]
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Escape)
    assert len(boxes.questions) == 1 and dialog.isVisible()
    assert dialog.grid.item(0, 0).checkState() == Qt.CheckState.Checked
    boxes.answers = [QMessageBox.StandardButton.Yes]
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert sql(ctx.db, "SELECT count(*) FROM visit")[0][0] == 0


# -- 6. A double-clicked save saves once; the form closes only when the save succeeded


def test_a_double_clicked_save_registers_one_household(town_window: MainWindow, ctx: AppContext, qtbot: Any,
                                                       boxes: Boxes) -> None:
    dialog = _household_dialog(qtbot, ctx, None, town_window)
    type_into_cell(qtbot, dialog.members, 0, 1, "1988")
    dialog.members.setCurrentCell(0, 0)
    qtbot.keyClick(dialog.members, Qt.Key.Key_F2)
    type_text(focused(dialog.members), "Võ Thị Ước")
    qtbot.keyClick(focused(dialog.members), Qt.Key.Key_Return)
    save = save_button(dialog)
    click(qtbot, save)
    click(qtbot, save)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    settle(qtbot, ctx)
    assert sql(ctx.db, "SELECT count(*) FROM person WHERE full_name = 'Võ Thị Ước'")[0][0] == 1
    assert sql(ctx.db, "SELECT count(*) FROM household WHERE deleted = 0")[0][0] == 4
    assert not boxes.warnings and not boxes.errors


def test_a_double_clicked_visit_save_records_one_visit(town_window: MainWindow, ctx: AppContext, qtbot: Any,
                                                       boxes: Boxes, monkeypatch: pytest.MonkeyPatch) -> None:
    hid = sql(ctx.db, "SELECT household_id FROM person WHERE full_name = 'Nguyễn Văn An'")[0][0]
    dialog = _visit_dialog(qtbot, ctx, hid, town_window)
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Space)
    writes = count_writes(monkeypatch)
    save = save_button(dialog)
    click(qtbot, save)
    click(qtbot, save)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    settle(qtbot, ctx)
    assert sql(ctx.db, "SELECT count(*) FROM visit WHERE household_id = ?", hid)[0][0] == 1
    assert writes[0] == 1


def test_a_refused_save_keeps_the_form_open_with_what_was_typed(town_window: MainWindow, ctx: AppContext,
                                                                qtbot: Any, boxes: Boxes) -> None:
    taken = sql(ctx.db, "SELECT code FROM household WHERE deleted = 0 ORDER BY code LIMIT 1")[0][0]
    dialog = _household_dialog(qtbot, ctx, None, town_window)
    dialog.code.setFocus()
    qtbot.keyClicks(dialog.code, taken)  # a code another household has: refused by the service
    dialog.members.setCurrentCell(0, 0)
    qtbot.keyClick(dialog.members, Qt.Key.Key_F2)
    type_text(focused(dialog.members), "Hồ Văn Tư")
    qtbot.keyClick(focused(dialog.members), Qt.Key.Key_Return)
    click(qtbot, save_button(dialog))
    settle(qtbot, ctx)
    assert len(boxes.warnings) == 1 and taken in boxes.warnings[0]
    assert dialog.isVisible() and dialog.code.text() == taken and dialog.members.item(0, 0).text() == "Hồ Văn Tư"
    assert save_button(dialog).isEnabled()
    type_into_cell(qtbot, dialog.members, 0, 1, "19x0")  # refused by the form before any write
    click(qtbot, save_button(dialog))
    settle(qtbot, ctx)
    assert len(boxes.warnings) == 2 and dialog.isVisible() and dialog.members.item(0, 1).text() == "19x0"
    assert sql(ctx.db, "SELECT count(*) FROM person WHERE full_name = 'Hồ Văn Tư'")[0][0] == 0


# -- 3. Every other settings action is one service call


def _settings_tab(qtbot: Any, win: MainWindow, title: str) -> Any:
    settings = win.show_page("settings")
    open_tab(qtbot, settings.findChild(QTabWidget), title)
    settle(qtbot, win.ctx)
    return settings


def test_a_team_member_and_their_villages_are_saved_in_one_write(town_window: MainWindow, ctx: AppContext,
                                                                 qtbot: Any, boxes: Boxes,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings_tab(qtbot, town_window, "Tổ Công nghệ số")
    qtbot.waitUntil(lambda: settings.m_villages.count() == 3, timeout=5000)
    click(qtbot, button(settings, "Thêm thành viên mới"))
    settings.m_name.setFocus()
    type_text(settings.m_name, "Đỗ Thị Hạnh")
    qtbot.keyClicks(settings.m_phone, "0987654321")
    for row in (0, 2):
        item = settings.m_villages.item(row)
        rect = settings.m_villages.visualItemRect(item)
        settings.m_villages.setCurrentRow(row)
        qtbot.keyClick(settings.m_villages, Qt.Key.Key_Space)
        assert item.checkState() == Qt.CheckState.Checked, rect
    writes = count_writes(monkeypatch)
    click(qtbot, button(settings, "Lưu thành viên"))
    settle(qtbot, ctx)
    assert writes[0] == 1 and not boxes.warnings
    assert sql(ctx.db, "SELECT v.name FROM team_member_village tv JOIN team_member m ON m.id = tv.member_id "
                       "JOIN village v ON v.id = tv.village_id WHERE m.name = 'Đỗ Thị Hạnh' AND tv.deleted = 0 "
                       "ORDER BY v.sort_order") == [("Thôn An Điềm",), ("Thôn Ưu Điềm",)]
    qtbot.waitUntil(lambda: settings.members.count() == 1, timeout=5000)


def test_commune_info_and_village_merge_are_one_write_each(town_window: MainWindow, ctx: AppContext, qtbot: Any,
                                                           boxes: Boxes, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings_tab(qtbot, town_window, "Xã và máy này")
    qtbot.waitUntil(lambda: settings.name.text() == "Bình Chương", timeout=5000)
    settings.body.setFocus()
    settings.body.selectAll()
    type_text(settings.body, "UBND TỈNH QUẢNG NGÃI")
    writes = count_writes(monkeypatch)
    click(qtbot, button(settings, "Lưu"))
    settle(qtbot, ctx)
    assert writes[0] == 1
    assert sql(ctx.db, "SELECT governing_body FROM commune") == [("UBND TỈNH QUẢNG NGÃI",)]

    settings = _settings_tab(qtbot, town_window, "Thôn / Tổ dân phố")
    qtbot.waitUntil(lambda: settings.villages.count() == 3, timeout=5000)
    settings.villages.setCurrentRow(2)
    monkeypatch.setattr("binhdan_desktop.ui.views.settings.QInputDialog.getItem",
                        lambda *a, **k: ("Thôn An Điềm", True))
    click(qtbot, button(settings, "Gộp vào thôn khác"))
    settle(qtbot, ctx)
    assert writes[0] == 2
    assert sql(ctx.db, "SELECT name FROM village WHERE deleted = 0 ORDER BY sort_order") == [
        ("Thôn An Điềm",), ("Thôn Đồng Răm",)]
    qtbot.waitUntil(lambda: settings.villages.count() == 2, timeout=5000)
