"""The Reports screen keeps the one rule of every report's dates, used as a user does (keys in the date fields,
the "Xem trước" button): a visit log to a day to come is counted up to today and says so; one that starts after
today is refused under the dates before anything is built."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDateEdit

from binhdan_desktop.ui.mainwindow import MainWindow
from binhdan_desktop.ui.views.reports import ReportsView
from tests.ui.conftest import settle


def year_up(qtbot: Any, edit: QDateEdit) -> None:
    """The year of a date field, one up (its last section, as the End key selects it)."""
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_End)
    qtbot.keyClick(edit, Qt.Key.Key_Up)


def test_the_screen_counts_a_range_to_today_and_refuses_one_after_it(window: MainWindow, qtbot: Any) -> None:
    today = dt.date.today()
    view = window.show_page("reports")
    assert isinstance(view, ReportsView)
    settle(qtbot, window.ctx)
    view.kind.setCurrentIndex(view.kind.findData("visits"))
    year_up(qtbot, view.end)  # "đến": a year from today
    assert view.end.date().toPython() > today and not view.date_note.isVisible()
    QTest.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.ctx, timeout=30000)
    assert view.preview.isEnabled()
    assert f"đến ngày {today:%d/%m/%Y}: 0 dòng trong 1 bảng; số liệu tính đến ngày {today:%d/%m/%Y}" \
        in view.info.text()
    year_up(qtbot, view.start)  # "Từ ngày": 1 January of next year, after today
    assert view.start.date().toPython() > today
    assert view.date_note.isVisible() and "sau hôm nay" in view.date_note.text()
    settle(qtbot, window.ctx, timeout=30000)
    assert not view.preview.isEnabled() and "sau hôm nay" in view.info.text()
