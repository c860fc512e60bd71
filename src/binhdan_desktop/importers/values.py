"""One cell's value as the import stores it: names cleaned and put in name case, birth dates and years
(with the column's day/month order and two-digit years decided by plausibility), CCCD/CMND and phone
numbers with their lost leading zero restored. Each function returns the value or the reason it refused."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from binhdan_desktop.domain.text import fold
from binhdan_desktop.importers.types import Msg, msg

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACE = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def clean_text(value: Any) -> str:
    """A cell as trimmed NFC text: numbers without ".0", every kind of space one space, zero-widths gone."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    if text.isprintable() and "  " not in text and unicodedata.is_normalized("NFC", text):
        return text.strip()  # the common case: nothing to clean
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    return _SPACE.sub(" ", text).strip()


cached_fold = lru_cache(maxsize=1 << 17)(fold)  # the import folds the same villages, relations and names often;
# `services.imports` clears it after each import (it holds names)


def quick_fold(text: str) -> str:
    """`fold`, without its cost for plain ASCII (dates, numbers)."""
    return " ".join(text.lower().split()) if text.isascii() else fold(text)


def name_case(text: str) -> str:
    """ALL CAPS or all lower case into name case ("NGUYỄN VĂN AN" -> "Nguyễn Văn An"); mixed case kept."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or not (all(ch.isupper() for ch in letters) or all(ch.islower() for ch in letters)):
        return text
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split(" "))


def clean_name(value: Any) -> tuple[str, Msg | None]:
    """(name, problem): spaces collapsed, name case; a control character is a problem (the name is given
    without it, for the preview only: a row with a problem is not stored unless the user accepts it)."""
    text = clean_text(value)
    bad = [ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs")]
    if bad:
        shown = ", ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(bad))
        text = _SPACE.sub(" ", "".join(" " if ch in bad else ch for ch in text)).strip()
        return name_case(text), msg("control_chars", chars=shown)
    return name_case(text), None


# --- birth dates -------------------------------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})")
_YMD = re.compile(r"(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:[ t]0?0:00(?::00)?)?")
_MY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{4})")
_YEAR = re.compile(r"(?:nam\s*)?(\d{4})")
_WORDS = re.compile(r"(?:sinh\s*)?ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4}|\d{2})")
_SERIAL = re.compile(r"\d{4,6}(?:\.0+)?")
MIN_AGE = {"chu_ho": 18, "vo_chong": 16, "cha_me": 30}  # a head of household is not born in 2025


def order_of(values: Iterable[Any]) -> tuple[str, Msg | None]:
    """The day/month order of a whole column ("dmy" or "mdy") from the values whose first or second
    number is above 12; (order, problem) where the problem says the column holds both orders."""
    day_first = month_first = 0
    for value in values:
        if isinstance(value, str):
            m = _DMY.fullmatch(quick_fold(value))
            if m:
                a, b = int(m[1]), int(m[2])
                day_first += a > 12 >= b
                month_first += b > 12 >= a
    if day_first and month_first:
        return "mixed", msg("dates_mixed", dmy=day_first, mdy=month_first)
    return ("mdy" if month_first else "dmy"), None


def _plausible(year: int, today: dt.date, relation: str | None) -> bool:
    age = today.year - year
    return 0 <= age <= 110 and age >= MIN_AGE.get(relation or "", 0)


def _century(yy: int, today: dt.date, relation: str | None) -> tuple[int | None, Msg | None]:
    """19yy or 20yy, whichever alone gives an age of 0–100 that fits the relation (a head is an adult)."""
    fits = [y for y in (1900 + yy, 2000 + yy) if _plausible(y, today, relation) and today.year - y <= 100]
    if len(fits) == 1:
        return fits[0], None
    return None, msg("two_digit_year", yy=f"{yy:02d}")


def _date(y: int, m: int, d: int, today: dt.date, text: str) -> tuple[dt.date | None, int | None, Msg | None]:
    if d == 0 or m == 0:  # "00/00/1975", "00/03/1975": the year is known, the day is not
        return _year(y, today, text)
    try:
        born = dt.date(y, m, d)
    except ValueError:
        return None, None, msg("no_such_date", text=text)
    if born > today or y < 1900:
        return None, None, msg("date_range", text=text)
    return born, y, None


def _year(y: int, today: dt.date, text: str) -> tuple[dt.date | None, int | None, Msg | None]:
    if 1900 <= y <= today.year:
        return None, y, None
    return None, None, msg("year_range", text=text, year=today.year)


def _serial(days: float, today: dt.date, text: str) -> tuple[dt.date | None, int | None, Msg | None]:
    born = EXCEL_EPOCH + dt.timedelta(days=int(days))
    if dt.date(1900, 1, 1) <= born <= today:
        return born, born.year, None
    return None, None, msg("bad_date", text=text)


def parse_birth(value: Any, today: dt.date | None = None, order: str = "dmy",
                relation: str | None = None) -> tuple[dt.date | None, int | None, Msg | None]:
    """(date, year, problem) of a birth cell: Excel dates and serials (numbers or text), "12/03/1975",
    "12.03.1975", "1975", "03/1975", "Năm 1975", "00/00/1975"; `order` is the column's day/month order
    ("mixed": a date whose day and month are both ≤ 12 is flagged); two-digit years are resolved by what
    is plausible for the `relation`, else flagged. Anything else is flagged, never guessed."""
    today = today or dt.date.today()
    if value is None or value == "":
        return None, None, None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _date(value.year, value.month, value.day, today, value.strftime("%d/%m/%Y"))
    if isinstance(value, bool):
        return None, None, msg("bad_date", text=value)
    if isinstance(value, int | float):
        if float(value).is_integer() and 1000 <= value <= 9999 and not 1900 <= value <= today.year + 1:
            return _year(int(value), today, str(int(value)))
        if float(value).is_integer() and 1900 <= value <= today.year:
            return None, int(value), None
        if value <= 0:
            return None, None, msg("bad_date", text=clean_text(value))
        return _serial(float(value), today, clean_text(value))
    text = clean_text(value)
    folded = quick_fold(text).strip(" .")
    return _parse_text(text, folded, today, order, relation)


def _parse_text(text: str, folded: str, today: dt.date, order: str,
                relation: str | None) -> tuple[dt.date | None, int | None, Msg | None]:
    if not folded:
        return None, None, None
    if m := _YEAR.fullmatch(folded):
        return _year(int(m[1]), today, text)
    if m := _YMD.fullmatch(folded):
        return _date(int(m[1]), int(m[2]), int(m[3]), today, text)
    if m := (_DMY.fullmatch(folded) or _WORDS.fullmatch(folded)):
        a, b, y = int(m[1]), int(m[2]), m[3]
        if order == "mixed" and a <= 12 and b <= 12 and a != b and a and b:
            return None, None, msg("ambiguous_date", text=text, a=a, b=b)
        day, month = (b, a) if order == "mdy" or (order == "mixed" and b > 12) else (a, b)
        year = int(y)
        if len(y) == 2:
            resolved, trouble = _century(year, today, relation)
            if resolved is None:
                return None, None, trouble
            year = resolved
        return _date(year, month, day, today, text)
    if (m := _MY.fullmatch(folded)) and int(m[1]) <= 12:
        return _year(int(m[2]), today, text)
    if _SERIAL.fullmatch(folded):
        return _serial(float(folded), today, text)
    return None, None, msg("bad_date", text=text)


# --- identity and phone numbers ------------------------------------------------------------------------

_ID_JUNK = re.compile(r"[\s.\-_'’`]")


def _digits_of(value: Any) -> str | None:
    """The digits of a number cell or of text with spaces, dots and dashes; None when other characters."""
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    text = _ID_JUNK.sub("", clean_text(value))
    return text if text.isdigit() and text.isascii() else None


def identity(value: Any) -> tuple[str | None, str | None, Msg | None]:
    """(cccd, cmnd, problem): 12 digits is a CCCD (11: a number cell that lost its leading 0),
    9 digits an old CMND (its own 9 digits, never padded); anything else is flagged."""
    digits: str | None
    if type(value) is str and value.isdigit() and value.isascii():
        text = digits = value  # the common case: digits typed as text, nothing to clean
    else:
        text = clean_text(value)
        if not text:
            return None, None, None
        digits = _digits_of(value)
    if digits is None:
        return None, None, msg("id_not_digits", text=text)
    if len(digits) == 11:
        digits = "0" + digits  # typed as a number: Excel dropped the leading 0
    if len(digits) == 12:
        return digits, None, None
    if len(digits) == 9:
        return None, digits, None
    return None, None, msg("id_length", text=text, n=len(digits))


def phone(value: Any) -> tuple[str | None, Msg | None]:
    """(phone as 0xxxxxxxxx, problem): +84/84 prefixes, spaces, dots and dashes cleaned; 9 digits is a
    number cell that lost its leading 0."""
    text = clean_text(value)
    if not text:
        return None, None
    cleaned = re.sub(r"[\s.\-()]", "", text)
    plus = cleaned.startswith("+")
    digits = _digits_of(cleaned.lstrip("+"))
    if digits is None:
        return None, msg("phone_not_digits", text=text)
    if (plus or len(digits) == 11) and digits.startswith("84"):
        digits = "0" + digits[2:]
    elif len(digits) == 9 and not digits.startswith("0"):
        digits = "0" + digits
    if re.fullmatch(r"0\d{9}", digits):
        return digits, None
    return None, msg("phone_length", text=text)
