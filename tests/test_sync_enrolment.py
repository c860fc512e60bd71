"""Enrolment by the office (docs/keys.md, step 2): the office key and invitation, join requests at the place,
approve / reject / revoke as office-signed statements, and bundles applied only from devices the log certifies.
The old attacks of #15 (a forged "Văn phòng xã" device, un-revoking by a forged change, a copied identity, a
forged statement) are refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from binhdan_desktop.cli.main import run
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import demo
from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.store.keyfile import MACHINE_ID_ENV, read_keys, write_keys
from binhdan_desktop.store.models import Household, SyncLocal, TeamDevice
from binhdan_desktop.sync import engine, enrolment
from binhdan_desktop.sync import membership as M
from binhdan_desktop.sync.engine import sync
from binhdan_desktop.sync.folder import FolderTarget
from binhdan_desktop.sync.identity import device_keys
from binhdan_desktop.sync.team import create_team, ensure_identity, join_team, revoke, status
from tests.teamkit import enrol
from tests.test_sync_webdav import dav  # noqa: F401  (fixture)


def _office(tmp_path: Path, households: int = 12) -> tuple[Database, Path, FolderTarget]:
    office = open_database(tmp_path / "office.sqlite3")
    ensure_identity(office)
    demo.generate(office, households, seed=5)
    invitation = tmp_path / "to-cns.binhdan-team"
    create_team(office, invitation)
    place = FolderTarget(tmp_path / "usb")
    place.path.mkdir()
    return office, invitation, place


def _laptop(tmp_path: Path, name: str) -> Database:
    db = open_database(tmp_path / f"{name}.sqlite3")
    ensure_identity(db)
    return db


def _households(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Household).where(Household.deleted.is_(False))) or 0)


def test_the_invitation_holds_no_secret_and_carries_the_office_code(tmp_path: Path) -> None:
    office, invitation, _place = _office(tmp_path)
    data = json.loads(invitation.read_text(encoding="utf-8"))
    assert data["format"] == "binhdan-team/2" and set(data) == {"format", "team_id", "commune", "office_key", "place"}
    keys = device_keys(office)
    assert keys.office_key and keys.team
    team = json.loads(keys.team)
    text = invitation.read_text(encoding="utf-8")
    for secret in (team["enc_key"], team["mac_key"], keys.office_key, keys.signing_key, keys.agreement_key):
        assert secret not in text
    anchor = M.Anchor.from_json(text)
    assert anchor.office_key == M.public_of(keys.office_key)
    assert len(M.normal_code(anchor.office_code)) == 8
    # the office enrolled itself in statement 1, signed by the office key
    (first,) = enrolment.membership_dir(office).iterdir()
    assert first.name == f"{anchor.team_id}_00000001.bdm"
    log = enrolment.load(office)
    assert log is not None and log.cert(office.device().device_id, keys.public_key) is not None


def test_a_laptop_joins_waits_and_is_enrolled_after_the_office_approves(tmp_path: Path) -> None:
    office, invitation, place = _office(tmp_path)
    sync(office, place)
    laptop = _laptop(tmp_path, "laptop")
    join_team(laptop, invitation, "Laptop thôn 1")
    assert status(laptop).joining == "waiting" and status(laptop).team is None
    report = sync(laptop, place)  # the request goes up; nothing else happens yet
    assert report.joining == enrolment.my_code(laptop) and len(report.joining) == 6
    assert "awaiting_approval" in report.warnings.values()
    request = place.path / "requests" / f"{laptop.device().device_id}.bdjoin"
    parsed = M.read_request(request.read_bytes())
    assert parsed is not None and parsed.name == "Laptop thôn 1" and parsed.code == report.joining
    assert _households(laptop) == 0
    sync(office, place)  # the office takes the request down
    (pending,) = enrolment.requests(office)
    assert pending.state == "new" and pending.request.code == report.joining
    with pytest.raises(BinhdanError) as err:
        enrolment.approve(office, "Laptop thôn 1", code="000000" if report.joining != "000000" else "111111")
    assert err.value.code == "sync.wrong_code"
    enrolment.approve(office, "Laptop thôn 1", code=report.joining)
    assert enrolment.requests(office)[0].state == "enrolled"
    sync(office, place)
    report = sync(laptop, place)  # the answer comes back: enrolled, and the commune arrives
    assert not report.joining and not report.warnings, report.warnings
    assert status(laptop).team == status(office).team and _households(laptop) == 12
    hh.update_household(laptop, _first(laptop), address="Sửa trên laptop")
    sync(laptop, place)
    assert not sync(office, place).warnings
    with office.read() as s:
        assert s.get(Household, _first(laptop)).address == "Sửa trên laptop"


def _first(db: Database) -> str:
    with db.read() as s:
        return str(s.scalar(select(Household.id).order_by(Household.id).limit(1)))


def test_a_rejected_laptop_is_told_so(tmp_path: Path) -> None:
    office, invitation, place = _office(tmp_path)
    laptop = _laptop(tmp_path, "laptop")
    join_team(laptop, invitation, "Máy lạ")
    sync(laptop, place)
    sync(office, place)
    enrolment.reject(office, "Máy lạ")
    assert enrolment.requests(office)[0].state == "rejected"
    sync(office, place)
    with pytest.raises(BinhdanError) as err:
        sync(laptop, place)
    assert err.value.code == "sync.join_rejected" and "từ chối" in err.value.message("vi")
    assert status(laptop).joining == "rejected"


def test_the_wrong_office_code_is_refused_before_anything_is_written(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    _office(tmp_path)
    laptop = tmp_path / "laptop.sqlite3"
    assert run(["--db", str(laptop), "team", "join", str(tmp_path / "to-cns.binhdan-team"),
                "--office-code", "1234 5678"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "không khớp" in err
    assert not (tmp_path / "laptop.bundles" / "requests").exists()


def test_a_forged_office_device_with_the_data_key_is_never_applied(tmp_path: Path) -> None:
    """#15: whoever held the team key alone forged a change as a made-up "Văn phòng xã" device. Now even the data
    key itself (taken from a laptop's key file) makes no device the team accepts: it has no certificate."""
    office, invitation, place = _office(tmp_path)
    laptop = _laptop(tmp_path, "laptop")
    enrol(office, laptop, invitation, "laptop")
    forger = _laptop(tmp_path, "forger")
    demo.generate(forger, 1, seed=9)
    stolen = device_keys(laptop)
    write_keys(forger.path, device_keys(forger).with_(team=stolen.team, anchor=stolen.anchor))
    engine.local_state(forger)
    with forger.write() as s:
        s.get(SyncLocal, 1).team_id = json.loads(stolen.team or "")["team_id"]
    with forger.raw_write() as conn:
        conn.exec_driver_sql("UPDATE device_state SET device_name = 'Văn phòng xã'")
    assert sync(forger, place).joining  # the app itself waits for approval; a forger's tool pushes anyway
    engine.write_my_bundles(forger, engine.SyncReport())
    engine.upload(place, engine.store_dir(forger), engine.SyncReport())
    report = sync(office, place)
    forged = [n for n in report.held if n.startswith(forger.device().device_id)]
    assert forged and {report.held[n] for n in forged} == {"not_enrolled"}
    assert _households(office) == 12  # none of the forger's rows
    report = sync(laptop, place)
    assert _households(laptop) == 12 and "not_enrolled" in report.held.values()


def test_a_forged_change_cannot_un_revoke_a_device(tmp_path: Path) -> None:
    """#15: a revoked laptop was un-revoked with a forged change. The device rows are shown only; the office's
    revoke statement is what every device checks."""
    office, invitation, place = _office(tmp_path)
    a, b = _laptop(tmp_path, "a"), _laptop(tmp_path, "b")
    enrol(office, a, invitation, "laptop-a")
    enrol(office, b, invitation, "laptop-b")
    for db in (office, a, b, office, a, b):
        sync(db, place)
    revoke(office, "laptop-a")
    sync(office, place)
    sync(b, place)
    # B (enrolled) writes an ordinary change that marks A's device row live again
    with b.write() as s:
        for row in s.scalars(select(TeamDevice).where(TeamDevice.device_id == a.device().device_id)):
            row.revoked = False
    sync(b, place)
    sync(office, place)
    with office.read() as s:
        rows = list(s.scalars(select(TeamDevice.revoked).where(TeamDevice.device_id == a.device().device_id)))
        assert rows and not any(rows)  # the forged change arrived: the rows say A is live again
    hh.update_household(a, _first(a), address="A sau khi bị thu hồi")
    with pytest.raises(BinhdanError) as told:
        sync(a, place)
    assert told.value.code == "sync.revoked"
    engine.write_my_bundles(a, engine.SyncReport())  # a laptop that ignores it pushes anyway
    engine.upload(place, engine.store_dir(a), engine.SyncReport())
    for db in (office, b):
        report = sync(db, place)
        assert "revoked_device" in report.skipped.values()
        with db.read() as s:
            assert s.get(Household, _first(a)).address != "A sau khi bị thu hồi"


def test_a_copied_identity_and_a_forged_statement_are_refused(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    office, invitation, place = _office(tmp_path)
    laptop = _laptop(tmp_path, "laptop")
    enrol(office, laptop, invitation, "laptop")
    sync(office, place)
    sync(laptop, place)
    device = laptop.device().device_id
    laptop.close()
    shutil.copytree(tmp_path, tmp_path.parent / (tmp_path.name + "-copy"),
                    ignore=shutil.ignore_patterns("usb", "office*"))
    monkeypatch.setenv(MACHINE_ID_ENV, "another-laptop")  # the folder (database + key file) on another machine
    copy = open_database(tmp_path.parent / (tmp_path.name + "-copy") / "laptop.sqlite3")
    assert ensure_identity(copy) is True and copy.device().device_id != device
    assert read_keys(copy.path) is not None and read_keys(copy.path).team is None  # nothing to sign as the team
    with pytest.raises(BinhdanError):
        sync(copy, place)
    monkeypatch.delenv(MACHINE_ID_ENV)
    # a statement enrolling a stranger, signed by a key that is not the office's, is set aside, never taken
    anchor = enrolment.anchor_of(read_keys(office.path))
    assert anchor is not None
    held = enrolment.load(office)
    assert held is not None
    stranger = M.new_office_key()
    name, data = M.make_statement(stranger, anchor.team_id, held.head_seq + 1, held.head_hash, "enrol",
                                  {"device_id": copy.device().device_id, "name": "Văn phòng xã",
                                   "signing_key": device_keys(copy).public_key,
                                   "agreement_key": device_keys(copy).agreement_public, "wrapped": {}})
    place.write_in("membership", name, data)
    laptop = open_database(tmp_path / "laptop.sqlite3")
    report = sync(laptop, place)
    assert report.skipped == {f"membership/{name}": "bad_signature"}
    assert not (enrolment.membership_dir(laptop) / name).exists()
    log = enrolment.load(laptop)
    assert log is not None and copy.device().device_id not in log.devices


def test_revoked_devices_changes_up_to_the_counter_still_arrive(tmp_path: Path) -> None:
    """The revoke statement names the last counter the office had: what the laptop sent before stays applied
    everywhere, what comes after is refused."""
    office, invitation, place = _office(tmp_path)
    a, b = _laptop(tmp_path, "a"), _laptop(tmp_path, "b")
    enrol(office, a, invitation, "laptop-a")
    enrol(office, b, invitation, "laptop-b")
    for db in (office, a, b):
        sync(db, place)
    hh.update_household(a, _first(a), address="Trước khi thu hồi")
    sync(a, place)
    sync(office, place)
    revoke(office, "laptop-a")
    log = enrolment.load(office)
    assert log is not None and log.devices[a.device().device_id].revoked_after == a.device().next_counter - 1
    sync(office, place)
    sync(b, place)
    with b.read() as s:
        assert s.get(Household, _first(b)).address == "Trước khi thu hồi"


def test_team_commands_approve_reject_and_revoke_from_the_command_line(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    office, laptop, other, usb = (str(tmp_path / "office.sqlite3"), str(tmp_path / "laptop.sqlite3"),
                                  str(tmp_path / "other.sqlite3"), tmp_path / "usb")
    invitation = str(tmp_path / "moi.binhdan-team")
    usb.mkdir()
    assert run(["--db", office, "demo", "--households", "4", "--seed", "2"]) == 0
    assert run(["--db", office, "team", "create", "--out", invitation]) == 0
    assert run(["--db", office, "sync", "--target", str(usb)]) == 0
    for db, name in ((laptop, "Laptop thôn 2"), (other, "Máy lạ")):
        assert run(["--db", db, "team", "join", invitation, "--name", name, "--target", str(usb)]) == 1
        assert "Đang chờ duyệt" in capsys.readouterr().err
    assert run(["--db", office, "team", "requests", "--target", str(usb)]) == 0
    out = capsys.readouterr().out
    assert "Laptop thôn 2" in out and "Máy lạ" in out and out.count("chờ duyệt") == 2
    assert run(["--db", office, "team", "approve", "Laptop thôn 2", "--code", "1", "--target", str(usb)]) == 2
    assert "không khớp" in capsys.readouterr().err
    assert run(["--db", office, "team", "approve", "Laptop thôn 2", "--target", str(usb)]) == 2  # no --code
    assert "--code" in capsys.readouterr().err
    assert run(["--db", office, "team", "approve", "Laptop thôn 2", "--yes-without-code", "--target", str(usb)]) == 0
    assert run(["--db", office, "team", "reject", "Máy lạ", "--target", str(usb)]) == 0
    assert run(["--db", office, "team", "reject", "Máy lạ", "--target", str(usb)]) == 2  # no longer waiting
    capsys.readouterr()
    assert run(["--db", laptop, "sync", "--target", str(usb)]) == 0
    assert run(["--db", other, "sync", "--target", str(usb)]) == 2
    assert "từ chối" in capsys.readouterr().err
    assert run(["--db", office, "team", "revoke", "Laptop thôn 2", "--target", str(usb)]) == 0
    capsys.readouterr()
    assert run(["--db", laptop, "sync", "--target", str(usb)]) == 2
    assert "thu hồi" in capsys.readouterr().err
    assert run(["--db", laptop, "team", "approve", "Máy lạ"]) == 2  # only the office approves
    assert "văn phòng" in capsys.readouterr().err


def test_enrolment_through_a_real_webdav_server(dav: str, tmp_path: Path) -> None:  # noqa: F811
    """The same round through WsgiDAV: the request and the statements live in sub-folders of the place."""
    from binhdan_desktop.sync.targets import open_target

    office, invitation, _folder = _office(tmp_path)
    target = open_target(dav, user="to-cns", password="mat-khau-1")
    sync(office, target)
    laptop = _laptop(tmp_path, "laptop")
    join_team(laptop, invitation, "Laptop WebDAV")
    assert sync(laptop, target).joining
    root = tmp_path / "dav-root" / "binhdan"
    assert (root / "requests" / f"{laptop.device().device_id}.bdjoin").is_file()
    sync(office, target)
    enrolment.approve(office, "Laptop WebDAV", enrolment.my_code(laptop))
    sync(office, target)
    assert len(list((root / "membership").glob("*.bdm"))) == 2
    report = sync(laptop, target)
    assert not report.joining and not report.warnings and _households(laptop) == 12
    assert not list(root.rglob(".~*"))
