"""The layouts commune offices' lists really have, from files saved by LibreOffice (made by
tests/fixtures/make_layout_fixtures.py), checked person by person; and the values, one rule at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from binhdan_desktop.importers.plan import Parsed, parse_birth, parse_book
from binhdan_desktop.importers.reader import read_book
from binhdan_desktop.importers.types import Cell, Sheet
from binhdan_desktop.importers.values import clean_name, identity, order_of, phone
from binhdan_desktop.importers.villages import match_village

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
VILLAGES = ["Thôn Phước Lộc", "Thôn An Điềm", "Thôn Đồng Răm", "Tổ 1", "Thôn 1"]
TODAY = dt.date(2026, 6, 1)
D = dt.date


def _parsed(name: str) -> Parsed:
    path = LAYOUTS / name
    return parse_book(read_book(path), VILLAGES, today=TODAY)


def _people(parsed: Parsed) -> list[list[tuple[object, ...]]]:
    """Per household, in order: (name, birth date, birth year, gender, relation, village) of each person."""
    return [[(p.full_name, p.birth_date, p.birth_year, p.gender, p.relation, h.village) for p in h.people]
            for h in parsed.households]


def _sheet(name: str, rows: Sequence[Any]) -> Sheet:
    return Sheet(name, [[c if isinstance(c, Cell) else Cell(c) for c in r] for r in rows])


PL = "Thôn Phước Lộc"
TITLES = [
    [("Nguyễn Văn An", D(1961, 3, 25), 1961, "nam", "chu_ho", PL),
     ("Trần Thị Bình", D(1965, 4, 12), 1965, "nu", "vo_chong", PL),
     ("Nguyễn Văn Cường", D(1990, 8, 2), 1990, "nam", "con", PL)],
    [("Lê Thị Dung", None, 1958, "nu", "chu_ho", PL), ("Lê Văn Em", None, 1985, "nam", "con", PL),
     ("Phạm Thị Gấm", None, 1987, "nu", "con_dau_re", PL), ("Lê Văn Hải", None, 2010, "nam", "chau", PL)],
    [("Võ Văn Ích", D(1948, 6, 5), 1948, "nam", "chu_ho", PL),
     ("Võ Thị Kim", D(1973, 12, 2), 1973, "nu", "cha_me", PL)],
]


@pytest.mark.parametrize("ext", ["xlsx", "xls", "ods", "csv"])
def test_title_block_numbered_row_totals_and_footer_are_not_people(ext: str) -> None:
    parsed = _parsed(f"titles_footer.{ext}")
    assert _people(parsed) == TITLES
    assert parsed.problems == []
    names = {p.full_name for h in parsed.households for p in h.people}
    assert not names & {"Người lập biểu", "Nguyễn Thị Lập", "Trần Văn Trưởng", "Tổng cộng", "3 hộ, 9 khẩu"}
    an = parsed.households[0].people[0]
    assert (an.cccd, an.phone, an.row) == ("051061000123", "0912345678", 8)  # typed as numbers: the 0 is back
    assert parsed.households[0].people[1].phone == "0912345679"  # "+84 912 345 679"
    assert parsed.header_row == 5 and parsed.mapping["village"] == 7
    assert [(u[1], u[2]) for u in parsed.unused_columns] == [(8, "Ghi chú")]
    assert [(v.raw, v.match, v.rows) for v in parsed.villages] == [
        ("Phước Lộc", PL, 3), ("Th. Phước Lộc", PL, 4), ("thôn Phước Lộc", PL, 2)]


AD = "Thôn An Điềm"


@pytest.mark.parametrize("ext", ["xlsx", "xlsm", "xls", "ods"])  # xlsm: LibreOffice's macro-enabled workbook
def test_two_row_header_split_name_gender_marks_and_households_by_stt(ext: str) -> None:
    parsed = _parsed(f"two_row_header.{ext}")
    assert _people(parsed) == [
        [("Đặng Văn Khoa", None, 1970, "nam", "chu_ho", AD), ("Hồ Thị Lan", None, 1972, "nu", "", AD),
         ("Đặng Thị Mai", None, 2001, "nu", "", AD)],
        [("Bùi Văn Nam", None, 1966, "nam", "chu_ho", AD), ("Bùi Văn Oanh", None, 2019, "nam", "", AD)],
    ]  # no "Quan hệ" column: the members' relation is not known (blank), not "khác"
    assert parsed.problems == []
    assert [n.code for n in parsed.sheets[0].notes] == ["import.no_relation_column"]
    assert [h.address for h in parsed.households] == ["Số 1, Xóm Đông", "Số 7, Xóm Tây"]
    assert [(v.raw, v.match) for v in parsed.villages] == [("An Điềm", AD)]  # the sheet's name
    assert [u[2] for u in parsed.unused_columns] == ["Dân tộc"]
    assert parsed.sheets[0].header_rows == 2


DR = "Thôn Đồng Răm"


@pytest.mark.parametrize("ext", ["xlsx", "xls", "ods"])
def test_birth_year_under_nam_nu_and_household_numbers_per_village_sheet(ext: str) -> None:
    parsed = _parsed(f"birth_by_gender.{ext}")
    assert _people(parsed) == [
        [("Trương Văn Phú", None, 1955, "nam", "chu_ho", DR), ("Ngô Thị Quý", None, 1957, "nu", "vo_chong", DR)],
        [("Trương Văn Sang", None, 1980, "nam", "chu_ho", DR), ("Trương Thị Tâm", None, 2015, "nu", "con", DR)],
        [("Huỳnh Văn Út", None, 1975, "nam", "chu_ho", AD), ("Huỳnh Thị Vân", None, 2005, "nu", "con", AD)],
        [("Lý Thị Xuân", None, 1949, "nu", "chu_ho", AD)],
    ]
    assert parsed.problems == [] and parsed.skipped_sheets == ["Tổng hợp"]
    assert [h.code for h in parsed.households] == ["1", "2", "1", "2"]  # number 1 in two villages: two households
    assert len({h.key for h in parsed.households}) == 4
    assert [h.sheet for h in parsed.households] == ["Đồng Răm", "Đồng Răm", "Thôn An Điềm", "Thôn An Điềm"]


@pytest.mark.parametrize("ext", ["xlsx", "xls", "ods"])
def test_head_name_beside_member_name_headless_and_two_headed_households_unknown_village(ext: str) -> None:
    parsed = _parsed(f"head_columns.{ext}")
    assert _people(parsed) == [
        [("Cao Văn Bé", D(1970, 1, 13), 1970, "nam", "chu_ho", DR),
         ("Tạ Thị Cúc", D(1972, 1, 2), 1972, "nu", "vo_chong", DR)],
        [("Lương Văn Đức", None, 1980, "nam", "chu_ho", "Xóm Mới"),
         ("Lương Văn Được", None, 2010, "nam", "con", "Xóm Mới")],
        [("Kiều Thị Én", None, 1990, "nu", "con", DR)],
        [("Mạc Văn Giang", None, 1960, "nam", "chu_ho", DR), ("Mạc Văn Hà", None, 1962, "nam", "chu_ho", DR)],
    ]
    assert [h.flagged for h in parsed.households] == [False, True, True, True]
    problems = [(p.row, p.column, p.message) for p in parsed.problems]
    assert problems[0][:2] == (6, "Quan hệ") and "không có chủ hộ" in problems[0][2]
    assert problems[1][:2] == (8, "Quan hệ") and "2 chủ hộ (dòng 7, 8)" in problems[1][2]
    # an unknown village: ONE problem for its group, with the count, at its first row
    assert problems[2][:2] == (4, "Thôn") and "Xóm Mới" in problems[2][2] and "2 người" in problems[2][2]
    assert len(problems) == 3
    assert [(v.raw, v.match, v.rows) for v in parsed.villages] == [("Thôn Đồng Răm", DR, 5), ("Xóm Mới", None, 2)]


# --- values, one rule at a time -----------------------------------------------------------------------


def test_names_are_cleaned_and_put_in_name_case_and_control_characters_refused() -> None:
    assert clean_name("NGUYỄN VĂN AN") == ("Nguyễn Văn An", None)
    assert clean_name("đặng  thị\u00a0ánh\t") == ("Đặng Thị Ánh", None)
    assert clean_name("Nguyễn\u200b Văn McLeod") == ("Nguyễn Văn McLeod", None)  # mixed case kept
    assert clean_name("Lê Văn\x07 Tám")[0] == "Lê Văn Tám"
    trouble = clean_name("Lê Văn\x07 Tám")[1]
    assert trouble and "U+0007" in str(trouble) and "U+0007" in trouble.text("en")


@pytest.mark.parametrize("value,expected", [
    ("12/03/1975", (D(1975, 3, 12), 1975)), ("12.03.1975", (D(1975, 3, 12), 1975)), ("1975", (None, 1975)),
    ("03/1975", (None, 1975)), ("Năm 1975", (None, 1975)), ("năm 1975", (None, 1975)), (1975, (None, 1975)),
    (27465, (D(1975, 3, 12), 1975)), ("27465", (D(1975, 3, 12), 1975)), (27465.0, (D(1975, 3, 12), 1975)),
    ("00/00/1975", (None, 1975)), ("00/03/1975", (None, 1975)), (dt.datetime(1975, 3, 12), (D(1975, 3, 12), 1975)),
    ("1975-03-12", (D(1975, 3, 12), 1975)), ("ngày 12 tháng 3 năm 1975", (D(1975, 3, 12), 1975)),
    ("5-3-61", (D(1961, 3, 5), 1961)),
])
def test_birth_spellings(value: object, expected: tuple[object, object]) -> None:
    born, year, trouble = parse_birth(value, TODAY)
    assert (born, year, trouble) == (*expected, None)


@pytest.mark.parametrize("value", ["x/1958", "31/02/1980", "2030", "13/1975", "1975?", "01/01/2030"])
def test_birth_nonsense_is_flagged(value: str) -> None:
    assert parse_birth(value, TODAY)[2]


def test_two_digit_years_by_plausibility() -> None:
    assert parse_birth("05/06/48", TODAY, relation="chu_ho")[:2] == (D(1948, 6, 5), 1948)
    assert parse_birth("05/06/09", TODAY, relation="chu_ho")[:2] == (D(2009, 6, 5), 2009)  # a head of 16; 1909: 117
    assert parse_birth("05/06/14", TODAY, relation="chu_ho")[1] is None  # neither 1914 (111) nor 2014 (11)
    assert parse_birth("05/06/14", TODAY, relation="chu_ho")[2].code == "import.two_digit_year_none"
    assert parse_birth("05/06/30", TODAY, relation="con")[:2] == (D(1930, 6, 5), 1930)  # 2030 is to come
    for both in ("05/06/20", "05/06/25"):  # a child of 6 or a great-grandparent of 106: not guessed
        assert parse_birth(both, TODAY, relation="con")[2].code == "import.two_digit_year"


def test_day_month_order_is_decided_for_the_whole_column() -> None:
    assert order_of(["03/12/1975", "04/05/1980"]) == ("dmy", None)
    assert order_of(["12/25/1975", "04/05/1980"]) == ("mdy", None)
    order, trouble = order_of(["25/12/1975", "12/25/1975"])
    assert order == "mixed" and trouble
    rows = [["Họ và tên", "Ngày sinh", "Quan hệ"], ["Lê Văn A", "12/25/1975", "Chủ hộ"],
            ["Lê Thị B", "04/05/1980", "Vợ"]]
    people = parse_book([_sheet("x", rows)], today=TODAY).households[0].people
    assert [p.birth_date for p in people] == [D(1975, 12, 25), D(1980, 4, 5)]  # April 5th: the column is M/D
    rows.append(["Lê Văn C", "25/12/2001", "Con"])
    parsed = parse_book([_sheet("x", rows)], today=TODAY)
    flagged = [p.row for p in parsed.problems]
    assert 3 in flagged and parsed.households[0].people[1].birth_date is None  # 04/05: which? flagged


def test_identity_and_phone_numbers() -> None:
    assert identity(51061000123) == ("051061000123", None)  # a number cell lost its 0
    assert identity(51061000123.0) == ("051061000123", None)
    assert identity("051 061 000.123") == ("051061000123", None)
    assert identity("123456789") == ("123456789", None)  # an old CMND, kept in the same field
    assert identity("12345")[1] and identity("5.1061E+10")[1]
    assert phone(912345678) == ("0912345678", None)
    assert phone("+84 912.345.678") == ("0912345678", None)
    assert phone("84912345678") == ("0912345678", None)
    assert phone("0912-345-678") == ("0912345678", None)
    assert phone("12345")[1]


def test_cmnd_kept_and_duplicate_cccd_across_sheets_is_one_problem() -> None:
    a = _sheet("Thôn An Điềm", [["Họ và tên", "Quan hệ", "Số CCCD/CMND"], ["Lê Văn A", "Chủ hộ", "051061000123"],
                                ["Lê Thị B", "Vợ", 123456789]])
    b = _sheet("Thôn Đồng Răm", [["Họ và tên", "Quan hệ", "CCCD"], ["Trần Văn C", "Chủ hộ", 51061000123]])
    parsed = parse_book([a, b], VILLAGES, today=TODAY)
    twice, held = parsed.problems
    assert (twice.sheet, twice.row, twice.column) == ("Thôn An Điềm", 2, "Số CCCD/CMND")
    assert "Thôn An Điềm: 2; Thôn Đồng Răm: 2" in twice.message
    assert (held.sheet, held.row, held.code) == ("Thôn An Điềm", 3, "import.household_bad_row")
    b_row = parsed.households[0].people[1]
    assert (b_row.cccd, b_row.flagged) == ("123456789", True)  # kept as typed; held back with its household


def test_villages_match_loosely() -> None:
    for raw in ("Phước Lộc", "phuoc loc", "Th. Phước Lộc", "thôn Phước Lộc", "Thôn  Phước  Lộc", "THÔN PHƯỚC LỘC"):
        assert match_village(raw, VILLAGES) == "Thôn Phước Lộc", raw
    assert match_village("Tổ 01", VILLAGES) == "Tổ 1"
    assert match_village("1", VILLAGES) is None  # "Tổ 1" or "Thôn 1": not guessed
    assert match_village("Phước Hoà", VILLAGES) is None


def test_village_section_rows_and_unknown_village_once_per_group() -> None:
    rows = [["STT", "Họ và tên", "Năm sinh", "Quan hệ"], ["THÔN AN ĐIỀM"], [1, "Lê Văn A", 1970, "Chủ hộ"],
            ["Xóm Lạ"], [2, "Lê Văn B", 1971, "Chủ hộ"], [3, "Lê Văn C", 1972, "Chủ hộ"],
            [None, "Lê Thị D", 1973, "Vợ"]]
    parsed = parse_book([_sheet("Sheet1", rows)], VILLAGES, today=TODAY)
    assert [h.village for h in parsed.households] == ["Thôn An Điềm", "Xóm Lạ", "Xóm Lạ"]
    assert len(parsed.problems) == 1 and "3 người" in parsed.problems[0].message
    assert parsed.problems[0].row == 5 and [h.flagged for h in parsed.households] == [False, True, True]


def test_no_village_anywhere_is_one_problem_and_the_default_fills_it() -> None:
    rows = [["Họ và tên", "Năm sinh", "Quan hệ"], ["Lê Văn A", 1970, "Chủ hộ"], ["Lê Thị B", 1972, "Vợ"]]
    parsed = parse_book([_sheet("Sheet1", rows)], VILLAGES, today=TODAY)
    assert len(parsed.problems) == 1 and "2 người" in parsed.problems[0].message
    parsed = parse_book([_sheet("Sheet1", rows)], VILLAGES, default_village="Thôn Đồng Răm", today=TODAY)
    assert parsed.problems == [] and parsed.households[0].village == "Thôn Đồng Răm"


def test_formulas_without_saved_values_are_computed_or_shown() -> None:
    f = lambda text: Cell(None, formula=text)  # noqa: E731
    rows = [["Họ đệm", "Tên riêng", "Họ và tên", "Năm sinh", "Quan hệ", "Thôn"],
            ["Lê Văn", "An", f('=A2&" "&B2'), f("=1900+65"), "Chủ hộ", "Thôn An Điềm"],
            ["Lê Thị", "Bình", f('=CONCATENATE(A3," ",B3)'), f("=YEAR(DATE(1970,5,1))"), "Vợ", None],
            ["Lê Văn", "Cường", f('=PROPER(A4&" "&B4)'), f("=SUM(D2:D3)"), "Con", None]]
    parsed = parse_book([_sheet("Sheet1", rows)], VILLAGES, today=TODAY)
    people = parsed.households[0].people
    assert [(p.full_name, p.birth_year) for p in people[:2]] == [("Lê Văn An", 1965), ("Lê Thị Bình", 1970)]
    formulas = [p for p in parsed.problems if p.code == "import.formula_unsaved"]
    assert sorted((p.row, p.column) for p in formulas) == [(4, "Họ và tên"), (4, "Năm sinh")]
    assert all("=" in p.message for p in formulas) and people[2].flagged
    assert [(p.row, p.code) for p in parsed.problems if p not in formulas] == [
        (2, "import.household_bad_row"), (3, "import.household_bad_row")]  # its household waits for row 4
    only_formulas = [["Họ và tên", "Quan hệ"], [Cell(None, formula="=X!A1"), "Chủ hộ"]]
    assert parse_book([_sheet("s", only_formulas)], today=TODAY).problems  # never a silent 0 people


def test_relation_words_and_unknown_ones() -> None:
    words = {"CH": "chu_ho", "chủ hộ": "chu_ho", "CHỦ HỘ": "chu_ho", "Vợ": "vo_chong", "chồng": "vo_chong",
             "Con rể": "con_dau_re", "cháu ngoại": "chau", "Bố": "cha_me", "mẹ": "cha_me", "Ông": "khac",
             "bà": "khac", "em ruột": "anh_chi_em", "Chị ruột": "anh_chi_em"}
    members = [[f"Lê Văn {i}", w] for i, w in enumerate(list(words)[1:])]
    rows = [["Họ và tên", "Quan hệ với chủ hộ"], ["Lê Văn A", "Chủ hộ"], *members, ["Lê Văn Z", "bạn thân"]]
    parsed = parse_book([_sheet("s", rows)], today=TODAY)
    relations = [p.relation for h in parsed.households for p in h.people]
    assert relations[:len(words)] == ["chu_ho", *list(words.values())[1:]][:len(words)]
    assert any("bạn thân" in p.message for p in parsed.problems)


def test_headers_the_readme_promises() -> None:
    rows = [["STT", "Họ và tên", "Ngày sinh", "Số CCCD/CMND", "Thôn/Xóm", "Ghi chú", "Khu phố"],
            [1, "Lê Văn A", 1970, None, "Thôn An Điềm", "x", "y"]]
    parsed = parse_book([_sheet("s", rows)], today=TODAY)
    assert parsed.mapping["cccd"] == 3 and parsed.mapping["village"] == 4
    assert [(j, t) for _, j, t in parsed.unused_columns] == [(5, "Ghi chú"), (6, "Khu phố")]
    for header in ("Khu phố", "Ấp", "Tổ", "Xóm", "Thôn/Tổ dân phố"):
        assert parse_book([_sheet("s", [["Họ và tên", header], ["Lê Văn A", "Thôn An Điềm"]])]).mapping["village"] == 1


def test_a_default_village_fills_rows_without_one_and_no_header_is_told() -> None:
    rows = [["Họ và tên", "Năm sinh", "Quan hệ"], ["Lê Văn A", 1970, "Chủ hộ"]]
    parsed = parse_book([_sheet("", rows)], default_village="Thôn X")
    assert parsed.header_row == 0 and parsed.households[0].village == "Thôn X"
    assert parse_book([_sheet("", [["a", "b"]])]).header_row == -1


# --- a new user's files: totals and footer in any column, a quote left open, no gender / relation column ----------

XA_PL = [[("Nguyễn Văn An", None, 1961, "nam", "chu_ho", PL), ("Trần Thị Bình", None, 1965, "nu", "vo_chong", PL),
          ("Nguyễn Văn Cường", None, 1990, "nam", "con", PL)],
         [("Lê Văn Dũng", None, 1970, "nam", "chu_ho", PL), ("Lê Thị Em", None, 1998, "nu", "con", PL)]]
XA_AD = [[("Phạm Văn Giang", None, 1955, "nam", "chu_ho", AD), ("Đỗ Thị Hoa", None, 1958, "nu", "vo_chong", AD)],
         [("Phạm Thị Hương", None, 1960, "nu", "chu_ho", AD), ("Phạm Văn Khánh", None, 1985, "nam", "con", AD)]]


@pytest.mark.parametrize("ext", ["xlsx", "xls", "ods"])
def test_totals_and_footer_in_other_columns_than_the_name_are_skipped(ext: str) -> None:
    """The tester's xa.*: "Tổng cộng" with "2 hộ" under Năm sinh and "5 khẩu" under Quan hệ; the place-and-date line
    under the right-hand signer (the Quan hệ column on one sheet, Năm sinh on the other); the signers anywhere. No
    one of them is a person or a problem, and the sheet's last household is whole."""
    parsed = _parsed(f"xa.{ext}")
    assert parsed.problems == []
    assert _people(parsed) == XA_PL + XA_AD
    assert [h.sheet for h in parsed.households] == ["Phước Lộc"] * 2 + ["An Điềm"] * 2
    assert not any(h.flagged or h.held_by or any(p.flagged for p in h.people) for h in parsed.households)
    assert [p.row for h in parsed.households for p in h.people] == [4, 5, 6, 7, 8, 3, 4, 5, 6]


def test_totals_and_footer_in_other_columns_of_a_csv() -> None:
    """tot2.csv (LibreOffice's CSV): "Tổng cộng" in the name column and "5 hộ, 13 khẩu" under Quan hệ, the date
    line and the signers under Năm sinh and Quan hệ: five households, thirteen people, nothing flagged."""
    parsed = _parsed("tot2.csv")
    assert parsed.problems == []
    dr = "Thôn Đồng Răm"
    assert _people(parsed) == [
        XA_PL[0], [*XA_PL[1], ("Lê Văn Phong", None, 2001, "nam", "con", PL)], *XA_AD,
        [("Võ Văn Ích", None, 1948, "nam", "chu_ho", dr), ("Võ Thị Kim", None, 1973, "nu", "con", dr),
         ("Võ Văn Lâm", None, 1976, "nam", "con", dr)]]
    assert sum(len(h.people) for h in parsed.households) == 13


def test_a_total_row_with_its_counts_in_separate_cells_is_skipped() -> None:
    rows = [["STT", "Họ và tên", "Năm sinh", "Giới tính", "Quan hệ"], [1, "Lê Văn A", 1970, "Nam", "Chủ hộ"],
            [2, "Lê Thị B", 1972, "Nữ", "Vợ"], [None, "Cộng", "1 hộ", None, "2 khẩu"],
            [None, None, "1 hộ", "2 khẩu"], ["Tổng số hộ: 1", None, None, None, "Tổng số khẩu: 2"],
            [None, "Tổng cộng", 2]]  # the people counted under Năm sinh
    parsed = parse_book([_sheet("s", rows)], today=TODAY)
    assert parsed.problems == [] and [p.full_name for p in parsed.households[0].people] == ["Lê Văn A", "Lê Thị B"]


def test_an_open_quote_holds_back_only_its_own_household(tmp_path: Path) -> None:
    """The tester's semi.csv (`;`, saved by LibreOffice, then a quote typed on row 5 and never closed — row 5 is the
    second household's head): the first household is whole, the rows after row 5 are rows again."""
    parsed = _parsed("semi.csv")
    assert _people(parsed) == [
        [("Nguyễn Văn An", None, 1961, "nam", "chu_ho", PL), ("Trần Thị Bình", None, 1965, "nu", "vo_chong", PL),
         ("Nguyễn Văn Cường", None, 1990, "nam", "con", PL)],
        [("Lê Văn Dũng", None, 1970, "nam", "chu_ho", PL), ("Lê Thị Em", None, 1998, "nu", "con", PL)],
        [("Phạm Văn Giang", None, 1955, "nam", "chu_ho", AD), ("Đỗ Thị Hoa", None, 1958, "nu", "vo_chong", AD)]]
    first, second, third = parsed.households
    assert not any(p.flagged for p in first.people + third.people) and not (first.held_by or third.held_by)
    assert all(p.flagged for p in second.people)
    assert [(p.row, p.code) for p in parsed.problems] == [(5, "import.unbalanced_quote"),
                                                          (6, "import.household_bad_row")]
    assert parsed.problems[0].value.startswith('4;"Lê Văn Dũng;1970')  # the line as typed, for the user to find
    # a field quoted properly further down does not close the open quote: rows 6-8 are still rows of their own
    text = (LAYOUTS / "semi.csv").read_text("utf-8").replace("6;Phạm Văn Giang", '6;"Phạm Văn Giang"')
    (tmp_path / "quoted.csv").write_text(text, "utf-8")
    again = parse_book(read_book(tmp_path / "quoted.csv"), VILLAGES, today=TODAY)
    assert _people(again) == _people(parsed) and [(p.row, p.code) for p in again.problems] == [
        (5, "import.unbalanced_quote"), (6, "import.household_bad_row")]
    # the quote on a member's row (row 3, the wife) instead: the first household waits, the second is whole
    lines = (LAYOUTS / "semi.csv").read_bytes().replace(b'"', b"").split(b"\n")
    lines[2] = lines[2].replace(b";Tr", b';"Tr')
    path = tmp_path / "semi.csv"
    path.write_bytes(b"\n".join(lines))
    parsed = parse_book(read_book(path), VILLAGES, today=TODAY)
    assert [[p.full_name for p in h.people] for h in parsed.households] == [
        ["Nguyễn Văn An", "Trần Thị Bình", "Nguyễn Văn Cường"], ["Lê Văn Dũng", "Lê Thị Em"],
        ["Phạm Văn Giang", "Đỗ Thị Hoa"]]
    assert [[p.flagged for p in h.people] for h in parsed.households] == [[True] * 3, [False] * 2, [False] * 2]
    assert [(p.row, p.code) for p in parsed.problems] == [(3, "import.unbalanced_quote"),
                                                          (2, "import.household_bad_row"),
                                                          (4, "import.household_bad_row")]


@pytest.mark.parametrize("ext", ["xlsx", "xls", "ods"])
def test_no_gender_or_relation_column_leaves_them_blank_and_says_so_once(ext: str) -> None:
    """nocols.*: no "Giới tính" anywhere, no "Quan hệ" on the first sheet (households by the head's STT): gender is
    left blank (""), the head is "chu_ho" and the others blank, never "khac"; the preview says it once per sheet."""
    parsed = _parsed(f"nocols.{ext}")
    assert parsed.problems == []
    assert _people(parsed) == [
        [("Nguyễn Văn An", None, 1961, "", "chu_ho", PL), ("Trần Thị Bình", None, 1965, "", "", PL),
         ("Nguyễn Văn Cường", None, 1990, "", "", PL)],
        [("Lê Thị Dung", None, 1958, "", "chu_ho", PL), ("Lê Văn Em", None, 1985, "", "", PL)],
        [("Phạm Văn Giang", None, 1955, "", "chu_ho", AD), ("Đỗ Thị Hoa", None, 1958, "", "vo_chong", AD)],
        [("Phạm Thị Hương", None, 1960, "", "chu_ho", AD), ("Phạm Văn Khánh", None, 1985, "", "", AD)]]
    notes = [[n.code for n in s.notes] for s in parsed.sheets]
    assert notes == [["import.no_gender_column", "import.no_relation_column"], ["import.no_gender_column"]]
    first = parsed.sheets[0].notes
    assert first[0].text("vi") == "Không có cột Giới tính: giới tính để trống"
    assert first[0].text("en") == "No gender column: gender left blank"
    assert "chủ hộ" in first[1].text("vi") and "relation" in first[1].text("en")


def test_signers_without_a_date_line_end_the_list_in_any_column() -> None:
    rows = [["STT", "Họ và tên", "Năm sinh", "Giới tính", "Quan hệ"], [1, "Lê Văn A", 1970, "Nam", "Chủ hộ"],
            [2, "Lê Thị B", 1972, "Nữ", "Vợ"], [None, None, "Người lập biểu", None, "TRƯỞNG THÔN"],
            [None, None, "(Ký, ghi rõ họ tên)", None, "(Ký, ghi rõ họ tên)"],
            [None, None, "Trần Văn Lập", None, "Võ C"]]
    parsed = parse_book([_sheet("s", rows)], today=TODAY)
    assert parsed.problems == [] and [p.full_name for p in parsed.households[0].people] == ["Lê Văn A", "Lê Thị B"]
    rows[3:] = [[None, "Người lập biểu", None, None, "Trưởng thôn"], [None, "Trần Văn Lập", None, None, "Võ Văn C"]]
    parsed = parse_book([_sheet("s", rows)], today=TODAY)
    assert parsed.problems == [] and [p.full_name for p in parsed.households[0].people] == ["Lê Văn A", "Lê Thị B"]
    for title in ("THÔN TRƯỞNG", "Tổ trưởng", "Ấp trưởng"):  # a signer's title alone: not a village section row
        rows[3:] = [[None, None, None, None, title], [], [None, "Võ Văn C"]]
        parsed = parse_book([_sheet("s", rows)], today=TODAY)
        assert parsed.problems == [] and [p.full_name for p in parsed.households[0].people] == [
            "Lê Văn A", "Lê Thị B"], title


def _person_rows(db: Any) -> dict[str, tuple[str, str]]:
    """name -> (gender, relation), read with plain sqlite3 (not the app)."""
    import sqlite3

    con = sqlite3.connect(db.path)
    try:
        sql = "SELECT full_name, gender, relation FROM person WHERE deleted = 0"
        return {n: (g, r) for n, g, r in con.execute(sql)}
    finally:
        con.close()


def test_unknown_gender_is_stored_blank_counted_in_its_own_breakdown_row_and_kept_on_edits(commune: Any) -> None:
    from binhdan_desktop.services import breakdowns, households, imports, indicators

    result = imports.import_file(commune, LAYOUTS / "nocols.xlsx", sheet="Thôn An Điềm", dry_run=False)
    assert result.written and result.people_created == 4 and result.problems == []
    assert [[n.code for n in s.notes] for s in result.sheets] == [["import.no_gender_column"]]
    assert _person_rows(commune) == {"Phạm Văn Giang": ("", "chu_ho"), "Đỗ Thị Hoa": ("", "vo_chong"),
                                     "Phạm Thị Hương": ("", "chu_ho"), "Phạm Văn Khánh": ("", "")}
    year = dt.date.today().year
    with commune.read() as s:
        rows = breakdowns.breakdown(s, year, "gender")
        totals = {r.code: r for r in indicators.compute(s, year) if r.village_id is None}
    unknown = [r for r in rows if r.key is None]
    assert unknown and all(r.group == "Chưa rõ giới tính" and r.group_en == "gender unknown" for r in unknown)
    for code in {r.code for r in rows}:  # nobody dropped: the groups add up to the indicator
        assert sum(r.denominator for r in rows if r.code == code) == totals[code].denominator, code
        assert sum(r.numerator for r in rows if r.code == code) == totals[code].numerator, code
    assert sum(r.denominator for r in unknown) > 0 and not any(r.denominator for r in rows if r.key is not None)
    # ticking a status (a full edit of the person underneath) keeps the gender and relation unknown
    with commune.read() as s:
        from binhdan_desktop.store.models import Person

        khanh = s.query(Person).filter(Person.full_name == "Phạm Văn Khánh").one().id
    households.set_person_fields(commune, khanh, has_smartphone=True)
    assert _person_rows(commune)["Phạm Văn Khánh"] == ("", "")


def test_a_list_without_gender_or_relation_never_erases_them(commune: Any, tmp_path: Path) -> None:
    """tot2.csv gives An Điềm's people with gender and relation; nocols' An Điềm sheet (the same people, no gender
    column, a blank relation) imported after it changes nothing."""
    from binhdan_desktop.services import imports

    imports.import_file(commune, LAYOUTS / "tot2.csv", dry_run=False)  # Phước Lộc is no village here: left out
    before = _person_rows(commune)
    assert before["Phạm Văn Khánh"] == ("nam", "con") and before["Đỗ Thị Hoa"] == ("nu", "vo_chong")
    again = imports.import_file(commune, LAYOUTS / "nocols.xlsx", sheet="Thôn An Điềm", dry_run=False)
    assert (again.people_created, again.people_updated, again.people_unchanged) == (0, 0, 4)
    assert _person_rows(commune) == before


@pytest.mark.parametrize("text", [
    "Tổng cộng", "TỔNG CỘNG:", "Cộng", "Tổng số hộ: 5", "Tổng số khẩu: 13", "2 hộ, 5 khẩu", "5 hộ, 13 nhân khẩu",
    "5 khẩu", "13 người", "Cộng: 2 hộ, 5 khẩu", "Phước Lộc, ngày 05 tháng 3 năm 2025", "ngày … tháng … năm 2025",
    "Người lập biểu", "NGƯỜI LẬP BẢNG", "TRƯỞNG THÔN", "Trưởng ấp", "Thôn trưởng", "Tổ trưởng", "Ấp trưởng",
    "Xóm trưởng", "Khu phố trưởng", "(Ký, ghi rõ họ tên)", "(ký tên)", "Xác nhận của UBND xã", "T/M UBND XÃ",
    "TM. UBND XÃ", "KT. CHỦ TỊCH", "CHỦ TỊCH", "Phó Chủ tịch", "Cán bộ tư pháp", "Kế toán", "Thủ trưởng đơn vị",
    "Giám đốc", "UBND XÃ BÌNH CHƯƠNG", "Ủy ban nhân dân xã", "(Đóng dấu)", "Nguoi lap bieu", "Tong cong"])
def test_every_totals_or_footer_cell_passes_the_quick_test(text: str) -> None:
    """`may_not_be_a_person` spares the fold of nearly every name: it must never miss a cell `not_a_person` knows."""
    from binhdan_desktop.importers.layout import footer_cell, may_not_be_a_person, not_a_person, total_cell

    assert total_cell(text) or footer_cell(text), text
    assert may_not_be_a_person(text) and not_a_person(text), text


@pytest.mark.parametrize("name", ["Nguyễn Văn An", "Trương Thị Tâm", "Chu Văn Công", "Tô Thị Ngày", "Hồ Văn Tổng",
                                  "Công Tằng Tôn Nữ Thị Cúc", "Cao Thị Cộng"])
def test_names_are_not_totals_or_footer(name: str) -> None:
    from binhdan_desktop.importers.layout import not_a_person

    assert not not_a_person(name)


def test_a_person_born_ngay_thang_nam_is_not_the_footers_date_line() -> None:
    rows = [["Mã hộ", "Họ và tên", "Ngày sinh"], [1, "Lê Văn A", "ngày 12 tháng 3 năm 1975"], [2, "Lê Thị B", "1980"],
            [None, None, "Phước Lộc, ngày 05 tháng 3 năm 2025"], [None, None, "Người lập biểu"], [None, "Trần Văn C"]]
    parsed = parse_book([_sheet("s", rows)], today=TODAY)
    assert parsed.problems == []
    assert [(p.full_name, p.birth_date, p.birth_year) for h in parsed.households for p in h.people] == [
        ("Lê Văn A", D(1975, 3, 12), 1975), ("Lê Thị B", None, 1980)]
