"""What every spreadsheet reader does to a raw value before it becomes a Cell: numbers that are whole become
int, empty text becomes None, times become text; trailing empty cells are trimmed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from binhdan_desktop.importers.types import Cell, Value

MAX_COLUMNS = 512  # no household list is wider; cells further right are dropped with one problem per sheet
EMPTY = Cell(None)


def column_index(letters: str) -> int:
    """0-based index of a column's letters ("A" -> 0, "XFD" -> 16383)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def value(raw: Any) -> Value:
    if raw is None or raw == "":
        return None
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() and abs(raw) < 2**53 else raw
    if isinstance(raw, str | bool | int | dt.date):  # dt.datetime is a dt.date
        return raw
    if isinstance(raw, dt.time):
        return raw.isoformat()
    if isinstance(raw, dt.timedelta):
        return str(raw)
    return str(raw)


def cell_value(raw: Any, font: str | None = None, formula: str | None = None) -> Cell:
    v = value(raw)
    if formula is not None and v is None:
        return Cell(None, font, formula)
    if font is None:
        return EMPTY if v is None else Cell(v)
    return Cell(v, font)


def trim(row: list[Any]) -> list[Any]:
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return row[:end] if end < len(row) else row
