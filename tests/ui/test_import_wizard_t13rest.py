"""The last pieces of issue 13 in the wizard, driven as a user drives it on the 2,000-household commune (File →
"Nhập danh sách từ bảng tính…", the real buttons, modal boxes patched): a list LibreOffice saved with a password is
refused in one line; a column of dates that read differently day first and month first is answered in the
preview ("Ngày/tháng/năm | Tháng/ngày/năm"); a re-import matched for sure says, per person, which recorded values it
keeps. What was stored is read back with plain sqlite3."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from binhdan_desktop.ui.dialogs.import_dialog import ImportDialog
from tests.ui.conftest import settle
from tests.ui.test_import_wizard_review import _drive
from tests.ui.test_import_wizard_t13 import _open_wizard

LEFT = Qt.MouseButton.LeftButton
FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"


@pytest.mark.parametrize("name", ["password.xls", "password.ods"])
def test_a_list_saved_with_a_password_is_refused_in_one_line_and_no_rows_are_shown(
        big_window, big_ctx, qtbot, monkeypatch, name) -> None:
    """password.xls / .ods (LibreOffice's "Save with password", make_password_fixtures.py) picked: the line above
    the tables and the one box say the file has a password and what to do; no sheet, no row, "Nhập" off."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(FIXTURES / "formats" / name), ""))
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, words, *a: boxes.append(words))
    seen: dict[str, Any] = {}

    def act(dialog: ImportDialog) -> None:
        qtbot.mouseClick(dialog.pick_button, LEFT)
        settle(qtbot, big_ctx)
        qtbot.mouseClick(dialog.preview_button, LEFT)  # pressed again: said once, not a second box
        settle(qtbot, big_ctx)
        tabs = dialog.preview_tabs
        seen["state"] = (dialog.sheet.count(), tabs.people_model.rowCount(), tabs.found.rowCount(),
                         dialog.go.isEnabled(), dialog.outcome)
        seen["summary"] = dialog.summary.text()

    _open_wizard(big_window, big_ctx, qtbot, monkeypatch, act)
    assert seen["state"] == (0, 0, 0, False, None)
    assert seen["summary"] == (f"Không nhập được {name}: tệp có mật khẩu: hãy mở bằng Excel hoặc LibreOffice, lưu "
                               "lại không đặt mật khẩu rồi nhập lại")
    assert len(boxes) == 1 and "mật khẩu" in boxes[0] and "Traceback" not in boxes[0], boxes


def _born(path: Path, names: list[str]) -> dict[str, tuple[object, object]]:
    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT full_name, birth_date, birth_year FROM person WHERE deleted = 0 AND full_name IN "
                           f"({', '.join('?' * len(names))})", names).fetchall()
    finally:
        con.close()
    return {name: (date, year) for name, date, year in rows}


def test_an_open_date_column_is_answered_in_the_preview_and_imported_as_chosen(
        big_window, big_ctx, qtbot, monkeypatch) -> None:
    """dates_open.xls (LibreOffice, text dates 03/04/1970, 05/06/1972, 12/11/1968, none above 12): the preview asks
    "Thứ tự ngày của cột Ngày sinh", its problems say so and hold back the two households whose dates read either way;
    the user chooses "Tháng/ngày/năm" with the keyboard: the preview is made again without a problem, the people
    table shows 04/03/1970, and "Nhập" stores month first."""
    seen: dict[str, Any] = {}

    def births(dialog: ImportDialog) -> dict[str, str]:
        model = dialog.preview_tabs.people_model
        name, birth = model.COLUMNS.index("name"), model.COLUMNS.index("birth")
        return {model.data(model.index(r, name)): model.data(model.index(r, birth)) for r in range(model.rowCount())}

    def act(dialog: ImportDialog) -> None:
        tabs = dialog.preview_tabs
        seen["asked"] = (tabs.dates_row.isVisible(), tabs.dates_label.text(), tabs.dates_box.currentText())
        seen["problems"] = [tabs.problems.item(i, 3).text() for i in range(tabs.problems.rowCount())]
        seen["left out"] = dialog.outcome.rows_left_out
        box = tabs.dates_box
        for _ in range(2):  # "(chưa chọn …)" → "Ngày/tháng/năm" → "Tháng/ngày/năm"
            shown = dialog.outcome
            box.setFocus()
            qtbot.keyClick(box, Qt.Key.Key_Down)
            qtbot.waitUntil(lambda s=shown: dialog.outcome is not s and not dialog._again, timeout=20000)
            settle(qtbot, big_ctx)
        qtbot.waitUntil(dialog.go.isEnabled, timeout=20000)
        seen["chosen"] = (box.currentText(), tabs.dates_row.isVisible(), len(dialog.outcome.problems),
                          dialog.outcome.people_created)
        seen["births"] = births(dialog)
        qtbot.mouseClick(dialog.go, LEFT)
        qtbot.waitUntil(lambda: dialog.outcome is not None and not dialog.outcome.dry_run, timeout=20000)
        settle(qtbot, big_ctx)

    _drive(big_window, big_ctx, qtbot, monkeypatch, FIXTURES / "t13rest" / "dates_open.xls", act)
    assert seen["asked"] == (True, "Thứ tự ngày của cột Ngày sinh (không ngày nào > 12 để biết):",
                             "(chưa chọn: ngày đọc được hai cách không được nhập)")
    assert seen["problems"][0].startswith("cột Ngày sinh: ngày như “03/04/1970” đọc được cả ngày/tháng lẫn "
                                          "tháng/ngày"), seen["problems"]
    assert "ngày sinh “12/11/1968” là ngày 12 tháng 11 hoặc ngày 11 tháng 12, tuỳ thứ tự ngày chọn cho cột" \
        in seen["problems"]
    assert seen["left out"] == 5  # KD-01 and KD-02 whole; KD-03 (07/07/1955, 1958) reads the same either way
    assert seen["chosen"] == ("Tháng/ngày/năm", True, 0, 7)
    assert (seen["births"]["Lạc Văn Hòa"], seen["births"]["Đinh Thị Hạnh"]) == ("04/03/1970", "11/12/1968")
    assert _born(big_ctx.db.path, ["Lạc Văn Hòa", "Lạc Thị Mơ", "Lạc Văn Tú", "Đinh Thị Hạnh", "Hà Văn Sơn"]) == {
        "Lạc Văn Hòa": ("1970-03-04", 1970), "Lạc Thị Mơ": ("1972-05-06", 1972), "Lạc Văn Tú": ("2001-05-05", 2001),
        "Đinh Thị Hạnh": ("1968-12-11", 1968), "Hà Văn Sơn": ("1955-07-07", 1955)}


def test_a_sure_reimport_says_per_person_which_recorded_values_it_keeps(big_window, big_ctx, qtbot, monkeypatch,
                                                                       tmp_path) -> None:
    """Last year's list (t13date/dates_recorded.xlsx) imported, then kept_less.xls (LibreOffice) picked: the same two
    households, matched for sure by their codes, typed with less. The people table's column "So với đã ghi",
    beside "Khi nhập", says per person what the command line lists (the same `HouseholdView`): the recorded name
    kept for one typed without marks, the recorded date kept for a year alone, the address kept, each change. No
    day/month order is asked (17/09/1985 decides it). "Nhập" keeps every recorded value so listed."""
    from binhdan_desktop.services import imports

    shot = tmp_path / "kept.png"
    r = imports.import_file(big_ctx.db, FIXTURES / "t13date" / "dates_recorded.xlsx", dry_run=False)
    assert r.written and (r.problems, r.people_created) == ([], 5)
    seen: dict[str, Any] = {}

    def act(dialog: ImportDialog) -> None:
        tabs = dialog.preview_tabs
        view, model = tabs.people, tabs.people_model
        cols = {key: model.COLUMNS.index(key) for key in ("name", "outcome", "recorded")}
        header = view.horizontalHeader()
        seen["header"] = (model.headerData(cols["recorded"], Qt.Orientation.Horizontal),
                          header.visualIndex(cols["recorded"]) - header.visualIndex(cols["outcome"]),
                          view.isColumnHidden(cols["recorded"]))
        seen["rows"] = {model.data(model.index(i, cols["name"])): (model.data(model.index(i, cols["outcome"])),
                                                                   model.data(model.index(i, cols["recorded"])))
                        for i in range(model.rowCount())}
        seen["asked"] = tabs.dates_row.isVisible()
        view.scrollTo(model.index(0, cols["recorded"]))
        dialog.grab().save(str(shot))  # looked at by hand: the column beside "Khi nhập", read whole on hover
        qtbot.waitUntil(dialog.go.isEnabled, timeout=20000)
        qtbot.mouseClick(dialog.go, LEFT)
        qtbot.waitUntil(lambda: dialog.outcome is not None and not dialog.outcome.dry_run, timeout=20000)
        settle(qtbot, big_ctx)

    _drive(big_window, big_ctx, qtbot, monkeypatch, FIXTURES / "t13rest" / "kept_less.xls", act)
    assert seen["header"] == ("So với đã ghi (cập nhật, giữ)", 1, False)
    assert seen["asked"] is False
    assert seen["rows"] == {
        "Kieu Van Khai": ("Không đổi", "giữ địa chỉ đã ghi “Số 5, Xóm Bàu” (tệp chỉ ghi “Xóm Bàu”); giữ ngày sinh đã "
                                       "ghi 15/05/1950; “Kieu Van Khai” → giữ “Kiều Văn Khải”"),
        "Ông Thị Nguyệt": ("Không đổi", "giữ ngày sinh đã ghi 12/03/1975"),
        "Kiều Văn Lực": ("Cập nhật", "ngày sinh 20/08/1995 → 1996"),
        "Quach Thi Nga": ("Không đổi", "địa chỉ “Xom Giua” → giữ “Xóm Giữa”; giữ ngày sinh đã ghi 02/02/1960; "
                                       "“Quach Thi Nga” → giữ “Quách Thị Ngà”"),
        "Quách Văn Tín": ("Cập nhật", "ngày sinh 1985 → 17/09/1985")}, seen["rows"]
    con = sqlite3.connect(big_ctx.db.path)
    try:
        stored = con.execute("SELECT p.full_name, p.birth_date, p.birth_year, h.address FROM person p JOIN household h "
                             "ON h.id = p.household_id WHERE h.code IN ('DR-90', 'DR-91') AND p.deleted = 0 "
                             "ORDER BY p.full_name").fetchall()
    finally:
        con.close()
    assert stored == [("Kiều Văn Khải", "1950-05-15", 1950, "Số 5, Xóm Bàu"),
                      ("Kiều Văn Lực", None, 1996, "Số 5, Xóm Bàu"),
                      ("Quách Thị Ngà", "1960-02-02", 1960, "Xóm Giữa"),
                      ("Quách Văn Tín", "1985-09-17", 1985, "Xóm Giữa"),
                      ("Ông Thị Nguyệt", "1975-03-12", 1975, "Số 5, Xóm Bàu")]


def test_an_order_against_another_sheets_days_is_refused_and_the_preview_stays(
        big_window, big_ctx, qtbot, monkeypatch, tmp_path) -> None:
    """Two sheets: one's dates decide day first (25/04/2001), the other's read either way. "Tháng/ngày/năm" is
    refused in one box naming the cell, the preview on screen stays (and "Nhập" waits); "Ngày/tháng/năm" then makes
    it again with nothing left to answer."""
    from openpyxl import Workbook

    path = tmp_path / "hai-trang.xlsx"
    wb = Workbook()
    for title, rows in (("Xóm 1", [["A1", "Lạc Văn Hòa", "03/04/1970", "Chủ hộ"], ["A1", "Lạc Thị Na", "25/04/2001",
                                                                                   "Con"]]),
                        ("Xóm 2", [["B1", "Đinh Văn Lâm", "05/06/1965", "Chủ hộ"]])):
        ws = wb.active if title == "Xóm 1" else wb.create_sheet(title)
        ws.title = title
        ws.append(["Mã hộ", "Họ và tên", "Ngày sinh", "Quan hệ với chủ hộ", "Thôn"])
        for row in rows:
            ws.append([*row, "Thôn An Điềm"])
    wb.save(path)
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, words, *a: boxes.append(words))
    seen: dict[str, Any] = {}

    def act(dialog: ImportDialog) -> None:
        tabs = dialog.preview_tabs
        seen["asked"] = tabs.dates_label.text()
        first = dialog.outcome
        _choose(qtbot, tabs.dates_box, "mdy")
        qtbot.waitUntil(lambda: bool(boxes), timeout=20000)
        settle(qtbot, big_ctx)
        seen["refused"] = (dialog.outcome is not None, tabs.people_model.rowCount(), dialog.go.isEnabled())
        _choose(qtbot, tabs.dates_box, "dmy")
        qtbot.waitUntil(lambda: dialog.outcome is not first and dialog.go.isEnabled() and not dialog._again,
                        timeout=20000)
        seen["answered"] = (len(dialog.outcome.problems), dialog.outcome.people_created)

    _drive(big_window, big_ctx, qtbot, monkeypatch, path, act)
    assert seen["asked"] == "Thứ tự ngày của cột Ngày sinh (không ngày nào > 12 để biết):"
    assert len(boxes) == 1 and "ô C3 “25/04/2001”" in boxes[0] and "trang “Xóm 1”" in boxes[0], boxes
    assert seen["refused"] == (True, 3, False)  # the last preview on screen, "Nhập" off until answered again
    assert seen["answered"] == (0, 3)


def _choose(qtbot: Any, box: Any, data: str) -> None:
    """The item of `data` chosen with the keyboard, as a user steps through the box (Up/Down)."""
    box.setFocus()
    while box.currentData() != data:
        qtbot.keyClick(box, Qt.Key.Key_Down if box.findData(data) > box.currentIndex() else Qt.Key.Key_Up)
