"""An indicator the plan sets no target for (the traders learning 4T) has nothing "missing": its "Còn thiếu" is
"–" (as its "Đánh giá"), never 0, in the workbook, the Word and PDF reports and the CLI; one with a target keeps
its count, recounted here from the indicator's own figures."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest

from binhdan_desktop.cli.main import run
from binhdan_desktop.services import demo, indicators, reports
from binhdan_desktop.store.db import open_database

TRADERS = "tiểu thương"


@pytest.fixture(scope="module")
def commune(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    folder = tmp_path_factory.mktemp("gap")
    path = folder / "xa.sqlite3"
    with open_database(path) as db:
        demo.generate(db, 250, seed=11)
        with db.read() as s:
            res = indicators.compute(s, 2026)
            report = reports.build(s, "results", year=2026)
        files = {fmt: reports.write(report, folder / f"ket-qua.{fmt}", fmt) for fmt in ("xlsx", "docx", "pdf")}
    untargeted = [r for r in res if r.target is None]
    assert untargeted and all(TRADERS in (r.goal or r.name) or TRADERS in r.name for r in untargeted)
    gaps = {(r.goal or r.name): r.gap for r in res if r.target is not None and r.village is None}
    return path, {"files": files, "gaps": gaps}


def _rows(table: list[list[object]]) -> tuple[list[list[object]], int, int]:
    header = next(i for i, row in enumerate(table) if "Còn thiếu" in row)
    return table[header + 1:], table[header].index("Chỉ tiêu"), table[header].index("Còn thiếu")


def test_workbook_and_word_say_dash(commune: tuple[Path, dict[str, object]]) -> None:
    files = commune[1]["files"]
    assert isinstance(files, dict)
    wb = openpyxl.load_workbook(files["xlsx"])
    tables = [[[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets]
    tables += [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(files["docx"]).tables]
    seen_dash = seen_count = 0
    for table in tables:
        if not any("Còn thiếu" in row for row in table):
            continue
        rows, goal, gap = _rows(table)
        for row in rows:
            if row[goal] in (None, ""):
                continue
            if row[goal] == "–":  # the plan sets no target
                assert row[gap] == "–", row
                seen_dash += 1
            elif isinstance(row[gap], int) or (isinstance(row[gap], str) and row[gap].replace(".", "").isdigit()):
                seen_count += 1
    assert seen_dash >= 8 and seen_count >= 8  # commune and villages, in both files


def test_pdf_says_dash(commune: tuple[Path, dict[str, object]]) -> None:
    """In the PDF's column "Còn thiếu" (under its header word "thiếu"): a "–" for each place's untargeted row."""
    files = commune[1]["files"]
    assert isinstance(files, dict)
    xml = subprocess.run(["pdftotext", "-bbox", str(files["pdf"]), "-"], capture_output=True, text=True,
                         check=True).stdout
    dashes = numbers = 0
    for page in xml.split("<page ")[1:]:
        words = [(float(x0), float(x1), float(y), t) for x0, y, x1, t in
                 re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', page)]
        heads = [(x0, x1, y) for x0, x1, y, t in words if t == "thiếu"]
        if not heads:
            continue
        x0, x1, top = heads[0]
        column = [t for a, b, y, t in words if y > top + 5 and a >= x0 - 8 and b <= x1 + 8]
        dashes += column.count("–")
        numbers += sum(1 for t in column if t.replace(".", "").isdigit())
    assert dashes == 4 and numbers >= 12  # the commune and its 3 villages; the targeted rows keep their count


def test_cli_says_dash(commune: tuple[Path, dict[str, object]], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", str(commune[0]), "indicators", "--year", "2026"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if TRADERS in line]
    assert len(lines) >= 4
    assert all(line.split()[-3:] == ["–", "–", "–"] for line in lines), lines
