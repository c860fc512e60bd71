"""Defects a new-user tester found in the import (issue 13, /work reports t13test), on the tester's own files
(tests/fixtures/import/t13test/): the real `binhdan` process, every stored person recounted with plain sqlite3."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from binhdan_desktop.services.commune import setup_commune
from binhdan_desktop.store.db import Database

FIXTURES = Path(__file__).parent / "fixtures" / "import" / "t13test"


def _binhdan(db: Database, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "binhdan_desktop", "--db", str(db.path), *args],
                          capture_output=True, text=True, env={**os.environ, "BINHDAN_LANG": "vi"}, timeout=120)


def _people(db: Database) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db.path)
    try:
        return con.execute(
            "SELECT h.code, p.full_name, p.birth_year, p.gender, p.relation, p.cccd FROM person p "
            "JOIN household h ON h.id = p.household_id WHERE p.deleted = 0 AND h.deleted = 0 "
            "ORDER BY h.code, p.full_name").fetchall()
    finally:
        con.close()


@pytest.fixture
def binh_an(db: Database) -> Database:
    """The tester's commune, with G_values.csv (household V1: Phan Văn Khải 1970, CCCD 051070001234) imported."""
    setup_commune(db, "Bình An", "Quảng Nam", ["Thôn Phước Lộc", "Thôn Đông Yên", "Thôn An Bình"])
    # Tí's "12/03/15" reads either way, with no day above 12 in the column: the order is the user's answer
    done = _binhdan(db, "import", "--dates", "dmy", str(FIXTURES / "G_values.csv"))
    assert done.returncode == 0, done.stderr
    return db


RECORDED = [("V1", "Phan Thị Kim Loan", 1972, "nu", "vo_chong", "051072000111"),
            ("V1", "Phan Văn Khải", 1970, "nam", "chu_ho", "051070001234"),
            ("V1", "Phan Văn Tí", 2015, "nam", "con", None)]


def test_a_cccd_recorded_for_someone_else_is_a_problem_never_an_overwrite(binh_an: Database) -> None:
    assert _people(binh_an) == RECORDED
    done = _binhdan(binh_an, "import", str(FIXTURES / "J_cccd_taken.csv"))
    assert done.returncode == 2
    out = done.stdout + done.stderr
    assert ("CCCD 051070001234 đã ghi cho Phan Văn Khải (1970, hộ V1); dòng này là Trịnh Thị Khác (1985) — "
            "kiểm tra lại CCCD") in out, out
    assert _people(binh_an) == RECORDED  # nothing written: Khải is still Khải, head of V1
    done = _binhdan(binh_an, "import", "--accept-problems", str(FIXTURES / "J_cccd_taken.csv"))
    assert _people(binh_an) == RECORDED, done.stdout  # the household is left out, never W1 with Khải's CCCD


def test_a_real_cccd_match_with_a_corrected_year_or_spelling_is_an_update(binh_an: Database, tmp_path: Path) -> None:
    fixed = tmp_path / "sua.csv"
    fixed.write_text("Mã hộ,Họ và tên,Năm sinh,Giới tính,Quan hệ với chủ hộ,Thôn,Số CCCD\n"
                     "V9,Phan Văn Khảy,1971,Nam,Chủ hộ,Thôn An Bình,051070001234\n", encoding="utf-8")
    done = _binhdan(binh_an, "import", str(fixed))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Phan Văn Khải → Phan Văn Khảy" in done.stdout and "1970 → 1971" in done.stdout, done.stdout
    assert _people(binh_an) == [("V1", "Phan Thị Kim Loan", 1972, "nu", "vo_chong", "051072000111"),
                                ("V1", "Phan Văn Khảy", 1971, "nam", "chu_ho", "051070001234"),
                                ("V1", "Phan Văn Tí", 2015, "nam", "con", None)]


@pytest.mark.parametrize(("name", "why"), [
    ("E_formulas.ods", "ô F5: lỗi công thức Err:502"),  # saved by LibreOffice: the error is the cell's value
    ("E_formulas_lo.xlsx", "ô F5: lỗi công thức #VALUE!"),
    ("E_formulas_nosaved.xlsx", "ô có công thức “=VLOOKUP"),  # openpyxl's: no saved value
])
def test_a_formula_error_in_the_village_cell_is_one_problem_only(
        binh_an: Database, name: str, why: str, tmp_path: Path) -> None:
    listed = tmp_path / "loi.xlsx"
    done = _binhdan(binh_an, "import", "--accept-problems", "--problems", str(listed), str(FIXTURES / name))
    out = done.stdout + done.stderr
    assert why in out, out
    assert "không khớp thôn" not in out and "không có cột Thôn" not in out, out
    rows = list(load_workbook(listed).active.iter_rows(values_only=True))[1:]
    on_row_5 = [r for r in rows if 5 in r]
    assert len(on_row_5) == 1, on_row_5  # the formula's problem, nothing about a village
    names = {n for _, n, *_ in _people(binh_an)}
    assert names >= {r[1] for r in RECORDED}


def test_a_date_column_with_no_day_above_12_is_answered_not_guessed(binh_an: Database, tmp_path: Path) -> None:
    """03/04/1970 and 05/06/1972, no day above 12: the order is a problem until `--dates` answers it (issue 13:
    "decided for the whole column from the days > 12, or flagged"); tests/test_import_t13rest.py has the rest."""
    done = _binhdan(binh_an, "import", "--dry-run", str(FIXTURES / "I_ambiguous_dates.csv"))
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.count("cột Ngày sinh: ngày như “03/04/1970” đọc được cả ngày/tháng lẫn tháng/ngày") == 1
    assert "--dates dmy or --dates mdy" in done.stderr
    done = _binhdan(binh_an, "import", "--dry-run", "--dates", "dmy", str(FIXTURES / "I_ambiguous_dates.csv"))
    assert done.returncode == 0 and done.stdout.count("cột Ngày sinh: đọc ngày/tháng/năm, như bạn chọn") == 1
    sure = tmp_path / "chac.csv"  # one day above 12 decides the column: nothing to say
    sure.write_text((FIXTURES / "I_ambiguous_dates.csv").read_text(encoding="utf-8-sig")
                    + "M1,Lạc Văn Tú,25/04/2001,Nam,Con,Thôn An Bình\n", encoding="utf-8")
    done = _binhdan(binh_an, "import", str(sure))
    assert done.returncode == 0 and "đọc ngày/tháng" not in done.stdout, done.stdout + done.stderr
    con = sqlite3.connect(binh_an.path)
    try:
        born = dict(con.execute("SELECT full_name, birth_date FROM person WHERE full_name LIKE 'Lạc %'").fetchall())
    finally:
        con.close()
    assert born == {"Lạc Văn Hòa": "1970-04-03", "Lạc Thị Mơ": "1972-06-05", "Lạc Văn Tú": "2001-04-25"}
