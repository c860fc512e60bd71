"""A village as typed in a list ("Phước Lộc", "phuoc loc", "Th. Phước Lộc", "thôn  Phước  Lộc") matched to
one of the commune's villages ("Thôn Phước Lộc"); no match, or two, is no match (the preview asks)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from binhdan_desktop.domain.text import fold

# The words a village name starts with, folded, longest first ("to dan pho" before "to").
_KINDS = ("to dan pho", "khu dan cu", "khu pho", "thon", "xom", "lang", "buon", "ban", "soc", "ap", "khu",
          "to", "tdp", "kp", "th", "kdc")
_KIND_RE = re.compile(r"^(?:" + "|".join(re.escape(k) for k in _KINDS) + r")(?:\s*[.:]\s*|\s+)", re.IGNORECASE)
_ABBREVIATION = {"th": "thon", "tdp": "to dan pho", "kp": "khu pho", "kdc": "khu dan cu"}


def _core(text: str) -> tuple[str, str]:
    """(kind, name) of a village, both diacritics kept but lower case: ("thôn", "phước lộc")."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().lower()
    kind = ""
    m = _KIND_RE.match(fold(text))
    if m:
        # the folded prefix has the same length in characters as the NFC original (NFC letters fold 1:1)
        kind, text = fold(text[:m.end()]).strip(" .:"), text[m.end():].strip()
        kind = _ABBREVIATION.get(kind, kind)
    text = re.sub(r"\b0+(\d)", r"\1", text)  # "Thôn 01" is "Thôn 1"
    return kind, text


def is_village_like(text: str) -> bool:
    """A text that starts with a village word ("Thôn …", "Tổ dân phố …", "Ấp …") and names something."""
    kind, name = _core(text)
    return bool(kind) and bool(name)


def match_village(raw: str, villages: Sequence[str]) -> str | None:
    """The commune village `raw` names: the same name with accents, else the same folded name, each
    narrowed by the kind word when `raw` gives one; None when nothing or more than one fits."""
    kind, name = _core(raw)
    if not name:
        return None
    cores = [(v, *_core(v)) for v in villages]
    for same in (lambda a, b: a == b, lambda a, b: fold(a) == fold(b)):
        found = [v for v, k, n in cores if same(n, name)]
        if kind and len(found) > 1:
            found = [v for v, k, n in cores if same(n, name) and k == kind]
        if len(found) == 1:
            return found[0]
        if found:
            return None
    return None
