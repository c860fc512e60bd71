"""Translations: the English is complete; the Vietnamese interface shows no English, Qt's own widgets included.
Screenshots render every screen without touching the user's preferences; windows fit a 1366×768 screen; "Chữ to"
enlarges every text."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QRect, Qt, QTranslator
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from binhdan_desktop.services import demo
from binhdan_desktop.store.db import open_database
from binhdan_desktop.ui import prefs as P
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import BASE_PT, LARGE_PT, apply_font, install_language
from binhdan_desktop.ui.mainwindow import MainWindow
from binhdan_desktop.ui.screen_fit import stop_fitting_dialogs
from binhdan_desktop.ui.screenshots import capture_modal, walk
from binhdan_desktop.ui.texts import plain, visible_texts
from tests.ui.conftest import settle

TRANSLATIONS = resources.files("binhdan_desktop.resources") / "translations"
# English a Vietnamese user must never meet (words that are not also Vietnamese: no "to", "in", "do", "can"…).
WORDS = """yes no ok cancel save close open undo redo cut copy paste delete select all file files folder
directory name size type kind date modified look detail view list back forward parent new show hide details apply
reset help abort retry ignore discard restore defaults enter value computer recent places sidebar scroll page top
bottom left right edge step smartphone household households dashboard settings report reports lesson lessons event
events visit visits village villages member members team search error warning loading preview export import sync
text choose browse password user device status target targets indicator indicators address phone note year month
week today total done next previous finish add remove rename merge large print edit quit exit backup unknown drive
shortcut insert record filter clear refresh find the and of with for from your this please click"""
ENGLISH = set(WORDS.split())
# Not English to a Vietnamese reader: names, acronyms, the language chooser's "English / Language".
ALLOWED = {"english", "language", "desktop", "enter", "vneid", "cccd", "zalo", "excel", "pdf", "usb", "webdav", "ctrl"}


def english_words(texts: list[str]) -> list[str]:
    """The texts with an English word in them; file paths (data, not interface) are left out."""
    return sorted({t for t in texts for w in re.findall(r"[A-Za-z]+", re.sub(r"\S*[/\\]\S*", "", t))
                   if w.lower() in ENGLISH and w.lower() not in ALLOWED})


class Recorder(QTranslator):
    """Installed last, so Qt asks it first: notes every (context, source, comment) Qt looks up and answers as
    the Vietnamese interface does (qtbase_vi.qm, else the source text; answering nothing would need None)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[tuple[str, str, str]] = set()
        self.qtbase = QTranslator()
        assert self.qtbase.load(str(TRANSLATIONS / "qtbase_vi.qm"))

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        self.seen.add((context, source, disambiguation or ""))
        return self.qtbase.translate(context, source, disambiguation, n) or source

    def isEmpty(self) -> bool:
        return False


def untranslated_qt(seen: set[tuple[str, str, str]], qtbase: QTranslator) -> list[tuple[str, str, str]]:
    """Qt's own English strings that were looked up and have no Vietnamese. The app's strings are Vietnamese
    (PySide's tr() also tries them in the base classes' contexts: QDialog, QWidget…); Qt's key names (QShortcut:
    Ctrl, Del, F5) stay as printed on the keys; shortcuts and formats are not words."""
    return sorted((c, s, d) for c, s, d in seen
                  if re.match(r"Q[A-Z]", c) and c != "QShortcut" and s.isascii() and re.search(r"[A-Za-z]{2}", s)
                  and not re.fullmatch(r"(Alt|Ctrl|Shift)\+\w+|%p%", s) and not qtbase.translate(c, s, d or None))


@pytest.fixture
def vietnamese(qapp: QApplication) -> Iterator[QApplication]:
    install_language(qapp, "vi")
    yield qapp
    install_language(qapp, "vi")
    apply_font(qapp, False)
    stop_fitting_dialogs(qapp)


@pytest.fixture
def main_window(ctx: AppContext, qtbot, vietnamese) -> MainWindow:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    return win


def test_every_interface_string_has_an_english_translation() -> None:
    messages = list(ET.fromstring((TRANSLATIONS / "binhdan_en.ts").read_text(encoding="utf-8")).iter("message"))
    assert len(messages) > 150
    unfinished = [m.findtext("source") for m in messages
                  if not (m.findtext("translation") or "").strip() or m.find("translation").get("type")]
    assert unfinished == []


def test_qt_widgets_have_a_vietnamese_translation_compiled() -> None:
    ts = ET.fromstring((TRANSLATIONS / "qtbase_vi.ts").read_text(encoding="utf-8"))
    contexts = {c.findtext("name") for c in ts.iter("context")}
    assert {"QPlatformTheme", "QDialogButtonBox", "QMessageBox", "QWidgetTextControl", "QLineEdit", "QFileDialog",
            "QFileSystemModel", "QProgressDialog", "QAbstractSpinBox", "QInputDialog"} <= contexts
    assert all((m.findtext("translation") or "").strip() for m in ts.iter("message"))
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS / "qtbase_vi.qm"))
    assert translator.translate("QPlatformTheme", "&Yes") == "&Có"


def test_switching_to_english_translates_the_window(ctx, qtbot, qapp) -> None:
    install_language(qapp, "en")
    try:
        assert QCoreApplication.translate("MainWindow", "Tổng quan") == "Dashboard"
        assert QCoreApplication.translate("QPlatformTheme", "&Yes") == "&Yes"  # Qt's own English
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        assert win.nav.item(0).text() == "Households"
        assert win.households.search.placeholderText().startswith("Search by")
    finally:
        install_language(qapp, "vi")
    assert QCoreApplication.translate("MainWindow", "Tổng quan") == "Tổng quan"
    assert QCoreApplication.translate("QPlatformTheme", "&Yes") == "&Có"


def test_the_delete_question_says_co_and_khong(main_window: MainWindow, qtbot, vietnamese) -> None:
    table = main_window.households.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(table.model().index(0, 1))
                     .center())
    seen: dict[str, list[str]] = {}

    def answer_no(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen["buttons"] = [b.text() for b in box.buttons()]
        seen["texts"] = visible_texts(box)
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)

    capture_modal(vietnamese, lambda: qtbot.keyClick(table, Qt.Key.Key_Delete), answer_no)
    assert sorted(seen["buttons"]) == ["&Có", "&Không"]
    assert english_words(seen["texts"]) == []
    assert table.model().rowCount() == 3  # "Không": nothing deleted


def test_the_right_click_menu_of_text_fields_is_vietnamese(vietnamese, qtbot) -> None:
    for field in (QLineEdit("Bình Chương"), QPlainTextEdit("Bình Chương")):
        qtbot.addWidget(field)
        menu = field.createStandardContextMenu()
        texts = [plain(a.text().split("\t")[0]) for a in menu.actions() if not a.isSeparator()]
        assert {"Hoàn tác", "Làm lại", "Cắt", "Sao chép", "Dán", "Xoá", "Chọn tất cả"} <= set(texts), texts
        assert english_words(texts) == []


def test_file_dialogs_are_qts_own_and_vietnamese(main_window: MainWindow, vietnamese, tmp_path: Path) -> None:
    (tmp_path / "danh-sach.xlsx").write_bytes(b"x")
    assert QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs) == (
        sys.platform not in ("win32", "darwin"))
    dialog = QFileDialog(main_window, "Chọn bảng tính", str(tmp_path), "Bảng tính (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    dialog.show()
    texts = visible_texts(dialog)
    dialog.close()
    assert {"Xem trong:", "Tên tệp:", "Kiểu tệp:", "Mở", "Huỷ", "Dạng chi tiết"} <= set(texts), texts
    assert english_words(texts) == []
    seen: list[list[str]] = []
    backup = next(a for a in main_window.menuBar().actions()[0].menu().actions() if a.text() == "Sao lưu…")
    capture_modal(vietnamese, backup.trigger, lambda d: seen.append(visible_texts(d)) if isinstance(
        d, QFileDialog) else None)
    assert seen and {"Lưu", "Huỷ"} <= set(seen[0])  # the app's own call: Qt's dialog, in Vietnamese
    assert english_words(seen[0]) == []


def test_no_english_anywhere_in_the_vietnamese_interface(main_window: MainWindow, ctx, qtbot, vietnamese) -> None:
    recorder = Recorder()
    vietnamese.installTranslator(recorder)
    try:
        found: dict[str, list[str]] = {}
        for name, shown in walk(main_window, ctx):
            found[name] = visible_texts(shown)
        assert {"01-households", "07-settings", "dialog-household", "dialog-visit", "dialog-first-run"} <= set(found)
        assert "Smartphone" not in found["dialog-household"]
        menu = QLineEdit(main_window).createStandardContextMenu()
        found["menu"] = visible_texts(menu)
        capture_modal(vietnamese, main_window.backup, lambda d: found.setdefault("file-dialog", visible_texts(d)))
    finally:
        vietnamese.removeTranslator(recorder)
    english = {name: english_words(texts) for name, texts in found.items() if english_words(texts)}
    assert english == {}
    assert untranslated_qt(recorder.seen, recorder.qtbase) == []


def test_screenshots_of_every_screen(tmp_path: Path, qapp, vietnamese) -> None:
    from binhdan_desktop.ui.screenshots import take

    db_path = tmp_path / "demo.sqlite3"
    with open_database(db_path) as db:
        demo.generate(db, 40, seed=5)
    shots = take(tmp_path / "shots", db_path)
    names = {p.name for p in shots}
    assert {"01-households.png", "02-dashboard.png", "06-reports.png", "06b-reports-preview.png", "07-settings.png",
            "dialog-household.png", "dialog-visit.png", "dialog-first-run.png", "dialog-delete-question.png",
            "dialog-file-save.png", "menu-text-field.png"} <= names
    assert all(p.stat().st_size > 1000 for p in shots)


def test_screenshots_in_english_leave_the_users_own_language(tmp_path: Path, qapp, vietnamese) -> None:
    from binhdan_desktop.ui.screenshots import take

    mine = P.Prefs()
    mine.set(P.LANGUAGE, "vi")
    db_path = tmp_path / "demo.sqlite3"
    with open_database(db_path) as db:
        demo.generate(db, 10, seed=5)
    assert take(tmp_path / "shots", db_path, "en", large=True)
    assert QCoreApplication.translate("MainWindow", "Tổng quan") == "Dashboard"  # they were taken in English
    again = P.Prefs()
    assert again.language == "vi" and again.get(P.LARGE_TEXT) is False


def test_screenshots_of_a_database_without_a_commune_say_so(tmp_path: Path, capsys) -> None:
    from binhdan_desktop.ui.screenshots import main

    open_database(tmp_path / "empty.sqlite3").close()
    assert main(["--out", str(tmp_path / "shots"), "--db", str(tmp_path / "empty.sqlite3")]) == 2
    assert "chưa có dữ liệu xã" in capsys.readouterr().err
    assert not (tmp_path / "shots").exists()


def test_the_window_fits_the_screen_it_opens_on(main_window: MainWindow, ctx, qtbot) -> None:
    free = main_window.screen().availableGeometry()  # offscreen: 800×800, a small screen
    qtbot.waitUntil(lambda: main_window.isMaximized())
    assert free.contains(main_window.frameGeometry())
    nav = main_window.nav
    for row in range(nav.count()):  # a screen wider than the window (settings, reports) scrolls inside it
        qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(nav.item(row)).center())
        settle(qtbot, ctx)
        assert free.contains(main_window.frameGeometry()), (nav.item(row).text(), main_window.frameGeometry())


def test_dialogs_fit_the_screen_they_open_on(main_window: MainWindow, vietnamese, qtbot) -> None:
    from binhdan_desktop.app import make_app

    assert make_app() is vietnamese  # the app as it starts: it fits every dialog to the screen
    free = main_window.screen().availableGeometry()  # 800×800: narrower than the household form's 1100
    seen: list[QRect] = []

    def look(form: QWidget) -> None:
        qtbot.waitUntil(lambda: free.contains(form.frameGeometry()), timeout=5000)
        seen.append(form.frameGeometry())

    new = next(a for a in main_window.menuBar().actions()[0].menu().actions() if a.text() == "Hộ mới…")
    capture_modal(vietnamese, new.trigger, look)
    assert seen and seen[0].width() > 700, seen  # fitted, not shrunk to nothing


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def test_on_a_1366x768_laptop_with_large_text_every_window_fits(tmp_path: Path) -> None:
    """`binhdan screenshots` renders on a 1366×768 screen: the window is 1280×720 at most, not maximised, and no
    dialog is larger than the screen less its frame, even with "Chữ to"."""
    db_path = tmp_path / "demo.sqlite3"
    with open_database(db_path) as db:
        demo.generate(db, 40, seed=5)
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    done = subprocess.run([sys.executable, "-m", "binhdan_desktop", "screenshots", "--db", str(db_path), "--out",
                           str(tmp_path / "shots"), "--large"], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    sizes = {p.name: png_size(p) for p in (tmp_path / "shots").glob("*.png")}
    assert sizes["01-households.png"] == (1280, 720)
    too_big = {name: size for name, size in sizes.items() if size[0] > 1366 - 16 or size[1] > 768 - 48}
    assert too_big == {}


def point_size(widget: QWidget) -> float:
    widget.ensurePolished()
    return QFontInfo(widget.font()).pointSizeF()


def sizes_of_texts(ctx: AppContext, qtbot, app: QApplication, large: bool) -> dict[str, float]:
    from binhdan_desktop.ui.dialogs.household import HouseholdDialog

    apply_font(app, large)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    table = win.households.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0)
    cell = table.model().index(0, 1).data(Qt.ItemDataRole.FontRole)
    dialog = HouseholdDialog(ctx, None, win)
    qtbot.addWidget(dialog)
    label = dialog.findChild(QLabel)
    button = dialog.findChild(QAbstractButton)
    return {"cell": QFontInfo(cell).pointSizeF() if cell is not None else point_size(table),
            "header": point_size(table.horizontalHeader()), "nav": point_size(win.nav),
            "dialog label": point_size(label), "dialog button": point_size(button),
            "message box": point_size(QMessageBox())}


def test_large_text_enlarges_every_text(ctx: AppContext, qtbot, vietnamese) -> None:
    normal = sizes_of_texts(ctx, qtbot, vietnamese, large=False)
    large = sizes_of_texts(ctx, qtbot, vietnamese, large=True)
    assert all(large[k] >= normal[k] * LARGE_PT / BASE_PT * 0.95 for k in normal), (normal, large)
