"""Settings → Đồng bộ after the new-user tester of #15: Duyệt asks for the code the laptop shows (a wrong one is
refused, nothing enrolled); a request under the name of a device already in the team says so and is approved
under another name; a laptop the office turned away asks again with a button."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.store.db import open_database
from binhdan_desktop.sync import engine, enrolment
from binhdan_desktop.sync.folder import FolderTarget
from binhdan_desktop.sync.team import create_team, ensure_identity, join_team
from binhdan_desktop.ui.mainwindow import MainWindow
from tests.teamkit import carry_membership, enrol
from tests.ui.conftest import settle
from tests.ui.test_sync_ui import button


def _click(qtbot, table, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.currentRow() == row


def test_duyet_compares_the_code_and_a_second_device_under_a_name_is_renamed(window: MainWindow, ctx, qtbot,
                                                                            tmp_path: Path, monkeypatch) -> None:
    window.sync.timer.stop()
    invitation = tmp_path / "moi.binhdan-team"
    create_team(ctx.db, invitation)
    (tmp_path / "a").mkdir()
    genuine = open_database(tmp_path / "a" / "laptop.sqlite3")
    ensure_identity(genuine)
    enrol(ctx.db, genuine, invitation, "Laptop thôn 1")
    genuine.close()
    shutil.copytree(tmp_path / "a", tmp_path / "b")  # the whole data folder copied to another computer
    copy = open_database(tmp_path / "b" / "laptop.sqlite3")
    assert ensure_identity(copy)  # a copy: new identity
    join_team(copy, invitation, "Laptop thôn 1")
    request = enrolment.requests_dir(copy) / f"{copy.device().device_id}.bdjoin"
    shutil.copyfile(request, enrolment.requests_dir(ctx.db) / request.name)
    settings = window.show_page("settings").sync
    settings.refresh()
    settle(qtbot, ctx)
    table = settings.requests
    rows = {table.item(r, 2).text(): r for r in range(table.rowCount())}
    assert set(rows) == {"đã duyệt", "chờ duyệt"}
    waiting = rows["chờ duyệt"]
    assert "TRÙNG TÊN" in table.item(waiting, 3).text() and table.item(rows["đã duyệt"], 3).text() == ""
    _click(qtbot, table, waiting)

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(str(a[2])))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("000000", True))
    qtbot.mouseClick(button(settings, "Duyệt"), Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "không khớp" in shown[0]
    assert [p.state for p in enrolment.requests(ctx.db) if p.request.device_id == copy.device().device_id] == ["new"]

    answers = iter([(enrolment.my_code(copy), True), ("Laptop thôn 1 (máy mới)", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    _click(qtbot, table, waiting)
    qtbot.mouseClick(button(settings, "Duyệt"), Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)
    found = enrolment.load(ctx.db)
    assert found is not None and found.devices[copy.device().device_id].name == "Laptop thôn 1 (máy mới)"
    assert len(shown) == 1
    copy.close()


def test_a_turned_away_laptop_asks_again_with_a_button(window: MainWindow, ctx, qtbot, tmp_path: Path) -> None:
    office = open_database(tmp_path / "office.sqlite3")
    ensure_identity(office)
    from binhdan_desktop.services import demo

    demo.generate(office, 3, seed=2)
    invitation = tmp_path / "moi.binhdan-team"
    create_team(office, invitation)
    window.sync.timer.stop()
    join_team(ctx.db, invitation, "Laptop")
    request = enrolment.requests_dir(ctx.db) / f"{ctx.db.device().device_id}.bdjoin"
    shutil.copyfile(request, enrolment.requests_dir(office) / request.name)
    enrolment.reject(office, "Laptop")
    carry_membership(office, ctx.db)
    settings = window.show_page("settings").sync
    settings.refresh()
    settle(qtbot, ctx)
    again = button(settings, "Xin tham gia lại")
    assert not again.isHidden() and "từ chối" in settings.team_label.text()
    usb = tmp_path / "usb"
    usb.mkdir()
    engine.set_target(ctx.db, str(usb))
    qtbot.mouseClick(again, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.sync.running, timeout=5000)  # the new request goes out now
    qtbot.waitUntil(lambda: not window.sync.running, timeout=30000)
    settle(qtbot, ctx)
    assert "đang chờ văn phòng xã duyệt" in settings.team_label.text() and again.isHidden()
    assert engine.sync(office, FolderTarget(usb)) is not None
    pending = [p for p in enrolment.requests(office) if p.request.device_id == ctx.db.device().device_id]
    assert [(p.state, p.rejected_before) for p in pending] == [("new", True)]
    enrolment.approve(office, "Laptop", enrolment.my_code(ctx.db))
    engine.sync(office, FolderTarget(usb))
    report = engine.sync(ctx.db, FolderTarget(usb))
    assert not report.joining
    with pytest.raises(BinhdanError):
        enrolment.approve(office, "Laptop", enrolment.my_code(ctx.db))  # no longer waiting
    office.close()
