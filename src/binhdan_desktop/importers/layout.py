"""Where the people are on a sheet: the header row (one row, or two when a header spans "Nam | Nữ" or
"Họ và tên đệm | Tên"), which column holds which field, and the rows that are not people — the title
block, the numbered-columns row, blank rows, totals, village section rows, and the footer (place and date,
"Người lập biểu", "TRƯỞNG THÔN", the signers' names)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from binhdan_desktop.domain.text import fold
from binhdan_desktop.importers.values import clean_text

ALIASES: dict[str, tuple[str, ...]] = {
    "full_name": ("ho va ten", "ho ten", "ho va ten thanh vien", "ten nguoi", "ho, ten", "ho va ten nhan khau",
                  "ho ten thanh vien", "ho va ten nguoi trong ho", "thanh vien"),
    "birth": ("ngay sinh", "ngay thang nam sinh", "nam sinh", "ngay, thang, nam sinh", "sinh ngay",
              "ngay/thang/nam sinh", "ngay thang nam", "nam sinh/ngay sinh"),
    "gender": ("gioi tinh", "gt", "nam/nu", "phai"),
    "relation": ("quan he voi chu ho", "quan he", "qh voi chu ho", "qh", "quan he voi ch", "qh voi ch",
                 "moi quan he voi chu ho", "quan he chu ho"),
    "cccd": ("so cccd", "cccd", "so cmnd", "cmnd", "cccd/cmnd", "so dinh danh", "so dinh danh ca nhan", "so cccd/cmnd",
             "so cmnd/cccd", "cmnd/cccd", "so can cuoc", "so can cuoc cong dan", "so cmt", "cmt", "ma dinh danh"),
    "phone": ("so dien thoai", "dien thoai", "sdt", "so dt", "dt", "dien thoai lien he", "so dien thoai lien he"),
    "village": ("thon", "to", "ap", "ban", "thon/to", "to dan pho", "thon, to", "thon/to dan pho", "thon/xom", "xom",
                "khu pho", "thon/ap", "thon/ban", "ap/khu pho", "to/khu pho", "khu", "thon/khu pho", "thon, xom",
                "thon/to/ap", "ten thon", "thon xom", "lang", "buon", "tdp", "kp", "khu dan cu"),
    "address": ("dia chi", "noi o", "noi o hien nay", "dia chi thuong tru", "noi thuong tru", "cho o hien nay",
                "so nha", "dia chi cu tru"),
    "household_code": ("ma ho", "so ho", "ma so ho", "so ho khau", "ma ho gia dinh", "ho so", "so thu tu ho", "stt ho",
                       "tt ho"),
    "stt": ("stt", "tt", "so tt", "so thu tu"),
    "head_name": ("ho va ten chu ho", "ho ten chu ho", "ten chu ho"),
    "given_name": ("ten",),
}
FIELD_LABELS = {"full_name": "Họ và tên", "birth": "Ngày sinh", "gender": "Giới tính", "relation": "Quan hệ với chủ hộ",
                "cccd": "Số CCCD", "phone": "Số điện thoại", "village": "Thôn/Tổ", "address": "Địa chỉ",
                "household_code": "Mã hộ", "stt": "STT", "head_name": "Họ và tên chủ hộ", "given_name": "Tên"}
# Columns only a two-row header makes (not offered for mapping by hand: FIELD_LABELS matches ALIASES).
SPLIT_LABELS = {"gender_nam": "Giới tính: Nam", "gender_nu": "Giới tính: Nữ", "birth_nam": "Năm sinh: Nam",
                "birth_nu": "Năm sinh: Nữ"}
# Second header row words: the halves of a split column.
_MIDDLE = ("ho va ten dem", "ho va dem", "ho dem", "ho va chu lot", "ho va ten lot", "ho lot", "ho")
_GIVEN = ("ten", "ten rieng", "ten goi")
_SUB = {"nam", "nu", *_GIVEN, *_MIDDLE}


def norm(cell: object) -> str:
    """A header cell folded for matching: "Số CCCD / CMND:" -> "so cccd/cmnd"."""
    text = fold(clean_text(cell).replace("\n", " "))
    text = re.sub(r"\s*/\s*", "/", text)
    return re.sub(r"\s+", " ", text).strip(" .:*")


def match(cell: object) -> str | None:
    """The field a header names: an alias exactly, else the longest alias it starts with ("Số CCCD (12 số)")."""
    text = norm(cell)
    if not text:
        return None
    for key, aliases in ALIASES.items():
        if text in aliases:
            return key
    best, length = None, 3
    for key, aliases in ALIASES.items():
        for a in aliases:
            if len(a) > length and text.startswith((a + " ", a + "(")):
                best, length = key, len(a)
    return best


@dataclass
class Columns:
    """The header of one sheet: its rows (0-based), each column's text as in the file, and what it holds."""

    header_row: int
    rows: int  # 1 or 2
    labels: list[str]  # per column: the header as in the file ("Giới tính / Nam" for a two-row header)
    mapping: dict[str, int] = field(default_factory=dict)  # field -> column index

    @property
    def last_row(self) -> int:
        return self.header_row + self.rows - 1

    def unused(self) -> list[tuple[int, str]]:
        used = set(self.mapping.values())
        return [(j, text) for j, text in enumerate(self.labels) if text and j not in used]

    def label(self, key: str) -> str:
        if key in self.mapping:
            return self.labels[self.mapping[key]]
        return FIELD_LABELS.get(key) or SPLIT_LABELS.get(key, key)


def _texts(row: Sequence[object]) -> list[str]:
    return [clean_text(c) for c in row]


def _is_subheader(top: list[str], below: list[str]) -> bool:
    """`below` completes a two-row header: only "Nam", "Nữ", "Tên", "Họ và tên đệm" … or known headers,
    at least one of them under a header that spans (an empty top cell beside it)."""
    words = [(j, norm(t)) for j, t in enumerate(below) if t]
    if not words or not all(w in _SUB or match(w) for _, w in words):
        return False
    return any(w in _SUB for _, w in words)


def _labels(top: list[str], below: list[str] | None) -> list[tuple[str, str]]:
    """(parent, child) per column; a merged parent's text arrives in its first cell only, so an empty top
    cell over a sub-header word belongs to the parent on its left."""
    width = max(len(top), len(below or []))
    top = top + [""] * (width - len(top))
    below = (below or []) + [""] * (width - len(below or []))
    out: list[tuple[str, str]] = []
    parent = ""
    for j in range(width):
        if top[j]:
            parent = top[j]
        elif not below[j] or norm(below[j]) not in _SUB:
            parent = ""
        out.append((parent if (top[j] or below[j]) else "", below[j]))
    return out


def _assign(pairs: list[tuple[str, str]]) -> dict[str, int]:
    found: dict[str, int] = {}
    split, whole = False, None  # a split name ("Họ và tên đệm | Tên"); a whole-name column beside it wins
    for j, (parent, child) in enumerate(pairs):
        pkey = match(parent) if child else None  # the parent matters only over a split column
        word = norm(child or parent)
        key: str | None
        if word in ("nam", "nu") and pkey in ("gender", "birth"):
            key = f"{pkey}_{word}"
        elif word in _MIDDLE and pkey in (None, "full_name", "head_name"):
            key, split = "full_name", True
        elif word in _GIVEN and pkey in (None, "full_name"):
            key = "given_name"
        elif child:
            first = j == 0 or pairs[j - 1][0] != parent
            key = match(child) or (pkey if first else None)
        else:
            key = match(parent)
        if key == "full_name" and word not in _MIDDLE and whole is None:
            whole = j
        if key and key not in found:
            found[key] = j
    if split and whole is not None:
        found["full_name"], split = whole, False
    if "head_name" in found and "full_name" not in found:
        found["full_name"] = found.pop("head_name")  # a list of heads only
    if not split:
        found.pop("given_name", None)  # "Tên" is the given name only beside "Họ và tên đệm"
    return found


def find_columns(rows: Sequence[Sequence[object]], scan: int = 30) -> Columns | None:
    """The header among the first `scan` rows: the row naming the most fields, with a name column."""
    best: Columns | None = None
    for i, row in enumerate(rows[:scan]):
        top = _texts(row)
        below = _texts(rows[i + 1]) if i + 1 < len(rows) else []
        two = _is_subheader(top, below)
        pairs = _labels(top, below if two else None)
        mapping = _assign(pairs)
        if "full_name" not in mapping or (best and len(mapping) <= len(best.mapping)):
            continue
        labels = [(f"{p} / {c}" if p and c and p != c else (c or p)) for p, c in pairs]
        best = Columns(i, 2 if two else 1, labels, mapping)
    return best


# --- rows that are not people --------------------------------------------------------------------------

_TOTAL = re.compile(r"(tong cong|tong so( ho| khau| nhan khau| nguoi)?|tong|cong)(\s*[:(,.\-]|\s+\d|$)")
_COUNTS = re.compile(r"\d+\s*ho\b.*\d+\s*(nhan khau|khau|nguoi)")
_COUNT = re.compile(r"\d+\s*(ho|nhan khau|khau|nguoi)")  # one count of a totals row in a cell of its own: "5 khẩu"
_FOOTER = re.compile(
    r"(^|\s|,)ngay\b.{0,12}\bthang\b.{0,12}\bnam\b"  # "Phước Lộc, ngày 15 tháng 3 năm 2024", "ngày … tháng … năm …"
    r"|^(nguoi lap( bieu| bang| danh sach)?|truong (thon|ap|xom|ban|khu pho|to dan pho)"
    r"|(thon|ap|xom|ban|khu pho|to dan pho|to) truong"
    r"|xac nhan|t/m|tm\.|kt\.|chu tich|pho chu tich|can bo|ke toan|thu truong|giam doc|nguoi kiem tra"
    r"|(\()?ky,? (ghi ro )?ho ten|(\()?ky ten|ubnd xa|uy ban nhan dan|(\()?dong dau)")
_NUMBERED = re.compile(r"\(?\s*(\d{1,2}|[a-z])\s*\)?")


def is_numbered_row(row: Sequence[object]) -> bool:
    """The "(1) (2) (3)" or "1 2 3" row under a header: only small numbers or single letters, in order."""
    cells = [norm(c) for c in row if clean_text(c)]
    if len(cells) < 3 or not all(_NUMBERED.fullmatch(c) for c in cells):
        return False
    nums = [int(re.sub(r"\D", "", c)) for c in cells if re.search(r"\d", c)]
    return nums == sorted(nums) and len(set(nums)) == len(nums)


def total_cell(cell: object) -> bool:
    """A cell of a totals row: "Tổng cộng", "Cộng:", "Tổng số hộ: 5", "5 hộ, 13 khẩu", or one count ("5 khẩu")."""
    text = norm(cell)
    return bool(text) and bool(_TOTAL.match(text) or _COUNTS.search(text) or _COUNT.fullmatch(text))


def footer_cell(cell: object) -> bool:
    """A cell of the footer: the place-and-date line, a signer's title, "(Ký, ghi rõ họ tên)"."""
    text = norm(cell)
    return bool(text) and bool(_FOOTER.search(text))


# What every cell `not_a_person` recognises begins with (or, for the date line and counts, holds): a cheap test on
# the cell as written, so that a name that is none of these (nearly every one) is never folded for it.
_MAYBE = re.compile(r"\W*(tổng|tong|cộng|cong|người|nguoi|ngày|ngay|ký|ky|kế|ke|xác|xac|trưởng|truong|thôn|thon"
                    r"|tổ|to|ấp|ap|xóm|xom|bản|ban|khu|t/m|tm|kt|chủ|chu|phó|pho|cán|can|thủ|thu|giám|giam|ubnd"
                    r"|ủy|uỷ|uy|đóng|dong|\d+\s*(hộ|ho|khẩu|khau|nhân|nhan|người|nguoi))", re.IGNORECASE)
_MAYBE_INSIDE = re.compile(r"ng[àa]y|\d\s*h[ộo]", re.IGNORECASE)


def may_not_be_a_person(text: str) -> bool:
    """False when `text` (a cell as written) cannot be any of the cells `not_a_person` recognises."""
    return _MAYBE.match(text) is not None or _MAYBE_INSIDE.search(text) is not None


def not_a_person(cell: object) -> bool:
    """A cell that only a totals row or the footer holds, in whatever column it is."""
    if isinstance(cell, str) and not may_not_be_a_person(cell):
        return False
    return total_cell(cell) or footer_cell(cell)


def is_total(row: Sequence[object]) -> bool:
    """A totals row: a cell saying so ("Tổng cộng", "5 hộ, 13 khẩu"), in any column."""
    return any(total_cell(cell) for cell in row)


def is_footer(row: Sequence[object]) -> bool:
    """A footer row: a few cells, one of them the date line, a signer's title or "(Ký, ghi rõ họ tên)"."""
    cells = [c for c in row if clean_text(c)]
    return 0 < len(cells) <= 4 and any(footer_cell(c) for c in cells)
