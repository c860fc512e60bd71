"""Refresh the English translation: extract the Vietnamese source strings from ui/ (pyside6-lupdate),
fill them from resources/translations/en.json, compile binhdan_en.qm (pyside6-lrelease).
Run: .venv/bin/python scripts/update_translations.py — it fails when a string has no translation."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "resources" / "translations"


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).parent / name)
    return found


def main() -> int:
    ts, qm = FOLDER / "binhdan_en.ts", FOLDER / "binhdan_en.qm"
    sources = sorted(str(p) for p in (ROOT / "src" / "binhdan_desktop" / "ui").rglob("*.py"))
    subprocess.run([tool("pyside6-lupdate"), "-no-obsolete", *sources, "-ts", str(ts)], check=True,
                   capture_output=True)
    english = json.loads((FOLDER / "en.json").read_text(encoding="utf-8"))
    tree = ET.parse(ts)
    tree.getroot().set("language", "en")
    tree.getroot().set("sourcelanguage", "vi")
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        if source in english:
            translation.text = english[source]
            translation.attrib.pop("type", None)
        else:
            missing.append(source)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True)
    for source in missing:
        print(f"missing English for: {source!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
