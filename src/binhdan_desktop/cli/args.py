"""Argument types of `binhdan`: a bad value is the one-line error saying what to write instead."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from binhdan_desktop.domain.formatting import parse_date
from binhdan_desktop.domain.periods import parse_period
from binhdan_desktop.errors import ValidationError

FIRST_YEAR, LAST_YEAR = 2000, 2100  # far around the plan's years: a typo, not a plan, beyond them


def date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError:
        raise ValidationError("validation.date", field="date", value=text) from None


def year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ValidationError("validation.year_range", field="year", value=text) from None
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValidationError("validation.year_range", field="year", value=text)
    return value


def period(text: str) -> str:
    """A reporting period, checked and written the one way: "2026", "2026-H1", "2026-Q3", "2026-09"."""
    return parse_period(text).code


def integer(field: str) -> Callable[[str], int]:
    """Any whole number."""

    def parse(text: str) -> int:
        try:
            return int(text)
        except ValueError:
            raise ValidationError("cli.integer", field=field, value=text) from None

    parse.__name__ = field
    return parse


def count(field: str, low: int, high: int) -> Callable[[str], int]:
    """A whole number from `low` to `high`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise ValidationError("validation.count", field=field, value=text, low=low, high=high)
        return value

    parse.__name__ = field
    return parse
