"""Files no other import test covers (issue 13): an xlsx as WPS Spreadsheets writes one (no styles.xml, strings
inline, its own app.xml), an xlsx whose XML declares a DOCTYPE / external entity (refused by `binhdan import` in a
real process: one line, exit 2, nothing written), a password-protected xlsx as Office stores one (refused in one line)
and `--reject-matches` run as a real process, checked person by
person with plain sqlite3. (.xlsm: `test_import_layouts.py`, LibreOffice's macro-enabled workbook.)"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from binhdan_desktop.services import imports
from binhdan_desktop.store.db import Database

BINHDAN = Path(sys.executable).with_name("binhdan")  # the installed entry point, as a user runs it
T13 = Path(__file__).parent / "fixtures" / "import" / "t13"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _binhdan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BINHDAN), *args], capture_output=True, text=True, timeout=120, env={**os.environ})


def _sql(path: Path, query: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


# --- an xlsx as WPS Spreadsheets writes it ----------------------------------------------------------------------
def _inline(ref: str, text: str) -> str:
    if "|" in text:  # rich text: the runs as WPS splits a name typed in two fonts
        runs = "".join(f'<r><rPr><rFont val="Times New Roman"/></rPr><t xml:space="preserve">{t}</t></r>'
                       for t in text.split("|"))
        return f'<c r="{ref}" t="inlineStr"><is>{runs}</is></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


WPS_ROWS: list[list[object]] = [
    ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Quan hệ với chủ hộ", "Số CCCD", "Thôn"],
    [1, "Nguyễn |Văn Thắng", 22345, "Nam", "Chủ hộ", "051061000999", "Thôn An Điềm"],  # a serial, no style
    [None, "Lê Thị Hoà", "1963", "Nữ", "Vợ", None, "Thôn An Điềm"],
    [None, "Nguyễn Thị Thu", 1990, "Nữ", "Con", None, "Thôn An Điềm"],
    [2, "Phạm Văn Ước", "25/06/1958", "Nam", "Chủ hộ", 51058000777, "Thôn Đồng Răm"],  # CCCD a number; day 25 decides
]


def _wps_xlsx(path: Path) -> Path:
    rows = []
    for r, values in enumerate(WPS_ROWS, 1):
        cells = []
        for c, v in enumerate(values):
            ref = f"{chr(65 + c)}{r}"
            if isinstance(v, str):
                cells.append(_inline(ref, v))
            elif v is not None:
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
        rows.append(f'<row r="{r}" spans="1:7">{"".join(cells)}</row>')
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
        f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" '
        f'Type="{REL}/extended-properties" Target="docProps/app.xml"/></Relationships>',
        "docProps/app.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties '
        'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        '<Application>WPS Spreadsheets</Application><AppVersion>11.2.0.11440</AppVersion>'
        '<DocSecurity>0</DocSecurity></Properties>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN}" '
        f'xmlns:r="{REL}"><bookViews><workbookView windowWidth="28800" windowHeight="12360"/></bookViews>'
        f'<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="144525"/></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
        f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet '
        f'xmlns="{MAIN}" xmlns:r="{REL}"><dimension ref="A1:G5"/><sheetData>{"".join(rows)}</sheetData>'
        f'<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text.encode("utf-8"))
    return path


def test_a_wps_like_xlsx_without_styles_and_with_inline_strings_person_by_person(
        commune: Database, tmp_path: Path) -> None:
    path = _wps_xlsx(tmp_path / "wps.xlsx")
    with zipfile.ZipFile(path) as zf:
        assert "xl/styles.xml" not in zf.namelist() and "xl/sharedStrings.xml" not in zf.namelist()
    r = imports.import_file(commune, path, dry_run=False)
    assert r.written and r.problems == [] and (r.households_created, r.people_created) == (2, 4)
    people = _sql(commune.path, "SELECT p.full_name, p.birth_date, p.birth_year, p.gender, p.relation, p.cccd, "
                                "v.name, h.id FROM person p JOIN household h ON h.id = p.household_id "
                                "JOIN village v ON v.id = h.village_id ORDER BY p.full_name")
    serial = (dt.date(1899, 12, 30) + dt.timedelta(days=22345)).isoformat()
    assert [row[:7] for row in people] == [
        ("Lê Thị Hoà", None, 1963, "nu", "vo_chong", None, "Thôn An Điềm"),
        ("Nguyễn Thị Thu", None, 1990, "nu", "con", None, "Thôn An Điềm"),
        ("Nguyễn Văn Thắng", serial, 1961, "nam", "chu_ho", "051061000999", "Thôn An Điềm"),
        ("Phạm Văn Ước", "1958-06-25", 1958, "nam", "chu_ho", "051058000777", "Thôn Đồng Răm")]
    household = {row[0]: row[7] for row in people}
    assert household["Lê Thị Hoà"] == household["Nguyễn Thị Thu"] == household["Nguyễn Văn Thắng"] \
        != household["Phạm Văn Ước"]


# --- a DOCTYPE / external entity, refused by the real command ------------------------------------------------------
def _xlsx_with_doctype(path: Path, part: str, secret: Path) -> Path:
    src = path.with_suffix(".src.xlsx")
    wb = Workbook()
    wb.active.append(["Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Thôn"])
    wb.active.append(["Trần Văn Bí Mật", 1965, "Chủ hộ", "Thôn An Điềm"])
    wb.save(src)
    entity = f'<!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'.encode()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:  # the DOCTYPE where XML allows it: after the declaration, before the root
                data = data.replace("Trần Văn Bí Mật".encode(), b"&e;")
                head, sep, rest = data.partition(b"?>") if data.startswith(b"<?xml") else (b"", b"", data)
                data = head + sep + entity + rest
            zout.writestr(info, data)
    return path


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/styles.xml", "docProps/app.xml"])
def test_an_xlsx_with_a_doctype_is_refused_by_the_command_in_one_line(tmp_path: Path, part: str) -> None:
    db = tmp_path / "xa.sqlite3"
    done = _binhdan("--db", str(db), "setup", "--commune", "Bình Chương", "--province", "Quảng Ngãi",
                    "--village", "Thôn An Điềm")
    assert done.returncode == 0, done.stderr
    secret = tmp_path / "bi-mat.txt"
    secret.write_text("MẬT KHẨU 12345", encoding="utf-8")
    path = _xlsx_with_doctype(tmp_path / "xxe.xlsx", part, secret)
    with zipfile.ZipFile(path) as zf:
        assert b"<!DOCTYPE" in zf.read(part)
    before = _sql(db, "SELECT count(*), (SELECT count(*) FROM change_log) FROM person")
    done = _binhdan("--db", str(db), "import", str(path), "--accept-problems")
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "DOCTYPE" in lines[0] and "xxe.xlsx" in lines[0], done.stderr
    assert "12345" not in done.stderr and "Traceback" not in done.stderr
    assert _sql(db, "SELECT count(*), (SELECT count(*) FROM change_log) FROM person") == before == [(0, before[0][1])]


# --- --reject-matches in a real process, person by person ----------------------------------------------------------
def test_reject_matches_as_a_real_process_person_by_person(tmp_path: Path) -> None:
    db = tmp_path / "xa.sqlite3"
    assert _binhdan("--db", str(db), "setup", "--commune", "Bình Chương", "--province", "Quảng Ngãi",
                    "--village", "Thôn Đồng Răm").returncode == 0
    first = _binhdan("--db", str(db), "import", str(T13 / "B_tworow.xlsx"))
    assert first.returncode == 0, first.stderr
    query = ("SELECT p.id, p.full_name, p.birth_year, p.gender, p.relation, p.household_id FROM person p "
             "WHERE p.deleted = 0 ORDER BY p.full_name, p.birth_year")
    recorded = _sql(db, query)
    assert len(recorded) == 6
    undecided = _binhdan("--db", str(db), "import", str(T13 / "B_tworow_edit.xlsx"))
    assert undecided.returncode == 2 and _sql(db, query) == recorded  # undecided likely matches: nothing written
    done = _binhdan("--db", str(db), "import", str(T13 / "B_tworow_edit.xlsx"), "--reject-matches")
    assert done.returncode == 0, done.stderr
    assert "2 người có thể trùng là người khác" in done.stdout and "[chủ hộ / head]" in done.stdout
    after = _sql(db, query)
    old = {row[0]: row for row in recorded}
    new = [row[1:] for row in after if row[0] not in old]
    kept = {row[0]: row for row in after if row[0] in old}
    khoa = next(pid for pid, name, *_ in recorded if name == "Đặng Văn Khoa")
    # Khoa's household is found by its two other members (his year corrected); Nam and Phượng are new households,
    # Nam's member going with him as a new person; the recorded Nam, Oanh and Phượng untouched.
    assert kept == {**old, khoa: (*old[khoa][:2], 1961, *old[khoa][3:])}
    assert sorted(row[:4] for row in new) == [("Bùi Thị Kim Oanh", 1995, "nu", ""),
                                              ("Bùi Văn Nam", 1971, "nam", "chu_ho"),
                                              ("Hoàng Thị Phượng", 1956, "nu", "chu_ho")]
    households = {row[0]: row[4] for row in new}
    assert households["Bùi Văn Nam"] == households["Bùi Thị Kim Oanh"] != households["Hoàng Thị Phượng"]
    assert not {row[4] for row in new} & {row[5] for row in recorded}  # new households, none of the recorded
    assert _sql(db, "SELECT count(*) FROM household WHERE deleted = 0") == [(5,)]


# --- a password-protected workbook as Office stores one -----------------------------------------------------------
PASSWORD_XLSX = Path(__file__).parent / "fixtures" / "import" / "formats" / "password.xlsx"  # make_encrypted_fixture


@pytest.mark.parametrize("name", ["password.xlsx", "DS.XLS", "khoa.ods"])  # renamed: the bytes decide
def test_a_password_protected_workbook_is_refused_in_one_line(tmp_path: Path, name: str) -> None:
    """An OLE box with EncryptionInfo and EncryptedPackage (ECMA-376 Standard encryption, checked by msoffcrypto-tool
    when it was built): the reader, the file picker's sheet list and the real command each say "password"."""
    from binhdan_desktop.errors import BinhdanError
    from binhdan_desktop.importers.reader import read_book, sheets

    path = tmp_path / name
    path.write_bytes(PASSWORD_XLSX.read_bytes())
    for read in (read_book, sheets):
        with pytest.raises(BinhdanError) as err:
            read(path)
        assert "mật khẩu" in err.value.message("vi") and "password" in err.value.message("en")
    db = tmp_path / "xa.sqlite3"
    assert _binhdan("--db", str(db), "setup", "--commune", "Bình Chương", "--province", "Quảng Ngãi",
                    "--village", "Thôn An Điềm").returncode == 0
    done = _binhdan("--db", str(db), "import", str(path))
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1 and "mật khẩu" in lines[0] and "password" in lines[0], done.stderr
    assert _sql(db, "SELECT count(*) FROM person") == [(0,)]


# --- an .xls and an .ods saved with a password by LibreOffice ---------------------------------------------------
FORMATS = Path(__file__).parent / "fixtures" / "import" / "formats"


@pytest.mark.parametrize(("fixture", "name"), [("password.xls", "password.xls"), ("password.xls", "ds.csv"),
                                               ("password.ods", "password.ods"), ("password.ods", "DS.XLSX")])
def test_an_xls_or_ods_saved_with_a_password_is_refused_in_one_line(tmp_path: Path, fixture: str, name: str) -> None:
    """LibreOffice's own "Save with password" (make_password_fixtures.py: Excel 97 RC4 CryptoAPI that msoffcrypto-tool
    opens with "1234"; an .ods whose manifest lists encryption-data): the reader, the picker's sheet list and the
    real command say "the file has a password: open it, save it without one, import it again", exit 2, never a
    traceback or rows of garbage, nothing written; renamed, the bytes still decide."""
    from binhdan_desktop.errors import BinhdanError
    from binhdan_desktop.importers.reader import read_book, sheets

    path = tmp_path / name
    path.write_bytes((FORMATS / fixture).read_bytes())
    for read in (read_book, sheets):
        with pytest.raises(BinhdanError) as err:
            read(path)
        assert err.value.message("vi") == (f"Không nhập được {name}: tệp có mật khẩu: hãy mở bằng Excel hoặc "
                                           "LibreOffice, lưu lại không đặt mật khẩu rồi nhập lại")
        assert err.value.message("en") == (f"Cannot import {name}: the file has a password: open it in Excel or "
                                           "LibreOffice, save it without a password, then import it again")
    db = tmp_path / "xa.sqlite3"
    assert _binhdan("--db", str(db), "setup", "--commune", "Bình Chương", "--province", "Quảng Ngãi",
                    "--village", "Thôn An Điềm").returncode == 0
    for extra in ((), ("--accept-problems",), ("--dry-run",)):
        done = _binhdan("--db", str(db), "import", str(path), *extra)
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 2 and len(lines) == 1 and "mật khẩu" in lines[0] and "password" in lines[0], \
            done.stderr
        assert "Traceback" not in done.stderr and done.stdout.strip() == ""
    assert _sql(db, "SELECT count(*) FROM person") == [(0,)]
    assert _sql(db, "SELECT count(*) FROM household") == [(0,)]
