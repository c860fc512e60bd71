"""Settings → Đồng bộ on the office computer (#15, enrolment): the team is made with a click, the join requests
that come with a sync are listed with their device codes, Duyệt enrols one laptop and Từ chối turns another
away; each laptop learns the answer at its next sync."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog
from sqlalchemy import func, select

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.store.models import Household
from binhdan_desktop.sync import engine, enrolment
from binhdan_desktop.sync.folder import FolderTarget
from binhdan_desktop.sync.team import ensure_identity, join_team, status
from binhdan_desktop.ui.mainwindow import MainWindow
from tests.test_sync_upgrade import old_team  # noqa: F401  (fixture)
from tests.ui.conftest import settle, type_text
from tests.ui.test_sync_ui import button


def _households(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Household).where(Household.deleted.is_(False))) or 0)


def _click_row(qtbot, table, text: str) -> None:
    (row,) = [r for r in range(table.rowCount()) if table.item(r, 0).text() == text]
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.currentRow() == row


def test_the_office_approves_one_laptop_and_rejects_another_in_settings(window: MainWindow, ctx, qtbot,
                                                                         tmp_path: Path, monkeypatch) -> None:
    invitation, usb = tmp_path / "to-cns.binhdan-team", tmp_path / "usb"
    usb.mkdir()
    window.sync.timer.stop()
    settings = window.show_page("settings").sync
    settle(qtbot, ctx)
    assert settings.requests.isHidden()  # not the office (yet)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(invitation), ""))
    qtbot.mouseClick(button(settings, "Tạo tổ (máy văn phòng)…"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(invitation.exists, timeout=10000)
    settle(qtbot, ctx)
    type_text(settings.target, str(usb))
    qtbot.mouseClick(button(settings, "Lưu nơi đồng bộ"), Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)
    office_code = status(ctx.db).office_code
    qtbot.waitUntil(lambda: f"mã văn phòng {office_code}" in settings.team_label.text(), timeout=5000)
    assert not settings.requests.isHidden()
    laptops = {}
    for name in ("Laptop thôn 1", "Máy lạ"):
        db = open_database(tmp_path / f"{name[:6].strip()}{len(laptops)}.sqlite3")
        ensure_identity(db)
        join_team(db, invitation, name)
        assert engine.sync(db, FolderTarget(usb)).joining  # the request goes up; it waits
        laptops[name] = db
    qtbot.mouseClick(button(settings, "Đồng bộ ngay (F5)"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.sync.running, timeout=5000)
    qtbot.waitUntil(lambda: not window.sync.running, timeout=30000)
    settle(qtbot, ctx)
    qtbot.waitUntil(lambda: settings.requests.rowCount() == 2, timeout=5000)
    codes = {settings.requests.item(r, 0).text(): settings.requests.item(r, 1).text() for r in range(2)}
    assert codes == {name: enrolment.my_code(db) for name, db in laptops.items()}  # what each laptop shows
    _click_row(qtbot, settings.requests, "Laptop thôn 1")
    asked: list[str] = []  # Duyệt asks for the code that laptop shows; the service compares it
    monkeypatch.setattr(QInputDialog, "getText", lambda _w, _title, label, **k: (
        asked.append(label) or enrolment.my_code(laptops["Laptop thôn 1"]), True))
    qtbot.mouseClick(button(settings, "Duyệt"), Qt.MouseButton.LeftButton)
    assert asked and "Laptop thôn 1" in asked[0]
    qtbot.waitUntil(lambda: window.sync.running, timeout=5000)  # the answer goes out with a sync started now
    qtbot.waitUntil(lambda: not window.sync.running, timeout=30000)
    settle(qtbot, ctx)
    _click_row(qtbot, settings.requests, "Máy lạ")
    qtbot.mouseClick(button(settings, "Từ chối"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.sync.running, timeout=5000)
    qtbot.waitUntil(lambda: not window.sync.running, timeout=30000)
    settle(qtbot, ctx)
    states = {settings.requests.item(r, 0).text(): settings.requests.item(r, 2).text() for r in range(2)}
    assert states == {"Laptop thôn 1": "đã duyệt", "Máy lạ": "đã từ chối"}
    good, stranger = laptops["Laptop thôn 1"], laptops["Máy lạ"]
    report = engine.sync(good, FolderTarget(usb))
    assert not report.joining and _households(good) == _households(ctx.db) > 0
    with pytest.raises(BinhdanError) as err:
        engine.sync(stranger, FolderTarget(usb))
    assert err.value.code == "sync.join_rejected" and _households(stranger) == 0
    with good.read() as s:
        hid = s.scalar(select(Household.id).order_by(Household.id).limit(1))
    hh.update_household(good, hid, address="Từ laptop đã duyệt")
    engine.sync(good, FolderTarget(usb))
    qtbot.mouseClick(button(settings, "Đồng bộ ngay (F5)"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.sync.running, timeout=5000)
    qtbot.waitUntil(lambda: not window.sync.running, timeout=30000)
    with ctx.db.read() as s:
        assert s.get(Household, hid).address == "Từ laptop đã duyệt"


def test_a_waiting_laptop_says_so_in_amber_with_its_codes(window: MainWindow, ctx, qtbot, tmp_path: Path) -> None:
    office = open_database(tmp_path / "office.sqlite3")
    ensure_identity(office)
    from binhdan_desktop.services import demo
    from binhdan_desktop.sync.team import create_team

    demo.generate(office, 4, seed=2)
    anchor = create_team(office, tmp_path / "moi.binhdan-team")
    usb = tmp_path / "usb"
    usb.mkdir()
    window.sync.timer.stop()
    settings = window.show_page("settings").sync
    settle(qtbot, ctx)
    settings.join(str(tmp_path / "moi.binhdan-team"))
    settle(qtbot, ctx)
    engine.set_target(ctx.db, str(usb))
    qtbot.keyClick(window.households.search, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.sync.running, timeout=5000)
    qtbot.waitUntil(lambda: not window.sync.running, timeout=30000)
    code = enrolment.my_code(ctx.db)
    assert f"mã máy {code}" in window.sync.label.text() and window.sync.label.styleSheet()  # amber
    settle(qtbot, ctx)
    text = settings.team_label.text()
    assert "đang chờ văn phòng xã duyệt" in text and anchor.office_code in text and code in text
    office.close()


def test_the_office_of_an_old_team_upgrades_with_f5_and_approves_its_laptops(old_team, qtbot,  # noqa: F811
                                                                           tmp_path: Path, monkeypatch) -> None:
    """The window's sync runs the same upgrade as the command line (the exchange twice: the anchor and statement
    go out in the same sync, and the old laptops' requests are approved by themselves at the next)."""
    from PySide6.QtWidgets import QMessageBox

    from binhdan_desktop.store.keyfile import read_keys
    from binhdan_desktop.ui.context import AppContext
    from binhdan_desktop.ui.prefs import Prefs

    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: pytest.fail(f"error shown: {a[2]}"))
    office, a = old_team["office"], old_team["a"]
    place = FolderTarget(tmp_path / "old-team" / "usb")
    engine.set_target(office, str(place.path))  # the stick, where it is mounted now
    ctx = AppContext(office, Prefs())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.sync.timer.stop()
    settle(qtbot, ctx)

    def f5() -> None:
        qtbot.keyClick(window.households.search, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: window.sync.running, timeout=5000)
        qtbot.waitUntil(lambda: not window.sync.running, timeout=30000)
        settle(qtbot, ctx)

    f5()
    assert read_keys(office.path).office_key and (place.path / "membership" / "anchor.binhdan-team").is_file()
    assert list((place.path / "membership").glob("*.bdm"))  # went out in the same sync
    assert engine.sync(a, place).joining
    f5()
    settings = window.show_page("settings").sync
    settle(qtbot, ctx)
    states = {settings.requests.item(r, 0).text(): settings.requests.item(r, 2).text()
              for r in range(settings.requests.rowCount())}
    assert states == {"Laptop A": "đã duyệt"}
    assert not engine.sync(a, place).warnings and status(a).team
    ctx.tasks.wait()
