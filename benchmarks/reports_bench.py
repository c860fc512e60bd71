"""Excel and PDF exports against bare openpyxl / reportlab writing the same cells."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import LongTable, SimpleDocTemplate

from benchmarks.harness import Result, main_alone, paired
from binhdan_desktop.reports.excel import write_xlsx
from binhdan_desktop.reports.pdf import FONT, register_fonts, write_pdf
from binhdan_desktop.services import reports
from binhdan_desktop.store.db import open_database


def _cells(report: reports.Report) -> list[list[str]]:
    return [[("" if v is None else str(v)) for v in row] for t in report.tables for row in t.rows]


def excel_learners(path: Path, runs: int = 3, clock: Callable[[], float] = time.perf_counter) -> Result:
    with open_database(path) as db, db.read() as s:
        report = reports.build(s, "learners")
    out = Path(tempfile.mkdtemp())

    def raw() -> None:
        wb = Workbook(write_only=True)
        for table in report.tables:
            ws = wb.create_sheet()
            for row in table.rows:
                ws.append(row)
        wb.save(out / "raw.xlsx")

    ours, base = paired(lambda: write_xlsx(report, out / "ours.xlsx"), raw, runs=runs, clock=clock)
    return Result("excel", f"Excel: learners list of the whole commune ({report.row_count:,} rows)", ours, base,
                  "openpyxl write-only, same cells, no styles", budget="≤ 1.3× raw", ok=ours <= 1.3 * base)


def pdf_village_checklist(path: Path, runs: int = 3, clock: Callable[[], float] = time.perf_counter) -> Result:
    with open_database(path) as db, db.read() as s:
        from binhdan_desktop.services.commune import villages

        first = villages(s)[0].id
        report = reports.build(s, "checklist", village=first)
    out = Path(tempfile.mkdtemp())
    register_fonts()
    cells = _cells(report)

    def raw() -> None:
        doc = SimpleDocTemplate(str(out / "raw.pdf"), pagesize=landscape(A4))
        table = LongTable([list(report.tables[0].columns and [c.header for c in report.tables[0].columns]), *cells],
                          repeatRows=1)
        table.setStyle([("FONT", (0, 0), (-1, -1), FONT, 11.5), ("GRID", (0, 0), (-1, -1), 0.5, "black")])
        doc.build([table])

    ours, base = paired(lambda: write_pdf(report, out / "ours.pdf"), raw, runs=runs, clock=clock)
    return Result("pdf", f"PDF: one village's door-to-door list ({report.row_count:,} rows)", ours, base,
                  "bare reportlab table of the same cells, same font", budget="≤ 1.5× raw", ok=ours <= 1.5 * base,
                  )


def _cpu(path: Path, runs: int = 7) -> list[Result]:
    """Both, alone: CPU time, medians of `runs` interleaved."""
    return [excel_learners(path, runs, time.process_time), pdf_village_checklist(path, runs, time.process_time)]


if __name__ == "__main__":
    raise SystemExit(main_alone(_cpu))
