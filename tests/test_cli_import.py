"""`binhdan import` as a new user runs it on the 2,000-household commune: --help tells the truth about --sheet and
--sheet reads that sheet alone; an undecided likely match writes nothing (exit 2) until --accept-matches,
--reject-matches or --accept-problems (its household left out) says what to do;
--dry-run prints what the wizard's preview shows; any problem without --accept-problems: exit 2, nothing written.
Every count is checked with our own SQL."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from binhdan_desktop.cli.main import build_parser, run
from binhdan_desktop.domain.text import fold
from binhdan_desktop.services import Database


def _book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def _sql(db: Database, sql: str, **params: Any) -> Any:
    with db.read() as s:
        return s.execute(text(sql), params).all()


def _totals(db: Database) -> tuple[int, int]:
    return _sql(db, "SELECT (SELECT count(*) FROM household WHERE deleted = 0), "
                    "(SELECT count(*) FROM person WHERE deleted = 0)")[0]


def _import(db: Database, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["--db", str(db.path), "import", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _heads(db: Database, n: int) -> list[tuple[str, str, int, str, str]]:
    """Stored heads whose name is theirs alone in the village: (id, name, birth year, village, household id)."""
    return [tuple(r) for r in _sql(db, """
        SELECT p.id, p.full_name, p.birth_year, v.name, h.id FROM person p
        JOIN household h ON h.id = p.household_id JOIN village v ON v.id = h.village_id
        WHERE p.relation = 'chu_ho' AND p.birth_year IS NOT NULL AND p.deleted = 0 AND h.deleted = 0
          AND (SELECT count(*) FROM person q JOIN household g ON g.id = q.household_id
               WHERE q.name_folded = p.name_folded AND g.village_id = h.village_id AND q.deleted = 0) = 1
        ORDER BY p.full_name LIMIT :n""", n=n)]


HEAD = ["STT", "Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Thôn"]


def test_help_says_every_sheet_is_read_and_sheet_reads_only_that_one(big_commune: Database, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    helped = " ".join(sub.choices["import"].format_help().split())  # type: ignore[union-attr]
    assert "mặc định: mọi trang" in helped and "default: every sheet" in helped and "trang đầu" not in helped
    assert "--accept-matches" in helped
    path = _book(tmp_path / "hai.xlsx", {
        "Thôn An Điềm": [HEAD, [1, "Khúc Văn Mộtzz", 1970, "Chủ hộ", "Thôn An Điềm"]],
        "Thôn Đồng Răm": [HEAD, [1, "Khúc Văn Haizz", 1971, "Chủ hộ", "Thôn Đồng Răm"]]})
    before = _totals(big_commune)
    code, out, _ = _import(big_commune, capsys, str(path), "--sheet", "Thôn Đồng Răm")
    assert code == 0 and "Trang “Thôn Đồng Răm”" in out and "Trang “Thôn An Điềm”" not in out
    stored = _sql(big_commune, "SELECT full_name FROM person WHERE full_name LIKE 'Khúc Văn %zz'")
    assert stored == [("Khúc Văn Haizz",)] and _totals(big_commune) == (before[0] + 1, before[1] + 1)


def test_undecided_likely_matches_write_nothing_until_the_user_decides(big_commune: Database, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """The tester's repro: a stored head's name spelt without accents and the birth year one off: only the loose
    match (folded name, year ± 1, village) applies. Undecided, it is a problem like any other: printed with what
    differs, exit 2, nothing written; --accept-problems leaves that household out (and says so) and imports the rest;
    --reject-matches adds it; --accept-matches updates the recorded person."""
    (a_id, a_name, a_year, a_village, a_household), (b_id, b_name, b_year, b_village, b_household) = \
        _heads(big_commune, 2)
    a_plain = fold(a_name).title()  # "Nguyen Van An": the same folded name, spelt differently
    assert a_plain != a_name
    path = _book(tmp_path / "a.xlsx", {"DS": [HEAD, [1, a_plain, a_year + 1, "Chủ hộ", a_village],
                                              [2, "Khúc Thị Conaa", 2014, "Con", a_village],
                                              [3, "Khúc Văn Mớiaa", 1980, "Chủ hộ", "Thôn An Điềm"]]})
    before = _totals(big_commune)
    code, out, err = _import(big_commune, capsys, str(path))
    assert code == 2 and _totals(big_commune) == before and "không ghi gì" in err and "nothing written" in err
    assert f"  dòng 2 [chủ hộ / head]: {a_plain} {a_year + 1} ({a_village})" in out
    stored_code = _sql(big_commune, "SELECT code FROM household WHERE id = :h", h=a_household)[0][0]
    # The file's name is the recorded one without its marks: accepting keeps the recorded name (issue 13).
    (line,) = [x for x in out.splitlines() if x.startswith(f"    ~ {a_name} {a_year} (hộ / household {stored_code}): ")]
    born = _sql(big_commune, "SELECT birth_date FROM person WHERE id = :p", p=a_id)[0][0]
    # Another year for a recorded full date is one change, the date → the year (never "—": issue 13).
    change = f"ngày sinh / birth date “{a_year + 1}” ≠ “{dt.date.fromisoformat(born):%d/%m/%Y}”" if born else \
        f"năm sinh / birth year “{a_year + 1}” ≠ “{a_year}”"
    assert change in line and "“—”" not in line and "họ tên / name" not in line
    assert f"nếu nhận: giữ tên đã ghi “{a_name}” (tên trong tệp thiếu dấu)" in out
    assert "1 người có thể trùng chưa được quyết định: 1 hộ (2 dòng) không được nhập" in out
    assert "--accept-matches" in out and "--reject-matches" in out
    assert "Trang DS, dòng 2, cột “Họ và tên”: có thể là người đã có" in err
    assert _sql(big_commune, "SELECT count(*) FROM person WHERE full_name LIKE 'Khúc % %aa'") == [(0,)]

    code, out, err = _import(big_commune, capsys, str(path), "--accept-problems")
    assert code == 0 and "1 hộ (2 dòng) không được nhập" in out and "Bỏ ra 2 dòng" in out
    assert _totals(big_commune) == (before[0] + 1, before[1] + 1)  # the clean household alone
    assert _sql(big_commune, "SELECT full_name FROM person WHERE full_name LIKE 'Khúc % %aa'") == [("Khúc Văn Mớiaa",)]
    assert _sql(big_commune, "SELECT full_name, birth_year FROM person WHERE id = :i", i=a_id) == [(a_name, a_year)]

    code, out, _ = _import(big_commune, capsys, str(path), "--reject-matches")
    assert code == 0 and "là người khác, nhập như người mới, hộ mới (--reject-matches)" in out
    assert _totals(big_commune) == (before[0] + 2, before[1] + 3)
    rows = _sql(big_commune, "SELECT household_id, birth_year FROM person WHERE name_folded = :n AND deleted = 0",
                n=fold(a_name))
    assert sorted(r[1] for r in rows) == [a_year, a_year + 1] and len({r[0] for r in rows} - {a_household}) == 1

    second = _book(tmp_path / "b.xlsx", {"DS": [HEAD, [1, b_name, b_year - 1, "Chủ hộ", b_village],
                                                [2, "Khúc Thị Conbb", 2014, "Con", b_village]]})
    after = _totals(big_commune)
    code, out, _ = _import(big_commune, capsys, str(second), "--accept-matches")
    assert code == 0 and "Đã nhận 1 người có thể trùng là người đã có" in out
    assert _totals(big_commune) == (after[0], after[1] + 1)  # the child only: the head is the stored one
    assert _sql(big_commune, "SELECT birth_year, household_id FROM person WHERE id = :i", i=b_id) == \
        [(b_year - 1, b_household)]
    assert _sql(big_commune, "SELECT household_id FROM person WHERE full_name = 'Khúc Thị Conbb'") == [(b_household,)]

    code, _, err = _import(big_commune, capsys, str(second), "--accept-matches", "--reject-matches")
    assert code == 2 and "--reject-matches: not allowed with argument --accept-matches" in err  # one answer, not two
    assert _totals(big_commune) == (after[0], after[1] + 1)


def test_help_tells_the_likely_match_rule(capsys: pytest.CaptureFixture[str]) -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    helped = " ".join(sub.choices["import"].format_help().split())  # type: ignore[union-attr]
    assert "--accept-matches" in helped and "--reject-matches" in helped
    assert "with neither, a likely match is a problem and nothing is written" in helped
    assert "with --accept-problems their households are left out" in helped
    assert "without: new people" not in helped


def test_help_lists_every_format_the_reader_takes() -> None:
    """The formats in --help are the reader's own list (the file pickers' too), each one named."""
    from binhdan_desktop.importers.reader import SUFFIXES

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    helped = " ".join(sub.choices["import"].format_help().split())  # type: ignore[union-attr]
    assert {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt"} <= set(SUFFIXES)
    assert " ".join(SUFFIXES) in helped and "(the file's bytes decide how it is read)" in helped


def test_a_dry_run_prints_the_preview_per_village_and_the_first_20_problems(
        big_commune: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows: list[list[Any]] = [HEAD, [1, "Khúc Văn Đúngyy", 1970, "Chủ hộ", "Thôn An Điềm"],
                             [2, "Khúc Thị Đúngyy", 1972, "Vợ", "Thôn An Điềm"]]
    rows += [[3 + i, f"Khúc Văn Sai{'abcde'[i // 5]}{'abcde'[i % 5]}", f"31/02/19{60 + i}", "Chủ hộ",
              "Thôn Đồng Răm"] for i in range(25)]  # letters: a digit in a name is a problem of its own
    path = _book(tmp_path / "loi.xlsx", {"DS": rows})
    before = _totals(big_commune)
    code, out, err = _import(big_commune, capsys, str(path), "--dry-run")
    assert code == 2 and _totals(big_commune) == before
    assert "  Thôn An Điềm: 1/2 mới / new; 0/0 cập nhật / updated; 0/0 không đổi / unchanged; 0/0 không nhập" in out
    assert "  Thôn Đồng Răm: 0/0 mới / new; 0/0 cập nhật / updated; 0/0 không đổi / unchanged; 25/25 không nhập" in out
    listed = [line for line in err.splitlines() if line.startswith("  Trang DS, dòng ")]
    assert len(listed) == 20 and all("cột “Năm sinh”" in line for line in listed)
    assert re.search(r"… và 5 vấn đề nữa", err)

    code, out, err = _import(big_commune, capsys, str(path))  # the real run: refused, nothing written
    assert code == 2 and _totals(big_commune) == before and "không ghi gì" in err
    assert len([line for line in err.splitlines() if line.startswith("  Trang DS, dòng ")]) == 25
    code, out, _ = _import(big_commune, capsys, str(path), "--accept-problems")
    assert code == 0 and _totals(big_commune) == (before[0] + 1, before[1] + 2)


FORMATS = Path(__file__).parent / "fixtures" / "import" / "formats"


def test_the_header_says_the_encoding_per_column_for_a_mixed_file(commune: Database,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A LibreOffice-saved .xls whose names are TCVN3 and addresses VNI beside Unicode columns is "mixed", column by
    column, as the wizard's summary says it; never one encoding for the whole file."""
    _, out, _ = _import(commune, capsys, str(FORMATS / "libreoffice.xls"), "--dry-run")
    header = out.splitlines()[0]
    assert "bảng mã / encoding: hỗn hợp / mixed — trang Danh sách: " in header, header
    assert "cột Họ và tên (TCVN3): TCVN3; cột Địa chỉ (VNI): VNI-Windows; các cột khác / other columns: Unicode" \
        in header and "các trang khác / other sheets: Unicode" in header and "encoding tcvn3" not in header
    assert ("  bảng mã / encoding: " in out and "cột Họ và tên (TCVN3): TCVN3 (6 ô / cells)" in out
            and "cột Địa chỉ (VNI): VNI-Windows (6 ô / cells)" in out)
    _, out, _ = _import(commune, capsys, str(FORMATS / "cp1258.csv"), "--dry-run")
    assert "bảng mã / encoding: Unicode (tệp văn bản / text file cp1258); cột / columns: " in out.splitlines()[0]


def test_a_loose_village_accepted_is_not_still_to_confirm(commune: Database, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = _book(tmp_path / "thon.xlsx", {"DS": [HEAD, [1, "Khúc Văn Thônqq", 1970, "Chủ hộ", "dong ram"]]})
    code, out, _ = _import(commune, capsys, str(path))
    assert code == 2 and "  thôn “dong ram” → Thôn Đồng Răm — cần xác nhận (--accept-villages) / to confirm" in out
    code, out, _ = _import(commune, capsys, str(path), "--accept-villages")
    assert code == 0 and "  thôn “dong ram” → Thôn Đồng Răm — đã nhận (--accept-villages) / accepted" in out
    assert "cần xác nhận" not in out and _sql(commune, "SELECT v.name FROM person p JOIN household h ON "
                                                   "h.id = p.household_id JOIN village v ON v.id = h.village_id") == \
        [("Thôn Đồng Răm",)]


def test_the_readme_import_section_names_every_format_and_option_and_keeps_a_cmnd(
        commune: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The README says what the code does: every format the reader takes, every option of `import`, and a 9-digit
    CMND kept in the person's CCCD field (not a problem), which an import shows."""
    from binhdan_desktop.importers.reader import SUFFIXES

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = " ".join(readme.split("## Importing existing lists")[1].split("\n## ")[0].split())
    table = next(line for line in readme.splitlines() if line.startswith("| `binhdan import FILE"))
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    options = {o for a in sub.choices["import"]._actions for o in a.option_strings  # type: ignore[union-attr]
               if o.startswith("--") and o not in ("--help", "--db", "--force", "--template")}
    assert {o for o in options if o not in table} == set() and {o for o in options if o not in section} - {
        "--sheet", "--village", "--dry-run"} == set()
    formats = section.split("**Formats**")[1].split("- **")[0]
    assert [s for s in SUFFIXES if f"`{s}`" not in formats and f"/`{s}`" not in formats] == []
    assert "a 9-digit CMND, the same CCCD twice" not in section and "old 9-digit CMND is kept" in section
    path = _book(tmp_path / "cmnd.xlsx", {"DS": [["Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Số CMND", "Thôn"],
                                                 ["Khúc Văn Cmndqq", 1950, "Chủ hộ", "123456789", "Thôn An Điềm"]]})
    code, _, err = _import(commune, capsys, str(path))
    assert code == 0 and not err and _sql(commune, "SELECT cccd FROM person") == [("123456789",)]


def test_a_dry_run_says_once_per_sheet_which_column_is_missing(big_commune: Database,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """nocols.xls (LibreOffice-saved): no Giới tính on either sheet, no Quan hệ on the first; the CLI says it as the
    wizard's "Lưu ý" column does, once per sheet, not a word per row."""
    layouts = Path(__file__).parent / "fixtures" / "layouts"
    village = _sql(big_commune, "SELECT name FROM village ORDER BY name LIMIT 1")[0][0]
    assert run(["--db", str(big_commune.path), "import", str(layouts / "nocols.xls"), "--dry-run",
                "--village", village]) in (0, 2)
    out = capsys.readouterr().out
    assert out.count("lưu ý: Không có cột Giới tính") == 2 and out.count("lưu ý: Không có cột Quan hệ") == 1
    assert "note: No gender column: gender left blank" in out


def test_english_lines_count_one_thing_in_the_singular(big_commune: Database, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    village = _sql(big_commune, "SELECT name FROM village ORDER BY name LIMIT 1")[0][0]
    path = _book(tmp_path / "mot.xlsx", {"s": [["Mã hộ", "Họ và tên", "Năm sinh", "Quan hệ", "Thôn"],
                                               ["Z1", "Lê Văn Một", 1960, "Chủ hộ", village],
                                               ["Z2", "Lê Văn Hai", "13/13/1970", "Chủ hộ", village]]})
    assert run(["--db", str(big_commune.path), "import", str(path), "--dry-run"]) == 2
    out, err = capsys.readouterr()
    assert "Importing would give: 1 new household, " in out and "1 new person, " in out and "1 row left out" in out
    assert "Error: 1 problem on 1 row;" in err
