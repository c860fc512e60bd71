"""One cell's value as the import stores it: names cleaned and put in name case, birth dates and years
(with the column's day/month order and two-digit years decided by plausibility), CCCD/CMND and phone
numbers with their lost leading zero restored. Each function returns the value or the reason it refused."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from binhdan_desktop.domain.text import fold
from binhdan_desktop.importers.types import Msg, msg

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SOFT_HYPHEN = re.compile("\u00ad+(.)", re.S)
_SPACE = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def clean_text(value: Any) -> str:
    """A cell as trimmed NFC text: numbers without ".0", every kind of space one space, zero-widths gone; a soft
    hyphen gone too, or a space when a capital follows it (it joined two name parts: "Hồ\u00adThị")."""
    if type(value) is str:  # most cells: none of the checks below applies
        text = value
    else:
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
    text = unicodedata.normalize("NFC", text)
    if "\u00ad" in text:  # a soft hyphen before a capital stands for a space ("Hồ\u00adThị Dung"), else for nothing
        text = _SOFT_HYPHEN.sub(lambda m: " " + m[1] if m[1].isupper() else m[1], text)
    return _SPACE.sub(" ", text.translate(_ZERO_WIDTH)).strip()


def shown(text: str) -> str:
    """`text` with its control characters written visibly ("\\x07"): for a message or a problems workbook, which
    cannot hold them."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"
                   for ch in text)


cached_fold = lru_cache(maxsize=1 << 17)(fold)  # the import folds the same villages, relations and names often;
# `services.imports` clears it after each import (it holds names)


def quick_fold(text: str) -> str:
    """`fold`, without its cost for plain ASCII (dates, numbers)."""
    return " ".join(text.lower().split()) if text.isascii() else fold(text)


def name_case(text: str) -> str:
    """ALL CAPS or all lower case into name case ("NGUYỄN VĂN AN" -> "Nguyễn Văn An"); in a name otherwise in
    name case, a word typed in lower case gets its capital ("Huỳnh Thị ánh": TCVN3 has no code for some toned
    capitals, so offices type the small letter); other mixed case ("H'Hen Niê", "NGUYỄN Văn") is kept."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return text
    if all(ch.isupper() for ch in letters) or all(ch.islower() for ch in letters):
        return " ".join(w[:1].upper() + w[1:].lower() for w in text.split(" "))
    words = text.split(" ")
    kinds = [_word_kind(w) for w in words]
    if "mixed" in kinds or "lower" not in kinds:
        return text
    return " ".join(_capital(w) if k == "lower" else w for w, k in zip(words, kinds, strict=True))


def _word_kind(word: str) -> str:
    """"name" (its first letter a capital, the others small), "lower", "none" (no letter) or "mixed"."""
    letters = [ch for ch in word if ch.isalpha()]
    if not letters:
        return "none"
    if all(ch.islower() for ch in letters):
        return "lower"
    return "name" if letters[0].isupper() and all(ch.islower() for ch in letters[1:]) else "mixed"


def _capital(word: str) -> str:
    i = next(i for i, ch in enumerate(word) if ch.isalpha())
    return word[:i] + word[i].upper() + word[i + 1:]


# What a name is written with: the Latin letters (f j w z too: ethnic-minority names, "Y Jut", "H'Wen"), đ, and
# for the Ê Đê, Jrai, Bahnar, M'nông alphabets ƀ and č/ñ; marks only on a letter that takes them (a tone on a
# vowel, never on a consonant: "B́nh" is a code page read wrong); space, hyphen and apostrophes ("H'Hen Niê",
# "Y-Moan"). Anything else (©, §, ·, ®, digits, brackets, a dot) no name has: a problem, not stored.
_NAME_BASES = frozenset("abcdefghijklmnopqrstuvwxyzđƀ")
_NAME_PUNCTUATION = frozenset(" -'’ʼ‘")
_LOST = frozenset("?\ufffd")  # what a decoder left: its own problem (`rows`, "lost_chars"), not a stray one
_VOWELS = frozenset("aeiouy")
_MARK_ON = {
    **dict.fromkeys("\u0300\u0301\u0309\u0323", _VOWELS),  # the tones
    "\u0303": _VOWELS | {"n"},  # the tilde tone; ñ
    "\u0302": frozenset("aeo"),  # â ê ô
    "\u0306": _VOWELS,  # ă; the minority alphabets' ĕ ĭ ŏ ŭ, and ô̆ ơ̆ ư̆ ê̆ over another mark
    "\u031b": frozenset("ou"),  # ơ ư
    "\u030c": frozenset("c"),  # č
}


def stray_chars(name: str) -> list[str]:
    """The characters of `name` (NFC, spaces collapsed) that no Vietnamese or ethnic-minority name holds, each
    once, as shown to the user (a mark on the dotted circle: "◌́")."""
    if name.isascii() and name.replace(" ", "").isalpha():
        return []  # the common case
    bad: list[str] = []
    base = ""
    for ch in unicodedata.normalize("NFD", name):
        if ch in _MARK_ON:
            if base in _MARK_ON[ch]:
                continue
            shown_ch = "\u25cc" + ch
        elif ch.lower() in _NAME_BASES:
            base = ch.lower()
            continue
        elif ch in _NAME_PUNCTUATION or ch in _LOST:
            base = ""
            continue
        else:
            shown_ch = unicodedata.normalize("NFC", ch)
        base = ""
        if shown_ch not in bad:
            bad.append(shown_ch)
    return bad


def clean_name(value: Any) -> tuple[str, Msg | None]:
    """(name, problem): spaces collapsed (a zero-width removed, a soft hyphen too or a space before a capital),
    name case; a control character
    or a character no name has (`stray_chars`: ©, §, digits …) is a problem (the name is given without the
    control characters, for the preview only: a row with a problem is not stored unless the user accepts it)."""
    text = clean_text(value)
    bad = [ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs")]
    if bad:
        chars = ", ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(bad))
        text = _SPACE.sub(" ", "".join(" " if ch in bad else ch for ch in text)).strip()
        return name_case(text), msg("control_chars", chars=chars)
    stray = stray_chars(text)
    if stray:
        return name_case(text), msg("stray_chars", chars=" ".join(f"«{ch}»" for ch in stray))
    return name_case(text), None


# --- birth dates -------------------------------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})")
_YMD = re.compile(r"(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:[ t]0?0:00(?::00)?)?")
_MY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{4})")
_YEAR = re.compile(r"(?:nam\s*)?(\d{4})")
_YY = re.compile(r"(?:nam\s*)?(\d{2})")  # "45", "05", "Năm 45": a plain two-digit year
_WORDS = re.compile(r"(?:sinh\s*)?ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4}|\d{2})")
_SERIAL = re.compile(r"\d{4,6}(?:\.0+)?")
MIN_AGE = {"chu_ho": 16, "vo_chong": 16, "cha_me": 30}  # a head of household is not born in 2025
MAX_AGE = 110  # nobody is older


ORDERS = ("dmy", "mdy")  # a column's day/month order: what the file decides, or what the user answers (`--dates`)


def day_month(value: Any) -> tuple[int, int] | None:
    """The first two numbers of a date written with numbers ("03/04/1975", "3.4.75" → (3, 4)); None for anything
    else (a year, a date cell, "ngày 3 tháng 4 năm 1975", which says which is the day)."""
    m = _DMY.fullmatch(quick_fold(value)) if type(value) is str else None
    return (int(m[1]), int(m[2])) if m else None


def reads_only(value: Any) -> str | None:
    """The order a date alone decides: "dmy" when its first number is above 12 ("25/03/1975"), "mdy" when its
    second is ("03/25/1975"); None when it reads either way, or is no such date — nor in the order its numbers
    point to ("31/04/1971", "02/31/1971" exist in neither order: they decide nothing, they are their row's problem)."""
    found = day_month(value)
    if found is None:
        return None
    a, b = found
    order = "dmy" if a > 12 >= b else "mdy" if b > 12 >= a else None
    if order is None:
        return None
    day, month = (a, b) if order == "dmy" else (b, a)
    m = _DMY.fullmatch(quick_fold(value))
    year = int(m[3]) if m and len(m[3]) == 4 else 2000  # a two-digit year: a leap year, so 29/02 may stand
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return order


_NAMED_ORDERS = (("dmy", re.compile(r"ngay\W*thang\W*nam|dd\W*mm\W*yy|\bd\W*m\W*y\b")),
                 ("mdy", re.compile(r"thang\W*ngay\W*nam|mm\W*dd\W*yy|\bm\W*d\W*y\b")))


def order_named(header: str) -> str | None:
    """The order a header names in brackets: "Ngày sinh (ngày/tháng/năm)", "(dd/mm/yyyy)" → "dmy"; "(tháng/ngày/năm)",
    "(mm/dd/yyyy)" → "mdy"; None otherwise ("Ngày tháng năm sinh" is the usual name of the column, not a format)."""
    inside = re.findall(r"\(([^)]*)\)", quick_fold(header))
    return next((order for text in inside for order, named in _NAMED_ORDERS if named.search(text)), None)


def order_of(values: Iterable[Any]) -> tuple[str, Msg | None]:
    """The day/month order of a whole column ("dmy" or "mdy") from the values whose first or second
    number is above 12; (order, problem) where the problem says the column holds both orders."""
    day_first = month_first = 0
    for value, times in Counter(v for v in values if type(v) is str).items():  # a column repeats its dates
        found = reads_only(value)
        day_first += (found == "dmy") * times
        month_first += (found == "mdy") * times
    if day_first and month_first:
        return "mixed", msg("dates_mixed", dmy=day_first, mdy=month_first)
    return ("mdy" if month_first else "dmy"), None


def reads_both_ways(value: Any) -> bool:
    """A date that reads as another day month first ("03/04/1970": 3 April or 4 March); "05/05/1970" reads the same
    either way, and "00/04/1970" keeps only its year."""
    found = day_month(value)
    return found is not None and found[0] != found[1] and 0 < found[0] <= 12 and 0 < found[1] <= 12


def order_unsure(values: Iterable[Any]) -> bool:
    """No date of the column has a first or second number above 12, yet some would read differently month first
    (03/04/1970): the day/month order is the user's to answer (`--dates`, the wizard's "Ngày/tháng/năm" box)."""
    unsure = False
    for value in {v for v in values if type(v) is str}:
        found = day_month(value)
        if found is None:
            continue
        if reads_only(value) is not None:  # a date that exists only one way decides (an impossible one does not)
            return False
        unsure = unsure or reads_both_ways(value)
    return unsure


def _age(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _plausible(year: int, month: int, day: int, today: dt.date, relation: str | None) -> bool:
    """Born on that day (0: not known) of `year`: not after today, at most MAX_AGE years old, and as old as the
    relation needs (a head of household is at least 16)."""
    if month and day:
        try:
            born = dt.date(year, month, day)
        except ValueError:
            return False
        if born > today:
            return False
        age = _age(born, today)
    else:
        if year > today.year:
            return False
        age = today.year - year
    return MIN_AGE.get(relation or "", 0) <= age <= MAX_AGE


def _century(yy: int, month: int, day: int, today: dt.date, relation: str | None,
             century: int | None = None) -> tuple[int | None, Msg | None]:
    """19yy or 20yy, whichever alone is plausible (`_plausible`); both or neither is a problem, never a guess.
    `century` (1900 or 2000): that reading alone, when it is plausible (`two_digit_readings`)."""
    fits = [y for y in ((century + yy,) if century else (1900 + yy, 2000 + yy))
            if _plausible(y, month, day, today, relation)]
    if len(fits) == 1:
        return fits[0], None
    if fits:
        return None, msg("two_digit_year", yy=f"{yy:02d}")
    return None, msg("two_digit_year_none", yy=f"{yy:02d}", min_age=MIN_AGE.get(relation or "", 0), max_age=MAX_AGE)


def _two_digit_year(yy: int, today: dt.date, relation: str | None,
                    century: int | None = None) -> tuple[dt.date | None, int | None, Msg | None]:
    """A plain two-digit year ("45" in a "Năm sinh" column): the one century that fits the relation, as for a
    date's two-digit year (`_century`), else flagged."""
    year, trouble = _century(yy, 0, 0, today, relation, century)
    return None, year, trouble


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


def parse_birth(value: Any, today: dt.date | None = None, order: str = "dmy", relation: str | None = None,
                century: int | None = None) -> tuple[dt.date | None, int | None, Msg | None]:
    """(date, year, problem) of a birth cell: Excel dates and serials (numbers or text), "12/03/1975",
    "12.03.1975", "1975", "03/1975", "Năm 1975", "00/00/1975", "45"; `order` is the column's day/month order
    ("mixed" — the column holds both — or "unsure" — nothing in the file decides it and the user has not answered:
    a date reading differently either way, "03/04/1975", is flagged; "ngày 3 tháng 4 năm 1975" names its day and
    month whatever the order); two-digit years are resolved by what
    is plausible for the `relation`, else flagged; a date cell making a head of household under 16 is flagged
    (a two-digit year the spreadsheet put in this century: "14/05/25" read as 2025). Anything else is flagged,
    never guessed."""
    today = today or dt.date.today()
    born, year, trouble = _parse_birth(value, today, order, relation, century)
    need = MIN_AGE.get(relation or "", 0) if relation == "chu_ho" and isinstance(value, dt.date) else 0
    if year is not None and need:
        age = _age(born, today) if born else today.year - year
        if age < need:
            return None, None, msg("head_too_young", text=clean_text(value), age=age, min_age=need)
    return born, year, trouble


def _parse_birth(value: Any, today: dt.date, order: str, relation: str | None,
                 century: int | None = None) -> tuple[dt.date | None, int | None, Msg | None]:
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
        if float(value).is_integer() and value <= 99:  # a two-digit year typed as a number (serial 45 is 1900)
            return _two_digit_year(int(value), today, relation, century)
        return _serial(float(value), today, clean_text(value))
    text = clean_text(value)
    folded = quick_fold(text).strip(" .")
    return _parse_text(text, folded, today, order, relation, century)


def _parse_text(text: str, folded: str, today: dt.date, order: str, relation: str | None,
                century: int | None = None) -> tuple[dt.date | None, int | None, Msg | None]:
    if not folded:
        return None, None, None
    if m := _YEAR.fullmatch(folded):
        return _year(int(m[1]), today, text)
    if m := _YY.fullmatch(folded):
        return _two_digit_year(int(m[1]), today, relation, century)
    if m := _YMD.fullmatch(folded):
        return _date(int(m[1]), int(m[2]), int(m[3]), today, text)
    words = None if _DMY.fullmatch(folded) else _WORDS.fullmatch(folded)  # "ngày 3 tháng 4": the words say which
    if m := (words or _DMY.fullmatch(folded)):
        a, b, y = int(m[1]), int(m[2]), m[3]
        if not words and order in ("mixed", "unsure") and a <= 12 and b <= 12 and a != b and a and b:
            return None, None, msg("ambiguous_date" if order == "mixed" else "ambiguous_date_open", text=text, a=a, b=b)
        day, month = (b, a) if not words and (order == "mdy" or (order == "mixed" and b > 12)) else (a, b)
        year = int(y)
        if len(y) == 2:
            resolved, trouble = _century(year, month, day, today, relation, century)
            if resolved is None:
                return None, None, trouble
            year = resolved
        return _date(year, month, day, today, text)
    if (m := _MY.fullmatch(folded)) and int(m[1]) <= 12:
        return _year(int(m[2]), today, text)
    if _SERIAL.fullmatch(folded):
        return _serial(float(folded), today, text)
    return None, None, msg("bad_date", text=text)


# A two-digit year both centuries fit ("26": 1926 or 2026) is read from the head of household's birth year when that
# leaves one: a child, grandchild or child-in-law is not born before the head. (For a parent both never fit: 20yy
# would make a parent under 30.)
YOUNGER_THAN_HEAD = frozenset({"con", "chau", "con_dau_re"})


def two_digit_readings(value: Any, today: dt.date, order: str,
                       relation: str | None) -> list[tuple[dt.date | None, int]]:
    """The plausible readings (date or None, year) of a cell whose two-digit year `parse_birth` left undecided."""
    out = []
    for century in (1900, 2000):
        born, year, trouble = parse_birth(value, today, order, relation, century)
        if year is not None and trouble is None:
            out.append((born, year))
    return out


def by_head_year(readings: list[tuple[dt.date | None, int]], relation: str,
                 head_year: int | None) -> tuple[dt.date | None, int] | None:
    """The one reading the head's birth year allows (`YOUNGER_THAN_HEAD`: not born before the head), else None."""
    if head_year is None or relation not in YOUNGER_THAN_HEAD:
        return None
    fits = [r for r in readings if r[1] >= head_year]
    return fits[0] if len(fits) == 1 and len(readings) > 1 else None


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


def identity(value: Any) -> tuple[str | None, Msg | None]:
    """(number, problem): a 12-digit CCCD or an old 9-digit CMND, both kept as they are (in `Person.cccd`); a
    number cell that lost its leading 0 gets it back (11 digits -> a CCCD, 8 digits -> a CMND); anything else is
    flagged."""
    digits: str | None
    if type(value) is str and value.isdigit() and value.isascii():
        text = digits = value  # the common case: digits typed as text, nothing to clean
    else:
        text = clean_text(value)
        if not text:
            return None, None
        digits = _digits_of(value)
    if digits is None:
        return None, msg("id_not_digits", text=text)
    if len(digits) == 11:
        digits = "0" + digits  # typed as a number: Excel dropped the leading 0
    elif len(digits) == 8 and isinstance(value, int | float) and not isinstance(value, bool):
        digits = "0" + digits  # a CMND typed as a number
    if len(digits) in (9, 12):
        return digits, None
    return None, msg("id_length", text=text, n=len(digits))


_PHONE_JUNK = re.compile(r"[\s.\-()/]")


def phone(value: Any) -> tuple[str | None, Msg | None]:
    """(phone as 0xxxxxxxxx, problem): spaces, dots, dashes and brackets cleaned; the country code (+84, 84,
    0084, "+84 (0) …") made a leading 0; 9 digits is a number cell that lost its leading 0."""
    text = clean_text(value)
    if not text:
        return None, None
    cleaned = _PHONE_JUNK.sub("", text)
    plus = cleaned.startswith("+")
    digits = _digits_of(cleaned[1:] if plus else cleaned)
    if digits is None:
        return None, msg("phone_not_digits", text=text)
    if digits.startswith("0084"):
        digits, plus = digits[2:], True
    if digits.startswith("84") and (plus or len(digits) in (11, 12)):
        rest = digits[2:]
        digits = rest if rest.startswith("0") else "0" + rest  # "+84 (0) 912 …": the 0 kept once
    elif len(digits) == 9 and not digits.startswith("0"):
        digits = "0" + digits
    if re.fullmatch(r"0\d{9}", digits):
        return digits, None
    return None, msg("phone_length", text=text)
