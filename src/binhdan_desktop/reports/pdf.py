"""PDF in the administrative layout of Nghị định 30/2020/NĐ-CP (resources: document-layout.md):
A4, margins 20/20/30/15 mm, Tinos (Times-New-Roman-compatible, every Vietnamese letter) throughout,
header block, title and subject, body, signature and "Nơi nhận", then the lists as a phụ lục in
landscape with table headers repeated on every page; page numbers at the top from page 2."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
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
from binhdan_desktop.reports import charts
from binhdan_desktop.reports.files import Progress, atomic_target
from binhdan_desktop.reports.model import Chart, Column, Report
from binhdan_desktop.reports.model import Table as DataTable
from binhdan_desktop.reports.pdf_text import FONT, covered, markup, register_fonts
from binhdan_desktop.reports.progress import Meter, Ticker, span
from binhdan_desktop.reports.tables import has_totals, totals_row
from binhdan_desktop.reports.text import clean

__all__ = ["register_fonts", "write_pdf"]
SMALL_TABLE, SMALL_HEIGHT = 16, 80 * mm  # rows (header included) and height of a table kept on one page
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20 * mm, 20 * mm, 30 * mm, 15 * mm


def _style(name: str, size: float = 13, *, bold: bool = False, italic: bool = False, align: int = TA_LEFT,
           indent: float = 0, after: float = 0, leading: float | None = None) -> ParagraphStyle:
    font = FONT + ("-BoldItalic" if bold and italic else "-Bold" if bold else "-Italic" if italic else "")
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.2, alignment=align,
                          firstLineIndent=indent, spaceAfter=after)


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (never markup): escaped, cleaned, marks in the font that has them."""
    return Paragraph(markup(text, style.fontName), style)


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
    left = [para(h.governing_body, _style("gov", 12.5, align=TA_CENTER))] if h.governing_body else []
    left += [para(line, _style("iss", 12.5, bold=True, align=TA_CENTER)) for line in h.issuing_body]
    left.append(Rule(_text_width(h.issuing_body[-1], 12.5) * 0.5))
    motto = "Độc lập - Tự do - Hạnh phúc"
    right = [para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", _style("nat", 12.5, bold=True, align=TA_CENTER)),
             para(motto, _style("motto", 13.5, bold=True, align=TA_CENTER)),
             Rule(_text_width(motto, 13.5))]
    number = para(h.number, _style("num", 13, align=TA_CENTER))
    date = para(h.place_date, _style("date", 13, italic=True, align=TA_CENTER))
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
    as_of = [para(report.as_of_line, _style("asof", 13, italic=True, align=TA_CENTER))] if report.as_of else []
    return [Spacer(1, 10 * mm), para(h.doc_type, _style("type", 14, bold=True, align=TA_CENTER)),
            para(h.subject, _style("subj", 14, bold=True, align=TA_CENTER)),
            Rule(min(_text_width(h.subject, 14) * 0.4, 60 * mm)), *as_of, Spacer(1, 6 * mm)]


def body(report: Report) -> list[Flowable]:
    normal = _style("body", 13.5, align=TA_JUSTIFY, indent=12.7 * mm, after=6, leading=13.5 * 1.3)
    part = _style("part", 13.5, bold=True, after=6)
    part.keepWithNext = 1  # a part's title never ends a page (the last one is kept with the signature below)
    return [para(text[1:], part) if text.startswith("#") else para(text, normal) for text in report.body]


def notes(report: Report) -> list[Flowable]:
    """The data problems the counts leave out ("12 người chưa có năm sinh ..."), under the body."""
    style = _style("note", 12, italic=True, align=TA_JUSTIFY, after=4)
    return [para(f"Ghi chú: {n}", style) for n in report.notes]


def signature(report: Report) -> list[Flowable]:
    h = report.header
    left = [para("Nơi nhận:", _style("nn", 12, bold=True, italic=True))]
    lines = h.recipients or ["Lưu: VT"]
    left += [para(f"- {r}{'.' if i == len(lines) - 1 else ';'}", _style("r", 11))
             for i, r in enumerate(lines)]
    sign = _style("sign", 13.5, bold=True, align=TA_CENTER)
    right = [para(h.signer_authority, sign), para(h.signer_title, sign), Spacer(1, 28 * mm),
             para(h.signer_name, sign)]
    return [Spacer(1, 8 * mm), layout_table([[left, right]], [70 * mm, 95 * mm])]


def closing(report: Report) -> list[Flowable]:
    """The body, its last paragraph (and the part titles just before it) kept on one page with the signature
    block: never a signature alone on a page, nor a part title alone at the foot of the one before."""
    paragraphs = body(report)
    keep = len(paragraphs) - 1
    while keep > 0 and report.body[keep - 1].startswith("#"):
        keep -= 1
    keep = max(keep, 0)
    return [*paragraphs[:keep], KeepTogether([*paragraphs[keep:], *notes(report), *signature(report)])]


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
        return clean(fmt_pct(value, digits=0 if col.header == "Chỉ tiêu" else 1))
    if col.kind in ("int", "check") and isinstance(value, int):
        return fmt_int(value)
    if col.kind == "date" and isinstance(value, dt.date):
        return fmt_date(value)
    text = clean(str(value))
    # A Paragraph only where the text must wrap or needs the marks' font: plain strings draw several times faster.
    if col.kind == "text" and pdfmetrics.stringWidth(text, FONT, style.fontSize) > width - 6:
        return _Cell(markup(text), style, beat=beat) if beat else Paragraph(markup(text), style)
    if not covered(text):
        return Paragraph(markup(text), _CELL_STYLES.get(col.kind, style))
    return text


_CELL_STYLES = {kind: _style(f"cell-{kind}", 11.5, leading=13, align=TA_CENTER)
                for kind in ("center", "check", "date")}


CELL_PADDING = 12  # reportlab's cell padding, 6 pt left and right


def column_widths(columns: list[Column], width: float, style: ParagraphStyle) -> list[float]:
    """`width` shared by the columns' relative widths, each at least as wide as its header's longest word in
    the header style: a narrow column's header wraps between words, never inside one ("Hạng: CBCCVC" / "C"),
    and is never printed smaller than the other headers; the room comes from the columns that have some."""
    need = [max((pdfmetrics.stringWidth(w, style.fontName, style.fontSize) for w in clean(c.header).split()),
                default=0.0) + CELL_PADDING for c in columns]
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(columns)) if i not in fixed]
        share = sum(columns[i].width for i in free)
        room = width - sum(fixed.values())
        widths = [fixed.get(i, room * columns[i].width / share if share else 0.0) for i in range(len(columns))]
        short = [i for i in free if widths[i] < need[i]]
        if not short or len(short) == len(free):
            return widths
        fixed.update({i: need[i] for i in short})


def data_table(table: DataTable, width: float, ticker: Ticker | None = None,
               beat: Callable[[], None] | None = None, totals: bool = False) -> list[Flowable]:
    """A grid table whose header repeats on every page; long text wraps inside its column."""
    wrap = _style("cell", 11.5, leading=13)
    head = _style("head", 11.5, bold=True, align=TA_CENTER, leading=13)
    widths = column_widths(table.columns, width, head)
    rows: list[list[Any]] = [[para(c.header, head) for c in table.columns]]
    for row in table.rows:
        rows.append([_cell(v, c, wrap, w, beat) for v, c, w in zip(row, table.columns, widths, strict=True)])
        if ticker is not None:
            ticker.advance()
    if totals:
        rows.append([_cell(v, c, wrap, w) for v, c, w in zip(totals_row(table), table.columns, widths, strict=True)])
    grid = LongTable(rows, colWidths=widths, repeatRows=1)
    style = [("FONT", (0, 0), (-1, -1), FONT, 11.5), ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    if totals:
        style.append(("FONT", (0, -1), (-1, -1), f"{FONT}-Bold", 11.5))
    for i, c in enumerate(table.columns):
        align = {"int": "RIGHT", "pct": "RIGHT", "center": "CENTER", "check": "CENTER", "date": "CENTER"}.get(c.kind)
        if align:
            style.append(("ALIGN", (i, 1), (i, -1), align))
    grid.setStyle(TableStyle(style))
    title = para(table.title, _style("tt", 13, bold=True, after=4))
    if len(rows) <= SMALL_TABLE and grid.wrap(width, SMALL_HEIGHT)[1] < SMALL_HEIGHT:
        # a short table (a tally) is not split for a row or two; a tall one flows on, never leaving a page blank
        return [CondPageBreak(40 * mm), KeepTogether([title, grid]), Spacer(1, 6 * mm)]
    return [CondPageBreak(40 * mm), title, grid, Spacer(1, 6 * mm)]


BAR_ROOM = 30 * mm  # at most this much width per bar: one village's chart is not one bar across the page


def chart(data: Chart, width: float) -> Drawing:
    """Bars per village against the target line, each bar's rate printed on it, the axis in %, labels in
    Tinos (text: searchable)."""
    height = 66 * mm
    drawing = Drawing(width, height)
    drawing.initialFontName = FONT  # else the renderer declares Helvetica
    bars = VerticalBarChart()
    plot = min(width - 20 * mm, BAR_ROOM * max(len(data.bars), 1))
    # the plot's top leaves room for a full bar's rate under the target's key
    bars.x, bars.y, bars.width, bars.height = 14 * mm, 16 * mm, plot, height - 34 * mm
    bars.data = [[(r or 0) * 100 for _, r in data.bars]]
    bars.valueAxis.valueMin, bars.valueAxis.valueMax, bars.valueAxis.valueStep = 0, 100, 25
    bars.valueAxis.labelTextFormat = "%d %%"
    bars.valueAxis.labels.fontName = bars.categoryAxis.labels.fontName = FONT
    bars.valueAxis.labels.fontSize = bars.categoryAxis.labels.fontSize = 9
    bars.barLabelFormat = "values"  # each bar's rate as the report prints it ("15,4 %", "–" with no one counted)
    bars.barLabelArray = [[clean(fmt_pct(r)) for _, r in data.bars]]
    bars.barLabels.fontName, bars.barLabels.fontSize = FONT, 8.5
    bars.barLabels.boxAnchor, bars.barLabels.dy = "s", 2
    bars.categoryAxis.categoryNames = [clean(name) for name, _ in data.bars]
    bars.categoryAxis.labels.angle = 20
    bars.categoryAxis.labels.boxAnchor = "ne"
    bars.bars[0].fillColor = colors.HexColor("#4F7CAC")
    bars.barLabels.boxFillColor = colors.white  # a rate near the target is read over its dashed line
    if data.target is not None:
        # The target line first, under the bars and their rates; its key under the title, above the plot.
        y = bars.y + bars.height * data.target
        red, key = colors.HexColor("#C62828"), clean(f"Chỉ tiêu {fmt_pct(data.target, digits=0)}")
        drawing.add(Line(bars.x, y, bars.x + bars.width, y, strokeColor=red, strokeWidth=1.2,
                         strokeDashArray=[4, 3]))
        left = width / 2 - (pdfmetrics.stringWidth(key, FONT, 9) + 9 * mm) / 2
        drawing.add(Line(left, height - 12 * mm + 3, left + 7 * mm, height - 12 * mm + 3, strokeColor=red,
                         strokeWidth=1.2, strokeDashArray=[4, 3]))
        drawing.add(String(left + 9 * mm, height - 12 * mm, key, fontName=FONT, fontSize=9, fillColor=red))
    drawing.add(bars)
    drawing.add(String(width / 2, height - 7, clean(data.title), fontName=f"{FONT}-Bold", fontSize=10.5,
                       textAnchor="middle"))
    return drawing


def annex(report: Report, width: float, ticker: Ticker | None = None,
          beat: Callable[[], None] | None = None) -> list[Flowable]:
    h = report.header
    center = _style("ax", 14, bold=True, align=TA_CENTER)
    out: list[Flowable] = [para("Phụ lục", center), para(report.annex_title, _style("axt", 13.5, bold=True,
                                                                                                align=TA_CENTER)),
                           para(h.annex_ref, _style("axr", 13, italic=True, align=TA_CENTER)), Rule(40 * mm),
                           Spacer(1, 5 * mm)]
    for table in report.tables:
        out += data_table(table, width, ticker, beat, has_totals(report, table))
    if report.charts:
        out += [PageBreak(), para(charts.BARS_TITLE, center), Spacer(1, 4 * mm)]
        pairs = [report.charts[i:i + 2] for i in range(0, len(report.charts), 2)]
        for pair in pairs:
            cells = [chart(c, width / 2 - 4 * mm) for c in pair] + ([""] if len(pair) == 1 else [])
            out.append(layout_table([cells], [width / 2] * 2))
    if report.trends:  # the period report's progress charts (reports/charts.py)
        out += [CondPageBreak(90 * mm), Paragraph(charts.TREND_TITLE, center), Spacer(1, 4 * mm),
                *charts.pdf_trends(report.trends, width)]
    return out


class _Doc(BaseDocTemplate):
    """Portrait pages for the document, landscape for the phụ lục; numbers at the top from page 2,
    the phụ lục numbered on its own. `progress` hears the share of the lists' rows laid out so far."""

    def __init__(self, path: str, progress: Progress | None, total_rows: int, mark: str = "",
                 stamp: dt.datetime | None = None) -> None:
        # invariant: no clock nor random in the file (its id is a digest of the content); dated by the report
        super().__init__(path, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=MARGIN_RIGHT,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title="Báo cáo", author="Bình Dân Desktop",
                         initialFontName=FONT, initialFontSize=13, invariant=1)
        self.stamp = stamp or dt.datetime(2000, 1, 1)
        pw, ph = A4
        lw, lh = landscape(A4)
        self.annex_start: int | None = None
        self.mark = mark
        # Layout is the 10..99 % of the whole; one report a page (a list's part on that page).
        self.rows = Ticker(span(progress, 0.1, 0.99), total_rows, every=1)
        self.addPageTemplates([
            PageTemplate("main", [Frame(MARGIN_LEFT, MARGIN_BOTTOM, pw - MARGIN_LEFT - MARGIN_RIGHT,
                                        ph - MARGIN_TOP - MARGIN_BOTTOM, id="f")], onPage=self._number, pagesize=A4),
            PageTemplate("annex", [Frame(MARGIN_LEFT, MARGIN_BOTTOM, lw - MARGIN_LEFT - MARGIN_RIGHT,
                                         lh - MARGIN_TOP - MARGIN_BOTTOM, id="a")], onPage=self._number_annex,
                         pagesize=landscape(A4)),
        ])

    def beforeDocument(self) -> None:
        when = self.stamp
        self.canv.setDateFormatter(lambda *_: f"D:{when:%Y%m%d%H%M%S}+00'00'")

    def _draw_number(self, canvas: Any, number: int, size: tuple[float, float]) -> None:
        if self.mark:  # a draft or a copy says so across every page, in grey text (searchable, not an image)
            canvas.saveState()
            canvas.setFont(f"{FONT}-Bold", 54)
            canvas.setFillColor(colors.Color(0.55, 0.55, 0.55, alpha=0.3))
            canvas.translate(size[0] / 2, size[1] / 2)
            canvas.rotate(35)
            canvas.drawCentredString(0, 0, self.mark.upper())
            canvas.restoreState()
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
    story: list[Flowable] = [*header_block(report), *title_block(report), *closing(report)]
    if report.tables:
        annex_width = landscape(A4)[0] - MARGIN_LEFT - MARGIN_RIGHT
        cells = Ticker(span(progress, 0.0, 0.1), report.row_count)
        story += [NextPageTemplate("annex"), PageBreak(),
                  *annex(report, annex_width, cells, meter.check if meter else None)]
    with atomic_target(target) as tmp:
        _Doc(str(tmp), progress, report.row_count, report.header.mark, report.stamp).build(story)
        if progress:
            progress(1.0)  # last call, before the rename: a Cancel pressed while the file was saved still holds
    return target

