"""The dashboard's bar chart, rendered offscreen and read back pixel by pixel: the title never shares a pixel row
with a bar, a bar's value or the target's label, and nothing is cut at the widget's edges — in normal and in large
text ("Chữ to")."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from binhdan_desktop.ui.i18n import apply_font
from binhdan_desktop.ui.widgets.bar_chart import BarChart

TITLE = "Tỷ lệ người dân trưởng thành có kỹ năng số cơ bản"
VILLAGES = [("Thôn An Điềm", 1.0, True), ("Thôn Đồng Răm", 0.82, True), ("Thôn Ưu Điềm", 0.45, False),
            ("Thôn Gò Dê", 0.97, True), ("Tổ dân phố Bình Chương Thượng", 0.3, False), ("Thôn 6", None, None)]
MANY = [(f"Thôn {i}", i / 14, i % 2 == 0) for i in range(1, 15)]
WHITE = 0xFFFFFFFF


@pytest.fixture(params=[False, True], ids=["normal", "large"])
def text_size(qapp: QApplication, request: pytest.FixtureRequest) -> Iterator[bool]:
    apply_font(qapp, request.param)
    yield request.param
    apply_font(qapp, False)


def _render(title: str, bars: list[tuple[str, float | None, bool | None]], target: float | None,
            width: int) -> QImage:
    chart = BarChart()
    chart.set_data(title, bars, target)
    chart.resize(width, chart.minimumHeight())
    image = chart.grab().toImage()
    chart.deleteLater()
    return image


def _blank_row(image: QImage, y: int) -> bool:
    return all(image.pixel(x, y) == WHITE for x in range(image.width()))


def _title_rows(image: QImage) -> range:
    """The rows of the top-most block of ink (the title: the image holds nothing else up there)."""
    first = next(y for y in range(image.height()) if not _blank_row(image, y))
    last, blank = first, 0
    for y in range(first, image.height()):
        if _blank_row(image, y):
            blank += 1
            if blank == 3:
                break
        else:
            last, blank = y, 0
    return range(first, last + 1)


@pytest.mark.parametrize("width", [560, 420])
@pytest.mark.parametrize("bars", [VILLAGES, MANY], ids=["6-villages", "14-villages"])
def test_the_title_never_overlaps_the_bars_their_values_or_the_target(
        text_size: bool, width: int, bars: list[tuple[str, float | None, bool | None]]) -> None:
    title_only = _render(TITLE, [], None, width)
    full = _render(TITLE, bars, 0.95, width)
    assert full.size() == title_only.size()
    rows = _title_rows(title_only)
    touched = [(x, y) for y in rows for x in range(full.width()) if full.pixel(x, y) != title_only.pixel(x, y)]
    assert not touched, f"{len(touched)} pixels drawn over the title, rows {rows.start}-{rows.stop - 1}"


@pytest.mark.parametrize("width", [560, 420])
@pytest.mark.parametrize("bars", [VILLAGES, MANY], ids=["6-villages", "14-villages"])
def test_nothing_is_cut_at_the_edges(text_size: bool, width: int,
                                     bars: list[tuple[str, float | None, bool | None]]) -> None:
    image = _render(TITLE, bars, 0.95, width)
    w, h = image.width(), image.height()
    edges = [(x, 0) for x in range(w)] + [(x, h - 1) for x in range(w)] + \
        [(0, y) for y in range(h)] + [(w - 1, y) for y in range(h)]
    inked = [p for p in edges if image.pixel(*p) != WHITE]
    assert not inked, f"drawing reaches the edge at {inked[:5]}"
