"""Vietnamese text: NFC normalisation, diacritic folding for search, and the name sort key."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Vietnamese letter order, with the foreign letters f j w z placed in Latin order.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Tones in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a distinct letter (ă â ê ô ơ ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def nfc(value: str | None) -> str | None:
    """NFC-normalise and trim text; collapse runs of whitespace. None stays None."""
    if value is None:
        return None
    return " ".join(unicodedata.normalize("NFC", value).split())  # str.split's whitespace is re's \s


class _FoldTable(dict[int, str]):
    """`str.translate` table of `fold`, filled as characters are met: a character -> its NFD decomposition without
    the combining marks (đ -> d). Equal to decomposing the whole text and dropping every mark: canonical
    reordering only moves marks among marks, and all of them go."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = "d" if ch == "đ" else "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        self[code] = out
        return out


_FOLD = _FoldTable()


def fold(value: str | None) -> str:
    """Lower-case, strip every diacritic and fold đ to d: "Đặng Thị Ánh" -> "dang thi anh"; runs of whitespace
    one space, trimmed."""
    if not value:
        return ""
    text = value.lower()
    if not text.isascii():
        text = text.translate(_FOLD)
    return " ".join(text.split())  # str.split's whitespace is re's \s: runs of it one space, trimmed


def _split_letter(ch_nfd: str) -> tuple[str, int]:
    """Split one NFD grapheme (base + marks) into its Vietnamese letter and tone number."""
    base, tone, marks = ch_nfd[0], 0, ""
    for mark in ch_nfd[1:]:
        if mark in _TONE_MARKS:
            tone = _TONE_MARKS[mark]
        elif mark in _LETTER_MARKS:
            marks += mark
    return unicodedata.normalize("NFC", base + marks), tone


def _graphemes(word: str) -> list[str]:
    """Group an NFD string into base characters with their combining marks."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.combining(ch) and out:
            out[-1] += ch
        else:
            out.append(ch)
    return out


@lru_cache(maxsize=1 << 16)  # a commune's names share a few thousand words: each is keyed once
def _word_keys(word: str) -> tuple[str, str]:
    """Primary (letters) and secondary (tones) key strings of one word."""
    letters, tones = [], []
    for g in _graphemes(word):
        letter, tone = _split_letter(g)
        if letter in _LETTER_RANK:
            letters.append(chr(0x41 + _LETTER_RANK[letter]))
        elif letter.isdigit():
            letters.append(chr(0x30 + int(letter)) if letter.isascii() else "0")
        else:
            continue  # punctuation and symbols do not take part in the order
        tones.append(chr(0x30 + tone))
    return "".join(letters), "".join(tones)


def name_sort_key(full_name: str | None) -> str:
    """Sort key for Vietnamese person names: given name (last word) first, then family and middle
    names, in Vietnamese letter order; tones only break ties. Compares correctly as plain bytes."""
    words = unicodedata.normalize("NFC", full_name).split() if full_name else []  # `nfc`'s words
    if not words:
        return ""
    ordered = [words[-1], *words[:-1]]
    keys = [_word_keys(w) for w in ordered]
    primary = "\x21".join(k[0] for k in keys)
    secondary = "\x21".join(k[1] for k in keys)
    return primary + "\x20" + secondary


def text_sort_key(value: str | None) -> str:
    """Sort key for other Vietnamese text (addresses, titles), in reading order."""
    keys = [_word_keys(w) for w in (unicodedata.normalize("NFC", value).split() if value else ())]
    return "\x21".join(k[0] for k in keys) + "\x20" + "\x21".join(k[1] for k in keys)
