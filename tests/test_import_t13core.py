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
