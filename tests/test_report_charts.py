"""Progress charts with too few figures to draw a line: one date, a place with no figure yet, no place at all.
reportlab refuses a line of no point (an AssertionError that stopped the whole PDF): each such chart is drawn,
says what it can, and reads back as text."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook
from reportlab.graphics import renderPDF

from binhdan_desktop.reports import charts
from binhdan_desktop.reports.model import Trend
from binhdan_desktop.reports.pdf import register_fonts

CASES = {
    "one date": Trend("Người lớn – KN cơ bản", ["31/12/25"], [("Toàn xã", [0.5]), ("Thôn An Điềm", [0.25])], 0.8),
    "one date, no figure": Trend("Định danh số", ["31/12/25"], [("Toàn xã", [None])], 0.8),
    "a place with none": Trend("Học sinh", ["31/12/25", "31/01/26"],
                               [("Toàn xã", [0.1, 0.2]), ("Thôn Gò Da", [None, None]), ("Thôn Mỹ", [None, 0.3])],
                               None),
    "no date": Trend("Hộ gia đình số", [], [("Toàn xã", [])], 1.0),
    "no place": Trend("Tiểu thương", ["31/12/25", "31/01/26"], [], 0.5),
}


def _text(drawing: object, tmp_path: Path) -> str:
    out = tmp_path / "chart.pdf"
    renderPDF.drawToFile(drawing, str(out))
    return subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("name", list(CASES))
def test_a_chart_with_fewer_than_two_points_is_drawn(name: str, tmp_path: Path) -> None:
    register_fonts()
    trend = CASES[name]
    text = _text(charts.trend_drawing(trend, 700), tmp_path)
    assert trend.title in text
    for place, _ in trend.series:
        assert place in text  # every place is in the legend, with or without a line
    drawable = trend.labels and any(r is not None for _, rates in trend.series for r in rates)
    assert (charts.NO_FIGURES in text) == (not drawable)
    if drawable:
        assert "100 %" in text and trend.labels[0] in text


def test_the_workbook_takes_the_same_charts(tmp_path: Path) -> None:
    wb = Workbook(write_only=True)
    charts.xlsx_trends(wb, list(CASES.values()), charts.TREND_TITLE)
    wb.save(tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")[charts.SHEET]
    titles = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert {t.title for t in CASES.values()} <= titles
