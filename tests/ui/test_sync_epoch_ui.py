"""Key epochs in the window (docs/keys.md, step 3): a bundle of a key epoch this laptop has not received yet turns
the status bar amber naming the file and "chờ khoá mới"; once the office's statements bring the key, F5 applies it
and the bar is clear."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import open_database
from binhdan_desktop.sync import bundle, engine
from binhdan_desktop.sync.folder import FolderTarget
from binhdan_desktop.sync.team import ensure_identity, revoke
from binhdan_desktop.ui.mainwindow import MainWindow
from tests.teamkit import enrol
from tests.ui.conftest import settle
from tests.ui.test_sync_ui import _join_and_choose, _office_with_bundles


def _f5(window: MainWindow, qtbot) -> None:
    qtbot.keyClick(window.households.search, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.sync.running, timeout=5000)
    qtbot.waitUntil(lambda: not window.sync.running, timeout=30000)


def test_a_bundle_of_a_key_epoch_not_received_yet_is_amber_and_named_then_applies(
        window: MainWindow, ctx, qtbot, tmp_path: Path, monkeypatch) -> None:
    key, usb, _n = _office_with_bundles(tmp_path, monkeypatch)
    _join_and_choose(window, qtbot, key, usb, monkeypatch)
    window.sync.timer.stop()
    settle(qtbot, ctx)
    _f5(window, qtbot)  # enrolled: the commune arrives
    assert "#ffd54f" not in window.sync.label.styleSheet(), window.sync.label.text()
    office = open_database(tmp_path / "office.sqlite3")
    other = open_database(tmp_path / "other.sqlite3")
    ensure_identity(other)
    enrol(office, other, key, "laptop-khac")
    revoke(office, "laptop-khac")  # epoch 1, wrapped for the office and this window's laptop
    with office.read() as s:
        hid = s.connection().exec_driver_sql("SELECT id FROM household ORDER BY id LIMIT 1").scalar()
    hh.update_household(office, hid, address="Viết bằng khoá mới")
    report = engine.SyncReport()
    engine.write_my_bundles(office, report)  # the bundle reaches the place before the statements do
    engine.upload(FolderTarget(usb), engine.store_dir(office), report, team=engine.team_of(office)[0])
    (name,) = [p.name for p in engine.store_dir(office).glob("*.bdsync")
               if bundle.header(p.read_bytes()).get("epoch") == 1]
    _f5(window, qtbot)
    text = window.sync.label.text()
    assert "chờ khoá mới" in text and name in text and "awaiting_key" not in text
    assert "#ffd54f" in window.sync.label.styleSheet()
    engine.sync(office, FolderTarget(usb))  # the office syncs: its statements go up
    office.close()
    other.close()
    _f5(window, qtbot)
    assert "#ffd54f" not in window.sync.label.styleSheet(), window.sync.label.text()
    with ctx.db.read() as s:
        address = s.connection().exec_driver_sql("SELECT address FROM household WHERE id = ?", (hid,)).scalar()
    assert address == "Viết bằng khoá mới"
