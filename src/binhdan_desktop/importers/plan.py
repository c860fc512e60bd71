"""From sheets of cells to an import plan: each sheet's header and columns (`layout`), legacy encodings
converted, simple unsaved formulas computed, values cleaned (`values`), people grouped into households,
villages matched (`villages`), and every problem reported by sheet, row and column. A row is planned
exactly as it will be stored, or it is shown as a problem; nothing is guessed in silence."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from binhdan_desktop.importers import legacy
from binhdan_desktop.importers.cells import EMPTY, column_letter
from binhdan_desktop.importers.formulas import compute
from binhdan_desktop.importers.grouping import Grouper
from binhdan_desktop.importers.layout import ALIASES, FIELD_LABELS, Columns, find_columns
from binhdan_desktop.importers.records import HouseholdRows, PersonRow
from binhdan_desktop.importers.rows import RELATIONS, RowReader
from binhdan_desktop.importers.types import Cell, Msg, Problem, Sheet, msg
from binhdan_desktop.importers.values import cached_fold, parse_birth
from binhdan_desktop.importers.villages import is_village_like, match_village

__all__ = ["ALIASES", "FIELD_LABELS", "RELATIONS", "HouseholdRows", "Parsed", "PersonRow", "Problem", "SheetLayout",
           "VillageMatch", "exact_village", "find_header", "is_example", "parse_birth", "parse_book"]


HEADER_SCAN = 30  # rows searched for the header
EXAMPLE_CODE = re.compile(r"mau-\d+")  # the template's example households ("MAU-01"), never imported


def is_example(h: HouseholdRows) -> bool:
    """One of the template's example households (code "MAU-…"): skipped whole, and nothing in it is a problem."""
    return bool(h.code) and EXAMPLE_CODE.fullmatch(cached_fold(h.code)) is not None


@dataclass
class VillageMatch:
    """A village as written in the file and the commune village proposed for it (None: no match)."""

    raw: str
    match: str | None
    rows: int  # people with this village
    sheet: str
    first_row: int
    households: int = 0
    exact: bool = False  # the same name as the commune's (case and spaces aside): nothing to confirm
    chosen: bool = False  # the user's choice (`choices`), not the matcher's


@dataclass
class SheetLayout:
    name: str
    header_row: int  # 0-based
    header_rows: int  # 1, or 2 for a two-row header
    mapping: dict[str, int]
    headers: list[str]
    unused: list[tuple[int, str]]  # (column index, header as in the file) not read
    people: int
    households: int = 0
    conversions: list[tuple[str, str, int]] = field(default_factory=list)  # (header, encoding, cells)
    notes: list[Msg] = field(default_factory=list)  # what the preview says once for the sheet (no gender column …)
    open_dates: list[str] = field(default_factory=list)  # date columns whose day/month order the file leaves open


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
    villages_left_out: int = 0  # people of villages the user chose not to import
    examples: int = 0  # rows of the template's example households (code "MAU-…"), skipped


def find_header(rows: Sequence[Sequence[Any]], scan: int = 30) -> tuple[int, dict[str, int]]:
    """The header row (0-based) among the first `scan` rows and its mapping; (-1, {}) when none."""
    cols = find_columns(rows, scan)
    return (cols.header_row, cols.mapping) if cols else (-1, {})


ColumnKey = str | tuple[str, str]  # a field (every sheet), or (sheet, field): that sheet alone


def _apply_overrides(cols: Columns, overrides: dict[ColumnKey, int | str | None], sheet: str) -> None:
    """The user's corrections: field -> column index (every sheet), header text (where a sheet has it),
    or None (do not read that field); a (sheet, field) key corrects that sheet alone, after the others."""
    mine = [(k[1], t) for k, t in overrides.items() if isinstance(k, tuple) and k[0] == sheet]
    for key, target in [(k, t) for k, t in overrides.items() if isinstance(k, str)] + mine:
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
    overrides: dict[ColumnKey, int | str | None]
    today: dt.date
    named: bool  # several sheets: problems name their sheet
    choices: dict[str, str | None] = field(default_factory=dict)  # village as written -> the user's choice
    loose_ok: bool = True  # a loose village match stands without the user's confirmation
    names: dict[tuple[str, int], str] = field(default_factory=dict)  # (sheet, 1-based row) -> name the user typed
    dates: str | None = None  # the user's day/month order for date columns the file leaves open ("dmy", "mdy")
    problems: list[Problem] = field(default_factory=list)
    examples: int = 0  # rows of example households skipped (`is_example`)
    households: list[HouseholdRows] = field(default_factory=list)
    cccd_column: dict[str, str] = field(default_factory=dict)  # sheet -> the CCCD header as in the file
    village_column: dict[str, str] = field(default_factory=dict)  # sheet -> the village header as in the file


def _sheet_village(name: str, book: _Book) -> str | None:
    """The sheet's name when it names a village (matched later like any village cell)."""
    if book.villages:
        return name.strip() if match_village(name, book.villages) else None
    return name.strip() if is_village_like(name) else None


def _correct_names(sheet: Sheet, cols: Columns, names: dict[tuple[str, int], str]) -> None:
    """The names the user typed in the preview, in the sheet's name cells (its given-name cell emptied: the
    typed name is the whole name). The row is then read as if the file said so; `sheet.rows` is this parse's
    own list, its rows are replaced, never changed in place."""
    j = cols.mapping.get("full_name")
    if j is None or not names:
        return
    given = cols.mapping.get("given_name")
    for (sheet_name, row), name in names.items():
        i = row - 1
        if sheet_name != sheet.name or not cols.last_row < i < len(sheet.rows):
            continue
        cells = list(sheet.rows[i])
        cells += [EMPTY] * (max(j, -1 if given is None else given) + 1 - len(cells))
        cells[j] = Cell(unicodedata.normalize("NFC", name))
        if given is not None:
            cells[given] = EMPTY
        sheet.rows[i] = cells


def _parse_sheet(sheet: Sheet, book: _Book) -> SheetLayout | None:
    values = [[c.value for c in r] for r in sheet.rows[:HEADER_SCAN + 1]]  # the header is among the first rows
    cols = find_columns(values, HEADER_SCAN)
    if cols is None:
        return None
    _apply_overrides(cols, book.overrides, sheet.name)
    _correct_names(sheet, cols, book.names)
    label = sheet.name if book.named else ""
    reader = RowReader(sheet, cols, label, book.today, book.problems, book.dates)
    fallback = _sheet_village(sheet.name, book) or book.default_village or ""
    grouper = Grouper(cols, label, fallback, reader)
    for i in range(cols.last_row + 1, len(sheet.rows)):
        if grouper.feed(i) == "stop":
            break
    households = _skip_examples(grouper.finish(), book, label)
    if not households and not book.examples:
        return None
    book.households.extend(households)
    book.village_column[label] = cols.labels[cols.mapping["village"]] if "village" in cols.mapping else ""
    book.cccd_column[label] = cols.label("cccd") if "cccd" in cols.mapping else ""
    people = sum(len(h.people) for h in households)
    # A column's converted cells are counted from the row under its header to the last person (a title above,
    # the header itself, the signers below are not the column's cells); the same cells whatever the format
    # (.xlsx, .xls, .ods give the same fonts).
    last = max((p.row for h in households for p in h.people), default=cols.last_row + 1) - 1
    converted = [(cols.labels[c.column] if c.column < len(cols.labels) and cols.labels[c.column] else
                  column_letter(c.column), c.encoding, n) for c in sheet.conversions
                 if (n := c.cells_in(cols.last_row + 1, last))]
    return SheetLayout(sheet.name, cols.header_row, cols.rows, dict(cols.mapping), list(cols.labels), cols.unused(),
                       people, len(households), converted, [*_notes(cols), *reader.notes], reader.open_orders)


def _skip_examples(households: list[HouseholdRows], book: _Book, label: str) -> list[HouseholdRows]:
    """The template's example households left out before anything is checked: their rows raise no problem (a
    village of the example unknown in the commune, a date), and they count only as "skipped"."""
    examples = [h for h in households if is_example(h)]
    if not examples:
        return households
    rows = {p.row for h in examples for p in h.people}
    book.problems[:] = [p for p in book.problems if p.sheet != label or p.row not in rows]
    book.examples += len(rows)
    return [h for h in households if not is_example(h)]


def by_column(conversions: Sequence[tuple[str, str, int]]) -> list[tuple[str, list[tuple[str, int]]]]:
    """A sheet's conversions (header, encoding, cells) as one entry per column, its encodings in order: a column
    with TCVN3 and VNI cells is said once, naming both."""
    out: dict[str, list[tuple[str, int]]] = {}
    for header, enc, n in conversions:
        out.setdefault(header, []).append((enc, n))
    return list(out.items())


_GENDER_KEYS = ("gender", "gender_nam", "gender_nu", "birth_nam", "birth_nu")


def _notes(cols: Columns) -> list[Msg]:
    """Said once per sheet, not per row: what the sheet has no column for and is therefore left blank."""
    notes = []
    if not any(k in cols.mapping for k in _GENDER_KEYS):
        notes.append(msg("no_gender_column"))
    if "relation" not in cols.mapping:
        notes.append(msg("no_relation_column"))
    return notes


def exact_village(raw: str, village: str) -> bool:
    """The same name, case and spaces aside: nothing for the user to confirm."""
    return " ".join(raw.split()).casefold() == " ".join(village.split()).casefold()


def _match_villages(book: _Book) -> tuple[list[VillageMatch], int]:
    """Each village as written, matched once for its whole group; the user's choices first. Returns the
    matches and how many people the user chose not to import (their households dropped from the plan)."""
    groups: dict[str, list[HouseholdRows]] = {}
    for h in book.households:
        groups.setdefault(h.village_raw, []).append(h)
    out: list[VillageMatch] = []
    dropped: set[int] = set()
    for raw, members in groups.items():
        first = members[0]
        rows = sum(len(h.people) for h in members)
        chosen = raw in book.choices
        found = book.choices[raw] if chosen else (
            match_village(raw, book.villages) if book.villages and raw else (raw or None))
        exact = found is not None and exact_village(raw, found)
        out.append(VillageMatch(raw, found, rows, first.sheet, first.people[0].row, len(members), exact, chosen))
        if chosen and found is None:
            dropped.update(id(h) for h in members)
            continue
        for h in members:
            h.village = found or raw
        if found is None or not (chosen or exact or book.loose_ok):
            members = _without_formula_errors(book, members)  # a failed formula is its problem, not a village
            rows = sum(len(h.people) for h in members)
            if not members:
                out.pop()  # nothing to choose a village for
                continue
        if book.villages and found is None:
            _village_problem(book, members, msg("village_unknown", village=raw, people=rows, households=len(members))
                             if raw else msg("village_none", people=rows, households=len(members)))
        elif book.villages and not (chosen or exact or book.loose_ok):
            _village_problem(book, members, msg("village_unconfirmed", village=raw, match=found, people=rows,
                                                households=len(members)))
    left_out = sum(len(h.people) for h in book.households if id(h) in dropped)
    book.households[:] = [h for h in book.households if id(h) not in dropped]
    return out, left_out


_FORMULA_CODES = ("import.formula_error", "import.formula_unsaved")


def _without_formula_errors(book: _Book, members: list[HouseholdRows]) -> list[HouseholdRows]:
    """The households whose village is not read from a formula the problems already name (“ô F5: lỗi công thức
    Err:502”): the error's text is no village name, and a formula without a saved value is no missing column."""
    failed = {(pr.sheet, pr.row) for pr in book.problems if pr.code in _FORMULA_CODES
              and pr.column and pr.column == book.village_column.get(pr.sheet)}
    if not failed:
        return members
    out = []
    for h in members:
        if any((p.sheet, p.row) in failed for p in h.people):
            h.flagged = True  # held back by its row's problem
        else:
            out.append(h)
    return out


def _village_problem(book: _Book, members: list[HouseholdRows], why: Msg) -> None:
    first = members[0]
    book.problems.append(Problem.of(first.people[0].row, book.village_column.get(first.sheet, ""), why,
                                    first.sheet if book.named else "", first.village_raw))
    for h in members:
        h.flagged = True


def _repeated_cccd(book: _Book) -> None:
    """The same CCCD/CMND on several rows of the file: one problem naming them all, and none of them stored."""
    rows: dict[str, list[PersonRow]] = {}
    for h in book.households:
        for p in h.people:
            if p.cccd:
                rows.setdefault(p.cccd, []).append(p)
    for cccd, people in rows.items():
        if len(people) < 2:
            continue
        first = people[0]
        if all(p.sheet == first.sheet for p in people):
            why = msg("cccd_twice", cccd=cccd, rows=", ".join(str(p.row) for p in people))
        else:
            why = msg("cccd_twice_sheet", cccd=cccd, places="; ".join(f"{p.sheet}: {p.row}" for p in people))
        book.problems.append(Problem.of(first.row, book.cccd_column.get(first.sheet, ""), why, first.sheet, cccd))
        for p in people:
            p.flagged = True


def _hold_households(book: _Book) -> None:
    """A row with a problem holds back its whole household: each of its other rows is a problem that names the
    bad rows, and nothing of it is stored."""
    for h in book.households:
        bad = sorted({*h.held_by, *(p.row for p in h.people if p.flagged)})
        if not bad:
            continue
        why = msg("household_bad_row", rows=", ".join(map(str, bad)))
        for p in h.people:
            if not p.flagged:
                book.problems.append(Problem.of(p.row, "", why, h.sheet))
                p.flagged = True


def parse_book(sheets: Sequence[Sheet], villages: Sequence[str] = (), default_village: str | None = None,
               overrides: dict[ColumnKey, int | str | None] | None = None, today: dt.date | None = None,
               choices: dict[str, str | None] | None = None, loose_ok: bool = True,
               names: dict[tuple[str, int], str] | None = None, dates: str | None = None) -> Parsed:
    """Every sheet of a book in one plan, legacy text converted first (`legacy.decode_sheet`). `villages`: the
    commune's village names to match against (empty: villages are kept as written); `choices`: the user's
    village for a village as written (None: do not import it); `loose_ok` False makes a loose match a problem
    until chosen. `overrides` corrects the column matching (a field on every sheet, or (sheet, field): one);
    `names` the names of rows (sheet, 1-based row), as the user typed them in the preview: read in place of the
    cell, and checked like it. `dates`: the day/month order ("dmy", "mdy") of the date columns whose dates read
    either way with none to decide (without it, such a column is a problem); contrary to a column its dates decide,
    an error naming the cell."""
    book = _Book(villages, default_village, dict(overrides or {}), today or dt.date.today(), len(sheets) > 1,
                 dict(choices or {}), loose_ok, dict(names or {}), dates)
    layouts: list[SheetLayout] = []
    skipped: list[str] = []
    counts: dict[str, int] = {}
    for raw in sheets:
        sheet = legacy.decode_sheet(raw)
        book.problems.extend(sheet.problems)
        layout = _parse_sheet(compute(sheet), book)
        (layouts.append(layout) if layout else skipped.append(sheet.name))
        for _, enc, n in layout.conversions if layout else ():
            counts[enc] = counts.get(enc, 0) + n
    encoding = max(counts, key=lambda k: counts[k]) if counts else "unicode"
    if not layouts:
        return Parsed(-1, {}, [], encoding, [], book.problems, skipped_sheets=skipped, examples=book.examples)
    _repeated_cccd(book)
    _hold_households(book)
    matches, left_out = _match_villages(book)
    first = layouts[0]
    unused = [(s.name, j, text) for s in layouts for j, text in s.unused]
    return Parsed(first.header_row, first.mapping, first.headers, encoding, book.households, book.problems,
                  layouts, matches, unused, skipped, left_out, book.examples)
