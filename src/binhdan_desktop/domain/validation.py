"""Input validation and cleaning for the things a user types. Raises ValidationError naming the field."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import StrEnum
from typing import TypeVar

from binhdan_desktop.domain.text import nfc
from binhdan_desktop.errors import ValidationError

E = TypeVar("E", bound=StrEnum)
_DIGITS = re.compile(r"\D")


def _no_controls(value: str | None) -> str | None:
    """Typed or pasted text without its control characters (a BEL in a name) - dropped, never refused, as
    surrounding blanks are trimmed; a line break and a tab stay (notes), other blank controls (a vertical tab)
    become a space, a carriage return goes."""
    if value is None or value.isprintable():
        return value
    return "".join(ch if ch in "\n\t" or unicodedata.category(ch) != "Cc" else " " if ch.isspace() and ch != "\r"
                   else "" for ch in value)


def required_text(value: str | None, field: str, max_len: int = 200) -> str:
    text = nfc(_no_controls(value)) or ""
    if not text:
        raise ValidationError("validation.required", field=field)
    if len(text) > max_len:
        raise ValidationError("validation.invalid", field=field, value=text[:40] + "…")
    return text


def optional_text(value: str | None, max_len: int = 2000) -> str:
    """NFC text with surrounding blanks trimmed and control characters dropped; inner line breaks kept (notes)."""
    text = unicodedata.normalize("NFC", _no_controls(value) or "").strip()
    return text[:max_len]


def cccd(value: str | None) -> str | None:
    """A CCCD (citizen ID) number of 12 digits, an old CMND of 9 (kept in the same field), or nothing."""
    text = (value or "").strip().replace(" ", "")
    if not text:
        return None
    if not re.fullmatch(r"\d{12}|\d{9}", text):
        raise ValidationError("validation.cccd", field="cccd", value=text)
    return text


def phone(value: str | None) -> str | None:
    """A Vietnamese phone number: 10 digits starting with 0 (+84 prefixes are converted)."""
    text = (value or "").strip()
    if not text:
        return None
    digits = _DIGITS.sub("", text)
    if digits.startswith("0084"):
        digits = digits[2:]
    if text.lstrip("(").startswith(("+84", "0084")) or (digits.startswith("84") and len(digits) in (11, 12)):
        digits = digits[2:] if digits[2:3] == "0" else "0" + digits[2:]  # "+84 (0) 912 …": the 0 kept once
    if not re.fullmatch(r"0\d{9}", digits):
        raise ValidationError("validation.phone", field="phone", value=text)
    return digits


def birth(birth_date: dt.date | None, birth_year: int | None,
          today: dt.date | None = None) -> tuple[dt.date | None, int | None]:
    """Date of birth or birth year alone; the year follows the date when both are given."""
    today = today or dt.date.today()
    if birth_date is not None:
        if birth_date > today:
            raise ValidationError("validation.future_date", field="birth_date", value=birth_date.isoformat())
        if birth_date.year < 1900:
            raise ValidationError("validation.birth", field="birth_date", value=birth_date.year)
        return birth_date, birth_date.year
    if birth_year is not None and not 1900 <= int(birth_year) <= today.year:
        raise ValidationError("validation.birth", field="birth_year", value=birth_year)
    return None, (int(birth_year) if birth_year is not None else None)


def choice(value: str | StrEnum | None, enum: type[E], field: str, default: E | None = None) -> E:
    if value is None or value == "":
        if default is None:
            raise ValidationError("validation.required", field=field)
        return default
    try:
        return enum(str(value))
    except ValueError:
        raise ValidationError("validation.invalid", field=field, value=value) from None


def vneid_level(value: int | None) -> int:
    level = 0 if value is None else int(value)
    if level not in (0, 1, 2):
        raise ValidationError("validation.vneid", field="vneid_level", value=value)
    return level


def not_future(value: dt.date, field: str, today: dt.date | None = None) -> dt.date:
    if value > (today or dt.date.today()):
        raise ValidationError("validation.future_date", field=field, value=value.isoformat())
    return value


def plan_start() -> dt.date:
    """The plan's first day (1 January of its first year): nothing is counted as of a day before it."""
    from binhdan_desktop.domain.plan import load_plan

    return dt.date(min(load_plan().years()), 1, 1)


def as_of_day(value: dt.date, today: dt.date | None = None) -> dt.date:
    """An as-of date (of a report or of `binhdan indicators`): a day gone by or today, from the plan's start."""
    today = today or dt.date.today()
    if value > today:
        raise ValidationError("report.as_of_future", field="as_of", value=f"{value:%d/%m/%Y}",
                              today=f"{today:%d/%m/%Y}")
    if value < plan_start():
        raise ValidationError("report.as_of_before_plan", field="as_of", value=f"{value:%d/%m/%Y}",
                              start=f"{plan_start():%d/%m/%Y}")
    return value


def check_dates(start: dt.date | None, end: dt.date | None, today: dt.date | None = None) -> None:
    """The one rule of every report's dates (`--from/--to`, or a period's days): a range that ends before it
    starts is a mistake in the dates, one that starts after today has nothing in it yet, one that ends before
    the plan's start has nothing of the plan: each is refused, never an empty report. A range that ends after
    today is counted up to today (`report_range`)."""
    if start is not None and end is not None and start > end:
        raise ValidationError("validation.date_order", field="date", start=f"{start:%d/%m/%Y}",
                              end=f"{end:%d/%m/%Y}")
    today = today or dt.date.today()
    if start is not None and start > today:
        raise ValidationError("report.range_future", field="date", start=f"{start:%d/%m/%Y}",
                              today=f"{today:%d/%m/%Y}")
    if end is not None and end < plan_start():
        raise ValidationError("report.range_before_plan", field="date", end=f"{end:%d/%m/%Y}",
                              start=f"{plan_start():%d/%m/%Y}")


def report_range(start: dt.date | None, end: dt.date | None,
                 today: dt.date | None = None) -> tuple[dt.date | None, dt.date | None]:
    """The dates a report counts (`check_dates`), its end never after today: a range asked to the year's end
    in December is counted, and says so, up to today ("Số liệu tính đến ngày …" is that day)."""
    today = today or dt.date.today()
    check_dates(start, end, today)
    return start, (min(end, today) if end is not None else None)
