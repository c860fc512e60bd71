"""Defects a new-user tester found in the import core and CLI (issue 13), on files LibreOffice saved the way an
office does (tests/fixtures/import/t13core/, made by tests/fixtures/make_t13core_fixtures.py). Every outcome is
recounted with plain sqlite3, person by person."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from binhdan_desktop.cli.main import run
from binhdan_desktop.services import imports
from binhdan_desktop.services.commune import setup_commune
from binhdan_desktop.store.db import Database

FIXTURES = Path(__file__).parent / "fixtures" / "import" / "t13core"


def _sql(db: Database, query: str, *args: object) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db.path)
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


def _people(db: Database) -> list[tuple[object, ...]]:
    return _sql(db, "SELECT h.code, v.name, p.full_name, p.birth_year, p.gender, p.relation FROM person p "
                    "JOIN household h ON h.id = p.household_id JOIN village v ON v.id = h.village_id "
                    "WHERE p.deleted = 0 ORDER BY p.full_name")


@pytest.fixture
def hoa_binh(db: Database) -> Database:
    """The tester's commune: no "Thôn An Điềm" (the template's example village) among its villages."""
    setup_commune(db, "Hoà Bình", "Quảng Nam", ["Thôn Phước Lộc", "Thôn Đông Yên"])
    return db


# --- 2. the template's example rows raise nothing -------------------------------------------------------------

def test_a_filled_template_imports_and_its_example_rows_raise_nothing(
        hoa_binh: Database, capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "template_filled.xlsx"  # the template, filled in and saved by LibreOffice
    preview = imports.import_file(hoa_binh, path)
    assert preview.problems == [] and preview.examples_skipped == 2
    assert all(v.raw != "Thôn An Điềm" for v in preview.villages)  # the example's village is not looked at
    assert [(s.households, s.people) for s in preview.sheets] == [(2, 3)]
    assert run(["--db", str(hoa_binh.path), "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Bỏ qua 2 dòng mẫu" in out and "An Điềm" not in out
    assert _people(hoa_binh) == [
        ("1", "Thôn Phước Lộc", "Huỳnh Thị Cúc", 1975, "nu", "vo_chong"),
        ("2", "Thôn Đông Yên", "Trương Văn Dũng", 1960, "nam", "chu_ho"),
        ("1", "Thôn Phước Lộc", "Võ Văn Bình", 1972, "nam", "chu_ho")]


def test_the_template_alone_imports_nothing_on_a_commune_without_its_village(
        hoa_binh: Database, tmp_path: Path) -> None:
    template = imports.write_template(tmp_path / "mau.xlsx")
    r = imports.import_file(hoa_binh, template, dry_run=False, all_or_nothing=True)
    assert (r.problems, r.examples_skipped, r.people_created, r.written) == ([], 2, 0, True)
    assert _sql(hoa_binh, "SELECT count(*) FROM person") == [(0,)]


# --- 1. an unaccented re-import never overwrites the recorded names in silence ---------------------------------

@pytest.fixture
def hoa_recorded(hoa_binh: Database) -> Database:
    """The village's list (.xls: title block, "Giới tính" over "Nam | Nữ", no household codes) imported."""
    r = imports.import_file(hoa_binh, FIXTURES / "hoa_accented.xls", dry_run=False)
    assert r.written and (r.households_created, r.people_created, r.problems) == (3, 6, [])
    return hoa_binh


RECORDED = [("Lê Thị Hoa", 1955), ("Nguyễn Văn Hùng", 1968), ("Nguyễn Văn Đức", 1995), ("Phạm Văn Tường", 1980),
            ("Trần Thị Mai", 1970), ("Đỗ Thị Ánh", 1990)]


def _names(db: Database) -> list[tuple[object, ...]]:
    return _sql(db, "SELECT full_name, birth_year FROM person WHERE deleted = 0 ORDER BY rowid")


def test_an_unaccented_list_without_codes_is_a_likely_match_never_an_overwrite(hoa_recorded: Database) -> None:
    db, again = hoa_recorded, FIXTURES / "hoa_unaccented.xls"
    assert sorted(_names(db)) == sorted(RECORDED)
    preview = imports.import_file(db, again)
    heads = {x.full_name: x for x in preview.likely}
    assert set(heads) == {"Nguyen Van Hung", "Le Thi Hoa"} and not any(x.member for x in preview.likely)
    (hung,) = heads["Nguyen Van Hung"].candidates
    assert (hung.full_name, hung.birth_year, hung.kept_name) == ("Nguyễn Văn Hùng", 1968, "Nguyen Van Hung")
    assert hung.differences == (("birth_year", "1969", "1968"),)  # the name is kept: not a difference
    (hoa,) = heads["Le Thi Hoa"].candidates
    assert (hoa.full_name, hoa.differences, hoa.kept_name) == ("Lê Thị Hoa", (), "Le Thi Hoa")
    assert (preview.people_updated, preview.people_created, preview.rows_left_out) == (0, 0, 5)  # undecided
    r = imports.import_file(db, again, dry_run=False, all_or_nothing=True)
    assert not r.written and sorted(_names(db)) == sorted(RECORDED)  # a likely match undecided: nothing written
    accepted = {x.key: x.candidates[0].person_id for x in preview.likely}
    r = imports.import_file(db, again, dry_run=False, decisions=accepted, all_or_nothing=True)
    assert r.written and r.problems == [] and (r.people_updated, r.people_unchanged) == (1, 4)
    expected = [(n, 1969 if n == "Nguyễn Văn Hùng" else y) for n, y in RECORDED]
    assert sorted(_names(db)) == sorted(expected)  # only the year changed; every name kept with its marks
    hung_view = next(h for h in r.households if h.rows.people[0].full_name == "Nguyen Van Hung")
    assert hung_view.updates[0] == (("birth_year", "1968", "1969"),)
    assert hung_view.kept == ("Nguyễn Văn Hùng", "Trần Thị Mai", "Nguyễn Văn Đức")


def test_the_cli_lists_every_field_an_import_changes_and_every_name_it_keeps(
        hoa_recorded: Database, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(hoa_recorded.path)
    path = str(FIXTURES / "hoa_unaccented.xls")
    assert run(["--db", db, "import", path, "--dry-run", "--accept-villages"]) == 2  # likely matches undecided
    captured = capsys.readouterr()
    assert "Nguyen Van Hung 1969" in captured.out and "~ Nguyễn Văn Hùng 1968" in captured.out
    assert "nếu nhận: giữ tên đã ghi “Nguyễn Văn Hùng”" in captured.out
    assert "~ Lê Thị Hoa 1955 (hộ / household T01-0002): chỉ khác ở tên gõ không dấu “Le Thi Hoa”" in captured.out
    assert "có thể là người đã có: Nguyễn Văn Hùng 1968" in captured.err
    assert run(["--db", db, "import", path, "--accept-villages", "--accept-matches"]) == 0
    out = capsys.readouterr().out
    assert "dòng 5 Nguyễn Văn Hùng — cập nhật: năm sinh 1968 → 1969 / updated: birth year 1968 → 1969" in out
    assert "dòng 8: “Le Thi Hoa” → giữ “Lê Thị Hoa” / kept “Lê Thị Hoa”" in out
    assert sorted(_names(hoa_recorded)) == sorted((n, 1969 if n == "Nguyễn Văn Hùng" else y) for n, y in RECORDED)


def test_an_unaccented_name_never_replaces_a_recorded_one_in_a_household_matched_by_code(
        commune: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = tmp_path / "a.csv"
    first.write_text("Mã hộ,Họ và tên,Năm sinh,Giới tính,Quan hệ với chủ hộ,Thôn,Địa chỉ\n"
                     "7,Nguyễn Văn Hùng,1968,Nam,Chủ hộ,Thôn An Điềm,Xóm Đông\n"
                     "7,Lê Thị Hoa,1970,Nữ,Vợ,Thôn An Điềm,Xóm Đông\n", encoding="utf-8")
    imports.import_file(commune, first, dry_run=False)
    again = tmp_path / "b.csv"  # typed again without marks; the wife's name corrected (Hoa -> Hòa: a real change)
    again.write_text("Ma ho,Ho va ten,Nam sinh,Gioi tinh,Quan he voi chu ho,Thon,Dia chi\n"
                     "7,Nguyen Van Hung,1968,Nam,Chu ho,Thon An Diem,Xom Dong\n"
                     "7,Lê Thị Hòa,1970,Nữ,Vợ,Thôn An Điềm,Tổ 3\n", encoding="utf-8")
    assert run(["--db", str(commune.path), "import", str(again), "--accept-villages"]) == 0
    out = capsys.readouterr().out
    assert "hộ 7: địa chỉ “Xom Dong” → giữ “Xóm Đông”" in out  # the head's row gives the address
    assert "dòng 3 Lê Thị Hoa — cập nhật: họ tên Lê Thị Hoa → Lê Thị Hòa" in out
    assert "dòng 2: “Nguyen Van Hung” → giữ “Nguyễn Văn Hùng”" in out
    assert _sql(commune, "SELECT full_name FROM person ORDER BY rowid") == [("Nguyễn Văn Hùng",), ("Lê Thị Hòa",)]
    assert _sql(commune, "SELECT address FROM household") == [("Xóm Đông",)]


# --- 3. a formula's error is a problem naming its cell, never an empty value ------------------------------------

@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods", "csv"])
def test_a_formula_error_is_a_problem_naming_the_cell(hoa_binh: Database, suffix: str) -> None:
    path = FIXTURES / f"formula_errors.{suffix}"  # LibreOffice computed the formulas and saved their errors
    r = imports.import_file(hoa_binh, path, dry_run=False)
    errors = sorted((p.row, p.column, p.value, p.text("vi")) for p in r.problems if p.code == "import.formula_error")
    assert errors == [
        (4, "Năm sinh", "#N/A", "ô D4: lỗi công thức #N/A; hãy sửa công thức (hoặc gõ giá trị) trong tệp rồi nhập lại"),
        (5, "Số CCCD", "#DIV/0!", "ô G5: lỗi công thức #DIV/0!; hãy sửa công thức (hoặc gõ giá trị) trong tệp rồi "
                                  "nhập lại"),
        (6, "Năm sinh", "#VALUE!", "ô D6: lỗi công thức #VALUE!; hãy sửa công thức (hoặc gõ giá trị) trong tệp rồi "
                                   "nhập lại"),
        (7, "Họ và tên", "#REF!", "ô C7: lỗi công thức #REF!; hãy sửa công thức (hoặc gõ giá trị) trong tệp rồi "
                                  "nhập lại")]
    assert len(r.problems) == 4  # one each, not a second "bad date" or "stray character" on the same cell
    assert "cell C7: formula error #REF!" in next(p for p in r.problems if p.row == 7).text("en")
    assert r.rows_left_out == 4 and r.people_created == 1  # both households with an error wait whole
    assert _people(hoa_binh) == [("3", "Thôn Phước Lộc", "Hồ Thị Dung", 1970, "nu", "chu_ho")]


def test_the_cli_refuses_a_file_with_a_formula_error_and_names_the_cell(
        hoa_binh: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", str(hoa_binh.path), "import", str(FIXTURES / "formula_errors.xls")]) == 2
    err = capsys.readouterr().err
    assert "Trang Danh sách, dòng 4, cột “Năm sinh”: ô D4: lỗi công thức #N/A" in err
    assert "cell D4: formula error #N/A" in err
    assert _sql(hoa_binh, "SELECT count(*) FROM person") == [(0,)]


# --- 4. command-line messages that say what to do ----------------------------------------------------------------

def test_a_bad_map_names_the_valid_fields_sheets_and_columns(
        hoa_binh: Database, capsys: pytest.CaptureFixture[str]) -> None:
    db, path = str(hoa_binh.path), str(FIXTURES / "formula_errors.xlsx")
    before = _sql(hoa_binh, "SELECT count(*) FROM person")
    assert run(["--db", db, "import", path, "--dry-run", "--map", "ten=Họ và tên"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0  # one line, both languages
    assert "--map: không có trường “ten”; các trường: full_name (Họ và tên), birth (Ngày sinh)," in err
    assert "given_name (Tên) / Error: --map: there is no field “ten”; the fields: full_name (Họ và tên)" in err
    assert run(["--db", db, "import", path, "--dry-run", "--map", "address=Nơi ở"]) == 2
    err = capsys.readouterr().err
    assert "--map: tệp không có cột “Nơi ở”; các cột: “STT”, “Mã hộ”, “Họ và tên”, “Năm sinh”" in err
    assert "the file has no column “Nơi ở”" in err
    assert run(["--db", db, "import", path, "--dry-run", "--map", "Trang 2:address=Thôn"]) == 2
    err = capsys.readouterr().err
    assert "--map: tệp không có trang tính “Trang 2”; các trang: “Danh sách”" in err
    assert _sql(hoa_binh, "SELECT count(*) FROM person") == before


def test_an_unknown_village_argument_is_a_usage_error_listing_the_villages(
        hoa_binh: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "khong_thon.csv"  # no village column: --village says where the rows go
    path.write_text("Họ và tên,Năm sinh,Giới tính,Quan hệ với chủ hộ\nNguyễn Văn Hùng,1968,Nam,Chủ hộ\n",
                    encoding="utf-8")
    assert run(["--db", str(hoa_binh.path), "import", str(path), "--village", "Thôn Không Có"]) == 2
    out, err = capsys.readouterr()
    assert out == ""  # refused before any preview: nothing about the file's rows
    assert err.strip() == ("Lỗi: --village: xã không có thôn “Thôn Không Có”; các thôn của xã: Thôn Phước Lộc, "
                           "Thôn Đông Yên / Error: --village: the commune has no village “Thôn Không Có”; its "
                           "villages: Thôn Phước Lộc, Thôn Đông Yên")
    assert run(["--db", str(hoa_binh.path), "import", str(path), "--village", "dong yen"]) == 0
    assert _people(hoa_binh) == [("T02-0001", "Thôn Đông Yên", "Nguyễn Văn Hùng", 1968, "nam", "chu_ho")]


def test_a_5_mb_name_is_a_problem_on_its_row_not_a_broken_file(
        hoa_binh: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "dan.csv"  # a paste gone wrong: 5 MB in one name cell; an address over its 300 characters
    path.write_text("Mã hộ,Họ và tên,Năm sinh,Giới tính,Quan hệ với chủ hộ,Thôn,Địa chỉ\n"
                    "1,Nguyễn Văn Hùng,1968,Nam,Chủ hộ,Thôn Phước Lộc,Xóm Đông\n"
                    "1,Lê Thị " + "a" * 5_000_000 + ",1970,Nữ,Vợ,Thôn Phước Lộc,\n"
                    "2,Trần Văn Bé,1950,Nam,Chủ hộ,Thôn Phước Lộc,Tổ 3\n"
                    "3,Võ Thị Lan,1960,Nữ,Chủ hộ,Thôn Phước Lộc," + "Xóm Tây " * 40 + "\n", encoding="utf-8")
    assert run(["--db", str(hoa_binh.path), "import", str(path), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "Trang dan, dòng 3, cột “Họ và tên”: ô B3: giá trị dài 5000007 ký tự, quá 200 ký tự cột này nhận được" in err
    assert "cell B3: the value is 5000007 characters long, over the 200 this column takes" in err
    assert "dòng 5, cột “Địa chỉ”: ô G5: giá trị dài 319 ký tự, quá 300 ký tự" in err
    assert len(err) < 5000 and "hỏng" not in err  # the cell is not copied out; the file is not "broken"
    r = imports.import_file(hoa_binh, path, dry_run=False)
    assert {(p.row, p.code) for p in r.problems if p.code == "import.too_long"} == {(3, "import.too_long"),
                                                                                     (5, "import.too_long")}
    assert max(len(p.value) for p in r.problems) <= 201
    assert _people(hoa_binh) == [("2", "Thôn Phước Lộc", "Trần Văn Bé", 1950, "nam", "chu_ho")]


# --- 5. a changed given name: a close one is a likely match, another name a new member ------------------------

FAMILY = ("Mã hộ,Họ và tên,Năm sinh,Giới tính,Quan hệ với chủ hộ,Thôn\n"
          "7,Nguyễn Văn Hùng,1968,Nam,Chủ hộ,Thôn Phước Lộc\n7,Lê Thị Hoa,1970,Nữ,Vợ,Thôn Phước Lộc\n")


def test_a_changed_given_name_is_a_likely_match_when_close_and_a_new_member_when_not(
        hoa_binh: Database, tmp_path: Path) -> None:
    first = tmp_path / "a.csv"
    first.write_text(FAMILY + "7,Nguyễn Văn Tâm,1995,Nam,Con,Thôn Phước Lộc\n"
                     "7,Nguyễn Thị Oanh,1998,Nữ,Con,Thôn Phước Lộc\n",
                     encoding="utf-8")
    imports.import_file(hoa_binh, first, dry_run=False)
    (tam,) = _sql(hoa_binh, "SELECT id FROM person WHERE full_name = 'Nguyễn Văn Tâm'")
    again = tmp_path / "b.csv"  # Tâm -> Tân (one letter: a likely match); Oanh -> Hồng (another name: a new member)
    again.write_text(FAMILY + "7,Nguyễn Văn Tân,1995,Nam,Con,Thôn Phước Lộc\n"
                     "7,Nguyễn Thị Hồng,1998,Nữ,Con,Thôn Phước Lộc\n",
                     encoding="utf-8")
    preview = imports.import_file(hoa_binh, again)
    assert [(x.full_name, x.member, [c.full_name for c in x.candidates]) for x in preview.likely] == \
        [("Nguyễn Văn Tân", True, ["Nguyễn Văn Tâm"])]
    assert preview.rows_left_out == 4  # undecided: the household waits
    r = imports.import_file(hoa_binh, again, dry_run=False, decisions={preview.likely[0].key: tam[0]})
    assert r.written and (r.people_updated, r.people_created) == (1, 1)
    view = r.households[0]
    assert view.people == ("unchanged", "unchanged", "updated", "new")
    assert view.updates[2] == (("full_name", "Nguyễn Văn Tâm", "Nguyễn Văn Tân"),)
    assert _sql(hoa_binh, "SELECT full_name FROM person WHERE id = ?", tam[0]) == [("Nguyễn Văn Tân",)]
    # Another given name is another person: added; the recorded Oanh stays (an import never removes anyone).
    assert sorted(n for _, _, n, *_ in _people(hoa_binh)) == ["Lê Thị Hoa", "Nguyễn Thị Hồng", "Nguyễn Thị Oanh",
                                                              "Nguyễn Văn Hùng", "Nguyễn Văn Tân"]


@pytest.mark.parametrize(("ours", "recorded", "kept"), [
    ("Nguyen Van Hung", "Nguyễn Văn Hùng", True),  # typed without a Vietnamese keyboard: the recorded name stays
    ("NGUYEN VAN  HUNG", "Nguyễn Văn Hùng", True),
    ("Xom Dong", "Xóm Đông", True),
    ("Nguyễn Văn Hưng", "Nguyễn Văn Hùng", False),  # typed with marks: another name, an update
    ("Lê Thị Hoa", "Lê Thị Hòa", False),
    ("Nguyen Van Hai", "Nguyễn Văn Hùng", False),
    ("Tran Van A", "Tran Van A", False)])
def test_only_a_name_typed_without_any_marks_keeps_the_recorded_one(ours: str, recorded: str, kept: bool) -> None:
    from binhdan_desktop.services.import_match import loses_marks, same_name

    assert loses_marks(ours, recorded) is kept
    assert same_name("Lê Thị Hoà", "Lê Thị Hòa") and not same_name("Le Thi Hoa", "Lê Thị Hoa")  # the tone's place aside
