"""Storing what was parsed: re-imports update instead of duplicating, doubtful rows are left out and listed,
and the command line writes nothing when a row is flagged (unless --accept-problems)."""

from __future__ import annotations

import csv
import hashlib
import os
import random
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from binhdan_desktop.cli.main import run
from binhdan_desktop.domain.names import FAMILY_NAMES, FEMALE_GIVEN, FEMALE_MIDDLE, MALE_GIVEN, MALE_MIDDLE
from binhdan_desktop.services import imports
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import Household, Person

HEAD = ["Mã hộ", "Họ và tên", "Năm sinh", "Giới tính", "Quan hệ với chủ hộ", "Số CCCD", "Thôn", "Địa chỉ"]
VILLAGES = ["Thôn An Điềm", "Thôn Đồng Răm", "Thôn Ưu Điềm"]
Row = list[object]


def _csv(path: Path, rows: list[Row]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEAD, *rows])
    return path


def _family(code: str, village: str, head_year: int = 1960, head: str = "Nguyễn Văn An") -> list[Row]:
    return [[code, head, head_year, "Nam", "Chủ hộ", "", village, "Xóm Đông"],
            [code, "Trần Thị Bình", 1965, "Nữ", "Vợ", "", village, "Xóm Đông"],
            [code, "Nguyễn Văn Cường", 1990, "Nam", "Con", "", village, "Xóm Đông"],
            [code, "Nguyễn Thị Dung", 1993, "Nữ", "Con", "", village, "Xóm Đông"]]


def _people(db: Database) -> list[Person]:
    with db.read() as s:
        return list(s.scalars(select(Person).where(Person.deleted.is_(False))))


def _state(db: Database) -> tuple[int, int, int, str]:
    """Row counts and a digest of every household and person row, read with plain sqlite3 (not the app)."""
    con = sqlite3.connect(db.path)
    try:
        counts = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("household", "person", "change_log")]
        digest = hashlib.sha256()
        for table in ("household", "person"):
            for row in con.execute(f"SELECT * FROM {table} ORDER BY id"):
                digest.update(repr(row).encode())
        return counts[0], counts[1], counts[2], digest.hexdigest()
    finally:
        con.close()


@pytest.mark.parametrize("coded", [True, False])
def test_correcting_a_birth_year_updates_the_person(commune: Database, tmp_path: Path, coded: bool) -> None:
    rows = _family("1" if coded else "", VILLAGES[0])
    imports.import_file(commune, _csv(tmp_path / "a.csv", rows), dry_run=False)
    rows[2][2] = 1991
    again = imports.import_file(commune, _csv(tmp_path / "a.csv", rows), dry_run=False)
    assert (again.people_created, again.people_updated, again.people_unchanged) == (0, 1, 3)
    assert (again.households_created, again.households_updated) == (0, 1)
    people = _people(commune)
    assert len(people) == 4 and {p.birth_year for p in people if p.full_name == "Nguyễn Văn Cường"} == {1991}


@pytest.mark.parametrize("coded", [True, False])
def test_correcting_the_heads_year_does_not_duplicate_the_household(commune: Database, tmp_path: Path,
                                                                    coded: bool) -> None:
    rows = _family("1" if coded else "", VILLAGES[0])
    imports.import_file(commune, _csv(tmp_path / "a.csv", rows), dry_run=False)
    rows[0][2] = 1961
    again = imports.import_file(commune, _csv(tmp_path / "a.csv", rows), dry_run=False)
    assert (again.households_created, again.people_created, again.people_updated) == (0, 0, 1)
    with commune.read() as s:
        assert len(s.scalars(select(Household)).all()) == 1
    assert {p.birth_year for p in _people(commune) if p.full_name == "Nguyễn Văn An"} == {1961}


def test_a_likely_match_is_proposed_and_the_users_decision_is_taken(commune: Database, tmp_path: Path) -> None:
    # A household without a code whose head alone matches, a year off: the user decides.
    imports.import_file(commune, _csv(tmp_path / "a.csv", [["", "Lê Văn Tám", 1970, "Nam", "Chủ hộ", "", VILLAGES[1],
                                                              "Xóm Chợ"]]), dry_run=False)
    (tam,) = _people(commune)
    path = _csv(tmp_path / "b.csv", [["", "Lê Văn Tám", 1971, "Nam", "Chủ hộ", "", VILLAGES[1], "Xóm Chợ"],
                                     ["", "Phạm Thị Hoa", 1972, "Nữ", "Vợ", "", VILLAGES[1], "Xóm Chợ"]])
    preview = imports.import_file(commune, path)
    (likely,) = preview.likely
    assert (likely.key, likely.full_name, likely.birth_year) == ("2", "Lê Văn Tám", 1971)
    assert [c.person_id for c in likely.candidates] == [tam.id]
    assert preview.rows_left_out == 2 and preview.people_created == 0  # undecided: left out, and said so
    assert any("Lê Văn Tám" in p.message and p.row == 2 for p in preview.problems)
    before = _state(commune)
    strict = imports.import_file(commune, path, dry_run=False, all_or_nothing=True)
    assert not strict.written and strict.backup is None and _state(commune) == before
    new = imports.import_file(commune, path, decisions={"2": None})
    assert (new.households_created, new.people_created, new.rows_left_out, new.problems) == (1, 2, 0, [])
    same = imports.import_file(commune, path, dry_run=False, decisions={"2": tam.id})
    assert (same.households_created, same.people_updated, same.people_created, same.problems) == (0, 1, 1, [])
    assert {p.full_name: p.household_id for p in _people(commune)} == {"Lê Văn Tám": tam.household_id,
                                                                       "Phạm Thị Hoa": tam.household_id}


def test_two_same_named_heads_in_a_village_are_told_apart_by_their_members(commune: Database, tmp_path: Path) -> None:
    rows = [*_family("", VILLAGES[0]), ["", "Nguyễn Văn An", 1960, "Nam", "Chủ hộ", "", VILLAGES[0], "Xóm Tây"],
            ["", "Võ Thị Lan", 1962, "Nữ", "Vợ", "", VILLAGES[0], "Xóm Tây"],
            ["", "Nguyễn Văn An", 1960, "Nam", "Chủ hộ", "", VILLAGES[1], "Xóm Gò"]]
    first = imports.import_file(commune, _csv(tmp_path / "a.csv", rows), dry_run=False)
    assert (first.households_created, first.people_created) == (3, 7)
    before = _state(commune)
    again = imports.import_file(commune, _csv(tmp_path / "a.csv", rows), dry_run=False)
    assert (again.households_unchanged, again.people_unchanged, again.rows_left_out) == (3, 7, 0)
    assert _state(commune)[:3] == before[:3]


def test_household_codes_are_scoped_to_their_village(commune: Database, tmp_path: Path) -> None:
    imports.import_file(commune, _csv(tmp_path / "a.csv", _family("1", VILLAGES[0])), dry_run=False)
    other = _family("1", VILLAGES[1], head="Lê Văn Sáu")
    second = imports.import_file(commune, _csv(tmp_path / "b.csv", other), dry_run=False)
    assert (second.households_created, second.people_created) == (1, 4)  # code "1" of another village
    for row in other:
        row[7] = "Xóm Bến"  # the second village's household moved street
    again = imports.import_file(commune, _csv(tmp_path / "b.csv", other), dry_run=False)
    assert (again.households_created, again.households_updated, again.people_updated) == (0, 1, 0)
    with commune.read() as s:
        assert sorted(h.address for h in s.scalars(select(Household))) == ["Xóm Bến", "Xóm Đông"]


def test_the_same_cccd_twice_in_a_file_is_a_problem_never_an_overwrite(commune: Database, tmp_path: Path) -> None:
    rows = _family("1", VILLAGES[0]) + _family("2", VILLAGES[0], head="Lê Văn Sáu")
    rows[1][5] = rows[5][5] = "051165000111"
    result = imports.import_file(commune, _csv(tmp_path / "a.csv", rows), dry_run=False)
    (twice,) = [p for p in result.problems if "CCCD" in p.message]  # one fact, one problem naming both rows
    assert (twice.row, twice.column, twice.value) == (3, "Số CCCD", "051165000111") and "3, 7" in twice.message
    assert result.rows_left_out == 8 and result.people_created == 0 and _people(commune) == []


def test_a_cccd_of_a_person_in_another_household_is_a_problem(commune: Database, tmp_path: Path) -> None:
    rows = _family("1", VILLAGES[0]) + _family("2", VILLAGES[0], head="Lê Văn Sáu")
    rows[1][5] = "051165000111"
    imports.import_file(commune, _csv(tmp_path / "a.csv", rows), dry_run=False)
    before = _state(commune)
    moved = [*_family("2", VILLAGES[0], head="Lê Văn Sáu"),
             ["2", "Trần Thị Bình", 1965, "Nữ", "Vợ", "051165000111", VILLAGES[0], "Xóm Đông"]]
    result = imports.import_file(commune, _csv(tmp_path / "b.csv", moved), dry_run=False)
    (problem,) = [p for p in result.problems if p.column == "Số CCCD"]
    assert problem.row == 6 and "Trần Thị Bình" in problem.message and "T01-" not in problem.message
    assert result.rows_left_out == 5 and _state(commune)[:3] == before[:3]


def test_the_template_imports_nothing_and_its_codes_cannot_collide(commune: Database, tmp_path: Path) -> None:
    template = imports.write_template(tmp_path / "mau.xlsx")
    ws = load_workbook(template).active
    assert {r[1] for r in ws.iter_rows(min_row=4, values_only=True)} == {"MAU-01"}
    before = _state(commune)
    result = imports.import_file(commune, template, dry_run=False)
    assert (result.examples_skipped, result.people_created, result.households_created, result.problems) == (2, 0, 0, [])
    assert _state(commune)[:2] == before[:2]
    ws.append([3, "", "Lê Văn Tám", "1970", "Nam", "Chủ hộ", "", "", "Thôn An Điềm", "Xóm Gò"])  # a real row added
    ws.parent.save(tmp_path / "filled.xlsx")
    filled = imports.import_file(commune, tmp_path / "filled.xlsx", dry_run=False)
    assert (filled.examples_skipped, filled.people_created) == (2, 1)
    assert [p.full_name for p in _people(commune)] == ["Lê Văn Tám"]


def test_cli_writes_nothing_when_a_row_is_flagged(commune: Database, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    rows = _family("1", VILLAGES[0]) + _family("2", "Thôn Không Có", head="Lê Văn Sáu")
    path = _csv(tmp_path / "a.csv", rows)
    db = str(commune.path)
    before = _state(commune)
    assert run(["--db", db, "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: ") and "nothing written" in err and "Thôn Không Có" in err
    assert _state(commune) == before and not list((commune.path.parent / "backups").glob("*before-import*"))
    assert run(["--db", db, "import", str(path), "--accept-problems"]) == 0
    out = capsys.readouterr().out
    assert "ĐÃ NHẬP" in out and "Bỏ ra 4 dòng" in out
    assert len(_people(commune)) == 4


def test_cli_writes_the_problems_workbook_private_and_never_over_a_file(commune: Database, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    rows = _family("1", VILLAGES[0])
    rows[2][2] = "năm ngoái"
    path, out = _csv(tmp_path / "a.csv", rows), tmp_path / "loi.xlsx"
    db = str(commune.path)
    assert run(["--db", db, "import", str(path), "--dry-run", "--problems", str(out)]) == 2
    assert os.stat(out).st_mode & 0o777 == 0o600
    sheet = load_workbook(out).active
    table = list(sheet.iter_rows(values_only=True))
    assert table[0] == ("Trang tính / Sheet", "Dòng / Row", "Cột / Column", "Giá trị / Value", "Lý do / Why")
    assert table[1][1:4] == (4, "Năm sinh", "năm ngoái") and "năm ngoái" in table[1][4]
    capsys.readouterr()
    assert run(["--db", db, "import", str(path), "--problems", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert run(["--db", db, "import", str(path), "--problems", str(out), "--force"]) == 2
    assert _people(commune) == []


def _big_file(path: Path, households: int, seed: int = 7) -> int:
    """Demo-like households in three villages: common names repeat in a village and across villages; codes are
    per village ("1".."n"), and one in three households has no code (its head's row starts it)."""
    r = random.Random(seed)
    families = [f for f, w in FAMILY_NAMES for _ in range(w)]
    seen: set[tuple[object, ...]] = set()
    rows: list[Row] = []
    numbers = dict.fromkeys(VILLAGES, 0)

    def name(male: bool, family: str) -> str:
        middle = r.choice(MALE_MIDDLE if male else FEMALE_MIDDLE)
        return f"{family} {middle} {r.choice(MALE_GIVEN if male else FEMALE_GIVEN)}"

    while len(seen) < households:
        village, family = r.choice(VILLAGES), r.choice(families)
        year = r.randint(1945, 1980)
        members = [(name(True, family), year, "Nam", "Chủ hộ"), (name(False, r.choice(families)), year + 2, "Nữ", "Vợ")]
        members += [(name(m, family), year + r.randint(20, 35), "Nam" if m else "Nữ", "Con")
                    for m in (r.random() < 0.5 for _ in range(r.randint(0, 4)))]
        coded = r.random() > 1 / 3
        key = (village, coded, *sorted((n, y) for n, y, _, _ in members))
        if (not coded and key in seen) or len({n for n, *_ in members}) < len(members):
            continue  # a code-less household identical to another one cannot be told apart by anyone
        seen.add(key)
        numbers[village] += 1
        code = str(numbers[village]) if coded else ""
        cccd = f"051{r.randint(0, 10**9 - 1):09d}" if r.random() < 0.3 else ""
        address = f"Số {r.randint(1, 300)}, {r.choice(['Xóm Đông', 'Xóm Tây', 'Xóm Chợ'])}"
        for i, (full, born, gender, relation) in enumerate(members):
            rows.append([code, full, born, gender, relation, cccd if i == 0 else "", village, address])
    cccds = [row[5] for row in rows if row[5]]
    assert len(cccds) == len(set(cccds))
    _csv(path, rows)
    return len(rows)


def test_reimporting_an_unchanged_50000_row_file_changes_nothing(commune: Database, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    n = 0
    households = 12_000
    while n < 50_000:
        n = _big_file(path, households)
        households += 500
    first = imports.import_file(commune, path, dry_run=False)
    assert first.problems == [] and first.people_created == n
    before = _state(commune)
    again = imports.import_file(commune, path, dry_run=False)
    assert (again.people_created, again.people_updated, again.people_unchanged) == (0, 0, n)
    assert (again.households_created, again.households_updated, again.rows_left_out) == (0, 0, 0)
    assert _state(commune) == before  # same rows, same values, no change-log row added
    assert again.written and again.backup is None  # nothing to change: no transaction, no backup
