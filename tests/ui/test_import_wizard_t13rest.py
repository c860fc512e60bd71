"""The last pieces of issue 13 in the wizard, driven as a user drives it on the 2,000-household commune (File →
"Nhập danh sách từ bảng tính…", the real buttons, modal boxes patched): a list LibreOffice saved with a password is
refused in one line; a column of dates that read differently day first and month first is answered in the
preview ("Ngày/tháng/năm | Tháng/ngày/năm"); a re-import matched for sure says, per person, which recorded values it
keeps. What was stored is read back with plain sqlite3."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from binhdan_desktop.ui.dialogs.import_dialog import ImportDialog
from tests.ui.conftest import settle
from tests.ui.test_import_wizard_t13 import _open_wizard

LEFT = Qt.MouseButton.LeftButton
FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"


@pytest.mark.parametrize("name", ["password.xls", "password.ods"])
def test_a_list_saved_with_a_password_is_refused_in_one_line_and_no_rows_are_shown(
        big_window, big_ctx, qtbot, monkeypatch, name) -> None:
    """password.xls / .ods (LibreOffice's "Save with password", make_password_fixtures.py) picked: the line above
    the tables and the one box say the file has a password and what to do; no sheet, no row, "Nhập" off."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(FIXTURES / "formats" / name), ""))
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, words, *a: boxes.append(words))
    seen: dict[str, Any] = {}

    def act(dialog: ImportDialog) -> None:
        qtbot.mouseClick(dialog.pick_button, LEFT)
        settle(qtbot, big_ctx)
        qtbot.mouseClick(dialog.preview_button, LEFT)  # pressed again: said once, not a second box
        settle(qtbot, big_ctx)
        tabs = dialog.preview_tabs
        seen["state"] = (dialog.sheet.count(), tabs.people_model.rowCount(), tabs.found.rowCount(),
                         dialog.go.isEnabled(), dialog.outcome)
        seen["summary"] = dialog.summary.text()

    _open_wizard(big_window, big_ctx, qtbot, monkeypatch, act)
    assert seen["state"] == (0, 0, 0, False, None)
    assert seen["summary"] == (f"Không nhập được {name}: tệp có mật khẩu: hãy mở bằng Excel hoặc LibreOffice, lưu "
                               "lại không đặt mật khẩu rồi nhập lại")
    assert len(boxes) == 1 and "mật khẩu" in boxes[0] and "Traceback" not in boxes[0], boxes
