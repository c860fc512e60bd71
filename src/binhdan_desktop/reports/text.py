"""Text on its way onto a page, for both writers: control and format characters dropped (a BEL typed or
synced into a name must never reach a file, and openpyxl refuses it), NFC, and a percent sign that never
breaks from its number (a non-breaking space between them, in the PDF and in the workbook alike)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

NBSP = "\u00a0"
_DROP = {"Cc", "Cf", "Cs", "Co", "Cn"}
_PERCENT = re.compile(r"(?<=\d) +%")
# Characters a line of text may keep: a newline (typed notes) and a tab (made a space).
_KEEP = {"\n": "\n", "\t": " "}


def _clean_char(ch: str) -> str:
    if ch in _KEEP:
        return _KEEP[ch]
    return "" if unicodedata.category(ch) in _DROP else ch


def clean(text: str) -> str:
    """`text` as it may be printed: no control/format/unassigned characters, NFC, "52,3 %" kept together."""
    if not text.isprintable():  # the fast path: almost every value is printable as it is
        text = "".join(_clean_char(ch) for ch in text)
    text = unicodedata.normalize("NFC", text)
    return _PERCENT.sub(NBSP + "%", text) if "%" in text else text


def clean_value(value: Any) -> Any:
    """A cell's value with its text cleaned; numbers, dates and None as they are."""
    return clean(value) if isinstance(value, str) else value
