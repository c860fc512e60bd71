"""The PDF's fonts and the markup of its paragraphs: Tinos for the text, DejaVu Sans Marks for the tick-box
marks Tinos has no glyph for (☐ ☑ ✓ ✗), so a mark stays text (searchable, copyable) and is seen. Text a user
typed is escaped: "Sở KH&CN" and "<thôn 1>" print as typed, never read as reportlab markup."""

from __future__ import annotations

import functools
from importlib import resources
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from binhdan_desktop.reports.text import clean

FONT = "Tinos"
MARKS = "DejaVuSansMarks"
_FILES = {FONT: "Tinos-Regular.ttf", f"{FONT}-Bold": "Tinos-Bold.ttf", f"{FONT}-Italic": "Tinos-Italic.ttf",
          f"{FONT}-BoldItalic": "Tinos-BoldItalic.ttf", MARKS: "DejaVuSansMarks.ttf"}


def font_file(name: str) -> str:
    """The file (in resources/fonts) of a font the reports register ("Tinos-Bold": "Tinos-Bold.ttf")."""
    return _FILES[name]


def register_fonts() -> None:
    """Register Tinos regular/bold/italic/bold-italic as one family, and the marks font (once)."""
    if MARKS in pdfmetrics.getRegisteredFontNames():
        return
    folder = resources.files("binhdan_desktop.resources") / "fonts"
    for name, file in _FILES.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=f"{FONT}-Bold", italic=f"{FONT}-Italic",
                                  boldItalic=f"{FONT}-BoldItalic")
    pdfmetrics.registerFontFamily(MARKS, normal=MARKS, bold=MARKS, italic=MARKS, boldItalic=MARKS)
    # Every canvas starts in Tinos, so no page ever references a built-in PDF font.
    rl_config.canvas_basefontname = FONT


@functools.cache
def _glyphs(font: str) -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def covered(text: str, font: str = FONT) -> bool:
    """Whether `font` has a glyph for every character of `text` (spaces aside)."""
    glyphs = _glyphs(font)
    return all(ord(ch) in glyphs for ch in text if not ch.isspace())


def markup(text: str, font: str = FONT) -> str:
    """`text` cleaned, escaped, and each run of characters `font` lacks but the marks font has put in it."""
    text = clean(text)
    if covered(text, font):
        return escape(text)
    marks, own = _glyphs(MARKS), _glyphs(font)
    out: list[str] = []
    run: list[str] = []
    for ch in text:
        if ord(ch) not in own and ord(ch) in marks:
            run.append(ch)
            continue
        if run:
            out.append(f'<font name="{MARKS}">{escape("".join(run))}</font>')
            run = []
        out.append(escape(ch))
    if run:
        out.append(f'<font name="{MARKS}">{escape("".join(run))}</font>')
    return "".join(out)
