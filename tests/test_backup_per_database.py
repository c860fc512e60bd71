"""Backups of several databases in one folder: each one's backups carry its name, so rotation, "backed up today"
and the list see only their own, and the backups made before (named `binhdan-…`) stay the default database's.
Also: a failed copy leaves no temporary file nor SQLite's journal of it, and the small atomic writes (migration
backup, device markers, bundles) leave the old file whole and no temporary file when the rename fails."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.fileio import remove_stale_temps
from binhdan_desktop.services import backup as svc
from binhdan_desktop.services import demo
from binhdan_desktop.store.db import open_database

START = dt.datetime(2026, 9, 1, 17, 0)


def _content(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _names(folder: Path, prefix: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(prefix + "-"))


def _two(tmp_path: Path) -> tuple[Path, Path]:
    xa, xb = tmp_path / "xa.sqlite3", tmp_path / "xa-b.sqlite3"  # one name the start of the other, on purpose
    for path, n in ((xa, 3), (xb, 4)):
        with open_database(path) as db:
            demo.generate(db, n, seed=n)
    return xa, xb


def test_two_databases_in_one_folder_keep_their_own_backups(tmp_path: Path) -> None:
    xa, xb = _two(tmp_path)
    backups = tmp_path / "backups"
    with open_database(xa) as a, open_database(xb) as b:
        for day in range(30):  # both back up every day, a at 17:00 and b at 18:00
            svc.auto_backup(a, "daily", START + dt.timedelta(days=day))
            svc.auto_backup(b, "daily", START + dt.timedelta(days=day, hours=1))
        svc.auto_backup(a, "before-import", START + dt.timedelta(days=29, hours=2))
        mine, theirs = _names(backups, "xa"), [n for n in os.listdir(backups) if n.startswith("xa-b-")]
        # a's rotation did not delete b's backups, nor b's a's: each keeps 7 days and its earlier weeks
        assert 8 <= len(theirs) <= 11 and all(n.endswith("-180000-daily.sqlite3") for n in theirs)
        assert len([n for n in mine if not n.startswith("xa-b-")]) >= 9
        assert {b.path.name for b in svc.list_backups(xb)} == set(theirs)
        assert all(not b.path.name.startswith("xa-b-") for b in svc.list_backups(xa))
        assert svc.list_backups(xa)[0].kind == "before-import"  # newest first
        # "backed up today" is per database: a's backup of today does not make b's daily backup skipped
        today = (START + dt.timedelta(days=30)).date()
        svc.auto_backup(a, "daily", dt.datetime.combine(today, dt.time(9, 0)))
        assert not svc.daily_backup_due(a, today) and svc.daily_backup_due(b, today)
        assert svc.check_backup(svc.list_backups(xb)[0].path).households == 4  # they are b's
        assert svc.check_backup(svc.list_backups(xa)[0].path).households == 3


def test_old_backups_stay_the_default_databases_and_others_never_touch_them(tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    default, other = tmp_path / "binhdan.sqlite3", tmp_path / "xa.sqlite3"
    with open_database(default) as db:
        demo.generate(db, 2, seed=1)
    backups.mkdir(exist_ok=True)
    old = [backups / f"binhdan-{START + dt.timedelta(days=d):%Y%m%d-%H%M%S}-daily.sqlite3" for d in range(20)]
    for path in old:
        shutil.copyfile(default, path)  # backups made by an earlier version
    with open_database(other) as db:
        demo.generate(db, 2, seed=2)
        for day in range(20):
            svc.auto_backup(db, "daily", START + dt.timedelta(days=day))
        assert svc.list_backups(other) and all(b.path.name.startswith("xa-") for b in svc.list_backups(other))
        assert not svc.daily_backup_due(db, (START + dt.timedelta(days=19)).date())
    assert all(p.exists() for p in old)  # another database's rotation never deletes them
    with open_database(default) as db:
        assert {b.path for b in svc.list_backups(default)} == set(old)  # still listed and restorable
        assert not svc.daily_backup_due(db, (START + dt.timedelta(days=19)).date())
        svc.auto_backup(db, "daily", START + dt.timedelta(days=20))
        newest = START + dt.timedelta(days=20)
        assert svc.list_backups(default)[0].path.name == f"binhdan-{newest:%Y%m%d}-170000-daily.sqlite3"
    assert len(_names(backups, "xa")) == len(svc.list_backups(other))  # the default's rotation kept xa's
    path, _aside = svc.restore(default, old[-1])
    assert svc.check_backup(path).households == 2


def test_the_backup_before_an_upgrade_is_named_after_the_database(tmp_path: Path) -> None:
    old = Path(__file__).parent / "fixtures" / "db-rev0001.sqlite3"
    path = tmp_path / "thon-3.sqlite3"
    shutil.copyfile(old, path)
    open_database(path).close()
    names = os.listdir(tmp_path / "backups")
    assert len(names) == 1 and names[0].startswith("thon-3-") and names[0].endswith("-before-upgrade.sqlite3")
    assert [b.kind for b in svc.list_backups(path)] == ["before-upgrade"]


def _failing_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite on a disk that fills half-way: it wrote part of the copy and left its journal, then failed."""
    real = svc._sqlite_copy

    def half(source: Path, target: Path, *args: object, **kwargs: object) -> None:
        real(source, target, *args, **kwargs)  # type: ignore[arg-type]
        Path(f"{target}-journal").write_bytes(b"\0" * 512)
        raise BinhdanError("io.no_space", path=str(kwargs.get("shown", target)))

    monkeypatch.setattr(svc, "_sqlite_copy", half)


def test_a_backup_onto_a_full_disk_leaves_no_temporary_file_nor_its_journal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    live = tmp_path / "xa.sqlite3"
    with open_database(live) as db:
        demo.generate(db, 5, seed=1)
        before = _content(live)
        _failing_copy(monkeypatch)
        out = tmp_path / "usb"
        out.mkdir()
        with pytest.raises(BinhdanError) as failed:
            svc.backup(db, out / "sao-luu.sqlite3")
        assert failed.value.code == "io.no_space" and str(out / "sao-luu.sqlite3") in failed.value.message()
        with pytest.raises(BinhdanError):
            svc.auto_backup(db, "daily")
        assert os.listdir(out) == [] and os.listdir(tmp_path / "backups") == []
    assert _content(live) == before


def test_a_restore_onto_a_full_disk_changes_nothing_and_leaves_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    live, copy = tmp_path / "xa.sqlite3", tmp_path / "bk" / "copy.sqlite3"
    copy.parent.mkdir()
    with open_database(live) as db:
        demo.generate(db, 5, seed=1)
        svc.backup(db, copy)
    before = sorted(os.listdir(tmp_path)), live.read_bytes()
    _failing_copy(monkeypatch)
    with pytest.raises(BinhdanError) as failed:
        svc.restore(live, copy)
    assert failed.value.code == "io.no_space" and ".~" not in failed.value.message()
    assert (sorted(os.listdir(tmp_path)), live.read_bytes()) == before


def test_stale_sqlite_files_of_a_temporary_copy_are_removed_at_start(tmp_path: Path) -> None:
    names = [".~xa.sqlite3.1a2b.tmp-journal", ".~xa.sqlite3.1a2b.tmp-wal", ".~xa.sqlite3.1a2b.tmp-shm",
             ".~xa.sqlite3.1a2b.tmp"]
    for name in [*names, "xa.sqlite3-wal", "xa.sqlite3-journal"]:
        (tmp_path / name).write_bytes(b"x")
    removed = remove_stale_temps([tmp_path], older_than=-1)
    assert sorted(p.name for p in removed) == sorted(names)
    assert sorted(os.listdir(tmp_path)) == ["xa.sqlite3-journal", "xa.sqlite3-wal"]  # the live database's: kept


def _rename_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)


def _temps(folder: Path) -> list[str]:
    return [n for n in os.listdir(folder) if n.startswith(".~") or n.endswith(".tmp")]


def test_the_migration_backup_leaves_no_temporary_file_when_it_fails(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from binhdan_desktop.store.migrate import online_copy

    source = tmp_path / "xa.sqlite3"
    with open_database(source) as db:
        demo.generate(db, 3, seed=1)
    target = tmp_path / "bk.sqlite3"
    online_copy(source, target)
    before = target.read_bytes()
    _rename_fails(monkeypatch)
    with pytest.raises((OSError, BinhdanError)):
        online_copy(source, target)
    monkeypatch.undo()
    assert _temps(tmp_path) == [] and target.read_bytes() == before
    assert sqlite3.connect(target).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_the_device_key_file_stays_whole_when_writing_it_fails(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from binhdan_desktop.store.keyfile import DeviceKeys, key_file_path, read_keys, write_keys

    db = tmp_path / "a.sqlite3"
    write_keys(db, DeviceKeys.new(key_file_path(db), "device-1"))
    before = key_file_path(db).read_bytes()
    _rename_fails(monkeypatch)
    with pytest.raises((OSError, BinhdanError)):
        write_keys(db, DeviceKeys.new(key_file_path(db), "device-2"))
    monkeypatch.undo()
    assert _temps(tmp_path) == [] and key_file_path(db).read_bytes() == before
    keys = read_keys(db)
    assert keys is not None and keys.device_id == "device-1"


def test_a_bundle_written_into_the_store_is_whole_or_absent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from binhdan_desktop.sync.state import atomic_write

    _rename_fails(monkeypatch)
    with pytest.raises((OSError, BinhdanError)):
        atomic_write(tmp_path / "x_0000000001-0000000002.bdsync", b"bundle bytes")
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []
    atomic_write(tmp_path / "x_0000000001-0000000002.bdsync", b"bundle bytes")
    assert os.listdir(tmp_path) == ["x_0000000001-0000000002.bdsync"]
