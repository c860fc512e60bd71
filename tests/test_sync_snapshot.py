"""Snapshots (#15 "Scale", docs/keys.md step 4): the office's signed, encrypted copy of the commune that a fresh
laptop takes instead of replaying every bundle since day one; through a folder and a real WebDAV server."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from binhdan_desktop.cli.main import main
from binhdan_desktop.services import demo
from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.sync import engine, enrolment, snapshot
from binhdan_desktop.sync.folder import FolderTarget, Target
from binhdan_desktop.sync.keys import unb64
from binhdan_desktop.sync.membership import new_office_key
from binhdan_desktop.sync.targets import open_target
from binhdan_desktop.sync.team import create_team, ensure_identity
from tests.teamkit import enrol
from tests.test_sync import TABLES
from tests.test_sync_webdav import dav  # noqa: F401  (the fixture)


def every_row(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every synced table row by row (timestamps too: a snapshot copies them as the office has them), the whole
    change log, and what triggers derive from them (progress masks, lesson bits, the search documents)."""
    out: dict[str, list[tuple[object, ...]]] = {}
    with sqlite3.connect(db.path) as raw:
        for table in (*TABLES, "change_log", "person_progress", "lesson_bit"):
            out[table] = sorted(raw.execute(f"SELECT * FROM {table}"), key=repr)
        out["household_fts"] = sorted(raw.execute(
            "SELECT h.id, f.doc FROM household h JOIN household_fts f ON f.rowid = h.rowid"), key=repr)
    return out


def without_stamps(rows: dict[str, list[tuple[object, ...]]], db: Database) -> dict[str, list[tuple[object, ...]]]:
    """The same without created_at/updated_at (a bundle applied here stamps its rows with this laptop's time), and
    the change log's inserts as "*" (their maker logs "*", the others the field names the bundle carried)."""
    out = {}
    with sqlite3.connect(db.path) as raw:
        for table, got in rows.items():
            names = [d[0] for d in raw.execute(f"SELECT * FROM {table} LIMIT 0").description]
            keep = [i for i, n in enumerate(names) if n not in ("created_at", "updated_at")]
            out[table] = sorted((tuple(r[i] for i in keep) for r in got), key=repr)
    out["change_log"] = sorted(((*r[:6], "*" if r[5] == "insert" else r[6], r[7]) for r in out["change_log"]),
                               key=repr)
    return out


def _team(tmp_path: Path, place: Target) -> tuple[Database, Database, Path]:
    """The office (a small commune) and a laptop that edited it, both synced with the place."""
    office = open_database(tmp_path / "office.sqlite3")
    ensure_identity(office)
    demo.generate(office, 12, seed=15)
    invitation = tmp_path / "team.key"
    create_team(office, invitation)
    laptop = open_database(tmp_path / "laptop.sqlite3")
    ensure_identity(laptop)
    enrol(office, laptop, invitation, "laptop")
    engine.sync(office, place)
    engine.sync(laptop, place)
    _edit(laptop, "Số 1, Xóm Đông")
    engine.sync(laptop, place)
    engine.sync(office, place)
    return office, laptop, invitation


def _edit(db: Database, address: str) -> str:
    with db.read() as s:
        hid = str(s.connection().exec_driver_sql("SELECT id FROM household ORDER BY code LIMIT 1").scalar())
    hh.update_household(db, hid, address=address)
    return hid


def _fresh(tmp_path: Path, office: Database, invitation: Path, name: str = "fresh") -> Database:
    db = open_database(tmp_path / f"{name}.sqlite3")
    ensure_identity(db)
    enrol(office, db, invitation, name)
    return db


def _bundles(place: FolderTarget) -> int:
    return len(list(place.path.glob("*.bdsync")))


@pytest.fixture
def place(tmp_path: Path) -> FolderTarget:
    target = FolderTarget(tmp_path / "usb")
    target.path.mkdir()
    return target


def _join_and_converge(tmp_path: Path, place: Target, folder: Path) -> None:
    office, laptop, invitation = _team(tmp_path, place)
    name = snapshot.write(office, place)
    assert (folder / snapshot.FOLDER / name).is_file()
    assert (folder / snapshot.FOLDER / name).stat().st_mode & 0o777 in (0o600, 0o644)
    _edit(laptop, "Số 2, Xóm Đông")  # after the snapshot: it comes as a bundle
    engine.sync(laptop, place)
    fresh = _fresh(tmp_path, office, invitation)
    report = engine.sync(fresh, place)
    assert report.snapshot == name and report.snapshot_rows > 1000 and not report.warnings
    bundles = len([n for n in folder.iterdir() if n.suffix == ".bdsync"])
    assert report.applied == 1 < bundles  # only the laptop's bundle past the snapshot's vector, not day one's
    engine.sync(office, place)  # the office takes that bundle and the fresh laptop's own row
    engine.sync(fresh, place)
    assert without_stamps(every_row(fresh), fresh) == without_stamps(every_row(office), office)
    _edit(fresh, "Số 3, Xóm Tây")  # the fresh laptop goes on like any other
    for db in (fresh, office, laptop, fresh):
        engine.sync(db, place)
    assert without_stamps(every_row(fresh), fresh) == without_stamps(every_row(office), office) \
        == without_stamps(every_row(laptop), laptop)


def test_a_fresh_laptop_starts_from_the_snapshot_and_converges(tmp_path: Path, place: FolderTarget) -> None:
    _join_and_converge(tmp_path, place, place.path)


def test_the_same_through_webdav(tmp_path: Path, dav: str) -> None:  # noqa: F811
    target = open_target(dav, user="to-cns", password="mat-khau-1")
    try:
        _join_and_converge(tmp_path, target, tmp_path / "dav-root" / "binhdan")
    finally:
        target.close()


def test_the_fresh_laptop_holds_exactly_what_the_office_holds(tmp_path: Path, place: FolderTarget) -> None:
    """Row by row, timestamps and the change log included, right after taking it (nothing after the snapshot)."""
    office, _laptop, invitation = _team(tmp_path, place)
    snapshot.write(office, place)
    before = every_row(office)
    fresh = _fresh(tmp_path, office, invitation)
    report = engine.sync(fresh, place)
    assert report.snapshot and report.applied == 0
    got = every_row(fresh)
    mine = fresh.device().device_id
    got["team_device"] = [r for r in got["team_device"] if mine not in r]  # its own row, not the office's yet
    got["change_log"] = [r for r in got["change_log"] if r[0] != mine]
    assert got == before
    with sqlite3.connect(fresh.path) as raw:
        seen = dict(raw.execute("SELECT device_id, up_to FROM sync_seen"))
    assert seen == {d: v[0] for d, v in _vector(office).items()}


def _vector(office: Database) -> dict[str, tuple[int, str]]:
    _name, data = snapshot.make(office)
    head, _, _ = snapshot._manifest(data)
    return {d: (int(v[0]), str(v[1])) for d, v in head["vector"].items()}


def test_a_laptop_with_data_ignores_snapshots(tmp_path: Path, place: FolderTarget) -> None:
    office, laptop, _ = _team(tmp_path, place)
    snapshot.write(office, place)
    _edit(office, "Số 5")
    engine.sync(office, place)
    report = engine.sync(laptop, place)
    assert report.snapshot == "" and report.applied == 1
    assert snapshot.wanted(office) is None  # nor does the office


def test_a_snapshot_not_signed_by_the_offices_current_key_is_set_aside_and_said(
        tmp_path: Path, place: FolderTarget, monkeypatch: pytest.MonkeyPatch) -> None:
    office, _laptop, invitation = _team(tmp_path, place)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    stranger = Ed25519PrivateKey.from_private_bytes(unb64(new_office_key()))
    with monkeypatch.context() as m:
        m.setattr(enrolment, "office_signer", lambda db: stranger)
        name, data = snapshot.make(office)  # a well-made file, by someone holding the team key but not the office's
    place.write_in(snapshot.FOLDER, name, data)
    fresh = _fresh(tmp_path, office, invitation)
    report = engine.sync(fresh, place)
    where = f"{snapshot.FOLDER}/{name}"
    assert report.snapshot == "" and report.set_aside[where] == "not_office_key" and where in report.warnings
    assert not (place.path / where).exists() and list((place.path / "quarantine").glob(f"{name}.*.bad"))
    engine.sync(office, place)
    engine.sync(fresh, place)
    assert without_stamps(every_row(fresh), fresh) == without_stamps(every_row(office), office)  # from the bundles


def test_a_truncated_snapshot_is_set_aside_and_an_older_good_one_used(tmp_path: Path, place: FolderTarget) -> None:
    office, laptop, invitation = _team(tmp_path, place)
    older = snapshot.write(office, place)
    _edit(laptop, "Số 6")
    engine.sync(laptop, place)
    engine.sync(office, place)
    newer, data = snapshot.make(office)
    assert snapshot.parse_name(newer)[1] > snapshot.parse_name(older)[1]  # type: ignore[index]
    place.write_in(snapshot.FOLDER, newer, data[: len(data) // 2])  # a USB stick pulled mid-copy
    fresh = _fresh(tmp_path, office, invitation)
    report = engine.sync(fresh, place)
    assert report.set_aside == {f"{snapshot.FOLDER}/{newer}": "truncated"}
    assert report.snapshot == older and report.applied >= 1
    engine.sync(office, place)
    engine.sync(fresh, place)
    assert without_stamps(every_row(fresh), fresh) == without_stamps(every_row(office), office)


def test_a_snapshot_is_never_partly_applied(tmp_path: Path, place: FolderTarget) -> None:
    """A fault after most rows went in (here: a table this version does not know, in the last line) leaves the
    store as it was: one transaction."""
    office, _laptop, invitation = _team(tmp_path, place)
    name, data = snapshot.make(office)
    fresh = _fresh(tmp_path, office, invitation)
    want = snapshot.wanted(fresh)
    assert want is not None
    good = snapshot.decode(want, name, data)
    import gzip

    extra = json.dumps(["table_of_a_newer_version", ["id"], [["x"]]]).encode() + b"\n"
    bad = snapshot.Snapshot(name, good.vector, {**good.tables, "table_of_a_newer_version": 1}, good.hlc,
                            gzip.compress(gzip.decompress(good.plain) + extra))
    bad_tables = dict(good.tables)
    before = every_row(fresh)
    with pytest.raises(snapshot.NeedsUpdate):
        snapshot.take(fresh, bad)
    short = snapshot.Snapshot(name, good.vector, {**bad_tables, "person": bad_tables["person"] + 1}, good.hlc,
                              good.plain)  # the rows do not add up to what the manifest says
    with pytest.raises(snapshot.SnapshotRejected):
        snapshot.take(fresh, short)
    assert every_row(fresh) == before and snapshot.is_fresh(fresh)
    assert snapshot.take(fresh, good) > 1000 and not snapshot.is_fresh(fresh)
    assert snapshot.take(fresh, good) == 0  # once it has data, never again


def test_the_office_writes_one_by_itself_past_auto_every_bundles(tmp_path: Path, place: FolderTarget,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot, "AUTO_EVERY", 4)
    office, laptop, _ = _team(tmp_path, place)
    assert not list(place.path.glob(f"{snapshot.FOLDER}/*"))  # 3 bundles so far: not yet
    _edit(laptop, "Số 7")
    engine.sync(laptop, place)
    _edit(laptop, "Số 8")
    engine.sync(laptop, place)
    report = engine.sync(office, place)
    assert report.snapshot and (place.path / snapshot.FOLDER / report.snapshot).is_file()
    assert engine.sync(office, place).snapshot == ""  # covered now: not at every sync
    assert engine.sync(laptop, place).snapshot == ""  # laptops never write one


def test_the_command_line_writes_a_snapshot_on_the_office_only(tmp_path: Path, place: FolderTarget,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    office, laptop, _ = _team(tmp_path, place)
    office.close()
    laptop.close()
    assert main(["--db", str(tmp_path / "office.sqlite3"), "sync", "snapshot", "--target", str(place.path)]) == 0
    out = capsys.readouterr().out
    made = list((place.path / snapshot.FOLDER).glob("*.bdsnap"))
    assert len(made) == 1 and made[0].name in out
    assert main(["--db", str(tmp_path / "laptop.sqlite3"), "sync", "snapshot", "--target", str(place.path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and " / " in err


def test_a_snapshot_after_a_revocation_is_of_the_new_epoch(tmp_path: Path, place: FolderTarget) -> None:
    """Written after a revocation, the snapshot is sealed with the new epoch's key: a laptop approved later takes
    it and converges; the revoked laptop, holding only epoch 0, cannot open it."""
    office, laptop, invitation = _team(tmp_path, place)
    enrolment.revoke(office, laptop.device().device_id)
    engine.sync(office, place)
    name = snapshot.write(office, place)
    data = (place.path / snapshot.FOLDER / name).read_bytes()
    assert snapshot._manifest(data)[0]["epoch"] == 1
    fresh = _fresh(tmp_path, office, invitation)
    report = engine.sync(fresh, place)
    assert report.snapshot == name and not report.warnings
    engine.sync(office, place)
    engine.sync(fresh, place)
    assert without_stamps(every_row(fresh), fresh) == without_stamps(every_row(office), office)
    revoked = snapshot.Wanted(snapshot.team_of(laptop)[0], snapshot._manifest(data)[0]["office_key"])
    assert revoked.team.epoch == 0
    with pytest.raises(snapshot.SnapshotRejected):
        snapshot.decode(revoked, name, data)
