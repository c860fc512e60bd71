"""The results report as an editable Word file: reopened with python-docx (layout of Nghị định 30/2020, the
sections the office writes, signer, phụ lục), converted by LibreOffice to PDF and read back with pdftotext, the
figures recounted by SQL written in the test."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.text.paragraph import Paragraph

from binhdan_desktop.cli.main import run
from binhdan_desktop.reports.docx import EDITABLE_PARTS, PLACEHOLDER, write_docx
from binhdan_desktop.services import demo, households, reports
from binhdan_desktop.store.db import open_database
from tests.recount import adults_vneid, digital_identity, dotted

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AS_OF = min(dt.date.today(), dt.date(2026, 12, 31))  # a report counts up to the day it is made
WRITER = Path("/usr/lib/libreoffice/program/libswlo.so")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "demo.sqlite3"
    with open_database(path) as db:
        demo.generate(db, 250, seed=11)
    return path


def _report(path: Path, kind: str = "results", **kw: object) -> reports.Report:
    with open_database(path) as db, db.read() as s:
        return reports.build(s, kind, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def results_docx(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_docx(_report(demo_db, year=2026), tmp_path_factory.mktemp("out") / "ket-qua.docx")


def _texts(cell: object) -> list[str]:
    return [p.text for p in cell.paragraphs]  # type: ignore[attr-defined]


def _has_figures(texts: list[str], num: int, den: int) -> bool:
    joined = " | ".join(texts)
    return f"{dotted(num)}/{dotted(den)}" in joined or (dotted(num) in texts and dotted(den) in texts)


def test_page_setup_header_block_and_title(results_docx: Path) -> None:
    d = docx.Document(str(results_docx))
    first, annex = d.sections
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)] \
        == [20, 20, 30, 15]
    assert first.different_first_page_header_footer  # no number on page 1
    assert "PAGE" in "".join(t.text for t in first.header._element.iter(f"{W}instrText"))
    assert round(annex.page_width.mm) == 297 and annex._sectPr.find(f"{W}pgNumType").get(f"{W}start") == "1"
    head = d.tables[0]
    left, right = head.rows[0].cells
    assert _texts(left)[:3] == ["UBND TỈNH QUẢNG NGÃI", "ỦY BAN NHÂN DÂN", "XÃ BÌNH CHƯƠNG"]
    assert _texts(right)[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert all(r.bold for p in right.paragraphs for r in p.runs)
    # the rules: a bottom border under the issuing body and under the motto, the motto's one as long as it
    rules = [p for p in left.paragraphs + right.paragraphs if p._p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None]
    assert len(rules) == 2
    motto_rule = rules[1].paragraph_format
    assert 50 < 100 - motto_rule.left_indent.mm - motto_rule.right_indent.mm < 62  # ≈ 56 mm at 13.5 pt
    number, date = head.rows[1].cells
    assert _texts(number)[0].startswith("Số:") and "/BC-UBND (Bản\u00a0nháp" in _texts(number)[0]  # not issued
    assert date.paragraphs[0].runs[0].italic and _texts(date)[0].startswith("Bình Chương, ngày ")
    body = [p.text for p in d.paragraphs]
    title = body.index("BÁO CÁO")
    assert body[title + 1] == "Kết quả thực hiện chỉ tiêu Phong trào “Bình dân học vụ số” năm 2026"
    assert d.paragraphs[title].runs[0].bold and d.paragraphs[title].runs[0].font.size.pt == 14


def test_the_office_writes_its_sections_before_signing(results_docx: Path) -> None:
    d = docx.Document(str(results_docx))
    texts = [p.text for p in d.paragraphs]
    three, four = (texts.index(f"{n}. {t}") for n, t in zip(("III", "IV"), EDITABLE_PARTS, strict=True))
    assert texts[three + 1] == PLACEHOLDER and texts[four + 1] == PLACEHOLDER + "./."
    assert "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU" in texts and "II. ĐÁNH GIÁ CHUNG" in texts
    assert sum(t.count("./.") for t in texts) == 1  # the closing mark moved to the very end of the body
    placeholder = d.paragraphs[three + 1].runs[0]
    assert placeholder.italic and placeholder.font.highlight_color is not None
    assert d.paragraphs[four].runs[0].bold


def test_signature_block_and_recipients(results_docx: Path) -> None:
    d = docx.Document(str(results_docx))
    sign = d.tables[1]
    left, right = sign.rows[0].cells
    lines = _texts(left)
    assert lines[0] == "Nơi nhận:" and left.paragraphs[0].runs[0].bold and left.paragraphs[0].runs[0].italic
    assert all(x.startswith("- ") for x in lines[1:]) and lines[-1] == "- Lưu: VT."
    assert all(x.endswith(";") for x in lines[1:-1])
    assert _texts(right)[:2] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] and _texts(right)[-1] == "Nguyễn Văn Quân"
    assert sign.rows[0]._tr.find(f"{W}trPr/{W}cantSplit") is not None  # never split over two pages
    assert (round(sign.columns[0].width.mm), round(sign.columns[1].width.mm)) == (70, 95)


def test_annex_tables_carry_the_recounted_figures(demo_db: Path, results_docx: Path) -> None:
    d = docx.Document(str(results_docx))
    tables = d.tables[2:]
    head = tables[0].rows[0]
    assert head._tr.find(f"{W}trPr/{W}tblHeader") is not None  # repeated on every page
    assert [c.text for c in head.cells][:2] == ["TT", "Mục tiêu"]
    rows = [[c.text for c in r.cells] for r in tables[0].rows[1:]]
    for recount in (digital_identity, adults_vneid):
        num, den = recount(demo_db, AS_OF)
        assert den > 0 and any(_has_figures(r, num, den) for r in rows), recount.__name__
    village = next(t for t in tables if "Thôn Đồng Răm" in _before(t))
    num, den = digital_identity(demo_db, AS_OF, "Thôn Đồng Răm")
    assert any(_has_figures([c.text for c in r.cells], num, den) for r in village.rows[1:])


def _before(table: object) -> str:
    """The title paragraph just above a table of the phụ lục."""
    prev = table._tbl.getprevious()  # type: ignore[attr-defined]
    return Paragraph(prev, None).text


@pytest.mark.skipif(shutil.which("soffice") is None or not WRITER.exists(), reason="LibreOffice Writer missing")
def test_libreoffice_converts_it_and_shows_title_figures_and_signer(demo_db: Path, results_docx: Path,
                                                                   tmp_path: Path) -> None:
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(results_docx)], check=True, capture_output=True, timeout=300)
    pdf = tmp_path / "ket-qua.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    for needle in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO", "năm 2026", "Nơi nhận:", "KT. CHỦ TỊCH",
                   "Nguyễn Văn Quân", "IV. ĐỀ XUẤT, KIẾN NGHỊ", "Phụ lục"):
        assert needle in flat, needle
    num, den = digital_identity(demo_db, AS_OF)
    assert f"{dotted(num)}/{dotted(den)}" in flat or (dotted(num) in flat and dotted(den) in flat)
    pages = text.split("\f")
    assert pages[0].split("\n")[0].strip().startswith("UBND TỈNH QUẢNG NGÃI")  # no page number on page 1
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
                   check=True)
    (png,) = tmp_path.glob("p-*.png")
    assert png.stat().st_size > 5_000


@pytest.mark.parametrize("kind", reports.KINDS)
def test_every_report_writes_a_docx_and_lists_get_no_sections_to_write(demo_db: Path, tmp_path: Path,
                                                                       kind: str) -> None:
    report = _report(demo_db, kind, year=2026, village="Thôn An Điềm")
    d = docx.Document(str(write_docx(report, tmp_path / f"{kind}.docx")))
    texts = [p.text for p in d.paragraphs]
    assert (PLACEHOLDER in texts or PLACEHOLDER + "./." in texts) == (kind not in ("checklist", "visits",
                                                                                   "learners"))
    assert sum(len(t.rows) - 1 for t in d.tables[2:]) == report.row_count


def test_typed_text_is_text_and_control_characters_never_reach_the_file(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "evil.sqlite3"
    shutil.copyfile(demo_db, path)
    with open_database(path) as db:
        reports.save_report_settings(db, {"report.signer_name": "Lê Thị <b>Hoa</b> & Co", "report.recipients":
                                          ["Sở KH&CN (báo cáo)", "‹thôn 1, 2, 3>"]})
    report = _report(path, year=2026)
    report.body.append("Một dòng có ký tự điều khiển\x01\x1f ở giữa")
    d = docx.Document(str(write_docx(report, tmp_path / "evil.docx")))
    left, right = d.tables[1].rows[0].cells
    assert _texts(right)[-1] == "Lê Thị <b>Hoa</b> & Co"
    assert _texts(left)[1:3] == ["- Sở KH&CN (báo cáo);", "- ‹thôn 1, 2, 3>."]
    assert "Một dòng có ký tự điều khiển ở giữa" in [p.text for p in d.paragraphs]


def test_cancel_leaves_no_file(demo_db: Path, tmp_path: Path) -> None:
    report = _report(demo_db, "learners", year=2026)

    class Stop(Exception):
        pass

    def progress(fraction: float) -> None:
        if fraction > 0.3:
            raise Stop

    with pytest.raises(Stop):
        write_docx(report, tmp_path / "l.docx", progress)
    assert list(tmp_path.iterdir()) == []


def test_cli_format_docx(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.docx"
    assert run(["--db", str(demo_db), "report", "results", "--year", "2026", "--format", "docx", "--out",
                str(out)]) == 0
    assert docx.Document(str(out)).paragraphs
    assert run(["--db", str(demo_db), "report", "results", "--out", str(tmp_path / "r2.docx")]) == 0
    capsys.readouterr()
    assert run(["--db", str(demo_db), "report", "results", "--format", "docx", "--out",
                str(tmp_path / "r.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Lỗi:" in err and "Error:" in err
    assert not (tmp_path / "r.pdf").exists()


def test_percent_sign_is_kept_to_its_number_by_a_non_breaking_space(results_docx: Path) -> None:
    """Issue 14: Word broke "(46,7 %)" before the "%" (a plain space); the PDF and the workbook use U+00A0."""
    with zipfile.ZipFile(results_docx) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert re.search(r"\d %", xml) is None
    assert len(re.findall(r"\d\u00a0%", xml)) >= 8  # the eight indicators' rates, in the body and the phụ lục


def test_note_on_people_with_no_birth_year_as_in_the_pdf(demo_db: Path, tmp_path: Path) -> None:
    """Issue 14: the PDF and the workbook say "Ghi chú: N người chưa có năm sinh…"; the Word file said nothing."""
    path = tmp_path / "no-birth.sqlite3"
    shutil.copyfile(demo_db, path)
    con = sqlite3.connect(path)
    ids = [r[0] for r in con.execute(
        "SELECT p.id FROM person p JOIN household h ON h.id = p.household_id WHERE p.deleted = 0 AND h.deleted = 0 "
        "AND p.residence = 'cu_tru' AND p.birth_year IS NOT NULL ORDER BY p.id LIMIT 2")]
    con.close()
    with open_database(path) as db:
        for person_id in ids:
            households.set_person_fields(db, person_id, birth_year=None, birth_date=None)
    con = sqlite3.connect(path)
    (n,) = con.execute(
        "SELECT COUNT(*) FROM person p JOIN household h ON h.id = p.household_id WHERE p.deleted = 0 "
        "AND h.deleted = 0 AND p.residence = 'cu_tru' AND p.birth_year IS NULL AND p.birth_date IS NULL").fetchone()
    con.close()
    assert n >= 2
    report = _report(path, year=2026)
    d = docx.Document(str(write_docx(report, tmp_path / "r.docx")))
    notes = [p.text for p in d.paragraphs if p.text.startswith("Ghi chú:")]
    assert notes == [f"Ghi chú: {dotted(n)} người chưa có năm sinh nên không được tính vào các chỉ tiêu theo độ "
                     f"tuổi (từ 16 tuổi, từ 18 tuổi)."]
    assert notes == [f"Ghi chú: {note}" for note in report.notes]  # the text the PDF and the workbook print
    texts = [p.text for p in d.paragraphs]
    assert texts.index(notes[0]) < len(texts) and d.paragraphs[texts.index(notes[0]) - 1].paragraph_format \
        .keep_with_next  # kept with the body's last lines and the signature


def _pictures(path: Path) -> list[tuple[str, bytes]]:
    """Each inline picture of the document, in order: its description (alt text) and its PNG."""
    d = docx.Document(str(path))
    out = []
    for inline in d.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
                                      "inline"):
        descr = inline.find("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
        blip = next(inline.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip"))
        rid = blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
        out.append((descr.get("descr"), d.part.related_parts[rid].blob))
    return out


def _quarter() -> str:
    return f"{AS_OF.year}-Q{(AS_OF.month - 1) // 3 + 1}"


def test_the_pdf_charts_are_in_the_docx_as_the_same_drawings(demo_db: Path, results_docx: Path,
                                                              tmp_path: Path) -> None:
    """The villages' bars (results) and the progress charts (period) the PDF draws: the very reportlab drawings,
    as 200 dpi pictures, each described by its chart's title."""
    from PIL import Image
    from reportlab.lib.units import mm

    from binhdan_desktop.reports import charts
    from binhdan_desktop.reports.docx import ANNEX_WIDTH_MM
    from binhdan_desktop.reports.pdf import chart as bar_chart
    from binhdan_desktop.reports.raster import drawing_png

    width = ANNEX_WIDTH_MM * mm
    results = _report(demo_db, year=2026)
    assert results.charts
    want = [(c.title, drawing_png(bar_chart(c, width / 2 - 4 * mm))) for c in results.charts]
    assert _pictures(results_docx) == want
    period = _report(demo_db, "period", period=_quarter())
    assert period.trends
    path = write_docx(period, tmp_path / "ky.docx")
    got = _pictures(path)
    assert [t for t, _ in got] == [c.title for c in period.charts] + [t.title for t in period.trends]
    drawings = charts.pdf_trends(period.trends, width)
    assert [png for _, png in got[len(period.charts):]] == [drawing_png(d) for d in drawings]
    with Image.open(io.BytesIO(got[-1][1])) as image:
        assert image.format == "PNG" and round(image.info["dpi"][0]) == 200
        assert image.size == (round(drawings[-1].width / 72 * 200), round(drawings[-1].height / 72 * 200))


@pytest.mark.skipif(shutil.which("soffice") is None or not WRITER.exists(), reason="LibreOffice Writer missing")
def test_libreoffice_shows_the_period_charts(demo_db: Path, tmp_path: Path) -> None:
    period = _report(demo_db, "period", period=_quarter())
    path = write_docx(period, tmp_path / "ky.docx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=300)
    listed = subprocess.run(["pdfimages", "-list", str(tmp_path / "ky.pdf")], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert len(listed) == len(period.charts) + len(period.trends)
    assert all(line.split()[12:14] == ["200", "200"] for line in listed)  # x-ppi, y-ppi
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "ky.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Biểu đồ tiến độ từng chỉ tiêu" in text
