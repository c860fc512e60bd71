"""The window's sync (`ui/sync_run.py`, stage by stage on the worker and the network thread) takes the office's
snapshot on a fresh laptop and, on the office, writes one past `snapshot.AUTO_EVERY` bundles: the same outcome as
`engine.sync` (tests/test_sync_snapshot.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from binhdan_desktop.services import demo
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.sync import engine, snapshot
from binhdan_desktop.sync.folder import FolderTarget
from binhdan_desktop.sync.team import create_team, ensure_identity
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.prefs import Prefs
from binhdan_desktop.ui.sync_run import SyncRun
from tests.teamkit import enrol
from tests.test_sync_snapshot import every_row, without_stamps


def _run(qtbot, db: Database, place: FolderTarget) -> engine.SyncReport:
    ctx = AppContext(db, Prefs())
    got: list[object] = []
    run = SyncRun(ctx, place)
    run.finished.connect(got.append)
    run.failed.connect(got.append)
    run.start()
    qtbot.waitUntil(lambda: bool(got), timeout=60000)
    ctx.tasks.wait()
    assert isinstance(got[0], engine.SyncReport), got[0]
    return got[0]


def test_the_window_starts_a_fresh_laptop_from_the_snapshot_and_the_office_writes_one(
        qtbot, qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    office = open_database(tmp_path / "office.sqlite3")
    ensure_identity(office)
    demo.generate(office, 10, seed=21)
    create_team(office, tmp_path / "team.key")
    place = FolderTarget(tmp_path / "usb")
    place.path.mkdir()
    monkeypatch.setattr(engine, "PER_BUNDLE", 200)  # many small bundles from day one
    monkeypatch.setattr(snapshot, "AUTO_EVERY", 3)
    report = _run(qtbot, office, place)
    assert report.snapshot and report.snapshot_rows == 0  # written by the office's own sync in the window
    assert (place.path / snapshot.FOLDER / report.snapshot).is_file()
    laptop = open_database(tmp_path / "laptop.sqlite3")
    ensure_identity(laptop)
    enrol(office, laptop, tmp_path / "team.key", "laptop")
    taken = _run(qtbot, laptop, place)
    assert taken.snapshot == report.snapshot and taken.snapshot_rows > 500 and taken.applied == 0
    assert not taken.warnings
    engine.sync(office, place)
    engine.sync(laptop, place)
    assert without_stamps(every_row(laptop), laptop) == without_stamps(every_row(office), office)
