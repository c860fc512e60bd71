"""The province's own form: the shipped example template filled from the CLI, its numbers recounted by SQL
written here; unknown placeholders and hostile files refused with one line (exit 2), nothing written."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from binhdan_desktop.cli.main import run
from binhdan_desktop.services import demo, reports
from binhdan_desktop.store.db import open_database
from tests.recount import adults_vneid, digital_identity, dotted

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "resources" / "bieu-mau-tinh-vi-du.xlsx"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "demo.sqlite3"
    with open_database(path) as db:
        demo.generate(db, 250, seed=11)
    return path


def _fill(db: Path, template: Path, out: Path, *extra: str) -> int:
    return run(["--db", str(db), "report", "template", "--template", str(template), "--out", str(out), *extra])


def _rows(path: Path) -> dict[str, list[object]]:
    """The filled sheet's rows keyed by their second column (the indicator's or village's name)."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    return {str(r[1].value): list(r) for r in ws.iter_rows() if r[1].value}


def test_the_example_template_filled_for_a_quarter(demo_db: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bieu.xlsx"
    assert _fill(demo_db, EXAMPLE, out, "--period", "2026-Q3") == 0
    assert "Đã điền" in capsys.readouterr().out
    as_of = dt.date(2026, 9, 30)
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws["A1"].value == "UBND XÃ Bình Chương" and ws["A2"].value == "Tỉnh Quảng Ngãi"
    assert ws["A4"].value.endswith("“BÌNH DÂN HỌC VỤ SỐ” quý III năm 2026")
    assert ws["A5"].value == "(Số liệu tính đến ngày 30/09/2026)"
    rows = _rows(out)
    num, den = digital_identity(demo_db, as_of)
    identity = rows["Mỗi công dân – Một danh tính số"]
    assert [c.value for c in identity[2:4]] == [num, den] and den > 0
    assert identity[4].value == pytest.approx(num / den) and identity[4].number_format == "0.0%"
    assert identity[5].value == 1 and identity[6].value == ("Đạt" if num == den else "Chưa đạt")
    num, den = adults_vneid(demo_db, as_of)
    assert [c.value for c in rows["Người dân trưởng thành học trên nền tảng VNeID"][2:4]] == [num, den]
    for village in ("Thôn An Điềm", "Thôn Đồng Răm", "Thôn Bình Thanh"):  # adults_basic: the same adults
        assert rows[village][3].value == adults_vneid(demo_db, as_of, village)[1]
    total = rows["Tổng số đạt (công thức của mẫu):"][2]
    assert total.data_type == "f" and total.value.startswith("=SUM(")  # the form's own formula stays
    assert rows["Chợ số – Nông thôn số (tiểu thương học 4T)"][5].value is None  # no target: blank, not 0
    assert not any("{{" in str(c.value) for row in openpyxl.load_workbook(out).worksheets[0].iter_rows()
                   for c in row)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice missing")
def test_the_filled_form_opens_in_libreoffice(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "bieu.xlsx"
    assert _fill(demo_db, EXAMPLE, out, "--year", "2025") == 0
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out)], check=True, capture_output=True, timeout=300)
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(tmp_path / "bieu.pdf"), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    pages = subprocess.run(["pdfinfo", str(tmp_path / "bieu.pdf")], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", pages, re.M)  # the form prints on one page, its last column not cut off
    num, den = digital_identity(demo_db, dt.date(2025, 12, 31))
    assert "năm 2025" in text and "31/12/2025" in text and "Nguyễn Văn Quân" in text
    assert f"{dotted(num)} {dotted(den)}" in text or f"{num} {den}" in text


def test_village_default_and_text_cells(demo_db: Path, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Mẫu"
    ws["A1"] = "{{ adults_vneid.denominator }}"
    ws["A2"] = "Thôn {{village}}: {{adults_vneid.numerator}}/{{adults_vneid.denominator}} ({{adults_vneid.rate}})"
    ws["A3"] = "{{adults_vneid@Toàn xã.denominator}}"
    ws["A4"] = "{{adults_vneid@thon an diem.denominator}}"  # village names without diacritics or case
    ws["A5"] = "{{as_of}}"
    template = tmp_path / "m.xlsx"
    wb.save(template)
    out = tmp_path / "o.xlsx"
    assert _fill(demo_db, template, out, "--as-of", "15/08/2026", "--village", "Thôn Đồng Răm") == 0
    as_of = dt.date(2026, 8, 15)
    got = openpyxl.load_workbook(out).active
    num, den = adults_vneid(demo_db, as_of, "Thôn Đồng Răm")
    assert got["A1"].value == den
    rate = f"{num / den * 100:.1f}".replace(".", ",")
    assert got["A2"].value == f"Thôn Thôn Đồng Răm: {dotted(num)}/{dotted(den)} ({rate} %)"
    assert got["A3"].value == adults_vneid(demo_db, as_of)[1]  # "@Toàn xã": the commune, whatever --village says
    assert got["A4"].value == adults_vneid(demo_db, as_of, "Thôn An Điềm")[1]
    assert got["A5"].value == dt.datetime(2026, 8, 15) and got["A5"].number_format == "dd/mm/yyyy"


def test_typed_text_never_becomes_a_formula(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "evil.sqlite3"
    shutil.copyfile(demo_db, path)
    with open_database(path) as db:
        reports.save_report_settings(db, {"report.signer_name": "=HYPERLINK(\"http://x\",\"y\")"})
    wb = openpyxl.Workbook()
    wb.active["B2"] = "{{signer}}"
    wb.save(tmp_path / "m.xlsx")
    assert _fill(path, tmp_path / "m.xlsx", tmp_path / "o.xlsx") == 0
    cell = openpyxl.load_workbook(tmp_path / "o.xlsx").active["B2"]
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"http://x\",\"y\")"


@pytest.mark.parametrize(("text", "shown"), [
    ("{{adults_basic.ratio}}", "{{adults_basic.ratio}}"),
    ("Tỷ lệ: {{nope.rate}} …", "{{nope.rate}}"),
    ("{{adults_basic@Thôn Không Có.rate}}", "{{adults_basic@Thôn Không Có.rate}}"),
    ("{{communes}}", "{{communes}}"),
    ("{{commune", "{{commune"),
])
def test_an_unknown_placeholder_names_its_cell(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              text: str, shown: str) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "{{commune}}"
    ws = wb.create_sheet("Biểu 2")
    ws["C7"] = text
    wb.save(tmp_path / "m.xlsx")
    out = tmp_path / "o.xlsx"
    assert _fill(demo_db, tmp_path / "m.xlsx", out) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("Lỗi: Ô Biểu 2!C7") and "/ Error: Cell Biểu 2!C7" in err
    assert shown in err and "Traceback" not in err
    assert not out.exists() and list(tmp_path.glob(".~*")) == []


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _hostile(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.xlsx"
    if kind == "zip_bomb":
        return _zip(path, {"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"0" * 50_000_000})
    if kind == "doctype":
        return _zip(path, {"xl/workbook.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><workbook/>'})
    if kind == "not_a_sheet":
        path.write_text("Họ và tên,Năm sinh\n", encoding="utf-8")
    elif kind == "password":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    elif kind == "too_large":
        with path.open("wb") as fh:
            fh.truncate(21 * 1024 * 1024)
    elif kind == "no_workbook":
        return _zip(path, {"word/document.xml": b"<document/>"})
    return path


@pytest.mark.parametrize("kind", ["zip_bomb", "doctype", "not_a_sheet", "password", "too_large", "no_workbook"])
def test_hostile_templates_are_refused(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       kind: str) -> None:
    template = _hostile(tmp_path, kind)
    out = tmp_path / "o.xlsx"
    assert _fill(demo_db, template, out) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Lỗi: Không dùng được mẫu" in err and "Error: Cannot use the template" in err
    assert not out.exists()


@pytest.mark.parametrize(("args", "needle"), [
    (["--period", "2026-Q5"], "2026-Q5"),
    (["--period", "2026", "--as-of", "01/01/2026"], "--as-of"),
])
def test_bad_periods_are_one_line(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  args: list[str], needle: str) -> None:
    assert _fill(demo_db, EXAMPLE, tmp_path / "o.xlsx", *args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and needle in err and not (tmp_path / "o.xlsx").exists()


def test_the_output_must_be_xlsx_and_the_template_named(demo_db: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert _fill(demo_db, EXAMPLE, tmp_path / "o.pdf") == 2
    assert ".xlsx" in capsys.readouterr().err
    assert run(["--db", str(demo_db), "report", "template", "--out", str(tmp_path / "o.xlsx")]) == 2
    assert "--template" in capsys.readouterr().err
    assert _fill(demo_db, tmp_path / "missing.xlsx", tmp_path / "o.xlsx") == 2
    assert not (tmp_path / "o.xlsx").exists()
