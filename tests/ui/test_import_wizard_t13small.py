"""Two small defects a new-user tester found in the import wizard (issue 13), driven as a user drives it: File →
"Nhập danh sách từ bảng tính…", the real buttons, the file dialog and the boxes patched, on the 2,000-household
commune. A refused file says so in one box, not in one after "Chọn tệp…" and again after "Xem trước"; the sheet
table reads "12500" households whole, never "125…"."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle
from sqlalchemy import text

from binhdan_desktop.ui.dialogs.import_dialog import ImportDialog
from tests.ui.conftest import settle
from tests.ui.test_import_wizard_t13 import _open_wizard

LEFT = Qt.MouseButton.LeftButton
WIZARD = Path(__file__).parents[1] / "fixtures" / "import" / "wizard"


def test_a_refused_file_shows_its_error_box_once_then_again_only_when_the_file_changed(
        big_window, big_ctx, qtbot, monkeypatch, tmp_path: Path) -> None:
    """"Chọn tệp…" on an .xls cut short (saved by LibreOffice, then cut): one box. "Xem trước" on the same file,
    unchanged: no second box, the line above the tables still says why. The file put right (the same name) and
    "Xem trước" again: it is read, no box."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    path = tmp_path / "danh_sach.xls"
    shutil.copyfile(WIZARD / "broken.xls", path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(path), ""))
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, words, *a: boxes.append(words))
    seen: dict[str, Any] = {}

    def act(dialog: ImportDialog) -> None:
        qtbot.mouseClick(dialog.pick_button, LEFT)
        settle(qtbot, big_ctx)
        seen["picked"] = (len(boxes), dialog.summary.text())
        qtbot.mouseClick(dialog.preview_button, LEFT)
        settle(qtbot, big_ctx)
        qtbot.mouseClick(dialog.preview_button, LEFT)  # and once more, impatient
        settle(qtbot, big_ctx)
        seen["previewed"] = (len(boxes), dialog.summary.text(), dialog.outcome, dialog.go.isEnabled())
        shutil.copyfile(WIZARD / "loose_village.xls", path)  # the file put right, under the same name
        qtbot.mouseClick(dialog.preview_button, LEFT)
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20000)
        settle(qtbot, big_ctx)
        seen["fixed"] = (len(boxes), dialog.preview_tabs.people_model.rowCount())

    _open_wizard(big_window, big_ctx, qtbot, monkeypatch, act)
    assert seen["picked"][0] == 1 and "danh_sach.xls" in boxes[0], boxes
    assert seen["picked"][1].startswith("Không nhập được danh_sach.xls: ")
    assert seen["previewed"] == (1, seen["picked"][1], None, False), (seen, boxes)
    assert seen["fixed"] == (1, 4), seen


def test_the_sheet_table_reads_12500_households_whole(big_window, big_ctx, qtbot, monkeypatch,
                                                      tmp_path: Path) -> None:
    """A CSV of 12,500 households (one person each) previewed: the "Số hộ" cell says 12500, and its column is wide
    enough for it (the text, the cell's margins), so it is not cut to "125…"."""
    with big_ctx.db.read() as s:
        village = s.execute(text("SELECT name FROM village ORDER BY name LIMIT 1")).scalar_one()
    path = tmp_path / "ca_xa.csv"
    family, middle = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"), ("Văn", "Thị", "Ngọc", "Minh", "Hữu")
    given = ("An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Khánh", "Lan", "Mai", "Nam")
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Mã hộ", "Họ và tên", "Năm sinh", "Quan hệ", "Thôn"])
        for i in range(12500):
            name = f"{family[i % 5]} {middle[i // 5 % 5]} {given[i // 25 % 10]}"
            w.writerow([f"N{i}", name, 1940 + i // 250, "Chủ hộ", village])
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(path), ""))
    seen: dict[str, Any] = {}

    def act(dialog: ImportDialog) -> None:
        qtbot.mouseClick(dialog.pick_button, LEFT)
        settle(qtbot, big_ctx)
        qtbot.mouseClick(dialog.preview_button, LEFT)
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=120000)
        settle(qtbot, big_ctx)
        t = dialog.preview_tabs.found
        margin = 2 * (t.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, t) + 1)
        seen["cells"] = [(t.item(0, c).text(), t.columnWidth(c), t.fontMetrics().horizontalAdvance(t.item(0, c).text())
                          + margin) for c in (1, 2)]

    _open_wizard(big_window, big_ctx, qtbot, monkeypatch, act)
    (households, h_width, h_needs), (people, p_width, p_needs) = seen["cells"]
    assert (households, people) == ("12500", "12500")
    assert h_width >= h_needs and p_width >= p_needs, seen


def test_in_english_the_wizard_counts_one_person_and_one_household_in_the_singular(
        big_window, big_ctx, qtbot, monkeypatch, qapp, tmp_path: Path) -> None:
    """The interface in English, a file of one household of one person previewed: "Found (1 person)", "create 1
    household", never "1 people" / "1 households"."""
    from PySide6.QtWidgets import QFileDialog

    from binhdan_desktop.ui.i18n import install_language

    with big_ctx.db.read() as s:
        village = s.execute(text("SELECT name FROM village ORDER BY name LIMIT 1")).scalar_one()
    path = tmp_path / "mot_ho.csv"
    path.write_text(f"Mã hộ,Họ và tên,Năm sinh,Quan hệ,Thôn\nZ1,Khúc Thừa Dụ,1961,Chủ hộ,{village}\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(path), ""))
    seen: dict[str, Any] = {}

    def act(dialog: ImportDialog) -> None:
        qtbot.mouseClick(dialog.pick_button, LEFT)
        settle(qtbot, big_ctx)
        qtbot.mouseClick(dialog.preview_button, LEFT)
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20000)
        settle(qtbot, big_ctx)
        seen["tab"], seen["summary"] = dialog.preview_tabs.tabText(0), dialog.summary.text()

    install_language(qapp, "en")
    try:
        _open_wizard(big_window, big_ctx, qtbot, monkeypatch, act)
    finally:
        install_language(qapp, "vi")
    assert seen["tab"] == "Found (1 person)", seen
    assert "create 1 household, update 0 households; create 1 person, update 0 people, 0 people unchanged; " \
           "0 rows left out" in seen["summary"], seen
