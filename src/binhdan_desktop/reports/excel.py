"""Excel workbooks (openpyxl, write-only mode): a summary sheet, a sheet per village, frozen headers,
fitting widths, number formats, A4 print setup, and no user text that can become a formula."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet

from binhdan_desktop.reports.files import Progress, atomic_target, save_workbook
from binhdan_desktop.reports.model import Report, Table
from binhdan_desktop.reports.progress import Ticker
from binhdan_desktop.reports.tables import has_totals, summary_of, totals_row
from binhdan_desktop.reports.text import NBSP, clean, clean_value
from binhdan_desktop.reports.xlsx_rows import HeightEstimator, word_chars

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDE7F0")
# The percent sign kept to its number by a non-breaking space, as in the PDF ("52,3 %").
FORMATS = {"int": "#,##0", "pct": f'0.0"{NBSP}"%', "date": "dd/mm/yyyy"}


def _sheet_name(title: str, used: set[str]) -> str:
    base = "".join("-" if ch in "[]:*?/\\" else ch for ch in clean(title).replace("\n", " "))[:28] or "Sheet"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:25]} {n}", n + 1
    used.add(name)
    return name


@functools.cache
def _font(size: float, bold: bool, italic: bool) -> Font:
    return Font(name="Times New Roman", size=size, bold=bold, italic=italic)


@functools.cache
def _align(kind: str, wrap: bool) -> Alignment:
    horizontal = {"int": "right", "pct": "right", "center": "center", "check": "center", "date": "center"}.get(kind)
    return Alignment(horizontal=horizontal, vertical="top", wrap_text=wrap)


_STYLES: dict[tuple[int, tuple[Any, ...]], Any] = {}


def _style(ws: Worksheet, key: tuple[Any, ...]) -> Any:
    """The workbook's style entry for `key`, built once: assigning Font/Alignment objects to every cell
    costs ~100 µs a cell in openpyxl; copying a ready style array costs ~1 µs."""
    cache_key = (id(ws.parent), key)
    if cache_key not in _STYLES:
        size, bold, italic, kind, wrap, grid, fill, number_format = key
        c = WriteOnlyCell(ws)
        c.font = _font(size, bold, italic)
        c.alignment = _align(kind, wrap)
        if number_format:
            c.number_format = number_format
        if grid:
            c.border = GRID
        if fill:
            c.fill = HEAD_FILL
        _STYLES[cache_key] = c._style
    return _STYLES[cache_key]  # shared: a write-only cell is serialised at once and never restyled


def cell(ws: Worksheet, value: Any, *, bold: bool = False, kind: str = "text", grid: bool = False,
         italic: bool = False, size: float = 12, fill: bool = False, wrap: bool = False) -> WriteOnlyCell:
    """A cell whose text stays text: a value typed by a user is never written as a formula, nor carries a
    control character (which openpyxl refuses)."""
    value = clean_value(value)
    c = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        c.data_type = "s"
    number_format = FORMATS[kind] if kind in FORMATS and isinstance(value, int | float | dt.date) else None
    c._style = _style(ws, (size, bold, italic, kind, wrap, grid, fill, number_format))
    return c


def _title_block(ws: Worksheet, report: Report, ncols: int) -> int:
    h = report.header
    rows: list[list[Any]] = [
        [cell(ws, h.governing_body, size=12), *[None] * (ncols - 4),
         cell(ws, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)],
        [cell(ws, " ".join(h.issuing_body), bold=True), *[None] * (ncols - 4),
         cell(ws, "Độc lập - Tự do - Hạnh phúc", bold=True)],
        [cell(ws, h.number), *[None] * (ncols - 4), cell(ws, h.place_date, italic=True)],
        [cell(ws, h.mark.upper(), bold=True, size=14)] if h.mark else [],  # a draft or a copy says so
        [cell(ws, report.annex_title, bold=True, size=14)],
        [cell(ws, h.subject, bold=True)],
        *([[cell(ws, report.as_of_line, italic=True)]] if report.as_of else []),
        [cell(ws, h.annex_ref, italic=True)],
        [],
    ]
    for row in rows:
        ws.append(row)
    return len(rows)


def title_rows(report: Report) -> int:
    """The rows the title block takes (a report that counts to a day says it on a row of its own)."""
    return 9 if report.as_of else 8


def _table_sheet(wb: Workbook, report: Report, table: Table, used: set[str], ticker: Ticker,
                 first: bool = False) -> None:
    ws = wb.create_sheet(_sheet_name(table.title, used))
    ready_cells(ws)
    ncols = len(table.columns)
    widths = [max(6.0, col.width * 1.6, word_chars(clean(col.header))) for col in table.columns]
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    header_row = title_rows(report) + 2  # the title block, then the table's title, then its header
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    print_setup(ws, landscape=ncols > 7)
    _title_block(ws, report, max(ncols, 5))
    ws.append([cell(ws, table.title, bold=True, size=13)])
    headers = [clean(c.header) for c in table.columns]
    _set_height(ws, header_row, HeightEstimator(widths, [True] * ncols, bold=True).height(headers))
    ws.append([cell(ws, h, bold=True, grid=True, fill=True, wrap=True, kind="center") for h in headers])
    rows = HeightEstimator(widths, [c.kind == "text" for c in table.columns])
    _data_rows(ws, table, ticker, rows, header_row + 1)
    if has_totals(report, table):
        _totals(ws, table, widths, header_row + 1 + len(table.rows))
    if first:
        for note in report.notes:  # under the first sheet's table: the header row stays at row 10
            ws.append([cell(ws, f"Ghi chú: {note}", italic=True)])


def _totals(ws: Worksheet, table: Table, widths: list[float], row: int) -> None:
    """The totals row, bold; its label wraps in its column with the row as tall as it takes, so a long one
    ("Tổng cộng (mỗi lượt thăm tính một lần)") prints whole instead of being cut at the next cell."""
    values = [clean(v) if isinstance(v, str) else v for v in totals_row(table)]
    texts = [c.kind == "text" for c in table.columns]
    _set_height(ws, row, HeightEstimator(widths, texts, bold=True).height(values))
    ws.append([cell(ws, v, bold=True, grid=True, kind=c.kind, wrap=wrap)
               for v, c, wrap in zip(values, table.columns, texts, strict=True)])


def print_setup(ws: Worksheet, *, landscape: bool) -> None:
    """A4, one page wide (as many pages down as it takes), centred, the document's margins (30/15/20/20 mm)."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left, ws.page_margins.right = 30 / 25.4, 15 / 25.4
    ws.page_margins.top = ws.page_margins.bottom = 20 / 25.4


def _set_height(ws: Worksheet, row: int, height: float | None) -> None:
    """Set before the row is appended: a streamed sheet writes each row's height with the row. The row's
    attributes as a plain mapping (what the streamed writer reads of a row dimension): openpyxl's own
    RowDimension object costs more to make than the row's cells cost to write."""
    if height is not None:
        ws.row_dimensions[row] = {"ht": f"{height:g}", "customHeight": "1"}


def ready_cells(ws: Worksheet) -> None:
    """This sheet's rows hold only ready cells (or None): place them without openpyxl's value probing, which
    tries each cell as a value first and formats an error message for it (a third of the export's time)."""

    def values_to_row(values: list[WriteOnlyCell | None], row_idx: int) -> Any:
        for col_idx, c in enumerate(values, 1):
            if c is not None:
                c.column, c.row = col_idx, row_idx
                yield c

    ws._values_to_row = values_to_row


class _ReadyCell(Cell):
    """A reusable cell of a data row whose style's index in the workbook is known: openpyxl would look the style
    up (hashing it) for every cell it writes, a fifth of a long list's export."""

    __slots__ = ("style_id",)
    has_style = True

    def __init__(self, ws: Worksheet) -> None:
        super().__init__(ws)
        self.style_id = 0


def _data_rows(ws: Worksheet, table: Table, ticker: Ticker, heights: HeightEstimator, first_row: int) -> None:
    """The table's rows through one reusable cell per column (openpyxl writes a row out before the next is
    appended), each with its column's style prepared once: plain, and with the number format for numbers.
    Text is cleaned; a row whose wrapped text takes several lines gets its height."""
    cells = RowCells(ws, [col.kind for col in table.columns])
    for n, raw in enumerate(table.rows, first_row):
        row, height = heights.fit([clean(v) if isinstance(v, str) else v for v in raw])
        _set_height(ws, n, height)
        ws.append(cells.fill(row))
        ticker.advance()


class RowCells:
    """One reusable cell per column for a streamed sheet's grid rows (openpyxl writes a row out before the next
    is appended), each with its column's style prepared once: plain, and with the number format for numbers.
    The sheet's rows must hold only ready cells (`ready_cells`); text is expected cleaned."""

    def __init__(self, ws: Worksheet, kinds: list[str]) -> None:
        styles = ws.parent._cell_styles
        self.columns = []
        for kind in kinds:
            key = (12, False, False, kind, kind == "text", True, False)
            number_format = FORMATS.get(kind)
            plain = _style(ws, (*key, None))
            numeric = _style(ws, (*key, number_format)) if number_format else None
            self.columns.append((_ReadyCell(ws), plain, styles.add(plain), numeric,
                                 styles.add(numeric) if numeric is not None else 0))
        self.cells = [c for c, *_ in self.columns]

    def fill(self, row: list[Any]) -> list[_ReadyCell]:
        for value, (c, plain, plain_id, numeric, numeric_id) in zip(row, self.columns, strict=True):
            c.value = value
            if c.data_type == "f" or (c.data_type == "s" and value.startswith(FORMULA_STARTS)):
                c.data_type = "s"  # text typed by a user is never a formula
            if numeric is not None and isinstance(value, int | float | dt.date):
                c._style, c.style_id = numeric, numeric_id
            else:
                c._style, c.style_id = plain, plain_id
        return self.cells


def _discard(wb: Workbook) -> None:
    """A workbook that will not be saved: close its sheets' streams and remove openpyxl's temporary files
    (a write-only sheet streams its rows to one as they are appended; they would stay until the app exits)."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        try:
            if ws._rows is not None:
                ws._rows.close()
            writer.close()
            writer.cleanup()
        except (OSError, ValueError, StopIteration):
            pass


def _default_font(wb: Workbook) -> None:
    """The workbook's default font (its "Normal" style, and every empty cell's) Times New Roman 12, as the
    cells: a spreadsheet sizes a row of one line by it (Calibri 11 would leave rows of another height)."""
    font = _font(12, False, False)
    wb._fonts = IndexedList([font])
    wb._named_styles["Normal"].font = font


def write_xlsx(report: Report, target: Path, progress: Progress | None = None) -> Path:
    """Write the report as one workbook (summary sheet first), atomically. `progress` hears the share of rows
    written every 200 rows; if it raises (cancel) or the save fails, no file and no temporary file stays."""
    wb = Workbook(write_only=True)
    _default_font(wb)
    try:
        return _write(wb, report, target, progress)
    except BaseException:
        _discard(wb)
        raise


def _write(wb: Workbook, report: Report, target: Path, progress: Progress | None) -> Path:
    _STYLES.clear()
    used: set[str] = set()
    summary = summary_of(report)
    tables = [summary] + [t for t in report.tables if t is not summary]
    # Saving zips the streamed sheets: the last 5 %.
    ticker = Ticker(None if progress is None else lambda f: progress(0.95 * f), sum(len(t.rows) for t in tables))
    for i, table in enumerate(tables):
        _table_sheet(wb, report, table, used, ticker, first=i == 0)
        ticker.report()
    if report.trends:  # the period report's progress charts
        from binhdan_desktop.reports import charts

        charts.xlsx_trends(wb, report.trends, charts.TREND_TITLE)
    with atomic_target(target) as tmp:
        save_workbook(wb, tmp, report.stamp)  # dated by the report: printed twice, the same bytes
        if progress:
            progress(1.0)  # last call, before the rename: a Cancel pressed while the file was saved still holds
    return target
