"""Issue 13: a re-import never loses a recorded value it holds less of. A file giving a birth year alone ("1950",
"03/1975", "Năm 1960") for a person recorded with a full date of that year keeps the date and says so; another
year is a change listed old → new; a CCCD or phone typed as a number (its leading 0 lost) is the recorded number;
a blank gender or address erases nothing, and an address giving its last part alone ("Xóm Bàu" for "Số 5, Xóm
Bàu") keeps the recorded one. On files LibreOffice saved (tests/fixtures/import/t13date/, made by
tests/fixtures/make_t13date_fixtures.py), in the matched-for-sure path (household codes) and the likely-match path
(a list without codes, typed without marks), through the service and the CLI; every person recounted with plain
sqlite3."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from binhdan_desktop.cli.main import run
from binhdan_desktop.services import imports
from binhdan_desktop.store.db import Database

FIXTURES = Path(__file__).parent / "fixtures" / "import" / "t13date"


def _people(db: Database) -> dict[str, tuple[object, ...]]:
    con = sqlite3.connect(db.path)
    try:
        rows = con.execute("SELECT p.full_name, p.birth_date, p.birth_year, p.gender, p.relation, p.cccd, p.phone, "
                           "h.code, h.address FROM person p JOIN household h ON h.id = p.household_id "
                           "WHERE p.deleted = 0 AND h.code LIKE 'DR-9%'").fetchall()
    finally:
        con.close()
    return {r[0]: tuple(r[1:]) for r in rows}


RECORDED = {
    "Kiều Văn Khải": ("1950-05-15", 1950, "nam", "chu_ho", "049050001234", "0912345678", "DR-90", "Số 5, Xóm Bàu"),
    "Ông Thị Nguyệt": ("1975-03-12", 1975, "nu", "vo_chong", None, None, "DR-90", "Số 5, Xóm Bàu"),
    "Kiều Văn Lực": ("1995-08-20", 1995, "nam", "con", None, None, "DR-90", "Số 5, Xóm Bàu"),
    "Quách Thị Ngà": ("1960-02-02", 1960, "nu", "chu_ho", None, "0905111222", "DR-91", "Xóm Giữa"),
    "Quách Văn Tín": (None, 1985, "nam", "con", None, None, "DR-91", "Xóm Giữa"),
}


@pytest.fixture
def recorded(commune: Database) -> Database:
    r = imports.import_file(commune, FIXTURES / "dates_recorded.xlsx", dry_run=False)
    assert r.written and (r.problems, r.households_created, r.people_created) == ([], 2, 5)
    assert _people(commune) == RECORDED
    return commune


def test_a_reimport_by_code_giving_less_keeps_each_recorded_value_and_lists_the_one_contradiction(
        recorded: Database, capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "dates_less.xls"  # "07/09/1985" reads either way, no day above 12: answered day first
    preview = imports.import_file(recorded, path, dates="dmy")
    assert preview.problems == [] and preview.likely == []
    assert (preview.households_updated, preview.households_unchanged) == (2, 0)
    assert (preview.people_updated, preview.people_unchanged, preview.people_created) == (2, 3, 0)
    assert [(h.rows.code, h.address, h.address_held) for h in preview.households] == [
        ("DR-90", None, "Số 5, Xóm Bàu"), ("DR-91", None, "")]  # the last part alone; a blank: nothing
    by_name = {p.full_name: (status, changes, held) for h in preview.households
               for p, status, changes, held in zip(h.rows.people, h.people, h.updates, h.held, strict=True)}
    assert by_name == {
        "Kiều Văn Khải": ("unchanged", (), (("birth_date", "15/05/1950"),)),  # "1950", CCCD/phone as numbers
        "Ông Thị Nguyệt": ("unchanged", (), (("birth_date", "12/03/1975"),)),  # "03/1975"
        "Kiều Văn Lực": ("updated", (("birth_date", "20/08/1995", "1996"),), ()),  # another year: a change
        "Quách Thị Ngà": ("unchanged", (), (("birth_date", "02/02/1960"),)),  # "Năm 1960", phone blank
        "Quách Văn Tín": ("updated", (("birth_date", "1985", "07/09/1985"),), ())}  # more than recorded: a change

    assert run(["--db", str(recorded.path), "import", str(path), "--dates", "dmy"]) == 0
    out = capsys.readouterr().out
    assert "dòng 6 Kiều Văn Lực — cập nhật: ngày sinh 20/08/1995 → 1996 / updated: birth date 20/08/1995 → 1996" \
        in out
    assert "dòng 8 Quách Văn Tín — cập nhật: ngày sinh 1985 → 07/09/1985" in out
    assert "→ —" not in out
    for row, name, date in ((4, "Kiều Văn Khải", "15/05/1950"), (5, "Ông Thị Nguyệt", "12/03/1975"),
                            (7, "Quách Thị Ngà", "02/02/1960")):
        assert f"dòng {row} {name}: giữ ngày sinh đã ghi {date} (tệp chỉ ghi năm sinh)" in out, out
    assert "hộ DR-90: giữ địa chỉ đã ghi “Số 5, Xóm Bàu” (tệp chỉ ghi “Xóm Bàu”)" in out
    assert "Giữ giá trị đã ghi: tệp ghi ít hơn nhưng không trái" in out and ": 4\n" in out
    expected = dict(RECORDED)
    expected["Kiều Văn Lực"] = (None, 1996, "nam", "con", None, None, "DR-90", "Số 5, Xóm Bàu")
    expected["Quách Văn Tín"] = ("1985-09-07", 1985, "nam", "con", None, None, "DR-91", "Xóm Giữa")
    assert _people(recorded) == expected  # person by person: Lực's year and Tín's date alone changed, nothing erased

    again = imports.import_file(recorded, path, dates="dmy")  # the same file again: nothing to change, dates kept
    assert (again.people_updated, again.people_unchanged, again.households_updated) == (0, 5, 0)


def test_likely_matches_offer_to_keep_the_recorded_date_and_list_another_year_as_a_change(
        recorded: Database, capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "dates_likely.ods"
    preview = imports.import_file(recorded, path)
    offered = {x.full_name: [(c.full_name, c.differences, c.held, c.kept_name) for c in x.candidates]
               for x in preview.likely}
    assert offered == {
        "Quach Thi Nga": [("Quách Thị Ngà", (), (("birth_date", "02/02/1960"),), "Quach Thi Nga")],
        "Kieu Van Khai": [("Kiều Văn Khải", (("birth_date", "1951", "15/05/1950"),), (), "Kieu Van Khai")]}

    assert run(["--db", str(recorded.path), "import", str(path), "--accept-matches"]) == 0
    out = capsys.readouterr().out
    assert "~ Quách Thị Ngà 1960 (hộ / household DR-91): chỉ khác ở tên gõ không dấu" in out
    assert "nếu nhận: giữ ngày sinh đã ghi 02/02/1960 (tệp chỉ ghi năm sinh) / if accepted: the recorded birth " \
           "date 02/02/1960 kept" in out
    assert "~ Kiều Văn Khải 1950 (hộ / household DR-90): ngày sinh / birth date “1951” ≠ “15/05/1950”" in out
    assert "dòng 3 Kiều Văn Khải — cập nhật: ngày sinh 15/05/1950 → 1951" in out
    expected = dict(RECORDED)
    expected["Kiều Văn Khải"] = (None, 1951, "nam", "chu_ho", "049050001234", "0912345678", "DR-90", "Số 5, Xóm Bàu")
    assert _people(recorded) == expected  # Ngà's date and marked name kept; Khải's year changed, as listed
