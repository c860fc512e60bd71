"""The report as an editable Word file (python-docx), in the layout of Nghị định 30/2020/NĐ-CP as the PDF
(document-layout.md): A4, margins 20/20/30/15 mm, Times New Roman, the two-column header block with its rules,
"Số" and the italic place-and-date line, title and subject, body, the sections the office writes before signing
(headed, with a placeholder line), signature block and "Nơi nhận"; then the phụ lục in a landscape section
numbered on its own, its tables' header rows repeated on every page. Page numbers at the top from page 2."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from binhdan_desktop.domain.formatting import fmt_date, fmt_int, fmt_pct
from binhdan_desktop.reports.files import Progress, atomic_target, stamp_zip
from binhdan_desktop.reports.model import Column, Report, Table
from binhdan_desktop.reports.progress import Ticker, span
from binhdan_desktop.reports.text import clean as clean_text

FONT = "Times New Roman"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TEXT_WIDTH_MM = 165  # A4 portrait less 30 + 15 mm; landscape: 297 - 45
ANNEX_WIDTH_MM = 252
PLACEHOLDER = "(Văn phòng UBND xã viết nội dung phần này trước khi trình ký.)"
# The sections an office writes itself before signing a report upward (not the lists: they have no such parts).
EDITABLE_PARTS = ("NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM THỜI GIAN TỚI", "ĐỀ XUẤT, KIẾN NGHỊ")
LIST_KINDS = frozenset({"checklist", "visits", "learners"})
_ROMAN = re.compile(r"^([IVXL]+)\.\s")
ALIGN = {"int": "right", "pct": "right", "center": "center", "check": "center", "date": "center"}


def clean(text: object) -> str:
    """A value as text the file can hold, as the PDF and the workbook print it: control characters dropped (lxml
    refuses them), NFC, and a non-breaking space before "%" (Word never puts the sign alone on a line)."""
    return clean_text("" if text is None else str(text))


def _twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def text_width_mm(text: str, size: float, bold: bool = True) -> float:
    """The width of one line of `text` in Times New Roman (Tinos has the same metrics)."""
    from reportlab.pdfbase import pdfmetrics

    from binhdan_desktop.reports.pdf import FONT as TINOS
    from binhdan_desktop.reports.pdf import register_fonts

    register_fonts()
    return pdfmetrics.stringWidth(text, TINOS + ("-Bold" if bold else ""), size) / 72 * 25.4


# --- paragraphs ---------------------------------------------------------------------------------------------------

def _para(container: Any, text: str = "", size: float = 13.5, *, bold: bool = False, italic: bool = False,
          align: WD_ALIGN_PARAGRAPH | None = None, indent: float = 0, before: float = 0, after: float = 0,
          keep: bool = False) -> Paragraph:
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if align is not None:
        p.alignment = align
    if indent:
        fmt.first_line_indent = Mm(indent)
    if keep:
        fmt.keep_with_next = True
    if text:
        run = p.add_run(clean(text))
        run.font.size, run.bold, run.italic = Pt(size), bold or None, italic or None
    return p


def _first_para(cell: Any, text: str, size: float, **kw: Any) -> Paragraph:
    """The cell's own first paragraph (a new cell holds one, empty), then more below it."""
    p = cell.paragraphs[0]
    if p.text or p.runs:
        return _para(cell, text, size, **kw)
    p._p.getparent().remove(p._p)
    return _para(cell, text, size, **kw)


def _rule(container: Any, width_mm: float, box_mm: float, after: float = 0) -> Paragraph:
    """A solid rule `width_mm` long, centred in a box `box_mm` wide: an empty paragraph's bottom border,
    indented from both sides (a Word user can move or delete it as one line)."""
    p = _para(container, after=after)
    side = max(0.0, (box_mm - width_mm) / 2)
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Mm(side)
    p.paragraph_format.line_spacing = Pt(4)
    p_pr = p._p.get_or_add_pPr()
    p_pr.append(parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" '
                          f'w:color="000000"/></w:pBdr>'))
    return p


def _layout_table(doc: DocxDocument, rows: int, widths_mm: list[float]) -> DocxTable:
    """A borderless table of fixed column widths, no cell padding at the sides: the header and signature blocks."""
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    tbl_pr.append(parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:left w:w="0" w:type="dxa"/>'
                            f'<w:right w:w="0" w:type="dxa"/></w:tblCellMar>'))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    for col, width in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(width)
    return table


def header_block(doc: DocxDocument, report: Report) -> None:
    h = report.header
    table = _layout_table(doc, 2, [65, 100])
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    first = True
    for line, bold in [*([(h.governing_body, False)] if h.governing_body else []),
                       *((x, True) for x in h.issuing_body)]:
        (_first_para(left, line, 12.5, bold=bold, align=center) if first
         else _para(left, line, 12.5, bold=bold, align=center))
        first = False
    _rule(left, text_width_mm(h.issuing_body[-1] if h.issuing_body else "", 12.5) * 0.5, 65)
    _first_para(right, NATION, 12.5, bold=True, align=center)
    _para(right, MOTTO, 13.5, bold=True, align=center)
    _rule(right, text_width_mm(MOTTO, 13.5), 100)
    number, date = table.rows[1].cells
    _first_para(number, h.number, 13, align=center, before=8)
    _first_para(date, h.place_date, 13, italic=True, align=center, before=8)


def title_block(doc: DocxDocument, report: Report) -> None:
    h = report.header
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, h.doc_type, 14, bold=True, align=center, before=24, keep=True)
    _para(doc, h.subject, 14, bold=True, align=center, keep=True)
    _rule(doc, min(text_width_mm(h.subject, 14) * 0.4, 60), TEXT_WIDTH_MM, after=4 if report.as_of else 12)
    if report.as_of:
        _para(doc, report.as_of_line, 13, italic=True, align=center, after=12)


def _parts(report: Report) -> list[tuple[str, str | None]]:
    """The body as (text, part title or None), with the editable sections added before the closing "./."."""
    items: list[tuple[str, str | None]] = [(t[1:], "part") if t.startswith("#") else (t, None) for t in report.body]
    if report.kind in LIST_KINDS:
        return items
    numbers = [_ROMAN.match(t) for t, kind in items if kind]
    next_number = 1 + max((_roman_value(m.group(1)) for m in numbers if m), default=0)
    if items and items[-1][0].endswith("./."):
        items[-1] = (items[-1][0][:-3] + ".", items[-1][1])
    for i, title in enumerate(EDITABLE_PARTS):
        items.append((f"{_roman(next_number + i)}. {title}", "part"))
        items.append((PLACEHOLDER, "placeholder"))
    return items


def _roman_value(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, ch in enumerate(text):
        v = values[ch]
        total += -v if i + 1 < len(text) and values[text[i + 1]] > v else v
    return total


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def body(doc: DocxDocument, report: Report) -> Paragraph | None:
    """The body paragraphs; returns the last one (kept with the signature block)."""
    last = None
    items = _parts(report)
    for i, (text, kind) in enumerate(items):
        if kind == "part":
            last = _para(doc, text, 13.5, bold=True, after=6, keep=True)
        elif kind == "placeholder":
            last = _para(doc, "", align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=12.7, after=6)
            run = last.add_run(text)
            run.font.size, run.italic = Pt(13.5), True
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            if i == len(items) - 1:
                last.add_run("./.").font.size = Pt(13.5)
        else:
            last = _para(doc, text, 13.5, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=12.7, after=6)
    return last


def notes(doc: DocxDocument, report: Report, last: Paragraph | None) -> Paragraph | None:
    """The data problems the counts leave out ("12 người chưa có năm sinh ..."), under the body as in the PDF
    and the workbook; returns the last paragraph (kept with the signature block)."""
    for note in report.notes:
        if last is not None:
            last.paragraph_format.keep_with_next = True
        last = _para(doc, f"Ghi chú: {note}", 12, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=4)
    return last


def signature(doc: DocxDocument, report: Report, last: Paragraph | None) -> None:
    """"Nơi nhận" at the left, level with the signer's authority at the right; kept on the page of the body's
    last lines (the row never splits, the paragraph before it keeps with it)."""
    h = report.header
    if last is not None:
        last.paragraph_format.keep_with_next = True
    spacer = _para(doc, "", after=0, keep=True)
    spacer.paragraph_format.space_before = Pt(6)
    table = _layout_table(doc, 1, [70, 95])
    row = table.rows[0]
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = row.cells
    _first_para(left, "Nơi nhận:", 12, bold=True, italic=True, keep=True)
    lines = h.recipients or ["Lưu: VT"]
    for i, r in enumerate(lines):
        _para(left, f"- {r}{'.' if i == len(lines) - 1 else ';'}", 11, keep=i < len(lines) - 1)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _first_para(right, h.signer_authority, 13.5, bold=True, align=center, keep=True)
    _para(right, h.signer_title, 13.5, bold=True, align=center, after=0, keep=True)
    _para(right, "", 13.5, after=0, keep=True).paragraph_format.space_after = Mm(28)
    _para(right, h.signer_name, 13.5, bold=True, align=center)


# --- the phụ lục --------------------------------------------------------------------------------------------------

def _text(value: Any, col: Column) -> str:
    if value is None or value == "":
        return ""
    if col.kind == "pct" and isinstance(value, float):
        return clean(fmt_pct(value, digits=0 if col.header == "Chỉ tiêu" else 1))
    if col.kind == "int" and isinstance(value, int) and not isinstance(value, bool):
        return fmt_int(value)
    if isinstance(value, dt.date):
        return fmt_date(value)
    return clean(value)


def _cell_xml(text: str, width: int, align: str | None, style: str, *, head: bool = False) -> str:
    shade = '<w:shd w:val="clear" w:color="auto" w:fill="E8EEF4"/>' if head else ""
    jc = f'<w:jc w:val="{align}"/>' if align else ""
    run = (f'<w:r>{"<w:rPr><w:b/></w:rPr>" if head else ""}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
           if text else "")
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}<w:vAlign w:val="center"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{jc}</w:pPr>{run}</w:p></w:tc>')


def data_table(doc: DocxDocument, table: Table, style: str, ticker: Ticker) -> None:
    """A grid table whose header row repeats on every page, written as one piece of XML (python-docx's cell by
    cell calls cost a search of the whole table for every cell)."""
    total = sum(c.width for c in table.columns) or 1
    widths = [_twips(ANNEX_WIDTH_MM * c.width / total) for c in table.columns]
    border = "".join(f'<w:{side} w:val="single" w:sz="5" w:space="0" w:color="000000"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    parts = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
             f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
             f'<w:tblCellMar><w:top w:w="20" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>'
             f'<w:bottom w:w="30" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr>'
             f'<w:tblGrid>{grid}</w:tblGrid>',
             '<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>',
             *(_cell_xml(clean(c.header), w, "center", style, head=True) for c, w in zip(table.columns, widths,
                                                                                        strict=True)),
             "</w:tr>"]
    aligns = [ALIGN.get(c.kind) for c in table.columns]
    for row in table.rows:
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        parts.extend(_cell_xml(_text(v, c), w, a, style) for v, c, w, a in zip(row, table.columns, widths, aligns,
                                                                              strict=True))
        parts.append("</w:tr>")
        ticker.advance()
    parts.append("</w:tbl>")
    _para(doc, table.title, 13, bold=True, before=6, after=4, keep=True)
    anchor = _para(doc, "", 6)
    anchor._p.addprevious(parse_xml("".join(parts)))


def annex(doc: DocxDocument, report: Report, ticker: Ticker) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.different_first_page_header_footer = True
    _restart_numbers(section)
    h = report.header
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "Phụ lục", 14, bold=True, align=center, keep=True)
    _para(doc, report.annex_title, 13.5, bold=True, align=center, keep=True)
    _para(doc, h.annex_ref, 13, italic=True, align=center, keep=True)
    _rule(doc, 40, ANNEX_WIDTH_MM, after=10)
    style = _table_style(doc)
    for table in report.tables:
        data_table(doc, table, style, ticker)
        ticker.report()
    chart_pictures(doc, report)


def chart_pictures(doc: DocxDocument, report: Report) -> None:
    """The PDF's charts as pictures (python-docx draws no chart): the villages' bars against the target, two
    to a line, then each indicator's progress, each the very reportlab drawing the PDF prints, at 200 dpi."""
    from reportlab.lib.units import mm

    from binhdan_desktop.reports import charts
    from binhdan_desktop.reports.pdf import chart as bar_chart
    from binhdan_desktop.reports.pdf import register_fonts

    if not report.charts and not report.trends:
        return
    register_fonts()  # the drawings measure their labels in Tinos
    width = ANNEX_WIDTH_MM * mm
    center = WD_ALIGN_PARAGRAPH.CENTER
    if report.charts:
        title = _para(doc, charts.BARS_TITLE, 14, bold=True, align=center, after=8, keep=True)
        title.paragraph_format.page_break_before = True
        for i in range(0, len(report.charts), 2):  # a borderless row of two cells, as the PDF lays them out
            row = _layout_table(doc, 1, [ANNEX_WIDTH_MM / 2] * 2).rows[0]
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for cell, c in zip(row.cells, report.charts[i:i + 2], strict=False):
                _picture(_first_para(cell, "", 13, align=center, after=6), bar_chart(c, width / 2 - 4 * mm), c.title)
    if report.trends:
        _para(doc, charts.TREND_TITLE, 14, bold=True, align=center, before=12, after=8, keep=True)
        for trend, drawing in zip(report.trends, charts.pdf_trends(report.trends, width), strict=True):
            _picture(_para(doc, align=center, after=6), drawing, trend.title)


def _picture(p: Paragraph, drawing: Any, title: str) -> None:
    """One drawing as an inline PNG at its own size, its title as the picture's description (alt text)."""
    from binhdan_desktop.reports.raster import drawing_png

    shape = p.add_run().add_picture(io.BytesIO(drawing_png(drawing)), width=Pt(drawing.width),
                                    height=Pt(drawing.height))
    shape._inline.docPr.set("descr", clean(title))


def _table_style(doc: DocxDocument) -> str:
    """The paragraph style of the tables' cells: 11.5 pt, no space around (one place for a user to change it)."""
    style = doc.styles.add_style("Bảng số liệu", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.size = Pt(11.5)
    style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.0
    return str(style.style_id)


# --- the page -----------------------------------------------------------------------------------------------------

def _restart_numbers(section: Any) -> None:
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(old)
    num = OxmlElement("w:pgNumType")
    num.set(qn("w:start"), "1")
    sect_pr.append(num)


def _page_numbers(section: Any) -> None:
    """A centred PAGE field at the top of every page but the section's first (that header stays empty)."""
    section.different_first_page_header_footer = True
    section.header_distance = Mm(10)
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    run.font.size = Pt(13)
    for kind, instr in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
        run._r.append(el)


def _setup(doc: DocxDocument, report: Report) -> None:
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(13.5)
    r_pr = normal.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.15
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.PORTRAIT
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _page_numbers(section)
    props = doc.core_properties
    props.title, props.author, props.subject = clean(report.header.subject), "Bình Dân Desktop", report.kind
    props.comments, props.last_modified_by, props.revision = "", "Bình Dân Desktop", 1
    props.created = props.modified = props.last_printed = report.stamp  # the report's date, never the clock


def build_document(report: Report, progress: Progress | None = None) -> DocxDocument:
    doc = Document()
    _setup(doc, report)
    header_block(doc, report)
    title_block(doc, report)
    last = notes(doc, report, body(doc, report))
    signature(doc, report, last)
    ticker = Ticker(span(progress, 0.0, 0.9), report.row_count)
    if report.tables or report.charts or report.trends:
        annex(doc, report, ticker)
    return doc


def write_docx(report: Report, target: Path, progress: Progress | None = None) -> Path:
    """Write the report as an editable Word file, atomically. `progress` hears the share of the lists' rows
    written; if it raises (cancel) no file nor temporary file stays."""
    doc = build_document(report, progress)
    with atomic_target(target) as tmp:
        doc.save(str(tmp))
        stamp_zip(tmp, report.stamp)  # the members' times too: printed twice, the same bytes
        if progress:
            progress(1.0)  # last call, before the rename: a Cancel pressed while the file was saved still holds
    return target
