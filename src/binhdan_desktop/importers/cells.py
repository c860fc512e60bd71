"""What every spreadsheet reader does to a raw value before it becomes a Cell: numbers that are whole become
int, empty text becomes None, times become text; trailing empty cells are trimmed."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from binhdan_desktop.importers.types import Cell, Value

MAX_COLUMNS = 512  # no household list is wider; cells further right are dropped with one problem per sheet
EMPTY = Cell(None)


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a sheet is read: an import makes hundreds of thousands of small
    acyclic objects (cells, rows, values), and each collection walks all of them again (half the reading time
    of a 50,000-row sheet). Reference counting still frees everything; collection resumes as it was after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def column_index(letters: str) -> int:
    """0-based index of a column's letters ("A" -> 0, "XFD" -> 16383)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def column_letter(j: int) -> str:
    """A 0-based column index's letters (0 -> "A", 27 -> "AB")."""
    letters = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        letters = chr(65 + r) + letters
    return letters


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


class _Texts(dict[Any, Cell]):
    """Text (and None) -> its Cell, looked up in C; any other value goes to the typed table (1, 1.0 and True
    are equal keys in a dict, yet not the same cell)."""

    def __init__(self, typed: Interner) -> None:
        super().__init__()
        self.typed = typed

    def __missing__(self, raw: Any) -> Cell:
        if type(raw) is str:  # `cell_value` of a text, inline: a list has as many distinct texts as people
            cell = self[raw] = Cell(raw) if raw else EMPTY
            return cell
        if raw is None:
            self[None] = EMPTY
            return EMPTY
        return self.typed(raw)


class Interner:
    """One Cell per distinct plain value of a sheet ("Nam", "Chủ hộ", a village): half a million cells share a
    few thousand objects, so memory follows the distinct values (Cells are immutable)."""

    def __init__(self) -> None:
        self._cells: dict[tuple[type, Any], Cell] = {}
        self._texts = _Texts(self)

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
        """A row's cells; text (most cells) looked up by the text alone, in one pass in C."""
        try:
            return list(map(self._texts.__getitem__, raw))
        except TypeError:  # an unhashable value (never from our readers)
            return [self(v) for v in raw]


def trim(row: list[Any]) -> list[Any]:
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return row[:end] if end < len(row) else row
