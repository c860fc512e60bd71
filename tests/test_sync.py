"""Sync through real folders between three real databases: two laptops and the office."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import demo, indicators
from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.store.models import Household, Person, SyncConflict
from binhdan_desktop.sync import bundle, engine
from binhdan_desktop.sync.engine import sync
from binhdan_desktop.sync.folder import FolderTarget
from binhdan_desktop.sync.identity import device_keys
from binhdan_desktop.sync.team import create_team, ensure_identity, revoke, status
from tests.teamkit import enrol

TABLES = ("commune", "village", "household", "person", "lesson", "team_member", "team_member_village", "visit",
          "visit_member", "visit_person", "event", "event_attendee", "completion", "plan_target", "indicator_rule",
          "setting", "team_device", "conflict_resolution")


def dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Canonical content: every synced table without its local timestamps."""
    out = {}
    with db.read() as s:
        conn = s.connection()
        for t in TABLES:
            cols = [r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({t})") if r[1] not in
                    ("created_at", "updated_at")]
            out[t] = sorted((tuple(r) for r in conn.exec_driver_sql(f"SELECT {', '.join(cols)} FROM {t}")), key=repr)
    return out


@pytest.fixture
def trio(tmp_path: Path) -> tuple[Database, Database, Database, FolderTarget]:
    office = open_database(tmp_path / "office.sqlite3")
    ensure_identity(office)
    demo.generate(office, 30, seed=4)
    key = tmp_path / "team.key"
    create_team(office, key)
    place = FolderTarget(tmp_path / "usb")
    place.path.mkdir()
    laptops = []
    for name in ("laptop-a", "laptop-b"):
        db = open_database(tmp_path / f"{name}.sqlite3")
        ensure_identity(db)
        enrol(office, db, key, name)
        laptops.append(db)
    return office, laptops[0], laptops[1], place


def round_trip(*dbs: Database, place: FolderTarget) -> None:
    for _ in range(2):
        for db in dbs:
            sync(db, place)


def test_three_databases_converge_through_a_folder(trio) -> None:
    office, a, b, place = trio
    report = sync(office, place)
    assert report.written >= 1 and report.pushed >= 1
    sync(a, place)
    with a.read() as s:
        assert s.scalar(select(func.count()).select_from(Household)) == 30
    sync(b, place)
    with a.read() as s:
        hid = s.scalar(select(Household.id).limit(1))
    hh.update_household(a, hid, address="Số 1, Xóm Mới")
    hh.create_household(b, hh.HouseholdDraft("Thôn An Điềm", members=[hh.PersonDraft("Phạm Thị Ước", 1970)]))
    round_trip(office, a, b, place=place)
    assert dump(office) == dump(a) == dump(b)
    with office.read() as s:
        assert s.get(Household, hid).address == "Số 1, Xóm Mới"
        assert s.scalar(select(func.count()).select_from(Person).where(Person.full_name == "Phạm Thị Ước")) == 1
        r1 = [(r.code, r.village, r.numerator, r.denominator) for r in indicators.compute(s, 2026)]
    with b.read() as s:
        assert r1 == [(r.code, r.village, r.numerator, r.denominator) for r in indicators.compute(s, 2026)]


def test_same_field_edited_on_two_laptops_keeps_the_loser_as_a_conflict(trio) -> None:
    office, a, b, place = trio
    round_trip(office, a, b, place=place)
    with a.read() as s:
        hid = s.scalar(select(Household.id).order_by(Household.code).limit(1))
    hh.update_household(a, hid, address="Địa chỉ của A")
    hh.update_household(b, hid, address="Địa chỉ của B")  # later clock: B wins
    round_trip(office, a, b, place=place)
    assert dump(office) == dump(a) == dump(b)
    with office.read() as s:
        assert s.get(Household, hid).address == "Địa chỉ của B"
        conflicts = s.scalars(select(SyncConflict)).all()
    assert [(c.field, c.lost_value, c.kept_value) for c in conflicts] == [
        ("address", '"Địa chỉ của A"', '"Địa chỉ của B"')]
    # a later edit that has seen the conflict is no new conflict
    hh.update_household(a, hid, address="Đã thống nhất")
    round_trip(office, a, b, place=place)
    with b.read() as s:
        assert s.get(Household, hid).address == "Đã thống nhất"
        assert s.scalar(select(func.count()).select_from(SyncConflict)) <= 1


def test_applying_twice_changes_nothing_and_status_says_what_waits(trio) -> None:
    office, a, _b, place = trio
    sync(office, place)
    sync(a, place)
    before = dump(a)
    again = sync(a, place)
    assert again.applied == 0 and dump(a) == before
    hh.update_household(a, _first_household(a), address="X")
    st = status(a)
    assert st.waiting == 1 and st.team == "Bình Chương"


def _first_household(db: Database) -> str:
    with db.read() as s:
        return s.scalar(select(Household.id).limit(1))


def test_foreign_tampered_and_revoked_files_are_refused(trio, tmp_path: Path) -> None:
    office, a, b, place = trio
    sync(office, place)
    (place.path / "notes.txt").write_text("không phải của ta")
    name = next(iter(place.names()))
    (place.path / (name[:-7] + ".sync-conflict-20260101.bdsync")).write_bytes(b"junk")
    data = bytearray((place.path / name).read_bytes())
    data[len(data) // 2] ^= 0xFF
    forged = name.replace(name[:8], "0" * 8)
    (place.path / forged).write_bytes(bytes(data))
    report = sync(a, place)
    assert report.skipped.get(forged) in ("bad_signature", "not_a_team_device", "inconsistent")
    round_trip(office, a, b, place=place)  # the office learns of laptop A
    revoke(office, "laptop-a")
    round_trip(office, b, place=place)  # the revocation reaches B
    hh.update_household(a, _first_household(a), address="A sau khi bị thu hồi")
    with pytest.raises(BinhdanError) as told:  # the laptop is told at its next sync
        sync(a, place)
    assert told.value.code == "sync.revoked"
    # a laptop that ignores it (an old version, a copy of its files) still writes and pushes its bundle
    engine.write_my_bundles(a, engine.SyncReport())
    engine.upload(place, engine.store_dir(a), engine.SyncReport())
    report = sync(b, place)
    assert "revoked_device" in report.skipped.values()
    with b.read() as s:
        assert s.get(Household, _first_household(a)).address != "A sau khi bị thu hồi"


def test_other_teams_and_truncated_bundles_are_refused(trio, tmp_path: Path) -> None:
    office, a, _b, place = trio
    sync(office, place)
    name = sorted(place.names())[0]
    data = (place.path / name).read_bytes()
    from binhdan_desktop.sync.keys import TeamKey

    with pytest.raises(bundle.BundleRejected) as err:
        bundle.decode(TeamKey.create("Xã khác"), data)
    assert err.value.reason == "other_team"
    with pytest.raises(bundle.BundleRejected):
        bundle.decode(TeamKey.from_json(_team_json(a)), data[: len(data) // 2])


def _team_json(db: Database) -> str:
    keys = device_keys(db)
    assert keys.team is not None
    return keys.team


def test_a_copied_database_file_takes_a_new_device_id(trio, tmp_path: Path) -> None:
    _office, a, _b, _place = trio
    a.close()
    shutil.copy(tmp_path / "laptop-a.sqlite3", tmp_path / "laptop-c.sqlite3")
    c = open_database(tmp_path / "laptop-c.sqlite3")
    before = c.device().device_id
    assert ensure_identity(c) is True
    assert c.device().device_id != before
    assert c.device().next_counter == 1  # no key file came with it: out of the team until it joins again
    assert status(c).team is None and device_keys(c).device_id == c.device().device_id
    a2 = open_database(tmp_path / "laptop-a.sqlite3")
    assert ensure_identity(a2) is False and a2.device().device_id == before


def test_bundle_written_names_device_and_range(trio) -> None:
    office, _a, _b, place = trio
    sync(office, place)
    device = office.device().device_id
    names = [n for n in place.names() if n.startswith(device)]
    parsed = sorted(bundle.parse_name(n) for n in names)
    assert parsed[0][1] == 1 and all(p[0] == device for p in parsed)


def test_the_office_takes_the_losing_value_and_it_travels(trio) -> None:
    from binhdan_desktop.sync.conflicts import open_conflicts, resolve

    office, a, b, place = trio
    round_trip(office, a, b, place=place)
    hid = _first_household(a)
    hh.update_household(a, hid, address="Địa chỉ của A")
    hh.update_household(b, hid, address="Địa chỉ của B")
    round_trip(office, a, b, place=place)
    (conflict,) = open_conflicts(office)
    assert conflict.lost == "Địa chỉ của A" and conflict.kept == "Địa chỉ của B"
    resolve(office, conflict.id, take_lost=True)
    assert open_conflicts(office) == []
    round_trip(office, a, b, place=place)
    with b.read() as s:
        assert s.get(Household, hid).address == "Địa chỉ của A"


def test_status_only_reads(tmp_path: Path) -> None:
    """The status bar asks after every change: it must not write to the file nor make folders."""
    db = open_database(tmp_path / "new.sqlite3")
    st = status(db)
    assert st.team is None and st.waiting == 0 and st.stored == 0 and st.last_sync is None
    with db.read() as s:
        assert s.connection().exec_driver_sql("SELECT COUNT(*) FROM sync_local").scalar() == 0
    assert not (tmp_path / "new.bundles").exists()
    db.close()
