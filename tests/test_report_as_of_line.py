"""Every report says the day its figures count to, under its title ("Số liệu tính đến ngày dd/mm/yyyy"), read back
from each file as a user's program reads it (openpyxl, pdftotext, python-docx); that day is never after the
report's own date; the period report takes an as-of day within its period (and refuses one after its end); the
events report counts to its period's end."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest

from binhdan_desktop.cli.main import run
from binhdan_desktop.errors import BinhdanError, ValidationError
from binhdan_desktop.reports.model import Report
from binhdan_desktop.services import demo, reports
from binhdan_desktop.services.report_register import figures, from_figures
from binhdan_desktop.store.db import open_database
from tests.test_cli import one_line_error

YEAR = 2026
TODAY = dt.date.today()
VILLAGE = "Thôn An Điềm"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("asof") / "demo.sqlite3"
    with open_database(path) as db:
        demo.generate(db, 250, seed=11)
    return path


def _build(path: Path, kind: str, **kw: object) -> Report:
    with open_database(path) as db, db.read() as s:
        return reports.build(s, kind, year=YEAR, **kw)  # type: ignore[arg-type]


def _line(day: dt.date) -> str:
    return f"Số liệu tính đến ngày {day:%d/%m/%Y}"


def _xlsx_title(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [str(ws.cell(r, 1).value or "") for r in range(1, 12)]


def _pdf_first_page(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in text.split("\f")[0].splitlines() if line.strip()]


def _docx_paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text]


DEFAULT_DAY = min(TODAY, dt.date(YEAR, 12, 31))


@pytest.mark.parametrize(("kind", "kw", "day"), [
    ("results", {}, DEFAULT_DAY),
    ("results", {"as_of": dt.date(YEAR, 6, 30)}, dt.date(YEAR, 6, 30)),
    ("checklist", {"village": VILLAGE}, DEFAULT_DAY),
    ("visits", {"end": dt.date(YEAR, 5, 31)}, dt.date(YEAR, 5, 31)),
    ("learners", {"village": VILLAGE, "as_of": dt.date(YEAR, 3, 15)}, dt.date(YEAR, 3, 15)),
    ("period", {"period": f"{YEAR}-Q1"}, dt.date(YEAR, 3, 31)),
    ("period", {"period": f"{YEAR}-H1", "as_of": dt.date(YEAR, 5, 20)}, dt.date(YEAR, 5, 20)),
    ("events", {"start": dt.date(YEAR, 1, 1), "end": dt.date(YEAR, 10, 31)}, dt.date(YEAR, 10, 31)),
    ("events", {"as_of": dt.date(YEAR, 8, 31)}, dt.date(YEAR, 8, 31)),
])
def test_every_report_says_its_as_of_day_under_its_title(demo_db: Path, tmp_path: Path, kind: str,
                                                         kw: dict[str, object], day: dt.date) -> None:
    if day > TODAY:
        pytest.skip("that day has not come yet")
    report = _build(demo_db, kind, **kw)
    assert report.as_of == day and report.as_of_line == _line(day)
    subject = report.header.subject
    # Excel: the row under the subject, the table's header row after it
    rows = _xlsx_title(reports.write(report, tmp_path / "r.xlsx", "xlsx"))
    at = rows.index(subject)
    assert rows[at + 1] == _line(day) and rows[at - 1] == report.annex_title and rows[10] == "TT"
    # PDF: the first page, under the title and the subject, before the body
    lines = _pdf_first_page(reports.write(report, tmp_path / "r.pdf", "pdf"))
    joined = " ".join(lines)
    assert _line(day) in lines
    assert joined.index("BÁO CÁO") < joined.index(_line(day)) < joined.index(report.body[0][:30])
    # Word: the paragraph under the subject
    paragraphs = _docx_paragraphs(reports.write(report, tmp_path / "r.docx", "docx"))
    assert paragraphs[paragraphs.index(subject) + 1] == _line(day)


@pytest.mark.parametrize("kind", reports.KINDS)
def test_the_default_as_of_day_is_never_after_the_reports_date(demo_db: Path, kind: str) -> None:
    for year in (YEAR - 1, YEAR, YEAR + 1):
        today = dt.date(YEAR, 3, 10)
        with open_database(demo_db) as db, db.read() as s:
            try:
                report = reports.build(s, kind, year=year, today=today)
            except BinhdanError:
                continue  # a year the plan has not, or a period not begun
        assert report.as_of is not None and report.as_of <= today, (kind, year)
        day = report.header.place_date.rsplit("năm", 1)[1].strip()
        assert day == str(today.year)  # the report is dated today ...
        assert report.as_of == min(today, dt.date(year, 12, 31))  # ... and counts to it, or its year's end


def test_a_period_report_counts_to_a_day_of_its_period(demo_db: Path) -> None:
    q1 = _build(demo_db, "period", period=f"{YEAR}-Q1", as_of=dt.date(YEAR, 2, 14))
    assert q1.as_of == dt.date(YEAR, 2, 14) and "số liệu tính đến ngày 14/02/2026" in q1.body[0]
    assert q1.trends and q1.trends[0].labels[-1] == "14/02/26"  # the progress stops at that day
    whole = _build(demo_db, "period", period=f"{YEAR}-Q1")
    assert whole.as_of == dt.date(YEAR, 3, 31)
    for bad in (dt.date(YEAR, 4, 1), dt.date(YEAR - 1, 12, 31)):
        with pytest.raises(ValidationError) as err:
            _build(demo_db, "period", period=f"{YEAR}-Q1", as_of=bad)
        assert err.value.code == "report.as_of_period"
        assert f"{bad:%d/%m/%Y}" in err.value.message("vi") and "2026-Q1" in err.value.message("en")
    with pytest.raises(ValidationError) as err:
        reports.check_as_of("period", dt.date(YEAR, 4, 1), period=f"{YEAR}-Q1")
    assert err.value.code == "report.as_of_period"


def test_the_cli_takes_as_of_for_the_period_report(demo_db: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ky.docx"
    assert run(["--db", str(demo_db), "report", "period", "--period", "2026-Q1", "--as-of", "15/03/2026",
                "--out", str(out)]) == 0
    assert _line(dt.date(YEAR, 3, 15)) in _docx_paragraphs(out)
    capsys.readouterr()
    before = out.read_bytes()
    assert run(["--db", str(demo_db), "report", "period", "--period", "2026-Q1", "--as-of", "01/04/2026",
                "--out", str(out), "--force"]) == 2
    err = one_line_error(capsys.readouterr().err)
    assert "01/04/2026" in err and "31/03/2026" in err
    assert out.read_bytes() == before  # nothing written


def test_a_reprint_says_the_same_day(demo_db: Path) -> None:
    report = _build(demo_db, "results", as_of=dt.date(YEAR, 6, 30))
    again = from_figures(figures(report))
    assert again.as_of == report.as_of and again.as_of_line == _line(dt.date(YEAR, 6, 30))
    old = figures(report)
    del old["as_of"]  # an entry issued before the line was printed
    assert from_figures(old).as_of is None and from_figures(old).as_of_line == ""
