"""The forms as a new user meets them, on the 2,000-household commune: questions that name what they would drop
and keep it unless told otherwise (Enter and Esc on the real box), deletes that default to "Không", the import
dialog's Đóng / Huỷ, whole table headers under "Chữ to", the status bar after every change and undo, and Tab
through the household form."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableView,
    QWidget,
)

from binhdan_desktop.domain.formatting import fmt_date
from binhdan_desktop.store.db import Database
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.mainwindow import MainWindow
from binhdan_desktop.ui.screenshots import capture_modal
from tests.ui.conftest import settle, type_text

LEFT = Qt.MouseButton.LeftButton


def sql(db: Database, query: str, *args: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(str(db.path)) as con:
        return con.execute(query, args).fetchall()


@pytest.fixture
def win(big_ctx: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(f"warning shown: {a[2]}"))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: pytest.fail(f"error shown: {a[2]}"))
    window = MainWindow(big_ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    settle(qtbot, big_ctx)
    return window


def ask(qtbot: Any, trigger: Callable[[], object], answer: Callable[[QMessageBox], object]) -> dict[str, Any]:
    """Do `trigger`; the real message box it opens is read (text, buttons, which one Enter and Esc press), then
    answered by `answer` as a user would (a key, a click)."""
    seen: dict[str, Any] = {}

    def look(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        # Only plain values are kept: the box and its buttons are gone once it closed.
        default, escape = box.defaultButton(), box.escapeButton()
        keeping = (QMessageBox.ButtonRole.RejectRole, QMessageBox.ButtonRole.NoRole)
        seen.update(text=box.text(), detail=box.informativeText(), buttons=sorted(b.text() for b in box.buttons()),
                    default=default.text() if default else None, escape=escape.text() if escape else None,
                    default_keeps=default is not None and box.buttonRole(default) in keeping,
                    no_is_default=default is not None and default is box.button(QMessageBox.StandardButton.No))
        answer(box)

    capture_modal(QApplication.instance(), trigger, look)  # type: ignore[arg-type]
    assert seen, "no message box was shown"
    return seen


def press(qtbot: Any, key: Qt.Key) -> Callable[[QMessageBox], None]:
    return lambda box: qtbot.keyClick(box, key)


def click(qtbot: Any, text: str) -> Callable[[QMessageBox], None]:
    return lambda box: qtbot.mouseClick(next(b for b in box.buttons() if b.text() == text), LEFT)


def click_yes(qtbot: Any) -> Callable[[QMessageBox], None]:
    return lambda box: qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), LEFT)


def assert_keeps_by_default(seen: dict[str, Any]) -> None:
    """Enter gives the harmless answer, and so does Esc (set to it, or Qt's own pick: the one "No" button)."""
    assert seen["default"] is not None and seen["default_keeps"] and seen["escape"] in (None, seen["default"])


def household_dialog(qtbot: Any, ctx: AppContext, household_id: str, parent: QWidget) -> Any:
    from binhdan_desktop.ui.dialogs.household import HouseholdDialog

    dialog = HouseholdDialog(ctx, household_id, parent)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled() and dialog.members.rowCount() > 0, timeout=10000)
    settle(qtbot, ctx)
    return dialog


def first_household(db: Database) -> tuple[str, str]:
    return sql(db, "SELECT id, code FROM household WHERE deleted = 0 ORDER BY code LIMIT 1")[0]


# -- 1, 2. Every "discard?" is a question naming what is lost; Enter and Esc keep it


def test_leaving_an_edited_household_asks_a_question_that_names_it(win: MainWindow, big_ctx: AppContext,
                                                                   qtbot: Any) -> None:
    hid, code = first_household(big_ctx.db)
    before = sql(big_ctx.db, "SELECT address FROM household WHERE id = ?", hid)
    dialog = household_dialog(qtbot, big_ctx, hid, win)
    dialog.address.setFocus()
    type_text(dialog.address, " (nhà mới)")
    seen = ask(qtbot, lambda: qtbot.keyClick(dialog.address, Qt.Key.Key_Escape), press(qtbot, Qt.Key.Key_Return))
    assert seen["text"] == f"Bỏ các thay đổi chưa lưu của hộ {code}?"
    assert seen["buttons"] == ["Bỏ thay đổi", "Tiếp tục sửa"] and seen["default"] == "Tiếp tục sửa"
    assert_keeps_by_default(seen)
    assert dialog.isVisible() and dialog.address.text().endswith(" (nhà mới)")  # Enter kept the form
    ask(qtbot, lambda: qtbot.keyClick(dialog.address, Qt.Key.Key_Escape), press(qtbot, Qt.Key.Key_Escape))
    assert dialog.isVisible() and dialog.address.text().endswith(" (nhà mới)")  # so did Esc
    ask(qtbot, lambda: qtbot.keyClick(dialog.address, Qt.Key.Key_Escape), click(qtbot, "Bỏ thay đổi"))
    assert not dialog.isVisible()
    settle(qtbot, big_ctx)
    assert sql(big_ctx.db, "SELECT address FROM household WHERE id = ?", hid) == before


def test_leaving_an_event_with_input_names_it_and_keeps_it_on_enter(win: MainWindow, big_ctx: AppContext,
                                                                    qtbot: Any) -> None:
    view = win.show_page("events")
    settle(qtbot, big_ctx)
    qtbot.mouseClick(view.add_button, LEFT)  # type: ignore[attr-defined]
    dialog = view.dialog  # type: ignore[attr-defined]
    settle(qtbot, big_ctx)
    dialog.title.setFocus()
    type_text(dialog.title, "Lớp VNeID thôn 2")
    seen = ask(qtbot, lambda: qtbot.keyClick(dialog.title, Qt.Key.Key_Escape), press(qtbot, Qt.Key.Key_Return))
    assert seen["text"] == "Bỏ lớp học/sự kiện «Lớp VNeID thôn 2» chưa lưu?"
    assert seen["buttons"] == ["Bỏ thay đổi", "Tiếp tục sửa"]
    assert_keeps_by_default(seen)
    assert dialog.isVisible() and dialog.title.text() == "Lớp VNeID thôn 2"
    ask(qtbot, lambda: qtbot.keyClick(dialog.title, Qt.Key.Key_Escape), click(qtbot, "Bỏ thay đổi"))
    qtbot.waitUntil(lambda: view.dialog is None)  # type: ignore[attr-defined]


def test_leaving_a_visit_with_ticks_names_the_household(win: MainWindow, big_ctx: AppContext, qtbot: Any) -> None:
    from binhdan_desktop.ui.dialogs.visit import VisitDialog

    hid, code = first_household(big_ctx.db)
    dialog = VisitDialog(big_ctx, hid, win)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.grid.rowCount() > 0, timeout=10000)
    settle(qtbot, big_ctx)
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Space)
    seen = ask(qtbot, lambda: qtbot.keyClick(dialog.grid, Qt.Key.Key_Escape), press(qtbot, Qt.Key.Key_Return))
    assert seen["text"].startswith(f"Bỏ lần thăm hộ {code} chưa lưu") and seen["text"].endswith("?")
    assert_keeps_by_default(seen)
    assert dialog.isVisible() and dialog.grid.item(0, 0).checkState() == Qt.CheckState.Checked
    dialog.done(0)  # closed without the question (pytest-qt's close at the end would ask it)


def test_the_lesson_form_never_saves_on_enter_and_asks_before_dropping(win: MainWindow, big_ctx: AppContext,
                                                                       qtbot: Any) -> None:
    from binhdan_desktop.ui.views.lessons import LessonDialog

    dialog = LessonDialog(big_ctx, None, None, win.show_page("lessons"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.code, "KN-99")
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0  # Enter ended the field; it did not save
    seen = ask(qtbot, lambda: qtbot.keyClick(dialog.code, Qt.Key.Key_Escape), press(qtbot, Qt.Key.Key_Escape))
    assert seen["text"] == "Bỏ bài học mới đang nhập (chưa lưu)?"
    assert_keeps_by_default(seen)
    assert dialog.isVisible() and dialog.code.text() == "KN-99"
    dialog.done(0)


# -- 2, 5. A delete asks with "Không" as the default; the status bar says what was done and undone


def test_deleting_a_household_defaults_to_no_and_says_it_was_deleted(win: MainWindow, big_ctx: AppContext,
                                                                    qtbot: Any) -> None:
    table = win.households.table
    qtbot.mouseClick(table.viewport(), LEFT, pos=table.visualRect(table.model().index(0, 1)).center())
    hid = win.households.current_id()
    row = win.households.model.row(0)
    assert hid is not None and row is not None
    name = f"{row[0].code} – {row[0].head}"

    def delete() -> None:
        win.activateWindow()  # back from the last box
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
        table.setFocus()
        qtbot.keyClick(table, Qt.Key.Key_Delete)

    seen = ask(qtbot, delete, press(qtbot, Qt.Key.Key_Return))
    assert seen["text"].startswith(f"Xoá hộ {name}") and seen["text"].rstrip(".").count("?") == 1
    assert seen["no_is_default"]
    assert_keeps_by_default(seen)
    ask(qtbot, delete, press(qtbot, Qt.Key.Key_Escape))
    settle(qtbot, big_ctx)
    assert sql(big_ctx.db, "SELECT deleted FROM household WHERE id = ?", hid) == [(0,)]  # Enter, Esc: kept
    ask(qtbot, delete, click_yes(qtbot))
    settle(qtbot, big_ctx)
    assert sql(big_ctx.db, "SELECT deleted FROM household WHERE id = ?", hid) == [(1,)]
    assert win.statusBar().currentMessage() == f"Đã xoá hộ {name}"
    assert win.undo_action.text() == f"Hoàn tác: Xoá hộ {name}"


def test_deleting_an_event_asks_says_so_and_ctrl_z_brings_it_back(win: MainWindow, big_ctx: AppContext,
                                                                  qtbot: Any) -> None:
    view: Any = win.show_page("events")
    settle(qtbot, big_ctx)
    qtbot.waitUntil(lambda: view.table.rowCount() > 0)
    event = view.rows[0]
    done = sql(big_ctx.db, "SELECT count(*) FROM completion WHERE event_id = ? AND deleted = 0", event.id)[0][0]
    assert done > 0
    qtbot.mouseClick(view.table.viewport(), LEFT, pos=view.table.visualItemRect(view.table.item(0, 1)).center())
    seen = ask(qtbot, lambda: qtbot.mouseClick(view.delete_button, LEFT), press(qtbot, Qt.Key.Key_Return))
    name = f"«{event.title}» ngày {fmt_date(event.date)}"
    assert seen["text"].startswith(f"Xoá lớp học/sự kiện {name}") and "?" in seen["text"]
    assert_keeps_by_default(seen)
    settle(qtbot, big_ctx)
    assert sql(big_ctx.db, "SELECT deleted FROM event WHERE id = ?", event.id) == [(0,)]
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    view.table.setFocus()
    ask(qtbot, lambda: qtbot.keyClick(view.table, Qt.Key.Key_Delete), click_yes(qtbot))  # the Delete key too
    settle(qtbot, big_ctx)
    assert sql(big_ctx.db, "SELECT deleted FROM event WHERE id = ?", event.id) == [(1,)]
    assert sql(big_ctx.db, "SELECT count(*) FROM completion WHERE event_id = ? AND deleted = 0", event.id) == [(0,)]
    assert win.statusBar().currentMessage() == f"Đã xoá lớp học/sự kiện {name}"
    assert win.undo_action.text() == f"Hoàn tác: Xoá lớp học/sự kiện {name}"
    qtbot.waitUntil(lambda: event.id not in [r.id for r in view.rows])
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, big_ctx)
    assert sql(big_ctx.db, "SELECT deleted FROM event WHERE id = ?", event.id) == [(0,)]
    assert sql(big_ctx.db, "SELECT count(*) FROM completion WHERE event_id = ? AND deleted = 0",
               event.id) == [(done,)]
    assert win.statusBar().currentMessage() == f"Đã hoàn tác: Xoá lớp học/sự kiện {name}"
    qtbot.waitUntil(lambda: event.id in [r.id for r in view.rows])


# -- 5, 6. Tab through the household form in order; Ctrl+S saves; the status bar says so; Ctrl+Z undoes


def _focus_chain(qtbot: Any, dialog: QWidget, start: QWidget, presses: int) -> list[QWidget]:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    seen = []
    for _ in range(presses):
        widget = QApplication.focusWidget()
        assert widget is not None
        seen.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return seen


def test_tab_goes_through_the_household_form_and_ctrl_s_saves(win: MainWindow, big_ctx: AppContext,
                                                             qtbot: Any) -> None:
    hid, code = first_household(big_ctx.db)
    dialog = household_dialog(qtbot, big_ctx, hid, win)
    assert dialog.members.rowCount() >= 2
    buttons = dialog.findChild(QDialogButtonBox)
    add, remove = (next(b for b in dialog.findChildren(QPushButton) if b.text().startswith(t))
                   for t in ("Thêm người", "Bỏ người"))
    save, cancel = buttons.button(QDialogButtonBox.StandardButton.Save), \
        buttons.button(QDialogButtonBox.StandardButton.Cancel)
    fields = [dialog.village, dialog.code, dialog.address, dialog.phone, dialog.poverty, dialog.notes, dialog.since]
    expected = [*fields, dialog.tabs.tabBar(), dialog.members, add, remove, save, cancel]
    chain = _focus_chain(qtbot, dialog, dialog.village, len(expected) + 1)
    assert chain == [*expected, dialog.village]  # every field once, in order, and round again: no trap
    assert not any(b.isDefault() for b in dialog.findChildren(QAbstractButton) if isinstance(b, QPushButton))
    dialog.notes.setFocus()
    type_text(dialog.notes, "Đã có Zalo")
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Return)  # Enter never saves
    settle(qtbot, big_ctx)
    assert dialog.isVisible() and sql(big_ctx.db, "SELECT notes FROM household WHERE id = ?", hid) != [("Đã có Zalo",)]
    qtbot.keyClick(dialog.notes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    settle(qtbot, big_ctx)
    assert sql(big_ctx.db, "SELECT notes FROM household WHERE id = ?", hid) == [("Đã có Zalo",)]
    assert win.statusBar().currentMessage() == f"Đã lưu hộ {code}"
    assert win.undo_action.text() == f"Hoàn tác: Sửa hộ {code}"
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, big_ctx)
    assert sql(big_ctx.db, "SELECT notes FROM household WHERE id = ?", hid) != [("Đã có Zalo",)]
    assert win.statusBar().currentMessage() == f"Đã hoàn tác: Sửa hộ {code}"


def test_in_the_members_grid_tab_in_an_open_cell_edits_the_next_one(win: MainWindow, big_ctx: AppContext,
                                                                    qtbot: Any) -> None:
    dialog = household_dialog(qtbot, big_ctx, first_household(big_ctx.db)[0], win)
    grid = dialog.members
    qtbot.mouseClick(grid.viewport(), LEFT, pos=grid.visualItemRect(grid.item(0, 1)).center())
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert (grid.currentRow(), grid.currentColumn()) == (0, 2) and grid.state() == grid.State.EditingState
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # closes the cell editor, not the form
    assert dialog.isVisible() and QApplication.focusWidget() is grid
    dialog.done(0)


def test_in_the_members_grid_enter_commits_the_typed_name_and_goes_down(win: MainWindow, big_ctx: AppContext,
                                                                        qtbot: Any) -> None:
    dialog = household_dialog(qtbot, big_ctx, first_household(big_ctx.db)[0], win)
    try:
        grid = dialog.members
        assert grid.rowCount() >= 2
        name = grid.item(0, 0).text()
        qtbot.mouseClick(grid.viewport(), LEFT, pos=grid.visualItemRect(grid.item(0, 0)).center())
        qtbot.keyClick(grid, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        editor.selectAll()  # type: ignore[union-attr]
        type_text(editor, "Võ Thị Ước")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        # committed by the key itself (not later, queued), the cell closed, one row down in the same column
        assert grid.item(0, 0).text() == "Võ Thị Ước" and grid.state() != grid.State.EditingState
        assert (grid.currentRow(), grid.currentColumn()) == (1, 0) and dialog.isVisible()
        qtbot.keyClick(grid, Qt.Key.Key_Return)  # a closed cell: down again, nothing saved
        assert grid.currentRow() == min(2, grid.rowCount() - 1) and dialog.isVisible()
        qtbot.wait(50)  # the delegate's own queued commit comes after: it changes nothing
        assert grid.item(0, 0).text() == "Võ Thị Ước" and dialog.isVisible()
        assert sql(big_ctx.db, "SELECT count(*) FROM person WHERE full_name = ?", name)[0][0] >= 1  # not saved yet
    finally:
        dialog.done(0)


# -- 3. The import dialog: Đóng and Esc close it when idle; Huỷ stops a preview that runs


def test_the_import_dialog_closes_with_esc_and_huy_stops_a_running_preview(win: MainWindow, big_ctx: AppContext,
                                                                          qtbot: Any, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from binhdan_desktop.services import imports
    from binhdan_desktop.ui.dialogs.import_dialog import ImportDialog
    from tests.ui.test_views import Gate, _workbook

    def opened() -> ImportDialog:
        dialog = ImportDialog(big_ctx, win)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        settle(qtbot, big_ctx)
        return dialog

    dialog = opened()
    close = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Đóng")
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Huỷ")
    assert close.isEnabled() and not cancel.isEnabled() and cancel.toolTip()
    qtbot.mouseClick(close, LEFT)
    assert not dialog.isVisible()

    # The progress box (window-modal, with a Huỷ of its own) comes up after 600 ms; on a busy machine the test
    # could be slower than that, so it comes later here: the clicks below land where a quick user's do.
    set_minimum = QProgressDialog.setMinimumDuration
    monkeypatch.setattr(QProgressDialog, "setMinimumDuration", lambda box, _ms: set_minimum(box, 3_600_000))
    dialog = opened()
    dialog.path.setText(str(_workbook(tmp_path / "danh-sach.xlsx")))
    gate = Gate()
    monkeypatch.setattr(imports, "import_file", gate.wrap(imports.import_file))
    qtbot.mouseClick(dialog.preview_button, LEFT)
    qtbot.waitUntil(gate.entered.is_set, timeout=5000)
    assert not dialog.close_button.isEnabled() and dialog.cancel_button.isEnabled()
    qtbot.keyClick(dialog.path, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # Esc does not walk away from a preview that runs
    qtbot.mouseClick(dialog.cancel_button, LEFT)
    gate.opened.set()
    settle(qtbot, big_ctx)
    assert dialog.summary.text() == "Đã huỷ; dữ liệu không thay đổi." and dialog.outcome is None
    assert dialog.close_button.isEnabled() and not dialog.cancel_button.isEnabled()
    qtbot.keyClick(dialog.path, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


# -- 4. "Chữ to": every table header shows its whole text


@pytest.fixture
def large_text(qapp: QApplication) -> Iterator[None]:
    from binhdan_desktop.ui.i18n import apply_font

    apply_font(qapp, True)
    yield
    apply_font(qapp, False)


def _cut_headers(root: QWidget) -> list[str]:
    """The visible header sections narrower than their text needs."""
    cut = []
    for view in root.findChildren(QTableView):
        header = view.horizontalHeader()
        if not view.isVisible() or not header.isVisible():
            continue
        for col in range(header.count()):
            text = str(view.model().headerData(col, Qt.Orientation.Horizontal))
            if not header.isSectionHidden(col) and header.sectionSize(col) < header.sectionSizeHint(col):
                cut.append(f"{type(root).__name__}: {text!r} {header.sectionSize(col)} < {header.sectionSizeHint(col)}")
    return cut


def test_with_large_text_no_table_header_is_cut(large_text: None, big_ctx: AppContext, qtbot: Any,
                                                tmp_path: Path) -> None:
    from binhdan_desktop.ui.dialogs.household import HouseholdDialog
    from binhdan_desktop.ui.dialogs.import_dialog import ImportDialog
    from binhdan_desktop.ui.dialogs.visit import VisitDialog
    from binhdan_desktop.ui.views.events import EventDialog

    window = MainWindow(big_ctx)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    cut = []
    for key in ("households", "due", "lessons", "events"):
        page = window.show_page(key)
        settle(qtbot, big_ctx)
        cut += _cut_headers(page)
    hid = first_household(big_ctx.db)[0]
    for dialog in (HouseholdDialog(big_ctx, hid, window), VisitDialog(big_ctx, hid, window),
                   EventDialog(big_ctx, window), ImportDialog(big_ctx, window)):
        qtbot.addWidget(dialog)
        dialog.show()
        settle(qtbot, big_ctx)
        cut += _cut_headers(dialog)
        dialog.done(0)
    assert cut == []
