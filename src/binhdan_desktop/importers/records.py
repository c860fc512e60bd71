"""What the import plan holds for each person and household, as it will be stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(slots=True)  # one per person of the file
class PersonRow:
    row: int  # 1-based, as in the file
    full_name: str
    birth_date: dt.date | None
    birth_year: int | None
    gender: str
    relation: str
    cccd: str | None  # a 12-digit CCCD or an old 9-digit CMND
    phone: str | None
    sheet: str = ""
    flagged: bool = False  # a problem names this row: store it only if the user accepts it


@dataclass
class HouseholdRows:
    key: str  # unique in the file: sheet | village | code, or sheet | the head's row
    code: str  # the household code or number as in the file ("" when none)
    village: str  # the commune's village it matched, else the village as in the file
    address: str
    people: list[PersonRow] = field(default_factory=list)
    sheet: str = ""
    village_raw: str = ""  # the village as in the file (a cell, a section row, the sheet's name)
    flagged: bool = False  # a problem names the whole household (no head, two heads, unknown village)
    held_by: list[int] = field(default_factory=list)  # rows with a problem that may be this household's (1-based)
