"""What a new-user tester of #15 found around the team commands: a name two devices share (a copied data folder
re-joins under the genuine laptop's name) is refused, listing both; approving needs the device code; a rejected
laptop can ask again; `team join --new-identity` retires the old identity; the command line's stderr carries
only its own vi/en lines (the log goes to its file); the messages of a set-aside file, a full place, a revoked
laptop and an office that made a new team say what happened and what to do. Exit codes and messages are
checked on real `binhdan` processes."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from binhdan_desktop.cli.main import run
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.sync import enrolment
from binhdan_desktop.sync.engine import sync
from binhdan_desktop.sync.folder import FolderTarget
from binhdan_desktop.sync.team import create_team, ensure_identity
from tests.teamkit import enrol


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`binhdan ARGS` as a real process (the data folder of the test is in the environment)."""
    return subprocess.run([sys.executable, "-m", "binhdan_desktop", *map(str, args)], capture_output=True,
                          text=True, timeout=180, check=False, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def _team(tmp_path: Path, households: int = 4) -> tuple[Path, Path, Path]:
    """An office with a small demo commune and a team, its first sync done: (office db, invitation, usb)."""
    office, invitation, usb = tmp_path / "office.sqlite3", tmp_path / "moi.binhdan-team", tmp_path / "usb"
    usb.mkdir()
    assert run(["--db", str(office), "demo", "--households", str(households), "--seed", "3"]) == 0
    assert run(["--db", str(office), "team", "create", "--out", str(invitation)]) == 0
    assert run(["--db", str(office), "sync", "--target", str(usb)]) == 0
    return office, invitation, usb


def _code(db_path: Path) -> str:
    with open_database(db_path) as db:
        return enrolment.my_code(db)


def _id(db_path: Path) -> str:
    with open_database(db_path) as db:
        return db.device().device_id


def _join_and_approve(office: Path, laptop: Path, invitation: Path, usb: Path, name: str) -> None:
    place = ["--target", str(usb)]
    assert run(["--db", str(laptop), "team", "join", str(invitation), "--name", name, *place]) == 1
    assert run(["--db", str(office), "team", "approve", _id(laptop), "--code", _code(laptop), *place]) == 0
    assert run(["--db", str(laptop), "sync", *place]) == 0


def test_a_name_two_devices_share_is_refused_and_the_id_prefix_decides(tmp_path: Path) -> None:
    """The tester's round: "Laptop thôn 1" copied (whole data folder) to another computer re-joins under the same
    name; `team revoke "Laptop thôn 1"` revoked the genuine laptop, exit 0. Now the name is refused, both listed
    with id prefix, join date, last sync and device code; approving the copy under that name is refused unless
    renamed; revoke by id prefix revokes the one meant, and the genuine laptop goes on syncing."""
    office, invitation, usb = _team(tmp_path)
    place = ["--target", str(usb)]
    (tmp_path / "a").mkdir()
    genuine = tmp_path / "a" / "laptop.sqlite3"
    _join_and_approve(office, genuine, invitation, usb, "Laptop thôn 1")
    shutil.copytree(tmp_path / "a", tmp_path / "b")  # the whole data folder, key file and store with it
    copy = tmp_path / "b" / "laptop.sqlite3"
    assert run(["--db", str(copy), "team", "join", str(invitation), "--name", "Laptop thôn 1", *place]) == 1
    real_id, copy_id = _id(genuine), _id(copy)
    assert real_id != copy_id  # the copy took a new identity (machine fingerprint)

    listed = cli("--db", office, "team", "requests", *place)
    assert listed.returncode == 0, listed.stderr
    assert "TRÙNG TÊN" in listed.stdout and real_id[:8] in listed.stdout and "SAME NAME" in listed.stdout

    for action in (["revoke"], ["approve", "--code", _code(copy)], ["reject"]):
        done = cli("--db", office, "team", action[0], "Laptop thôn 1", *action[1:], *place)
        assert done.returncode == 2, (action, done.stderr)
        err = done.stderr
        assert err.count("\n") == 1 and "khớp với 2 máy" in err and "matches 2 devices" in err, err
        for device in (real_id, copy_id):
            assert device[:8] in err
        assert "mã máy " + _code(genuine) in err and "device code " + _code(copy) in err
        assert "tham gia" in err and "đồng bộ cuối" in err and "last sync" in err
    approve = cli("--db", office, "team", "approve", copy_id[:8], "--code", _code(copy), *place)
    assert approve.returncode == 2 and "đã có máy tên “Laptop thôn 1”" in approve.stderr, approve.stderr
    assert "--name" in approve.stderr and real_id[:8] in approve.stderr
    assert run(["--db", str(office), "team", "approve", copy_id[:8], "--code", _code(copy), "--name",
                "Laptop thôn 1 (máy mới)", *place]) == 0
    revoked = cli("--db", office, "team", "revoke", copy_id[:8], *place)
    assert revoked.returncode == 0, revoked.stderr
    with open_database(office) as db:
        found = enrolment.load(db)
        assert found is not None
        assert found.devices[copy_id].revoked_after is not None and found.devices[real_id].revoked_after is None
        assert found.devices[copy_id].name == "Laptop thôn 1 (máy mới)"
    assert run(["--db", str(genuine), "sync", *place]) == 0  # the genuine laptop is untouched
    assert run(["--db", str(copy), "sync", *place]) == 2


def test_approve_needs_the_device_code_unless_said_otherwise(tmp_path: Path) -> None:
    """`team approve ID` without --code approved; now it is refused (exit 2, nothing written) and says how; a
    wrong code is refused; --yes-without-code is the explicit way round."""
    office, invitation, usb = _team(tmp_path)
    laptop = tmp_path / "laptop.sqlite3"
    place = ["--target", str(usb)]
    assert run(["--db", str(laptop), "team", "join", str(invitation), "--name", "Laptop", *place]) == 1
    plain = cli("--db", office, "team", "approve", "Laptop", *place)
    assert plain.returncode == 2 and "--code" in plain.stderr and "--yes-without-code" in plain.stderr
    assert plain.stderr.startswith("Lỗi: ") and plain.stderr.count("\n") == 1
    with open_database(office) as db:
        assert [p.state for p in enrolment.requests(db)] == ["new"]
    both = cli("--db", office, "team", "approve", "Laptop", "--code", _code(laptop), "--yes-without-code", *place)
    assert both.returncode == 2
    done = cli("--db", office, "team", "approve", "Laptop", "--yes-without-code", *place)
    assert done.returncode == 0, done.stderr
    assert run(["--db", str(laptop), "sync", *place]) == 0


def test_a_rejected_laptop_asks_again_and_the_office_sees_a_new_request(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    office, invitation, usb = _team(tmp_path)
    laptop = tmp_path / "laptop.sqlite3"
    place = ["--target", str(usb)]
    assert run(["--db", str(laptop), "team", "join", str(invitation), "--name", "Laptop", *place]) == 1
    assert run(["--db", str(office), "team", "reject", "Laptop", *place]) == 0
    assert run(["--db", str(laptop), "sync", *place]) == 2
    capsys.readouterr()
    assert run(["--db", str(laptop), "team", "join", str(invitation), *place]) == 1  # asks again
    assert run(["--db", str(laptop), "sync", *place]) == 1  # waiting, no longer "rejected"
    assert "chờ duyệt" in capsys.readouterr().err
    listed = cli("--db", office, "team", "requests", *place)
    assert "chờ duyệt" in listed.stdout and "đã bị từ chối trước đây" in listed.stdout, listed.stdout
    assert run(["--db", str(office), "team", "approve", "Laptop", "--code", _code(laptop), *place]) == 0
    assert run(["--db", str(laptop), "sync", *place]) == 0


def test_join_with_a_new_identity_retires_the_old_one_and_keeps_unsent_work(tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """`team join --new-identity`: new keys and device id; the edits the old identity never sent go out under the
    new one; the office's approval revokes the old id past what it sent (nothing the old key signs later counts)."""
    office, invitation, usb = _team(tmp_path)
    laptop = tmp_path / "laptop.sqlite3"
    place = ["--target", str(usb)]
    _join_and_approve(office, laptop, invitation, usb, "Laptop")
    old_id = _id(laptop)
    with open_database(office) as db:
        home = _first_household(db)
    with open_database(laptop) as db:
        hh.update_household(db, home, address="Gửi rồi")
    assert run(["--db", str(laptop), "sync", *place]) == 0
    with open_database(laptop) as db:
        hh.update_household(db, home, address="Chưa gửi")  # made under the old identity, not sent
    capsys.readouterr()
    assert run(["--db", str(laptop), "team", "join", str(invitation), "--new-identity", *place]) == 1
    new_id = _id(laptop)
    assert new_id != old_id and new_id in capsys.readouterr().out
    listed = cli("--db", office, "team", "requests", *place)
    assert f"thay cho máy {old_id[:8]}" in listed.stdout, listed.stdout
    assert run(["--db", str(office), "team", "approve", new_id[:8], "--code", _code(laptop), *place]) == 0
    assert run(["--db", str(laptop), "sync", *place]) == 0
    assert run(["--db", str(office), "sync", *place]) == 0
    with open_database(office) as db:
        assert _address(db, home) == "Chưa gửi"
        found = enrolment.load(db)
        assert found is not None
        assert found.devices[old_id].revoked_after is not None and found.devices[new_id].revoked_after is None


def _address(db: Database, home: str) -> str | None:
    from binhdan_desktop.store.models import Household

    with db.read() as s:
        found = s.get(Household, home)
        assert found is not None
        return found.address


def _first_household(db: Database) -> str:
    from sqlalchemy import select

    from binhdan_desktop.store.models import Household

    with db.read() as s:
        return str(s.scalars(select(Household.id).where(Household.deleted.is_(False)).order_by(Household.code))
                   .first())


def test_sync_prints_only_its_own_lines_and_says_a_cut_file_was_set_aside(tmp_path: Path) -> None:
    """59 junk files under a laptop's bundle names gave 118 raw English log lines on stderr. Now stderr holds the
    vi/en lines alone (the log goes to binhdan.log, 0600), and a file cut short says it was set aside and that
    its maker sends it again."""
    office, invitation, usb = _team(tmp_path)
    laptop = tmp_path / "laptop.sqlite3"
    _join_and_approve(office, laptop, invitation, usb, "Laptop")
    bundle = next(p for p in usb.iterdir() if p.name.startswith(_id(office)) and p.suffix == ".bdsync")
    bundle.write_bytes(bundle.read_bytes()[: bundle.stat().st_size // 2])  # a USB stick pulled mid-copy
    fresh = tmp_path / "fresh.sqlite3"
    with open_database(fresh) as db:
        ensure_identity(db)
        with open_database(office) as od:
            enrol(od, db, invitation, "Máy mới")
    for i in range(5):  # junk under names of the office
        (usb / f"{_id(office)}_{900 + i:010d}-{900 + i:010d}.bdsync").write_bytes(b"junk")
    done = cli("--db", fresh, "sync", "--target", usb)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert all(" / " in line for line in lines), lines  # every line Vietnamese / English, no raw log line
    assert not any(word in done.stderr for word in ("WARNING", "skipped ", "refused:")), done.stderr
    cut = [line for line in lines if bundle.name in line]
    assert cut and "hỏng" in cut[0] and "để riêng" in cut[0] and "máy tạo ra nó" in cut[0], lines
    assert "sends it again" in cut[0]
    log = tmp_path / "data" / "binhdan.log"
    assert log.is_file() and log.stat().st_mode & 0o077 == 0 and "skipped" in log.read_text(encoding="utf-8")


class _FillsUp(FolderTarget):
    """A folder whose disk fills after `room` files."""

    def __init__(self, path: Path, room: int) -> None:
        super().__init__(path)
        self.room = room

    def write(self, name: str, data: bytes) -> None:
        if self.room <= 0:
            raise self._fail(OSError(errno.ENOSPC, "No space left on device"))
        self.room -= 1
        super().write(name, data)


def test_a_place_that_fills_says_what_was_written_before(tmp_path: Path) -> None:
    office = open_database(tmp_path / "office.sqlite3")
    ensure_identity(office)
    from binhdan_desktop.services import demo

    demo.generate(office, 3, seed=1)
    create_team(office, tmp_path / "moi.binhdan-team")
    (tmp_path / "usb").mkdir()
    sync(office, FolderTarget(tmp_path / "usb"))
    for n in range(3):  # three more bundles to go
        hh.update_household(office, _first_household(office), address=f"Địa chỉ {n}")
        from binhdan_desktop.sync.engine import write_my_bundles
        from binhdan_desktop.sync.state import SyncReport

        write_my_bundles(office, SyncReport())
    with pytest.raises(BinhdanError) as caught:
        sync(office, _FillsUp(tmp_path / "usb", room=1))
    assert caught.value.code == "sync.place_full_partly"
    vi, en = caught.value.message("vi"), caught.value.message("en")
    assert "đã ghi 1 tệp, chỗ đồng bộ đầy" in vi and "chưa ghi gì" not in vi, vi
    assert "1 file was written" in en and "2 files are left" in en, en
    report = sync(office, FolderTarget(tmp_path / "usb"))  # room again: the rest goes
    assert report.pushed == 2
    office.close()


def test_status_of_a_revoked_laptop_and_an_old_laptop_after_a_new_team(tmp_path: Path) -> None:
    office, invitation, usb = _team(tmp_path)
    place = ["--target", str(usb)]
    revoked, old = tmp_path / "revoked.sqlite3", tmp_path / "old.sqlite3"
    _join_and_approve(office, revoked, invitation, usb, "Máy thu hồi")
    _join_and_approve(office, old, invitation, usb, "Máy cũ")
    assert run(["--db", str(office), "team", "revoke", "Máy thu hồi", *place]) == 0
    assert run(["--db", str(revoked), "sync", *place]) == 2
    shown = cli("--db", revoked, "sync", "status")
    assert shown.returncode == 0 and "máy này đã bị thu hồi" in shown.stdout, shown.stdout
    assert "chưa tham gia" not in shown.stdout
    assert run(["--db", str(office), "team", "create", "--out", str(tmp_path / "moi2.binhdan-team"),
                "--new-team"]) == 0
    with open_database(office) as db:
        hh.update_household(db, _first_household(db), address="Tổ mới")
    assert run(["--db", str(office), "sync", *place]) == 1  # the old team's files, said at the office too
    told = cli("--db", old, "sync", *place)
    assert told.returncode == 1, told.stderr
    assert "văn phòng xã đã lập tổ mới: tham gia lại bằng tệp mời mới" in told.stderr, told.stderr
    assert "the commune office made a new team" in told.stderr


def test_the_office_device_is_found_in_the_log(tmp_path: Path) -> None:
    """The office's device id comes from its certificate (role office), also on a laptop."""
    office = open_database(tmp_path / "office.sqlite3")
    ensure_identity(office)
    from binhdan_desktop.services import demo

    demo.generate(office, 2, seed=1)
    create_team(office, tmp_path / "moi.binhdan-team")
    laptop = open_database(tmp_path / "laptop.sqlite3")
    ensure_identity(laptop)
    enrol(office, laptop, tmp_path / "moi.binhdan-team", "Laptop")
    found = enrolment.load(laptop)
    assert found is not None and found.office_device == office.device().device_id
    office.close()
    laptop.close()


def test_a_revoked_laptop_that_takes_a_new_identity_keeps_what_it_did_after_the_revoke(tmp_path: Path) -> None:
    """Its changes past the revoke counter were refused everywhere: they go under the new identity, which the
    office approves (the old one is revoked already: nothing more to revoke)."""
    office, invitation, usb = _team(tmp_path)
    laptop = tmp_path / "laptop.sqlite3"
    place = ["--target", str(usb)]
    assert run(["--db", str(laptop), "team", "join", str(invitation), "--name", "Laptop", *place]) == 1
    with open_database(office) as db:
        home = _first_household(db)
    assert run(["--db", str(office), "team", "approve", "Laptop", "--code", _code(laptop), *place]) == 0
    assert run(["--db", str(laptop), "sync", *place]) == 0
    assert run(["--db", str(office), "team", "revoke", "Laptop", *place]) == 0
    assert run(["--db", str(laptop), "sync", *place]) == 2  # revoked
    with open_database(laptop) as db:
        hh.update_household(db, home, address="Sau khi bị thu hồi")
    old_id = _id(laptop)
    assert run(["--db", str(laptop), "team", "join", str(invitation), "--new-identity", *place]) == 1
    assert run(["--db", str(office), "team", "requests", *place]) == 0  # the request comes down
    with open_database(office) as db:
        (pending,) = [p for p in enrolment.requests(db) if p.state == "new"]
        assert pending.retires == old_id  # the claim verifies; the old id is revoked already
    assert run(["--db", str(office), "team", "approve", _id(laptop), "--code", _code(laptop), *place]) == 0
    for db_path in (laptop, office):  # the old id's bundle past its revoke stays refused (amber), named as such
        done = cli("--db", db_path, "sync", *place)
        assert done.returncode == 1 and done.stderr.count("\n") == 1, done.stderr
        assert old_id in done.stderr and "bị thu hồi" in done.stderr
    with open_database(office) as db:
        assert _address(db, home) == "Sau khi bị thu hồi"  # made after the revoke, under the old id: not lost
