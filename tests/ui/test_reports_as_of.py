"""The Reports screen's "Số liệu tính đến ngày" field, used like a user does: tab in, type the date, click
"Xem trước" and "Xuất báo cáo…"; the figures are those of that day (recounted here by hand), not today's."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDateEdit, QFileDialog, QMessageBox

from binhdan_desktop.domain.formatting import fmt_int
from binhdan_desktop.services import indicators
from binhdan_desktop.store.db import Database
from binhdan_desktop.ui.mainwindow import MainWindow
from binhdan_desktop.ui.views.reports import ReportsView
from tests.test_as_of import edit_everyone, recount, snapshot
from tests.ui.conftest import settle

DAY = dt.date(2026, 6, 30)


def type_date(edit: QDateEdit, digits: str) -> None:
    """Tab into the field (its first section selected, as the Tab key does) and type the digits."""
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.sendEvent(edit, QFocusEvent(QFocusEvent.Type.FocusIn, Qt.FocusReason.TabFocusReason))
    QTest.keyClicks(edit, digits)
    QTest.keyClick(edit, Qt.Key.Key_Return)


def click(button: Any) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _row(view: ReportsView, name: str) -> list[str]:
    table = view.preview
    for r in range(table.rowCount()):
        cells = [table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
        if name in cells:
            return cells
    raise AssertionError(f"no preview row {name!r}")


def _shows(cells: list[str], num: int, den: int) -> bool:
    return f"{fmt_int(num)}/{fmt_int(den)}" in cells or (fmt_int(num) in cells and fmt_int(den) in cells)


def test_results_as_of_a_date_from_the_screen(big_commune: Database, big_window: MainWindow, qtbot: Any,
                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = big_commune
    snapshot(db, "person_june")  # the people as they are before today's edits
    edit_everyone(db)
    want = recount(db, "person_june", DAY)["digital_identity"]
    with db.read() as s:
        name = next(r.goal or r.name for r in indicators.compute(s, 2026) if r.code == "digital_identity")
        today_figures = next((r.numerator, r.denominator) for r in indicators.compute(s, 2026, as_of=dt.date.today())
                             if r.code == "digital_identity" and r.village is None)
    assert today_figures != want  # the edits changed today's figures: the screen must not show those
    view = big_window.show_page("reports")
    assert isinstance(view, ReportsView)
    ctx = big_window.ctx
    settle(qtbot, ctx)
    view.kind.setCurrentIndex(view.kind.findData("results"))
    view.year.setCurrentIndex(view.year.findData(2026))
    assert view.as_of.isEnabled() and view.as_of.date().toPython() == min(dt.date.today(), dt.date(2026, 12, 31))
    type_date(view.as_of, DAY.strftime("%d%m%Y"))
    assert view.as_of.date().toPython() == DAY
    click(view.show_button)
    settle(qtbot, ctx)
    assert _shows(_row(view, name), *want)
    # The exported file says the day and prints the same figures.
    target = tmp_path / "ket-qua.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    done: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: done.append(box.text()))
    view.fmt.setCurrentIndex(view.fmt.findData("pdf"))
    click(view.export_button)
    settle(qtbot, ctx)
    assert done and target.exists()
    text = " ".join(subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "tính đến ngày 30/06/2026" in text
    assert f"{fmt_int(want[0])}/{fmt_int(want[1])}" in text or (fmt_int(want[0]) in text and fmt_int(want[1]) in text)
    # A day that has not come yet is refused, said under the field, and nothing is built.
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    type_date(view.as_of, tomorrow.strftime("%d%m%Y"))
    if view.as_of.date().toPython() == tomorrow:  # (on 31/12 the year's field cannot hold it: nothing to test)
        assert view.date_note.isVisible() and tomorrow.strftime("%d/%m/%Y") in view.date_note.text()
        click(view.show_button)
        settle(qtbot, ctx)
        assert warnings and tomorrow.strftime("%d/%m/%Y") in warnings[-1]


def test_the_door_to_door_list_as_of_a_date_from_the_screen(big_commune: Database, big_window: MainWindow,
                                                            qtbot: Any) -> None:
    """"Số liệu tính đến ngày" is open for the door-to-door list too: typed, then "Xem trước" shows the list of
    that day (recounted by hand over the people before today's edits), not today's."""
    from tests.test_as_of import recount_checklist

    db = big_commune
    snapshot(db, "person_then")
    edit_everyone(db)
    want = recount_checklist(db, "person_then", DAY)
    view = big_window.show_page("reports")
    assert isinstance(view, ReportsView)
    ctx = big_window.ctx
    settle(qtbot, ctx)
    view.kind.setCurrentIndex(view.kind.findData("checklist"))
    view.year.setCurrentIndex(view.year.findData(2026))
    assert view.as_of.isEnabled()
    type_date(view.as_of, DAY.strftime("%d%m%Y"))
    click(view.show_button)
    settle(qtbot, ctx)
    total = sum(n for n, *_ in want.values())
    assert total != sum(n for n, *_ in recount_checklist(db, "person", dt.date.today()).values())  # not today's
    assert f"{fmt_int(total)} dòng trong {len(want)} bảng" in view.info.text()
    assert view.preview.rowCount() == 200  # the first village's first rows


@pytest.mark.parametrize("kind", ["period", "events"])
def test_the_period_and_events_reports_take_the_as_of_day_on_the_screen(
        big_commune: Database, big_window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        kind: str) -> None:
    """"Số liệu tính đến ngày" is open for the period report (a day of its period: first its end) and the events
    report (its period's end): typed, previewed and exported with the real buttons, the file says that day under
    its title and counts to it; a day after the period's end is said under the field and refused."""
    import docx

    view = big_window.show_page("reports")
    assert isinstance(view, ReportsView)
    ctx = big_window.ctx
    settle(qtbot, ctx)
    view.kind.setCurrentIndex(view.kind.findData(kind))
    view.year.setCurrentIndex(view.year.findData(2026))
    assert view.as_of.isEnabled() and not view.end.isEnabled()
    if kind == "period":
        view.period.setCurrentIndex(view.period.findData("H1"))
        assert view.as_of.date().toPython() == min(dt.date(2026, 6, 30), dt.date.today())  # the period's end
    day = dt.date(2026, 5, 20)
    type_date(view.as_of, day.strftime("%d%m%Y"))
    assert view.as_of.date().toPython() == day and not view.date_note.isVisible()
    click(view.show_button)
    settle(qtbot, ctx)
    assert f"số liệu tính đến ngày {day:%d/%m/%Y}" in view.info.text()
    target = tmp_path / "bao-cao.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    done: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: done.append(box.text()))
    view.fmt.setCurrentIndex(view.fmt.findData("docx"))
    click(view.export_button)
    settle(qtbot, ctx)
    assert done and target.exists()
    texts = [p.text for p in docx.Document(str(target)).paragraphs]
    assert f"Số liệu tính đến ngày {day:%d/%m/%Y}" in texts
    if kind == "events":  # the events of the period up to that day, recounted directly
        n = _count(big_commune, "SELECT COUNT(*) FROM event WHERE deleted = 0 AND date >= '2026-01-01' "
                                "AND date <= ?", day.isoformat())
        assert n > 0 and any(f"Đã tổ chức {fmt_int(n)} lớp học, sự kiện" in t for t in texts)
    else:
        assert any(f"số liệu tính đến ngày {day:%d/%m/%Y}" in t for t in texts)  # the body counts to it too
        warnings: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
        type_date(view.as_of, "01072026")  # after the first half's end
        assert view.date_note.isVisible() and "30/06/2026" in view.date_note.text()
        click(view.show_button)
        settle(qtbot, ctx)
        assert warnings and "01/07/2026" in warnings[-1]



def _count(db: Database, sql: str, *params: object) -> int:
    import sqlite3

    with sqlite3.connect(str(db.path)) as con:
        return int(con.execute(sql, params).fetchone()[0])
