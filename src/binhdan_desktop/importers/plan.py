"""From sheets of cells to an import plan: each sheet's header and columns (`layout`), legacy encodings
converted, simple unsaved formulas computed, values cleaned (`values`), people grouped into households,
villages matched (`villages`), and every problem reported by sheet, row and column. A row is planned
exactly as it will be stored, or it is shown as a problem; nothing is guessed in silence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from binhdan_desktop.importers import legacy
from binhdan_desktop.importers.formulas import compute
from binhdan_desktop.importers.grouping import Grouper
from binhdan_desktop.importers.layout import ALIASES, FIELD_LABELS, Columns, find_columns
from binhdan_desktop.importers.records import HouseholdRows, PersonRow
from binhdan_desktop.importers.rows import RELATIONS, RowReader
from binhdan_desktop.importers.types import Cell, Problem, Sheet
from binhdan_desktop.importers.values import parse_birth
from binhdan_desktop.importers.villages import is_village_like, match_village

__all__ = ["ALIASES", "FIELD_LABELS", "RELATIONS", "HouseholdRows", "Parsed", "PersonRow", "Problem", "SheetLayout",
           "VillageMatch", "find_header", "parse", "parse_birth", "parse_book"]


@dataclass
class VillageMatch:
    """A village as written in the file and the commune village proposed for it (None: no match)."""

    raw: str
    match: str | None
    rows: int  # people with this village
    sheet: str
    first_row: int


@dataclass
class SheetLayout:
    name: str
    header_row: int  # 0-based
    header_rows: int  # 1, or 2 for a two-row header
    mapping: dict[str, int]
    headers: list[str]
    unused: list[tuple[int, str]]  # (column index, header as in the file) not read
    people: int


@dataclass
class Parsed:
    header_row: int  # the first sheet read: 0-based (-1: no header anywhere)
    mapping: dict[str, int]  # field -> column index (first sheet read)
    headers: list[str]
    encoding: str
    households: list[HouseholdRows]
    problems: list[Problem]
    sheets: list[SheetLayout] = field(default_factory=list)
    villages: list[VillageMatch] = field(default_factory=list)
    unused_columns: list[tuple[str, int, str]] = field(default_factory=list)  # (sheet, index, header)
    skipped_sheets: list[str] = field(default_factory=list)  # no header or no people (a summary, "Sheet1")


def decode(sheet: Sheet) -> tuple[Sheet, str]:
    """The sheet with legacy TCVN3/VNI text converted to Unicode, and the encoding found ("unicode" when
    none). Uses the per-cell, per-column `legacy.decode_sheet` where it exists, else today's whole-sheet
    detection (the fallback goes once decode_sheet is merged)."""
    decode_sheet = getattr(legacy, "decode_sheet", None)
    if decode_sheet is not None:
        decoded: Sheet = decode_sheet(sheet)
        found = [c.encoding for c in getattr(decoded, "conversions", [])]
        return decoded, max(set(found), key=found.count) if found else "unicode"
    texts = [c.value for r in sheet.rows[:500] for c in r if isinstance(c.value, str)]
    encoding = legacy.detect(texts)
    if encoding == "unicode":
        return sheet, encoding  # NFC and spaces are the value cleaners' job
    rows = [[replace(c, value=legacy.to_unicode(c.value, encoding)) if isinstance(c.value, str) else c
             for c in r] for r in sheet.rows]
    return replace(sheet, rows=rows), encoding


def find_header(rows: Sequence[Sequence[Any]], scan: int = 30) -> tuple[int, dict[str, int]]:
    """The header row (0-based) among the first `scan` rows and its mapping; (-1, {}) when none."""
    cols = find_columns(rows, scan)
    return (cols.header_row, cols.mapping) if cols else (-1, {})


def _apply_overrides(cols: Columns, overrides: dict[str, int | str | None]) -> None:
    """The user's corrections: field -> column index (every sheet), header text (where a sheet has it),
    or None (do not read that field)."""
    for key, target in overrides.items():
        if target is None:
            cols.mapping.pop(key, None)
        elif isinstance(target, int):
            cols.mapping[key] = target
        elif target in cols.labels:
            cols.mapping[key] = cols.labels.index(target)


@dataclass
class _Book:
    villages: Sequence[str]
    default_village: str | None
    overrides: dict[str, int | str | None]
    today: dt.date
    named: bool  # several sheets: problems name their sheet
    problems: list[Problem] = field(default_factory=list)
    households: list[HouseholdRows] = field(default_factory=list)
    seen_cccd: dict[str, tuple[str, int]] = field(default_factory=dict)
    village_column: dict[str, str] = field(default_factory=dict)  # sheet -> the village header as in the file


def _sheet_village(name: str, book: _Book) -> str | None:
    """The sheet's name when it names a village (matched later like any village cell)."""
    if book.villages:
        return name.strip() if match_village(name, book.villages) else None
    return name.strip() if is_village_like(name) else None


def _parse_sheet(sheet: Sheet, book: _Book) -> SheetLayout | None:
    values = [[c.value for c in r] for r in sheet.rows]
    cols = find_columns(values)
    if cols is None:
        return None
    _apply_overrides(cols, book.overrides)
    label = sheet.name if book.named else ""
    reader = RowReader(sheet, cols, label, book.today, book.problems, book.seen_cccd)
    fallback = _sheet_village(sheet.name, book) or book.default_village or ""
    grouper = Grouper(cols, label, fallback, reader)
    for i in range(cols.last_row + 1, len(sheet.rows)):
        if grouper.feed(i) == "stop":
            break
    households = grouper.finish()
    if not households:
        return None
    book.households.extend(households)
    book.village_column[label] = cols.labels[cols.mapping["village"]] if "village" in cols.mapping else ""
    people = sum(len(h.people) for h in households)
    return SheetLayout(sheet.name, cols.header_row, cols.rows, dict(cols.mapping), list(cols.labels), cols.unused(),
                       people)


def _match_villages(book: _Book) -> list[VillageMatch]:
    groups: dict[str, list[HouseholdRows]] = {}
    for h in book.households:
        groups.setdefault(h.village_raw, []).append(h)
    out: list[VillageMatch] = []
    for raw, members in groups.items():
        first = members[0]
        rows = sum(len(h.people) for h in members)
        found = match_village(raw, book.villages) if book.villages and raw else (raw or None)
        out.append(VillageMatch(raw, found, rows, first.sheet, first.people[0].row))
        for h in members:
            h.village = found or raw
        if book.villages and found is None:
            _unknown_village(book, raw, rows, members)
    return out


def _unknown_village(book: _Book, raw: str, rows: int, members: list[HouseholdRows]) -> None:
    first = members[0]
    if raw:
        message = (f"thôn “{raw}” không khớp thôn nào của xã ({rows} người, {len(members)} hộ); "
                   "hãy chọn thôn đúng hoặc thêm thôn này vào xã rồi nhập lại")
    else:
        message = (f"không biết thôn của {rows} người ({len(members)} hộ): tệp không có cột Thôn và tên trang "
                   "không phải tên thôn; hãy chọn thôn khi nhập hoặc thêm cột Thôn")
    book.problems.append(Problem(first.people[0].row, book.village_column.get(first.sheet, ""), message,
                                 first.sheet if book.named else ""))
    for h in members:
        h.flagged = True


def parse_book(sheets: Sequence[Sheet], villages: Sequence[str] = (), default_village: str | None = None,
               overrides: dict[str, int | str | None] | None = None, today: dt.date | None = None) -> Parsed:
    """Every sheet of a book in one plan. `villages`: the commune's village names to match against
    (empty: villages are kept as written). `overrides` corrects the column matching."""
    book = _Book(villages, default_village, dict(overrides or {}), today or dt.date.today(), len(sheets) > 1)
    layouts: list[SheetLayout] = []
    skipped: list[str] = []
    encoding = "unicode"
    for raw in sheets:
        sheet, found = decode(raw)
        encoding = found if encoding == "unicode" else encoding
        book.problems.extend(sheet.problems)
        layout = _parse_sheet(compute(sheet), book)
        (layouts.append(layout) if layout else skipped.append(sheet.name))
    if not layouts:
        return Parsed(-1, {}, [], encoding, [], [*book.problems, Problem(0, "", "no_header")], skipped_sheets=skipped)
    matches = _match_villages(book)
    first = layouts[0]
    unused = [(s.name, j, text) for s in layouts for j, text in s.unused]
    return Parsed(first.header_row, first.mapping, first.headers, encoding, book.households, book.problems,
                  layouts, matches, unused, skipped)


def parse(rows: list[list[Any]], default_village: str | None = None,
          overrides: dict[str, int | None] | None = None) -> Parsed:
    """One sheet of plain values (today's entry point); villages are kept as written."""
    sheet = Sheet("", [[Cell(v) for v in r] for r in rows])
    return parse_book([sheet], (), default_village, dict(overrides or {}))

