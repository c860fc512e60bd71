"""Values a new user's files really hold, each stored exactly right or shown as a problem: TCVN3/VNI capitals
typed as small letters, a bad row holding back its household, characters a code page lost, two-digit years,
phone numbers with the country code, the same CCCD twice, the old 9-digit CMND, and control characters in the
problems workbook. Files saved by LibreOffice come from tests/fixtures/make_value_fixtures.py."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from binhdan_desktop.cli.main import run
from binhdan_desktop.domain import validation
from binhdan_desktop.errors import ValidationError
from binhdan_desktop.importers.plan import parse_book
from binhdan_desktop.importers.reader import read_book
from binhdan_desktop.importers.types import Cell, Sheet
from binhdan_desktop.importers.values import clean_name, identity, parse_birth, phone
from binhdan_desktop.services import imports
from binhdan_desktop.store.db import Database

VALUES = Path(__file__).parent / "fixtures" / "values"
D = dt.date
AN_DIEM = "Thôn An Điềm"


def sql(db: Database, query: str, *args: object) -> list[tuple[Any, ...]]:
    """What is stored, read with plain SQL (not the code under test)."""
    with sqlite3.connect(str(db.path)) as con:
        return con.execute(query, args).fetchall()


def stored(db: Database) -> list[tuple[Any, ...]]:
    return sql(db, "SELECT p.full_name, p.birth_year, p.relation, p.cccd, p.phone, h.code FROM person p "
                   "JOIN household h ON h.id = p.household_id WHERE p.deleted = 0 ORDER BY p.full_name")


def sheet(rows: list[list[object]], name: str = "s") -> Sheet:
    return Sheet(name, [[c if isinstance(c, Cell) else Cell(c) for c in r] for r in rows])


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# -- 1. TCVN3 / VNI toned capitals typed as small letters -------------------------------------------------------

@pytest.mark.parametrize("ext", ["xls", "xlsx"])
def test_legacy_capitals_typed_small_get_name_case(ext: str) -> None:
    parsed = parse_book(read_book(VALUES / f"legacy_names.{ext}"), [AN_DIEM])
    people = [[(p.full_name, p.birth_year, p.relation) for p in h.people] for h in parsed.households]
    assert people == [[("Huỳnh Văn Tài", 1958, "chu_ho"), ("Huỳnh Thị Ánh", 1961, "vo_chong"),  # TCVN3 .VnTime
                       ("Phạm Ngọc Ẩn", 1985, "con"), ("Huỳnh Thị Ánh", 1990, "con")],  # VNI-Times "aùnh"
                      [("Lê Văn Út", 1960, "chu_ho"), ("Lê Thị Én", 1962, "vo_chong")]]  # VNI; Unicode "Lê thị Én"
    assert parsed.problems == [] and {h.village for h in parsed.households} == {AN_DIEM}


def test_name_case_fixes_small_words_only_in_a_name_otherwise_in_name_case() -> None:
    assert clean_name("Huỳnh Thị ánh") == ("Huỳnh Thị Ánh", None)
    assert clean_name("Lê thị") == ("Lê Thị", None)
    assert clean_name("NGUYỄN VĂN AN") == ("Nguyễn Văn An", None)
    assert clean_name("trần thị bình") == ("Trần Thị Bình", None)
    for mixed in ("H'Hen Niê", "NGUYỄN Văn An", "Y-Moan Êban", "McLean An"):  # really mixed: kept as typed
        assert clean_name(mixed) == (mixed, None)


# -- 2. A bad row holds back its whole household -----------------------------------------------------------------

QUOTE = ("Mã hộ,Họ và tên,Năm sinh,Quan hệ,Thôn\n"
         f"1,Lê Văn An,1960,Chủ hộ,{AN_DIEM}\n"
         f'1,"Lê Thị Bình,1962,Vợ,{AN_DIEM}\n'  # the quote is never closed
         f"1,Lê Văn Cường,1990,Con,{AN_DIEM}\n"
         f"2,Trần Văn Dũng,1970,Chủ hộ,{AN_DIEM}\n"
         f"2,Trần Thị Em,1972,Vợ,{AN_DIEM}\n")


def test_a_bad_row_holds_back_its_household_with_accept_problems(commune: Database, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "quote.csv", QUOTE)
    preview = imports.import_file(commune, path)
    assert [(p.row, p.code) for p in preview.problems] == [
        (3, "import.unbalanced_quote"), (2, "import.household_bad_row"), (4, "import.household_bad_row")]
    assert "hộ có dòng lỗi ở dòng 3" in preview.problems[1].text("vi")
    assert "household has a bad row at row 3" in preview.problems[2].text("en")
    assert run(["--db", str(commune.path), "import", str(path), "--accept-problems"]) == 0
    assert stored(commune) == [("Trần Thị Em", 1972, "vo_chong", None, None, "2"),
                               ("Trần Văn Dũng", 1970, "chu_ho", None, None, "2")]
    assert "Traceback" not in capsys.readouterr().err


def test_a_bad_row_between_households_holds_back_the_one_above_not_the_next_head() -> None:
    rows = [["Họ và tên", "Năm sinh", "Quan hệ", "Thôn"],
            ["Lê Văn An", 1960, "Chủ hộ", AN_DIEM], ["Lê Văn Cường", 1990, "Con", AN_DIEM],
            [None, 1992, "Con", AN_DIEM],  # data without a name: a member of the household above
            ["Trần Văn Dũng", 1970, "Chủ hộ", AN_DIEM], ["Trần Thị Em", 1972, "Vợ", AN_DIEM]]
    parsed = parse_book([sheet(rows)], [AN_DIEM])
    assert [(p.row, p.code) for p in parsed.problems] == [
        (4, "import.no_name"), (2, "import.household_bad_row"), (3, "import.household_bad_row")]
    assert [[p.flagged for p in h.people] for h in parsed.households] == [[True, True], [False, False]]


# -- 3. Characters a decoder could not map ------------------------------------------------------------------------

def test_question_marks_of_a_code_page_are_problems_never_stored(commune: Database, tmp_path: Path) -> None:
    result = imports.import_file(commune, VALUES / "lost_chars.csv", village=AN_DIEM, dry_run=False)
    lost = [(p.row, p.column, p.value) for p in result.problems if p.code == "import.lost_chars"]
    assert lost == [(4, "Ho va ten", "Nguy?n V?n An"), (4, "Dia chi", "S? 5, Xóm ?ông"),
                    (5, "Ho va ten", "Tr?n Th? Lan"), (6, "Ho va ten", "Mai V?n Tú")]
    assert "Dia chi" in result.problems[1].text("vi") and "S? 5, Xóm ?ông" in result.problems[1].text("en")
    assert stored(commune) == [("Hà Thúy Hoa", 1960, "chu_ho", None, None, "T01-0001"),
                               ("Lê Vân Anh", 1985, "con", None, None, "T01-0001")]


def test_a_replacement_character_in_the_file_is_a_problem(commune: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "fffd.csv", "Họ và tên,Năm sinh,Quan hệ,Thôn,Địa chỉ\n"
                                            f"Lê Văn An,1960,Chủ hộ,{AN_DIEM},Xóm \ufffdông\n"
                                            f"Trần Văn Dũng,1970,Chủ hộ,{AN_DIEM},Xóm Tây\n")
    result = imports.import_file(commune, path, dry_run=False)
    assert [(p.row, p.column, p.value, p.code) for p in result.problems] == [
        (2, "Địa chỉ", "Xóm \ufffdông", "import.lost_chars")]
    assert [r[0] for r in stored(commune)] == ["Trần Văn Dũng"]
    bytes_ = b"H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan,N\xc4\x83m sinh\nL\xc3\xaa V\xff An,1960\n"  # one byte not UTF-8
    (tmp_path / "bad.csv").write_bytes(b"\xef\xbb\xbf" + bytes_)  # a BOM: decoded as UTF-8, the byte replaced
    parsed = parse_book(read_book(tmp_path / "bad.csv"), default_village=AN_DIEM)
    assert [(p.row, p.code) for p in parsed.problems] == [(2, "import.lost_chars")]


# -- 4. Two-digit years by plausibility ---------------------------------------------------------------------------

def test_two_digit_years_resolved_by_plausibility_or_flagged() -> None:
    today = D(2026, 12, 2)
    assert parse_birth("31/12/26", today, relation="con")[:2] == (D(1926, 12, 31), 1926)  # 2026-12-31 is to come
    assert parse_birth("14/05/09", today, relation="chu_ho")[:2] == (D(2009, 5, 14), 2009)  # a head of 17
    assert parse_birth("14/05/30", today, relation="chu_ho")[:2] == (D(1930, 5, 14), 1930)  # 2030: not born yet
    assert parse_birth("14/05/20", today, relation="con")[2].code == "import.two_digit_year"  # 6 or 106
    trouble = parse_birth("14/05/12", today, relation="chu_ho")[2]  # 1912: 114, 2012: a head of 14
    assert trouble.code == "import.two_digit_year_none" and "16" in trouble.text("en")


def test_a_plain_two_digit_year_is_resolved_by_plausibility() -> None:
    """The tester's file (issue 13): "45" on a head's row, "05" and "26" on his children's rows of a "Năm sinh"
    column split by gender; they were "cannot read the birth date"."""
    today = D(2026, 12, 2)
    parsed = parse_book(read_book(VALUES / "two_digit_years.xlsx"), today=today)
    people = {p.full_name: p.birth_year for h in parsed.households for p in h.people}
    assert people["Lý Văn Vinh"] == 1945 and people["Lý Văn Xuân"] == 2005  # 2045 is to come; 1905: 121 years
    # "26": 1926 and 2026 both fit a child; her head was born in 1945, and a child is not born before the head
    assert people["Lý Thị Yến"] == 2026
    by_row = {(p.row, p.code) for p in parsed.problems}
    assert not {row for row, code in by_row if row in (8, 9, 10)}  # the household whole, nothing held back
    assert not {row for row, code in by_row if code == "import.bad_date"}
    assert parse_birth(45, today, relation="chu_ho")[:2] == (None, 1945)  # typed as a number, not serial 45
    assert parse_birth("12", today, relation="chu_ho")[2].code == "import.two_digit_year_none"  # 114, or 14
    assert parse_birth("Năm 05", today, relation="con")[1] == 2005


@pytest.mark.parametrize("head_year,relation,typed,expected", [
    (1945, "Con", "26", (None, 2026)),  # 1926 is before the head
    (1950, "Cháu", 20, (None, 2020)),  # typed as a number
    (1960, "Con", "14/05/20", (D(2020, 5, 14), 2020)),
    (1961, "Con dâu", "Năm 24", (None, 2024)),
    (1920, "Con", "26", None),  # 1926 and 2026 both come after the head: still the problem
    (1960, "Em", "20", None),  # a brother or sister may be older or younger than the head: no rule
    (None, "Con", "26", None),  # the head's year not known
])
def test_a_childs_two_digit_year_is_read_from_the_heads_birth_year(
        head_year: int | None, relation: str, typed: object, expected: tuple[Any, int] | None) -> None:
    rows = [["Họ và tên", "Năm sinh", "Quan hệ"], ["Lê Văn An", head_year, "Chủ hộ"], ["Lê Thị Bình", typed, relation]]
    parsed = parse_book([sheet(rows)], default_village=AN_DIEM, today=D(2026, 12, 2))
    (household,) = parsed.households
    child = household.people[1]
    problems = [(p.row, p.column, p.code) for p in parsed.problems]
    if expected is None:
        assert (3, "Năm sinh", "import.two_digit_year") in problems and child.birth_year is None
    else:
        assert problems == [] and (child.birth_date, child.birth_year) == expected


def test_a_head_born_this_century_by_a_spreadsheet_is_flagged() -> None:
    rows = [["Họ và tên", "Ngày sinh", "Quan hệ"],
            ["Lê Văn An", dt.datetime(2025, 5, 14), "Chủ hộ"],  # "14/05/25" that Excel read as 2025
            ["Lê Thị Bình", dt.datetime(2025, 5, 14), "Con"]]
    parsed = parse_book([sheet(rows)], default_village=AN_DIEM, today=D(2026, 12, 2))
    assert [(p.row, p.column, p.code) for p in parsed.problems] == [
        (2, "Ngày sinh", "import.head_too_young"), (3, "", "import.household_bad_row")]


# -- 5. Phone numbers with the country code -----------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["+84 (0) 912 345 678", "(+84) 912.345.678", "84912345678", "+84-912-345-678",
                                   "0084 912 345 678", 84912345678])
def test_phone_with_the_country_code_is_cleaned(typed: object) -> None:
    assert phone(typed) == ("0912345678", None)
    assert validation.phone(str(typed)) == "0912345678"  # the form takes them too
    assert phone(912345678) == ("0912345678", None)  # a number cell lost its 0


def test_a_phone_still_not_ten_digits_is_a_problem_with_its_value() -> None:
    rows = [["Họ và tên", "Quan hệ", "Số điện thoại"], ["Lê Văn An", "Chủ hộ", "+84 (0) 912 345 67"]]
    (problem,) = parse_book([sheet(rows)], default_village=AN_DIEM).problems
    assert (problem.row, problem.column, problem.value, problem.code) == (
        2, "Số điện thoại", "+84 (0) 912 345 67", "import.phone_length")


# -- 6. The same CCCD twice: one problem naming both rows ---------------------------------------------------------

def test_the_same_cccd_twice_is_one_problem_naming_both_rows(commune: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "twice.csv", "Họ và tên,Năm sinh,Quan hệ,Số CCCD,Thôn\n"
                                             f"Lê Văn An,1960,Chủ hộ,051060000111,{AN_DIEM}\n"
                                             f"Trần Văn Dũng,1970,Chủ hộ,051060000111,{AN_DIEM}\n"
                                             f"Võ Văn Ích,1948,Chủ hộ,,{AN_DIEM}\n")
    result = imports.import_file(commune, path, dry_run=False)
    (problem,) = result.problems
    assert (problem.row, problem.column, problem.value) == (2, "Số CCCD", "051060000111")
    assert "2, 3" in problem.text("vi") and "2, 3" in problem.text("en")
    assert [r[0] for r in stored(commune)] == ["Võ Văn Ích"]


# -- 7. The old 9-digit CMND is kept in person.cccd and matched ---------------------------------------------------

def test_cmnd_kept_padded_when_typed_as_a_number_and_matched_on_reimport(commune: Database, tmp_path: Path) -> None:
    assert identity("023456789") == ("023456789", None)
    assert identity(23456789) == ("023456789", None)  # a number cell lost the CMND's leading 0
    assert identity("23456789")[1] is not None  # 8 digits typed as text: not guessed
    rows = ("Họ và tên,Năm sinh,Quan hệ,Số CCCD/CMND,Thôn\n"
            f"Lê Văn An,1960,Chủ hộ,023456789,{AN_DIEM}\n"
            f"Lê Thị Bình,1962,Vợ,051062000222,{AN_DIEM}\n")
    first = imports.import_file(commune, write_csv(tmp_path / "a.csv", rows), dry_run=False)
    assert first.problems == [] and first.people_created == 2
    assert stored(commune)[1][:4] == ("Lê Văn An", 1960, "chu_ho", "023456789")
    again = imports.import_file(commune, write_csv(tmp_path / "b.csv", rows.replace("1960", "1961")), dry_run=False)
    assert (again.people_created, again.people_updated, again.households_created) == (0, 1, 0)
    assert sql(commune, "SELECT full_name, birth_year, cccd FROM person WHERE cccd = '023456789'") == [
        ("Lê Văn An", 1961, "023456789")]
    assert sql(commune, "SELECT count(*) FROM person") == [(2,)]


def test_validation_accepts_a_cmnd_of_nine_digits() -> None:
    assert validation.cccd("023 456 789") == "023456789"
    assert validation.cccd("051062000222") == "051062000222"
    for bad in ("02345678", "0234567890", "05106200022x"):
        with pytest.raises(ValidationError):
            validation.cccd(bad)


# -- 8. The problems workbook with control characters -------------------------------------------------------------

def test_problems_workbook_writes_control_characters_visibly(commune: Database, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "bel.csv", "Họ và tên,Năm sinh,Quan hệ,Thôn\n"
                                           f"Lê Văn\x07 An,1970,Chủ hộ,{AN_DIEM}\n"
                                           f"Lê Thị Bình,19\x0b72,Vợ,{AN_DIEM}\n")
    out = tmp_path / "loi.xlsx"
    code = run(["--db", str(commune.path), "import", str(path), "--problems", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and "IllegalCharacter" not in err
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    rows = list(load_workbook(out).active.iter_rows(min_row=2, values_only=True))
    values = [r[3] for r in rows]
    assert "Lê Văn\\x07 An" in values and "19\\x0b72" in values
    assert any("U+0007" in r[4] for r in rows)
    assert sql(commune, "SELECT count(*) FROM person") == [(0,)]


# -- 9. A stray symbol in a name: a problem, never stored (and never a reason to read the file as TCVN3) ----------

ETHNIC_NAMES = ["H'Hen Niê", "Ksor Y Bhă", "Y-Moan Êban", "Rơ Mah Phăng", "Y Ngông Niê Kdăm", "H'Zina Byă",
                "Kpă Ƀlơng", "Y Bih Aleô", "Siu H'Nhung", "Điểu K'Rơ", "Lò Văn Pấng", "Ma Seo Chứ", "Sùng A Páo",
                "Giàng Thị Dợ", "Đinh Y Ŭn", "Nay Čư", "Ka Ñu", "Y Jut Buôn Krông", "H’Wen Knul", "Nguyễn Văn Ơ"]


@pytest.mark.parametrize("name", ETHNIC_NAMES)
def test_real_names_have_no_stray_character(name: str) -> None:
    assert clean_name(name) == (name, None)


@pytest.mark.parametrize("typed,chars", [
    ("Nguyễn Văn© An", "«©»"), ("Lê Văn§ Cường", "«§»"), ("Phạm Thị·Dung", "«·»"), ("Hoàng Văn Em®", "«®»"),
    ("Đỗ Thị Giang 2", "«2»"), ("Lê Thị Hoa (Bé)", "«(» «)»"), ("B\u0301nh", "«\u25cc\u0301»")])
def test_a_stray_character_in_a_name_is_a_problem(typed: str, chars: str) -> None:
    name, trouble = clean_name(typed)
    assert name == typed  # shown as typed in the preview
    assert trouble is not None and trouble.code == "import.stray_chars"
    assert trouble.text("vi").startswith(f"tên có ký tự lạ {chars}")
    assert trouble.text("en").startswith(f"the name has a stray character {chars}")


def test_stray_characters_in_a_libreoffice_csv_are_problems_not_stored(commune: Database) -> None:
    """stray_chars.csv: a UTF-8 list saved by LibreOffice; the flagged rows hold back their households, the
    ethnic-minority names and the one with a soft hyphen (removed) are stored as typed."""
    path = VALUES / "stray_chars.csv"
    (sheet_,) = read_book(path)
    assert sheet_.encoding == "utf-8" and "Nguyễn Văn© An" in [c.value for r in sheet_.rows for c in r]
    result = imports.import_file(commune, path, dry_run=False)
    flagged = [(p.row, p.column, p.params.get("chars")) for p in result.problems if p.code == "import.stray_chars"]
    assert flagged == [(2, "Họ và tên", "«©»"), (4, "Họ và tên", "«§»"), (5, "Họ và tên", "«·»"),
                       (6, "Họ và tên", "«®»"), (7, "Họ và tên", "«2»")]
    assert sorted(r[0] for r in stored(commune)) == sorted(
        ["H'Hen Niê", "Ksor Y Bhă", "Y-Moan Êban", "Rơ Mah Phăng", "Nguyễn Văn Hùng"])
    assert sql(commune, "SELECT count(*) FROM person WHERE full_name LIKE '%©%' OR full_name LIKE '%\u00ad%'") == [(0,)]


def test_a_soft_hyphen_before_a_capital_is_a_space() -> None:
    """The tester's file (issue 13): "Hồ\u00adThị Dung" was stored "HồThị Dung"; inside a word it is removed."""
    parsed = parse_book(read_book(VALUES / "soft_hyphen.xlsx"), today=D(2026, 12, 2))
    names = [p.full_name for h in parsed.households for p in h.people]
    assert "Hồ Thị Dung" in names and not [n for n in names if "\u00ad" in n or "HồThị" in n]
    assert clean_name("NGUYỄN\u00adVĂN AN") == ("Nguyễn Văn An", None)
    assert clean_name("Nguy\u00adễn Văn Hùng") == ("Nguyễn Văn Hùng", None)
    assert clean_name("Lê\u00ad\u00adThị\u00ad") == ("Lê Thị", None)


# -- 10. Windows-1258 or Windows-1252: a tone mark on a consonant is evidence against 1258 -------------------------

CODEPAGE_NAMES = ["Hà Thúy Bình", "Lê Vân Anh", "Tô Hoài Bình", "Mai Tú Anh", "Lê Bình Minh", "Lê Thì Hòa"]


@pytest.mark.parametrize("name,encoding,typed", [("cp1258.csv", "cp1258", b"Bi\xccnh"),  # i + combining grave
                                                 ("cp1252.csv", "cp1252", b"B\xecnh")])  # one byte ì: 1258's acute
def test_a_code_page_csv_saved_by_libreoffice_is_read_in_its_code_page(
        commune: Database, name: str, encoding: str, typed: bytes) -> None:
    path = VALUES / name
    assert typed in path.read_bytes()
    (sheet_,) = read_book(path)
    assert sheet_.encoding == encoding
    result = imports.import_file(commune, path, village=AN_DIEM, dry_run=False)
    assert result.problems == [] and result.file_encoding == encoding
    assert sorted(r[0] for r in stored(commune)) == sorted(CODEPAGE_NAMES)
    assert sql(commune, "SELECT count(*) FROM person WHERE full_name LIKE '%\u0301%' OR full_name LIKE '%\u0300%'"
               " OR full_name LIKE '%ơ%'") == [(0,)]


def test_a_tone_mark_after_a_consonant_left_by_the_code_page_is_a_problem(tmp_path: Path) -> None:
    # Windows-1258 words ("Nguyễn" as ê + combining tilde 0xDE, "Văn" with ă 0xE3) outweigh the one "B́nh": the
    # file stays cp1258 and that name, with its tone mark on a consonant, is flagged, not stored (nor read as the
    # TCVN3 "Lờ Bỡnh" against its column for one malformed word)
    path = tmp_path / "x.csv"
    path.write_bytes(b"Ho va ten,Nam sinh,Quan he\nNguy\xea\xden V\xe3n An,1960,CH\nL\xea B\xecnh,1962,CH\n")
    (sheet_,) = read_book(path)
    assert sheet_.encoding == "cp1258"
    parsed = parse_book([sheet_], default_village=AN_DIEM)
    assert parsed.households[0].people[0].full_name == "Nguyễn Văn An"
    assert [(p.row, p.params.get("chars")) for p in parsed.problems if p.code == "import.stray_chars"] == [
        (3, "«\u25cc\u0301»")]


def test_names_corrected_in_the_preview_are_read_in_place_of_the_cells_and_checked(commune: Database) -> None:
    path = VALUES / "stray_chars.csv"  # one sheet, named after the file
    result = imports.import_file(commune, path, names={("stray_chars", 2): "Nguyễn Văn An",
                                                       ("stray_chars", 4): "Lê Văn# Cường"}, dry_run=False)
    flagged = [(p.row, p.params.get("chars")) for p in result.problems if p.code == "import.stray_chars"]
    assert flagged == [(4, "«#»"), (5, "«·»"), (6, "«®»"), (7, "«2»")]  # a typed name is checked like a cell
    names = [r[0] for r in stored(commune)]
    assert "Nguyễn Văn An" in names and "Trần Thị Bình" in names and not any("©" in n for n in names)


def test_a_tone_mark_alone_in_an_address_is_a_problem_not_stored(commune: Database, tmp_path: Path) -> None:
    # cp1258 bytes: "Xóm B" + 0xEC (a combining acute with no vowel to sit on) in the address of one row
    path = tmp_path / "dia-chi.csv"
    path.write_bytes(b"Ho va ten,Nam sinh,Quan he,Dia chi\n"
                     b"Nguy\xea\xden V\xe3n An,1960,CH,X\xf3m B\xecnh\n"
                     b"Nguy\xea\xden V\xe3n Ba,1962,CH,X\xf3m \xd0\xf4ng\n")
    result = imports.import_file(commune, path, village=AN_DIEM, dry_run=False)
    assert [(p.row, p.column, p.code) for p in result.problems] == [(2, "Dia chi", "import.lost_chars")]
    assert [r[0] for r in stored(commune)] == ["Nguyễn Văn Ba"]
    assert sql(commune, "SELECT address FROM household") == [("Xóm Đông",)]


# -- t13test D5: Unicode cells in a column decided TCVN3/VNI by content stay as found ---------------------------

def test_unicode_cells_in_a_legacy_column_stay_as_found() -> None:
    """LibreOffice-saved, default font (values pasted): three TCVN3 names then "Võ Hà", "Lê Tú Ân", "Tô Thúy Hà"
    (read "Vừ HỔ", "Lờ Tỳ Ẩn" before); a CSV with VNI addresses then "Xóm Bàu", "Thôn Bàu Sen" (read "Xĩm")."""
    parsed = parse_book(read_book(VALUES / "tcvn3_unicode_names.xls"), ["Thôn Phước Lộc"])
    names = [p.full_name for h in parsed.households for p in h.people]
    assert names == ["Nguyễn Văn Hùng", "Phạm Thị Lan", "Đỗ Văn Nam", "Võ Hà", "Lê Tú Ân", "Tô Thúy Hà"]
    parsed = parse_book(read_book(VALUES / "vni_unicode_mix.csv"), ["Thôn Phước Lộc", "Thôn Bàu Sen"])
    addresses = [h.address for h in parsed.households]
    assert "Xóm Bàu" in addresses and "Thôn Bàu Sen" in addresses and "Số 5, Xóm Bàu" in addresses


# -- t13test D8: an impossible date decides no order; a header naming its order wins over the cells --------------

def test_impossible_date_decides_nothing_and_header_wins() -> None:
    """LibreOffice-saved: "02/31/1971" beside "03/04/1970", "05/06/1972" decided month-first in silence before;
    header "Ngày sinh (tháng/ngày/năm)" with "31/04/1971" was read day-first against its header."""
    parsed = parse_book(read_book(VALUES / "dates_invalid_decides.xls"), ["Thôn Phước Lộc"])
    texts = " ".join(p.message for p in parsed.problems)
    assert "không ngày nào > 12" in texts and "“02/31/1971” không có thật" in texts
    assert not [p for h in parsed.households for p in h.people if p.birth_date is not None]
    parsed = parse_book(read_book(VALUES / "dates_header_bad.xls"), ["Thôn Phước Lộc"])
    assert [p.birth_date for h in parsed.households for p in h.people if p.birth_date] == [D(1970, 3, 4)]
