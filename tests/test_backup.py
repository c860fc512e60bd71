"""Backup and restore: exact round trip, rotation, refusing bad files, a new sync identity after restore."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from binhdan_desktop.cli.main import run
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import demo
from binhdan_desktop.services import households as hh
from binhdan_desktop.services.backup import auto_backup, backup, check_backup, restore, rotate
from binhdan_desktop.store.db import open_database
from binhdan_desktop.sync.team import ensure_identity
from tests.test_sync import dump


def test_backup_then_restore_round_trips_the_demo_commune_exactly(tmp_path: Path) -> None:
    path = tmp_path / "live.sqlite3"
    db = open_database(path)
    ensure_identity(db)
    demo.generate(db, 80, seed=5)
    original = dump(db)
    copy = backup(db, tmp_path / "copy.sqlite3")
    device_before = db.device().device_id
    with db.read() as s:
        hid = s.connection().exec_driver_sql("SELECT id FROM household LIMIT 1").scalar()
    hh.delete_household(db, hid)  # a mistake made after the backup
    db.close()
    restored, aside = restore(path, copy)
    assert aside.exists()
    again = open_database(restored)
    assert dump(again) == original
    # the live key file is kept: same identity, a new incarnation (tests/test_sync_keys.py: counters never reused)
    assert again.device().device_id == device_before
    assert check_backup(aside).households == 79  # the previous state is kept, so the restore can be undone
    again.close()


def test_restore_refuses_bad_files_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "live.sqlite3"
    with open_database(path) as db:
        demo.generate(db, 5, seed=1)
    before = path.read_bytes()
    for name, content in [("text.sqlite3", b"hello"), ("half.sqlite3", before[: len(before) // 2])]:
        bad = tmp_path / name
        bad.write_bytes(content)
        with pytest.raises(BinhdanError):
            restore(path, bad)
        assert path.read_bytes() == before


def test_rotation_keeps_seven_days_four_weeks_and_recent_events(tmp_path: Path) -> None:
    db = open_database(tmp_path / "live.sqlite3")
    start = dt.datetime(2026, 9, 1, 17, 0)
    for day in range(60):
        auto_backup(db, "daily", start + dt.timedelta(days=day))
    for i in range(8):
        auto_backup(db, "before-import", start + dt.timedelta(days=59, minutes=i))
    names = sorted(p.name for p in (tmp_path / "backups").iterdir())
    daily = [n for n in names if n.endswith("-daily.sqlite3")]
    assert len([n for n in names if "before-import" in n]) == 5
    expected = [f"live-{(start + dt.timedelta(days=d)):%Y%m%d}-170000-daily.sqlite3" for d in range(53, 60)]
    assert daily[-7:] == expected
    assert 7 <= len(daily) <= 11  # seven days plus the newest of up to four earlier weeks
    assert rotate(db.path) == []
    db.close()


def test_backup_and_restore_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    live, copy = str(tmp_path / "live.sqlite3"), str(tmp_path / "bk.sqlite3")
    assert run(["--db", live, "demo", "--households", "12"]) == 0
    assert run(["--db", live, "backup", "--out", copy]) == 0
    assert run(["--db", live, "restore", copy]) == 0
    assert "12 hộ" in capsys.readouterr().out
    assert run(["--db", live, "restore", str(tmp_path / "nope.sqlite3")]) == 2
