"""Deleting a lesson from the Lessons screen: the question names the indicators whose rules list it; "Không"
keeps everything; "Có" deletes it and takes it out of those rules in one go."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlalchemy import text

from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.mainwindow import MainWindow
from tests.ui.conftest import settle

LEFT = Qt.MouseButton.LeftButton


def _sql(ctx: AppContext, query: str, **params: Any) -> list[tuple[Any, ...]]:
    with ctx.db.read() as s:
        return [tuple(r) for r in s.execute(text(query), params)]


def _delete(big_window: MainWindow, big_ctx: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch,
            code: str, answer: QMessageBox.StandardButton) -> tuple[list[str], str]:
    view: Any = big_window.show_page("lessons")
    settle(qtbot, big_ctx)
    row = next(r for r in range(view.table.rowCount()) if view.table.item(r, 0).text() == code)
    view.table.selectRow(row)
    lid = view.ids[row]
    asked: list[str] = []

    def question(*a: Any, **_k: Any) -> QMessageBox.StandardButton:
        asked.append(a[2])
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    button = next(b for b in view.findChildren(QPushButton) if b.text() == "Xoá bài đang chọn")
    qtbot.mouseClick(button, LEFT)
    qtbot.waitUntil(lambda: bool(asked))  # the question comes once the rules using it are read
    settle(qtbot, big_ctx)
    return asked, lid


def test_deleting_a_lesson_in_rules_asks_naming_them_and_no_keeps_it(
        big_window: MainWindow, big_ctx: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _sql(big_ctx, "SELECT code, lessons FROM indicator_rule ORDER BY code")
    asked, lid = _delete(big_window, big_ctx, qtbot, monkeypatch, "KN-15", QMessageBox.StandardButton.No)
    assert asked == ["Bài này được dùng trong chỉ tiêu Người lao động trong doanh nghiệp, hợp tác xã; "
                     "Chợ số – Nông thôn số (tiểu thương học 4T): vẫn xoá?"]
    assert _sql(big_ctx, "SELECT deleted FROM lesson WHERE id = :i", i=lid) == [(0,)]
    assert _sql(big_ctx, "SELECT code, lessons FROM indicator_rule ORDER BY code") == before


def test_yes_deletes_the_lesson_and_takes_it_out_of_the_rules(
        big_window: MainWindow, big_ctx: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    asked, lid = _delete(big_window, big_ctx, qtbot, monkeypatch, "KN-15", QMessageBox.StandardButton.Yes)
    assert len(asked) == 1 and "vẫn xoá?" in asked[0]
    assert _sql(big_ctx, "SELECT deleted FROM lesson WHERE id = :i", i=lid) == [(1,)]
    rules = dict(_sql(big_ctx, "SELECT code, lessons FROM indicator_rule WHERE deleted = 0"))
    assert all(lid not in (json.loads(v) or []) for v in rules.values())
    assert len(json.loads(rules["traders_4t"])) == 2
    view: Any = big_window.show_page("lessons")
    assert "KN-15" not in [view.table.item(r, 0).text() for r in range(view.table.rowCount())]


def test_ctrl_z_brings_a_deleted_lesson_back_into_its_rules(
        big_window: MainWindow, big_ctx: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """"Xoá bài đang chọn", "Có", then Ctrl+Z: the lesson is live again, the rules list it where they did (with
    their minimum counts), the indicators are those of before, and both the tombstone and its revival went
    through the change log."""
    from PySide6.QtWidgets import QApplication

    from binhdan_desktop.services import indicators

    def figures() -> list[tuple[object, ...]]:
        with big_ctx.db.read() as s:
            return [(r.code, r.village_id, r.numerator, r.denominator) for r in indicators.compute(s, 2026)]

    rules_before = _sql(big_ctx, "SELECT code, lessons, min_count FROM indicator_rule ORDER BY code")
    counted = figures()
    _asked, lid = _delete(big_window, big_ctx, qtbot, monkeypatch, "KN-15", QMessageBox.StandardButton.Yes)
    assert _sql(big_ctx, "SELECT deleted FROM lesson WHERE id = :i", i=lid) == [(1,)]
    assert _sql(big_ctx, "SELECT code, lessons, min_count FROM indicator_rule ORDER BY code") != rules_before
    assert figures() != counted  # the two indicators that listed it count without it
    assert big_window.undo_action.text() == "Hoàn tác: Xoá bài học KN-15"
    assert big_window.statusBar().currentMessage() == "Đã xoá bài học KN-15"
    big_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is big_window)
    qtbot.keyClick(big_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, big_ctx)
    assert _sql(big_ctx, "SELECT deleted FROM lesson WHERE id = :i", i=lid) == [(0,)]
    assert _sql(big_ctx, "SELECT code, lessons, min_count FROM indicator_rule ORDER BY code") == rules_before
    assert figures() == counted
    assert big_window.statusBar().currentMessage() == "Đã hoàn tác: Xoá bài học KN-15"
    view: Any = big_window.show_page("lessons")
    qtbot.waitUntil(lambda: "KN-15" in [view.table.item(r, 0).text() for r in range(view.table.rowCount())])
    logged = _sql(big_ctx, "SELECT op, fields FROM change_log WHERE table_name = 'lesson' AND row_id = :i "
                           "ORDER BY counter", i=lid)
    assert [f for _op, f in logged[-2:]] == ["deleted", "deleted"]  # the tombstone, then its revival
    assert not big_window.undo_action.isEnabled()
