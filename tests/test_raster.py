"""The charts as pictures (reports/raster.py) against poppler drawing the same reportlab drawings from a PDF:
the same size at 200 dpi, and the same pixels but for the edges' smoothing (lines, bars, the target's dashes,
labels upright and turned, in Tinos with its Vietnamese letters)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm

from binhdan_desktop.reports import charts
from binhdan_desktop.reports.model import Chart, Trend
from binhdan_desktop.reports.pdf import chart as bar_chart
from binhdan_desktop.reports.pdf import register_fonts
from binhdan_desktop.reports.raster import drawing_png


def _trend() -> Drawing:
    labels = ["31/12/25", "31/01/26", "28/02/26", "31/03/26", "30/04/26", "31/05/26"]
    series = [("Toàn xã", [0.1, 0.15, 0.2, None, 0.35, 0.42]), ("Thôn An Điềm", [0.05, 0.3, 0.31, 0.5, 0.52, 0.6]),
              ("Thôn Đồng Răm", [None, None, None, None, None, 0.7]), ("Thôn Ưu Điềm", [None] * 6)]
    return charts.trend_drawing(Trend("Người dân có định danh điện tử mức 2", labels, series, 0.8), 240 * mm)


def _bars() -> Drawing:
    bars = [("Thôn An Điềm", 0.154), ("Thôn Đồng Răm", 0.8), ("Thôn Ưu Điềm", None), ("Thôn Bình Thanh", 1.0)]
    return bar_chart(Chart("Hộ gia đình có thành viên học kỹ năng số", bars, 0.7), 122 * mm)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils missing")
@pytest.mark.parametrize("make", [_trend, _bars])
def test_the_picture_is_what_poppler_draws_from_the_pdf(make: object, tmp_path: Path) -> None:
    register_fonts()
    drawing = make()  # type: ignore[operator]
    ours = Image.open(io.BytesIO(drawing_png(drawing))).convert("L")
    assert ours.size == (round(drawing.width / 72 * 200), round(drawing.height / 72 * 200))
    assert round(ours.info.get("dpi", (0, 0))[0]) in (0, 200)
    renderPDF.drawToFile(drawing, str(tmp_path / "chart.pdf"))
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(tmp_path / "chart.pdf"), str(tmp_path / "ref")],
                   check=True)
    (ref_file,) = tmp_path.glob("ref*.png")
    ref = Image.open(ref_file).convert("L")
    assert abs(ref.width - ours.width) <= 1 and abs(ref.height - ours.height) <= 1
    ref = ref.crop((0, 0, *ours.size)) if ref.size != ours.size else ref
    # Ink (darker than light grey) where poppler has ink, within a pixel: every line, bar and letter is there.
    ink, ref_ink = ours.point(lambda v: 255 if v < 160 else 0), ref.point(lambda v: 255 if v < 160 else 0)
    missing = ImageChops.subtract(ref_ink, ink.filter(ImageFilter.MaxFilter(3)))
    extra = ImageChops.subtract(ink, ref_ink.filter(ImageFilter.MaxFilter(3)))
    total = ref_ink.histogram()[255]
    assert total > 2000
    assert missing.histogram()[255] < total * 0.005  # 0 and 0 on this machine (poppler 22, Pillow 13)
    assert extra.histogram()[255] < total * 0.005
