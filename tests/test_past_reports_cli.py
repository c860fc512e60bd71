"""Past reports on the command line (the real `binhdan` process): an as-of date before the plan's start
(01/01/2025) is refused with one line for every report counted to a date and for `binhdan indicators`, and
`indicators --as-of` refuses a day that has not come yet; exit 2, no file written, stored data unchanged. A past
visit log written by the CLI counts a household moved today in its old village with that day's head."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import Database

TODAY = dt.date.today()


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "binhdan_desktop", *args], capture_output=True, text=True,
                          env={**os.environ, "BINHDAN_LANG": "vi"}, timeout=120)


def stored(path: Path) -> str:
    """Every row of every table, hashed: the data as stored (the file itself may be touched by opening it)."""
    digest = hashlib.sha256()
    with sqlite3.connect(path) as conn:
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
            for row in sorted(repr(r) for r in conn.execute(f'SELECT * FROM "{table}"')):
                digest.update(f"{table}:{row}".encode())
    return digest.hexdigest()


@pytest.fixture
def db_path(commune: Database) -> Path:
    hh.create_household(commune, hh.HouseholdDraft("Thôn An Điềm", members=[
        hh.PersonDraft("Lê Văn An", 1970, relation="chu_ho", vneid_level=2, has_bank_account=True)]))
    commune.close()
    # The first process of another keyring gives the copy its own device id: done once here, before measuring.
    assert cli("--db", str(commune.path), "indicators").returncode == 0
    return commune.path


BEFORE = "31/12/2024"
FUTURE = (TODAY + dt.timedelta(days=1)).strftime("%d/%m/%Y")


@pytest.mark.parametrize(("args", "words"), [
    (["indicators", "--as-of", BEFORE], "trước ngày bắt đầu kế hoạch (01/01/2025)"),
    (["indicators", "--as-of", BEFORE, "--json"], "trước ngày bắt đầu kế hoạch (01/01/2025)"),
    (["indicators", "--by", "gender", "--as-of", BEFORE], "trước ngày bắt đầu kế hoạch (01/01/2025)"),
    (["indicators", "--as-of", FUTURE], "là ngày sau hôm nay"),
    (["indicators", "--by", "age", "--as-of", FUTURE], "là ngày sau hôm nay"),
    (["report", "results", "--as-of", BEFORE, "--out", "{out}.xlsx"], "trước ngày bắt đầu kế hoạch"),
    (["report", "learners", "--as-of", "01/06/2020", "--out", "{out}.pdf"], "01/06/2020 là trước ngày bắt đầu"),
    (["report", "visits", "--as-of", BEFORE, "--out", "{out}.xlsx"], "trước ngày bắt đầu kế hoạch"),
    (["report", "checklist", "--as-of", BEFORE, "--out", "{out}.docx", "--format", "docx"],
     "trước ngày bắt đầu kế hoạch"),
])
def test_an_as_of_date_before_the_plan_or_to_come_is_refused(db_path: Path, tmp_path: Path, args: list[str],
                                                              words: str) -> None:
    out = tmp_path / "bao-cao"
    before = stored(db_path)
    done = cli("--db", str(db_path), *[a.format(out=out) for a in args])
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert not list(tmp_path.glob("bao-cao*"))  # no file written
    assert stored(db_path) == before


def test_the_plans_first_day_and_today_are_taken(db_path: Path, tmp_path: Path) -> None:
    for day in ("01/01/2025", f"{TODAY:%d/%m/%Y}"):
        done = cli("--db", str(db_path), "indicators", "--as-of", day)
        assert done.returncode == 0, done.stderr
        assert f"tính đến {day}" in done.stdout
    done = cli("--db", str(db_path), "report", "results", "--as-of", "01/01/2025", "--out", str(tmp_path / "r.xlsx"))
    assert done.returncode == 0, done.stderr


def test_the_cli_writes_a_past_visit_log_with_the_village_and_head_of_the_visit_day(commune: Database,
                                                                                   tmp_path: Path) -> None:
    from binhdan_desktop.services.visits import VisitDraft, record_visit

    db = commune
    hid = hh.create_household(db, hh.HouseholdDraft("Thôn An Điềm", members=[
        hh.PersonDraft("Lê Văn An", 1950, relation="chu_ho"),
        hh.PersonDraft("Trần Thị Bình", 1955, relation="vo_chong")])).created
    assert hid
    day = TODAY - dt.timedelta(days=10)
    record_visit(db, VisitDraft(hid, day, notes="Hướng dẫn cài VNeID"))
    with db.read() as s:
        an, binh = (p.id for p in hh.members(s, hid))
    # Today: An has died, Bình is the head, the household lives in Đồng Răm.
    hh.delete_person(db, an)
    hh.set_person_fields(db, binh, relation="chu_ho")
    hh.update_household(db, hid, village="Thôn Đồng Răm")
    db.close()
    out = tmp_path / "nhat-ky.xlsx"
    yesterday = (TODAY - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    done = cli("--db", str(db.path), "report", "visits", "--village", "Thôn An Điềm", "--from",
               f"{day:%d/%m/%Y}", "--to", yesterday, "--out", str(out))
    assert done.returncode == 0, done.stderr
    import openpyxl

    book = openpyxl.load_workbook(out, read_only=True)
    cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    assert "Lê Văn An" in cells and "Trần Thị Bình" not in cells
    assert "Thôn An Điềm" in cells and "Thôn Đồng Răm" not in cells
    done = cli("--db", str(db.path), "report", "visits", "--village", "Thôn Đồng Răm", "--from",
               f"{day:%d/%m/%Y}", "--to", yesterday, "--out", str(tmp_path / "dr.xlsx"))
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(tmp_path / "dr.xlsx", read_only=True)
    cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    assert "Lê Văn An" not in cells and "Hướng dẫn cài VNeID" not in cells
