"""What a report puts on its pages: every character drawn has a glyph in its font (tick marks included), text a
user typed prints as typed (never markup, never a control character), the signature never sits alone, and a
workbook opened in LibreOffice prints its wrapped rows apart, keeps "%" with its number, has its summary sheet and
its totals rows. Counts are recounted here by SQL."""

from __future__ import annotations

import datetime as dt
import functools
import re
import subprocess
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import openpyxl
import pytest
from fontTools.ttLib import TTFont as FontFile
from reportlab.pdfbase.ttfonts import TTFont

from binhdan_desktop.cli.main import run
from binhdan_desktop.reports import pdf_text
from binhdan_desktop.reports.model import Header, Report
from binhdan_desktop.reports.pdf import write_pdf
from binhdan_desktop.services import commune as commune_svc
from binhdan_desktop.services import demo, reports
from binhdan_desktop.store.db import open_database

VILLAGE = "Thôn An Điềm"
YEAR = 2026


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pages") / "demo.sqlite3"
    with open_database(path) as db:
        demo.generate(db, 250, seed=11)
    return path


def _report(path: Path, kind: str, village: str | None = None) -> Report:
    with open_database(path) as db, db.read() as s:
        return reports.build(s, kind, year=YEAR, village=village)


def pdf_pages(path: Path, layout: bool = True) -> list[str]:
    text = subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")


@functools.cache
def cmap_of(font_name: str) -> frozenset[int]:
    """The characters a registered font has glyphs for, read from its file by fontTools (not by reportlab)."""
    folder = resources.files("binhdan_desktop.resources") / "fonts"
    return frozenset(FontFile(str(folder / pdf_text._FILES[font_name])).getBestCmap())


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str]]]:
    """Every (font, text) reportlab draws with an embedded font: all text goes through TTFont.splitString."""
    seen: list[tuple[str, str]] = []
    original = TTFont.splitString

    def record(self: TTFont, text: str, doc: object, encoding: str = "utf-8") -> object:
        seen.append((self.fontName, text))
        return original(self, text, doc, encoding)

    monkeypatch.setattr(TTFont, "splitString", record)
    yield seen


@pytest.mark.parametrize("village", [None, VILLAGE])
@pytest.mark.parametrize("kind", reports.KINDS)
def test_every_character_drawn_has_a_glyph_in_its_font(demo_db: Path, tmp_path: Path, kind: str,
                                                        village: str | None, drawn: list[tuple[str, str]]) -> None:
    report = _report(demo_db, kind, village)
    out = write_pdf(report, tmp_path / f"{kind}.pdf")
    assert drawn
    missing = {(font, ch) for font, text in drawn for ch in text if ord(ch) not in cmap_of(font)}
    assert not missing, sorted(missing)[:20]
    if kind == "checklist":
        assert any(font == pdf_text.MARKS and "☐" in text for font, text in drawn)
    lines = [line.strip() for page in pdf_pages(out, layout=False) for line in page.splitlines()]
    assert not [line for line in lines if line.startswith("%")]  # "35,2 %" never breaks before its "%"


def _marks_needed(db_path: Path, village: str | None) -> tuple[int, int]:
    """The rows that need a mark, recounted: residents aged 16 or more without VNeID level 2, and those without a
    bank account."""
    today = dt.date.today()
    as_of = min(dt.date(YEAR, 12, 31), max(today, dt.date(YEAR, 1, 1)))
    cut = as_of.replace(year=as_of.year - 16, day=28 if (as_of.month, as_of.day) == (2, 29) else as_of.day)
    with open_database(db_path) as db, db.read() as s:
        no_id, no_bank = s.connection().exec_driver_sql(
            "SELECT COALESCE(SUM(p.vneid_level < 2), 0), COALESCE(SUM(COALESCE(p.has_bank_account, 0) = 0), 0) "
            "FROM person p JOIN household h ON h.id = p.household_id JOIN village v ON v.id = h.village_id "
            "WHERE p.deleted = 0 AND h.deleted = 0 AND p.residence = 'cu_tru' AND p.birth_ref IS NOT NULL "
            "AND p.birth_ref <= ? AND (? IS NULL OR v.name = ?)", (cut.isoformat(), village, village)).one()
        return int(no_id), int(no_bank)


@pytest.mark.parametrize("village", [None, VILLAGE])
def test_checklist_pdf_prints_every_mark_as_text(demo_db: Path, tmp_path: Path, village: str | None) -> None:
    out = tmp_path / "c.pdf"
    args = ["--db", str(demo_db), "report", "checklist", "--year", str(YEAR), "--out", str(out)]
    assert run(args + (["--village", village] if village else [])) == 0
    no_id, no_bank = _marks_needed(demo_db, village)
    needed = no_id + no_bank
    assert no_id > 20 and no_bank > 20
    assert "".join(pdf_pages(out)).count("☐") == needed
    xlsx = tmp_path / "c.xlsx"
    assert run(args[:-1] + [str(xlsx)] + (["--village", village] if village else [])) == 0
    wb = openpyxl.load_workbook(xlsx)
    marks = sum(1 for ws in wb.worksheets[1:] for row in ws.iter_rows(values_only=True) for v in row if v == "☐")
    assert marks == needed  # the same marks in the workbook
    totals = [c.value for c in list(wb.worksheets[0].iter_rows())[-1]]  # the summary's totals row
    assert totals[1] == "Tổng cộng" and totals[3:5] == [no_id, no_bank]


TYPED = {"recipient": "Sở KH&CN (báo cáo)", "angle": "‹thôn 1, 2, 3>", "signer": "Lê <b>Văn</b> & Tý",
         "title": "PHÓ CHỦ TỊCH <i>UBND</i>", "village": "Thôn <Mới> & Cũ"}


def test_typed_text_prints_as_typed_and_control_characters_never_reach_a_file(
        demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "typed.sqlite3"
    path.write_bytes(demo_db.read_bytes())
    with open_database(path) as db:
        reports.save_report_settings(db, {"report.recipients": [TYPED["recipient"], TYPED["angle"]],
                                          "report.signer_name": TYPED["signer"],
                                          "report.signer_title": TYPED["title"]})
        village_id = next(v for v in commune_svc.village_list(db) if v.name == VILLAGE).id
        commune_svc.rename_village(db, village_id, TYPED["village"])
        with db.write() as s:  # a name with a BEL, as an old file or another device could bring it
            pid, name = s.connection().exec_driver_sql(
                "SELECT p.id, p.full_name FROM person p JOIN person_progress pg ON pg.person_id = p.id "
                "WHERE p.vneid_level < 2 AND p.birth_year BETWEEN 1950 AND 1990 AND p.deleted = 0 "
                "AND p.residence = 'cu_tru' ORDER BY p.id LIMIT 1").one()
            s.connection().exec_driver_sql("UPDATE person SET full_name = ? WHERE id = ?",
                                           (name.replace(" ", "\x07 ", 1) + "\x1b", pid))
    for kind in ("checklist", "learners"):
        for fmt in ("pdf", "xlsx"):
            out = tmp_path / f"{kind}.{fmt}"
            assert run(["--db", str(path), "report", kind, "--year", str(YEAR), "--out", str(out)]) == 0, \
                capsys.readouterr()
        text = "".join(pdf_pages(tmp_path / f"{kind}.pdf"))
        assert f"- {TYPED['recipient']};" in text and f"- {TYPED['angle']}." in text
        assert TYPED["signer"] in text and TYPED["title"] in text and TYPED["village"] in text
        assert name in text and "\x07" not in text and "\x1b" not in text
        wb = openpyxl.load_workbook(tmp_path / f"{kind}.xlsx")
        values = [v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
                  if isinstance(v, str)]
        assert name in values and not any("\x07" in v or "\x1b" in v for v in values)
        assert any(v.startswith(TYPED["village"]) for v in wb.sheetnames)


def _header(signer: str) -> Header:
    return Header(governing_body="UBND TỈNH QUẢNG NGÃI", issuing_body=["ỦY BAN NHÂN DÂN", "XÃ BÌNH CHƯƠNG"],
                  number="Số: 05/BC-UBND", place_date="Bình Chương, ngày 02 tháng 12 năm 2026", doc_type="BÁO CÁO",
                  subject="Thử trang ký", signer_authority="KT. CHỦ TỊCH", signer_title="PHÓ CHỦ TỊCH",
                  signer_name=signer, recipients=["Như trên", "Lưu: VT"], annex_ref="")


def test_the_signature_stays_with_the_last_lines(tmp_path: Path) -> None:
    """Bodies of 8 to 30 lines: wherever the body ends on its page, the last part's title, the last line and the
    signer's name are printed on one page."""
    signer = "Nguyễn Văn Ký"
    for n in range(8, 31):
        lines = [f"- Dòng thứ {i + 1} của phần kết quả." for i in range(n)]
        body = ["Mở đầu.", "#I. KẾT QUẢ", *lines, "#II. ĐÁNH GIÁ CHUNG", "Dòng cuối cùng của báo cáo./."]
        out = write_pdf(Report("results", _header(signer), body, "", []), tmp_path / f"s{n}.pdf")
        pages = pdf_pages(out)
        page = next(p for p in pages if signer in p)
        assert "Dòng cuối cùng của báo cáo" in page and "II. ĐÁNH GIÁ CHUNG" in page, n


RANKING_HEAD_WORDS = ("Hạng:", "Người", "lớn", "KN", "cơ", "bản", "VNeID", "Lao", "động", "DN", "Tiểu", "thương")


def _soffice_pdf(files: list[Path], out: Path) -> None:
    profile = out / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, files)], capture_output=True, check=True, timeout=600)


@pytest.mark.parametrize("village", [None, VILLAGE])
def test_workbooks_print_in_libreoffice_with_heights_summary_and_totals(demo_db: Path, tmp_path: Path,
                                                                        village: str | None) -> None:
    files = []
    for kind in reports.KINDS:
        out = tmp_path / f"{kind}.xlsx"
        args = ["--db", str(demo_db), "report", kind, "--year", str(YEAR), "--out", str(out)]
        assert run(args + (["--village", village] if village else [])) == 0
        files.append(out)
        wb = openpyxl.load_workbook(out)
        first = wb.worksheets[0]
        assert first.title == ("Tổng hợp" if kind in ("checklist", "visits", "learners") else
                               "Tổng hợp theo loại" if kind == "events" else (village or "Toàn xã"))
        for ws in wb.worksheets:
            widths = {k: d.width for k, d in ws.column_dimensions.items()}
            for row in ws.iter_rows(min_row=10):
                long = [c for c in row if c.alignment.wrap_text and isinstance(c.value, str)
                        and len(c.value) > 1.6 * (widths.get(c.column_letter) or 13)]
                if long:  # text at least 1.6 times the column's width in characters needs two lines or more
                    height = ws.row_dimensions[row[0].row].height
                    assert height is not None and height >= 28, (kind, ws.title, row[0].row, long[0].value)
            if kind not in ("results", "period"):  # rates and ranks do not add up
                last = [c.value for c in list(ws.iter_rows())[-1]]
                assert any(str(v).startswith("Tổng cộng") for v in last), (kind, ws.title)
    _soffice_pdf(files, tmp_path)
    for f in files:
        # every totals label prints whole: "Tổng cộng (mỗi lượt thăm tính một lần)" was cut at "một lầ"
        pages = pdf_pages(f.with_suffix(".pdf"), layout=False)
        labels = {str(c.value) for ws in openpyxl.load_workbook(f).worksheets for c in list(ws.iter_rows())[-1]
                  if str(c.value).startswith("Tổng cộng")}
        for label in labels:
            assert label in " ".join(" ".join(pages).split()), (f.name, label)
        if f.stem == "period" and village is None:  # the ranking's headers: no word broken, none cut off below
            words = next(p for p in pages if "Xếp hạng thi đua các thôn" in p).split()
            assert "CBCCVC" in words and "CBCCV" not in words
            assert all(w in words for w in RANKING_HEAD_WORDS), [w for w in RANKING_HEAD_WORDS if w not in words]
        lines = [line.strip() for page in pdf_pages(f.with_suffix(".pdf")) for line in page.splitlines()]
        assert lines and not [line for line in lines if line == "%"], f.name
        # a code is never broken after its hyphen ("KN-" / "01", "T01-" / "0490") where a row wraps; pdftotext
        # joins such a line end again without its hyphen ("KN07")
        broken = [line for page in pdf_pages(f.with_suffix(".pdf"), layout=False) for line in page.splitlines()
                  if re.search(r"[A-Z0-9]-$|\bKN\d\d\b|\bT\d\d\d{4}\b", line.strip())]
        assert not broken, (f.name, broken[:5])
    # The period workbook's progress sheet prints one page wide, each table with its chart beside it, whole: a
    # page with a table's "Ngày" column has that many charts (their axis title) on it too.
    charts = 0
    for page in pdf_pages(tmp_path / "period.pdf", layout=False):
        lines = [line.strip() for line in page.splitlines()]
        assert lines.count("Ngày") == lines.count("Tỷ lệ đạt"), page[:300]
        charts += lines.count("Tỷ lệ đạt")
    assert charts >= 8  # one an indicator
    codes = [line for page in pdf_pages(tmp_path / "learners.pdf", layout=False) for line in page.splitlines()
             if re.search(r"KN-\d\d, KN-\d\d", line)]
    assert codes  # the lesson codes are there, whole


def test_a_narrow_column_header_wraps_between_words_never_inside_one(demo_db: Path, tmp_path: Path) -> None:
    """The period report's ranking has a column per indicator ("Hạng: CBCCVC"): its header printed "CBCCV" / "C"."""
    report = _report(demo_db, "period")
    heads = [c.header for t in report.tables for c in t.columns if c.header.startswith("Hạng: ")]
    assert "Hạng: CBCCVC" in heads
    text = " ".join(" ".join(pdf_pages(write_pdf(report, tmp_path / "p.pdf"), layout=False)).split())
    for head in heads:  # each word of each header whole (lines joined by a space)
        assert head in text, head


def test_every_pdf_table_header_prints_in_the_one_header_size(demo_db: Path, tmp_path: Path) -> None:
    """The ranking's narrow columns are widened to their header's longest word: its headers printed at 8 pt
    beside the other tables' 11.5 pt."""
    from pypdf import PdfReader

    sizes: dict[str, set[float]] = {t: set() for t in ("Hạng:", "CBCCVC", "Thành viên tổ", "Tổng số", "Số đạt")}

    def visit(text: str, _cm: object, tm: list[float], _font: object, size: float) -> None:
        if text.strip() in sizes:
            sizes[text.strip()].add(round(size * abs(tm[0]) if tm[0] else size, 1))

    for page in PdfReader(write_pdf(_report(demo_db, "period"), tmp_path / "p.pdf")).pages:
        if "Xếp hạng thi đua" in page.extract_text():  # the tables' pages (the charts' legends are smaller)
            page.extract_text(visitor_text=visit)
    assert all(sizes.values()) and set().union(*sizes.values()) == {11.5}, sizes


@pytest.mark.parametrize("village", [None, VILLAGE])
def test_each_bar_of_the_results_charts_prints_its_rate(demo_db: Path, tmp_path: Path, village: str | None) -> None:
    """The bar charts had no figures: each bar now says its rate, as the table prints it, and the axis is in %."""
    from binhdan_desktop.domain.formatting import fmt_pct
    from binhdan_desktop.reports.text import clean

    report = _report(demo_db, "results", village)
    assert report.charts
    pages = pdf_pages(write_pdf(report, tmp_path / "r.pdf"), layout=False)
    first = next(i for i, p in enumerate(pages) if "Biểu đồ tỷ lệ đạt" in p)
    text = "\n".join(pages[first:]).replace("\xa0", " ")
    labels = [clean(fmt_pct(rate)).replace("\xa0", " ") for c in report.charts for _, rate in c.bars]
    for label in set(labels):
        assert text.count(label) >= labels.count(label), label
    assert "100 %" in text and "50 %" in text
