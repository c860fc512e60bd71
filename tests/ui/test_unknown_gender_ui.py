"""A person imported without a gender or relation (a list with no such column) keeps them unknown when the
household is edited in the members grid: opening the cell and pressing Enter is not choosing "Nam"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from binhdan_desktop.services import imports
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.mainwindow import MainWindow
from binhdan_desktop.ui.widgets.members_table import COLUMNS
from tests.ui.conftest import settle
from tests.ui.test_forms import LEFT, household_dialog, sql

LAYOUTS = Path(__file__).parent.parent / "fixtures" / "layouts"


def test_editing_a_household_keeps_an_unknown_gender_and_relation(window: MainWindow, ctx: AppContext,
                                                                   qtbot: Any) -> None:
    result = imports.import_file(ctx.db, LAYOUTS / "nocols.xlsx", sheet="Thôn An Điềm", dry_run=False)
    assert result.written and result.people_created == 4
    (hid,) = sql(ctx.db, "SELECT household_id FROM person WHERE full_name = 'Phạm Thị Hương'")[0]
    dialog = household_dialog(qtbot, ctx, hid, window)
    try:
        _edit(qtbot, ctx, dialog)
    finally:
        if dialog.isVisible():
            dialog.done(0)
    assert sql(ctx.db, "SELECT gender, relation, birth_year FROM person WHERE full_name = 'Phạm Văn Khánh'") == [
        ("", "", 1986)]
    assert sql(ctx.db, "SELECT gender, relation FROM person WHERE full_name = 'Phạm Thị Hương'") == [("", "chu_ho")]


def _edit(qtbot: Any, ctx: AppContext, dialog: Any) -> None:
    grid = dialog.members
    names = [grid.item(r, 0).text() for r in range(grid.rowCount())]
    khanh = names.index("Phạm Văn Khánh")
    gender = [c[0] for c in COLUMNS].index("gender")
    relation = [c[0] for c in COLUMNS].index("relation")
    assert grid.item(khanh, gender).text() == grid.item(khanh, relation).text() == "—"
    for col in (gender, relation):  # open the cell's list and press Enter, as a user passing through would
        qtbot.mouseClick(grid.viewport(), LEFT, pos=grid.visualItemRect(grid.item(khanh, col)).center())
        qtbot.keyClick(grid, Qt.Key.Key_F2)
        assert grid.state() == grid.State.EditingState
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        settle(qtbot, ctx)
    assert grid.item(khanh, gender).text() == grid.item(khanh, relation).text() == "—"
    qtbot.mouseClick(grid.viewport(), LEFT, pos=grid.visualItemRect(grid.item(khanh, 1)).center())
    qtbot.keyClick(grid, Qt.Key.Key_F2)
    qtbot.keyClicks(QApplication.focusWidget(), "1986")  # a real edit on the row: the birth year
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.mouseClick(dialog.save_button, LEFT)
    settle(qtbot, ctx)

