"""Nothing stalls in silence (#15): a damaged or foreign file under a bundle's name, a Syncthing conflict copy,
a bundle of a newer version, a Vietnamese WebDAV address, a full place — at a folder AND a real WebDAV server."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path

import pytest

from binhdan_desktop.cli.main import run
from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import Household
from binhdan_desktop.sync import bundle, engine, folder
from binhdan_desktop.sync.engine import sync
from binhdan_desktop.sync.folder import FolderTarget, Target
from binhdan_desktop.sync.identity import device_keys
from binhdan_desktop.sync.targets import open_target
from tests.test_sync import _first_household, round_trip, trio  # noqa: F401  (fixture)
from tests.test_sync_webdav import dav  # noqa: F401  (fixture)


@pytest.fixture(params=["folder", "webdav"])
def place(request: pytest.FixtureRequest, trio, tmp_path: Path) -> Iterator[tuple[Target, Path]]:  # noqa: F811
    """The sync place and the folder that holds its files (the USB stick, or the WebDAV server's root)."""
    if request.param == "folder":
        yield trio[3], trio[3].path
        return
    url = request.getfixturevalue("dav")
    target = open_target(url, user="to-cns", password="mat-khau-1")
    yield target, tmp_path / "dav-root" / "binhdan"
    target.close()


def _address(db: Database) -> str:
    with db.read() as s:
        return s.get(Household, _first_household(db)).address or ""


def _last_bundle(db: Database) -> str:
    me = db.device().device_id
    return max((p.name for p in engine.store_dir(db).glob(f"{me}_*.bdsync")),
               key=lambda n: bundle.parse_name(n)[2])


def test_a_truncated_bundle_is_set_aside_and_sent_again_by_its_maker(trio, place) -> None:  # noqa: F811
    office, a, _b, _usb = trio
    target, root = place
    round_trip(office, a, place=target)
    hh.update_household(a, _first_household(a), address="Sửa trên máy A")
    sync(a, target)
    name = _last_bundle(a)
    whole = (root / name).read_bytes()
    (root / name).write_bytes(whole[: len(whole) // 2])  # the USB stick pulled mid-copy
    report = sync(office, target)
    assert report.skipped[name] == "truncated" and report.set_aside[name] == "truncated"
    assert list((root / "quarantine").glob(name + ".*.bad"))  # kept, out of the way
    sync(a, target)  # the maker sees its bundle missing and writes it whole again
    assert (root / name).read_bytes() == whole
    again = sync(office, target)
    assert not again.warnings and _address(office) == "Sửa trên máy A"


def test_junk_under_my_next_names_never_stops_my_push(trio, place) -> None:  # noqa: F811
    office, a, _b, _usb = trio
    target, root = place
    round_trip(office, a, place=target)
    me, start = a.device().device_id, engine.local_state(a).exported_up_to + 1
    for end in range(start, start + 5):  # someone who can write to the place, without the key
        (root / bundle.bundle_name(me, start, end)).write_bytes(b"junk" * end)
    hh.update_household(a, _first_household(a), address="Không bị chặn")
    report = sync(a, target)
    name = _last_bundle(a)
    assert report.pushed >= 1 and report.set_aside.get(name) == "replaced"
    assert (root / name).read_bytes() == (engine.store_dir(a) / name).read_bytes()
    sync(office, target)
    assert _address(office) == "Không bị chặn"


def test_a_syncthing_conflict_copy_holding_the_only_copy_is_used(trio, place) -> None:  # noqa: F811
    office, a, _b, _usb = trio
    target, root = place
    round_trip(office, a, place=target)
    hh.update_household(a, _first_household(a), address="Chỉ còn bản xung đột")
    sync(a, target)
    name = _last_bundle(a)
    copy = name[: -len(".bdsync")] + ".sync-conflict-20261201-101010-ABCDEFG.bdsync"
    (root / name).rename(root / copy)
    report = sync(office, target)
    assert report.recovered == {name: copy}
    assert _address(office) == "Chỉ còn bản xung đột"
    assert (root / name).is_file()  # the office now carries it under its real name


def test_a_bundle_of_a_newer_version_waits_and_my_changes_still_go(trio, place) -> None:  # noqa: F811
    office, a, b, _usb = trio
    target, root = place
    round_trip(office, a, b, place=target)
    keys, me = device_keys(a), a.device().device_id
    nxt = a.device().next_counter
    record = {"d": me, "c": nxt, "h": 1 << 16, "t": "household", "r": _first_household(a), "o": "update",
              "f": {"address": "Từ bản mới", "solar_panel": True}}  # a column this version does not have
    name, data = bundle.encode(engine.team_of(a)[0], me, keys.signing_key, keys.public_key, [record])
    (root / name).write_bytes(data)
    hh.update_household(b, _first_household(b), address="Sửa trên máy B")
    report = sync(b, target)  # no traceback
    assert report.held == {name: "needs_update"} and report.pushed >= 1
    sync(office, target)
    assert _address(office) == "Sửa trên máy B"  # B's own change went out
    assert engine.stored_bundles(b)[0].name == name  # kept, to apply after the update


def test_a_vietnamese_webdav_address(trio, dav, tmp_path: Path) -> None:  # noqa: F811
    office, a, _b, _usb = trio
    (tmp_path / "dav-root" / "Tổ CNS" / "Đồng bộ").mkdir(parents=True)
    url = dav.replace("/binhdan/", "/Tổ CNS/Đồng bộ")
    target = open_target(url, user="to-cns", password="mat-khau-1")
    try:
        sync(office, target)
        sync(a, target)
        hh.update_household(a, _first_household(a), address="Qua địa chỉ tiếng Việt")
        sync(a, target)
        sync(office, target)
    finally:
        target.close()
    assert _address(office) == "Qua địa chỉ tiếng Việt"
    assert list((tmp_path / "dav-root" / "Tổ CNS" / "Đồng bộ").glob("*.bdsync"))


class _FullStick:
    """The real file object, whose write fails as a full stick's does once some bytes went in."""

    def __init__(self, fh) -> None:  # type: ignore[no-untyped-def]
        self.fh = fh

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *exc: object) -> None:
        self.fh.close()

    def write(self, data: bytes) -> int:
        self.fh.write(data[:100])
        self.fh.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.fh, name)


def test_a_full_usb_stick_says_so_and_leaves_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    office, usb, key = str(tmp_path / "office.sqlite3"), tmp_path / "usb", str(tmp_path / "team.key")
    usb.mkdir()
    assert run(["--db", office, "demo", "--households", "3", "--seed", "2"]) == 0
    assert run(["--db", office, "team", "create", "--out", key]) == 0
    capsys.readouterr()
    real_open = open
    monkeypatch.setattr(folder, "open", lambda path, mode: _FullStick(real_open(path, mode)), raising=False)
    assert run(["--db", office, "sync", "--target", str(usb)]) == 2
    err = capsys.readouterr().err.strip()
    assert "đã đầy" in err and "is full" in err and "Traceback" not in err and len(err.splitlines()) == 1
    # no temporary file keeps the stick full (the office's first membership statement, a few hundred bytes, may
    # have gone in before the stick filled)
    assert [p.name for p in usb.iterdir()] in ([], ["membership"]) and not list(usb.rglob(".~*"))


def test_cli_warns_with_exit_1_and_status_lists_the_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    office, laptop, usb, key = (str(tmp_path / "office.sqlite3"), str(tmp_path / "laptop.sqlite3"),
                                tmp_path / "usb", str(tmp_path / "team.key"))
    usb.mkdir()
    assert run(["--db", office, "demo", "--households", "3", "--seed", "2"]) == 0
    assert run(["--db", office, "team", "create", "--out", key]) == 0
    assert run(["--db", laptop, "team", "join", key, "--name", "Laptop", "--target", str(usb)]) == 1  # waits
    assert run(["--db", office, "team", "approve", "Laptop", "--yes-without-code", "--target", str(usb)]) == 0
    assert run(["--db", office, "sync", "--target", str(usb)]) == 0
    name = next(p.name for p in usb.glob("*.bdsync"))
    whole = (usb / name).read_bytes()
    (usb / name).write_bytes(whole[:200])
    capsys.readouterr()
    assert run(["--db", laptop, "sync", "--target", str(usb)]) == 1
    err = capsys.readouterr().err
    assert name in err and "cắt cụt" in err and "cut short" in err and "truncated" not in err.replace(name, "")
    assert run(["--db", laptop, "sync", "status"]) == 0
    assert name in capsys.readouterr().out
    assert run(["--db", office, "sync", "--target", str(usb)]) == 0  # the office writes it whole again
    assert run(["--db", laptop, "sync", "--target", str(usb)]) == 0


def test_folder_target_protocol() -> None:
    assert isinstance(FolderTarget(Path(".")), object) and hasattr(FolderTarget, "set_aside")


def test_a_really_full_small_filesystem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same on a real 64 KiB filesystem (tmpfs; needs the right to mount, else skipped)."""
    import subprocess

    stick = tmp_path / "stick"
    stick.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(stick)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small filesystem here")
    try:
        office, key = str(tmp_path / "office.sqlite3"), str(tmp_path / "team.key")
        assert run(["--db", office, "demo", "--households", "120", "--seed", "2"]) == 0
        assert run(["--db", office, "team", "create", "--out", key]) == 0
        capsys.readouterr()
        assert run(["--db", office, "sync", "--target", str(stick)]) == 2
        err = capsys.readouterr().err.strip()
        assert "đã đầy" in err and "is full" in err and len(err.splitlines()) == 1
        # the half-written temporary file is gone: the stick is not kept full (a whole membership statement may stay)
        assert [p.name for p in stick.iterdir()] in ([], ["membership"]) and not list(stick.rglob(".~*"))
    finally:
        subprocess.run(["umount", str(stick)], check=False)
