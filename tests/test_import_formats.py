"""Reading every format an office keeps (files saved by LibreOffice, see fixtures/make_format_fixtures.py),
legacy TCVN3/VNI decided per cell and column, and the refusals that keep hostile files out."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.importers.legacy import decode_sheet, detect, from_tcvn3
from binhdan_desktop.importers.reader import read_book
from binhdan_desktop.importers.types import Cell, Sheet

FORMATS = Path(__file__).parent / "fixtures" / "import" / "formats"
PEOPLE = [  # name, birth, CCCD as typed (a number: leading zero lost), village, address
    ("Huỳnh Thị Ánh Tuyết", dt.date(1961, 3, 5), 51161000123, "Thôn An Điềm", "Số 5, Xóm Đông"),
    ("Phạm Ngọc Ẩn", dt.date(1963, 11, 20), 51063000456, "Thôn An Điềm", "Số 5, Xóm Đông"),
    ("Nguyễn Văn Cường", dt.date(1990, 8, 12), None, "Thôn An Điềm", "Số 5, Xóm Đông"),
    ("Đặng Thị Ước", dt.date(1958, 1, 31), 51158000777, "Thôn Đồng Răm", "Số 9, Xóm Chợ"),
    ("Lê Văn Ưng", dt.date(2001, 12, 1), None, "Thôn Đồng Răm", "Số 9, Xóm Chợ"),
    ("Ông Ích Khiêm", dt.date(1945, 6, 15), 51045000001, "Thôn Phước Lộc", "Thôn Phước Lộc"),
]
NOTES = ["© 2010", None, "§ 3", None, "·", None]  # stray symbols in a Unicode column stay as they are


def _values(sheet: Sheet) -> list[list[object]]:
    return [[c.value for c in row] for row in decode_sheet(sheet).rows]


def _is_nfc(value: object) -> bool:
    return not isinstance(value, str) or unicodedata.is_normalized("NFC", value)


@pytest.mark.parametrize("name", ["openpyxl.xlsx", "libreoffice.xlsx", "libreoffice.xls", "libreoffice.ods"])
def test_workbooks_person_by_person(name: str) -> None:
    book = read_book(FORMATS / name)
    assert [s.name for s in book] == ["Danh sách", "Thôn Phước Lộc"]
    rows = _values(book[0])
    assert rows[1][:3] == ["STT", "Họ và tên", "Ngày sinh"]
    for i, (person, note) in enumerate(zip(PEOPLE, NOTES, strict=True)):
        row = rows[2 + i] + [None] * 10
        full_name, born, cccd, village, address = person
        assert row[:8] == [i + 1, full_name, born, row[3], row[4], cccd, village, full_name]  # TCVN3 column too
        assert row[8] == address and row[9] == note  # the VNI column; the notes untouched
        assert all(_is_nfc(v) for v in row)
    assert isinstance(rows[2][5], int) and isinstance(rows[2][2], dt.date)
    conversions = {(c.column, c.encoding) for c in decode_sheet(book[0]).conversions}
    assert {(7, "tcvn3"), (8, "vni")} <= conversions and not any(c in (1, 6, 9) for c, _ in conversions)


@pytest.mark.parametrize("name", ["openpyxl.xlsx", "libreoffice.xlsx", "libreoffice.xls", "libreoffice.ods"])
def test_fonts_are_read_and_decide(name: str) -> None:
    sheet = read_book(FORMATS / name)[0]
    assert sheet.rows[0][0].font == ".VnTimeH" and sheet.rows[2][7].font == ".VnTime"
    assert sheet.rows[2][8].font == "VNI-Times" and sheet.rows[2][1].font == "Times New Roman"
    decoded = decode_sheet(sheet)
    assert decoded.rows[0][0].value == "DANH SÁCH HỘ GIA ĐÌNH"  # the capital font
    assert {(c.column, c.by_font > 0) for c in decoded.conversions} == {(0, True), (7, True), (8, True)}


def test_formulas_saved_without_a_value() -> None:
    # openpyxl (a script) saves formulas without values; LibreOffice computes and saves them
    script = read_book(FORMATS / "openpyxl.xlsx")[1]
    assert [(c.value, c.formula) for c in script.rows[2]] == [(None, "=B2+1"), (None, "=B2+2"), (None, "=C2")]
    saved = read_book(FORMATS / "libreoffice.xlsx")[1]
    assert [c.value for c in saved.rows[2]] == [1971, 1972, 1] and all(c.formula is None for c in saved.rows[2])


@pytest.mark.parametrize("name,encoding,delimiter", [
    ("utf8.csv", "utf-8", ","), ("utf8-bom.csv", "utf-8-sig", ","), ("unicode-text.csv", "utf-16", "\t")])
def test_csv_unicode_person_by_person(name: str, encoding: str, delimiter: str) -> None:
    (sheet,) = read_book(FORMATS / name)
    assert (sheet.encoding, sheet.delimiter) == (encoding, delimiter)
    rows = _values(sheet)
    for i, (full_name, born, cccd, village, address) in enumerate(PEOPLE):
        row = rows[2 + i]
        assert row[1] == full_name and row[7] == full_name and row[8] == address and row[6] == village
        assert row[2] == born.strftime("%d/%m/%Y") and row[5] == (str(cccd) if cccd else None)
        assert all(_is_nfc(v) for v in row)
    assert rows[2][9] == "© 2010" and rows[4][9] == "§ 3"


def test_csv_cp1258_with_combining_marks() -> None:
    (sheet,) = read_book(FORMATS / "cp1258.csv")
    assert (sheet.encoding, sheet.delimiter) == ("cp1258", ";")
    assert b"\xde" in (FORMATS / "cp1258.csv").read_bytes()  # LibreOffice wrote "ễ" as ê + combining tilde
    rows = _values(sheet)
    assert rows[0] == ["DANH SÁCH HỘ GIA ĐÌNH"]
    assert [(r[1], r[6]) for r in rows[2:]] == [(p[0], p[3]) for p in PEOPLE]
    assert all(_is_nfc(v) for r in rows for v in r)


def test_csv_legacy_bytes_column_by_column() -> None:
    """Excel/LibreOffice on an English Windows save TCVN3 and VNI text as their raw bytes (Windows-1252)."""
    (sheet,) = read_book(FORMATS / "cp1252-legacy.csv")
    decoded = decode_sheet(sheet)
    rows = [[c.value for c in r] for r in decoded.rows]
    assert rows[0] == ["STT", "Họ và tên", "Ngày sinh", "Thôn", "Địa chỉ"]
    for i, (full_name, _born, _cccd, village, address) in enumerate(PEOPLE[:5]):
        assert rows[1 + i][1:] == [full_name, _born.strftime("%d/%m/%Y"), village, address]
    assert {(c.column, c.encoding) for c in decoded.conversions} >= {(1, "tcvn3"), (3, "tcvn3"), (4, "vni")}


def test_unterminated_quote_is_one_problem_row(tmp_path: Path) -> None:
    text = ('Họ và tên,Năm sinh,Thôn\n"Nguyễn Văn An,1961,Thôn An Điềm\nTrần Thị Bình,1965,Thôn An Điềm\n'
            '"Lê Văn Tám, con",1990,"Số 3,\nXóm Gò"\nĐặng Văn Út,2001,Thôn Đồng Răm\n')
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    (sheet,) = read_book(path)
    assert [p.row for p in sheet.problems] == [2]
    values = [[c.value for c in r] for r in sheet.rows]
    assert values[2] == ["Trần Thị Bình", "1965", "Thôn An Điềm"]
    assert values[3] == ["Lê Văn Tám, con", "1990", "Số 3,\nXóm Gò"]  # a quoted comma and newline are fine
    assert values[4] == ["Đặng Văn Út", "2001", "Thôn Đồng Răm"]
    path.write_text('Họ và tên;Năm sinh\nAn;1961\n"Bình;1965\n', encoding="utf-8")  # open to the end
    (sheet,) = read_book(path)
    assert [p.row for p in sheet.problems] == [3] and [c.value for c in sheet.rows[1]] == ["An", "1961"]


def test_semicolon_and_tab_txt(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("Họ và tên\tNăm sinh\nTrần Thị Bình\t1965\n".encode("utf-16"))
    (sheet,) = read_book(tmp_path / "a.txt")
    assert sheet.delimiter == "\t" and [c.value for c in sheet.rows[1]] == ["Trần Thị Bình", "1965"]


def test_legacy_content_scoring() -> None:
    unicode_column = Sheet("s", [[Cell(v)] for v in ["Nguyễn Văn An", "Công ty ©", "§ 3", "Nguy\xadễn", "Hà · Bình"]])
    assert _values(unicode_column) == [[v] for v in ["Nguyễn Văn An", "Công ty ©", "§ 3", "Nguy\xadễn", "Hà · Bình"]]
    assert decode_sheet(unicode_column).conversions == []
    one_cell = Sheet("s", [[Cell("Ghi chú ©")]])
    assert _values(one_cell) == [["Ghi chú ©"]]
    # a TCVN3 row added to a Unicode column converts; Unicode rows around it stay
    mixed = Sheet("s", [[Cell("Nguyễn Văn An")], [Cell("Ph¹m Ngäc Ân")], [Cell("Trần Thị Bình")]])
    assert _values(mixed) == [["Nguyễn Văn An"], ["Phạm Ngọc Ẩn"], ["Trần Thị Bình"]]
    assert detect(["NguyÔn V¨n An", "TrÇn ThÞ B×nh"]) == "tcvn3"
    assert detect(["Nguyeãn Vaên An", "Traàn Thò Bình"]) == "vni"
    assert detect(["Nguyễn Văn An", "Đặng ©"]) == "unicode"


def test_tcvn3_capitals() -> None:
    # TCVN 5712 capitals with tones: 0x83 Á (Windows-1252 shows it as ƒ), 0xC2 Ẩ, 0x90 Í (Latin-1 only)
    assert from_tcvn3("Huúnh ThÞ ƒnh TuyÕt") == "Huỳnh Thị Ánh Tuyết"
    assert from_tcvn3("Ph¹m Ngäc Ân") == "Phạm Ngọc Ẩn"
    assert from_tcvn3("\x90ch") == "Ích"
    assert from_tcvn3("nguyÔn v¨n an", capitals=True) == "NGUYỄN VĂN AN"


def test_sheet_cells_font_hints_beat_content() -> None:
    sheet = Sheet("s", [[Cell("Th«n", ".VnTime"), Cell("Th«n", "Arial"), Cell("Thoân", "VNI-Times")]])
    assert _values(sheet) == [["Thôn", "Th«n", "Thôn"]]  # in a sheet with legacy fonts, Arial says Unicode


# --- refusals and memory --------------------------------------------------------------------------------------
def _xlsx_with(path: Path, edit: dict[str, bytes] | None = None, extra: dict[str, bytes] | None = None) -> Path:
    src = path.with_suffix(".src.xlsx")
    wb = Workbook()
    wb.active.append(["Họ và tên", "Năm sinh"])
    wb.active.append(["Trần Thị Bình", 1965])
    wb.save(src)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, (edit or {}).get(info.filename, zin.read(info.filename)))
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return path


def test_xxe_and_billion_laughs_are_refused(tmp_path: Path) -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
              b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol2;</styleSheet>')
    xxe = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&e;</workbook>')
    for name, part, data in (("laughs.xlsx", "xl/styles.xml", laughs), ("xxe.xlsx", "xl/workbook.xml", xxe)):
        path = _xlsx_with(tmp_path / name, {part: data})
        with pytest.raises(BinhdanError) as err:
            read_book(path)
        assert err.value.code == "import.bad_file" and "DOCTYPE" in err.value.message("en")


def test_password_protected_is_one_line(tmp_path: Path) -> None:
    # an encrypted .xlsx is an OLE box holding an EncryptionInfo stream
    path = tmp_path / "khoa.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptionInfo".encode("utf-16-le"))
    with pytest.raises(BinhdanError) as err:
        read_book(path)
    assert "mật khẩu" in err.value.message("vi") and "password" in err.value.message("en")


def test_zip_bomb_and_garbage_refused(tmp_path: Path) -> None:
    bomb = _xlsx_with(tmp_path / "bomb.xlsx", extra={"xl/media/pad.bin": b"0" * 60_000_000})
    (tmp_path / "rac.xls").write_bytes(b"<html>not a workbook</html>")
    for path in (bomb, tmp_path / "rac.xls"):
        with pytest.raises(BinhdanError):
            read_book(path)


_MEASURE = """
import resource, sys
from binhdan_desktop.importers.reader import read_book
book = read_book(sys.argv[1])
print(sum(len(r) for s in book for r in s.rows), len(book[0].rows), len(book[0].problems))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def _peak(path: Path) -> tuple[str, int]:
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, check=True,
                         timeout=300).stdout.split("\n")
    return out[0], int(out[1])


def _baseline_mb() -> int:
    out = subprocess.run([sys.executable, "-c", "import resource\nimport binhdan_desktop.importers.reader\n"
                          "import python_calamine, openpyxl\n"
                          "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"],
                         capture_output=True, text=True, check=True).stdout
    return int(out)


def test_declared_range_to_xfd_allocates_nothing(tmp_path: Path) -> None:
    src = _xlsx_with(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(src) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    import re

    wide = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', sheet)
    path = _xlsx_with(tmp_path / "xfd.xlsx", {"xl/worksheets/sheet1.xml": wide})
    assert path.stat().st_size < 6000 and b"XFD1048576" in wide
    cells, peak = _peak(path)
    assert cells.split()[:2] == ["4", "2"] and peak - _baseline_mb() < 50


def test_cells_far_apart_follow_the_cells_present(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active["A1"] = "Họ và tên"
    wb.active["A2"] = "Trần Thị Bình"
    wb.active["XFD3"] = "x"  # python-calamine alone would ask for a dense grid to column XFD
    wb.active["ZZ50000"] = "y"
    wb.save(tmp_path / "far.xlsx")
    cells, peak = _peak(tmp_path / "far.xlsx")
    rows, problems = cells.split()[1:]
    assert rows == "50000" and problems == "1" and peak - _baseline_mb() < 80
    wb.active["A200000"] = "z"  # past MAX_ROWS: refused before anything is read
    wb.save(tmp_path / "deep.xlsx")
    with pytest.raises(BinhdanError):
        read_book(tmp_path / "deep.xlsx")


# --- ".VnTime" and ".VnTimeH" cells of one sheet, saved by LibreOffice as .xlsx, .xls and .ods ----------------
CAPITALS = Path(__file__).parent / "fixtures" / "values"


@pytest.mark.parametrize("ext", ["xlsx", "xls", "ods"])
def test_vntimeh_capitals_and_their_count_are_the_same_in_every_format(
        ext: str, commune: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from binhdan_desktop.cli.main import run
    from binhdan_desktop.services import imports

    path = CAPITALS / f"capitals.{ext}"
    sheet = read_book(path)[0]
    assert sheet.rows[0][0].font == ".VnTimeH" and sheet.rows[2][1].font == ".VnTime"
    assert sheet.rows[1][4].font == "Times New Roman"  # the Unicode header among legacy fonts
    assert [sheet.rows[i][1].font for i in range(2, 7)] == [".VnTime"] * 3 + [".VnTimeH", ".VnTime"]
    rows = _values(sheet)
    assert rows[0] == ["DANH SÁCH HỘ GIA ĐÌNH"]  # typed small, drawn (and now stored) in capitals
    assert rows[1] == ["STT", "Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Ghi chú", "Thôn"]
    assert [r[1] for r in rows[2:]] == ["Huỳnh Văn Tài", "Nguyễn Thị Ánh", "Phạm Ngọc Ẩn", "LÊ VĂN TÁM", "Trần Thị Én"]
    assert [r[4] if len(r) > 4 else None for r in rows[2:]] == ["HỘ NGHÈO", "CẬN NGHÈO", None, "HỘ NGHÈO", "AN"]
    assert {r[5] for r in rows[2:]} == {"THÔN AN ĐIỀM"}
    result = imports.import_file(commune, path)
    (summary,) = result.sheets
    # counted from the header down (the title above is no column's), the .VnTime and .VnTimeH names of one
    # column together; the same in .xlsx, .xls and .ods
    assert list(summary.conversions) == [("Họ và tên", "tcvn3", 5), ("Ghi chú", "tcvn3", 4), ("Thôn", "tcvn3", 5)]
    assert result.problems == [] and result.people_created == 5
    assert [p.full_name for h in result.households for p in h.rows.people][3] == "Lê Văn Tám"  # name case
    run(["--db", str(commune.path), "import", str(path), "--dry-run"])
    out = capsys.readouterr().out
    assert "cột Họ và tên: TCVN3 (5 ô / 5 cells)" in out and "cột Ghi chú: TCVN3 (4 ô" in out
    assert "cột STT" not in out


def test_ods_cell_fonts_follow_repeats_column_styles_and_parents() -> None:
    from binhdan_desktop.importers.read_ods import _fonts

    styles = (b'<office:styles><style:style style:name="Default" style:family="table-cell"><style:text-properties'
              b' style:font-name="Calibri"/></style:style><style:style style:name="Vn" style:family="table-cell">'
              b'<style:text-properties style:font-name=".VnTime"/></style:style></office:styles>')
    content = (b'<office:automatic-styles><style:style style:name="ce1" style:family="table-cell" '
               b'style:parent-style-name="Vn"><style:table-cell-properties/></style:style>'
               b'<style:style style:name="ce2" style:family="table-cell"><style:text-properties '
               b'style:font-name=".VnTimeH"/></style:style></office:automatic-styles>'
               b'<table:table table:name="A"><table:table-column table:default-cell-style-name="ce1"/>'
               b'<table:table-column table:number-columns-repeated="3" table:default-cell-style-name="Default"/>'
               b'<table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
               b'<table:table-cell table:number-columns-repeated="2" table:style-name="ce2" office:value-type="string">'
               b'<text:p>y</text:p></table:table-cell><table:covered-table-cell/>'
               b'<table:table-cell office:value-type="string"><text:p>z</text:p></table:table-cell></table:table-row>'
               b'<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2"/>'
               b'<table:table-cell table:style-name="ce1" office:value-type="string"><text:p>w</text:p>'
               b'</table:table-cell></table:table-row><table:table-row table:number-rows-repeated="9"/>'
               b'<table:table-row><table:table-cell office:value-type="string"><text:p>v</text:p></table:table-cell>'
               b'</table:table-row></table:table><table:table table:name="B"><table:table-row><table:table-cell '
               b'office:value-type="string"><text:p>u</text:p></table:table-cell></table:table-row></table:table>')
    a, b = _fonts(content, styles, 100)
    # the column's default style (ce1, its font from its parent), a cell's own style repeated, a covered cell
    assert a[0] == [".VnTime", ".VnTimeH", ".VnTimeH", None, "Calibri"]
    assert a[1] == a[2] == [None, None, ".VnTime"]  # a row repeated with its content
    assert a[3:12] == [[]] * 9 and a[12] == [".VnTime"] and b == [["Calibri"]]


def test_an_empty_styled_cell_at_xfd_is_no_cell(tmp_path: Path, commune: Any,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A tester's file (issue 13): two real rows, the declared range A1:XFD1048576, one cell at XFD3 with a style
    and no value, an empty row 1048576. Nothing is cut, and the grid read is as wide as the real cells."""
    from binhdan_desktop.cli.main import run

    path = FORMATS / "empty_cell_at_xfd.xlsx"
    (sheet,) = read_book(path)
    assert sheet.problems == [] and [len(r) for r in sheet.rows] == [6, 6]
    assert sheet.rows[1][1].value == "Phùng Văn Mạnh"
    cells, peak = _peak(path)  # was 1,048,576 rows (the empty last one) and ~190 MB over the baseline
    assert cells.split() == ["12", "2", "0"] and peak - _baseline_mb() < 40
    # the empty row 1048576 written last: still no row past the real ones (it was "too many rows")
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml")
    moved = xml.replace(b'<row r="1048576"></row>', b"").replace(b"</sheetData>", b'<row r="1048576"/></sheetData>')
    assert moved != xml
    (sheet,) = read_book(_xlsx_with(tmp_path / "last.xlsx", {"xl/worksheets/sheet1.xml": moved}))
    assert sheet.problems == [] and [len(r) for r in sheet.rows] == [6, 6]
    assert run(["--db", str(commune.path), "import", str(path)]) == 0
    assert "512" not in capsys.readouterr().err


def test_a_problem_of_the_whole_sheet_is_not_on_0_rows(tmp_path: Path, commune: Any,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from binhdan_desktop.cli.main import run

    wb = Workbook()
    for row in (["Họ và tên", "Năm sinh", "Quan hệ", "Thôn"], ["Trần Văn Bình", 1970, "Chủ hộ", "Thôn An Điềm"]):
        wb.active.append(row)
    wb.active["XFD3"] = "x"  # a real value past column 512: cut, one problem of the sheet, no row left out
    wb.save(tmp_path / "wide.xlsx")
    assert run(["--db", str(commune.path), "import", str(tmp_path / "wide.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "0 dòng" not in err and "0 rows" not in err
    assert "1 vấn đề của cả trang tính" in err and "1 problem with a whole sheet" in err


def test_a_legacy_header_is_not_its_columns_cell_and_a_column_is_said_once(
        commune: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """The tester's file (issue 13): every header in .VnTime, the birth years and villages not; the addresses in
    VNI-Times. "Năm sinh" and "Thôn" were listed as TCVN3 (1 cell: the header), "Địa chỉ" twice."""
    from binhdan_desktop.cli.main import run
    from binhdan_desktop.services import imports

    path = CAPITALS / "tcvn3_headers.xlsx"
    (summary,) = imports.import_file(commune, path).sheets
    assert list(summary.conversions) == [("Họ và tên", "tcvn3", 5), ("Giới tính", "tcvn3", 3),
                                         ("Quan hệ", "tcvn3", 4), ("Địa chỉ", "vni", 5)]
    # tcvn3_vni_column.xlsx: the same file with its cell F3 (an address) in .VnTime, "Xãm §«ng" ("Xóm Đông"),
    # among VNI ones: the column once, naming both
    both = CAPITALS / "tcvn3_vni_column.xlsx"
    (summary,) = imports.import_file(commune, both).sheets
    assert [c for c in summary.conversions if c[0] == "Địa chỉ"] == [("Địa chỉ", "tcvn3", 1), ("Địa chỉ", "vni", 4)]
    run(["--db", str(commune.path), "import", str(both), "--dry-run"])
    out = capsys.readouterr().out
    assert out.count("cột Địa chỉ") == 2  # once in the summary line, once for the sheet
    assert "cột Địa chỉ: TCVN3 (1 ô / 1 cell), VNI-Windows (4 ô / 4 cells);" in out
    assert "cột Địa chỉ: TCVN3, VNI-Windows;" in out and "cột Năm sinh" not in out and "cột Thôn" not in out
