"""PDF in the administrative layout of Nghị định 30/2020/NĐ-CP (resources: document-layout.md):
A4, margins 20/20/30/15 mm, Tinos (Times-New-Roman-compatible, every Vietnamese letter) throughout,
header block, title and subject, body, signature and "Nơi nhận", then the lists as a phụ lục in
landscape with table headers repeated on every page; page numbers at the top from page 2."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from binhdan_desktop.domain.formatting import fmt_date, fmt_int, fmt_pct
from binhdan_desktop.reports.files import Progress, atomic_target
from binhdan_desktop.reports.model import Chart, Column, Report
from binhdan_desktop.reports.model import Table as DataTable
from binhdan_desktop.reports.progress import Meter, Ticker, span

FONT = "Tinos"
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20 * mm, 20 * mm, 30 * mm, 15 * mm


def register_fonts() -> None:
    """Register Tinos regular/bold/italic/bold-italic as one family (once)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = resources.files("binhdan_desktop.resources") / "fonts"
    for name, file in ((FONT, "Tinos-Regular.ttf"), (f"{FONT}-Bold", "Tinos-Bold.ttf"),
                       (f"{FONT}-Italic", "Tinos-Italic.ttf"), (f"{FONT}-BoldItalic", "Tinos-BoldItalic.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=f"{FONT}-Bold", italic=f"{FONT}-Italic",
                                  boldItalic=f"{FONT}-BoldItalic")
    # Every canvas starts in Tinos, so no page ever references a built-in PDF font.
    rl_config.canvas_basefontname = FONT


def _style(name: str, size: float = 13, *, bold: bool = False, italic: bool = False, align: int = TA_LEFT,
           indent: float = 0, after: float = 0, leading: float | None = None) -> ParagraphStyle:
    font = FONT + ("-BoldItalic" if bold and italic else "-Bold" if bold else "-Italic" if italic else "")
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.2, alignment=align,
                          firstLineIndent=indent, spaceAfter=after)


class Rule(Flowable):
    """A solid centred rule of a given width (under the issuing body, the motto, the subject)."""

    def __init__(self, width: float, thickness: float = 0.6) -> None:
        super().__init__()
        self.rule_width, self.thickness = width, thickness
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail = avail_width
        return avail_width, 5

    def draw(self) -> None:
        # Drawn at the bottom of its 5 pt box, clear of the descenders of the line above.
        x = (self.avail - self.rule_width) / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.line(x, 0.5, x + self.rule_width, 0.5)


def _text_width(text: str, size: float, bold: bool = True) -> float:
    return pdfmetrics.stringWidth(text, FONT + ("-Bold" if bold else ""), size)


def header_block(report: Report) -> list[Flowable]:
    h = report.header
    left = [Paragraph(h.governing_body, _style("gov", 12.5, align=TA_CENTER))] if h.governing_body else []
    left += [Paragraph(line, _style("iss", 12.5, bold=True, align=TA_CENTER)) for line in h.issuing_body]
    left.append(Rule(_text_width(h.issuing_body[-1], 12.5) * 0.5))
    motto = "Độc lập - Tự do - Hạnh phúc"
    right = [Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", _style("nat", 12.5, bold=True, align=TA_CENTER)),
             Paragraph(motto, _style("motto", 13.5, bold=True, align=TA_CENTER)),
             Rule(_text_width(motto, 13.5))]
    number = Paragraph(h.number, _style("num", 13, align=TA_CENTER))
    date = Paragraph(h.place_date, _style("date", 13, italic=True, align=TA_CENTER))
    return [layout_table([[left, right], [number, date]], [65 * mm, 100 * mm],
                         [("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 1), (-1, 1), 8)])]


def layout_table(rows: list[list[Any]], widths: list[float], extra: list[tuple[Any, ...]] | None = None) -> Table:
    """A borderless table for layout. Its FONT is set too: reportlab's default would put Helvetica on the page."""
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 13), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), *(extra or [])]))
    return table


def title_block(report: Report) -> list[Flowable]:
    h = report.header
    return [Spacer(1, 10 * mm), Paragraph(h.doc_type, _style("type", 14, bold=True, align=TA_CENTER)),
            Paragraph(h.subject, _style("subj", 14, bold=True, align=TA_CENTER)),
            Rule(min(_text_width(h.subject, 14) * 0.4, 60 * mm)), Spacer(1, 6 * mm)]


def body(report: Report) -> list[Flowable]:
    normal = _style("body", 13.5, align=TA_JUSTIFY, indent=12.7 * mm, after=6, leading=13.5 * 1.3)
    part = _style("part", 13.5, bold=True, after=6)
    return [Paragraph(text[1:], part) if text.startswith("#") else Paragraph(text, normal) for text in report.body]


def notes(report: Report) -> list[Flowable]:
    """The data problems the counts leave out ("12 người chưa có năm sinh ..."), under the body."""
    style = _style("note", 12, italic=True, align=TA_JUSTIFY, after=4)
    esc = lambda t: t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # noqa: E731
    return [Paragraph(esc(f"Ghi chú: {n}"), style) for n in report.notes]


def signature(report: Report) -> list[Flowable]:
    h = report.header
    left = [Paragraph("Nơi nhận:", _style("nn", 12, bold=True, italic=True))]
    lines = h.recipients or ["Lưu: VT"]
    left += [Paragraph(f"- {r}{'.' if i == len(lines) - 1 else ';'}", _style("r", 11))
             for i, r in enumerate(lines)]
    sign = _style("sign", 13.5, bold=True, align=TA_CENTER)
    right = [Paragraph(h.signer_authority, sign), Paragraph(h.signer_title, sign), Spacer(1, 28 * mm),
             Paragraph(h.signer_name, sign)]
    return [Spacer(1, 8 * mm), KeepTogether(layout_table([[left, right]], [70 * mm, 95 * mm]))]


class _Cell(Paragraph):
    """A cell's wrapping text that checks in (`beat`) when reportlab measures it: the first layout of a long
    list measures every row at once (seconds for a 7,000-row village), with no page done to report."""

    def __init__(self, *args: Any, beat: Callable[[], None] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.beat = beat

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.beat is not None:
            self.beat()
        return super().wrap(avail_width, avail_height)


def _cell(value: Any, col: Column, style: ParagraphStyle, width: float = 0,
          beat: Callable[[], None] | None = None) -> Any:
    if value is None or value == "":
        return ""
    if col.kind == "pct" and isinstance(value, float):
        return fmt_pct(value, digits=0 if col.header == "Chỉ tiêu" else 1)
    if col.kind == "int" and isinstance(value, int):
        return fmt_int(value)
    if col.kind == "date" and isinstance(value, dt.date):
        return fmt_date(value)
    text = str(value)
    # A Paragraph only where the text must wrap: plain strings draw several times faster.
    if col.kind == "text" and pdfmetrics.stringWidth(text, FONT, style.fontSize) > width - 6:
        text = text.replace("&", "&amp;").replace("<", "&lt;")
        return _Cell(text, style, beat=beat) if beat else Paragraph(text, style)
    return text


def data_table(table: DataTable, width: float, ticker: Ticker | None = None,
               beat: Callable[[], None] | None = None) -> list[Flowable]:
    """A grid table whose header repeats on every page; long text wraps inside its column."""
    total = sum(c.width for c in table.columns)
    widths = [width * c.width / total for c in table.columns]
    wrap = _style("cell", 11.5, leading=13)
    head = _style("head", 11.5, bold=True, align=TA_CENTER, leading=13)
    rows: list[list[Any]] = [[Paragraph(c.header, head) for c in table.columns]]
    for row in table.rows:
        rows.append([_cell(v, c, wrap, w, beat) for v, c, w in zip(row, table.columns, widths, strict=True)])
        if ticker is not None:
            ticker.advance()
    if table.totals is not None:
        rows.append([_cell(v, c, wrap, w) for v, c, w in zip(table.totals, table.columns, widths, strict=True)])
    grid = LongTable(rows, colWidths=widths, repeatRows=1)
    style = [("FONT", (0, 0), (-1, -1), FONT, 11.5), ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    for i, c in enumerate(table.columns):
        align = {"int": "RIGHT", "pct": "RIGHT", "center": "CENTER", "check": "CENTER", "date": "CENTER"}.get(c.kind)
        if align:
            style.append(("ALIGN", (i, 1), (i, -1), align))
    grid.setStyle(TableStyle(style))
    title = Paragraph(table.title, _style("tt", 13, bold=True, after=4))
    return [CondPageBreak(40 * mm), title, grid, Spacer(1, 6 * mm)]


def chart(data: Chart, width: float) -> Drawing:
    """Bars per village against the target line, labels in Tinos."""
    height = 62 * mm
    drawing = Drawing(width, height)
    drawing.initialFontName = FONT  # else the renderer declares Helvetica
    bars = VerticalBarChart()
    bars.x, bars.y, bars.width, bars.height = 14 * mm, 16 * mm, width - 20 * mm, height - 26 * mm
    bars.data = [[(r or 0) * 100 for _, r in data.bars]]
    bars.valueAxis.valueMin, bars.valueAxis.valueMax, bars.valueAxis.valueStep = 0, 100, 25
    bars.valueAxis.labels.fontName = bars.categoryAxis.labels.fontName = FONT
    bars.valueAxis.labels.fontSize = bars.categoryAxis.labels.fontSize = 9
    bars.categoryAxis.categoryNames = [name for name, _ in data.bars]
    bars.categoryAxis.labels.angle = 20
    bars.categoryAxis.labels.boxAnchor = "ne"
    bars.bars[0].fillColor = colors.HexColor("#4F7CAC")
    drawing.add(bars)
    if data.target is not None:
        y = bars.y + bars.height * data.target
        drawing.add(Line(bars.x, y, bars.x + bars.width, y, strokeColor=colors.HexColor("#C62828"),
                         strokeWidth=1.2, strokeDashArray=[4, 3]))
        drawing.add(String(bars.x + bars.width, y + 3, f"Chỉ tiêu {fmt_pct(data.target, digits=0)}",
                           fontName=FONT, fontSize=9, textAnchor="end", fillColor=colors.HexColor("#C62828")))
    drawing.add(String(width / 2, height - 7, data.title, fontName=f"{FONT}-Bold", fontSize=10.5, textAnchor="middle"))
    return drawing


def annex(report: Report, width: float, ticker: Ticker | None = None,
          beat: Callable[[], None] | None = None) -> list[Flowable]:
    h = report.header
    center = _style("ax", 14, bold=True, align=TA_CENTER)
    out: list[Flowable] = [Paragraph("Phụ lục", center), Paragraph(report.annex_title, _style("axt", 13.5, bold=True,
                                                                                                align=TA_CENTER)),
                           Paragraph(h.annex_ref, _style("axr", 13, italic=True, align=TA_CENTER)), Rule(40 * mm),
                           Spacer(1, 5 * mm)]
    for table in report.tables:
        out += data_table(table, width, ticker, beat)
    if report.charts:
        out += [PageBreak(), Paragraph("Biểu đồ tỷ lệ đạt theo thôn so với chỉ tiêu", center), Spacer(1, 4 * mm)]
        pairs = [report.charts[i:i + 2] for i in range(0, len(report.charts), 2)]
        for pair in pairs:
            cells = [chart(c, width / 2 - 4 * mm) for c in pair] + ([""] if len(pair) == 1 else [])
            out.append(layout_table([cells], [width / 2] * 2))
    return out


class _Doc(BaseDocTemplate):
    """Portrait pages for the document, landscape for the phụ lục; numbers at the top from page 2,
    the phụ lục numbered on its own. `progress` hears the share of the lists' rows laid out so far."""

    def __init__(self, path: str, progress: Progress | None, total_rows: int) -> None:
        super().__init__(path, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title="Báo cáo", author="Bình Dân Desktop",
                         initialFontName=FONT, initialFontSize=13)
        pw, ph = A4
        lw, lh = landscape(A4)
        self.annex_start: int | None = None
        # Layout is the 10..99 % of the whole; one report a page (a list's part on that page).
        self.rows = Ticker(span(progress, 0.1, 0.99), total_rows, every=1)
        self.addPageTemplates([
            PageTemplate("main", [Frame(MARGIN_LEFT, MARGIN_BOTTOM, pw - MARGIN_LEFT - MARGIN_RIGHT,
                                        ph - MARGIN_TOP - MARGIN_BOTTOM, id="f")], onPage=self._number, pagesize=A4),
            PageTemplate("annex", [Frame(MARGIN_LEFT, MARGIN_BOTTOM, lw - MARGIN_LEFT - MARGIN_RIGHT,
                                         lh - MARGIN_TOP - MARGIN_BOTTOM, id="a")], onPage=self._number_annex,
                         pagesize=landscape(A4)),
        ])

    def _draw_number(self, canvas: Any, number: int, size: tuple[float, float]) -> None:
        if number >= 2:
            canvas.setFont(FONT, 13)
            canvas.drawCentredString(size[0] / 2, size[1] - 12 * mm, str(number))

    def _number(self, canvas: Any, doc: Any) -> None:
        self._draw_number(canvas, doc.page, A4)

    def _number_annex(self, canvas: Any, doc: Any) -> None:
        if self.annex_start is None:
            self.annex_start = doc.page
        self._draw_number(canvas, doc.page - self.annex_start + 1, landscape(A4))

    def afterFlowable(self, flowable: Flowable) -> None:
        """A list table, or the part of one that fitted on this page, was laid out: count its rows."""
        if isinstance(flowable, LongTable):
            self.rows.advance(len(flowable._cellvalues) - flowable.repeatRows)


def write_pdf(report: Report, target: Path, progress: Progress | None = None) -> Path:
    """Write the report as a signed-document PDF with its lists as a phụ lục, atomically. `progress` hears the
    share of rows prepared (the first 10 %) then laid out; if it raises (cancel), no file nor temporary file stays."""
    register_fonts()
    meter = Meter(progress) if progress else None
    progress = meter
    story: list[Flowable] = [*header_block(report), *title_block(report), *body(report), *notes(report),
                             *signature(report)]
    if report.tables:
        annex_width = landscape(A4)[0] - MARGIN_LEFT - MARGIN_RIGHT
        cells = Ticker(span(progress, 0.0, 0.1), report.row_count)
        story += [NextPageTemplate("annex"), PageBreak(),
                  *annex(report, annex_width, cells, meter.check if meter else None)]
    with atomic_target(target) as tmp:
        _Doc(str(tmp), progress, report.row_count).build(story)
        if progress:
            progress(1.0)  # last call, before the rename: a Cancel pressed while the file was saved still holds
    return target

