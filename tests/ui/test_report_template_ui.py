"""The Reports screen on the real-sized commune: "Word (.docx)" exports an editable report, "Lớp học, sự kiện"
is a report, and "Điền biểu mẫu của tỉnh…" fills the province's form; driven by the real buttons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from binhdan_desktop.store.db import Database
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.mainwindow import MainWindow
from binhdan_desktop.ui.prefs import Prefs
from binhdan_desktop.ui.views.reports import ReportsView
from tests.recount import digital_identity
from tests.ui.conftest import settle

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "bieu-mau-tinh-vi-du.xlsx"


class Screen:
    def __init__(self, ctx: AppContext, view: ReportsView) -> None:
        self.ctx, self.view = ctx, view
        self.warnings: list[str] = []
        self.done: list[str] = []
        self.open_answer = ""
        self.save_answer = ""


@pytest.fixture
def screen(big_commune: Database, qapp: object, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Screen]:
    ctx = AppContext(big_commune, Prefs())
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    view = win.show_page("reports")
    assert isinstance(view, ReportsView)
    s = Screen(ctx, view)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: s.warnings.append(a[2]))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: pytest.fail(f"error shown: {a[2]}"))
    monkeypatch.setattr(QMessageBox, "open", lambda box: s.done.append(box.text()))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (s.open_answer, ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (s.save_answer, ""))
    settle(qtbot, ctx)
    yield s
    ctx.tasks.wait()


def _click(button: Any) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def test_word_export_from_the_screen(screen: Screen, qtbot: Any, tmp_path: Path) -> None:
    view = screen.view
    view.kind.setCurrentIndex(view.kind.findData("results"))
    assert view.fmt.findData("docx") >= 0 and view.fmt.itemText(view.fmt.findData("docx")) == "Word (.docx)"
    view.fmt.setCurrentIndex(view.fmt.findData("docx"))
    screen.save_answer = str(tmp_path / "bao-cao")
    _click(view.export_button)
    settle(qtbot, screen.ctx, timeout=60000)
    out = tmp_path / "bao-cao.docx"
    assert screen.done and str(out) in screen.done[0] and not screen.warnings
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "BÁO CÁO" in texts and "IV. ĐỀ XUẤT, KIẾN NGHỊ" in texts


def test_events_report_from_the_screen(screen: Screen, qtbot: Any, tmp_path: Path) -> None:
    view = screen.view
    view.kind.setCurrentIndex(view.kind.findData("events"))
    assert view.start.isEnabled() and view.as_of.isEnabled()  # a period of its own, to "Số liệu tính đến ngày"
    assert not view.end.isEnabled()
    view.fmt.setCurrentIndex(view.fmt.findData("xlsx"))
    screen.save_answer = str(tmp_path / "su-kien.xlsx")
    _click(view.export_button)
    settle(qtbot, screen.ctx, timeout=60000)
    assert screen.done and not screen.warnings
    assert openpyxl.load_workbook(tmp_path / "su-kien.xlsx").sheetnames[0] == "Tổng hợp theo loại"


def test_the_province_form_filled_from_the_screen(screen: Screen, qtbot: Any, tmp_path: Path) -> None:
    view = screen.view
    year = view.year.currentData()
    screen.open_answer, screen.save_answer = str(EXAMPLE), str(tmp_path / "bieu")
    _click(view.template_button)
    settle(qtbot, screen.ctx, timeout=60000)
    out = tmp_path / "bieu.xlsx"
    assert screen.done and str(out) in screen.done[0] and not screen.warnings
    rows = {r[1].value: r for r in openpyxl.load_workbook(out).worksheets[0].iter_rows() if r[1].value}
    day = min(dt.date.today(), dt.date(year, 12, 31))  # a form filled today counts to today, never to the year's end
    num, den = digital_identity(screen.ctx.db.path, day)
    assert [c.value for c in rows["Mỗi công dân – Một danh tính số"][2:4]] == [num, den]
    assert EXAMPLE.read_bytes()[:2] == b"PK"  # the template itself is untouched


def test_an_unknown_placeholder_is_the_one_message(screen: Screen, qtbot: Any, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["D4"] = "{{adults_basic.percent}}"
    wb.save(tmp_path / "mau.xlsx")
    screen.open_answer, screen.save_answer = str(tmp_path / "mau.xlsx"), str(tmp_path / "ra.xlsx")
    _click(screen.view.template_button)
    settle(qtbot, screen.ctx, timeout=60000)
    assert len(screen.warnings) == 1 and "D4" in screen.warnings[0] and "{{adults_basic.percent}}" in screen.warnings[0]
    assert not (tmp_path / "ra.xlsx").exists() and not screen.done
