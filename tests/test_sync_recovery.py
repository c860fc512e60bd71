"""The office key's recovery copy (docs/keys.md): printed as a code and saved as a passphrase-encrypted file
by `team create`; a new office computer takes over with it (an `office` statement signed by the recovered key)
and the team's laptops accept it at their next sync without joining again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from binhdan_desktop.cli.main import run
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import open_database
from binhdan_desktop.store.models import Household
from binhdan_desktop.sync import enrolment, recovery
from binhdan_desktop.sync.recovery import Recovery

PASS = "Giữ ở văn phòng xã 2026"


def _households(path: Path) -> int:
    db = open_database(path)
    try:
        with db.read() as s:
            return int(s.scalar(select(func.count()).select_from(Household).where(Household.deleted.is_(False))) or 0)
    finally:
        db.close()


def test_a_new_office_computer_takes_over_and_no_laptop_joins_again(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recovery, "KDF", {"time_cost": 1, "memory_kib": 8 * 1024, "parallelism": 1})
    monkeypatch.setenv("BINHDAN_RECOVERY_PASSPHRASE", PASS)
    old, new, laptop, late, usb = (tmp_path / "office.sqlite3", tmp_path / "new-office.sqlite3",
                                   tmp_path / "laptop.sqlite3", tmp_path / "late.sqlite3", tmp_path / "usb")
    invitation, copy_file = tmp_path / "moi.binhdan-team", tmp_path / "khoi-phuc.binhdan-recovery"
    usb.mkdir()
    place = ["--target", str(usb)]
    assert run(["--db", str(old), "demo", "--households", "6", "--seed", "4"]) == 0
    capsys.readouterr()
    assert run(["--db", str(old), "team", "create", "--out", str(invitation), "--recovery-file", str(copy_file)]) == 0
    out = capsys.readouterr().out
    code = out.strip().splitlines()[-1]
    assert len(code.split("-")) == 40 and copy_file.is_file() and copy_file.stat().st_mode & 0o077 == 0
    assert PASS.encode() not in copy_file.read_bytes()
    assert run(["--db", str(old), "sync", *place]) == 0
    assert run(["--db", str(laptop), "team", "join", str(invitation), "--name", "Laptop", *place]) == 1
    assert run(["--db", str(old), "team", "approve", "Laptop", "--yes-without-code", *place]) == 0
    assert run(["--db", str(laptop), "sync", *place]) == 0
    # the office computer dies; its database and key file are gone with it
    shutil.move(old, tmp_path / "dead.sqlite3")
    shutil.move(old.with_name(old.name + ".keys"), tmp_path / "dead.sqlite3.keys")
    capsys.readouterr()
    assert run(["--db", str(new), "team", "join", str(invitation), "--name", "Văn phòng xã", *place]) == 1
    monkeypatch.setenv("BINHDAN_RECOVERY_PASSPHRASE", "sai cụm mật khẩu")
    assert run(["--db", str(new), "team", "recover", "--recovery-file", str(copy_file), *place]) == 2
    assert "Sai cụm mật khẩu" in capsys.readouterr().err
    monkeypatch.setenv("BINHDAN_RECOVERY_PASSPHRASE", PASS)
    assert run(["--db", str(new), "team", "recover", "--recovery-file", str(copy_file), *place]) == 0
    assert "máy văn phòng của tổ từ giờ" in capsys.readouterr().out
    assert run(["--db", str(new), "sync", *place]) == 0
    assert _households(new) == 6  # the commune came back from the place
    assert run(["--db", str(laptop), "sync", *place]) == 0  # the laptop accepts the new office, no new join
    lap = open_database(laptop)
    with lap.read() as s:
        hid = s.scalar(select(Household.id).order_by(Household.id).limit(1))
    hh.update_household(lap, hid, address="Sau khi đổi máy văn phòng")
    log = enrolment.load(lap)
    assert log is not None and log.office_key != log.anchor.office_key
    lap.close()
    assert run(["--db", str(laptop), "sync", *place]) == 0
    assert run(["--db", str(new), "sync", *place]) == 0
    db = open_database(new)
    with db.read() as s:
        assert s.get(Household, hid).address == "Sau khi đổi máy văn phòng"
    db.close()
    # the new office enrols a laptop that joins later; the old copy no longer works
    assert run(["--db", str(late), "team", "join", str(invitation), "--name", "Laptop mới", *place]) == 1
    assert run(["--db", str(new), "team", "approve", "Laptop mới", "--yes-without-code", *place]) == 0
    assert run(["--db", str(late), "sync", *place]) == 0 and _households(late) == 6
    capsys.readouterr()
    other = tmp_path / "third.sqlite3"
    assert run(["--db", str(other), "team", "join", str(invitation), *place]) == 1
    assert run(["--db", str(other), "team", "recover", "--code", code, *place]) == 2
    assert "khoá văn phòng cũ" in capsys.readouterr().err
    # the dead office, brought back, is no longer the office
    shutil.move(tmp_path / "dead.sqlite3", old)
    shutil.move(tmp_path / "dead.sqlite3.keys", old.with_name(old.name + ".keys"))
    assert run(["--db", str(old), "sync", *place]) == 0
    back = open_database(old)
    assert enrolment.settle(back) == enrolment.ENROLLED
    back.close()
    assert run(["--db", str(old), "team", "requests", *place]) == 2
    assert "Chỉ máy văn phòng" in capsys.readouterr().err
    back = open_database(old)
    with back.read() as s:
        from binhdan_desktop.services.report_register import is_office

        assert not is_office(s)  # it no longer issues report numbers either
    back.close()


def test_the_printed_code_holds_the_same_copy_and_a_typo_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recovery, "KDF", {"time_cost": 1, "memory_kib": 8 * 1024, "parallelism": 1})
    import os

    copy = Recovery("team-1", __import__("base64").b64encode(os.urandom(32)).decode(), os.urandom(64))
    assert Recovery.from_code("team-1", copy.code().lower().replace("-", " ")) == copy
    typo = copy.code()
    typo = ("B" if typo[0] != "B" else "C") + typo[1:]
    with pytest.raises(BinhdanError) as err:
        Recovery.from_code("team-1", typo)
    assert err.value.code == "sync.bad_recovery"
    assert Recovery.from_file(copy.to_file(PASS), PASS) == copy
    with pytest.raises(BinhdanError):
        copy.to_file("ngắn")


def test_a_former_office_that_went_on_offline_is_said_not_merged(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The old office approved someone offline while a new office took over: the two statements at the same
    place of the chain are said (amber), and the laptops follow the place's chain."""
    from binhdan_desktop.services import demo
    from binhdan_desktop.sync.engine import sync
    from binhdan_desktop.sync.folder import FolderTarget
    from binhdan_desktop.sync.team import create_team, ensure_identity, join_team, recover_office

    place = FolderTarget(tmp_path / "usb")
    place.path.mkdir()
    old = open_database(tmp_path / "office.sqlite3")
    ensure_identity(old)
    demo.generate(old, 3, seed=1)
    create_team(old, tmp_path / "moi.binhdan-team")
    sync(old, place)
    copy = enrolment.recovery_copy(old)
    stranger = open_database(tmp_path / "stranger.sqlite3")
    ensure_identity(stranger)
    join_team(stranger, tmp_path / "moi.binhdan-team", "Máy lạ")
    sync(stranger, place)
    sync(old, place)  # the request is on the old office now; then it goes offline
    new = open_database(tmp_path / "new.sqlite3")
    ensure_identity(new)
    join_team(new, tmp_path / "moi.binhdan-team", "Văn phòng xã")
    sync(new, place)
    recover_office(new, copy, "Văn phòng xã")
    sync(new, place)
    enrolment.approve(old, "Máy lạ")  # offline, on the old office: statement 2 of its own chain
    report = sync(old, place)
    assert "membership_fork" in report.skipped.values()
    log = enrolment.load(stranger)
    sync_report = sync(stranger, place)
    assert sync_report.joining  # the place's chain has no certificate for it: the old office's does not count
    assert log is not None
