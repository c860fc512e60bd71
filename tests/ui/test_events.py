"""The event form on a real-sized commune, driven like a user: the filter, the keyboard, the Save button, Ctrl+Z."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from binhdan_desktop.domain.text import fold
from binhdan_desktop.services import Database
from binhdan_desktop.ui.mainwindow import MainWindow
from binhdan_desktop.ui.views.events import EventDialog, EventsView
from binhdan_desktop.ui.widgets.check_list import CheckListModel
from tests.ui.conftest import settle, type_text


def _events_view(win: MainWindow, qtbot) -> EventsView:
    win.nav.setCurrentRow([k for k, _, _ in win.factories].index("events"))
    view = win.built["events"]
    assert isinstance(view, EventsView)
    settle(qtbot, win.ctx)
    return view


def _open(view: EventsView, qtbot) -> EventDialog:
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, EventDialog) and dialog.isVisible()
    settle(qtbot, view.ctx)
    qtbot.waitUntil(lambda: dialog.people.isEnabled() and dialog.people_model.rowCount() > 1000)
    return dialog


def _sql(db: Database, query: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db.path) as con:
        return con.execute(query, args).fetchall()


def test_record_an_event_with_the_keyboard_and_undo_it(big_window: MainWindow, qtbot) -> None:
    view = _events_view(big_window, qtbot)
    shown_before = view.table.rowCount()
    dialog = _open(view, qtbot)
    type_text(dialog.title, "Lớp dùng VNeID – thôn Nguyễn")
    qtbot.keyClicks(dialog.filter, "ngu")
    model = dialog.people_model
    assert 0 < model.rowCount() < model.total()
    assert all("ngu" in fold(model.data(model.index(r))) for r in range(model.rowCount()))
    # filter field → list with Down; Space ticks the first row, Down + Space the second
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Down)
    assert dialog.people.currentIndex().row() == 0
    qtbot.keyClick(dialog.people, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.people, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.people, Qt.Key.Key_Space)
    chosen = [model.id_at(0), model.id_at(1)]
    assert len(set(chosen)) == 2 and set(model.checked_ids()) == set(chosen)
    # a lesson: click its row, Space ticks it
    lessons = dialog.lessons
    qtbot.mouseClick(lessons.viewport(), Qt.MouseButton.LeftButton,
                     pos=lessons.visualRect(dialog.lessons_model.index(2)).center())
    qtbot.keyClick(lessons, Qt.Key.Key_Space)
    lesson = dialog.lessons_model.checked_ids()
    assert len(lesson) == 1
    assert dialog.chosen.text() == "Đã chọn 2 người"
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.dialog is None)
    settle(qtbot, view.ctx)
    db = view.ctx.db
    (event_id, attendance), = _sql(db, "SELECT id, attendance FROM event WHERE title = ? AND deleted = 0",
                                   "Lớp dùng VNeID – thôn Nguyễn")
    assert attendance == 2
    assert sorted(r[0] for r in _sql(db, "SELECT person_id FROM event_attendee WHERE event_id = ? AND deleted = 0",
                                     event_id)) == sorted(chosen)
    done = _sql(db, "SELECT person_id, lesson_id, channel FROM completion WHERE event_id = ? AND deleted = 0", event_id)
    assert len(done) == 2 and {(p, ls) for p, ls, _ in done} == {(pid, lesson[0]) for pid in chosen}
    qtbot.waitUntil(lambda: view.table.rowCount() == shown_before + 1)
    # Ctrl+Z, as typed in the window
    big_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is big_window)
    qtbot.keyClick(big_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, view.ctx)
    assert _sql(db, "SELECT deleted FROM event WHERE id = ?", event_id) == [(1,)]
    assert _sql(db, "SELECT count(*) FROM completion WHERE event_id = ? AND deleted = 0", event_id) == [(0,)]
    assert _sql(db, "SELECT count(*) FROM event_attendee WHERE event_id = ? AND deleted = 0", event_id) == [(0,)]
    qtbot.waitUntil(lambda: view.table.rowCount() == shown_before)


def test_checked_people_stay_checked_when_the_filter_changes(big_window: MainWindow, qtbot) -> None:
    dialog = _open(_events_view(big_window, qtbot), qtbot)
    model = dialog.people_model
    type_text(dialog.filter, "Nguyễn")
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.people, Qt.Key.Key_Space)
    first = model.id_at(0)
    dialog.filter.clear()
    type_text(dialog.filter, "tran")
    assert first not in [model.id_at(r) for r in range(model.rowCount())]
    assert model.checked_ids() == [first]
    dialog.filter.clear()
    assert model.rowCount() == model.total()
    row = [model.id_at(r) for r in range(model.rowCount())].index(first)
    assert model.data(model.index(row), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def test_the_dialog_opens_twice_and_esc_closes_an_empty_one(big_window: MainWindow, qtbot, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or 0)
    view = _events_view(big_window, qtbot)
    for _ in range(2):
        dialog = _open(view, qtbot)
        qtbot.keyClicks(dialog.filter, "ngu")
        assert 0 < dialog.people_model.rowCount() < dialog.people_model.total()
        dialog.filter.clear()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: view.dialog is None)
    assert asked == []


def test_esc_with_input_asks_before_dropping_it(big_window: MainWindow, qtbot, monkeypatch) -> None:
    answers = ["Tiếp tục sửa", "Bỏ thay đổi"]
    asked: list[str] = []

    def answer(box: QMessageBox) -> int:  # the real box, answered by clicking the button named
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == answers[0]).click()
        answers.pop(0)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    view = _events_view(big_window, qtbot)
    dialog = _open(view, qtbot)
    qtbot.keyClicks(dialog.filter, "ngu")
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.people, Qt.Key.Key_Space)  # a ticked person is input too
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["Bỏ lớp học/sự kiện mới đang nhập (chưa lưu)?"] and dialog.isVisible()  # the form stays
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(asked) == 2
    qtbot.waitUntil(lambda: view.dialog is None)
    assert _sql(view.ctx.db, "SELECT count(*) FROM event WHERE title = ''") == [(0,)]


def test_the_check_list_model_filters_folded_keys_and_keeps_checks() -> None:
    model = CheckListModel()
    model.set_items([("a", "Đặng Thị Ánh"), ("b", "Nguyễn Văn An"), ("c", "Lê Văn Cường")])
    model.set_filter("DANG")
    assert [model.id_at(r) for r in range(model.rowCount())] == ["a"]
    assert model.setData(model.index(0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    model.set_filter("van")
    assert [model.id_at(r) for r in range(model.rowCount())] == ["b", "c"] and model.checked_ids() == ["a"]
    model.set_items([("b", "Nguyễn Văn An")])  # "a" is gone from the list: no longer checked
    assert model.checked_ids() == []


def test_save_without_a_title_says_so_and_keeps_the_form(big_window: MainWindow, qtbot, monkeypatch) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    view = _events_view(big_window, qtbot)
    dialog = _open(view, qtbot)
    qtbot.keyClicks(dialog.filter, "ngu")
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.people, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S
    qtbot.waitUntil(lambda: bool(warned))
    settle(qtbot, view.ctx)
    assert len(warned) == 1 and dialog.isVisible() and dialog.people_model.checked_ids()
    assert dialog.buttons.isEnabled()  # the form can be fixed and saved again
    assert not view.ctx.undo.can_undo()
