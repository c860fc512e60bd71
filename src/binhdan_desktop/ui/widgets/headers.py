"""Table columns that show their whole header at any text size ("Chữ to"): each column is as wide as its
header asks (`QHeaderView.sectionSizeHint`, in the header's own font) and at least a minimum measured from the
current font, never by measuring every row (`resizeColumnsToContents` over thousands of rows takes seconds)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QHeaderView, QTableView

from binhdan_desktop.ui.i18n import BASE_PT, scaled_pt

PADDING = 16  # a cell's margins and the sort arrow's room, in pixels at the normal text size


def scaled(px: int) -> int:
    """A size given for the normal text size, at the current one (larger with "Chữ to")."""
    return round(px * scaled_pt(1.0) / BASE_PT)


def _minimum(view: QTableView, width: int | str) -> int:
    """`width` in pixels at the normal text size, or a sample of the widest text the column holds."""
    if isinstance(width, str):
        return view.fontMetrics().horizontalAdvance(width) + scaled(PADDING)
    return scaled(width)


def fit_header(view: QTableView, widths: Sequence[int | str] = (), stretch: int | None = None) -> None:
    """Size every column to its header text and its minimum (`widths[col]`: pixels or a sample text); the
    `stretch` column takes the room left. Rows get the height of a line of the current font."""
    header = view.horizontalHeader()
    for col in range(header.count()):
        least = _minimum(view, widths[col]) if col < len(widths) else 0
        header.resizeSection(col, max(least, header.sectionSizeHint(col)))
    if stretch is not None:
        # A stretched column never gets narrower than its header: the table scrolls sideways instead.
        header.setMinimumSectionSize(max(header.minimumSectionSize(), header.sectionSizeHint(stretch)))
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setDefaultSectionSize(max(26, view.fontMetrics().height() + scaled(8)))
