"""The classes-and-events report: every figure (per event, per kind, the totals, the body's sentences, the PDF
and the workbook) recounted here by an SQL query of its own; the 10/10 day included."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
from pathlib import Path

import openpyxl
import pytest

from binhdan_desktop.cli.main import run
from binhdan_desktop.domain.formatting import fmt_int
from binhdan_desktop.services import demo, events, reports
from binhdan_desktop.store.db import open_database

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("events") / "demo.sqlite3"
    with open_database(path) as db:
        demo.generate(db, 250, seed=11)
        # one deleted event: never counted
        first = events.event_rows(db, 2025)[-1]
        events.delete_event(db, first.id)
    return path


def recount(path: Path, start: dt.date, end: dt.date, village: str | None = None) -> dict[tuple[str, ...], tuple]:
    """Per live event (date, title, village): kind, attendance, registered live people, completions of live
    people."""
    con = sqlite3.connect(path)
    try:
        where = "AND e.village_id = (SELECT id FROM village WHERE name = ?)" if village else ""
        params: list[object] = [start.isoformat(), end.isoformat(), *([village] if village else [])]
        rows = con.execute(f"""
            SELECT e.date, e.title, COALESCE((SELECT name FROM village WHERE id = e.village_id), 'Toàn xã'),
                   e.kind, e.attendance,
                   (SELECT COUNT(*) FROM event_attendee a, person p
                     WHERE a.event_id = e.id AND a.person_id = p.id AND NOT a.deleted AND NOT p.deleted),
                   (SELECT COUNT(*) FROM completion c, person p
                     WHERE c.event_id = e.id AND c.person_id = p.id AND NOT c.deleted AND NOT p.deleted)
              FROM event e WHERE NOT e.deleted AND e.date BETWEEN ? AND ? {where}""", params).fetchall()
    finally:
        con.close()
    out = {(d, t, v): (k, a, r, c) for d, t, v, k, a, r, c in rows}
    assert len(out) == len(rows)
    return out


def _report(path: Path, **kw: object) -> reports.Report:
    with open_database(path) as db, db.read() as s:
        return reports.build(s, "events", **kw)  # type: ignore[arg-type]


def test_every_event_row_and_total_is_recounted(demo_db: Path) -> None:
    report = _report(demo_db, year=2025, start=START, end=END, today=dt.date(2026, 1, 5))
    expected = recount(demo_db, START, END)
    table = report.tables[1]
    rows, total = table.rows, table.totals  # the builder's totals row, printed last
    assert total is not None
    assert len(rows) == len(expected) > 10
    for row in rows:
        _kind, attendance, registered, completions = expected[(row[1].isoformat(), row[2], row[4])]
        assert (row[6], row[7], row[9]) == (attendance, registered, completions)
    assert total[2] == "Tổng cộng"
    assert total[6] == sum(v[1] for v in expected.values())
    assert total[7] == sum(v[2] for v in expected.values())
    assert total[9] == sum(v[3] for v in expected.values()) > 0
    assert [r[1] for r in rows] == sorted(r[1] for r in rows)  # by date


def test_summary_per_kind_includes_the_digital_day(demo_db: Path) -> None:
    report = _report(demo_db, start=START, end=END, today=dt.date(2026, 1, 5))
    expected = recount(demo_db, START, END)
    summary = {r[1]: r[2:] for r in [*report.summary.rows, report.summary.totals]}  # type: ignore[union-attr]
    day = [v for v in expected.values() if v[0] == "ngay_hoi_10_10"]
    assert day, "the demo holds the 10/10 day"
    assert summary["Ngày hội toàn dân học tập số 10/10"] == [len(day), sum(v[1] for v in day),
                                                            sum(v[2] for v in day), sum(v[3] for v in day)]
    assert summary["Tổng cộng"] == [len(expected), sum(v[1] for v in expected.values()),
                                   sum(v[2] for v in expected.values()), sum(v[3] for v in expected.values())]
    text = " ".join(report.body)
    assert f"Đã tổ chức {fmt_int(len(expected))} lớp học, sự kiện" in text
    assert f"{fmt_int(sum(v[3] for v in expected.values()))} lượt hoàn thành bài học" in text
    assert "10/10/2025" in text and f"{fmt_int(sum(v[1] for v in day))} lượt người tham dự" in text


def test_one_village_lists_only_its_events(demo_db: Path) -> None:
    report = _report(demo_db, village="Thôn Đồng Răm", start=START, end=END, today=dt.date(2026, 1, 5))
    expected = recount(demo_db, START, END, "Thôn Đồng Răm")
    rows, total = report.tables[1].rows, report.tables[1].totals
    assert total is not None
    assert {r[4] for r in rows} == {"Thôn Đồng Răm"} and len(rows) == len(expected)
    assert total[9] == sum(v[3] for v in expected.values())


def test_a_period_without_events_says_so(demo_db: Path) -> None:
    report = _report(demo_db, start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31), today=dt.date(2026, 1, 5))
    assert report.tables[1].rows == [] and report.summary.rows == []  # type: ignore[union-attr]
    assert any("chưa có lớp học, sự kiện nào" in p for p in report.body)


def test_pdf_and_xlsx_carry_the_recounted_figures(demo_db: Path, tmp_path: Path) -> None:
    expected = recount(demo_db, dt.date(2025, 10, 1), dt.date(2025, 10, 31))
    completions = sum(v[3] for v in expected.values())
    pdf, xlsx = tmp_path / "e.pdf", tmp_path / "e.xlsx"
    for out in (pdf, xlsx):
        assert run(["--db", str(demo_db), "report", "events", "--from", "01/10/2025", "--to", "31/10/2025",
                    "--out", str(out)]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert "Ngày hội toàn dân học tập số” (10/10/2025)" in flat and "Tổng cộng" in text
    assert f"đem lại {fmt_int(completions)} lượt" in flat
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames[0] == "Tổng hợp theo loại"
    last = [c.value for c in list(wb.worksheets[1].iter_rows())[-1]]
    assert last[2] == "Tổng cộng" and last[9] == completions
