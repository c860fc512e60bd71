"""The device key file (docs/keys.md, order step 1 and 2): secrets out of the database and its backups, copies
take a new identity, restores go on counting, re-joining keeps the identity, a second `team create` is refused."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from binhdan_desktop.cli.main import run
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import demo
from binhdan_desktop.services import households as hh
from binhdan_desktop.services.backup import backup, restore
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.store.keyfile import MACHINE_ID_ENV, key_file_path
from binhdan_desktop.sync import bundle
from binhdan_desktop.sync.engine import sync
from binhdan_desktop.sync.folder import FolderTarget
from binhdan_desktop.sync.identity import device_keys
from binhdan_desktop.sync.keys import TeamKey, b64
from binhdan_desktop.sync.team import create_team, ensure_identity, join_team, status
from tests.teamkit import enrol
from tests.test_sync import dump


def _pair(tmp_path: Path) -> tuple[Database, Database, FolderTarget, Path]:
    office = open_database(tmp_path / "office.sqlite3")
    ensure_identity(office)
    demo.generate(office, 12, seed=3)
    key = tmp_path / "team.key"
    create_team(office, key)
    laptop = open_database(tmp_path / "laptop.sqlite3")
    ensure_identity(laptop)
    enrol(office, laptop, key, "laptop")
    place = FolderTarget(tmp_path / "usb")
    place.path.mkdir()
    sync(office, place)
    sync(laptop, place)
    return office, laptop, place, key


def _first_household(db: Database) -> str:
    with db.read() as s:
        return str(s.connection().exec_driver_sql("SELECT id FROM household ORDER BY id LIMIT 1").scalar())


def _secrets(db: Database) -> list[bytes]:
    keys = device_keys(db)
    assert keys.team is not None
    team = TeamKey.from_json(keys.team)
    return [team.enc_key, team.mac_key, b64(team.enc_key).encode(), b64(team.mac_key).encode(),
            keys.signing_key.encode(), keys.agreement_key.encode()]


def test_keys_live_in_a_0600_file_never_in_the_database_or_a_backup(tmp_path: Path) -> None:
    _office, laptop, _place, _key = _pair(tmp_path)
    path = key_file_path(laptop.path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    cols = {r[1] for r in sqlite3.connect(laptop.path).execute("PRAGMA table_info(sync_local)")}
    assert "team" not in cols and "private_key" not in cols and "team_id" in cols
    copy = backup(laptop, tmp_path / "b.sqlite3")
    laptop.close()
    for f in (copy, tmp_path / "laptop.sqlite3", tmp_path / "laptop.sqlite3-wal"):
        data = f.read_bytes() if f.exists() else b""
        for secret in _secrets(open_database(tmp_path / "laptop.sqlite3")):
            assert secret not in data, f


def test_joining_again_keeps_the_identity_and_the_laptop_keeps_pushing(tmp_path: Path) -> None:
    office, laptop, place, key = _pair(tmp_path)
    device = laptop.device().device_id
    join_team(laptop, key, "laptop")  # the join button pressed a second time
    hid = _first_household(laptop)
    hh.update_household(laptop, hid, address="Sau khi tham gia lại")
    report = sync(laptop, place)
    assert not report.skipped and status(laptop).waiting == 0 and laptop.device().device_id == device
    report = sync(office, place)
    assert not report.skipped, report.skipped
    assert dump(office)["household"] == dump(laptop)["household"]


def test_a_second_team_create_is_refused_unless_new_team(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "xa.sqlite3")
    assert run(["--db", db, "demo", "--households", "5"]) == 0
    assert run(["--db", db, "team", "create", "--out", str(tmp_path / "a.key")]) == 0
    capsys.readouterr()
    assert run(["--db", db, "team", "create", "--out", str(tmp_path / "b.key")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--new-team" in err and not (tmp_path / "b.key").exists()
    assert run(["--db", db, "team", "create", "--out", str(tmp_path / "b.key"), "--new-team"]) == 0
    assert "tham gia lại" in capsys.readouterr().out and (tmp_path / "b.key").exists()


def test_a_data_folder_on_another_machine_takes_a_new_identity(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    _office, laptop, _place, _key = _pair(tmp_path)
    device = laptop.device().device_id
    laptop.close()
    monkeypatch.setenv(MACHINE_ID_ENV, "another-laptop")  # the folder (database + key file) copied elsewhere
    copy = open_database(tmp_path / "laptop.sqlite3")
    assert ensure_identity(copy) is True
    assert copy.device().device_id != device and status(copy).team is None
    with pytest.raises(BinhdanError):
        sync(copy, FolderTarget(tmp_path / "usb"))  # it must join again: it never signs as the original
    assert ensure_identity(copy) is False  # said once


def test_a_restore_keeps_the_identity_and_never_issues_a_counter_twice(tmp_path: Path) -> None:
    office, laptop, place, _key = _pair(tmp_path)
    device = laptop.device().device_id
    hid = _first_household(laptop)
    copy = backup(laptop, tmp_path / "before.sqlite3")
    hh.update_household(laptop, hid, address="Gửi đi rồi mới khôi phục")
    sync(laptop, place)  # these counters left the laptop
    sync(office, place)
    laptop.close()
    restore(tmp_path / "laptop.sqlite3", copy)
    laptop = open_database(tmp_path / "laptop.sqlite3")
    assert laptop.device().device_id == device and device_keys(laptop).incarnation == 1
    hh.update_household(laptop, hid, phone="0912345678")
    for db in (laptop, office, laptop):
        sync(db, place)
    seen: dict[int, str] = {}
    team = TeamKey.from_json(device_keys(laptop).team or "")
    for name in place.names():
        if name.startswith(device):
            _m, recs = bundle.decode(team, place.read(name))
            for r in recs:
                assert seen.setdefault(r["c"], repr(r)) == repr(r), r["c"]  # one content per counter
    assert dump(office)["household"] == dump(laptop)["household"]
    with laptop.read() as s:
        address = s.connection().exec_driver_sql("SELECT address FROM household WHERE id = ?", (hid,)).scalar()
    assert address == "Gửi đi rồi mới khôi phục"  # its own change the backup lacked came back from its bundle


def _as_schema_0008(db: Database) -> None:
    """Put the secrets back in `sync_local` as schema 0008 kept them, and take the key file away (the old
    version's device marker names the file, as that version wrote it)."""
    import json

    from binhdan_desktop.sync import identity

    keys = device_keys(db)
    path, device = db.path, db.device().device_id
    db.close()
    with sqlite3.connect(path) as conn:
        team_id = conn.execute("SELECT team_id FROM sync_local").fetchone()[0]
        conn.execute("ALTER TABLE sync_local ADD COLUMN team TEXT")
        conn.execute("ALTER TABLE sync_local ADD COLUMN private_key VARCHAR(100)")
        conn.execute("ALTER TABLE sync_local DROP COLUMN team_id")
        conn.execute("UPDATE sync_local SET team = ?, private_key = ?", (keys.team, keys.signing_key))
        conn.execute("DROP TABLE IF EXISTS conflict_resolution")  # made by 0011, after 0008
        if "merged_into" in {r[1] for r in conn.execute("PRAGMA table_info(village)")}:
            conn.execute("ALTER TABLE village DROP COLUMN merged_into")  # 0011 too
        conn.execute("UPDATE alembic_version SET version_num = '0008'")
    conn.close()
    assert team_id and keys.team and team_id in keys.team
    key_file_path(path).unlink()
    marker = identity._markers()
    marker.parent.mkdir(parents=True, exist_ok=True)
    marks = json.loads(marker.read_text()) if marker.exists() else {}
    marker.write_text(json.dumps({**marks, str(path.resolve()): device}))


def test_a_team_from_before_the_key_file_upgrades_and_keeps_syncing(tmp_path: Path) -> None:
    office, laptop, place, _key = _pair(tmp_path)
    secrets = _secrets(laptop)
    device = laptop.device().device_id
    _as_schema_0008(laptop)
    laptop = open_database(tmp_path / "laptop.sqlite3", backup_dir=tmp_path / "bk")  # migration 0009
    assert ensure_identity(laptop) is False and laptop.device().device_id == device
    assert _secrets(laptop)[:5] == secrets[:5]  # the same team key and signing key (a new agreement key)
    laptop.close()  # the file as it is once written back (the WAL checkpointed)
    data = (tmp_path / "laptop.sqlite3").read_bytes()
    assert [i for i, s in enumerate(secrets[:5]) if s in data] == []
    laptop = open_database(tmp_path / "laptop.sqlite3")
    hid = _first_household(laptop)
    hh.update_household(laptop, hid, address="Sau khi nâng cấp")
    assert not sync(laptop, place).skipped
    assert not sync(office, place).skipped
    assert dump(office)["household"] == dump(laptop)["household"]


def test_an_unreadable_key_file_stops_with_one_line_and_the_way_out_it_names_works(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A key file cut short (a disk that filled, a bad copy): every command stops with one line, exit 2, the
    database untouched; renaming the file aside, as the line says, gets a new device id with the data kept, and
    joining the team again works."""
    _office, laptop, _place, key = _pair(tmp_path)
    before = dump(laptop)
    keys = key_file_path(laptop.path)
    keys.write_text('{"format": "binhdan-keys/1", "body":', encoding="utf-8")
    args = ["--db", str(laptop.path)]
    assert run([*args, "indicators"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "đổi tên tệp đó" in err and "rename it" in err
    assert dump(laptop) == before
    keys.rename(keys.with_name(keys.name + ".hong"))
    assert run([*args, "indicators"]) == 0
    assert run([*args, "team", "join", str(key), "--name", "laptop"]) == 1  # waits for the office
    data = {k: v for k, v in before.items() if k != "team_device"}  # joining again adds this device's new row
    assert {k: v for k, v in dump(laptop).items() if k != "team_device"} == data
    assert key_file_path(laptop.path).is_file()
