"""The whole commune's results report as .docx against bare python-docx writing the same content."""

from __future__ import annotations

import tempfile
from pathlib import Path

from docx import Document

from benchmarks.harness import Result, paired
from binhdan_desktop.reports.docx import write_docx
from binhdan_desktop.services import reports
from binhdan_desktop.store.db import open_database


def _raw(report: reports.Report, target: Path) -> None:
    """The same texts with plain python-docx calls: paragraphs, two layout tables, one grid table per list."""
    doc = Document()
    h = report.header
    for line in [h.governing_body, *h.issuing_body, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", h.number, h.place_date, h.doc_type, h.subject,
                 *(t.lstrip("#") for t in report.body), "Nơi nhận:", *h.recipients, h.signer_authority,
                 h.signer_title, h.signer_name, "Phụ lục", report.annex_title, h.annex_ref]:
        doc.add_paragraph(line)
    for table in report.tables:
        doc.add_paragraph(table.title)
        grid = doc.add_table(rows=1, cols=len(table.columns))
        for cell, col in zip(grid.rows[0].cells, table.columns, strict=True):
            cell.text = col.header
        for row in table.rows:
            for cell, value in zip(grid.add_row().cells, row, strict=True):
                cell.text = "" if value is None else str(value)
    doc.save(str(target))


def docx_results(path: Path) -> Result:
    with open_database(path) as db, db.read() as s:
        report = reports.build(s, "results")
    out = Path(tempfile.mkdtemp())
    ours, base = paired(lambda: write_docx(report, out / "ours.docx"), lambda: _raw(report, out / "raw.docx"),
                        runs=5)
    return Result("docx", f"Word: results report of the whole commune ({report.row_count:,} rows, "
                          f"{len(report.tables)} tables)", ours, base,
                  "bare python-docx, same texts, no layout", budget="≤ 1.5× raw", ok=ours <= 1.5 * base)
