"""The period report of the whole commune (`binhdan report period --period 2026-Q3`): its PDF and its workbook
against bare reportlab / openpyxl writing the same content (the texts, every table's cells, one line chart per
indicator over the same figures), and, beside them, what building it costs (the indicators at each month end,
the breakdowns and the rankings), which no raw library does for it."""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import LongTable, PageBreak, Paragraph, SimpleDocTemplate
from reportlab.platypus.flowables import Flowable
from sqlalchemy import text as text_

from benchmarks.harness import Result, main_alone, paired
from binhdan_desktop.reports.excel import write_xlsx
from binhdan_desktop.reports.model import Report
from binhdan_desktop.reports.pdf import FONT, register_fonts, write_pdf
from binhdan_desktop.services import reports
from binhdan_desktop.store.db import open_database

PERIOD = "2026-Q3"


def _period(today: dt.date) -> str:
    """2026-Q3, or the last quarter begun when the benchmark runs before it (the report refuses the future)."""
    return PERIOD if today >= dt.date(2026, 7, 1) else f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def _texts(report: Report) -> list[str]:
    h = report.header
    return [h.governing_body, *h.issuing_body, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
            h.number, h.place_date, h.doc_type, h.subject, *(t.lstrip("#") for t in report.body), "Nơi nhận:",
            *h.recipients, h.signer_authority, h.signer_title, h.signer_name, "Phụ lục", report.annex_title,
            h.annex_ref]


def _cells(row: list[object]) -> list[str]:
    return ["" if v is None else str(v) for v in row]


def _raw_pdf(report: Report, target: Path) -> None:
    """Paragraphs, one grid table per table, one plain line chart per indicator with what it says (the places'
    names in a legend, the target as a line and its label); no layout of our own."""
    style = ParagraphStyle("p", fontName=FONT, fontSize=13, leading=16)
    story: list[Flowable] = [Paragraph(t, style) for t in _texts(report)]
    width = landscape(A4)[0] - 100
    for table in report.tables:
        story.append(Paragraph(table.title, style))
        grid = LongTable([[c.header for c in table.columns], *(_cells(r) for r in table.rows)], repeatRows=1)
        grid.setStyle([("FONT", (0, 0), (-1, -1), FONT, 11.5), ("GRID", (0, 0), (-1, -1), 0.5, "black")])
        story.append(grid)
    story.append(PageBreak())
    for trend in report.trends:
        drawing = Drawing(width, 200)
        chart = HorizontalLineChart()
        chart.x, chart.y, chart.width, chart.height = 40, 30, width - 80, 150
        chart.data = [[0 if r is None else r * 100 for r in rates] for _, rates in trend.series]
        chart.categoryAxis.categoryNames = trend.labels
        chart.valueAxis.labels.fontName = chart.categoryAxis.labels.fontName = FONT
        drawing.add(chart)
        if trend.target is not None:
            y = chart.y + chart.height * trend.target
            drawing.add(Line(chart.x, y, chart.x + chart.width, y))
            drawing.add(String(chart.x + chart.width, y + 3, f"Chỉ tiêu {trend.target:.0%}", fontName=FONT))
        legend = Legend()
        legend.x, legend.y, legend.fontName = chart.x + chart.width + 4, chart.y + chart.height, FONT
        legend.colorNamePairs = [(colors.black, name) for name, _ in trend.series]
        drawing.add(legend)
        story += [Paragraph(trend.title, style), drawing]
    SimpleDocTemplate(str(target), pagesize=landscape(A4)).build(story)


def _raw_xlsx(report: Report, target: Path) -> None:
    """openpyxl write-only: the texts, a sheet per table, the progress figures and a line chart per indicator."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Báo cáo")
    for t in _texts(report):
        ws.append([t])
    for i, table in enumerate(report.tables):
        ws = wb.create_sheet(f"Bảng {i + 1}")
        ws.append([table.title])
        ws.append([c.header for c in table.columns])
        for row in table.rows:
            ws.append(row)
    ws = wb.create_sheet("Biểu đồ")
    at = 1
    for trend in report.trends:
        ws.append(["Ngày", *(name for name, _ in trend.series)])
        for i, day in enumerate(trend.labels):
            ws.append([day, *(rates[i] for _, rates in trend.series)])
        chart = LineChart()
        chart.title = trend.title
        last = at + len(trend.labels)
        chart.add_data(Reference(ws, min_col=2, max_col=1 + len(trend.series), min_row=at, max_row=last),
                       titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=at + 1, max_row=last))
        ws.add_chart(chart, f"N{at}")
        at = last + 1
    wb.save(str(target))


def period_report(path: Path, runs: int = 7) -> list[Result]:
    period = _period(dt.date.today())
    with open_database(path) as db, db.read() as s:
        started, cpu = time.perf_counter(), time.process_time()
        report = reports.build(s, "period", period=period)
        built, built_cpu = time.perf_counter() - started, time.process_time() - cpu
    register_fonts()
    out = Path(tempfile.mkdtemp())
    size = f"{report.row_count:,} rows, {len(report.tables)} tables, {len(report.trends)} charts"
    extra = {"period": period, "build_s": built, "build_cpu_s": built_cpu,
             "month_ends": len(report.trends[0].labels) if report.trends else 0}
    results = []
    ours, base = paired(lambda: write_pdf(report, out / "ours.pdf"), lambda: _raw_pdf(report, out / "raw.pdf"),
                        runs=runs, clock=time.process_time)
    results.append(Result("period_pdf", f"PDF: period report {period} of the whole commune ({size})", ours, base,
                          "bare reportlab: paragraphs, grid tables, plain line charts, same font",
                          budget="≤ 1.5× raw", ok=ours <= 1.5 * base, extra=extra))
    ours, base = paired(lambda: write_xlsx(report, out / "ours.xlsx"), lambda: _raw_xlsx(report, out / "raw.xlsx"),
                        runs=runs, clock=time.process_time)
    results.append(Result("period_xlsx", f"Excel: period report {period} of the whole commune ({size})", ours, base,
                          "openpyxl write-only: same cells and line charts, no styles", budget="≤ 1.5× raw",
                          ok=ours <= 1.5 * base, extra=extra))
    return results


# --- the period query when statuses change inside the year --------------------------------------------------------

DATED_EDITS = 8000  # people edited, a ninth of them each month from January to September (and some today)


def dated_commune(path: Path) -> Path:
    """A copy of the cached commune (cached beside it) where DATED_EDITS people changed statuses, groups or
    residence on days spread over the year: the period report's month ends then read the dated history."""
    from sqlalchemy import select

    from benchmarks.commune import CACHE
    from binhdan_desktop.store.models import Person
    from binhdan_desktop.store.status_history import set_since

    target = CACHE / f"{path.stem}-dated{DATED_EDITS}.sqlite3"
    if target.exists():
        return target
    tmp = target.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    with sqlite3.connect(path) as raw:
        raw.execute("VACUUM INTO ?", (str(tmp),))
    with open_database(tmp) as db:
        with db.read() as s:
            ids = list(s.scalars(select(Person.id).where(Person.deleted.is_(False)).order_by(Person.sort_key)
                                 .limit(DATED_EDITS)))
        days = [dt.date(2026, m, 15) for m in range(1, 10)]
        for i, day in enumerate(days):
            with db.write() as s:
                set_since(s, min(day, dt.date.today()))
                for j, pid in enumerate(ids[i::len(days)]):
                    p = s.get(Person, pid)
                    assert p is not None
                    p.vneid_level = 0 if p.vneid_level == 2 else 2
                    p.has_bank_account = not p.has_bank_account
                    if j % 3 == 0:
                        p.is_worker, p.has_smartphone = not p.is_worker, not p.has_smartphone
                    if j % 7 == 0:
                        p.residence = "chuyen_di" if p.residence == "cu_tru" else "cu_tru"
    tmp.replace(target)
    return target


def period_query(path: Path, runs: int = 7) -> list[Result]:
    """The indicators at every month end of the period: one statement against one statement a month end, CPU
    time, on the commune as it is and on the one whose statuses change during the year; the figures identical."""
    from binhdan_desktop.domain.periods import parse_period
    from binhdan_desktop.services import indicators

    period = parse_period(_period(dt.date.today()))
    results = []
    for name, source in (("plain", path), ("dated", dated_commune(path))):
        with open_database(source) as db, db.read() as s:
            days = period.month_ends(dt.date.today())
            one = indicators.compute_at(s, period.year, days)
            each = {d: indicators.compute(s, period.year, as_of=d) for d in days}
            assert one == each, "the one-statement figures differ from the per-day ones"
            rows = s.scalar(text_("SELECT COUNT(*) FROM person_status WHERE deleted = 0"))
            ours, base = paired(lambda: indicators.compute_at(s, period.year, days),  # noqa: B023
                                lambda: [indicators.compute(s, period.year, as_of=d) for d in days],  # noqa: B023
                                runs=runs, clock=time.process_time)
        results.append(Result(f"period_query_{name}", f"indicators at the {len(days)} month ends of {period.code} "
                              f"in one statement ({rows:,} dated status rows), CPU time", ours, base,
                              "one statement a month end (the same figures)", budget="< 1× per month",
                              ok=ours < base, extra={"days": len(days), "status_rows": rows}))
    return results


def _both(path: Path, runs: int = 7) -> list[Result]:
    return [*period_report(path, runs), *period_query(path, runs)]


if __name__ == "__main__":
    raise SystemExit(main_alone(_both))
