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
    kind = type(raw)
    if kind is str:
        return raw or None
    if kind is int or kind is dt.date or kind is dt.datetime or kind is bool:
        return raw
    if raw is None:
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


class Interner:
    """One Cell per distinct plain value of a sheet ("Nam", "Chủ hộ", a village): half a million cells share a
    few thousand objects, so memory follows the distinct values (Cells are immutable)."""

    def __init__(self) -> None:
        self._cells: dict[tuple[type, Any], Cell] = {}
        self._texts: dict[str, Cell] = {}

    def __call__(self, raw: Any) -> Cell:
        key = (type(raw), raw)
        try:
            return self._cells[key]
        except KeyError:
            cell = self._cells[key] = cell_value(raw)
            return cell
        except TypeError:  # an unhashable value (never from our readers)
            return cell_value(raw)

    def row(self, raw: list[Any]) -> list[Cell]:
        """A row's cells; text (most cells) looked up by the text alone, in one pass."""
        texts = self._texts
        out = []
        for v in raw:
            if type(v) is str:
                c = texts.get(v)
                if c is None:
                    c = texts[v] = cell_value(v)
                out.append(c)
            else:
                out.append(self(v))
        return out


def trim(row: list[Any]) -> list[Any]:
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return row[:end] if end < len(row) else row
