"""Row heights for a workbook's wrapped rows. A spreadsheet fits a row to its wrapped text only when it lays
the sheet out itself: LibreOffice printing (or converting) a streamed workbook keeps the default height, so
wrapped lines print over the next row. The lines are estimated from the column's width and the text, in
Tinos (metric-compatible with the Times New Roman the cells use)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase import pdfmetrics

from binhdan_desktop.reports.pdf_text import FONT, register_fonts

# An Excel column `w` wide is w * d + 5 px at 96 dpi, d the width of the default font's "0", of which ~4 px are
# margins. The workbook's default font is Times New Roman 12 (excel._default_font), whose "0" is 8 px (half of
# 16 px), not Calibri 11's 7: reckoned at 7, a column of 16 had 11 pt too little room, and "Thôn Bình Thanh"
# (85.3 pt) got a second line on every row of the visit log. LibreOffice gives a column even more (7 pt a unit).
CHAR_PX, EXTRA_PX, MARGIN_PX, PT_PER_PX = 8, 5, 4, 0.75
# A wrapped line of Times New Roman 12 in a cell (LibreOffice lays one out in 13.8 pt, Excel in 15 pt): a row
# as tall as its text in LibreOffice, where a taller one printed the commune's learners on 332 pages.
LINE_PT = {12: 14.0}
ROW_PAD = 2.0  # the cell's top and bottom margins
CACHE_TEXTS = 20000  # texts a column remembers the fitting of (a list's lessons and villages repeat)
# A hyphen inside a code ("KN-01", "T01-0490"): a spreadsheet breaks a wrapped line after it ("KN-" / "01").
CODE_HYPHEN = re.compile(r"[A-Za-z0-9]-[A-Za-z0-9]")
# The share of a column a pre-broken line may fill: room for another program's wider rendering (hinting, a
# column a pixel narrower), so that it never wraps the line again at a hyphen.
FILL = 0.9


def column_points(width_chars: float) -> float:
    """The room for text in a column `width_chars` wide, in points."""
    return max(10.0, (width_chars * CHAR_PX + EXTRA_PX - MARGIN_PX) * PT_PER_PX)


def word_chars(text: str, size: float = 12, bold: bool = True) -> float:
    """The narrowest column (in Excel's characters) that holds `text`'s longest word on one line, with `FILL`'s
    room to spare: a header wraps between its words, never inside one ("Hạng: CBCCVC" / "C")."""
    register_fonts()
    font = FONT + ("-Bold" if bold else "")
    longest = max((_width(w, font, size) for w in text.split()), default=0.0)
    return (longest / FILL / PT_PER_PX + MARGIN_PX - EXTRA_PX) / CHAR_PX


@functools.lru_cache(maxsize=65536)
def _width(word: str, font: str, size: float) -> float:
    """A word's width; the words of a list repeat ("KN-01,", a village's name): measured once."""
    return pdfmetrics.stringWidth(word, font, size)


@functools.lru_cache(maxsize=16384)  # a list's texts repeat (the same lessons learnt, the same village)
def line_count(text: str, width_pt: float, size: float, font: str = FONT) -> int:
    """How many lines `text` takes in a cell `width_pt` wide (greedy word wrap, as a spreadsheet does)."""
    register_fonts()
    lines = 0
    space = _width(" ", font, size)
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            w = _width(word, font, size)
            if used and used + space + w > width_pt:
                lines, used = lines + 1, 0.0
            while w > width_pt:  # a word longer than the column breaks anywhere
                lines, w = lines + 1, w - width_pt
            used += (space if used else 0.0) + w
    return lines


@functools.lru_cache(maxsize=16384)
def break_at_spaces(text: str, width_pt: float, size: float, font: str = FONT) -> tuple[str, int]:
    """`text` with a newline where a line of it must end, only ever at a space, and its count of lines: the
    spreadsheet then has no line to wrap, and a code stays whole on its line. Lines fill `FILL` of the width."""
    register_fonts()
    room, space = width_pt * FILL, _width(" ", font, size)
    out: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for word in paragraph.split(" "):
            w = _width(word, font, size)
            if line and used + space + w > room:
                out.append(" ".join(line))
                line, used = [word], w
            else:
                used += (space if line else 0.0) + w
                line.append(word)
        out.append(" ".join(line))
    return "\n".join(out), len(out)


class HeightEstimator:
    """The height a row needs for its wrapped cells, or None when one line is enough."""

    def __init__(self, widths_chars: Sequence[float], wrapped: Sequence[bool], size: float = 12,
                 bold: bool = False) -> None:
        self.widths = [column_points(w) for w in widths_chars]
        self.wrapped = list(wrapped)
        self.size = size
        self.line = LINE_PT.get(int(size), size * 7 / 6)
        self.font = FONT + ("-Bold" if bold else "")
        # Below this many characters no text can need a second line (the widest letters are about a size wide).
        self.safe = [int(w / size) for w in self.widths]
        # Per column, each long text's fitting (as written, its lines): measured once a column, not once a row.
        self.fitted: list[dict[str, tuple[str, int]]] = [{} for _ in self.widths]

    def fit(self, values: list[Any]) -> tuple[list[Any], float | None]:
        """The row, each wrapped text that holds a code ("KN-01, KN-02, …") and needs more than one line broken at
        its spaces by newlines (`break_at_spaces`), so that no spreadsheet breaks it after a hyphen; and the row's
        height (`height`). Other text is left to wrap as the spreadsheet does (a name, an address)."""
        lines = 1
        for i, (value, wrapped, safe) in enumerate(zip(values, self.wrapped, self.safe, strict=False)):
            if not (wrapped and isinstance(value, str) and len(value) > safe * FILL):
                continue
            fitted = self.fitted[i]
            found = fitted.get(value)
            if found is None:
                found = self._fit(value, i)
                if len(fitted) >= CACHE_TEXTS:
                    fitted.clear()
                fitted[value] = found
            values[i], n = found
            lines = max(lines, n)
        return values, self._points(lines)

    def _fit(self, value: str, i: int) -> tuple[str, int]:
        width = self.widths[i]
        if CODE_HYPHEN.search(value):
            broken, n = break_at_spaces(value, width, self.size, self.font)
            return (broken if n > 1 else value), n
        return value, line_count(value, width, self.size, self.font) if len(value) > self.safe[i] else 1

    def _points(self, lines: int) -> float | None:
        return None if lines == 1 else round(lines * self.line + ROW_PAD, 1)

    def height(self, values: Sequence[Any]) -> float | None:
        """The height of a row left to wrap as the spreadsheet does (a header, a totals label), its lines counted
        in `FILL` of the width: LibreOffice wraps a bold header in a little less room than the estimate, and a
        line more than the height gives is cut ("Hạng: Người lớn – KN cơ bản" lost "bản")."""
        lines = 1
        for value, width, wrapped, safe in zip(values, self.widths, self.wrapped, self.safe, strict=False):
            if wrapped and isinstance(value, str) and len(value) > safe * FILL:
                lines = max(lines, line_count(value, width * FILL, self.size, self.font))
        return self._points(lines)
