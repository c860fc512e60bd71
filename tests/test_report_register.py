"""The register of issued reports: numbers per year from the office only, drafts elsewhere, reprints of the stored
figures marked as copies, and the register reaching the other devices through sync."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
import subprocess
from pathlib import Path

import openpyxl
import pytest

from binhdan_desktop.cli.main import run
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import commune as commune_svc
from binhdan_desktop.services import demo, reports
from binhdan_desktop.services import report_register as reg
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.sync.engine import sync
from binhdan_desktop.sync.folder import FolderTarget
from binhdan_desktop.sync.team import create_team, ensure_identity
from tests.teamkit import enrol

RESULTS = reports.ReportRequest("results", year=2026)
DAY = dt.date(2026, 12, 1)


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _register_rows(db: Database) -> list[tuple[int, int, str]]:
    """The register as the file holds it, read with plain sqlite3."""
    with sqlite3.connect(db.path) as conn:
        return conn.execute("SELECT year, seq, number FROM report_issue WHERE deleted = 0 "
                            "ORDER BY year, seq").fetchall()


@pytest.fixture
def office(tmp_path: Path) -> Database:
    db = open_database(tmp_path / "office.sqlite3")
    ensure_identity(db)
    demo.generate(db, 30, seed=4)
    return db


def test_issues_are_numbered_per_year_without_collision(office: Database, tmp_path: Path) -> None:
    a = reg.issue(office, RESULTS, tmp_path / "a.pdf", "pdf", today=DAY)
    b = reg.issue(office, RESULTS, tmp_path / "b.xlsx", "xlsx", today=DAY)
    c = reg.issue(office, RESULTS, tmp_path / "c.pdf", "pdf", today=dt.date(2027, 1, 5))
    assert (a.entry.number, b.entry.number, c.entry.number) == ("01/BC-UBND", "02/BC-UBND", "01/BC-UBND")
    assert _register_rows(office) == [(2026, 1, "01/BC-UBND"), (2026, 2, "02/BC-UBND"), (2027, 1, "01/BC-UBND")]
    assert "Số: 01/BC-UBND" in _text(tmp_path / "a.pdf") and "Bản nháp" not in _text(tmp_path / "a.pdf")
    sheet = openpyxl.load_workbook(tmp_path / "b.xlsx").worksheets[0]
    assert sheet["A3"].value == "Số: 02/BC-UBND"
    # the stored hash is the written file's; every register row went through the change log (it syncs)
    with sqlite3.connect(office.path) as conn:
        stored = dict(conn.execute("SELECT number || year, sha256 FROM report_issue").fetchall())
        logged = conn.execute("SELECT COUNT(*) FROM change_log WHERE table_name = 'report_issue' "
                              "AND op = 'insert'").fetchone()[0]
    assert stored["01/BC-UBND2026"] == hashlib.sha256((tmp_path / "a.pdf").read_bytes()).hexdigest()
    assert logged == 3


def test_the_fixed_number_setting_is_never_printed_and_an_export_is_a_draft(office: Database,
                                                                          tmp_path: Path) -> None:
    commune_svc.set_setting(office, "report.number", "05")  # as a database from before the register holds it
    reports.export(office, RESULTS, tmp_path / "d.pdf", "pdf")
    reports.export(office, RESULTS, tmp_path / "d.xlsx", "xlsx")
    text = _text(tmp_path / "d.pdf")
    assert "05/BC-UBND" not in text and "Bản nháp / Draft" in " ".join(text.split())
    sheet = openpyxl.load_workbook(tmp_path / "d.xlsx").worksheets[0]
    assert "Bản nháp / Draft" in sheet["A3"].value.replace("\u00a0", " ") and sheet["A4"].value == "BẢN NHÁP / DRAFT"


def test_a_laptop_exports_drafts_and_is_refused_issuing(office: Database, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "team.key"
    create_team(office, key)
    place = FolderTarget(tmp_path / "usb")
    place.path.mkdir()
    laptop = open_database(tmp_path / "laptop.sqlite3")
    ensure_identity(laptop)
    enrol(office, laptop, key, "Laptop thôn 1")
    sync(office, place)
    sync(laptop, place)
    with pytest.raises(BinhdanError) as err:
        reg.issue(laptop, RESULTS, tmp_path / "x.pdf", "pdf")
    assert err.value.code == "report.not_office"
    assert "Chỉ máy văn phòng xã" in err.value.message("vi") and "Only the commune office" in err.value.message("en")
    assert not (tmp_path / "x.pdf").exists() and _register_rows(laptop) == []
    reports.export(laptop, RESULTS, tmp_path / "draft.pdf", "pdf")
    assert "Bản nháp / Draft" in " ".join(_text(tmp_path / "draft.pdf").split())
    code = run(["--db", str(laptop.path), "report", "results", "--issue", "--out", str(tmp_path / "y.pdf")])
    err_text = capsys.readouterr().err
    assert code == 2 and err_text.count("\n") == 1 and "Traceback" not in err_text
    assert "Chỉ máy văn phòng xã" in err_text and "Only the commune office" in err_text
    assert not (tmp_path / "y.pdf").exists()
    # the office (the device that created the team) still issues
    assert reg.issue(office, RESULTS, tmp_path / "o.pdf", "pdf").entry.number == "01/BC-UBND"


def test_a_reprint_gives_the_stored_figures_marked_as_a_copy(office: Database, tmp_path: Path) -> None:
    reports.save_report_settings(office, {"report.signer_name": "Trần Văn Bảo"})
    issued = reg.issue(office, RESULTS, tmp_path / "issued.pdf", "pdf", today=DAY)
    with sqlite3.connect(office.path) as conn:
        stored = conn.execute("SELECT figures FROM report_issue WHERE id = ?", (issued.entry.id,)).fetchone()[0]
        conn.execute("UPDATE person SET vneid_level = 2, has_bank_account = 1")  # today's data change
    reports.save_report_settings(office, {"report.signer_name": "Lê Thị Hoa"})
    copy = reg.reprint(office, issued.entry.id, tmp_path / "copy.pdf", "pdf")
    assert json.dumps(reg.figures(reg.stored_report(office, issued.entry.id)), sort_keys=True) == \
        json.dumps(json.loads(stored), sort_keys=True)  # the figures come back byte for byte
    first, again = _text(tmp_path / "issued.pdf"), _text(copy)
    assert "Bản sao / Copy" in " ".join(again.split()) and "Bản sao" not in first
    assert "Số: 01/BC-UBND" in again and "ngày 01 tháng 12 năm 2026" in again
    assert "Trần Văn Bảo" in again and "Lê Thị Hoa" not in again
    figures = re.compile(r"\d[\d.]*/\d[\d.]* \([\d,]+ %\)")
    assert figures.findall(first) == figures.findall(again) and figures.findall(first)
    reports.export(office, RESULTS, tmp_path / "now.pdf", "pdf")
    assert figures.findall(_text(tmp_path / "now.pdf")) != figures.findall(first)  # recomputed would differ


def test_lists_of_residents_are_not_issued(office: Database, tmp_path: Path) -> None:
    with pytest.raises(BinhdanError) as err:
        reg.issue(office, reports.ReportRequest("checklist", year=2026), tmp_path / "c.pdf", "pdf")
    assert err.value.code == "report.not_issuable" and _register_rows(office) == []


def test_the_register_reaches_another_device_through_sync(office: Database, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "team.key"
    create_team(office, key)
    place = FolderTarget(tmp_path / "usb")
    place.path.mkdir()
    laptop = open_database(tmp_path / "laptop.sqlite3")
    ensure_identity(laptop)
    enrol(office, laptop, key, "Laptop thôn 1")
    issued = reg.issue(office, RESULTS, tmp_path / "a.pdf", "pdf", today=DAY)
    sync(office, place)
    sync(laptop, place)
    assert _register_rows(laptop) == [(2026, 1, "01/BC-UBND")]
    with sqlite3.connect(laptop.path) as conn:
        got = conn.execute("SELECT signer_name, sha256, figures FROM report_issue").fetchone()
    with sqlite3.connect(office.path) as conn:
        want = conn.execute("SELECT signer_name, sha256, figures FROM report_issue").fetchone()
    assert got == want
    reg.reprint(laptop, issued.entry.id, tmp_path / "copy.xlsx", "xlsx")  # any device reprints a copy
    sheet = openpyxl.load_workbook(tmp_path / "copy.xlsx").worksheets[0]
    assert sheet["A3"].value.replace("\u00a0", " ") == "Số: 01/BC-UBND (Bản sao / Copy)"
    assert run(["--db", str(laptop.path), "report", "register", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(e["number"], e["issued_on"], e["kind"]) for e in listed] == [("01/BC-UBND", "2026-12-01", "results")]


def test_cli_register_lists_and_reprints(office: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", str(office.path), "report", "results", "--year", "2026", "--issue",
                "--out", str(tmp_path / "a.pdf")]) == 0
    assert "01/BC-UBND" in capsys.readouterr().out
    assert run(["--db", str(office.path), "report", "register"]) == 0
    out = capsys.readouterr().out
    assert "01/BC-UBND" in out and "1 báo cáo đã phát hành" in out
    year = dt.date.today().year
    assert run(["--db", str(office.path), "report", "register", "--reprint", f"01/{year}",
                "--out", str(tmp_path / "copy.pdf")]) == 0
    assert "Bản sao / Copy" in " ".join(_text(tmp_path / "copy.pdf").split())
    assert run(["--db", str(office.path), "report", "register", "--reprint", f"07/{year}",
                "--out", str(tmp_path / "none.pdf")]) == 2
    assert "07/" in capsys.readouterr().err and not (tmp_path / "none.pdf").exists()
    assert run(["--db", str(office.path), "report", "results"]) == 2  # a kind needs --out; register does not
    assert "--out" in capsys.readouterr().err


def test_a_copied_office_file_is_no_longer_the_office(office: Database, tmp_path: Path) -> None:
    create_team(office, tmp_path / "team.key")
    office.close()
    copy = tmp_path / "elsewhere" / "office.sqlite3"
    copy.parent.mkdir()
    copy.write_bytes((tmp_path / "office.sqlite3").read_bytes())
    moved = open_database(copy)
    assert ensure_identity(moved)  # a copy: a new device id
    with pytest.raises(BinhdanError) as err:
        reg.issue(moved, RESULTS, tmp_path / "x.pdf", "pdf")
    assert err.value.code == "report.not_office"


def test_issuing_is_one_transaction_and_a_failed_write_takes_no_number(office: Database, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = reports.write

    def full(*_a: object, **_k: object) -> Path:
        raise BinhdanError("io.no_space", path=str(tmp_path))

    monkeypatch.setattr(reports, "write", full)
    with pytest.raises(BinhdanError):
        reg.issue(office, RESULTS, tmp_path / "a.pdf", "pdf", today=DAY)
    assert _register_rows(office) == [] and not (tmp_path / "a.pdf").exists()
    monkeypatch.setattr(reports, "write", real_write)
    writes = [0]
    write = office.write

    def counted() -> object:
        writes[0] += 1
        return write()

    monkeypatch.setattr(office, "write", counted)
    assert reg.issue(office, RESULTS, tmp_path / "a.pdf", "pdf", today=DAY).entry.number == "01/BC-UBND"
    assert writes[0] == 1
