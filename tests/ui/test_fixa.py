"""A new user's findings, tried as the user would: a refused lesson keeps the form open with what was typed;
errors name the field the user sees; the restore question defaults to No; settings say what they saved; the
Đồng bộ tab shows the team status as it is now."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton

from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.mainwindow import MainWindow
from tests.ui.conftest import settle, type_text

LEFT = Qt.MouseButton.LeftButton


def _button(parent: Any, text: str) -> QPushButton:
    return next(b for b in parent.findChildren(QPushButton) if b.text() == text)


def _warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: seen.append(a[2]) or QMessageBox.StandardButton.Ok)
    return seen


def _refused_lesson(big_window: MainWindow, big_ctx: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch,
                    button: str, fill: Any) -> tuple[list[str], dict[str, Any]]:
    """Open the lesson form with `button`, let `fill` type, press Save: what was warned, what the form held."""
    from binhdan_desktop.ui.views.lessons import LessonDialog

    view = big_window.show_page("lessons")
    settle(qtbot, big_ctx)
    view.table.selectRow(1)
    warned = _warnings(monkeypatch)
    after: dict[str, Any] = {}

    def exec_(dialog: LessonDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        fill(dialog)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
        settle(qtbot, big_ctx)
        after.update(visible=dialog.isVisible(), code=dialog.code.text(), title=dialog.title.text(),
                     area=dialog.area.text())
        dialog.done(0)
        return 0

    monkeypatch.setattr(LessonDialog, "exec", exec_)
    qtbot.mouseClick(_button(view, button), LEFT)
    return warned, after


def test_a_new_lesson_with_a_code_in_use_keeps_the_form_and_what_was_typed(
        big_window: MainWindow, big_ctx: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def fill(dialog: Any) -> None:
        qtbot.keyClicks(dialog.code, "KN-01")
        type_text(dialog.title, "Gọi video")
        type_text(dialog.area, "Giao tiếp")

    warned, after = _refused_lesson(big_window, big_ctx, qtbot, monkeypatch, "Thêm bài học", fill)
    assert warned == ["Mã bài học KN-01 đã có."]
    assert after == {"visible": True, "code": "KN-01", "title": "Gọi video", "area": "Giao tiếp"}


def test_editing_a_lesson_without_its_name_keeps_the_form_and_names_the_field(
        big_window: MainWindow, big_ctx: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def fill(dialog: Any) -> None:
        dialog.title.selectAll()
        qtbot.keyClick(dialog.title, Qt.Key.Key_Delete)
        type_text(dialog.area, " mới")

    warned, after = _refused_lesson(big_window, big_ctx, qtbot, monkeypatch, "Sửa bài đang chọn", fill)
    assert warned == ["Thiếu Tên bài."]
    assert after["visible"] and after["title"] == "" and after["area"].endswith(" mới")


def test_an_event_without_its_name_names_the_field_the_user_sees(
        big_window: MainWindow, big_ctx: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    view = big_window.show_page("events")
    settle(qtbot, big_ctx)
    qtbot.mouseClick(view.add_button, LEFT)
    dialog = view.dialog
    settle(qtbot, big_ctx)
    warned = _warnings(monkeypatch)
    type_text(dialog.place, "Nhà văn hoá")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
    settle(qtbot, big_ctx)
    assert warned == ["Thiếu Tên lớp/sự kiện."]
    assert dialog.isVisible() and dialog.place.text() == "Nhà văn hoá"
    dialog.done(0)


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Escape])
def test_enter_or_esc_on_the_restore_question_keeps_the_live_data(
        window: MainWindow, ctx: AppContext, qtbot: Any, monkeypatch: pytest.MonkeyPatch, key: Qt.Key) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    from binhdan_desktop.services import backup as svc

    chosen = svc.auto_backup(ctx.db, "daily")
    monkeypatch.undo()  # the window fixture's patched question: the real box is asked here
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(chosen), ""))
    replaced, discarded, seen = [], [], []
    monkeypatch.setattr(svc, "restore_and_reopen", lambda *a: replaced.append(a))
    real_discard = svc.discard
    monkeypatch.setattr(svc, "discard", lambda staged: (discarded.append(1), real_discard(staged))[1])

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            qtbot.keyClick(box, key)
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)
    next(a for a in window.findChildren(QAction) if a.text() == "Khôi phục từ bản sao lưu…").trigger()
    qtbot.waitUntil(lambda: bool(discarded), timeout=20000)
    settle(qtbot, ctx)
    assert seen and seen[0].startswith("Thay dữ liệu hiện tại") and replaced == []


def test_saving_targets_says_so_in_the_status_bar(big_window: MainWindow, big_ctx: AppContext, qtbot: Any) -> None:
    from tests.ui.test_actions import button, click
    from tests.ui.test_settings_unsaved import _type_targets

    settings, year = _type_targets(qtbot, big_window)
    click(qtbot, button(settings, "Lưu chỉ tiêu và quy tắc"))
    settle(qtbot, big_ctx)
    assert big_window.statusBar().currentMessage() == f"Đã lưu chỉ tiêu năm {year}"


def test_saving_the_sync_place_says_so_in_the_status_bar(big_window: MainWindow, big_ctx: AppContext, qtbot: Any,
                                                         tmp_path: Any) -> None:
    from tests.ui.test_actions import button, click
    from tests.ui.test_settings_unsaved import _settings, _type_line

    settings = _settings(qtbot, big_window, "Đồng bộ")
    _type_line(qtbot, settings.sync.target, str(tmp_path / "chung"))
    click(qtbot, button(settings, "Lưu nơi đồng bộ"))
    settle(qtbot, big_ctx)
    assert big_window.statusBar().currentMessage() == "Đã lưu nơi đồng bộ"


def test_the_sync_tab_shows_a_team_joined_from_the_command_line_meanwhile(
        big_window: MainWindow, big_ctx: AppContext, qtbot: Any, tmp_path: Any) -> None:
    import os
    import shutil
    import subprocess
    import sys

    from tests.ui.test_actions import open_tab
    from tests.ui.test_settings_unsaved import _settings

    settings = _settings(qtbot, big_window, "Đồng bộ")
    assert settings.sync.team_label.text() == "Máy này chưa tham gia tổ"
    open_tab(qtbot, settings.tabs, "Chỉ tiêu và quy tắc")
    office, key = tmp_path / "office.sqlite3", tmp_path / "to.key"
    shutil.copyfile(big_ctx.db.path, office)
    env = {**os.environ, "BINHDAN_DATA_DIR": str(tmp_path / "data")}
    for argv in (["--db", str(office), "team", "create", "--out", str(key)],
                 ["--db", str(big_ctx.db.path), "team", "join", str(key), "--name", "Laptop thôn 3"]):
        done = subprocess.run([sys.executable, "-m", "binhdan_desktop", *argv], capture_output=True, text=True,
                              timeout=120, stdin=subprocess.DEVNULL, env=env)
        assert done.returncode == (1 if "join" in argv else 0), done.stderr  # 1: the join waits for the office
    open_tab(qtbot, settings.tabs, "Đồng bộ")
    settle(qtbot, big_ctx)
    assert "máy Laptop thôn 3 – đang chờ văn phòng xã duyệt" in settings.sync.team_label.text()
