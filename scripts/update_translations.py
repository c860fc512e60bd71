"""Refresh the translations in resources/translations/:
1. the app's English: extract the Vietnamese source strings from ui/ (pyside6-lupdate), fill them from en.json,
   compile binhdan_en.qm (pyside6-lrelease);
2. Qt's own widgets in Vietnamese (Qt ships no qtbase_vi): compile the hand-kept qtbase_vi.ts to qtbase_vi.qm.
   Its sources are Qt's exact (context, source, comment) triples; tests/ui/test_i18n_and_screenshots.py records
   what the installed Qt looks up and names any that is missing here.
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


def release(ts: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True,
                   capture_output=True)


def update_english() -> list[str]:
    ts = FOLDER / "binhdan_en.ts"
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
    release(ts)
    return [f"missing English for: {source!r}" for source in missing]


def update_qtbase_vietnamese() -> list[str]:
    ts = FOLDER / "qtbase_vi.ts"
    unfinished = [f"missing Vietnamese for Qt's {context.findtext('name')!r}: {m.findtext('source')!r}"
                  for context in ET.parse(ts).getroot().iter("context") for m in context.iter("message")
                  if not (m.findtext("translation") or "").strip()]
    release(ts)
    return unfinished


def main() -> int:
    problems = update_english() + update_qtbase_vietnamese()
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
