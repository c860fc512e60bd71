"""The register on the Reports screen of the real-sized commune, driven by its buttons: "Phát hành…" issues the
current choice with the year's next number and lists it; "In lại…" writes the selected one again as a copy; a
device that is not the office cannot issue and says why."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox, QWidget

from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.mainwindow import MainWindow
from binhdan_desktop.ui.prefs import Prefs
from binhdan_desktop.ui.views.reports import ReportsView
from tests.ui.conftest import settle


class Screen:
    def __init__(self, ctx: AppContext, view: ReportsView) -> None:
        self.ctx, self.view = ctx, view
        self.questions: list[str] = []
        self.done: list[str] = []
        self.target: Path | None = None

    def click(self, button: QWidget) -> None:
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _open(db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Screen:
    ctx = AppContext(db, Prefs())
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    view = win.show_page("reports")
    assert isinstance(view, ReportsView)
    s = Screen(ctx, view)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(f"warning shown: {a[2]}"))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: pytest.fail(f"error shown: {a[2]}"))
    monkeypatch.setattr(QMessageBox, "open", lambda box: s.done.append(box.text()))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(s.target), ""))

    def question(_parent: object, title: str, text: str, *_a: object, **_k: object) -> object:
        s.questions.append(f"{title} {text}")
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    settle(qtbot, ctx)
    return s


@pytest.fixture
def screen(big_commune: Database, qapp: object, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Screen]:
    s = _open(big_commune, qtbot, monkeypatch)
    yield s
    s.ctx.tasks.wait()


def _text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_issue_then_reprint_from_the_register(screen: Screen, qtbot: Any, tmp_path: Path) -> None:
    panel = screen.view.register
    view = screen.view
    view.kind.setCurrentIndex(view.kind.findData("results"))
    view.fmt.setCurrentIndex(view.fmt.findData("pdf"))
    assert panel.issue_button.isEnabled() and not panel.reprint_button.isEnabled()  # standalone: the office
    # The signer block's "Số báo cáo" is the number the register gives next, read-only: typing changes nothing.
    assert not isinstance(view.number, QLineEdit) and view.number.text() == "01/BC-UBND (sẽ cấp khi phát hành)"
    QTest.mouseClick(view.number, Qt.MouseButton.LeftButton)
    QTest.keyClicks(view.number, "05")
    assert view.number.text() == "01/BC-UBND (sẽ cấp khi phát hành)"
    assert len(view.signer) == 3  # authority, title, name: nothing to type a number into
    for name in ("a.pdf", "b.pdf"):
        screen.target = tmp_path / name
        screen.click(panel.issue_button)
        settle(qtbot, screen.ctx, timeout=30000)
    assert len(screen.questions) == 2 and "số tiếp theo" in screen.questions[0]
    assert [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())] == ["02/BC-UBND", "01/BC-UBND"]
    assert view.number.text() == "03/BC-UBND (sẽ cấp khi phát hành)"  # the next one, after two were issued
    with sqlite3.connect(screen.ctx.db.path) as conn:
        assert conn.execute("SELECT seq FROM report_issue ORDER BY seq").fetchall() == [(1,), (2,)]
    assert panel.table.item(1, 2).text() == "Kết quả thực hiện chỉ tiêu" and panel.table.item(1, 3).text() == "Toàn xã"
    assert "Số: 01/BC-UBND" in _text(tmp_path / "a.pdf")
    panel.table.selectRow(1)  # 01/BC-UBND
    assert panel.reprint_button.isEnabled()
    screen.target = tmp_path / "copy.pdf"
    screen.click(panel.reprint_button)
    settle(qtbot, screen.ctx, timeout=30000)
    copy = _text(tmp_path / "copy.pdf")
    assert "Số: 01/BC-UBND (Bản sao / Copy)" in copy and screen.done[-1].endswith("copy.pdf")


def test_a_laptop_cannot_issue(big_commune: Database, qapp: object, qtbot: Any,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = big_commune.path
    big_commune.close()
    with sqlite3.connect(path) as conn:  # a laptop that joined a team (not the office)
        conn.execute("INSERT OR REPLACE INTO sync_local (singleton, team_id, exported_up_to, office) "
                     "VALUES (1, 'a-team', 0, 0)")
    db = open_database(path)
    s = _open(db, qtbot, monkeypatch)
    panel = s.view.register
    assert not panel.issue_button.isEnabled()
    assert "không phải máy văn phòng xã" in panel.note.text()
    assert "bản nháp" in s.view.number.text()  # no number a laptop could promise
    s.click(panel.issue_button)  # a disabled button does nothing
    settle(qtbot, s.ctx)
    assert s.questions == []
    s.ctx.tasks.wait()
    db.close()
