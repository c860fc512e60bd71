"""Vietnamese typed in the legacy TCVN3 (ABC, ".VnTime") and VNI-Windows ("VNI-Times") encodings, decided per
cell and per column and converted to Unicode (NFC).

For the layout parser: call `decode_sheet(sheet)` on every `Sheet` that `reader.read_book` returns, before
looking for headers. It returns a new Sheet whose text cells are NFC Unicode, and fills `sheet.conversions`
with one `Conversion` per column that held legacy text (column index, encoding, how many cells, how many
decided by their font), so the preview can say "cột Họ và tên: TCVN3 → Unicode" (the parser knows the
header; `Conversion.column` is the 0-based column). Numbers, dates and ASCII text are never touched.

How a cell is decided:
1. Its font, where the reader gives one and the sheet uses legacy fonts at all: ".VnTime" and every ".Vn…"
   font → TCVN3 (".VnTimeH" and the other ".Vn…H" capital fonts → TCVN3 in capitals), "VNI-…" → VNI; in such
   a sheet another named font (Arial, Times New Roman) → Unicode. A sheet without any legacy font says
   nothing by its fonts (the default Calibri of a converted file is no evidence), so content decides.
2. Text that cannot be legacy bytes at all (a letter beyond the 8-bit range, like "ễ" or "ư") is Unicode.
3. Otherwise the column decides: every reading (Unicode, TCVN3, VNI) is scored over the column's cells by
   how many words are well-formed Vietnamese syllables; a legacy reading must win by a margin, so one stray
   ©, ·, § or soft hyphen in a Unicode column never flips it. A single cell flips against its column only
   when another reading of it is clean and the column's reading gives it malformed words: one is enough to keep
   a cell as found (a Unicode "Cháu" in a TCVN3 column), and a cell whose every word already is a well-formed
   Vietnamese syllable as found stays too ("Võ Hà" in a TCVN3 column is not "Vừ HỔ"); two are needed to read
   a cell of a Unicode column as legacy text (one "B́nh" is a problem of its own, not TCVN3 "Bỡnh").

Tables: TCVN3 is TCVN 5712:1993 as GNU libc's TCVN5712-1 charmap decodes it (VN1: VN3 is its subset with
the same positions; capitals with tones at 0x80-0x9F, 0xC0-0xC5 and the C0 range), checked against the
TCVN table of xvnkb (Dao Hai Lam, tcvn.h, 2002). VNI-Windows follows xvnkb's vni.h: a base letter and
trailing mark characters (ù ø û õ ï tones, â/á/à/å/ã/ä circumflex, ê/é/è/ú/ü/ë breve, ô ơ, ö ư, ñ đ).
Cells arrive as text: a spreadsheet's legacy bytes came through Windows-1252 (or Latin-1 for 0x80-0x9F),
a CSV's through cp1258 (see `reader`); `_bytes` maps the text back to the bytes typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain, compress
from operator import attrgetter

from binhdan_desktop.importers.types import Cell, Conversion, Sheet

# Bytes 0x80-0xFF of TCVN 5712 (0xA0 is a no-break space, 0xFD is ý in both; 0xB0-0xB4 are combining tones).
_TCVN3_HIGH = ("ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ" "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ" "\xa0ĂÂÊÔƠƯĐăâêôơưđẰ" "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"
               "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ" "éẹềểễếệìỉỄẾỒĩíịò" "Ổỏõóọồổỗốộờởỡớợù" "ỖủũúụừửữứựỳỷỹýỵỐ")
_TCVN3_LOW = {0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ", 0x12: "Ự", 0x13: "Ỳ", 0x14: "Ỷ",
              0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ"}
_TCVN3_TABLE = {**_TCVN3_LOW, **{0x80 + i: u for i, u in enumerate(_TCVN3_HIGH) if u != chr(0x80 + i)}}
_TCVN3_TRANSLATE = _TCVN3_TABLE  # str.translate takes the byte -> text table as it is
# The same table keyed by the byte's Latin-1 character (kept for the fixture builders).
_TCVN3 = {chr(b): u for b, u in _TCVN3_TABLE.items()}


def _vni_table() -> dict[str, str]:
    """VNI-Windows sequences (as Latin-1 text) -> Unicode, lower case; capitals are made from these."""
    tones = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
    hats = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
    breves = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
    out: dict[str, str] = {}
    for base in "aeouy":
        for mark, tone in tones.items():
            out[base + mark] = base + tone
    for base in "aeo":
        for mark, tone in hats.items():
            out[base + mark] = base + "\u0302" + tone
    for mark, tone in breves.items():
        out["a" + mark] = "a\u0306" + tone
    for vni, letter in (("ô", "ơ"), ("ö", "ư")):
        out[vni] = letter
        for mark, tone in tones.items():
            out[vni + mark] = letter + tone
    out.update({"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ñ": "đ"})
    return {k: unicodedata.normalize("NFC", v) for k, v in out.items()}


_VNI_LOWER = _vni_table()
_VNI = {**_VNI_LOWER, **{k.upper(): v.upper() for k, v in _VNI_LOWER.items()},
        # a capital base with lower-case marks (typed with Shift on the letter only)
        **{k[0].upper() + k[1:]: v.upper() for k, v in _VNI_LOWER.items() if len(k) == 2}}
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(_VNI, key=len, reverse=True)))

# Characters back to the byte typed: Windows-1252 for a spreadsheet's text, cp1258 for a CSV read as cp1258.
_CP1252 = {bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_CP1258 = {bytes([b]).decode("cp1258", "replace"): b for b in range(0x80, 0x100)}
_CP1258.pop("\ufffd", None)  # the nine bytes cp1258 leaves undefined arrive as Latin-1 (read_text)


_TO_BYTES = {src: {ord(ch): chr(b) for ch, b in table.items()} for src, table in (("", _CP1252), ("cp1258", _CP1258))}
_NOT_BYTES = {src: re.compile("[^\x00-\xff" + re.escape("".join(table)) + "]")
              for src, table in (("", _CP1252), ("cp1258", _CP1258))}


def _bytes(text: str, source: str = "") -> str | None:
    """`text` as the legacy bytes it was typed as (one Latin-1 character per byte), or None if it holds a
    character no 8-bit legacy file can (then it is Unicode)."""
    key = "cp1258" if source == "cp1258" else ""
    if _NOT_BYTES[key].search(text):
        return None
    return text.translate(_TO_BYTES[key])


def from_tcvn3(text: str, capitals: bool = False) -> str:
    """TCVN3 text (its bytes as Latin-1 or Windows-1252 characters) to NFC Unicode; `capitals` for the
    ".VnTimeH" fonts, which draw every letter as a capital."""
    text = _bytes(text) or text
    out = unicodedata.normalize("NFC", text.translate(_TCVN3_TRANSLATE))
    return out.upper() if capitals else out


def from_vni(text: str) -> str:
    return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: _VNI[m[0]], text))


# --- how Vietnamese a word looks ---------------------------------------------------------------------------
_ONSET = "ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx]"
_NUCLEI = "iêu|oai|oay|oeo|uây|uôi|ươi|ươu|uyê|uya|yêu|uyu|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"  # noqa: E501
_SYLLABLE = re.compile(f"({_ONSET})?({_NUCLEI})(ch|ng|nh|[cmnpt])?")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_SPLIT = re.compile(r"[\s,.;:()\[\]/\\\-\"'!?0-9_+*=&%#@<>|]+")


@lru_cache(maxsize=65536)
def _plausible(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(ch in _TONES for ch in decomposed) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def _score(text: str) -> tuple[int, int]:
    """(well-formed, malformed) words among those with a non-ASCII character; one-character words (a stray
    ©, §, ·) count for nothing either way."""
    good = bad = 0
    for word in _SPLIT.split(text):
        if len(word) < 2 or word.isascii():
            continue
        if _plausible(word):
            good += 1
        else:
            bad += 1
    return good, bad


def vietnamese_score(text: str) -> int:
    """Well-formed minus malformed Vietnamese words of `text` (after NFC): how much it reads as Vietnamese."""
    good, bad = _score(unicodedata.normalize("NFC", text))
    return good - bad


def _font_hint(font: str | None) -> str | None:
    name = (font or "").strip().lower()
    if name.startswith(".vn"):
        return "tcvn3h" if name.endswith("h") else "tcvn3"
    if name.startswith("vni"):
        return "vni"
    return None


def _convert(raw: str, encoding: str) -> str:
    if encoding == "tcvn3h":
        return from_tcvn3(raw, capitals=True)
    if encoding == "tcvn3":
        return from_tcvn3(raw)
    return from_vni(raw)


_FONT_OF, _VALUE_OF = attrgetter("font"), attrgetter("value")
MARGIN = 2  # how many more well-formed words a legacy reading of a column needs than the Unicode one
_SAMPLE = 5000  # cells per column scored (a column is one hand's work: its first cells tell)


@dataclass
class _Column:
    cells: list[tuple[int, str, str | None]]  # (row index, text, its bytes or None)

    def decide(self) -> str:
        totals = {"unicode": 0, "tcvn3": 0, "vni": 0}
        times: dict[tuple[str, str | None], int] = {}  # a column repeats its texts: score each once
        for _, text, raw in self.cells[:_SAMPLE]:
            times[(text, raw)] = times.get((text, raw), 0) + 1
        for (text, raw), n in times.items():
            for enc in totals:
                if enc == "unicode":
                    good, bad = _score(unicodedata.normalize("NFC", text))
                elif raw is None:
                    good, bad = 0, sum(_score(text))  # cannot be legacy: every word counts against
                else:
                    good, bad = _score(_convert(raw, enc))
                totals[enc] += (good - bad) * n
        best = max(("tcvn3", "vni"), key=lambda e: totals[e])
        return best if totals[best] - totals["unicode"] >= MARGIN else "unicode"


def _cell_choice(text: str, raw: str | None, column: str) -> str:
    """The column's reading, unless this cell is clean in another reading and malformed in the column's (a
    Unicode "Cháu" among TCVN3 cells would read "Chỏu")."""
    if raw is None:
        return "unicode"
    readings = {"unicode": unicodedata.normalize("NFC", text), "tcvn3": _convert(raw, "tcvn3"),
                "vni": _convert(raw, "vni")}
    if column != "unicode":
        good, bad = _score(readings["unicode"])
        if good and not bad:  # already Vietnamese as found ("Võ Hà", "Xóm"): its legacy reading is another word
            return "unicode"
    mine = _score(readings[column])
    if mine[1] == 0 or (column == "unicode" and mine[1] < 2):  # into a legacy reading: two malformed words
        return column
    for enc, out in readings.items():
        good, bad = _score(out)
        if enc != column and bad == 0 and good >= mine[1]:
            return enc
    return column


def decode_sheet(sheet: Sheet) -> Sheet:
    """The sheet with every text cell in NFC Unicode, legacy columns converted (see the module docstring)."""
    hints = {f: _font_hint(f) for f in set(map(_FONT_OF, _every_cell(sheet)))}
    legacy_fonts = any(hints.values())
    needs = None if legacy_fonts else _needs(sheet)
    if needs is not None and (not needs or _read_as_found(needs, sheet.encoding)):  # the common case: nothing to change
        return replace(sheet, rows=list(sheet.rows), conversions=[], distinct=None)
    rows = [list(r) for r in sheet.rows]
    touch = needs.__contains__ if needs is not None else None
    columns: dict[int, _Column] = {}
    by_font: dict[int, dict[str, list[int]]] = {}  # column -> encoding -> rows converted by the cell's font
    raws: dict[str, str | None] = {}  # a text's legacy bytes (texts repeat: a village, "Nam")
    for i, row in enumerate(rows):
        # Without legacy fonts only the cells holding a text of `needs` (the others would stay as they are).
        for j in (compress(range(len(row)), map(touch, map(_VALUE_OF, row))) if touch else range(len(row))):
            cell = row[j]
            text = cell.value
            if type(text) is not str:
                continue
            hint = hints[cell.font] if legacy_fonts else None
            if not hint and text.isascii():
                continue
            try:
                raw = raws[text]
            except KeyError:
                raw = raws[text] = _bytes(text, sheet.encoding)
            if (legacy_fonts and cell.font and not hint) or raw is None:
                row[j] = _text(cell, unicodedata.normalize("NFC", text))
            elif hint:
                row[j] = _text(cell, _convert(raw, hint))
                if row[j].value != text:
                    by_font.setdefault(j, {}).setdefault(_public(hint), []).append(i)
            else:
                columns.setdefault(j, _Column([])).cells.append((i, text, raw))
    conversions = _apply_columns(rows, columns, by_font)
    return replace(sheet, rows=rows, conversions=conversions, distinct=None)


def _every_cell(sheet: Sheet) -> Iterable[Cell]:
    """The sheet's cells, each distinct one at least once: the reader's list of them where it gave one."""
    return sheet.distinct if sheet.distinct is not None else chain.from_iterable(sheet.rows)


def _needs(sheet: Sheet) -> set[str]:
    """The sheet's distinct texts (no legacy fonts in it) that the cell-by-cell pass may change or must
    decide by their column: neither ASCII nor NFC text that cannot be legacy bytes (a letter like "ễ")."""
    return {v for v in set(map(_VALUE_OF, _every_cell(sheet)))
            if type(v) is str and not v.isascii()
            and (_bytes(v, sheet.encoding) is not None or not unicodedata.is_normalized("NFC", v))}


def _read_as_found(texts: set[str], source: str) -> bool:
    """Whether every one of `texts` (from `_needs`) would be kept as it is by the column pass: NFC, no malformed
    word as Unicode, and no legacy reading with a better score. Then no column can reach MARGIN for a legacy
    reading and no cell flips (`_Column.decide`, `_cell_choice`), so the sheet's rows need not be walked."""
    for text in texts:
        if not unicodedata.is_normalized("NFC", text):
            return False
        good, bad = _score(text)
        raw = _bytes(text, source)
        if bad or raw is None:
            return False
        for enc in ("tcvn3", "vni"):
            legacy_good, legacy_bad = _score(_convert(raw, enc))
            if legacy_good - legacy_bad > good:
                return False
    return True


def _text(cell: Cell, value: str) -> Cell:
    return cell if cell.value == value else cell._replace(value=value)


def _apply_columns(rows: list[list[Cell]], columns: dict[int, _Column],
                   by_font: dict[int, dict[str, list[int]]]) -> list[Conversion]:
    """Converts the cells decided by content, and says per column and encoding which rows were converted (the
    ".VnTime" and ".VnTimeH" cells of a column are one TCVN3 conversion)."""
    counts: dict[tuple[int, str], tuple[list[int], int]] = {}  # (column, encoding) -> (rows, how many by font)
    for j, fonts in by_font.items():
        for enc, font_rows in fonts.items():
            counts[(j, enc)] = (font_rows, len(font_rows))
    for j, column in columns.items():
        decided = column.decide()
        seen: dict[str, tuple[str, str, bool]] = {}  # a column repeats its values ("Nam", a village): each once
        for i, text, raw in column.cells:
            try:
                enc, value, converted = seen[text]
            except KeyError:
                enc = _cell_choice(text, raw, decided)
                value = unicodedata.normalize("NFC", text) if enc == "unicode" else _convert(raw or "", enc)
                converted = enc != "unicode" and value != unicodedata.normalize("NFC", text)
                seen[text] = enc, value, converted
            if value != text:
                rows[i][j] = _text(rows[i][j], value)
            if converted:
                counts.setdefault((j, _public(enc)), ([], 0))[0].append(i)
    return [Conversion(j, enc, len(r), f, tuple(sorted(r))) for (j, enc), (r, f) in sorted(counts.items())]


def _public(encoding: str) -> str:
    return "tcvn3" if encoding == "tcvn3h" else encoding


# --- the whole-text interface the parser used before decode_sheet ------------------------------------------
def detect(texts: Iterable[str]) -> str:
    """"tcvn3", "vni" or "unicode" for a sample of cells read as one column."""
    return _Column([(0, t, _bytes(t)) for t in texts if isinstance(t, str) and not t.isascii()]).decide()


def to_unicode(text: str, encoding: str) -> str:
    raw = _bytes(text) if encoding in ("tcvn3", "vni") else None
    if raw is None:
        return unicodedata.normalize("NFC", text)
    return _convert(raw, encoding)
