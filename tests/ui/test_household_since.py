"""The household form's "Thay đổi từ ngày" (changed since): the changes saved hold from the day typed in the
dated history, so a report of an earlier day keeps what held then; a day before the person's birth, a day that
has not come yet or a date that is no date is refused with one line, and nothing is stored."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from binhdan_desktop.services import indicators
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.widgets.members_table import COLUMNS, ID_ROLE
from tests.ui.conftest import settle, type_text

LEFT = Qt.MouseButton.LeftButton
TODAY = dt.date.today()


def sql(ctx: AppContext, query: str, *params: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(str(ctx.db.path)) as con:
        return con.execute(query, params).fetchall()


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: pytest.fail(f"error shown: {a[2]}"))

    def discard(box: QMessageBox) -> int:  # the form's "drop the unsaved changes?": drop them
        shown.append(f"? {box.text()}")
        next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", discard)
    return shown


def open_form(qtbot: Any, ctx: AppContext, name: str) -> Any:
    from binhdan_desktop.ui.dialogs.household import HouseholdDialog

    (hid,), = sql(ctx, "SELECT household_id FROM person WHERE full_name = ?", name)
    dialog = HouseholdDialog(ctx, hid)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled() and dialog.members.rowCount() == 2, timeout=10000)
    settle(qtbot, ctx)
    return dialog


def tick_bank_account(qtbot: Any, dialog: Any, name: str) -> str:
    """Click the person's "TK ngân hàng số" cell and tick it with Space; their id."""
    grid, col = dialog.members, [c[0] for c in COLUMNS].index("has_bank_account")
    row = next(r for r in range(grid.rowCount()) if grid.item(r, 0).text() == name)
    item = grid.item(row, col)
    grid.scrollToItem(item)
    qtbot.mouseClick(grid.viewport(), LEFT, pos=grid.visualItemRect(item).center())
    if item.checkState() != Qt.CheckState.Checked:  # a click on the box itself already ticked it
        qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert item.checkState() == Qt.CheckState.Checked
    return str(grid.item(row, 0).data(ID_ROLE))


def type_since(qtbot: Any, dialog: Any, text: str) -> None:
    qtbot.mouseClick(dialog.since, LEFT)
    dialog.since.selectAll()
    type_text(dialog.since, text)
    assert dialog.since.text() == text


def identity(ctx: AppContext, day: dt.date) -> tuple[int, int]:
    with ctx.db.read() as s:
        (row,) = [r for r in indicators.compute(s, day.year, as_of=day) if r.code == "digital_identity"
                  and r.village is None]
    return row.numerator, row.denominator


def test_a_change_saved_since_a_typed_day_holds_from_that_day(ctx: AppContext, qtbot: Any,
                                                              warnings: list[str]) -> None:
    day = TODAY - dt.timedelta(days=40)
    sql(ctx, "UPDATE person SET vneid_level = 2 WHERE full_name = 'Trần Thị Bình'")
    before = identity(ctx, day - dt.timedelta(days=1))
    dialog = open_form(qtbot, ctx, "Nguyễn Văn An")
    assert dialog.since.isVisible() and dialog.since.placeholderText()
    binh = tick_bank_account(qtbot, dialog, "Trần Thị Bình")
    type_since(qtbot, dialog, f"{day:%d/%m/%Y}")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    settle(qtbot, ctx)
    assert warnings == []
    assert sql(ctx, "SELECT has_bank_account FROM person WHERE id = ?", binh) == [(1,)]
    rows = sql(ctx, "SELECT value, since FROM person_status WHERE person_id = ? AND field = 'has_bank_account' "
                    "AND deleted = 0 ORDER BY since", binh)
    assert rows[-1] == ("1", day.isoformat()) and rows[0][0] == "0" and rows[0][1] < day.isoformat()
    # The day before, Bình had no digital bank account yet; from the day typed she has one.
    assert identity(ctx, day - dt.timedelta(days=1)) == before
    assert identity(ctx, day) == (before[0] + 1, before[1])


@pytest.mark.parametrize(("typed", "words"), [
    ("01/01/1970", "trước khi Trần Thị Bình sinh (1975)"),  # before her birth year
    ((TODAY + dt.timedelta(days=3)).strftime("%d/%m/%Y"), "không được sau hôm nay"),
    ("31/02/2026", "không hợp lệ"),
])
def test_a_since_day_before_the_birth_in_the_future_or_no_date_is_refused(
        ctx: AppContext, qtbot: Any, warnings: list[str], typed: str, words: str) -> None:
    stored = sql(ctx, "SELECT * FROM person ORDER BY id"), sql(ctx, "SELECT COUNT(*) FROM change_log")
    dialog = open_form(qtbot, ctx, "Nguyễn Văn An")
    tick_bank_account(qtbot, dialog, "Trần Thị Bình")
    type_since(qtbot, dialog, typed)
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: bool(warnings), timeout=10000)
    settle(qtbot, ctx)
    assert len(warnings) == 1 and words in warnings[0] and "\n" not in warnings[0]
    assert dialog.isVisible()  # the form stays open with what was typed
    assert dialog.since.text() == typed
    assert (sql(ctx, "SELECT * FROM person ORDER BY id"), sql(ctx, "SELECT COUNT(*) FROM change_log")) == stored
    assert sql(ctx, "SELECT COUNT(*) FROM person_status") == [(0,)]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # closing asks to drop what was typed
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert len(warnings) == 2 and warnings[1].startswith("? ")
    assert (sql(ctx, "SELECT * FROM person ORDER BY id"), sql(ctx, "SELECT COUNT(*) FROM change_log")) == stored


def test_a_move_typed_with_its_day_keeps_the_earlier_visits_in_the_old_village(ctx: AppContext, qtbot: Any,
                                                                             warnings: list[str]) -> None:
    from binhdan_desktop.services import reports
    from binhdan_desktop.services.visits import VisitDraft, record_visit

    (hid,), = sql(ctx, "SELECT household_id FROM person WHERE full_name = 'Nguyễn Văn An'")
    visited, moved = TODAY - dt.timedelta(days=20), TODAY - dt.timedelta(days=10)
    record_visit(ctx.db, VisitDraft(hid, visited))
    dialog = open_form(qtbot, ctx, "Nguyễn Văn An")
    assert dialog.village.currentText() == "Thôn An Điềm"
    dialog.village.setFocus()
    qtbot.keyClick(dialog.village, Qt.Key.Key_Down)  # the next village in the list
    assert dialog.village.currentText() == "Thôn Đồng Răm"
    type_since(qtbot, dialog, f"{moved:%d/%m/%Y}")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    settle(qtbot, ctx)
    assert warnings == []

    def log(village: str) -> list[tuple[str, str]]:
        with ctx.db.read() as s:
            report = reports.build(s, "visits", start=visited, end=TODAY, village=village, today=TODAY)
        return [(r[1], r[4]) for t in report.tables[1:] for r in t.rows]

    assert log("Thôn An Điềm") == [("Thôn An Điềm", "Nguyễn Văn An")]  # visited before the move's day
    assert log("Thôn Đồng Răm") == []
    record_visit(ctx.db, VisitDraft(hid, moved))
    assert log("Thôn Đồng Răm") == [("Thôn Đồng Răm", "Nguyễn Văn An")]  # on the day itself: the new village


def test_hoan_tac_of_a_dated_save_gives_back_every_past_figure(ctx: AppContext, window: Any, qtbot: Any) -> None:
    """Save the form with a past "since" day, then Sửa → Hoàn tác in the main window's menu: the dated history is
    what it was (no row dated today), so every day's figures are the ones of before the save."""
    day = TODAY - dt.timedelta(days=40)
    sql(ctx, "UPDATE person SET vneid_level = 2 WHERE full_name = 'Trần Thị Bình'")
    dates = [day - dt.timedelta(days=1), day, day + dt.timedelta(days=10), TODAY - dt.timedelta(days=1), TODAY]
    history = "SELECT id, person_id, field, value, since FROM person_status WHERE deleted = 0 ORDER BY id"
    before = {d: identity(ctx, d) for d in dates}, sql(ctx, history)
    dialog = open_form(qtbot, ctx, "Nguyễn Văn An")
    tick_bank_account(qtbot, dialog, "Trần Thị Bình")
    type_since(qtbot, dialog, f"{day:%d/%m/%Y}")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    settle(qtbot, ctx)
    assert identity(ctx, day) == (before[0][day][0] + 1, before[0][day][1])
    edit = next(a.menu() for a in window.menuBar().actions() if a.menu() and window.undo_action in a.menu().actions())
    edit.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitExposed(edit)
    qtbot.mouseClick(edit, LEFT, pos=edit.actionGeometry(window.undo_action).center())
    settle(qtbot, ctx)
    assert window.statusBar().currentMessage().startswith("Đã hoàn tác: Sửa hộ")
    assert ({d: identity(ctx, d) for d in dates}, sql(ctx, history)) == before
