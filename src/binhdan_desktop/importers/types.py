"""What a spreadsheet reader hands to the layout parser: sheets of cells, each cell with its raw value and,
where the file says so, its font (the hint for legacy TCVN3 / VNI text). Readers never guess an encoding of
a spreadsheet cell; `importers.legacy` decides it per cell and per column."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import NamedTuple

Value = str | int | float | bool | dt.date | dt.datetime | None


@dataclass(frozen=True)
class Msg:
    """Why a value was refused: a code of `errors.MESSAGES` and its parameters (the words in both languages
    live in that one catalogue)."""

    code: str
    params: dict[str, object] = field(default_factory=dict, hash=False)

    def text(self, lang: str = "vi") -> str:
        from binhdan_desktop.errors import render

        return render(self.code, lang, self.params)

    def __str__(self) -> str:
        return self.text("vi")


def msg(code: str, /, **params: object) -> Msg:
    return Msg("import." + code, params)


@dataclass(frozen=True)
class Problem:
    row: int  # 1-based row in the sheet (0: the whole file or sheet)
    column: str  # the column's header as in the file ("" when none)
    message: str  # the Vietnamese words (`text(lang)` for either language)
    sheet: str = ""  # the sheet's name ("" for a one-sheet file)
    code: str = ""  # the message's code in `errors.MESSAGES` ("" for a plain message)
    params: dict[str, object] = field(default_factory=dict, hash=False, compare=False)
    value: str = ""  # the cell's value as in the file, when the problem is about one cell

    @classmethod
    def of(cls, row: int, column: str, why: Msg, sheet: str = "", value: object = None) -> Problem:
        shown = "" if value is None else str(value)
        return cls(row, column, why.text("vi"), sheet, why.code, dict(why.params), shown)

    def text(self, lang: str = "vi") -> str:
        if not self.code:
            return self.message
        from binhdan_desktop.errors import render

        return render(self.code, lang, self.params)

    def bilingual(self) -> str:
        vi, en = self.text("vi"), self.text("en")
        return vi if vi == en else f"{vi} / {en}"


class Cell(NamedTuple):
    """One cell: immutable, and a tuple (made in half a frozen dataclass's time: a 50,000-row sheet has 137,000
    distinct cells, `cells.Interner`)."""

    value: Value
    font: str | None = None  # the cell's font name when the reader gives it (".VnTime", "VNI-Times", "Arial")
    formula: str | None = None  # a formula the file saved without its value ("=SUM(A1:A3)"); value is None then


@dataclass(frozen=True)
class Conversion:
    """What `legacy.decode_sheet` converted in one column."""

    column: int  # 0-based column index
    encoding: str  # "tcvn3" or "vni" (converted to Unicode)
    cells: int  # how many cells were converted
    by_font: int = 0  # of which decided by the cell's font (.VnTime, VNI-Times), the others by content
    rows: tuple[int, ...] = ()  # the 0-based rows of the converted cells (a title above the header is no column's)

    def cells_in(self, first: int, last: int) -> int:
        """How many converted cells lie in rows first..last (0-based, both included): the list's own."""
        return sum(1 for r in self.rows if first <= r <= last) if self.rows else self.cells


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]  # rows[0] is the sheet's row 1; trailing empty cells trimmed, empty rows kept as []
    problems: list[Problem] = field(default_factory=list)  # what the reader could not read (by row)
    encoding: str = ""  # text files only: the encoding the bytes were decoded from ("utf-8", "cp1258", "utf-16")
    conversions: list[Conversion] = field(default_factory=list)  # filled by legacy.decode_sheet
    delimiter: str = ""  # text files only: the separator found ("," ";" or "\t")
    # Cells a reader cut short (a 5 MB paste in a CSV): (row, col) 0-based -> the length in the file; the row is a
    # problem ("value too long"), and the header search and name cleaning never walk megabytes.
    lengths: dict[tuple[int, int], int] = field(default_factory=dict)
    errors: bool = False  # the reader found a formula's error (#N/A, #REF! …) in some cell: `is_error` cells to check
    # Every distinct Cell object of `rows`, when the reader knows them (its interner's: a 50,000-row sheet has a
    # third as many as cells), else None. Only `legacy.decode_sheet` reads it, and the sheet it returns has None.
    distinct: list[Cell] | None = field(default=None, compare=False, repr=False)


# What Excel, LibreOffice and WPS store (and write into a CSV) for a formula that failed: never a value.
FORMULA_ERRORS = frozenset({"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                            "#FIELD!", "#GETTING_DATA", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#EXTERNAL!"})
_LIBREOFFICE_ERROR = re.compile(r"Err:\d{3}")  # LibreOffice's own codes ("Err:502"), as its .xls/.csv keep them


def is_error(value: object) -> bool:
    """A cell holding a formula's error as its text (what a spreadsheet shows for a failed formula)."""
    return type(value) is str and (value in FORMULA_ERRORS or (value[:4] == "Err:" and
                                                               _LIBREOFFICE_ERROR.fullmatch(value) is not None))


def has_error_text(text: str) -> bool:
    """Whether a text file's contents may hold a formula error (a quick look before the cells are checked)."""
    return ("#" in text and any(e in text for e in FORMULA_ERRORS)) or "Err:" in text
