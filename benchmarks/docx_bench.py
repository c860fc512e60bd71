"""The whole commune's results report as .docx against bare python-docx writing the same content: the texts,
a grid table per list and the same chart pictures (the PDF's drawings as 200 dpi PNGs, which python-docx cannot
draw). Ours renders them (reports/raster.py) inside the timing; the bare library is handed them ready made."""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path

from docx import Document
from docx.shared import Pt
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm

from benchmarks.harness import Result, main_alone, paired
from binhdan_desktop.reports import charts
from binhdan_desktop.reports.docx import ANNEX_WIDTH_MM, write_docx
from binhdan_desktop.reports.pdf import chart as bar_chart
from binhdan_desktop.reports.pdf import register_fonts
from binhdan_desktop.reports.raster import drawing_png
from binhdan_desktop.services import reports
from binhdan_desktop.store.db import open_database


def _drawings(report: reports.Report) -> list[Drawing]:
    width = ANNEX_WIDTH_MM * mm
    return [*(bar_chart(c, width / 2 - 4 * mm) for c in report.charts), *charts.pdf_trends(report.trends, width)]


def _raw(report: reports.Report, target: Path, pictures: list[bytes] | None = None) -> None:
    """The same texts with plain python-docx calls: paragraphs, two layout tables, one grid table per list, then
    one picture a chart (`pictures`: already rendered; None: rendered here, as ours does)."""
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
    drawings = _drawings(report)
    for i, drawing in enumerate(drawings):
        png = pictures[i] if pictures is not None else drawing_png(drawing)
        doc.add_picture(io.BytesIO(png), width=Pt(drawing.width), height=Pt(drawing.height))
    doc.save(str(target))


def docx_results(path: Path, runs: int = 7) -> Result:
    """CPU time, medians of `runs` interleaved: ours (which renders its chart pictures) against the bare library
    given those pictures ready (it only inserts them); beside it, the bare library rendering them too."""
    with open_database(path) as db, db.read() as s:
        report = reports.build(s, "results")
    register_fonts()
    out = Path(tempfile.mkdtemp())
    pictures = [drawing_png(d) for d in _drawings(report)]
    started = time.process_time()
    for d in _drawings(report):
        drawing_png(d)
    render = time.process_time() - started
    ours, base = paired(lambda: write_docx(report, out / "ours.docx"),
                        lambda: _raw(report, out / "raw.docx", pictures), runs=runs, clock=time.process_time)
    _, rendering = paired(lambda: None, lambda: _raw(report, out / "raw2.docx"), runs=runs, clock=time.process_time)
    extra = {"charts": len(pictures), "render_cpu_s": render, "raw_rendering_too_cpu_s": rendering,
             "ratio_to_raw_rendering_too": ours / rendering if rendering else None}
    return Result("docx", f"Word: results report of the whole commune ({report.row_count:,} rows, "
                          f"{len(report.tables)} tables, {len(pictures)} chart pictures), CPU time", ours, base,
                  "bare python-docx, same texts, the same pictures ready made (inserted only), no layout",
                  budget="≤ 1.5× raw", ok=ours <= 1.5 * base, extra=extra)


if __name__ == "__main__":
    raise SystemExit(main_alone(docx_results))
