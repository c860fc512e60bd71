"""The household form takes an old 9-digit CMND in the "Số CCCD" column, as the import does (issue 13)."""

from __future__ import annotations

import sqlite3
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.mainwindow import MainWindow
from binhdan_desktop.ui.widgets.members_table import COLUMNS
from tests.ui.conftest import settle, type_text

LEFT = Qt.MouseButton.LeftButton


def test_a_cmnd_of_nine_digits_is_saved_from_the_household_form(big_window: MainWindow, big_ctx: AppContext,
                                                                 qtbot: Any) -> None:
    from binhdan_desktop.ui.dialogs.household import HouseholdDialog

    with sqlite3.connect(str(big_ctx.db.path)) as con:
        hid, = con.execute("SELECT id FROM household WHERE deleted = 0 ORDER BY code LIMIT 1").fetchone()
    dialog = HouseholdDialog(big_ctx, hid, big_window)  # a warning box (refused CMND) fails the test
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled() and dialog.members.rowCount() > 0, timeout=10000)
    settle(qtbot, big_ctx)
    grid, col = dialog.members, [c[0] for c in COLUMNS].index("cccd")
    person_id = grid.item(0, 0).data(Qt.ItemDataRole.UserRole + 1)
    qtbot.mouseClick(grid.viewport(), LEFT, pos=grid.visualItemRect(grid.item(0, col)).center())
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()  # type: ignore[attr-defined]
    type_text(editor, "023456789")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # to the next cell: this one is committed
    qtbot.keyClick(grid, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    settle(qtbot, big_ctx)
    with sqlite3.connect(str(big_ctx.db.path)) as con:
        assert con.execute("SELECT cccd FROM person WHERE id = ?", (person_id,)).fetchall() == [("023456789",)]
