"""The import wizard as a user drives it: File → "Nhập danh sách từ bảng tính…", pick a workbook of several
sheets, preview, confirm a loosely matched village, import the clean rows; checked with an independent query
on the 2,000-household commune."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QMessageBox
from sqlalchemy import select

from binhdan_desktop.store.models import Household, Person, Village
from binhdan_desktop.ui.dialogs.import_dialog import ImportDialog
from tests.ui.conftest import settle
from tests.ui.test_backup_ui import _menu_action

HEAD = ["STT", "Mã hộ", "Họ và tên", "Năm sinh", "Giới tính", "Quan hệ với chủ hộ", "Thôn", "Ghi chú"]


def _book(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["DANH SÁCH HỘ GIA ĐÌNH"])
    ws.append(HEAD)
    ws.append([1, "NEW-1", "Phan Văn Thử", 1970, "Nam", "Chủ hộ", "an diem", "x"])  # loose: "Thôn An Điềm"
    ws.append([2, "NEW-1", "Phan Thị Nghiệm", 1972, "Nữ", "Vợ", "an diem", ""])
    ws.append([3, "NEW-2", "Đỗ Văn Lỗi", "31/02/1980", "Nam", "Chủ hộ", "Thôn Đồng Răm", ""])  # no such date
    total = wb.create_sheet("Tổng hợp")
    total.append(["Thôn", "Số hộ", "Số khẩu"])
    total.append(["Tổng cộng", 2, 3])
    wb.create_sheet("Sheet3")
    wb.save(path)
    return path


@pytest.mark.parametrize("keep_village", [True, False])
def test_the_wizard_previews_every_sheet_confirms_villages_and_imports_the_clean_rows(
        big_window, big_ctx, qtbot, monkeypatch, tmp_path, keep_village: bool) -> None:
    path = _book(tmp_path / "ds.xlsx")
    offered: list[str] = []

    def open_file(_parent, _title, _folder, patterns):
        offered.append(patterns)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_file)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a: asked.append(text)
                        or QMessageBox.StandardButton.Yes)
    seen: dict[str, object] = {}

    def user(dialog: ImportDialog) -> int:
        dialog.show()
        settle(qtbot, big_ctx)  # the commune's villages
        qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
        settle(qtbot, big_ctx)
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20000)
        tabs = dialog.preview_tabs
        seen["found"] = [(tabs.found.item(i, 0).text(), tabs.found.item(i, 2).text())
                         for i in range(tabs.found.rowCount())]
        seen["skipped"] = tabs.skipped.text()
        seen["unused"] = [tabs.unused.item(i, 1).text() for i in range(tabs.unused.rowCount())]
        seen["villages"] = [(tabs.villages.item(i, 0).text(), tabs.villages.cellWidget(i, 2).currentText())
                            for i in range(tabs.villages.rowCount())]
        seen["problems"] = [tabs.problems.item(i, 3).text() for i in range(tabs.problems.rowCount())]
        if not keep_village:
            box = tabs.villages.cellWidget(0, 2)
            assert isinstance(box, QComboBox)
            box.setCurrentIndex(box.findData(""))  # "(không nhập)"
            settle(qtbot, big_ctx)  # the preview is made again with that answer
        qtbot.waitUntil(dialog.go.isEnabled, timeout=20000)
        qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.outcome is not None and not dialog.outcome.dry_run, timeout=20000)
        settle(qtbot, big_ctx)
        return 1

    monkeypatch.setattr(ImportDialog, "exec", user)
    _menu_action(big_window, "Nhập danh sách từ bảng tính…").trigger()
    assert all(f"*{s}" in offered[0] for s in (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt"))
    assert seen["found"] == [("Danh sách", "3")]
    assert "Tổng hợp" in str(seen["skipped"]) and "Sheet3" in str(seen["skipped"])
    assert seen["unused"] == ["Ghi chú"]
    assert seen["villages"] == [("an diem", "Thôn An Điềm")]
    assert any("31/02/1980" in p for p in seen["problems"])  # in Vietnamese, the default language
    assert asked and "1" in asked[0]  # told that one row is left out before importing
    with big_ctx.db.read() as s:
        rows = s.execute(select(Person.full_name, Village.name).join(Household, Household.id == Person.household_id)
                         .join(Village, Village.id == Household.village_id)
                         .where(Person.full_name.in_(["Phan Văn Thử", "Phan Thị Nghiệm", "Đỗ Văn Lỗi"]))).all()
    expected = {("Phan Văn Thử", "Thôn An Điềm"), ("Phan Thị Nghiệm", "Thôn An Điềm")} if keep_village else set()
    assert set(rows) == expected  # the flagged row never stored; "(không nhập)" stores none of its village


def test_two_sheets_with_their_own_headers_are_imported_as_previewed(big_window, big_ctx, qtbot, monkeypatch,
                                                                     tmp_path) -> None:
    """Each sheet is matched on its own: the first sheet's column table never switches off the second's columns
    (a tester's 3-village workbook stored 6 of the 23 people the preview had counted)."""
    path = tmp_path / "hai-trang.xlsx"
    wb = Workbook()
    first = wb.active
    first.title = "Thôn An Điềm"
    first.append(["Mã hộ", "Họ và tên", "Năm sinh", "Quan hệ với chủ hộ"])
    first.append(["AD-1", "Phan Văn Một", 1970, "Chủ hộ"])
    first.append(["AD-1", "Phan Thị Hai", 1972, "Vợ"])
    second = wb.create_sheet("Thôn Đồng Răm")
    second.append(["Số hộ", "Họ tên", "Ngày sinh", "Quan hệ", "Giới tính"])
    second.append([1, "Lò Văn Ba", "12/03/1960", "Chủ hộ", "Nam"])
    second.append([1, "Lò Thị Bốn", "01/02/1962", "Vợ", "Nữ"])
    second.append([2, "Hà Văn Năm", "1980", "Chủ hộ", "Nam"])
    wb.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(path), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    previewed: list[str] = []
    notes: list[tuple[str, str]] = []
    shown: list[object] = []

    def user(dialog: ImportDialog) -> int:
        dialog.show()
        settle(qtbot, big_ctx)
        qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
        settle(qtbot, big_ctx)
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20000)
        tabs = dialog.preview_tabs
        first = dialog.outcome  # 12/03/1960 and 01/02/1962 read either way: the user answers day first
        tabs.dates_box.setFocus()
        qtbot.keyClick(tabs.dates_box, Qt.Key.Key_Down)
        qtbot.waitUntil(lambda: dialog.outcome is not first and dialog.go.isEnabled(), timeout=20000)
        previewed.append(str(dialog.outcome.people_created))
        notes.extend((tabs.found.item(i, 0).text(), tabs.found.item(i, 4).text()) for i in range(tabs.found.rowCount()))
        model = tabs.people_model
        column = model.COLUMNS.index("gender")
        shown.extend(model.index(r, column).data() for r in range(model.rowCount()))
        qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.outcome is not None and not dialog.outcome.dry_run, timeout=20000)
        settle(qtbot, big_ctx)
        return 1

    monkeypatch.setattr(ImportDialog, "exec", user)
    _menu_action(big_window, "Nhập danh sách từ bảng tính…").trigger()
    names = ["Phan Văn Một", "Phan Thị Hai", "Lò Văn Ba", "Lò Thị Bốn", "Hà Văn Năm"]
    with big_ctx.db.read() as s:
        rows = s.execute(select(Person.full_name, Person.birth_year, Village.name, Household.id)
                         .join(Household, Household.id == Person.household_id)
                         .join(Village, Village.id == Household.village_id)
                         .where(Person.full_name.in_(names))).all()
    assert previewed == ["5"]
    assert sorted((r[0], r[1], r[2]) for r in rows) == sorted([
        ("Phan Văn Một", 1970, "Thôn An Điềm"), ("Phan Thị Hai", 1972, "Thôn An Điềm"),
        ("Lò Văn Ba", 1960, "Thôn Đồng Răm"), ("Lò Thị Bốn", 1962, "Thôn Đồng Răm"),
        ("Hà Văn Năm", 1980, "Thôn Đồng Răm")])
    households = {r[0]: r[3] for r in rows}
    with big_ctx.db.read() as s:
        genders = dict(s.execute(select(Person.full_name, Person.gender).where(Person.full_name.in_(names))).all())
    assert (genders["Lò Văn Ba"], genders["Lò Thị Bốn"], genders["Hà Văn Năm"]) == ("nam", "nu", "nam")
    # the first sheet has no "Giới tính": its people's gender is left blank (not "khác"), said once for the sheet
    assert (genders["Phan Văn Một"], genders["Phan Thị Hai"]) == ("", "")
    # 12/03/1960 and 01/02/1962: no day above 12, so the day/month order is the user's answer (issue 13)
    assert notes == [("Thôn An Điềm", "Không có cột Giới tính: giới tính để trống"), (
        "Thôn Đồng Răm", "cột Ngày sinh: đọc ngày/tháng/năm, như bạn chọn")]
    assert "Nam" in shown and "Nữ" in shown
    assert households["Lò Văn Ba"] == households["Lò Thị Bốn"] != households["Hà Văn Năm"]


@pytest.mark.parametrize("source,name", [("layouts/two_row_header.xls", "DS THON.XLS"),
                                         ("import/formats/utf8.csv", "DANH SACH.CSV")])
def test_the_picker_offers_every_suffix_in_both_cases_and_reads_an_upper_case_name(
        big_window, big_ctx, qtbot, monkeypatch, tmp_path, source: str, name: str) -> None:
    """A file saved on Windows as "DS THON.XLS": the picker's filter names every suffix in both cases (a native
    dialog may match case by case; Qt's own matches either) and the file is previewed like any other."""
    import shutil

    from binhdan_desktop.importers.reader import SUFFIXES

    path = tmp_path / name
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / source, path)
    offered: list[str] = []
    found: list[int] = []

    def open_file(_parent, _title, _folder, patterns):
        offered.append(patterns)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_file)

    def user(dialog: ImportDialog) -> int:
        dialog.show()
        settle(qtbot, big_ctx)
        qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
        settle(qtbot, big_ctx)
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20000)
        found.append(dialog.preview_tabs.people_model.rowCount())
        return 0

    monkeypatch.setattr(ImportDialog, "exec", user)
    _menu_action(big_window, "Nhập danh sách từ bảng tính…").trigger()
    patterns = offered[0].split("(")[-1].rstrip(")").split()
    assert [s for s in SUFFIXES if f"*{s}" not in patterns or f"*{s.upper()}" not in patterns] == []
    assert {"*.XLS", "*.CSV", "*.XLSX", "*.XLSM", "*.ODS", "*.TXT", "*.TSV"} <= set(patterns)
    assert found and found[0] >= 5


@pytest.mark.parametrize("bad_row", [True, False])
def test_the_clean_rows_question_says_what_is_imported_and_what_is_left_out(
        big_window, big_ctx, qtbot, monkeypatch, tmp_path, bad_row: bool) -> None:
    """"Nhập các dòng không lỗi": the households and people imported, then each thing left out — the rows of a
    household with a problem, a problem of a whole sheet (never "0 dòng"), a sheet without people."""
    path = tmp_path / "ba-trang.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["Mã hộ", "Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Thôn"])
    ws.append(["NEW-1", "Phan Văn Thửaa", 1970, "Chủ hộ", "Thôn An Điềm"])
    ws.append(["NEW-1", "Phan Thị Nghiệmaa", 1972, "Vợ", "Thôn An Điềm"])
    if bad_row:
        ws.append(["NEW-2", "Đỗ Văn Lỗiaa", "31/02/1980", "Chủ hộ", "Thôn An Điềm"])  # no such date
        ws.append(["NEW-2", "Đỗ Thị Lỗibb", 1982, "Vợ", "Thôn An Điềm"])
    wide = wb.create_sheet("Sheet2")
    wide.append(["Mã hộ", "Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Thôn"])
    wide.append(["NEW-3", "Hà Văn Rộngaa", 1960, "Chủ hộ", "Thôn Đồng Răm"])
    wide.cell(row=2, column=600, value="ghi chú xa")  # past column 512: a problem of the whole sheet
    total = wb.create_sheet("Tổng hợp")
    total.append(["Thôn", "Số hộ", "Số khẩu"])
    total.append(["Tổng cộng", 2, 3])
    wb.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(path), ""))
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, title, words, *a: asked.append((title, words))
                        or QMessageBox.StandardButton.Yes)

    def user(dialog: ImportDialog) -> int:
        dialog.show()
        settle(qtbot, big_ctx)
        qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
        settle(qtbot, big_ctx)
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.go.isEnabled, timeout=20000)
        qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.outcome is not None and not dialog.outcome.dry_run, timeout=20000)
        settle(qtbot, big_ctx)
        return 1

    monkeypatch.setattr(ImportDialog, "exec", user)
    _menu_action(big_window, "Nhập danh sách từ bảng tính…").trigger()
    (title, words), = asked
    assert title == "Nhập các dòng không lỗi"
    left = ("2 dòng của 1 hộ có vấn đề hoặc chưa được xác nhận (xem thẻ Vấn đề); " if bad_row else "") + \
        "trang tính “Sheet2”: bỏ qua các ô sau cột thứ 512; bỏ qua trang tính không có danh sách người: “Tổng hợp”."
    assert words == ("Nhập 2 hộ, 3 người (tạo 2 hộ, cập nhật 0 hộ; tạo 3 người, cập nhật 0 người, 0 người không "
                     f"đổi)?\n\nKhông nhập: {left}")
    assert "0 dòng" not in words
    with big_ctx.db.read() as s:
        rows = s.execute(select(Person.full_name, Person.birth_year, Person.relation, Household.code, Village.name)
                         .join(Household, Household.id == Person.household_id)
                         .join(Village, Village.id == Household.village_id)
                         .where(Person.full_name.like("%aa") | Person.full_name.like("%bb"))).all()
    assert sorted(rows) == [("Hà Văn Rộngaa", 1960, "chu_ho", "NEW-3", "Thôn Đồng Răm"),
                            ("Phan Thị Nghiệmaa", 1972, "vo_chong", "NEW-1", "Thôn An Điềm"),
                            ("Phan Văn Thửaa", 1970, "chu_ho", "NEW-1", "Thôn An Điềm")]
