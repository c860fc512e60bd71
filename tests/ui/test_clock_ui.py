"""A laptop whose clock is behind the changes it has received (a flat CMOS battery) is told so at start: the status
bar is amber and says to set the date and time; nothing is lost. A right clock shows no such warning."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from binhdan_desktop.domain.hlc import pack
from binhdan_desktop.sync.team import create_team
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.mainwindow import MainWindow
from binhdan_desktop.ui.sync_ui import AMBER


def _start(ctx: AppContext, qtbot: Any) -> MainWindow:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    return win


def test_a_clock_behind_the_stamps_seen_is_amber_at_start(ctx: AppContext, qtbot: Any, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: pytest.fail(f"error shown: {a[2]}"))
    create_team(ctx.db, tmp_path / "team.key")
    win = _start(ctx, qtbot)
    qtbot.waitUntil(lambda: "Đồng bộ lần cuối" in win.sync.label.text(), timeout=10000)
    assert win.sync.label.styleSheet() != AMBER and "đồng hồ" not in win.sync.label.text()
    win.close()
    # The office's changes arrived stamped 3 days after this laptop's clock: its clock has followed them.
    ahead = pack(time.time_ns() // 1_000_000 + 3 * 86_400_000)
    with ctx.db.raw_write() as conn:
        conn.exec_driver_sql("UPDATE device_state SET last_hlc = ?", (ahead,))
    again = _start(ctx, qtbot)
    qtbot.waitUntil(lambda: "đồng hồ máy này chậm" in again.sync.label.text(), timeout=10000)
    assert again.sync.label.styleSheet() == AMBER
    assert "chỉnh lại ngày giờ" in again.sync.label.text()


def test_a_sync_from_the_window_puts_an_ahead_clock_right_and_turns_amber(ctx: AppContext, qtbot: Any,
                                                                        tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The window's own sync (stage by stage on the worker and the network thread) compares the clock with the
    place's and sends the unsent changes at the right time."""
    from PySide6.QtCore import Qt
    from sqlalchemy import select

    from binhdan_desktop.domain.hlc import millis_of
    from binhdan_desktop.services import households as hh
    from binhdan_desktop.store.models import ChangeLog, Household
    from binhdan_desktop.sync import engine
    from tests.ui.conftest import settle
    from tests.ui.test_sync_ui import button

    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: pytest.fail(f"error shown: {a[2]}"))
    create_team(ctx.db, tmp_path / "team.key")
    usb = tmp_path / "usb"
    usb.mkdir()
    engine.set_target(ctx.db, str(usb))
    ctx.db.wall = lambda: time.time_ns() // 1_000_000 + 5 * 365 * 86_400_000  # this laptop is 5 years ahead
    with ctx.db.read() as s:
        hid = s.scalar(select(Household.id).limit(1))
    hh.update_household(ctx.db, hid, address="Sửa khi đồng hồ chạy nhanh")
    win = _start(ctx, qtbot)
    settings = win.show_page("settings").sync
    settle(qtbot, ctx)
    qtbot.mouseClick(button(settings, "Đồng bộ ngay (F5)"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.sync.running, timeout=5000)
    qtbot.waitUntil(lambda: not win.sync.running, timeout=30000)
    qtbot.waitUntil(lambda: "đồng hồ máy này nhanh" in win.sync.label.text(), timeout=10000)
    assert win.sync.label.styleSheet() == AMBER
    with ctx.db.read() as s:
        stamps = s.scalars(select(ChangeLog.hlc).where(ChangeLog.row_id == hid, ChangeLog.op == "update")).all()
    assert stamps and all(millis_of(h) < time.time() * 1000 + 86_400_000 for h in stamps)
    assert list(usb.glob("*.bdsync"))  # the work went out
