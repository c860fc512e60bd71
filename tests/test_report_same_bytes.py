"""The same report printed twice from the same data is the same file, byte for byte, whatever the clock says
within the day (the second print runs under `faketime` hours later): the xlsx, docx and pdf metadata and zip
member times come from the report's date. An issued report's register keeps the hash of its first print, and
its reprints are one file, whose cells are the issued ones but for the number line and the copy mark."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from binhdan_desktop.reports.files import dos_time
from binhdan_desktop.services import demo, reports
from binhdan_desktop.services import report_register as reg
from binhdan_desktop.store.db import open_database
from binhdan_desktop.sync.team import ensure_identity

DAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bytes") / "office.sqlite3"
    with open_database(path) as db:
        ensure_identity(db)
        demo.generate(db, 40, seed=5)
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _offsets() -> tuple[str, str]:
    """Two clocks hours apart on today's date (faketime offsets), whatever the hour the test runs."""
    return ("+1h", "+3h") if dt.datetime.now().hour < 20 else ("-3h", "-1h")


PRINT = """import sys
from binhdan_desktop.cli.main import run
db, folder, form = sys.argv[1:]
for fmt in ("xlsx", "docx", "pdf"):
    assert run(["--db", db, "report", "results", "--year", "2026", "--out", f"{folder}/r.{fmt}"]) == 0
assert run(["--db", db, "report", "template", "--template", form, "--out", f"{folder}/form.xlsx"]) == 0
"""
FORM = Path(__file__).resolve().parents[1] / "resources" / "bieu-mau-tinh-vi-du.xlsx"


def _print(db: Path, folder: Path, offset: str) -> None:
    """The CLI prints the results report in each format, in a process whose clock `faketime` moved."""
    folder.mkdir()
    subprocess.run(["faketime", "-f", offset, sys.executable, "-c", PRINT, str(db), str(folder), str(FORM)], check=True,
                   capture_output=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


@pytest.fixture(scope="module")
def printed(office: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("prints")
    early, late = _offsets()
    _print(office, folder / "early", early)
    _print(office, folder / "late", late)
    return folder / "early", folder / "late"


@pytest.mark.parametrize("name", ["r.xlsx", "r.docx", "r.pdf", "form.xlsx"])
def test_a_draft_printed_twice_hours_apart_is_the_same_bytes(printed: tuple[Path, Path], name: str) -> None:
    first, second = (folder / name for folder in printed)
    fmt = first.suffix[1:]
    assert _sha(first) == _sha(second)
    today = dt.date.today()
    if fmt == "pdf":
        data = first.read_bytes()
        assert f"/CreationDate (D:{today:%Y%m%d}000000+00'00')".encode() in data
    else:
        with zipfile.ZipFile(first) as zf:
            assert {i.date_time for i in zf.infolist()} == {(today.year, today.month, today.day, 0, 0, 0)}
            core = zf.read("docProps/core.xml").decode()
        assert core.count(f"{today:%Y-%m-%d}T00:00:00") >= 2  # created and modified: the report's date


def test_the_zip_stamp_is_the_reports_date(tmp_path: Path) -> None:
    with open_database(tmp_path / "d.sqlite3") as db:
        demo.generate(db, 8, seed=2)
        with db.read() as s:
            report = reports.build(s, "visits", today=DAY)
    assert report.day == DAY and report.stamp == dt.datetime(2026, 12, 1)
    assert dos_time(report.stamp) == (0, (2026 - 1980) << 9 | 12 << 5 | 1)
    out = reports.write(report, tmp_path / "v.xlsx", "xlsx")
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None  # the data untouched by the stamp
    assert openpyxl.load_workbook(out).properties.modified == dt.datetime(2026, 12, 1)


def _cells(path: Path) -> list[list[object]]:
    wb = openpyxl.load_workbook(path)
    return [[ws.title, *[c.value for row in ws.iter_rows() for c in row]] for ws in wb.worksheets]


@pytest.mark.parametrize(("kind", "fmt"), [("results", "xlsx"), ("period", "xlsx"), ("results", "pdf"),
                                           ("results", "docx")])
def test_an_issued_reports_reprints_are_one_file_with_its_figures(office: Path, tmp_path: Path, kind: str,
                                                                   fmt: str) -> None:
    with open_database(office) as db:
        request = reports.ReportRequest(kind, year=2026, period="2026-Q3" if kind == "period" else None)
        issued = reg.issue(db, request, tmp_path / f"issued.{fmt}", fmt, today=DAY)
        assert issued.entry.sha256 == _sha(tmp_path / f"issued.{fmt}")  # the register holds the first print's
        one = reg.reprint(db, issued.entry.id, tmp_path / f"copy1.{fmt}", fmt)
        two = reg.reprint(db, issued.entry.id, tmp_path / f"copy2.{fmt}", fmt)
    assert _sha(one) == _sha(two) != issued.entry.sha256
    if fmt != "xlsx":
        return
    first, copy = _cells(tmp_path / f"issued.{fmt}"), _cells(one)
    number = f"Số: {issued.entry.number}"
    changed = {(s, i) for s, (a, b) in enumerate(zip(first, copy, strict=True))
               for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y}
    assert [len(sheet) for sheet in first] == [len(sheet) for sheet in copy]
    for s, i in changed:  # only the number line ("Số: 01/BC-UBND (Bản sao / Copy)") and the mark row differ
        x, y = first[s][i], copy[s][i]
        assert (x == number and str(y).startswith(number + " (")) or (x is None and "BẢN SAO" in str(y)), (x, y)
    assert changed
