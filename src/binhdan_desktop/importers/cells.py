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


class _Values(dict[Any, Cell]):
    """Any value -> its Cell, looked up in C, for values among which no two equal keys make different cells: no
    bool (True == 1), and not both int and float (2**60 stays a float, its int does not)."""

    def __init__(self, typed: Interner) -> None:
        super().__init__()
        self.typed = typed

    def __missing__(self, raw: Any) -> Cell:
        kind = type(raw)
        if kind is str:  # `cell_value` of a text and of a number, inline: most distinct values are one or the other
            cell = Cell(raw) if raw else EMPTY
        elif kind is float:
            cell = Cell(int(raw) if raw.is_integer() and abs(raw) < 2**53 else raw)
        else:
            cell = self.typed(raw)
        self[raw] = cell
        return cell


class Interner:
    """One Cell per distinct plain value of a sheet ("Nam", "Chủ hộ", a village): half a million cells share a
    few thousand objects, so memory follows the distinct values (Cells are immutable)."""

    def __init__(self) -> None:
        self._cells: dict[tuple[type, Any], Cell] = {}
        self._texts = _Texts(self)
        self._values = _Values(self)

    def __call__(self, raw: Any) -> Cell:
        key = (type(raw), raw)
        try:
            cell = self._cells.get(key)
        except TypeError:  # an unhashable value (never from our readers)
            return cell_value(raw)
        if cell is None:
            cell = self._cells[key] = cell_value(raw)
        return cell

    def cells(self) -> list[Cell]:
        """Every Cell this interner handed out (EMPTY perhaps more than once)."""
        return [*self._texts.values(), *self._values.values(), *self._cells.values()]

    def row(self, raw: list[Any]) -> list[Cell]:
        """A row's (or a whole sheet's) cells in one pass in C: text (most cells) looked up by the text alone, and
        numbers and dates by their value too when no two of `raw`'s kinds of value can be equal keys."""
        kinds = set(map(type, raw))
        table = self._values if bool not in kinds and not (int in kinds and float in kinds) else self._texts
        try:
            return list(map(table.__getitem__, raw))
        except TypeError:  # an unhashable value (never from our readers)
            return [self(v) for v in raw]


def trim(row: list[Any]) -> list[Any]:
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return row[:end] if end < len(row) else row
