"""Wrong clocks never lose work: three devices whose clocks are 2 days behind, right and 5 years ahead edit the
same and different fields, sync through a real folder and converge; causal order wins, refused bundles are tried
again, and a laptop whose clock disagrees with what it sees is told so."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from binhdan_desktop.domain.hlc import millis_of
from binhdan_desktop.services import demo
from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.store.models import ChangeLog, Household
from binhdan_desktop.sync import bundle, clock, engine
from binhdan_desktop.sync.engine import sync
from binhdan_desktop.sync.folder import FolderTarget
from binhdan_desktop.sync.place import reason_text
from binhdan_desktop.sync.team import create_team, ensure_identity, status
from tests.teamkit import enrol
from tests.test_sync import dump
from tests.test_sync_webdav import dav  # noqa: F401  (fixture)

DAY = 86_400_000
BEHIND, AHEAD = -2 * DAY, 5 * 365 * DAY


def _skewed(db: Database, offset_ms: int) -> Database:
    db.wall = lambda: time.time_ns() // 1_000_000 + offset_ms
    return db


@pytest.fixture
def skewed(tmp_path: Path) -> tuple[Database, Database, Database, FolderTarget]:
    """The office (right clock) and two laptops: one 2 days behind (flat CMOS battery), one 5 years ahead."""
    office = open_database(tmp_path / "office.sqlite3")
    ensure_identity(office)
    demo.generate(office, 12, seed=7)
    key = tmp_path / "team.key"
    create_team(office, key)
    place = FolderTarget(tmp_path / "usb")
    place.path.mkdir()
    laptops = []
    for name, offset in (("cham", BEHIND), ("nhanh", AHEAD)):
        db = _skewed(open_database(tmp_path / f"{name}.sqlite3"), offset)
        ensure_identity(db)
        enrol(office, db, key, name)
        laptops.append(db)
    return office, laptops[0], laptops[1], place


def _homes(db: Database) -> list[str]:
    with db.read() as s:
        return list(s.scalars(select(Household.id).order_by(Household.code)))


def _household(db: Database, hid: str) -> Household:
    with db.read() as s:
        found = s.get(Household, hid)
        assert found is not None
        return found


def _everyone(*dbs: Database, place: FolderTarget, rounds: int = 2) -> list[engine.SyncReport]:
    return [sync(db, place) for _ in range(rounds) for db in dbs]


def test_three_wrong_clocks_converge_and_the_later_edit_wins(skewed) -> None:
    office, behind, ahead, place = skewed
    reports = _everyone(office, behind, ahead, place=place)
    assert not any(r.skipped for r in reports)  # nothing refused: the behind laptop takes the office's bundles
    assert dump(office) == dump(behind) == dump(ahead)
    h1, h2, h3 = _homes(office)[:3]
    # Same field, one after the other in real time, nobody having seen the other: the later one wins.
    hh.update_household(ahead, h1, address="Nhanh sửa trước")
    time.sleep(0.01)
    hh.update_household(office, h1, address="Văn phòng sửa sau")
    # Different fields of one household, and another household.
    hh.update_household(behind, h1, phone="0912345678")
    hh.update_household(ahead, h2, address="Nhà mới xây")
    hh.update_household(behind, h3, notes="Đã đến thăm")
    reports = _everyone(ahead, office, behind, place=place)
    assert not any(r.skipped for r in reports), [r.skipped for r in reports]
    assert dump(office) == dump(behind) == dump(ahead)
    first = _household(office, h1)
    assert (first.address, first.phone) == ("Văn phòng sửa sau", "0912345678")
    assert _household(office, h2).address == "Nhà mới xây" and _household(office, h3).notes == "Đã đến thăm"
    # The ahead laptop's stamps went out at the right time: none of its changes lies years ahead.
    me = ahead.device().device_id
    with office.read() as s:
        stamps = s.scalars(select(ChangeLog.hlc).where(ChangeLog.device_id == me, ChangeLog.op == "update")).all()
    assert stamps and all(millis_of(h) < time.time() * 1000 + DAY for h in stamps)

    # Causal order: an edit made after seeing another wins over it, whatever the clocks say.
    hh.update_household(behind, h1, address="Chậm sửa sau khi đã thấy")
    _everyone(behind, office, ahead, place=place)
    hh.update_household(ahead, h1, address="Nhanh sửa cuối cùng")
    _everyone(ahead, office, behind, place=place)
    assert dump(office) == dump(behind) == dump(ahead)
    assert _household(behind, h1).address == "Nhanh sửa cuối cùng"


def test_wrong_clocks_are_told_at_start_and_by_the_sync(skewed) -> None:
    office, behind, ahead, place = skewed
    _everyone(office, behind, ahead, place=place, rounds=1)
    hh.update_household(ahead, _homes(ahead)[0], address="Số 5")
    report = sync(ahead, place)
    assert report.clock == clock.AHEAD and clock.CLOCK in report.warnings  # the command exits 1 (warning)
    assert status(ahead).clock == clock.AHEAD
    # The behind laptop has seen stamps 2 days ahead of its clock: told at start, before any sync.
    assert status(behind).clock == clock.BEHIND
    assert status(office).clock is None
    assert "chỉnh lại ngày giờ" in reason_text(clock.BEHIND, "vi")
    ahead.wall = None  # its owner set the date right
    sync(ahead, place)
    assert status(ahead).clock is None


def test_a_bundle_refused_before_is_tried_again_and_applied(skewed, tmp_path: Path) -> None:
    office, behind, ahead, place = skewed
    _everyone(office, behind, ahead, place=place, rounds=1)
    hh.update_household(office, _homes(office)[0], address="Đợi lâu mới đến")
    sync(office, place)
    # An older version refused the office's bundle as "from the future" and set it aside in its store.
    engine.download(place, engine.local(behind), engine.SyncReport())
    store = engine.store_dir(behind)
    mine = office.device().device_id
    newest = max(store.glob(f"{mine}_*.bdsync"), key=lambda p: bundle.parse_name(p.name)[2])
    newest.rename(newest.with_name(newest.name + ".refused"))
    report = sync(behind, place)
    assert report.applied >= 1 and not list(store.glob("*.refused*"))
    assert dump(behind) == dump(office)


def test_a_refused_bundle_is_renamed_with_its_reason_and_kept_for_the_next_try(skewed) -> None:
    office, behind, _ahead, place = skewed
    sync(office, place)
    store = engine.store_dir(behind)
    for f in place.path.glob("*.bdsync"):
        shutil.copy(f, store / f.name)
    with behind.write() as s:  # the office's key pinned as another one: its bundles are refused here
        from binhdan_desktop.store.models import SyncSeen

        s.add(SyncSeen(device_id=office.device().device_id, up_to=0, public_key="AAAA"))
    report = sync(behind, place)
    assert set(report.skipped.values()) == {"key_changed"}
    refused = sorted(p.name for p in store.glob("*.refused.*"))
    assert refused and all(n.endswith(".refused.key_changed") for n in refused)
    again = sync(behind, place)  # tried again, refused again: still one file each, not fetched anew
    assert set(again.skipped.values()) == {"key_changed"} and again.pulled == 0
    assert sorted(p.name for p in store.glob("*.refused.*")) == refused


def test_correcting_keeps_the_order_of_every_change_here() -> None:
    others = [(100, "b"), (200, "b"), (300, "b")]
    moved = clock._moved([210, 220, 230], others, -1000, "m")
    assert moved == {210: 200, 220: 201, 230: 202}  # down, but still above (200, "b") and in their order
    assert clock._moved([110, 120], others, +1000, "m") == {110: 198, 120: 199}
    assert clock._moved([310, 320], others, -5, "m") == {310: 305, 320: 315}
    # A stamp equal to another device's is ordered by device, as the merge orders them: that order holds too.
    assert clock._moved([200], [(200, "a"), (300, "z")], -1000, "m") == {200: 200}  # stays above ("200", "a")
    assert clock._moved([200], [(100, "a"), (200, "z")], +1000, "m") == {200: 200}  # stays below ("200", "z")
    assert clock._moved([250], [(200, "z"), (400, "a")], -1000, "m") == {250: 201}


def _under_faketime(offset: str, db_path: Path, place: Path, code: str) -> None:
    """Run `code` (with `db`, `hh`, `sync`, `place`) in a real process whose clock `faketime` moved."""
    if shutil.which("faketime") is None:
        pytest.skip("faketime is not installed")
    script = ("import sys\nfrom pathlib import Path\nfrom binhdan_desktop.store.db import open_database\n"
              "from binhdan_desktop.services import households as hh\nfrom binhdan_desktop.sync.engine import sync\n"
              "from binhdan_desktop.sync.folder import FolderTarget\n"
              "db = open_database(Path(sys.argv[1]))\nplace = FolderTarget(Path(sys.argv[2]))\n" + code)
    import subprocess
    import sys

    done = subprocess.run(["faketime", "-f", offset, sys.executable, "-c", script, str(db_path), str(place)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


def test_real_processes_with_moved_clocks_converge(tmp_path: Path) -> None:
    """The same as above with the system clock itself moved (faketime), nothing injected."""
    office = open_database(tmp_path / "office.sqlite3")
    ensure_identity(office)
    demo.generate(office, 8, seed=3)
    key = tmp_path / "team.key"
    create_team(office, key)
    place = FolderTarget(tmp_path / "usb")
    place.path.mkdir()
    paths = {}
    for name in ("cham", "nhanh"):
        db = open_database(tmp_path / f"{name}.sqlite3")
        ensure_identity(db)
        enrol(office, db, key, name)
        db.close()
        paths[name] = tmp_path / f"{name}.sqlite3"
    sync(office, place)
    _under_faketime("+1826d", paths["nhanh"], place.path, "sync(db, place)")
    _under_faketime("-2d", paths["cham"], place.path, "sync(db, place)")
    h1, h2 = _homes(office)[:2]
    _under_faketime("+1826d", paths["nhanh"], place.path, f"hh.update_household(db, {h1!r}, address='Nhanh trước')\n"
                                                          f"hh.update_household(db, {h2!r}, address='Nhà mới')")
    hh.update_household(office, h1, address="Văn phòng sau")
    _under_faketime("+1826d", paths["nhanh"], place.path, "sync(db, place)")
    _under_faketime("-2d", paths["cham"], place.path, f"hh.update_household(db, {h1!r}, phone='0912345678')\n"
                                                      "sync(db, place)")
    for _ in range(2):
        report = sync(office, place)
        assert not report.skipped, report.skipped
        for name in ("nhanh", "cham"):
            _under_faketime("+1826d" if name == "nhanh" else "-2d", paths[name], place.path, "sync(db, place)")
    first = _household(office, h1)
    assert (first.address, first.phone) == ("Văn phòng sau", "0912345678")
    assert _household(office, h2).address == "Nhà mới"
    for name in ("nhanh", "cham"):
        with open_database(paths[name]) as db:
            assert dump(db) == dump(office), name


def test_through_webdav_the_servers_clock_puts_an_ahead_laptop_right(skewed, dav: str) -> None:  # noqa: F811
    """The WebDAV server's Date is the place's clock: a laptop 5 years ahead sends its changes at the right time."""
    from binhdan_desktop.sync.webdav import WebDavTarget

    office, _behind, ahead, _place = skewed
    target = WebDavTarget(dav, "to-cns", "mat-khau-1")
    try:
        sync(office, target)
        sync(ahead, target)
        assert abs(clock.place_time(target) - time.time() * 1000) < 120_000
        hid = _homes(ahead)[0]
        hh.update_household(ahead, hid, address="Qua WebDAV")
        report = sync(ahead, target)
        assert report.clock == clock.AHEAD
        time.sleep(0.01)
        hh.update_household(office, hid, address="Văn phòng sửa sau")
        sync(office, target)
        sync(ahead, target)
    finally:
        target.close()
    assert _household(ahead, hid).address == "Văn phòng sửa sau" == _household(office, hid).address


def test_the_command_line_under_a_moved_clock_warns_and_exits_1(tmp_path: Path) -> None:
    """`binhdan sync` on a laptop whose system clock is 5 years ahead: the work goes out, exit 1 (a warning)
    naming the clock in Vietnamese and English; `sync status` says it again."""
    import subprocess
    import sys

    if shutil.which("faketime") is None:
        pytest.skip("faketime is not installed")
    office = open_database(tmp_path / "office.sqlite3")
    ensure_identity(office)
    demo.generate(office, 5, seed=5)
    create_team(office, tmp_path / "team.key")
    place = FolderTarget(tmp_path / "usb")
    place.path.mkdir()
    sync(office, place)
    laptop = open_database(tmp_path / "laptop.sqlite3")
    ensure_identity(laptop)
    enrol(office, laptop, tmp_path / "team.key", "nhanh")
    laptop.close()
    cli = [sys.executable, "-m", "binhdan_desktop", "--db", str(tmp_path / "laptop.sqlite3")]
    done = subprocess.run(["faketime", "-f", "+1826d", *cli, "sync", "--target", str(place.path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stderr[-1500:]
    assert "đồng hồ máy này" in done.stderr and "this laptop's clock" in done.stderr
    shown = subprocess.run(["faketime", "-f", "+1826d", *cli, "sync", "status"], capture_output=True, text=True,
                           timeout=120, check=False)
    assert shown.returncode == 0 and "nhanh hơn giờ của nơi đồng bộ" in shown.stdout
    report = sync(office, place)
    assert not report.skipped and report.applied >= 1  # its bundle arrived, nothing refused


def test_a_clock_behind_does_not_push_stamps_it_took_from_a_seen_change_into_the_future() -> None:
    """Found by a new-user tester: a laptop 2 days behind that had taken the office's stamps made its edits with
    those (about right) stamps; moving them by the whole skew put them 2 days ahead of the team, where they beat
    the office's later edits. Only the stamps its own clock made move."""
    lb = clock.LOGICAL_BITS
    day = 86_400_000
    wall = 1_000_000_000_000  # this laptop's clock, 2 days behind
    office = (wall + 2 * day - 60_000) << lb  # an office change seen here, a minute before the true time
    own_wall = (wall - 3_600_000) << lb  # made an hour earlier by this laptop's own clock (before it saw the office)
    after = [office + 1, office + 2]  # made after seeing it: the office's milliseconds, logical part counted up
    others = [(office, "office")]
    keep = clock.seen_driven([own_wall, *after], others, "me")
    assert keep == set(after)
    new = clock._moved([own_wall, *after], others, (2 * day) << lb, "me", keep)
    assert new[after[0]] == after[0] and new[after[1]] == after[1]  # not moved two days ahead
    assert own_wall < new[own_wall] < office  # its own clock's stamp moves toward the true time, below the office's
