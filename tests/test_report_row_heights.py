"""Row heights of a workbook's wrapped rows, as LibreOffice prints them: a row is as tall as its text (the
learners list of a commune printed 333 pages when each wrapped row had a line too many), never shorter; the
workbook's default font is the cells' own (Times New Roman 12), so a row of one line needs no height at all."""

from __future__ import annotations

import re
import statistics
import subprocess
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import openpyxl
import pytest

from binhdan_desktop.reports.xlsx_rows import LINE_PT, ROW_PAD
from binhdan_desktop.services import demo, reports
from binhdan_desktop.store.db import open_database

VILLAGE = "Thôn An Điềm"


@pytest.fixture(scope="module")
def learners_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("heights")
    with open_database(folder / "demo.sqlite3") as db:
        demo.generate(db, 250, seed=11)
        with db.read() as s:
            report = reports.build(s, "learners", year=2026, village=VILLAGE)
    assert report.row_count > 50
    return reports.write(report, folder / "nguoi-hoc.xlsx", "xlsx")


def test_each_wrapped_row_is_as_tall_as_its_lines(learners_xlsx: Path) -> None:
    wb = openpyxl.load_workbook(learners_xlsx)
    assert wb._fonts[0].name == "Times New Roman" and wb._fonts[0].sz == 12  # the default (the "Normal" style)
    ws = wb.worksheets[1]  # the village's list, after the summary
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "TT")
    lessons = next(c for c in range(1, 12) if ws.cell(header, c).value == "Các bài đã học")
    wrapped = 0
    for row in range(header + 1, ws.max_row + 1):
        text = ws.cell(row, lessons).value
        if not isinstance(text, str) or not text.startswith("KN-"):
            continue
        lines = text.count("\n") + 1  # broken at its spaces by the writer: the spreadsheet wraps nothing more
        height = ws.row_dimensions[row].height
        if lines == 1:
            assert height is None, (row, text)
        else:
            assert height == lines * LINE_PT[12] + ROW_PAD, (row, text, height)
            wrapped += 1
    assert wrapped > 10


def _words(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Each page's words as (x, y, text), from pdftotext's boxes."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    return [[(float(w.get("xMin", 0)), float(w.get("yMin", 0)), w.text or "") for w in page.iter("word")]
            for page in root.iter("page")]


def test_libreoffice_prints_each_row_as_tall_as_its_text(learners_xlsx: Path, tmp_path: Path) -> None:
    """Through LibreOffice to PDF: from one row's number (column TT) to the next there are as many lines of text
    as the row holds, and no blank line (within half a line)."""
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(learners_xlsx)], capture_output=True, check=True,
                   timeout=900)
    pages = _words(tmp_path / "nguoi-hoc.pdf")
    checked, pitches, gaps = 0, [], []
    for words in pages:
        heads = [(x, y) for x, y, t in words if t == "TT"]
        if not heads:
            continue  # the summary sheet
        left = heads[0][0]
        numbers = sorted(y for x, y, t in words if t.isdigit() and abs(x - left) < 15 and y > heads[0][1])
        lesson_lines = sorted({round(y, 1) for _, y, t in words if re.fullmatch(r"KN-\d\d,?", t)})
        for top, bottom in pairwise(numbers):
            inside = [y for y in lesson_lines if top - 1 <= y < bottom - 1]
            if not inside:
                continue
            pitches += [b - a for a, b in pairwise(inside)]
            gaps.append((bottom - top, len(inside)))
    pitch = statistics.median(pitches)
    assert pitch > 5
    for gap, lines in gaps:
        assert gap >= lines * pitch - 1, (gap, lines, pitch)  # never shorter than its text (lines over lines)
        assert gap <= (lines + 0.5) * pitch, (gap, lines, pitch)  # nor a blank line taller
        checked += 1
    assert checked > 50
