"""The conflicts screen after a sync brought business duplicates, as a user meets it: the office window lists
the person recorded on a laptop too (one CCCD) and the household code given twice; a click on the row and on
"Gộp thành một người" merges them, "Đánh số lại hộ" renumbers; the counts are checked by independent SQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget
from sqlalchemy import func, select

from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import open_database
from binhdan_desktop.store.models import Household, Person
from binhdan_desktop.sync.engine import sync
from binhdan_desktop.sync.folder import FolderTarget
from binhdan_desktop.sync.team import create_team, ensure_identity
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.mainwindow import MainWindow
from tests.teamkit import enrol
from tests.ui.conftest import settle
from tests.ui.test_sync_ui import button

CCCD = "045189001122"


def _click_row(qtbot: Any, table: QTableWidget, row: int) -> None:
    item = table.item(row, 1)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(item).center())
    assert table.currentRow() == row


def _live(ctx: AppContext) -> tuple[int, int, int]:
    """People with the CCCD, distinct household codes and live households, by independent SQL."""
    with ctx.db.read() as s:
        people = s.scalar(select(func.count()).select_from(Person).where(Person.cccd == CCCD,
                                                                         Person.deleted.is_(False)))
        codes = s.scalar(select(func.count(func.distinct(Household.code_folded))).where(Household.deleted.is_(False)))
        homes = s.scalar(select(func.count()).select_from(Household).where(Household.deleted.is_(False)))
    return int(people or 0), int(codes or 0), int(homes or 0)


def test_merge_and_renumber_in_the_conflicts_screen(window: MainWindow, ctx: AppContext, qtbot: Any,
                                                    tmp_path: Path) -> None:
    office = ctx.db
    create_team(office, tmp_path / "team.key")
    place = FolderTarget(tmp_path / "usb")
    place.path.mkdir()
    laptop = open_database(tmp_path / "laptop.sqlite3")
    ensure_identity(laptop)
    enrol(office, laptop, tmp_path / "team.key", "laptop")
    sync(office, place)
    sync(laptop, place)
    # Offline on both: the office and the laptop record the same woman, and give one code to two households.
    hh.create_household(office, hh.HouseholdDraft("Thôn An Điềm", code="T07-0001", members=[
        hh.PersonDraft("Vũ Thị Hằng", 1979, cccd=CCCD, relation="chu_ho", gender="nu")]))
    hh.create_household(laptop, hh.HouseholdDraft("Thôn Đồng Răm", code="T07-0001", members=[
        hh.PersonDraft("Vũ Thị Hằng", 1979, cccd=CCCD, relation="chu_ho", gender="nu", phone="0911222333")]))
    sync(laptop, place)
    sync(office, place)
    assert _live(ctx)[0] == 2

    settings = window.show_page("settings").sync
    settings.refresh()
    settle(qtbot, ctx)
    qtbot.waitUntil(lambda: settings.dups.rowCount() == 2, timeout=10000)
    texts = [settings.dups.item(r, 1).text() for r in range(2)]
    assert texts[0].startswith(f"CCCD {CCCD}: Vũ Thị Hằng – hộ T07-0001 (") and "Thôn Đồng Răm" in texts[0]
    assert texts[1].startswith("Mã hộ T07-0001: Hộ T07-0001 – Vũ Thị Hằng (")
    merge, renumber = button(settings, "Gộp thành một người"), button(settings, "Đánh số lại hộ")
    assert not merge.isEnabled() and not renumber.isEnabled()  # nothing chosen yet

    _click_row(qtbot, settings.dups, 0)
    assert merge.isEnabled() and not renumber.isEnabled()
    qtbot.mouseClick(merge, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)
    qtbot.waitUntil(lambda: settings.dups.rowCount() == 1, timeout=10000)
    people, codes, homes = _live(ctx)
    assert people == 1 and codes == homes - 1
    with ctx.db.read() as s:
        assert s.scalar(select(Person.phone).where(Person.cccd == CCCD, Person.deleted.is_(False))) == "0911222333"

    _click_row(qtbot, settings.dups, 0)
    assert renumber.isEnabled() and not merge.isEnabled()
    qtbot.mouseClick(renumber, Qt.MouseButton.LeftButton)
    settle(qtbot, ctx)
    qtbot.waitUntil(lambda: settings.dups.rowCount() == 0, timeout=10000)
    people, codes, homes = _live(ctx)
    assert codes == homes
    # The laptop gets the merge and the new code at its next sync: nothing left to review there either.
    sync(office, place)
    sync(laptop, place)
    from binhdan_desktop.services import duplicates

    assert duplicates.find(laptop) == []
    laptop.close()
