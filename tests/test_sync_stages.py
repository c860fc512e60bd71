"""The sync's stages run apart, the core never prompts for a password, and a write while another process holds
the database's write lock waits, retries and then says the database is busy (never "database is locked")."""

from __future__ import annotations

import getpass
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from binhdan_desktop.cli.main import run
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import demo
from binhdan_desktop.services import households as hh
from binhdan_desktop.store import db as db_module
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.sync import engine, webdav
from binhdan_desktop.sync.folder import FolderTarget
from binhdan_desktop.sync.targets import open_target
from binhdan_desktop.sync.team import create_team, ensure_identity
from tests.teamkit import enrol
from tests.test_sync import dump
from tests.test_sync_webdav import _free_port, dav  # noqa: F401  (fixture)

HOLD_LOCK = """
import select, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
select.select([sys.stdin], [], [], 60)  # held until told (or a minute at most)
conn.execute("ROLLBACK")
conn.close()
print("released", flush=True)
"""


class LockHolder:
    """Another process that holds the database's write lock until `release()` (at most a minute)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> LockHolder:
        self.proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(self.path)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "locked"
        return self

    def release(self) -> None:
        assert self.proc is not None and self.proc.stdin is not None and self.proc.stdout is not None
        if self.proc.poll() is None:
            self.proc.stdin.write("go\n")
            self.proc.stdin.flush()
            assert self.proc.stdout.readline().strip() == "released"

    def __exit__(self, *exc: object) -> None:
        self.release()
        assert self.proc is not None
        self.proc.wait(30)


@pytest.fixture
def quick_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 200, raising=False)
    monkeypatch.setattr(db_module, "WRITE_ATTEMPTS", 2, raising=False)


def test_a_write_while_another_process_holds_the_lock_says_busy(commune: Database, quick_busy) -> None:
    hid = hh.create_household(commune, hh.HouseholdDraft("Thôn An Điềm", members=[
        hh.PersonDraft("Nguyễn Văn An", 1970)])).created
    with LockHolder(commune.path), pytest.raises(BinhdanError) as err:
        hh.update_household(commune, hid, address="Số 2")
    assert err.value.code == "db.busy"
    assert "binhdan sync" in err.value.message("vi") and "try again" in err.value.message("en")
    hh.update_household(commune, hid, address="Số 3")  # the lock gone, the same write goes through


def test_the_whole_transaction_is_retried_once_the_lock_is_let_go(commune: Database, quick_busy) -> None:
    hid = hh.create_household(commune, hh.HouseholdDraft("Thôn An Điềm", members=[
        hh.PersonDraft("Nguyễn Văn An", 1970)])).created
    records: list[str] = []

    class Release(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())
            holder.release()

    log = logging.getLogger("binhdan_desktop.store.db")
    handler = Release(logging.DEBUG)  # the retry is logged at debug (the user is told once, in both languages)
    level = log.level
    log.setLevel(logging.DEBUG)
    log.addHandler(handler)
    try:
        with LockHolder(commune.path) as holder:
            hh.update_household(commune, hid, address="Số 4")
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
    assert records and "busy" in records[0]
    with commune.read() as s:
        assert hh.get_household(s, hid).address == "Số 4"


def test_the_command_line_says_busy_in_one_line(commune: Database, quick_busy, tmp_path: Path, capsys) -> None:
    ensure_identity(commune)
    create_team(commune, tmp_path / "k.key")
    (tmp_path / "usb").mkdir()
    commune.close()
    with LockHolder(commune.path):
        code = run(["--db", str(commune.path), "sync", "--target", str(tmp_path / "usb")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.count("\n") == 0
    assert err.startswith("Lỗi: Cơ sở dữ liệu") and "is busy" in err


def test_the_core_never_prompts_for_a_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(getpass, "getpass", lambda *a, **k: pytest.fail("the core asked for a password"))
    url = f"http://127.0.0.1:{_free_port()}/binhdan/"
    asked: list[tuple[str, str]] = []
    target = open_target(url, user="to-cns", ask=lambda u, n: asked.append((u, n)) or None)
    with pytest.raises(BinhdanError) as err:
        target.check()
    assert err.value.code == "sync.no_password" and asked == [(url, "to-cns")]
    with pytest.raises(BinhdanError) as err:
        open_target(url, user="to-cns").check()  # no provider: the keyring only
    assert err.value.code == "sync.no_password"


def test_the_command_line_without_a_terminal_says_how_to_give_the_password(commune: Database, tmp_path: Path) -> None:
    create_team(commune, tmp_path / "k.key")
    commune.close()
    env = {**os.environ, "PYTHONPATH": os.getcwd(), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
           "BINHDAN_DATA_DIR": str(tmp_path / "data")}
    env.pop("BINHDAN_WEBDAV_PASSWORD", None)
    done = subprocess.run([sys.executable, "-m", "binhdan_desktop", "--db", str(commune.path), "sync", "--target",
                           f"http://127.0.0.1:{_free_port()}/x/", "--user", "to-cns"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Lỗi: Chưa có mật khẩu WebDAV")
    assert "BINHDAN_WEBDAV_PASSWORD" in lines[0] and "Traceback" not in done.stderr


def test_the_command_line_asks_at_a_terminal_and_keeps_it(dav: str, tmp_path: Path, monkeypatch, capsys) -> None:  # noqa: F811
    db = open_database(tmp_path / "x.sqlite3")
    ensure_identity(db)
    demo.generate(db, 3, seed=1)
    create_team(db, tmp_path / "k.key")
    db.close()
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(getpass, "getpass", lambda *a, **k: "mat-khau-1")
    assert run(["--db", str(tmp_path / "x.sqlite3"), "sync", "--target", dav, "--user", "to-cns"]) == 0
    assert "Đã đồng bộ" in capsys.readouterr().out
    assert webdav.keyring_password(webdav.place_url(dav), "to-cns") == "mat-khau-1"


def test_the_stages_run_apart_give_what_one_sync_gives(tmp_path: Path, monkeypatch) -> None:
    office = open_database(tmp_path / "office.sqlite3")
    ensure_identity(office)
    demo.generate(office, 15, seed=2)
    create_team(office, tmp_path / "k.key")
    place = FolderTarget(tmp_path / "usb")
    place.path.mkdir()
    monkeypatch.setattr(engine, "PER_BUNDLE", 50)
    engine.sync(office, place)
    laptop = open_database(tmp_path / "laptop.sqlite3")
    ensure_identity(laptop)
    enrol(office, laptop, tmp_path / "k.key", "laptop")
    report = engine.SyncReport()
    engine.check(place)
    while engine.export_one(laptop, report):
        pass
    here = engine.local(laptop)
    engine.download(place, here, report)
    queue = engine.ApplyQueue(list(reversed(engine.stored_bundles(laptop))))  # given in the worst order
    outcomes = []
    while (path := queue.take()) is not None:
        applied = engine.apply_stored(laptop, here.team, path, report)
        outcomes.append(applied.outcome)
        queue.settle(path, applied.outcome)
        if applied.outcome == engine.APPLIED:
            assert applied.changes.tables and applied.changes.tables <= report.tables
    engine.upload(place, here.store, report)
    engine.record(laptop, place.label, report)
    # the queue puts each device's bundles in counter order: none waits for one of its own device's
    assert queue.waiting == 0 and engine.WAITING not in outcomes and outcomes.count(engine.APPLIED) == report.applied
    assert report.applied == len(list(place.path.glob(f"{office.device().device_id}_*.bdsync")))
    engine.sync(office, place)
    assert dump(laptop) == dump(office)


def test_sync_never_imports_services() -> None:
    """services may use sync (backup renews the identity); sync never uses services: no cycle."""
    code = ("import importlib, pkgutil, sys\nimport binhdan_desktop.sync as s\n"
            "for m in pkgutil.walk_packages(s.__path__, 'binhdan_desktop.sync.'):\n"
            "    importlib.import_module(m.name)\n"
            "print(sorted(m for m in sys.modules if m.startswith('binhdan_desktop.services')))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_every_webdav_request_gives_up_in_time() -> None:
    target = open_target("https://cloud.example.invalid/dav/", user="to-cns", password="p")
    timeout = target.client.timeout  # type: ignore[attr-defined]
    assert timeout.connect == 5 and timeout.read is not None and timeout.read <= 60 and timeout.write is not None
    target.close()
