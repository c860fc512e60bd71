"""Progress charts (`Trend`: an indicator's rate at each date, per place) for the PDF (reportlab graphics, labels
in Tinos) and the workbook (an openpyxl line chart over a small table of the same figures, on its own sheet)."""

from __future__ import annotations

import functools
from typing import Any

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import mm

from binhdan_desktop.domain.formatting import fmt_pct
from binhdan_desktop.reports.model import Trend

FONT = "Tinos"  # registered by pdf.register_fonts before anything is drawn
SHEET = "Biểu đồ tiến độ"
BARS_TITLE = "Biểu đồ tỷ lệ đạt theo thôn so với chỉ tiêu"
TREND_TITLE = "Biểu đồ tiến độ từng chỉ tiêu (tỷ lệ đạt cuối mỗi tháng)"
TARGET_RED = "C62828"
NO_FIGURES = "Chưa có số liệu để vẽ biểu đồ"
# The commune's line first (dark, thick), then one colour a village (cycled past ten).
PALETTE = ("1F3A5F", "4F7CAC", "E07A1F", "2E8B57", "8E44AD", "C0392B", "16A085", "B7950B", "7F8C8D", "D35400",
           "2C3E50")
CHART_ROWS = 18  # rows a workbook chart covers (8 cm at the default row height)
CHART_WIDTH_CM = 18
ROW_PT = 16.0  # a row of Times New Roman 12 as a spreadsheet sizes it, and a little more
PLACE_WIDTH = 13.0  # a place's column in the workbook's trend tables ("Thôn Bình Thanh" on two lines at most)


def trend_drawing(trend: Trend, width: float, height: float = 74 * mm) -> Drawing:
    """One indicator's progress: a line a place (the first one thick, with dots), the target dashed, a legend
    on the right; rates in percent from 0 to 100. A place with one figure is a dot (no line joins one point); a
    place with none is only in the legend; a chart with no figure at all says so in its frame."""
    drawing = Drawing(width, height)
    drawing.initialFontName = FONT  # else the renderer declares Helvetica
    legend_width = 48 * mm
    chart = HorizontalLineChart()
    chart.x, chart.y = 14 * mm, 14 * mm
    chart.width, chart.height = width - chart.x - legend_width - 6 * mm, height - 26 * mm
    # reportlab draws a line of no point as a polyline it refuses (an AssertionError): such a place is left out
    drawn = [(i, rates) for i, (_, rates) in enumerate(trend.series) if trend.labels and
             any(r is not None for r in rates)]
    drawing.add(String(width / 2, height - 8, trend.title, fontName=f"{FONT}-Bold", fontSize=10.5,
                       textAnchor="middle"))
    if trend.series:
        drawing.add(_legend(trend, chart.x + chart.width + 6 * mm, chart.y + chart.height))
    if not drawn:
        drawing.add(String(chart.x + chart.width / 2, chart.y + chart.height / 2, NO_FIGURES, fontName=FONT,
                           fontSize=10, textAnchor="middle"))
        return drawing
    chart.data = [[None if r is None else r * 100 for r in rates] for _, rates in drawn]
    chart.joinedLines = 1
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.categoryAxis.categoryNames = trend.labels
    for axis in (chart.valueAxis, chart.categoryAxis):
        axis.labels.fontName, axis.labels.fontSize = FONT, 8
    chart.valueAxis.labelTextFormat = "%d %%"
    chart.categoryAxis.labels.boxAnchor = "n"  # upright: 13 dates fit the width, and stay searchable text
    for line, (i, rates) in enumerate(drawn):
        chart.lines[line].strokeColor = colors.HexColor(f"#{PALETTE[i % len(PALETTE)]}")
        chart.lines[line].strokeWidth = 2.2 if i == 0 else 1.1
        if i == 0 or sum(r is not None for r in rates) < 2:
            chart.lines[line].symbol = makeMarker("FilledCircle", size=4)
            chart.lines[line].symbol.fillColor = chart.lines[line].strokeColor
    drawing.insert(0, chart)
    if trend.target is not None:
        y = chart.y + chart.height * trend.target
        red = colors.HexColor(f"#{TARGET_RED}")
        drawing.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=red, strokeWidth=1.0,
                         strokeDashArray=[4, 3]))
        drawing.add(String(chart.x + chart.width, y + 3, f"Chỉ tiêu {fmt_pct(trend.target, digits=0)}",
                           fontName=FONT, fontSize=8, textAnchor="end", fillColor=red))
    return drawing


def _legend(trend: Trend, x: float, top: float) -> Legend:
    legend = Legend()
    legend.x, legend.y, legend.alignment = x, top, "right"
    legend.fontName, legend.fontSize = FONT, 8
    legend.dx, legend.dy, legend.deltay, legend.columnMaximum = 8, 6, 10, 14
    legend.colorNamePairs = [(colors.HexColor(f"#{PALETTE[i % len(PALETTE)]}"), name)
                             for i, (name, _) in enumerate(trend.series)]
    return legend


def pdf_trends(trends: list[Trend], width: float) -> list[Any]:
    """The charts, two to a landscape page, each one kept whole (a frame's padding is 6 pt a side)."""
    return [trend_drawing(t, width - 12) for t in trends]


def xlsx_trends(wb: Any, trends: list[Trend], title: str) -> None:
    """A sheet with, for each indicator, its figures (a row a date, a column a place, rates as percent
    numbers) and a line chart drawn from them beside the table."""
    from openpyxl.chart import LineChart, Reference
    from openpyxl.worksheet.pagebreak import Break

    from binhdan_desktop.reports.excel import RowCells, cell, print_setup, ready_cells
    from binhdan_desktop.reports.xlsx_rows import HeightEstimator

    ws = wb.create_sheet(SHEET)
    ready_cells(ws)  # its rows hold only ready cells
    places = max((len(t.series) for t in trends), default=1)
    widths = [12.0] + [PLACE_WIDTH] * places
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[_column(i)].width = width
    print_setup(ws, landscape=True)  # one page wide: each table with its chart beside it, never cut off
    heads = HeightEstimator(widths, [True] * len(widths), bold=True)
    ws.append([cell(ws, title, bold=True, size=13)])
    row = 2
    # One page wide shrinks the sheet by `scale`: the rows a page holds, and a page break before a table and its
    # chart that would not fit whole on the page under way.
    content_px = sum(w * 7 + 5 for w in widths) + 64 + CHART_WIDTH_CM / 2.54 * 96
    scale = min(1.0, (297 - 45) / 25.4 * 96 / content_px)
    page_pt, filled = (210 - 40) / 25.4 * 72 / scale, ROW_PT * 1.2
    for trend in trends:
        block = ROW_PT * (1 + max(2 + len(trend.labels), CHART_ROWS))
        if filled + block > page_pt and filled > ROW_PT * 1.2:
            ws.row_breaks.append(Break(id=row - 1))  # after the last row of the table before
            filled = 0.0
        filled += block
        ws.append([])
        ws.append([cell(ws, trend.title, bold=True)])
        header = row + 2
        # a village's name wraps in its column: the header row's height for its lines (streamed with the row)
        height = heads.height(["Ngày", *[name for name, _ in trend.series]])
        if height is not None:
            ws.row_dimensions[header].height = height
        ws.append([cell(ws, "Ngày", bold=True, grid=True, fill=True, kind="center"),
                   *[cell(ws, name, bold=True, grid=True, fill=True, kind="center", wrap=True)
                     for name, _ in trend.series]])
        figures = RowCells(ws, ["center", *["pct"] * len(trend.series)])
        for i, day in enumerate(trend.labels):
            ws.append(figures.fill([day, *[rates[i] for _, rates in trend.series]]))
        chart = LineChart()
        chart.title = trend.title
        chart.y_axis.title, chart.y_axis.number_format = "Tỷ lệ đạt", "0%"
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
        chart.height, chart.width = 8, CHART_WIDTH_CM
        last = header + len(trend.labels)
        data = Reference(ws, min_col=2, max_col=1 + len(trend.series), min_row=header, max_row=last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
        for i, series in enumerate(chart.series):
            series.graphicalProperties = _line_look(PALETTE[i % len(PALETTE)], 28575 if i == 0 else 15875)
            series.smooth = False
        ws.add_chart(chart, f"{_column(len(trend.series) + 3)}{header - 1}")
        used = 2 + len(trend.labels)
        for _ in range(max(0, CHART_ROWS - used)):
            ws.append([])
        row += 1 + max(used, CHART_ROWS)


@functools.cache
def _line_look(color: str, width: int) -> Any:
    """A series' line (colour, width), made once and shared by every chart that draws it: openpyxl only reads
    it when the workbook is saved."""
    from openpyxl.chart.shapes import GraphicalProperties
    from openpyxl.drawing.line import LineProperties

    return GraphicalProperties(ln=LineProperties(solidFill=color, w=width))


def _column(n: int) -> str:
    """The letters of the n-th column (1: A, 27: AA)."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
