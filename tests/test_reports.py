"""Reports: Excel reopened and checked cell by cell; PDF text extracted back with its diacritics;
the numbers equal the CLI's and the dashboard's."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from binhdan_desktop.cli.main import run
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.reports.excel import write_xlsx
from binhdan_desktop.reports.pdf import write_pdf
from binhdan_desktop.services import commune as commune_svc
from binhdan_desktop.services import demo, indicators, reports
from binhdan_desktop.services.households import HouseholdDraft, PersonDraft, create_household
from binhdan_desktop.store.db import Database, open_database


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reports") / "demo.sqlite3"
    with open_database(path) as db:
        demo.generate(db, 250, seed=11)
    return path


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _report(path: Path, kind: str, **kw: object) -> reports.Report:
    with open_database(path) as db, db.read() as s:
        return reports.build(s, kind, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", reports.KINDS)
def test_every_report_as_pdf_keeps_vietnamese_text(demo_db: Path, tmp_path: Path, kind: str) -> None:
    report = _report(demo_db, kind)
    out = write_pdf(report, tmp_path / f"{kind}.pdf")
    text = pdf_text(out)
    for needle in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ỦY BAN NHÂN DÂN",
                   "XÃ BÌNH CHƯƠNG", "BÁO CÁO", "Nơi nhận:", "KT. CHỦ TỊCH", "Nguyễn Văn Quân", "Phụ lục"):
        assert needle in text, needle
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Tinos" in fonts and "Helvetica" not in fonts and "Times-Roman" not in fonts
    if kind in ("checklist", "learners"):
        name = report.tables[0].rows[0][3 if kind == "checklist" else 1]
        assert name in text  # a demo person's name with all its diacritics


def _first_line(path: Path, page: int) -> str:
    text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.strip().split("\n")[0].strip()


def test_page_numbers_start_on_page_two_and_the_annex_counts_on_its_own(demo_db: Path, tmp_path: Path) -> None:
    out = write_pdf(_report(demo_db, "learners"), tmp_path / "l.pdf")
    assert len(PdfReader(out).pages) >= 4
    assert _first_line(out, 1) == "UBND TỈNH QUẢNG NGÃI"  # no number on page 1
    annex = next(p for p in range(1, 5) if _first_line(out, p) == "Phụ lục")
    assert _first_line(out, annex + 1) == "2" and _first_line(out, annex + 2) == "3"


def test_page_count_grows_with_data(tmp_path: Path) -> None:
    pages = []
    for n in (40, 400):
        path = tmp_path / f"c{n}.sqlite3"
        with open_database(path) as db:
            demo.generate(db, n, seed=2)
        out = write_pdf(_report(path, "learners"), tmp_path / f"l{n}.pdf")
        pages.append(len(PdfReader(out).pages))
    assert pages[0] < pages[1] <= pages[0] * 14


def test_results_xlsx_reopens_with_formats_and_the_dashboard_numbers(demo_db: Path, tmp_path: Path) -> None:
    report = _report(demo_db, "results", year=2026)
    out = write_xlsx(report, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Toàn xã" and len(wb.sheetnames) >= 4
    ws = wb["Toàn xã"]
    # the title block, "Số liệu tính đến ngày …" under the subject, the table's title, its header (row 11)
    assert ws["A1"].value == "UBND TỈNH QUẢNG NGÃI" and ws.freeze_panes == "A12"
    assert ws["A7"].value == report.as_of_line and report.as_of_line.startswith("Số liệu tính đến ngày")
    assert ws.print_title_rows == "$11:$11" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    header = [c.value for c in ws[11]]
    assert header[:6] == ["TT", "Mục tiêu", "Chỉ tiêu", "Số đạt", "Tổng số", "Tỷ lệ"]
    with open_database(demo_db) as db, db.read() as s:
        dashboard = [r for r in indicators.compute(s, 2026) if r.village is None]
    for i, r in enumerate(dashboard):
        row = list(ws[12 + i])
        assert (row[3].value, row[4].value) == (r.numerator, r.denominator)  # numbers, not "435/1.217"
        assert row[5].value == pytest.approx(r.rate) and row[5].number_format == '0.0"\u00a0"%'
        assert row[5].alignment.horizontal == "right" and row[1].alignment.wrap_text  # each column its own style
        assert all(c.font.name == "Times New Roman" and c.border.left.style == "thin" for c in row)
        assert row[1].number_format == "General"


def test_report_numbers_equal_cli_json_and_dashboard(demo_db: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", str(demo_db), "indicators", "--year", "2026", "--json"]) == 0
    cli = {(d["code"], d["village"]): (d["numerator"], d["denominator"]) for d in json.loads(capsys.readouterr().out)}
    report = _report(demo_db, "results", year=2026)
    for table in report.tables:
        village = None if table.title == "Toàn xã" else table.title
        codes = [c for c, v in cli if v == village]
        got = [(row[3], row[4]) for row in table.rows]
        assert got == [cli[(c, village)] for c in codes]
    out = tmp_path / "r.pdf"
    assert run(["--db", str(demo_db), "report", "results", "--year", "2026", "--out", str(out)]) == 0
    total = cli[("adults_basic", None)]
    assert f"{total[0]:,}".replace(",", ".") + "/" + f"{total[1]:,}".replace(",", ".") in pdf_text(out)


def test_user_text_never_becomes_a_formula(commune: Database, tmp_path: Path) -> None:
    evil = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=2"]
    create_household(commune, HouseholdDraft("Thôn An Điềm", address="=1+1", members=[
        PersonDraft(name, 1970) for name in ["Lê An", *evil]]))
    from binhdan_desktop.services.households import members
    from binhdan_desktop.services.visits import add_completion

    with commune.read() as s:
        hid = s.connection().exec_driver_sql("SELECT id FROM household").scalar()
        people = members(s, hid)
    for p in people:
        add_completion(commune, p.id, "KN-01", dt.date(2026, 3, 1), "tham_ho")
    with commune.read() as s:
        report = reports.build(s, "learners", year=2026)
    out = write_xlsx(report, tmp_path / "evil.xlsx")
    sheets = openpyxl.load_workbook(out).worksheets  # the summary sheet, then the village's list
    values = [c.value for ws in sheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    for text in evil:
        stripped = text.strip()
        assert any(v.strip() == stripped for v in values), text
    assert all(c.data_type != "f" for ws in sheets for row in ws.iter_rows() for c in row)


def test_checklist_lists_people_who_still_need_help(commune: Database, tmp_path: Path) -> None:
    create_household(commune, HouseholdDraft("Thôn An Điềm", address="Số 1", members=[
        PersonDraft("Nguyễn Thị Ước", 1960, relation="chu_ho", vneid_level=2, has_bank_account=True),
        PersonDraft("Nguyễn Văn Út", 2000, vneid_level=1)]))
    with commune.read() as s:
        report = reports.build(s, "checklist", year=2026, village="Thôn An Điềm")
    rows = report.tables[0].rows
    by_name = {r[3]: r for r in rows}
    assert by_name["Nguyễn Văn Út"][5] == "☐" and by_name["Nguyễn Văn Út"][6] == "☐"
    assert by_name["Nguyễn Thị Ước"][5] == "" and by_name["Nguyễn Thị Ước"][7] == 14  # basic lessons missing
    out = write_pdf(report, tmp_path / "c.pdf")
    assert "Nguyễn Văn Út" in pdf_text(out)


def test_visit_log_covers_the_date_range(demo_db: Path) -> None:
    report = _report(demo_db, "visits", start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31))
    dates = [r[2] for t in report.tables[1:] for r in t.rows]
    assert dates and all(dt.date(2026, 1, 1) <= d <= dt.date(2026, 3, 31) for d in dates)
    assert report.summary is not None and sum(r[2] for r in report.summary.rows) == len(dates)


def test_an_existing_locked_or_missing_target_gives_a_clear_error(demo_db: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    report = _report(demo_db, "results")
    with pytest.raises(BinhdanError) as err:
        write_pdf(report, tmp_path / "no-such-folder" / "r.pdf")
    assert err.value.code == "report.cannot_write"
    target = tmp_path / "open.xlsx"
    target.write_bytes(b"old content")

    def locked(src: object, dst: object) -> None:
        raise PermissionError("in use")

    monkeypatch.setattr("binhdan_desktop.reports.files.os.replace", locked)
    with pytest.raises(BinhdanError) as err:
        write_xlsx(report, target)
    assert err.value.code == "report.locked" and "đang mở" in err.value.message("vi")
    assert target.read_bytes() == b"old content"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~")] == []


# --- progress and cancel (the app's progress callback raises when the user cancels) ------------------------------

class Stop(Exception):
    """What the app's progress callback raises on Cancel (ui.tasks.Cancelled; the core never imports it)."""


def _stop_at(share: float, seen: list[float]) -> Callable[[float], None]:
    def progress(fraction: float) -> None:
        seen.append(fraction)
        if fraction >= share:
            raise Stop

    return progress


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_export_progress_rises_by_rows_to_one(demo_db: Path, tmp_path: Path, fmt: str) -> None:
    seen: list[float] = []
    with open_database(demo_db) as db:
        out = reports.export(db, reports.ReportRequest("learners"), tmp_path / f"l.{fmt}", fmt, seen.append)
    assert out.exists() and seen == sorted(seen) and seen[-1] == 1.0
    assert len({round(f, 3) for f in seen if 0.15 < f < 1}) >= 3  # writing, not only the start and the end
    assert all(0 <= f <= 1 for f in seen)


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
@pytest.mark.parametrize("share", [0.5, 1.0])  # 1.0: Cancel pressed while the finished file was being saved
def test_a_cancelled_export_leaves_no_file_and_no_temporary_file(demo_db: Path, tmp_path: Path, fmt: str,
                                                                 share: float) -> None:
    from openpyxl.worksheet import _writer

    target = tmp_path / "out" / f"l.{fmt}"
    target.parent.mkdir()
    seen: list[float] = []
    with open_database(demo_db) as db, pytest.raises(Stop):
        reports.export(db, reports.ReportRequest("learners"), target, fmt, _stop_at(share, seen))
    assert share <= seen[-1] and list(target.parent.iterdir()) == []
    assert _writer.ALL_TEMP_FILES == []  # openpyxl's streamed sheets are gone too


def test_a_cancel_stops_a_long_query_before_its_first_row(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from binhdan_desktop.services import report_builders

    rows = [0]
    learners = report_builders.q.learners

    def counted(*args: object) -> object:
        for row in learners(*args):  # type: ignore[arg-type]
            rows[0] += 1
            yield row

    monkeypatch.setattr(report_builders.q, "learners", counted)
    monkeypatch.setattr(reports, "QUERY_CHECK_STEPS", 100)  # this commune's query is short: check in often
    seen: list[float] = []
    with open_database(demo_db) as db:
        with pytest.raises(Stop):
            reports.build_report(db, reports.ReportRequest("learners"), _stop_at(0.0, seen))
        assert rows == [0] and seen == [0.0]
        assert reports.build_report(db, reports.ReportRequest("learners")).row_count > 0  # the connection works


def test_building_a_report_hears_cancel_within_a_few_hundred_rows(demo_db: Path) -> None:
    calls: list[float] = []
    with open_database(demo_db) as db, db.read() as s:
        report = reports.build(s, "checklist", progress=calls.append)
        assert calls[-1] == 1.0 and len(calls) >= report.row_count // 256
        with pytest.raises(Stop):
            reports.build(s, "checklist", progress=_stop_at(0.0, []))


def test_an_unwritable_folder_or_a_full_disk_is_a_clear_error(demo_db: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    report = _report(demo_db, "results")
    if Path("/sys/kernel").is_dir():
        with pytest.raises(BinhdanError) as err:
            reports.write(report, Path("/sys/kernel/r.pdf"), "pdf")
        assert err.value.code in ("io.permission", "io.read_only") and "chọn" in err.value.message("vi")

    def full(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("openpyxl.writer.excel.ExcelWriter.save", full)  # the library's save, as the disk fills
    with pytest.raises(BinhdanError) as err:
        reports.write(report, tmp_path / "r.xlsx", "xlsx")
    assert err.value.code == "io.no_space" and list(tmp_path.iterdir()) == []


# --- the signer block: one call, one transaction ------------------------------------------------------------------

BLOCK = {"report.signer_authority": "KT. CHU\u0309 TI\u0323CH", "report.signer_title": "  PHÓ CHỦ TỊCH ",
         "report.signer_name": "Trần Văn Bảo",
         "report.recipients": "Sở KH&CN (báo cáo);\n\n  Lưu: VT.\n"}


def _settings(db: Database) -> dict[str, object]:
    with db.read() as s:
        return {k: commune_svc.get_setting(s, k) for k in [*reports.SIGNER_FIELDS, reports.RECIPIENTS]}


def test_the_signer_block_is_cleaned_and_saved_in_one_transaction(commune: Database) -> None:
    changes = reports.save_report_settings(commune, BLOCK)
    assert changes.touches("setting")
    assert _settings(commune) == {"report.signer_authority": "KT. CHỦ TỊCH", "report.signer_title": "PHÓ CHỦ TỊCH",
                                  "report.signer_name": "Trần Văn Bảo",
                                  "report.recipients": ["Sở KH&CN (báo cáo)", "Lưu: VT"]}
    assert not reports.save_report_settings(commune, BLOCK).rows  # nothing changed: nothing rewritten
    screen = reports.screen(commune)
    assert screen.settings["report.signer_name"] == "Trần Văn Bảo" and len(screen.villages) == 3


@pytest.mark.parametrize(("key", "value", "code"), [
    ("report.number", "09", "validation.invalid"),  # the register gives numbers: never typed in the block
    ("report.signer_name", "A" * 61, "validation.too_long"),
    ("report.recipients", "\n".join(f"Nơi {i}" for i in range(21)), "validation.too_many"),
    ("report.recipients", "x" * 201, "validation.too_long"),
    ("report.unknown", "x", "validation.invalid"),
])
def test_a_bad_value_in_the_signer_block_stores_none(commune: Database, key: str, value: str, code: str) -> None:
    before = _settings(commune)
    with pytest.raises(BinhdanError) as err:
        reports.save_report_settings(commune, {**BLOCK, key: value})
    assert err.value.code == code and "{" not in err.value.message("vi") and "{" not in err.value.message("en")
    assert _settings(commune) == before


def test_a_failure_inside_the_transaction_stores_none(commune: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _settings(commune)

    def broken(session: object) -> None:
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(reports, "changes_of", broken)  # after every row was added or changed
    with pytest.raises(RuntimeError):
        reports.save_report_settings(commune, BLOCK)
    assert _settings(commune) == before


# --- the export path: the file written is the one named, in the format its name says -----------------------------

def _cli_fails(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    from tests.test_cli import one_line_error

    capsys.readouterr()
    assert run(argv) == 2
    return one_line_error(capsys.readouterr().err)


@pytest.mark.parametrize(("name", "fmt"), [("r.pdf", "xlsx"), ("r.xlsx", "pdf"), ("R.PDF", "xlsx")])
def test_cli_refuses_a_format_that_contradicts_the_file_name(demo_db: Path, tmp_path: Path, name: str, fmt: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "out").mkdir()
    err = _cli_fails(["--db", str(demo_db), "report", "results", "--year", "2026", "--out",
                      str(tmp_path / "out" / name), "--format", fmt], capsys)
    assert name in err and f".{fmt}" in err and "--format" in err
    assert list((tmp_path / "out").iterdir()) == []


def test_cli_takes_the_format_from_the_extension_when_format_is_absent(demo_db: Path, tmp_path: Path) -> None:
    assert run(["--db", str(demo_db), "report", "results", "--year", "2026", "--out", str(tmp_path / "r.pdf")]) == 0
    assert run(["--db", str(demo_db), "report", "results", "--year", "2026", "--out", str(tmp_path / "R.XLSX")]) == 0
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "R.XLSX").read_bytes().startswith(b"PK")  # a zip: the workbook


@pytest.mark.parametrize("kind", ["visits", "learners"])
def test_cli_refuses_a_period_that_ends_before_it_starts(demo_db: Path, tmp_path: Path, kind: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "out").mkdir()
    err = _cli_fails(["--db", str(demo_db), "report", kind, "--year", "2026", "--from", "01/06/2026",
                      "--to", "01/03/2026", "--out", str(tmp_path / "out" / "v.pdf")], capsys)
    assert "01/06/2026" in err and "sau ngày kết thúc" in err and "after the end date" in err
    assert list((tmp_path / "out").iterdir()) == []
    assert run(["--db", str(demo_db), "report", kind, "--year", "2026", "--from", "01/03/2026", "--to", "01/03/2026",
                "--out", str(tmp_path / "v.pdf")]) == 0  # one day is a period


def test_the_service_refuses_a_wrong_period_too(demo_db: Path) -> None:
    with open_database(demo_db) as db, pytest.raises(BinhdanError) as caught:
        reports.preview(db, reports.ReportRequest("visits", 2026, start=dt.date(2026, 6, 1), end=dt.date(2026, 3, 1)))
    assert caught.value.code == "validation.date_order"


def test_export_replaces_a_file_only_when_asked_and_never_the_database(demo_db: Path, tmp_path: Path) -> None:
    request = reports.ReportRequest("results", 2026)
    old = tmp_path / "ket-qua.xlsx"
    old.write_bytes(b"keep")
    with open_database(demo_db) as db:
        with pytest.raises(BinhdanError) as caught:
            reports.export(db, request, old, "xlsx")
        assert caught.value.code == "report.exists" and old.read_bytes() == b"keep"
        assert reports.export(db, request, old, "xlsx", replace=True) == old and old.read_bytes().startswith(b"PK")
        with pytest.raises(BinhdanError) as caught:
            reports.export(db, request, tmp_path / "ket-qua.pdf", "xlsx")
        assert caught.value.code == "report.format_mismatch"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["ket-qua.xlsx"]


def test_export_never_writes_the_live_database_even_when_asked(tmp_path: Path) -> None:
    live = tmp_path / "xa.xlsx"  # a database under a report's name: "replace" cannot reach it
    with open_database(live) as db:
        demo.generate(db, 5, seed=3)
        with pytest.raises(BinhdanError) as caught:
            reports.export(db, reports.ReportRequest("results"), live, "xlsx", replace=True)
        assert caught.value.code == "output.is_database"


def test_the_save_dialogs_answer_decides_the_file_and_its_format() -> None:
    assert reports.export_target(Path("/u/bao-cao.pdf"), "xlsx") == (Path("/u/bao-cao.pdf"), "pdf")
    assert reports.export_target(Path("/u/BAO-CAO.XLSX"), "pdf") == (Path("/u/BAO-CAO.XLSX"), "xlsx")
    assert reports.export_target(Path("/u/thon.1"), "pdf") == (Path("/u/thon.1.pdf"), "pdf")
    assert reports.export_target(Path("/u/bao-cao"), "xlsx") == (Path("/u/bao-cao.xlsx"), "xlsx")


def test_default_file_names_are_vietnamese_folded_to_ascii() -> None:
    req = reports.ReportRequest
    assert reports.slug("Thôn Đồng Răm") == "thon-dong-ram"
    assert reports.slug("Tổ dân phố 3 / Khu Ưu Điềm") == "to-dan-pho-3-khu-uu-diem"
    assert reports.file_name(req("results", 2026), "Thôn An Điềm", "xlsx") == "bao-cao-ket-qua-2026-thon-an-diem.xlsx"
    assert reports.file_name(req("checklist", 2026), None, "pdf") == "danh-sach-ho-can-ho-tro-2026-toan-xa.pdf"
    assert reports.file_name(req("learners", 2027), "Thôn Ưu Điềm", "pdf") == \
        "danh-sach-nguoi-hoc-2027-thon-uu-diem.pdf"
    visits = req("visits", 2026, start=dt.date(2026, 1, 1), end=dt.date(2026, 3, 31))
    assert reports.file_name(visits, None, "xlsx") == "nhat-ky-tham-ho-01012026-31032026-toan-xa.xlsx"
    for kind in reports.KINDS:
        name = reports.file_name(req(kind, 2026), "Thôn Đồng Răm", "pdf")
        assert name.isascii() and " " not in name and not set(name) & set('\\/:*?"<>|')
