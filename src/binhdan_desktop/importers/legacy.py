"""Vietnamese typed in the legacy TCVN3 (ABC, ".VnTime") and VNI-Windows ("VNI-Times") encodings, as
they arrive from old files read as Latin-1 text: detection and conversion to Unicode (NFC)."""

from __future__ import annotations

import re
import unicodedata

_TCVN3 = dict(zip(
    "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦",
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ", strict=True))
# Characters that only TCVN3 text contains (never a Unicode Vietnamese letter, never VNI).
_TCVN3_ONLY = set("µ¶·¸¹¨»¼½¾©ª«¬®\xad¡¢£¤¥¦§")

# VNI-Windows: a base letter followed by mark characters.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
              "Ù": "\u0301", "Ø": "\u0300", "Û": "\u0309", "Õ": "\u0303", "Ï": "\u0323"}
_VNI_HAT = {  # circumflex or breve, alone or with a tone
    "â": ("\u0302", ""), "ê": ("\u0306", ""), "á": ("\u0302", "\u0301"), "à": ("\u0302", "\u0300"),
    "å": ("\u0302", "\u0309"), "ã": ("\u0302", "\u0303"), "ä": ("\u0302", "\u0323"), "é": ("\u0306", "\u0301"),
    "è": ("\u0306", "\u0300"), "ú": ("\u0306", "\u0309"), "ü": ("\u0306", "\u0303"), "ë": ("\u0306", "\u0323"),
}
_VNI_SINGLE = {"ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ",
               "ò": "ị", "î": "ỵ", "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ"}
_VNI_ONLY = set("øûïëåäüæîñöØÛÏËÅÄÜÆÎÑÖ")


def detect(texts: list[str]) -> str:
    """"tcvn3", "vni" or "unicode" for a sample of cells (names, addresses)."""
    joined = "".join(texts)
    if any(ch in _TCVN3_ONLY for ch in joined):
        return "tcvn3"
    if sum(ch in _VNI_ONLY for ch in joined) >= 2:
        return "vni"
    return "unicode"


def from_tcvn3(text: str) -> str:
    return unicodedata.normalize("NFC", "".join(_TCVN3.get(ch, ch) for ch in text))


_VNI_HAT_RE = re.compile(r"([aeoAEO])([âêáàåãäéèúüëÂÊÁÀÅÃÄÉÈÚÜË])")


def from_vni(text: str) -> str:
    def hat(m: re.Match[str]) -> str:
        base, mark = m[1], m[2].lower()
        shape, tone = _VNI_HAT[mark]
        if base.lower() in "eo" and shape == "\u0306":  # ê/ô take the circumflex, never a breve
            shape = "\u0302"
        return base + shape + tone

    out = _VNI_HAT_RE.sub(hat, text)
    out = "".join(_VNI_SINGLE.get(ch, ch) for ch in out)
    out = re.sub(r"([A-Za-zƠơƯưĐđ\u0302\u0306])([ùøûõïÙØÛÕÏ])", lambda m: m[1] + _VNI_TONES[m[2]], out)
    return unicodedata.normalize("NFC", out)


def to_unicode(text: str, encoding: str) -> str:
    if encoding == "tcvn3":
        return from_tcvn3(text)
    if encoding == "vni":
        return from_vni(text)
    return unicodedata.normalize("NFC", text)
