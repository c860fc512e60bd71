"""Build resources/fonts/DejaVuSansMarks.ttf: the tick-box marks of DejaVu Sans, which Tinos lacks.

Run once (needs fontTools, a test extra): `python scripts/make_marks_font.py [/path/to/DejaVuSans.ttf]`.
The Bitstream Vera licence lets a modified font be shipped when its name has neither "Bitstream" nor "Vera".
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

MARKS = " ☐☑☒✓✔✗✘□■"
FAMILY = "DejaVu Sans Marks"
SOURCE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
TARGET = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "DejaVuSansMarks.ttf"


def main(source: str = SOURCE) -> None:
    font = TTFont(source)
    options = subset.Options()
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # the copyright and licence notices stay
    options.layout_features = []
    options.hinting = False
    sub = subset.Subsetter(options)
    sub.populate(unicodes=[ord(c) for c in MARKS])
    sub.subset(font)
    names = font["name"]
    for record in names.names:
        if record.nameID in (1, 3, 4, 16):
            record.string = FAMILY
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "")
    names.names = [r for r in names.names if r.nameID != 16]
    font.save(str(TARGET))
    print(TARGET, TARGET.stat().st_size, "bytes")


if __name__ == "__main__":
    main(*sys.argv[1:])
