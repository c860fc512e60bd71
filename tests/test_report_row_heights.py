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


# --- the visit log: a row of one line has no height; a wrapped note makes its row as tall as its lines ---------

LONG_NOTE = ("Hướng dẫn cả nhà cài đặt VNeID mức 2, thanh toán tiền điện qua ứng dụng ngân hàng và nhận biết "
             "tin nhắn lừa đảo; hẹn quay lại kiểm tra")


@pytest.fixture(scope="module")
def visits_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import datetime as dt

    from sqlalchemy import func, select

    from binhdan_desktop.services.visits import VisitDraft, record_visit
    from binhdan_desktop.store.models import Household, VisitMember

    folder = tmp_path_factory.mktemp("visit-heights")
    with open_database(folder / "demo.sqlite3") as db:
        demo.generate(db, 250, seed=11)
        with db.read() as s:
            household = s.scalars(select(Household).order_by(Household.code)).first()
            member = s.scalars(select(VisitMember.member_id).group_by(VisitMember.member_id)  # the longest list
                               .order_by(func.count().desc())).first()
            assert household is not None and member is not None
            ids = household.id, member
        today = dt.date.today()
        record_visit(db, VisitDraft(ids[0], today - dt.timedelta(days=90), [ids[1]], notes=LONG_NOTE))  # mid-list
        with db.read() as s:
            report = reports.build(s, "visits", start=dt.date(today.year, 1, 1), end=today, today=today)
    assert report.row_count > 100
    return reports.write(report, folder / "nhat-ky.xlsx", "xlsx")


def _visit_rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[int]:
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "TT")
    return [r for r in range(header + 1, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int)]


def test_visit_log_rows_of_one_line_have_no_height(visits_xlsx: Path) -> None:
    """The defect: every row 2 lines tall because a village's name ("Thôn Bình Thanh", 85 pt) was measured
    against a column reckoned in Calibri's 7 px digits, not the default Times New Roman 12's 8 px."""
    wb = openpyxl.load_workbook(visits_xlsx)
    rows = tall = 0
    long_heights = []
    for ws in wb.worksheets[1:]:  # each member's list
        for r in _visit_rows(ws):
            rows += 1
            height = ws.row_dimensions[r].height
            if ws.cell(r, 9).value == LONG_NOTE:
                long_heights.append(height)
            elif height is not None:
                tall += 1
            if ws.cell(r, 2).value == "Thôn Bình Thanh" and not ws.cell(r, 9).value:
                assert height is None, (ws.title, r)
    assert rows > 100
    assert tall <= rows // 50, (tall, rows)  # only a row with a note wider than its column
    # The long note wraps (the column holds about 25 characters a line): 14 pt a line + 2, as in the learners list.
    assert len(long_heights) == 1 and long_heights[0] is not None
    lines = round((long_heights[0] - ROW_PAD) / LINE_PT[12])
    assert lines >= 3 and long_heights[0] == lines * LINE_PT[12] + ROW_PAD


def test_libreoffice_prints_visit_rows_one_line_tall(visits_xlsx: Path, tmp_path: Path) -> None:
    """Through LibreOffice to PDF: from one row's number (column TT) to the next is one line for a plain row,
    and the row with the long note is as many times taller as it has lines; the pages as few as that allows."""
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(visits_xlsx)], capture_output=True, check=True,
                   timeout=900)
    wb = openpyxl.load_workbook(visits_xlsx)
    long_height = next(ws.row_dimensions[r].height for ws in wb.worksheets[1:] for r in _visit_rows(ws)
                       if ws.cell(r, 9).value == LONG_NOTE)
    pages = _words(tmp_path / "nhat-ky.pdf")
    plain, note_gaps = [], []
    for words in pages:
        heads = [(x, y) for x, y, t in words if t == "TT"]
        if not heads:
            continue
        left = heads[0][0]
        numbers = sorted(y for x, y, t in words if t.isdigit() and abs(x - left) < 15 and y > heads[0][1])
        note_tops = [y for _, y, t in words if t == "Hướng"]
        for top, bottom in pairwise(numbers):
            (note_gaps if any(abs(y - top) < 2 for y in note_tops) else plain).append(bottom - top)
    one = statistics.median(plain)
    assert max(plain) < one * 1.5  # no row of a member's list is taller than a line, but for the note's
    assert len(note_gaps) == 1
    # LibreOffice's own one-line row of Times New Roman 12 is 15 pt (0.2083 in): the note's row is that many times.
    assert note_gaps[0] == pytest.approx(one * long_height / 15, rel=0.1)
    rows = sum(len(_visit_rows(ws)) for ws in wb.worksheets[1:])
    assert len(pages) <= len(wb.worksheets) + rows // 30  # ~40 one-line rows a page (2 lines: ~20)
