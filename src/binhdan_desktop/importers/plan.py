"""From rows to an import plan: find the header row, match columns by their Vietnamese headers, convert
legacy encodings, parse dates, group people into households, and report every problem by row and column."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from binhdan_desktop.domain.enums import Gender, Relation
from binhdan_desktop.domain.text import fold
from binhdan_desktop.importers.legacy import detect, to_unicode
from binhdan_desktop.importers.types import Problem

ALIASES: dict[str, tuple[str, ...]] = {
    "full_name": ("ho va ten", "ho ten", "ho va ten thanh vien", "ten nguoi", "ho, ten"),
    "birth": ("ngay sinh", "ngay thang nam sinh", "nam sinh", "ngay, thang, nam sinh", "sinh ngay"),
    "gender": ("gioi tinh", "gt", "nam/nu"),
    "relation": ("quan he voi chu ho", "quan he", "qh voi chu ho", "qh"),
    "cccd": ("so cccd", "cccd", "so cmnd", "cmnd", "cccd/cmnd", "so dinh danh", "so dinh danh ca nhan"),
    "phone": ("so dien thoai", "dien thoai", "sdt", "so dt"),
    "village": ("thon", "to", "ap", "ban", "thon/to", "to dan pho", "thon, to", "thon/to dan pho"),
    "address": ("dia chi", "noi o", "noi o hien nay", "xom", "dia chi thuong tru"),
    "household_code": ("ma ho", "so ho", "ma so ho", "so ho khau", "ma ho gia dinh"),
}
FIELD_LABELS = {"full_name": "Họ và tên", "birth": "Ngày sinh", "gender": "Giới tính", "relation": "Quan hệ với chủ hộ",
                "cccd": "Số CCCD", "phone": "Số điện thoại", "village": "Thôn/Tổ", "address": "Địa chỉ",
                "household_code": "Mã hộ"}
RELATIONS = {"chu ho": Relation.HEAD, "ch": Relation.HEAD, "vo": Relation.SPOUSE, "chong": Relation.SPOUSE,
             "vo/chong": Relation.SPOUSE, "con": Relation.CHILD, "con trai": Relation.CHILD, "con gai": Relation.CHILD,
             "cha": Relation.PARENT, "me": Relation.PARENT, "bo": Relation.PARENT, "cha/me": Relation.PARENT,
             "chau": Relation.GRANDCHILD, "anh": Relation.SIBLING, "chi": Relation.SIBLING, "em": Relation.SIBLING,
             "con dau": Relation.CHILD_IN_LAW, "con re": Relation.CHILD_IN_LAW}


@dataclass
class PersonRow:
    row: int
    full_name: str
    birth_date: dt.date | None
    birth_year: int | None
    gender: str
    relation: str
    cccd: str | None
    phone: str | None


@dataclass
class HouseholdRows:
    key: str  # the household code, or the head's row
    code: str
    village: str
    address: str
    people: list[PersonRow] = field(default_factory=list)


@dataclass
class Parsed:
    header_row: int
    mapping: dict[str, int]  # field -> column index
    headers: list[str]
    encoding: str
    households: list[HouseholdRows]
    problems: list[Problem]


def _match(cell: Any) -> str | None:
    text = fold(str(cell)) if cell is not None else ""
    text = re.sub(r"\s+", " ", text.replace("\n", " ")).strip(" .:*")
    for key, aliases in ALIASES.items():
        if text in aliases or any(text.startswith((a + " ", a + "(")) for a in aliases):
            return key
    return None


def find_header(rows: list[list[Any]], scan: int = 30) -> tuple[int, dict[str, int]]:
    """The row (0-based) among the first `scan` that names the most known columns, and its mapping."""
    best, mapping = -1, dict[str, int]()
    for i, row in enumerate(rows[:scan]):
        found: dict[str, int] = {}
        for j, cell in enumerate(row):
            key = _match(cell)
            if key and key not in found:
                found[key] = j
        if "full_name" in found and len(found) > len(mapping):
            best, mapping = i, found
    return best, mapping


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%y", "%d.%m.%y")


def parse_birth(value: Any, today: dt.date | None = None) -> tuple[dt.date | None, int | None, str | None]:
    """(date, year, problem): Excel dates, "05/03/1961", "5-3-61", a year alone; anything else is flagged."""
    today = today or dt.date.today()
    if value is None or value == "":
        return None, None, None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return (value, value.year, None) if 1900 <= value.year <= today.year else (None, None, "năm ngoài 1900–nay")
    if isinstance(value, int | float) and float(value).is_integer() and 1900 <= int(value) <= today.year:
        return None, int(value), None
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text) and 1900 <= int(text) <= today.year:
        return None, int(text), None
    for fmt in _DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if fmt.endswith("%y") and parsed.year > today.year:
            parsed = parsed.replace(year=parsed.year - 100)  # "5-3-61" is 1961, not 2061
        if parsed.year >= 1900 and parsed <= today:
            return parsed, parsed.year, None
    return None, None, f"không hiểu ngày sinh “{text}”"


def _gender(value: Any) -> str:
    text = fold(str(value or ""))
    if text in ("nam", "m", "male", "trai"):
        return Gender.MALE.value
    if text in ("nu", "f", "female", "gai"):
        return Gender.FEMALE.value
    return Gender.OTHER.value


def _text(value: Any, encoding: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return to_unicode(str(value), encoding).strip()


def parse(rows: list[list[Any]], default_village: str | None = None,
          overrides: dict[str, int | None] | None = None) -> Parsed:
    """`overrides` corrects the column matching: field -> column index (None: ignore that field)."""
    # Old files are TCVN3 or VNI throughout (headers too): detect once, convert every text cell first.
    encoding = detect([c for r in rows[:500] for c in r if isinstance(c, str)])
    rows = [[to_unicode(c, encoding) if isinstance(c, str) else c for c in r] for r in rows]
    encoding_used, encoding = encoding, "unicode"
    header, mapping = find_header(rows)
    if header < 0:
        return Parsed(-1, {}, [], encoding_used, [], [Problem(0, "", "no_header")])
    for key, index in (overrides or {}).items():
        if index is None:
            mapping.pop(key, None)
        else:
            mapping[key] = index
    headers = [str(c or "").strip() for c in rows[header]]
    body = [(i + 1, r) for i, r in enumerate(rows) if i > header]
    col = lambda r, k: r[mapping[k]] if k in mapping and mapping[k] < len(r) else None  # noqa: E731
    problems: list[Problem] = []
    households: list[HouseholdRows] = []
    by_code: dict[str, HouseholdRows] = {}
    current: HouseholdRows | None = None
    for n, row in body:
        name = _text(col(row, "full_name"), encoding)
        if not name or fold(name) in ("", "tong", "tong cong", "cong"):
            continue  # blank lines, totals
        label = lambda k: headers[mapping[k]] if k in mapping else FIELD_LABELS[k]  # noqa: E731
        born, year, trouble = parse_birth(col(row, "birth"))
        if trouble:
            problems.append(Problem(n, label("birth"), trouble))
        relation = RELATIONS.get(fold(_text(col(row, "relation"), encoding)), Relation.OTHER).value
        cccd = re.sub(r"\D", "", _text(col(row, "cccd"), encoding)) or None
        if cccd and len(cccd) != 12:
            problems.append(Problem(n, label("cccd"), f"số CCCD “{cccd}” không đủ 12 số"))
            cccd = None
        phone = re.sub(r"[^\d+]", "", _text(col(row, "phone"), encoding)) or None
        if phone and not re.fullmatch(r"(\+84|84|0)\d{9}", phone):
            problems.append(Problem(n, label("phone"), f"số điện thoại “{phone}” không hợp lệ"))
            phone = None
        person = PersonRow(n, name, born, year, _gender(col(row, "gender")), relation, cccd, phone)
        village = _text(col(row, "village"), encoding) or (default_village or "")
        code = _text(col(row, "household_code"), encoding)
        address = _text(col(row, "address"), encoding)
        if code:
            current = by_code.get(code)
            if current is None:
                current = by_code[code] = HouseholdRows(code, code, village, address)
                households.append(current)
        elif relation == Relation.HEAD.value or current is None:
            if relation != Relation.HEAD.value:
                problems.append(Problem(n, label("relation"), "người đầu tiên của hộ không phải chủ hộ"))
            current = HouseholdRows(f"row{n}", "", village, address)
            households.append(current)
        if not current.village and village:
            current.village = village
        if not current.address and address:
            current.address = address
        current.people.append(person)
    return Parsed(header, mapping, headers, encoding_used, households, problems)
