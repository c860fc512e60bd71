"""Spreadsheet import: sample files made by tests/fixtures/make_import_fixtures.py, checked field by field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from binhdan_desktop.cli.main import run
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import imports
from binhdan_desktop.services.visits import add_completion
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import Completion, Household, Person
from tests.fixtures.make_import_fixtures import build
from tests.test_sync import dump


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("import")
    build(folder)
    return folder


def _people(db: Database) -> dict[str, Person]:
    with db.read() as s:
        return {p.full_name: p for p in s.scalars(select(Person).where(Person.deleted.is_(False)))}


def test_clean_file_imports_field_by_field(commune: Database, files: Path) -> None:
    preview = imports.import_file(commune, files / "clean.xlsx")
    assert preview.dry_run and preview.people_created == 5 and preview.households_created == 2
    assert _people(commune) == {}  # a preview writes nothing
    result = imports.import_file(commune, files / "clean.xlsx", dry_run=False)
    assert (result.people_created, result.households_created) == (5, 2) and result.backup.exists()
    people = _people(commune)
    an = people["Nguyễn Văn An"]
    assert (an.birth_date, an.gender, an.relation, an.cccd, an.phone) == (
        dt.date(1961, 3, 15), "nam", "chu_ho", "051061000123", "0912345678")
    assert people["Trần Thị Bình"].birth_year == 1965 and people["Trần Thị Bình"].relation == "vo_chong"
    assert people["Lê Văn Ưng"].relation == "chau"
    assert people["Nguyễn Văn Cường"].household_id == an.household_id
    with commune.read() as s:
        h = s.get(Household, an.household_id)
        assert h.address == "Số 5, Xóm Đông" and h.code.startswith("T01-")


def test_reimport_updates_instead_of_duplicating_and_keeps_history(commune: Database, files: Path) -> None:
    imports.import_file(commune, files / "clean.xlsx", dry_run=False)
    an = _people(commune)["Nguyễn Văn An"]
    add_completion(commune, an.id, "KN-01", dt.date(2026, 1, 5), "tham_ho")
    again = imports.import_file(commune, files / "clean.xlsx", dry_run=False)
    assert again.people_created == 0 and again.households_created == 0 and again.people_unchanged == 5
    assert len(_people(commune)) == 5
    with commune.read() as s:
        assert s.scalars(select(Completion).where(Completion.person_id == an.id)).one()


def test_messy_file_title_rows_merged_headers_dates_blanks_and_duplicates(commune: Database, files: Path) -> None:
    result = imports.import_file(commune, files / "messy.xlsx", dry_run=False)
    assert result.header_row == 4  # two title rows and a merged group row above the header
    people = _people(commune)
    assert people["Trần Thị Bình"].birth_date == dt.date(1965, 4, 2)  # an Excel date
    assert people["Nguyễn Văn Cường"].birth_date == dt.date(1990, 8, 12)  # "12-8-90"
    assert "Đặng Thị Ước" not in people  # "x/1958" is flagged, not guessed: her household is left out
    assert any("x/1958" in p.message and p.column == "Ngày sinh" for p in result.problems)
    (twice,) = [p for p in result.problems if p.column == "Số CCCD"]  # the same CCCD twice: one problem
    assert twice.row == 10 and "10, 11" in twice.message
    assert result.rows_left_out == 2
    assert "Tổng cộng" not in people


@pytest.mark.parametrize("name,encoding", [("nfd.csv", "unicode"), ("tcvn3.xlsx", "tcvn3"), ("vni.csv", "vni")])
def test_legacy_encodings_and_nfd_are_converted(commune: Database, files: Path, name: str, encoding: str) -> None:
    preview = imports.import_file(commune, files / name)
    assert preview.encoding == encoding
    assert ("Thôn An Điềm", "Nguyễn Văn An", "1961") in preview.sample
    imports.import_file(commune, files / name, dry_run=False)
    assert {"Nguyễn Văn An", "Nguyễn Văn Cường", "Đặng Thị Ước", "Lê Văn Ưng"} <= set(_people(commune))


def test_formulas_are_read_never_evaluated(commune: Database, files: Path) -> None:
    result = imports.import_file(commune, files / "formulas.xlsx", dry_run=False)
    people = _people(commune)
    assert people["Trần Thị Bình"].birth_year == 1965  # "=1900+65" without a saved value: a simple sum, computed
    assert "Nguyễn Văn An" in people and not result.problems  # =HYPERLINK(url, "name"): its text, computed
    assert not any(n.startswith("=") for n in people)


@pytest.mark.parametrize("name", ["zipbomb.xlsx", "not-a-sheet.xlsx", "protected.xlsx", "missing.xlsx"])
def test_hostile_or_broken_files_change_nothing(commune: Database, files: Path, name: str) -> None:
    before = dump(commune)
    with pytest.raises(BinhdanError) as err:
        imports.import_file(commune, files / name, dry_run=False)
    assert err.value.code == "import.bad_file" and name in err.value.message("vi")
    assert dump(commune) == before


def test_unknown_village_is_reported_by_row(commune: Database, files: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Thôn"])
    wb.active.append(["Lê Văn Tám", 1970, "Chủ hộ", "Thôn Không Có"])
    wb.save(tmp_path / "x.xlsx")
    result = imports.import_file(commune, tmp_path / "x.xlsx", dry_run=False)
    assert result.people_created == 0
    assert result.problems[0].row == 2 and "Thôn Không Có" in result.problems[0].message


def test_template_and_cli(commune: Database, files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(commune.path)
    commune.close()
    assert run(["--db", db, "import", "--template", str(tmp_path / "mau.xlsx")]) == 0
    assert run(["--db", db, "import", str(tmp_path / "mau.xlsx"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "XEM TRƯỚC" in out and "người mới 0" in out and "2 dòng mẫu" in out  # the examples are skipped
    assert run(["--db", db, "import", str(files / "clean.xlsx")]) == 0
    assert "ĐÃ NHẬP" in capsys.readouterr().out


def test_the_user_corrects_the_column_matching(commune: Database, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Thôn", "Nơi cư trú", "Ghi chú"])
    wb.active.append(["Lê Văn Tám", 1970, "Chủ hộ", "Thôn An Điềm", "Số 3, Xóm Gò", "Số 99 cũ"])
    wb.save(tmp_path / "x.xlsx")
    guessed = imports.import_file(commune, tmp_path / "x.xlsx")
    assert "address" not in guessed.columns  # "Nơi cư trú" is not a known header
    fixed = imports.import_file(commune, tmp_path / "x.xlsx", dry_run=False, columns={"address": "Nơi cư trú"})
    assert fixed.columns["address"] == "Nơi cư trú"
    with commune.read() as s:
        assert s.scalars(select(Household)).one().address == "Số 3, Xóm Gò"
    with pytest.raises(BinhdanError):
        imports.import_file(commune, tmp_path / "x.xlsx", columns={"address": "Không có cột này"})


TWO_SHEETS = Path(__file__).parent / "fixtures" / "import" / "columns" / "two_sheets.xls"  # saved by LibreOffice


def _addresses(db: Database) -> dict[str, str | None]:
    with db.read() as s:
        return dict(s.execute(select(Household.code, Household.address)).all())


def test_a_column_correction_for_one_sheet_leaves_the_other_sheets_alone(commune: Database) -> None:
    """Both sheets have "Ghi chú": the address on "Thôn An Điềm", notes beside a real "Địa chỉ" on "Thôn Đồng Răm".
    (sheet, field) corrects that sheet alone; a bare field still corrects every sheet with that header."""
    every = imports.import_file(commune, TWO_SHEETS, columns={"address": "Ghi chú"})
    assert [dict(s.columns).get("address") for s in every.sheets] == ["Ghi chú", "Ghi chú"]

    one = {("Thôn An Điềm", "address"): "Ghi chú"}
    preview = imports.import_file(commune, TWO_SHEETS, columns=one)
    assert [(s.name, dict(s.columns).get("address")) for s in preview.sheets] == [
        ("Thôn An Điềm", "Ghi chú"), ("Thôn Đồng Răm", "Địa chỉ")]
    done = imports.import_file(commune, TWO_SHEETS, columns=one, dry_run=False)
    assert done.written and (done.households_created, done.people_created) == (2, 3)
    assert _addresses(commune) == {"AD-1": "Số 3, Xóm Gò", "DR-1": "Số 9, Xóm Chợ"}  # not "hộ nghèo"

    off = imports.import_file(commune, TWO_SHEETS, columns={("Thôn Đồng Răm", "address"): None})  # "(không dùng)"
    assert [dict(s.columns).get("address") for s in off.sheets] == [None, None]
    with pytest.raises(BinhdanError):  # that sheet has no such column (the other one has)
        imports.import_file(commune, TWO_SHEETS, columns={("Thôn An Điềm", "address"): "Địa chỉ"})
    with pytest.raises(BinhdanError):  # no such sheet
        imports.import_file(commune, TWO_SHEETS, columns={("Thôn Không Có", "address"): "Ghi chú"})
    assert _addresses(commune) == {"AD-1": "Số 3, Xóm Gò", "DR-1": "Số 9, Xóm Chợ"}


def test_map_sheet_field_on_the_command_line_corrects_that_sheet_only(commune: Database,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    db = str(commune.path)
    assert run(["--db", db, "import", str(TWO_SHEETS), "--map", "Thôn An Điềm:address=Ghi chú"]) == 0
    out = capsys.readouterr().out
    sheets = [line for line in out.splitlines() if line.startswith("  cột / columns: ")]
    assert len(sheets) == 2 and "address=Ghi chú" in sheets[0] and "address=Địa chỉ" in sheets[1], sheets
    assert _addresses(commune) == {"AD-1": "Số 3, Xóm Gò", "DR-1": "Số 9, Xóm Chợ"}
    assert run(["--db", db, "import", str(TWO_SHEETS), "--dry-run", "--map", "address=Ghi chú"]) == 0
    sheets = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  cột / columns: ")]
    assert ["address=Ghi chú" in line for line in sheets] == [True, True]  # FIELD=HEADER: every sheet that has it
    assert run(["--db", db, "import", str(TWO_SHEETS), "--map", ":address=Ghi chú"]) == 2
    assert "--map" in capsys.readouterr().err
