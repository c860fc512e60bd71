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
