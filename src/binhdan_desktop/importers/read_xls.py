"""Excel 97–2003 .xls: values through python-calamine; xlrd (formatting_info) gives each cell's font, the
legacy hint, and the cells' true extent before calamine builds its grid. A cell's saved formula result is
what .xls always stores, so no formula is reported here."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

from binhdan_desktop.importers.cells import MAX_COLUMNS, Interner, cell_value, trim
from binhdan_desktop.importers.types import Cell, Problem, Sheet, msg

log = logging.getLogger(__name__)


def _is_legacy_font(name: str) -> bool:
    return name.strip().lower().startswith((".vn", "vni"))


def read_xls(path: Path, max_rows: int) -> list[Sheet]:
    import xlrd
    from python_calamine import CalamineWorkbook

    from binhdan_desktop.importers.reader import fail

    # xlrd prints its warnings ("WARNING *** file size … not 512 + multiple of sector size") to its logfile,
    # stdout by default: kept here and logged at debug level, so the user sees only our one line.
    warnings = io.StringIO()
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, ragged_rows=True,
                                  logfile=warnings)
    finally:
        if warnings.getvalue().strip():
            log.debug("xlrd: %s", " | ".join(warnings.getvalue().split("\n")).strip(" |"))
    try:
        fonts = [f.name for f in book.font_list]
        xf_font = [fonts[xf.font_index] if xf.font_index < len(fonts) else "" for xf in book.xf_list]
        legacy = any(_is_legacy_font(f) for f in xf_font)
        sheets = []
        with CalamineWorkbook.from_path(str(path)) as wb:
            for index, name in enumerate(book.sheet_names()):
                xs = book.sheet_by_index(index)
                if xs.nrows > max_rows:
                    raise fail(path, "too_many_rows", n=max_rows)
                cells = sum(xs.row_len(r) for r in range(xs.nrows))
                dense = xs.ncols <= MAX_COLUMNS and xs.nrows * xs.ncols <= 4 * cells + 1_000_000
                if dense:
                    values = wb.get_sheet_by_index(index).to_python(skip_empty_area=False)
                else:  # spread thin: xlrd's own values, only the cells present
                    values = [xs.row_values(r, 0, min(xs.row_len(r), MAX_COLUMNS)) for r in range(xs.nrows)]
                errors = _errors(xs, values)
                sheet = Sheet(name, _cells(values, xs, xf_font if legacy else None), errors=errors)
                if xs.ncols > MAX_COLUMNS:
                    sheet.problems.append(Problem.of(0, "", msg("columns_cut", n=MAX_COLUMNS), name))
                sheets.append(sheet)
                book.unload_sheet(index)
        return sheets
    finally:
        book.release_resources()


def _errors(xs: Any, values: list[list[Any]]) -> bool:
    """A formula's error cell ("#N/A", "#DIV/0!" …: calamine reads it as empty text, xlrd knows its code) gets the
    error's text in `values`; True when there is any."""
    import xlrd

    found = False
    for r in range(min(xs.nrows, len(values))):
        types = xs.row_types(r)
        if xlrd.XL_CELL_ERROR not in types:
            continue
        row = values[r]
        for c, kind in enumerate(types[:MAX_COLUMNS]):
            if kind == xlrd.XL_CELL_ERROR and c < len(row):
                row[c] = xlrd.error_text_from_code.get(xs.cell_value(r, c), "#VALUE!")
                found = True
    return found


def _cells(values: list[list[Any]], xs: Any, xf_font: list[str] | None) -> list[list[Cell]]:
    out: list[list[Cell]] = []
    plain = Interner()
    for r, row in enumerate(values):
        raw = trim(row[:MAX_COLUMNS])
        if xf_font is None or r >= xs.nrows:
            out.append([plain(v) for v in raw])
            continue
        width = xs.row_len(r)
        out.append([cell_value(v, xf_font[xs.cell_xf_index(r, c)] if c < width else None) for c, v in enumerate(raw)])
    return out
