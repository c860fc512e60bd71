"""Small defects a new-user tester found in `binhdan import` (issue 13): a broken .xls is one line (xlrd's own
warning never reaches stdout), a database held by another program is one bilingual line (no English-only lines
first), the English counts one thing in the singular, "tệp" not "file", and two answers to the likely matches
given together are our own bilingual line, not argparse's English."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from binhdan_desktop.cli.main import run
from binhdan_desktop.services import Database
from tests.test_cli_errors import _binhdan, one_bilingual_line
from tests.test_cli_import import _book, _totals

BROKEN_XLS = Path(__file__).parent / "fixtures" / "import" / "wizard" / "broken.xls"  # an .xls cut at 3,000 bytes


def _people(db: Database) -> int:
    with db.read() as s:
        return int(s.execute(text("SELECT count(*) FROM person")).scalar_one())


def test_a_broken_xls_is_one_line_and_xlrds_warning_never_reaches_stdout(commune: Database) -> None:
    """Run as the user runs it (a process of its own: xlrd writes to the real stdout, which capsys cannot see)."""
    before = _people(commune)
    done = _binhdan("--db", str(commune.path), "import", str(BROKEN_XLS))
    assert "WARNING" not in done.stdout and "sector size" not in done.stdout + done.stderr, done
    vi, en = one_bilingual_line(done)
    assert "broken.xls" in vi and "broken.xls" in en
    assert _people(commune) == before


def test_a_database_held_by_another_program_is_one_bilingual_line(
        commune: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    """Another process holds the write lock all through the import's three attempts: one line, Vietnamese then
    English, exit 2, nothing written, and the attempts are logged at debug level only (no English-only lines)."""
    from binhdan_desktop.store import db as store_db

    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 20)  # the three attempts in a moment, not 3 × 5 s
    path = _book(tmp_path / "mot.xlsx", {"s": [["Mã hộ", "Họ và tên", "Năm sinh", "Quan hệ", "Thôn"],
                                               ["Z1", "Lê Văn Một", 1960, "Chủ hộ", "Thôn An Điềm"]]})
    before = _totals(commune)
    other = sqlite3.connect(commune.path, isolation_level=None)  # another program, writing
    other.execute("BEGIN IMMEDIATE")
    caplog.set_level(logging.DEBUG, logger="binhdan_desktop")
    try:
        code = run(["--db", str(commune.path), "import", str(path)])
    finally:
        other.execute("ROLLBACK")
        other.close()
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("Lỗi: ") and " / Error: " in err and "bận" in err, err
    attempts = [r for r in caplog.records if "attempt" in r.getMessage()]
    assert len(attempts) == 3 and {r.levelno for r in attempts} == {logging.DEBUG}, attempts
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.records
    assert _totals(commune) == before


def test_english_counts_one_person_and_one_household_in_the_singular(
        commune: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A village the commune does not have, with one household of one person: "(1 person, 1 household)"; two
    people of two households: "(2 people, 2 households)"."""
    path = _book(tmp_path / "thon.xlsx", {"s": [["Mã hộ", "Họ và tên", "Năm sinh", "Quan hệ", "Thôn"],
                                                ["Z1", "Lê Văn Một", 1960, "Chủ hộ", "Thôn Không Có"],
                                                ["Z2", "Lê Văn Hai", 1961, "Chủ hộ", "Thôn Xa Lạ"],
                                                ["Z3", "Lê Văn Ba", 1962, "Chủ hộ", "Thôn Xa Lạ"]]})
    assert run(["--db", str(commune.path), "import", str(path), "--dry-run"]) == 2
    out, err = capsys.readouterr()
    both = out + err
    assert "“Thôn Không Có” matches none of the commune's (1 person, 1 household)" in both, both
    assert "“Thôn Xa Lạ” matches none of the commune's (2 people, 2 households)" in both, both
    assert "Trang “s”: 3 hộ, 3 người / sheet: 3 households, 3 people" in out, out
    assert "thôn “Thôn Không Có” → không khớp thôn nào / no match (1 người / 1 person)" in out, out
    assert "1 people" not in both and "1 households" not in both


def test_an_import_with_no_file_says_tep_not_file(commune: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--db", str(commune.path), "import"]) == 2
    err = capsys.readouterr().err
    assert err == "Lỗi: Thiếu tệp cần nhập. / Error: The file to import is required.\n", err


def test_accept_and_reject_matches_together_is_our_own_bilingual_line(commune: Database, tmp_path: Path) -> None:
    path = _book(tmp_path / "mot.xlsx", {"s": [["Mã hộ", "Họ và tên", "Năm sinh", "Quan hệ", "Thôn"],
                                               ["Z1", "Lê Văn Một", 1960, "Chủ hộ", "Thôn An Điềm"]]})
    before = _totals(commune)
    done = _binhdan("--db", str(commune.path), "import", str(path), "--accept-matches", "--reject-matches")
    vi, en = one_bilingual_line(done)
    assert vi.startswith("--reject-matches không dùng cùng --accept-matches được"), vi
    assert en.startswith("--reject-matches cannot be used with --accept-matches"), en
    assert "not allowed with argument" not in done.stderr
    assert _totals(commune) == before
