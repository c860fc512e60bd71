"""Reporting periods: a month, a quarter, six months or a year ("2026-09", "2026-Q3", "2026-H1", "2026"),
their dates, the previous period of the same length, and the month ends a progress chart is drawn at."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from binhdan_desktop.errors import ValidationError

FIRST_YEAR, LAST_YEAR = 2000, 2100  # as the CLI's --year: beyond them it is a typo, not a plan
MONTHS = {"year": 12, "half": 6, "quarter": 3, "month": 1}  # a period's length in months
ROMAN = ("I", "II", "III", "IV")
_PATTERN = re.compile(r"(?P<year>[0-9]{4})(?:-(?:(?P<half>[Hh][0-9])|(?P<quarter>[Qq][0-9])|(?P<month>[0-9]{1,2})))?")


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: `index` is 1 for a year, 1–2 for a half, 1–4 for a quarter, 1–12 for a month."""

    year: int
    kind: str  # year | half | quarter | month
    index: int = 1

    @property
    def first_month(self) -> int:
        return (self.index - 1) * MONTHS[self.kind] + 1

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        return month_end(self.year, self.first_month + MONTHS[self.kind] - 1)

    @property
    def code(self) -> str:
        """The period as typed on the command line: 2026, 2026-H1, 2026-Q3, 2026-09."""
        suffix = {"year": "", "half": f"-H{self.index}", "quarter": f"-Q{self.index}",
                  "month": f"-{self.index:02d}"}[self.kind]
        return f"{self.year}{suffix}"

    def label(self, lang: str = "vi") -> str:
        """"quý III năm 2026", "6 tháng đầu năm 2026" / "Q3 2026", "first half of 2026"."""
        en = lang == "en"
        if self.kind == "half":
            return (f"{('first', 'second')[self.index - 1]} half of {self.year}" if en
                    else f"6 tháng {('đầu', 'cuối')[self.index - 1]} năm {self.year}")
        if self.kind == "quarter":
            return f"Q{self.index} {self.year}" if en else f"quý {ROMAN[self.index - 1]} năm {self.year}"
        if self.kind == "month":
            return f"{calendar.month_name[self.index]} {self.year}" if en else f"tháng {self.index} năm {self.year}"
        return f"{self.year}" if en else f"năm {self.year}"

    def previous(self) -> Period:
        """The period of the same length just before (2026-Q1 -> 2025-Q4)."""
        count = 12 // MONTHS[self.kind]
        if self.index > 1:
            return Period(self.year, self.kind, self.index - 1)
        return Period(self.year - 1, self.kind, count)

    def month_ends(self, until: dt.date) -> list[dt.date]:
        """Where progress is charted: the end of the year before, then each month end of the period's year up to
        the period's end, the last one `until` when that comes first (data are never dated in the future)."""
        points = [dt.date(self.year - 1, 12, 31)]
        last = min(self.end, until)
        for month in range(1, 13):
            end = month_end(self.year, month)
            if end >= last:
                points.append(last)
                break
            points.append(end)
        return [p for i, p in enumerate(points) if i == 0 or p > points[i - 1]]


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> Period:
    """"2026" (a year), "2026-H1"/"2026-H2", "2026-Q1" … "2026-Q4" or "2026-01" … "2026-12"; anything else
    (2026-Q5, 2026-13, 2026-H3, 99999) is the one error that says what to write."""
    cleaned = (text or "").strip()
    found = _PATTERN.fullmatch(cleaned)
    if found is None:
        raise ValidationError("validation.period", field="period", value=cleaned)
    year = int(found["year"])
    kind, raw = next(((k, found[k]) for k in ("half", "quarter", "month") if found[k]), ("year", None))
    index = 1 if raw is None else int(raw.lstrip("HhQq"))
    if not FIRST_YEAR <= year <= LAST_YEAR or not 1 <= index <= 12 // MONTHS[kind]:
        raise ValidationError("validation.period", field="period", value=cleaned)
    return Period(year, kind, index)
