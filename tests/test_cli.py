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
    code = capsys.readouterr().out.split("Mã văn phòng: ")[1][:9]
    assert run(["--db", laptop, "team", "join", key, "--name", "Laptop thôn 1", "--office-code", code]) == 1
    device_code = capsys.readouterr().out.split("Mã máy này: ")[1][:6]
    assert run(["--db", laptop, "sync", "--target", str(usb)]) == 1  # its request goes up; it waits
    assert "đang chờ duyệt" in capsys.readouterr().err.lower()
    assert run(["--db", office, "team", "requests", "--target", str(usb)]) == 0
    assert "Laptop thôn 1" in capsys.readouterr().out
    assert run(["--db", office, "team", "approve", "Laptop thôn 1", "--code", device_code]) == 0
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


# -- The command line as a user types it (issue 12) ------------------------------------------------------------

BINHDAN = Path(sys.executable).with_name("binhdan")  # the installed entry point, as a user runs it


def _real(*args: str, env: dict[str, str] | None = None, timeout: float = 120,
          cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BINHDAN), *args], capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=timeout, cwd=cwd)


def one_line_error(stderr: str) -> str:
    """The CLI's only way to fail: one line, Vietnamese then English, no traceback."""
    assert stderr.count("\n") == 1 and stderr.startswith("Lỗi: ") and " / Error: " in stderr, stderr
    assert "Traceback" not in stderr
    return stderr


def test_db_goes_before_or_after_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "x.sqlite3")
    assert run(["demo", "--households", "6", "--db", db]) == 0
    for argv in (["--db", db, "households", "--json"], ["households", "--json", "--db", db],
                 ["households", f"--db={db}", "--json"], [f"--db={db}", "households", "--json"]):
        capsys.readouterr()
        assert run(argv) == 0, argv
        assert len(json.loads(capsys.readouterr().out)) == 6, argv
    assert run(["indicators", "--year", "2026", "--db", db]) == 0
    assert run(["sync", "status", "--db", db]) == 0
    assert run(["team", "create", "--out", str(tmp_path / "t.key"), "--db", db]) == 0
    assert run(["backup", "--out", str(tmp_path / "b.sqlite3"), "--db", db]) == 0
    monkeypatch.setenv("BINHDAN_DB", db)
    capsys.readouterr()
    assert run(["households", "--json"]) == 0 and len(json.loads(capsys.readouterr().out)) == 6
    other = str(tmp_path / "other.sqlite3")  # --db beats BINHDAN_DB, wherever it is
    assert run(["demo", "--households", "3", "--db", other]) == 0
    capsys.readouterr()
    assert run(["households", "--json", "--db", other]) == 0 and len(json.loads(capsys.readouterr().out)) == 3


@pytest.mark.parametrize("argv", [["--db", " ", "demo"], ["demo", "--db", ""], ["--db=", "households"],
                                  ["households", "--db=\t "]])
def test_a_blank_db_is_refused(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(argv) == 2
    assert "--db" in one_line_error(capsys.readouterr().err)
    assert list(tmp_path.iterdir()) == [] and not (tmp_path / "data").exists()


def test_a_blank_db_is_refused_as_a_real_process_even_for_the_window(tmp_path: Path) -> None:
    for args, env in ((["--db", " "], {}), (["households"], {"BINHDAN_DB": "  "}), (["--db=", "demo"], {})):
        done = _real(*args, env=env, timeout=60, cwd=tmp_path)  # the window would wait for a first-run answer
        assert done.returncode == 2, (args, done.stderr)
        one_line_error(done.stderr)
    assert list(tmp_path.iterdir()) == []


def test_screenshots_take_db_before_or_after(tmp_path: Path) -> None:
    missing = str(tmp_path / "nothing.sqlite3")
    for args in (["--db", missing, "screenshots", "--out", str(tmp_path / "a")],
                 ["screenshots", "--db", missing, "--out", str(tmp_path / "a")]):
        done = _real(*args)
        assert done.returncode == 2 and "không có cơ sở dữ liệu" in one_line_error(done.stderr).lower(), done.stderr
        assert not Path(missing).exists() and not (tmp_path / "a").exists()
    done = _real("screenshots", "--db", " ", "--out", str(tmp_path / "a"))
    assert done.returncode == 2 and "--db" in one_line_error(done.stderr)
    db = str(tmp_path / "demo.sqlite3")
    assert run(["demo", "--households", "8", "--db", db]) == 0
    done = _real("--db", db, "screenshots", "--out", str(tmp_path / "shots"), env={"QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "shots").glob("*.png"))) >= 8


READ_ONLY = [["indicators"], ["households"], ["report", "results", "--year", "2026", "--out", "r.xlsx"],
             ["sync", "status"], ["sync"], ["backup", "--out", "b.sqlite3"], ["team", "revoke", "x"],
             ["team", "create", "--out", "t.key"], ["import", "list.xlsx"]]


@pytest.mark.parametrize("argv", READ_ONLY, ids=lambda a: " ".join(a[:2]))
def test_a_command_that_reads_does_not_create_a_database(argv: list[str], tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "new-folder" / "xa.sqlite3"
    assert run(["--db", str(target), *argv]) == 2
    err = one_line_error(capsys.readouterr().err)
    assert "không có cơ sở dữ liệu" in err.lower() and "binhdan setup" in err and str(target) in err
    assert list(tmp_path.iterdir()) == []
    assert run(argv) == 2  # the default place (the data folder) is not made either
    assert "không có cơ sở dữ liệu" in one_line_error(capsys.readouterr().err).lower()
    assert list(tmp_path.iterdir()) == []


def test_setup_makes_a_real_commune_headless(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "new" / "xa.sqlite3")
    assert run(["setup", "--commune", "Tịnh Khê", "--province", "Quảng Ngãi", "--village", "Thôn Cổ Lũy",
                "--village", "Thôn Trường Thọ", "--governing-body", "UBND HUYỆN SƠN TỊNH", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "Tịnh Khê" in out and "2" in out
    assert run(["households", "--village", "thon co luy", "--json", "--db", db]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert run(["indicators", "--year", "2026", "--json", "--db", db]) == 0
    villages = {d["village"] for d in json.loads(capsys.readouterr().out)}
    assert villages == {None, "Thôn Cổ Lũy", "Thôn Trường Thọ"}
    assert run(["setup", "--commune", "Khác", "--province", "P", "--village", "V", "--db", db]) == 2
    err = one_line_error(capsys.readouterr().err)
    assert "Tịnh Khê" in err and "--db" in err
    assert run(["demo", "--db", db]) == 2  # a demo never lands on a real commune either
    capsys.readouterr()


def test_setup_refuses_missing_or_blank_values_and_leaves_no_file(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "xa.sqlite3"
    assert run(["setup", "--commune", "X", "--province", "P", "--db", str(db)]) == 2  # no village
    assert run(["setup", "--commune", " ", "--province", "P", "--village", "V", "--db", str(db)]) == 2
    one_line_error(capsys.readouterr().err.splitlines(keepends=True)[-1])
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []  # data: the device markers


@pytest.fixture
def demo_backup(tmp_path: Path) -> Path:
    source = tmp_path / "source.sqlite3"
    assert run(["--db", str(source), "demo", "--households", "9"]) == 0
    assert run(["--db", str(source), "backup", "--out", str(tmp_path / "backup.sqlite3")]) == 0
    return tmp_path / "backup.sqlite3"


def _foreign_sqlite(path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.execute("INSERT INTO notes VALUES ('của ứng dụng khác')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("state", ["garbage", "missing", "foreign", "truncated"])
def test_restore_works_when_the_live_database_is_damaged_missing_or_not_ours(
        state: str, demo_backup: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    live = tmp_path / "live" / "binhdan.sqlite3"
    live.parent.mkdir()
    if state == "garbage":
        live.write_bytes(b"\x00\xffrac\x13" * 700)
    elif state == "foreign":
        _foreign_sqlite(live)
    elif state == "truncated":
        live.write_bytes(demo_backup.read_bytes()[:5000])
    before = live.read_bytes() if live.exists() else None
    capsys.readouterr()
    assert run(["--db", str(live), "restore", str(demo_backup)]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert run(["--db", str(live), "households", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 9
    kept = [p for p in live.parent.iterdir() if ".before-restore-" in p.name]
    if before is None:
        assert kept == []
    else:
        assert len(kept) == 1 and str(kept[0]) in out  # says where the old file is
        if state != "foreign":
            assert kept[0].read_bytes() == before  # kept as it was, byte for byte
        else:
            import sqlite3

            assert sqlite3.connect(kept[0]).execute("SELECT text FROM notes").fetchone() == ("của ứng dụng khác",)


def test_template_needs_no_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["import", "--template", "mau.xlsx"]) == 0
    assert run(["--db", str(tmp_path / "nope" / "x.sqlite3"), "import", "--template", "mau2.xlsx"]) == 0
    (tmp_path / "garbage.sqlite3").write_bytes(b"not a database at all")
    assert run(["--db", "garbage.sqlite3", "import", "--template", "mau3.xlsx"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["garbage.sqlite3", "mau.xlsx", "mau2.xlsx", "mau3.xlsx"]
    assert (tmp_path / "garbage.sqlite3").read_bytes() == b"not a database at all"


def test_cli_commands_reach_data_through_services_only() -> None:
    """No store import and no SQL in cli/commands.py outside the sync and team handlers (owned by sync)."""
    import ast

    import binhdan_desktop.cli.commands as commands

    tree = ast.parse(Path(commands.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert not (node.module or "").startswith("binhdan_desktop.store"), node.module
    for fn in tree.body:
        if isinstance(fn, ast.FunctionDef) and fn.name not in ("cmd_sync", "cmd_team"):
            source = ast.unparse(fn)
            assert "exec_driver_sql" not in source and "select(" not in source, fn.name


def test_screenshots_out_is_a_folder_and_an_occupied_one_needs_force(tmp_path: Path) -> None:
    db = tmp_path / "xa" / "demo.sqlite3"
    assert run(["--db", str(db), "demo", "--households", "3"]) == 0
    (db.parent / "backups").mkdir()
    notes = tmp_path / "notes.txt"
    notes.write_text("giữ nguyên")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "old.png").write_bytes(b"png")
    for out, extra, words in ((notes, [], "thư mục"), (db, ["--force"], "cơ sở dữ liệu"), (busy, [], "--force"),
                              (db.parent / "backups", ["--force"], "sao lưu")):
        done = _real("--db", str(db), "screenshots", "--out", str(out), *extra)
        assert done.returncode == 2 and words in one_line_error(done.stderr), (out, done.stderr)
    assert notes.read_text() == "giữ nguyên" and [p.name for p in busy.iterdir()] == ["old.png"]
    assert list((db.parent / "backups").iterdir()) == []
