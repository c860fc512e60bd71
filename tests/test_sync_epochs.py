"""Key epochs (docs/keys.md, step 3): revoking a laptop starts a new epoch whose team data key is wrapped for the
remaining devices only. The revoked laptop — still holding its database, its key file and a copy of the place —
reads nothing written after (the real decrypt path, and the bytes scanned for a name written after); it still
reads what it had. A laptop approved after the revocation reads the history and the new. A bundle of an epoch a
device has not received yet waits ("chờ khoá mới"), it is not refused. Folder and a real WebDAV server."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from sqlalchemy import select

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import demo
from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.store.keyfile import read_keys
from binhdan_desktop.store.models import Person
from binhdan_desktop.sync import bundle, engine, enrolment
from binhdan_desktop.sync.apply import apply_bundle
from binhdan_desktop.sync.engine import sync
from binhdan_desktop.sync.folder import FolderTarget, Target
from binhdan_desktop.sync.keys import TeamKey, new_signing_key
from binhdan_desktop.sync.place import reason_text
from binhdan_desktop.sync.targets import open_target
from binhdan_desktop.sync.team import create_team, ensure_identity, join_team, revoke, status
from tests.test_sync import dump
from tests.test_sync_upgrade import old_team  # noqa: F401  (fixture)
from tests.test_sync_webdav import dav  # noqa: F401  (fixture)

CANARY = "Lê Thị Sau Thu Hồi"  # written by A after B's revocation: B must never see it
BEFORE = "Trần Văn Trước Thu Hồi"  # written by B before its revocation: everyone keeps it


def _db(tmp_path: Path, name: str) -> Database:
    db = open_database(tmp_path / f"{name}.sqlite3")
    ensure_identity(db)
    return db


def _person(db: Database, n: int = 0) -> str:
    with db.read() as s:
        return str(s.scalars(select(Person.id).order_by(Person.id)).all()[n])


def _names(db: Database) -> set[str]:
    with db.read() as s:
        return set(s.scalars(select(Person.full_name)))


def _join(office: Database, laptop: Database, invitation: Path, place: Target, name: str) -> None:
    """The whole round through the place: join, the request up, the office approves, the answer down."""
    join_team(laptop, invitation, name)
    assert sync(laptop, place).joining
    sync(office, place)
    enrolment.approve(office, name, enrolment.my_code(laptop))
    sync(office, place)


def _team(db: Database) -> TeamKey:
    return engine.team_of(db)[0]


def _bundles(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if bundle.parse_name(p.name)}


def _epoch_of(data: bytes) -> int:
    return int(bundle.header(data).get("epoch", 0))


def _revocation_round(tmp_path: Path, place: Target, root: Path) -> None:
    office = _db(tmp_path, "office")
    demo.generate(office, 8, seed=3)
    invitation = tmp_path / "moi.binhdan-team"
    create_team(office, invitation)
    sync(office, place)
    a, b = _db(tmp_path, "a"), _db(tmp_path, "b")
    _join(office, a, invitation, place, "laptop-a")
    _join(office, b, invitation, place, "laptop-b")
    for db in (a, b):
        assert not sync(db, place).warnings
    hh.set_person_fields(b, _person(b, 1), full_name=BEFORE)
    for db in (b, office, a):
        sync(db, place)
    assert BEFORE in _names(office) and BEFORE in _names(a)
    before_revocation = set(_bundles(root))
    assert {_epoch_of(d) for d in _bundles(root).values()} == {0}

    revoke(office, "laptop-b")
    log = enrolment.load(office)
    assert log is not None and log.epoch == 1
    wrapped_for = json.loads(sorted(enrolment.membership_dir(office).glob("*.bdm"))[-1].read_bytes())
    assert wrapped_for["statement"]["kind"] == "epoch"
    assert set(wrapped_for["statement"]["body"]["wrapped"]) == {office.device().device_id, a.device().device_id}
    assert _team(office).epoch == 1
    sync(office, place)
    with pytest.raises(BinhdanError) as told:
        sync(b, place)
    assert told.value.code == "sync.revoked" and status(b).joining == "revoked"
    assert "Máy này đã bị thu hồi" in told.value.message("vi")

    assert not sync(a, place).warnings  # A takes the epoch 1 key and writes with it from now on
    assert _team(a).epoch == 1
    hh.set_person_fields(a, _person(a, 0), full_name=CANARY)
    sync(a, place)
    sync(office, place)
    assert CANARY in _names(office)
    after = {n: d for n, d in _bundles(root).items() if n not in before_revocation}
    assert after and {_epoch_of(d) for d in after.values()} == {1}

    # B still holds everything it had: its database, its key file, and a copy of the place
    copy = tmp_path / "b-copy-of-place"
    shutil.copytree(root, copy)
    held = _team(b)
    assert held.epoch == 0 and held.secret(1) is None
    assert '"1"' not in json.dumps(json.loads(read_keys(b.path).team or "{}").get("epochs", {}))
    for name, data in _bundles(copy).items():
        if name in before_revocation:  # the history: B reads it (it held that key)
            bundle.decode(held, data)
            continue
        assert CANARY.encode("utf-8") not in data and CANARY.encode("utf-16-le") not in data
        with pytest.raises(bundle.AwaitingKey):
            bundle.decode(held, data)
        with pytest.raises(bundle.BundleRejected):
            apply_bundle(b, held, data)
        manifest, head, start = bundle._manifest(data)
        for key in (held.enc_key, *[k[:32] for k in held.epochs.values()]):  # every key B holds, by hand
            with pytest.raises(InvalidTag):
                ChaCha20Poly1305(key).decrypt(bundle.unb64(manifest["nonce"]), data[start:-64], head)
    for path in enrolment.membership_dir(b).glob("*.bdm"):  # nor is the key in any statement B could read
        statement = json.loads(path.read_bytes())["statement"]
        if statement["kind"] == "epoch":
            assert b.device().device_id not in statement["body"]["wrapped"]
    assert CANARY not in _names(b) and BEFORE in _names(b)  # its old data stays readable on it

    # C, approved after the revocation, reads the history (epoch 0) and the new (epoch 1)
    c = _db(tmp_path, "c")
    _join(office, c, invitation, place, "laptop-c")
    report = sync(c, place)
    assert not report.warnings, report.warnings
    assert _team(c).epoch == 1 and _team(c).secret(0) is not None
    assert CANARY in _names(c) and BEFORE in _names(c)
    hh.set_person_fields(c, _person(c, 2), full_name="Phạm Văn Của C")
    for db in (c, office, a, c):
        sync(db, place)
    assert "Phạm Văn Của C" in _names(a)
    assert dump(c) == dump(office) == dump(a)


def test_revocation_holds_in_a_folder(tmp_path: Path) -> None:
    place = FolderTarget(tmp_path / "usb")
    place.path.mkdir()
    _revocation_round(tmp_path, place, place.path)


def test_revocation_holds_through_a_real_webdav_server(dav: str, tmp_path: Path) -> None:  # noqa: F811
    target = open_target(dav, user="to-cns", password="mat-khau-1")
    _revocation_round(tmp_path, target, tmp_path / "dav-root" / "binhdan")


def test_a_bundle_of_an_epoch_not_received_yet_waits_then_applies(tmp_path: Path) -> None:
    """The office's bundle of the new epoch reaches A before the epoch statement does (only the bundles went
    up): A keeps it waiting, amber, named "chờ khoá mới"; once the statement arrives it applies."""
    place = FolderTarget(tmp_path / "usb")
    place.path.mkdir()
    office = _db(tmp_path, "office")
    demo.generate(office, 4, seed=2)
    invitation = tmp_path / "moi.binhdan-team"
    create_team(office, invitation)
    sync(office, place)
    a, b = _db(tmp_path, "a"), _db(tmp_path, "b")
    _join(office, a, invitation, place, "laptop-a")
    _join(office, b, invitation, place, "laptop-b")
    for db in (a, b, office):
        sync(db, place)
    revoke(office, "laptop-b")
    hh.set_person_fields(office, _person(office), full_name=CANARY)
    report = engine.SyncReport()
    engine.write_my_bundles(office, report)  # only the bundle goes up, not the statements
    engine.upload(place, engine.store_dir(office), report, team=_team(office))
    report = sync(a, place)
    assert set(report.held.values()) == {bundle.AWAITING_KEY}, report.held
    assert "chờ khoá mới" in reason_text(bundle.AWAITING_KEY, "vi")
    assert json.loads(status(a).last_error or "{}") == report.warnings  # the status bar turns amber with it
    assert not report.skipped and CANARY not in _names(a)
    sync(office, place)  # now the statements go up too
    report = sync(a, place)
    assert not report.warnings and CANARY in _names(a)


def test_a_forged_file_claiming_a_later_epoch_blocks_nothing(tmp_path: Path) -> None:
    """Someone who can write to the place puts, under a laptop's bundle name, a file signed by a key of their own
    and naming an epoch nobody holds. It is never taken into a store (the office says it waits, amber); the laptop
    sees that the file is not signed by it, sets it aside and writes its own again, which the office applies."""
    place = FolderTarget(tmp_path / "usb")
    place.path.mkdir()
    office = _db(tmp_path, "office")
    demo.generate(office, 4, seed=2)
    invitation = tmp_path / "moi.binhdan-team"
    create_team(office, invitation)
    sync(office, place)
    a = _db(tmp_path, "a")
    _join(office, a, invitation, place, "laptop-a")
    sync(a, place)
    hh.set_person_fields(a, _person(a), full_name=CANARY)
    sync(a, place)
    mine = a.device().device_id
    (name,) = [n for n in _bundles(place.path) if n.startswith(mine) and bundle.parse_name(n)[1] > 1]
    _, records = bundle.decode(_team(a), (engine.store_dir(a) / name).read_bytes())
    stranger = TeamKey(_team(a).team_id, "", b"\0" * 32, b"\1" * 32, {99: bytes(64)})
    private, public = new_signing_key()
    forged = bundle.encode(stranger, mine, private, public, [{**r, "x": "độn thêm"} for r in records])
    assert forged[0] == name
    (place.path / name).write_bytes(forged[1])
    report = sync(office, place)
    assert report.held == {name: bundle.AWAITING_KEY} and not (engine.store_dir(office) / name).exists()
    assert CANARY not in _names(office)
    report = sync(a, place)
    assert report.set_aside == {name: "replaced"}
    assert (place.path / name).read_bytes() == (engine.store_dir(a) / name).read_bytes()
    assert not sync(office, place).warnings and CANARY in _names(office)


def test_the_office_taken_over_with_the_recovery_copy_reads_later_epochs(tmp_path: Path) -> None:
    """The recovery copy holds the office key and epoch 0's key; every epoch statement also wraps its key for the
    office key itself, so a new office computer reads what was written after a revocation."""
    place = FolderTarget(tmp_path / "usb")
    place.path.mkdir()
    office = _db(tmp_path, "office")
    demo.generate(office, 4, seed=2)
    invitation = tmp_path / "moi.binhdan-team"
    create_team(office, invitation)
    sync(office, place)
    a, b = _db(tmp_path, "a"), _db(tmp_path, "b")
    _join(office, a, invitation, place, "laptop-a")
    _join(office, b, invitation, place, "laptop-b")
    for db in (a, b, office):
        sync(db, place)
    copy = enrolment.recovery_copy(office)
    revoke(office, "laptop-b")
    sync(office, place)
    sync(a, place)
    hh.set_person_fields(a, _person(a), full_name=CANARY)
    sync(a, place)
    office.close()  # the office computer dies
    new = _db(tmp_path, "new-office")
    join_team(new, invitation, "Văn phòng xã")
    sync(new, place)
    enrolment.recover(new, copy, "Văn phòng xã")
    assert _team(new).epoch == 1
    report = sync(new, place)
    assert not report.warnings, report.warnings
    assert CANARY in _names(new)
    revoke(new, "laptop-a")  # and it starts the next epoch itself
    assert _team(new).epoch == 2


def test_an_upgraded_old_team_keeps_reading_epoch_0_and_revokes_with_epoch_1(
        old_team: dict[str, Database], tmp_path: Path) -> None:  # noqa: F811
    """The old team of the fixture (bundles without an epoch field) upgrades; its old bundles stay readable as
    epoch 0; a revocation after the upgrade starts epoch 1, and a laptop joining later reads both."""
    office, a, b = old_team["office"], old_team["a"], old_team["b"]
    place = FolderTarget(tmp_path / "old-team" / "usb")
    old = _bundles(place.path)
    assert old and all("epoch" not in bundle.header(d) for d in old.values())
    for db in (office, a, b, office, a, b):
        sync(db, place)
    assert _team(office).epoch == 0  # the upgrade keeps epoch 0 (laptops of the old version still read it)
    revoke(office, "Laptop B")
    sync(office, place)
    assert not sync(a, place).warnings and _team(a).epoch == 1
    hh.set_person_fields(a, _person(a), full_name=CANARY)
    sync(a, place)
    sync(office, place)
    fresh = _db(tmp_path, "moi")
    _join(office, fresh, enrolment.invitation_path(office), place, "Laptop mới")
    report = sync(fresh, place)
    assert not report.warnings, report.warnings
    assert CANARY in _names(fresh)
    assert dump(fresh)["person"] == dump(office)["person"]
    for data in old.values():  # the old bundles, epoch 0, open with the fresh laptop's key
        bundle.decode(_team(fresh), data)
    with pytest.raises(BinhdanError):
        sync(b, place)
    assert CANARY not in _names(b)
