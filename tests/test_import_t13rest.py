"""Issue 13's last date rule: "M/D vs D/M decided for the whole column from the days > 12, or flagged". A column
whose dates read differently day first and month first (03/04/1970) with no day above 12 to decide is answered
with `binhdan import --dates dmy|mdy`; unanswered it is a problem that blocks the write; answered against a day
above 12 in the file it is an error naming the cell. Files saved by LibreOffice (text dates, never date cells; made
by tests/fixtures/make_t13rest_fixtures.py) in .csv, .xls and .xlsx; the real `binhdan` process; every person read
back with plain sqlite3."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from binhdan_desktop.importers.values import parse_birth
from binhdan_desktop.store.db import Database

FIXTURES = Path(__file__).parent / "fixtures" / "import" / "t13rest"
SUFFIXES = ["csv", "xls", "xlsx"]
# (name, birth_date, birth_year) as each answer stores them; KD-03 reads the same either way
DMY = {"Lạc Văn Hòa": ("1970-04-03", 1970), "Lạc Thị Mơ": ("1972-06-05", 1972), "Lạc Văn Tú": ("2001-05-05", 2001),
       "Đinh Văn Lâm": (None, 1965), "Đinh Thị Hạnh": ("1968-11-12", 1968), "Hà Văn Sơn": ("1955-07-07", 1955),
       "Hà Thị Lan": (None, 1958)}
MDY = {**DMY, "Lạc Văn Hòa": ("1970-03-04", 1970), "Lạc Thị Mơ": ("1972-05-06", 1972),
       "Đinh Thị Hạnh": ("1968-12-11", 1968)}


def _binhdan(db: Database, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "binhdan_desktop", "--db", str(db.path), *args],
                          capture_output=True, text=True, env={**os.environ, "BINHDAN_LANG": "vi"}, timeout=120)


def _born(db: Database) -> dict[str, tuple[object, object]]:
    con = sqlite3.connect(db.path)
    try:
        rows = con.execute("SELECT p.full_name, p.birth_date, p.birth_year FROM person p JOIN household h "
                           "ON h.id = p.household_id WHERE p.deleted = 0 AND h.deleted = 0").fetchall()
    finally:
        con.close()
    return {name: (date, year) for name, date, year in rows}


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_an_open_date_column_unanswered_is_a_problem_that_blocks_the_write(commune: Database, suffix: str) -> None:
    path = str(FIXTURES / f"dates_open.{suffix}")
    done = _binhdan(commune, "import", path)
    assert done.returncode == 2, done.stdout + done.stderr
    line = next(x for x in done.stderr.splitlines() if "cột Ngày sinh: ngày như" in x)
    assert ("“03/04/1970” đọc được cả ngày/tháng lẫn tháng/ngày và không ngày nào > 12 để biết; hãy chọn thứ tự "
            "(Ngày/tháng/năm hoặc Tháng/ngày/năm; dòng lệnh: --dates dmy hoặc --dates mdy)") in line
    assert "choose the order (day/month/year or month/day/year; on the command line: --dates dmy or --dates mdy)" \
        in line
    for row, text in ((2, "03/04/1970"), (3, "05/06/1972"), (6, "12/11/1968")):  # each date that reads either way
        assert f"dòng {row}, cột “Ngày sinh”: ngày sinh “{text}” là ngày" in done.stderr, done.stderr
    assert "dòng 4, cột “Ngày sinh”" not in done.stderr  # 05/05/2001 reads the same either way
    assert _born(commune) == {}
    done = _binhdan(commune, "import", path, "--accept-problems")  # the clean rows: only KD-03
    assert done.returncode == 0, done.stderr
    assert _born(commune) == {k: DMY[k] for k in ("Hà Văn Sơn", "Hà Thị Lan")}


@pytest.mark.parametrize(("suffix", "answer", "expected"), [("csv", "mdy", MDY), ("xls", "mdy", MDY),
                                                         ("xlsx", "dmy", DMY)])
def test_dates_answers_the_open_column_person_by_person(commune: Database, suffix: str, answer: str,
                                                        expected: dict[str, tuple[object, object]]) -> None:
    done = _binhdan(commune, "import", str(FIXTURES / f"dates_open.{suffix}"), "--dates", answer)
    assert done.returncode == 0, done.stdout + done.stderr
    order = "ngày/tháng/năm" if answer == "dmy" else "tháng/ngày/năm"
    assert f"lưu ý: cột Ngày sinh: đọc {order}, như bạn chọn" in done.stdout
    assert _born(commune) == expected


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_day_above_12_decides_the_column_and_an_answer_against_it_names_the_cell(commune: Database,
                                                                                   suffix: str) -> None:
    path = str(FIXTURES / f"dates_decided.{suffix}")
    done = _binhdan(commune, "import", path, "--dates", "mdy")
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1, done.stderr
    assert lines[0] == ("Lỗi: thứ tự tháng/ngày/năm (--dates mdy) trái với tệp: ô C5 “25/04/2001” của cột Ngày sinh "
                        "chỉ đọc được theo một cách, nên tệp quyết định thứ tự ngày của cột này; bỏ lựa chọn đó hoặc "
                        "sửa tệp / Error: the order month/day/year (--dates mdy) contradicts the file: cell C5 "
                        "“25/04/2001” of column Ngày sinh reads only one way, so the file decides this column's "
                        "day/month order; leave that choice out or correct the file")
    assert _born(commune) == {}
    for extra in ((), ("--dates", "dmy")):  # the file decides; the same answer agrees with it
        done = _binhdan(commune, "import", path, *extra)
        assert done.returncode == 0 and "như bạn chọn" not in done.stdout, done.stdout + done.stderr
    assert _born(commune) == {**DMY, "Lạc Thị Na": ("2001-04-25", 2001)}


def test_a_column_whose_dates_read_the_same_either_way_says_nothing(commune: Database, tmp_path: Path) -> None:
    """05/05/1970, 00/04/1961 (the year alone), years and "ngày 3 tháng 4 năm 1999" (the words say which is the day):
    no order to choose, nothing said, --dates changes nothing."""
    path = tmp_path / "same.csv"
    path.write_text("Mã hộ,Họ và tên,Ngày sinh,Giới tính,Quan hệ với chủ hộ,Thôn\n"
                    "S1,Mai Văn Bảy,05/05/1970,Nam,Chủ hộ,Thôn An Điềm\n"
                    "S1,Mai Thị Tám,00/04/1961,Nữ,Vợ,Thôn An Điềm\n"
                    "S1,Mai Văn Chín,ngày 3 tháng 4 năm 1999,Nam,Con,Thôn An Điềm\n"
                    "S2,Mai Văn Mười,1950,Nam,Chủ hộ,Thôn An Điềm\n", encoding="utf-8")
    done = _binhdan(commune, "import", str(path), "--dry-run")
    assert done.returncode == 0 and "lưu ý: cột Ngày sinh" not in done.stdout, done.stdout + done.stderr
    assert "--dates" not in done.stdout + done.stderr
    done = _binhdan(commune, "import", str(path), "--dates", "mdy")
    assert done.returncode == 0, done.stderr
    assert _born(commune) == {"Mai Văn Bảy": ("1970-05-05", 1970), "Mai Thị Tám": (None, 1961),
                              "Mai Văn Chín": ("1999-04-03", 1999), "Mai Văn Mười": (None, 1950)}


def test_words_name_the_day_whatever_the_columns_order() -> None:
    today = dt.date(2026, 12, 3)
    assert parse_birth("ngày 3 tháng 4 năm 1999", today, "mdy")[0] == dt.date(1999, 4, 3)
    assert parse_birth("03/04/1999", today, "mdy")[0] == dt.date(1999, 3, 4)
    born, year, trouble = parse_birth("03/04/1999", today, "unsure")
    assert (born, year, trouble.code if trouble else None) == (None, None, "import.ambiguous_date_open")
    assert parse_birth("05/05/1999", today, "unsure")[0] == dt.date(1999, 5, 5)


def test_dates_takes_only_its_two_answers(commune: Database) -> None:
    done = _binhdan(commune, "import", str(FIXTURES / "dates_open.csv"), "--dates", "ymd")
    assert done.returncode == 2 and "dmy" in done.stderr and "Traceback" not in done.stderr, done.stderr
