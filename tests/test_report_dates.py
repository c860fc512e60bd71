"""One rule for every report's dates (`--from/--to`, a period, the Reports screen): a range that starts after
today is refused with one line (exit 2), nothing written; one that ends after today is counted up to today and
says so ("Số liệu tính đến ngày" is that day, the subject and body end there); one that ends before the plan's
start is refused; the whole current year works. The province's form's `{{…gap}}` prints "–" with no target."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from binhdan_desktop.cli.main import run
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.reports.model import Report
from binhdan_desktop.services import demo, reports
from binhdan_desktop.services.report_template import figures
from binhdan_desktop.store.db import open_database
from tests.test_cli import one_line_error

TODAY = dt.date(2026, 12, 1)  # the reports' own date in the service tests: December of the plan's second year
REAL_TODAY = dt.date.today()
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dates") / "demo.sqlite3"
    with open_database(path) as db:
        demo.generate(db, 120, seed=7)
    return path


def _build(path: Path, kind: str, **kw: object) -> Report:
    with open_database(path) as db, db.read() as s:
        return reports.build(s, kind, today=TODAY, **kw)  # type: ignore[arg-type]


def _as_of_row(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [str(ws.cell(r, 1).value or "") for r in range(1, 12)]


@pytest.mark.parametrize(("kind", "kw"), [
    ("visits", {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}),
    ("visits", {}),  # the year's days by default
    ("events", {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}),
    ("learners", {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}),
    ("period", {"period": "2026"}),
    ("period", {"period": "2026-Q4"}),
    ("period", {"period": "2026-12"}),
])
def test_a_range_to_the_years_end_is_counted_to_today_and_says_so(demo_db: Path, tmp_path: Path, kind: str,
                                                                   kw: dict[str, object]) -> None:
    report = _build(demo_db, kind, year=2026, **kw)
    assert report.as_of == TODAY
    assert "31/12/2026" not in report.header.subject and "31/12/2026" not in " ".join(report.body)
    if kind in ("visits", "events"):  # the days it covers end on the day it counts to
        assert report.header.subject.endswith("đến ngày 01/12/2026")
    assert "Số liệu tính đến ngày 01/12/2026" in _as_of_row(reports.write(report, tmp_path / "r.xlsx", "xlsx"))


def test_the_learners_list_counts_to_its_to_day(demo_db: Path) -> None:
    report = _build(demo_db, "learners", year=2026, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))
    assert report.as_of == dt.date(2026, 6, 30) and "đến ngày 30/06/2026" in report.body[0]


@pytest.mark.parametrize(("kind", "kw", "code"), [
    ("visits", {"start": dt.date(2026, 12, 2), "end": dt.date(2026, 12, 31)}, "report.range_future"),
    ("visits", {"year": 2027}, "report.range_future"),
    ("events", {"year": 2027}, "report.range_future"),
    ("learners", {"start": dt.date(2027, 1, 1)}, "report.range_future"),
    ("period", {"period": "2027-Q1"}, "period.future"),
    ("visits", {"start": dt.date(2020, 1, 1), "end": dt.date(2024, 12, 31)}, "report.range_before_plan"),
    ("period", {"period": "2024"}, "report.range_before_plan"),
])
def test_a_range_with_nothing_of_the_plan_in_it_is_refused(demo_db: Path, kind: str, kw: dict[str, object],
                                                           code: str) -> None:
    with pytest.raises(BinhdanError) as err:
        _build(demo_db, kind, **kw)
    assert err.value.code == code


def test_a_range_from_before_the_plan_counts_what_is_in_it(demo_db: Path) -> None:
    whole = _build(demo_db, "visits", start=dt.date(2020, 1, 1), end=dt.date(2026, 12, 31))
    plan = _build(demo_db, "visits", start=dt.date(2025, 1, 1), end=dt.date(2026, 12, 31))
    assert whole.as_of == TODAY and whole.summary is not None and plan.summary is not None
    assert whole.summary.totals == plan.summary.totals and whole.summary.totals[2] > 0  # type: ignore[index]


@pytest.mark.parametrize("args", [
    ["visits", "--from", "01/01/2099", "--to", "31/01/2099"],
    ["visits", "--from", (REAL_TODAY + dt.timedelta(days=1)).strftime("%d/%m/%Y")],
    ["events", "--from", "01/01/2099", "--to", "31/12/2099"],
    ["learners", "--from", "01/01/2099"],
    ["period", "--period", "2099"],
    ["visits", "--from", "01/01/2020", "--to", "31/12/2024"],
    ["template", "--template", str(ROOT / "resources" / "bieu-mau-tinh-vi-du.xlsx"), "--period", "2099-Q1"],
])
def test_the_cli_refuses_a_range_that_starts_after_today(demo_db: Path, tmp_path: Path, args: list[str],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.xlsx"
    assert run(["--db", str(demo_db), "report", *args, "--out", str(out)]) == 2
    one_line_error(capsys.readouterr().err)
    assert not out.exists()


@pytest.mark.parametrize("args", [
    ["period", "--period", str(REAL_TODAY.year)],
    ["visits", "--from", f"01/01/{REAL_TODAY.year}", "--to", f"31/12/{REAL_TODAY.year}"],
    ["events", "--from", f"01/01/{REAL_TODAY.year}", "--to", f"31/12/{REAL_TODAY.year}"],
])
def test_the_cli_takes_the_whole_current_year(demo_db: Path, tmp_path: Path, args: list[str]) -> None:
    out = tmp_path / "r.xlsx"
    assert run(["--db", str(demo_db), "report", *args, "--out", str(out)]) == 0
    assert f"Số liệu tính đến ngày {REAL_TODAY:%d/%m/%Y}" in _as_of_row(out)


def test_the_template_counts_a_running_period_to_today(demo_db: Path) -> None:
    with open_database(demo_db) as db:
        for values in (figures(db, period=str(REAL_TODAY.year)), figures(db, year=REAL_TODAY.year)):
            assert values.globals["as_of"] == REAL_TODAY and values.globals["period"] == f"năm {REAL_TODAY.year}"
        assert figures(db, as_of=dt.date(2026, 8, 15)).globals["period"] == "đến ngày 15/08/2026"


def test_the_templates_gap_is_a_dash_where_the_plan_sets_no_target(demo_db: Path, tmp_path: Path) -> None:
    with open_database(demo_db) as db:
        values = figures(db, year=2026)
        with db.read() as s:
            results = reports.indicators.compute(s, 2026)
    untargeted = {r.code for r in results if r.target is None}
    assert untargeted  # the plan sets none for some indicator (the 4T traders' model)
    for (code, _village), row in values.indicators.items():
        assert (row["gap"] == "–") == (code in untargeted), code
    form = openpyxl.Workbook()
    code = sorted(untargeted)[0]
    form.active["A1"], form.active["A2"] = f"{{{{{code}.gap}}}}", f"Còn thiếu: {{{{{code}.gap}}}} người"
    form.save(tmp_path / "form.xlsx")
    assert run(["--db", str(demo_db), "report", "template", "--template", str(tmp_path / "form.xlsx"), "--year",
                "2026", "--out", str(tmp_path / "out.xlsx")]) == 0
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert ws["A1"].value == "–" and ws["A2"].value == "Còn thiếu: – người"
