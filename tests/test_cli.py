"""The `binhdan` command end to end on a temporary database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from binhdan_desktop import __version__
from binhdan_desktop.cli.main import run


def _binhdan(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "binhdan_desktop", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def test_version_and_help() -> None:
    done = _binhdan("--version")
    assert done.returncode == 0 and __version__ in done.stdout
    done = _binhdan("--help")
    assert done.returncode == 0 and "indicators" in done.stdout


def test_only_a_database_option_opens_the_desktop_app() -> None:
    from binhdan_desktop.__main__ import _wants_gui

    assert _wants_gui([]) and _wants_gui(["--db", "x.sqlite3"]) and _wants_gui(["--db=x.sqlite3"])
    for argv in (["--version"], ["--help"], ["--db", "x", "indicators"], ["demo"], ["--db=x", "--bogus"], ["--db"]):
        assert not _wants_gui(argv), argv
    done = _binhdan("--bogus")  # not silently the GUI: the CLI's own error
    assert done.returncode == 2 and "--bogus" in done.stderr
    done = _binhdan("--db")
    assert done.returncode == 2 and "--db" in done.stderr


def test_demo_then_indicators_json_and_households(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "demo.sqlite3")
    assert run(["--db", db, "demo", "--households", "120", "--seed", "7"]) == 0
    assert "Bình Chương" in capsys.readouterr().out
    assert run(["--db", db, "indicators", "--year", "2026", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    keys = {"code", "village", "numerator", "denominator", "rate", "target", "met", "lead_unit"}
    assert all(keys <= set(item) for item in data)
    commune = [d for d in data if d["village"] is None]
    assert {d["code"] for d in commune} >= {"public_staff", "students", "adults_basic", "adults_vneid",
                                           "enterprise_workers", "digital_family", "digital_identity"}
    for d in data:
        assert 0 <= d["numerator"] <= d["denominator"]
        assert d["rate"] is None or 0 <= d["rate"] <= 1
    for code in {d["code"] for d in data}:  # the commune is the sum of its villages
        rows = [d for d in data if d["code"] == code]
        total = next(d for d in rows if d["village"] is None)
        assert total["denominator"] == sum(d["denominator"] for d in rows if d["village"] is not None)
    village = next(d["village"] for d in data if d["village"])
    assert run(["--db", db, "indicators", "--year", "2025", "--village", village, "--json"]) == 0
    assert {d["village"] for d in json.loads(capsys.readouterr().out)} == {village}
    assert run(["--db", db, "indicators"]) == 0
    assert "Toàn xã" in capsys.readouterr().out
    assert run(["--db", db, "households", "--search", "nguyen", "--limit", "5", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert 0 < len(found) <= 5 and all("code" in h for h in found)


def test_user_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    db = str(tmp_path / "empty.sqlite3")
    done = _binhdan("--db", db, "indicators")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("Lỗi:") and "Error:" in done.stderr
    bad = tmp_path / "notes.txt"
    bad.write_text("không phải cơ sở dữ liệu")
    done = _binhdan("--db", str(bad), "households")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert bad.read_text() == "không phải cơ sở dữ liệu"


def test_demo_refuses_a_database_that_already_has_a_commune(tmp_path: Path) -> None:
    env = {"BINHDAN_DB": str(tmp_path / "env.sqlite3")}
    assert _binhdan("demo", "--households", "5", env=env).returncode == 0
    done = _binhdan("demo", "--households", "5", env=env)
    assert done.returncode == 2 and "Bình Chương" in done.stderr
    assert (tmp_path / "env.sqlite3").exists()


def test_bad_arguments_exit_non_zero(tmp_path: Path) -> None:
    done = _binhdan("--db", str(tmp_path / "x.sqlite3"), "indicators", "--as-of", "31/02/2026")
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_demo_if_empty_keeps_an_existing_commune(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "once.sqlite3")
    assert run(["--db", db, "demo", "--if-empty", "--households", "10"]) == 0
    assert run(["--db", db, "demo", "--if-empty", "--households", "10"]) == 0
    assert "đã có" in capsys.readouterr().out.lower()


def test_team_and_sync_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    office, laptop, usb, key = (str(tmp_path / "office.sqlite3"), str(tmp_path / "laptop.sqlite3"),
                                tmp_path / "usb", str(tmp_path / "team.key"))
    usb.mkdir()
    assert run(["--db", office, "demo", "--households", "15", "--seed", "2"]) == 0
    assert run(["--db", office, "team", "create", "--out", key]) == 0
    assert run(["--db", laptop, "team", "join", key, "--name", "Laptop thôn 1"]) == 0
    assert run(["--db", office, "sync", "--target", str(usb)]) == 0
    assert run(["--db", laptop, "sync", "--target", str(usb)]) == 0
    out = capsys.readouterr().out
    assert "áp dụng" in out
    assert run(["--db", laptop, "households", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 15
    assert run(["--db", laptop, "sync", "status"]) == 0
    status = capsys.readouterr().out
    assert "Laptop thôn 1" in status and "Bình Chương" in status
    assert run(["--db", laptop, "sync"]) == 0  # the place is remembered
