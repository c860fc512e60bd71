"""The Reports screen on a real-sized commune, driven by its buttons: the preview and the export run on the worker
(the window keeps answering), their progress is real, Cancel stops them and leaves no file, errors come back as
the one message, and the signer block is saved in one transaction."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet import _writer as openpyxl_writer
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressBar, QProgressDialog, QPushButton, QWidget

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import reports as svc
from binhdan_desktop.store.db import Database
from binhdan_desktop.ui import tasks
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.mainwindow import MainWindow
from binhdan_desktop.ui.prefs import Prefs
from binhdan_desktop.ui.views import reports as view_module
from binhdan_desktop.ui.views.reports import ReportsView
from tests.ui.conftest import settle, type_text

GATE_TIMEOUT = 5.0  # only so that the old, blocking code fails instead of hanging


class Screen:
    """The main window on the Reports page, with what the message boxes and file dialogs were asked."""

    def __init__(self, ctx: AppContext, window: MainWindow, view: ReportsView) -> None:
        self.ctx, self.window, self.view = ctx, window, view
        self.warnings: list[str] = []
        self.done: list[str] = []  # the "report saved" boxes' texts
        self.asked: list[str] = []  # the save dialogs opened
        self.dialogs: list[tuple[object, ...]] = []  # and what each was given (title, folder/name, filters, …)
        self.questions: list[str] = []  # the question boxes' texts, answered with `answer`
        self.answer = QMessageBox.StandardButton.Yes
        self.target: Path | None = None

    def choose(self, kind: str, fmt: str = "xlsx") -> None:
        self.view.kind.setCurrentIndex(self.view.kind.findData(kind))
        self.view.fmt.setCurrentIndex(self.view.fmt.findData(fmt))
        self.view.village.setCurrentIndex(0)  # Toàn xã

    def click(self, button: QWidget) -> None:
        from PySide6.QtTest import QTest

        QTest.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def screen(big_commune: Database, qapp: object, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Screen]:
    ctx = AppContext(big_commune, Prefs())
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    painted: list[bool] = []
    win.first_painted.connect(lambda: painted.append(True))
    win.show()
    view = win.show_page("reports")
    assert isinstance(view, ReportsView)
    s = Screen(ctx, win, view)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: s.warnings.append(a[2]))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: pytest.fail(f"error shown: {a[2]}"))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: s.done.append(box.text()) or 0)
    monkeypatch.setattr(QMessageBox, "open", lambda box: s.done.append(box.text()))  # the "exported" box

    def save_as(*a: object, **k: object) -> tuple[str, str]:
        s.asked.append("save")
        s.dialogs.append((*a, *k.values()))
        return str(s.target), ""

    def question(_parent: object, title: str, text: str, *_a: object, **_k: object) -> object:
        s.questions.append(f"{title} {text}")
        return s.answer

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    monkeypatch.setattr(QMessageBox, "question", question)
    # Start-up ends with the first paint, which reads the sync status on the worker: it comes (a timer after the
    # household list's answer) when the worker may already be idle. Wait for it, or that read lands in the test
    # and a second task is on the worker next to the one the test counts.
    # The sync timer (every 30 s) reads the status on the worker too: not part of these tests, stopped.
    qtbot.waitUntil(lambda: bool(painted), timeout=10000)
    win.sync.timer.stop()
    settle(qtbot, ctx)
    yield s
    ctx.tasks.wait()


class Gate:
    """Holds a service call on the worker until the test opens the gate; records where and whether it ran."""

    def __init__(self) -> None:
        self.entered, self.left, self.opened = threading.Event(), threading.Event(), threading.Event()
        self.threads: list[threading.Thread] = []

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def held(*args: Any, **kwargs: Any) -> Any:
            self.threads.append(threading.current_thread())
            self.entered.set()
            self.opened.wait(GATE_TIMEOUT)
            try:
                return fn(*args, **kwargs)
            finally:
                self.left.set()

        return held


def _progress_dialog(view: QWidget) -> QProgressDialog | None:
    found = [d for d in view.findChildren(QProgressDialog) if d.isVisible()]
    return found[0] if found else None


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("action", ["preview", "export"])
def test_the_report_is_built_on_the_worker_and_the_window_keeps_answering(screen: Screen, qtbot: Any,
                                                                          tmp_path: Path, action: str,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    view = screen.view
    screen.choose("learners")
    screen.target = tmp_path / "out" / "nguoi-hoc.xlsx"
    screen.target.parent.mkdir()
    gate = Gate()
    monkeypatch.setattr(svc, "build", gate.wrap(svc.build))
    button = view.show_button if action == "preview" else view.export_button
    screen.click(button)
    qtbot.waitUntil(gate.entered.is_set, timeout=10000)
    # While the report is being built the window handles input: typing reaches a field, a second click is refused.
    type_text(view.signer[2], "Lê")
    assert view.signer[2].text().endswith("Lê")
    assert not gate.left.is_set(), "the report was built before the window could handle the keys"
    screen.click(button)
    assert screen.ctx.tasks.pending() == 1 and len(screen.asked) <= 1
    gate.opened.set()
    settle(qtbot, screen.ctx, timeout=30000)
    assert gate.threads and all(t is not threading.main_thread() for t in gate.threads)
    assert len(gate.threads) == 1, "the second click started a second build"
    if action == "preview":
        assert view.preview.rowCount() == 200 and view.preview.horizontalHeaderItem(1).text() == "Họ và tên"
        assert "Danh sách người dân đã học" in view.info.text()
    else:
        assert screen.asked == ["save"] and screen.target.exists() and str(screen.target) in screen.done[0]
        assert _leftovers(screen.target.parent) == ["nguoi-hoc.xlsx"]
    assert button.isEnabled() and not screen.warnings


def test_export_progress_is_real_rows_written(screen: Screen, qtbot: Any, tmp_path: Path) -> None:
    screen.choose("learners", "xlsx")
    screen.target = tmp_path / "nguoi-hoc.xlsx"
    screen.click(screen.view.export_button)
    dialogs = screen.view.findChildren(QProgressDialog)
    assert len(dialogs) == 1  # made with the op, shown after a moment
    values: list[int] = []
    bar = dialogs[0].findChild(QProgressBar)
    bar.valueChanged.connect(values.append)
    settle(qtbot, screen.ctx, timeout=30000)
    assert screen.target.exists()
    values = [v for v in values if v >= 0]  # -1: the dialog's reset at the end
    steps = [v for v in values if 0 < v < 1000]
    assert values == sorted(values), values
    assert len(set(steps)) >= 10, f"progress is not by rows: {values}"  # 5,000 rows: a report every 200


def test_cancel_stops_the_export_promptly_and_leaves_no_file(screen: Screen, qtbot: Any, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole commune's learners (5,000 rows) to Excel; Cancel from the progress dialog part-way through."""
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    view = screen.view
    screen.choose("learners", "xlsx")
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    screen.target = folder / "nguoi-hoc.xlsx"
    held, opened = threading.Event(), threading.Event()
    report = tasks.Progress.report

    def report_and_hold(self: tasks.Progress, fraction: float, text: str = "") -> None:
        report(self, fraction, text)
        if fraction >= 0.3 and not opened.is_set():  # part-way through the rows: wait for the user's click
            held.set()
            opened.wait(GATE_TIMEOUT)

    monkeypatch.setattr(tasks.Progress, "report", report_and_hold)
    rows = [0]
    append = WriteOnlyWorksheet.append
    monkeypatch.setattr(WriteOnlyWorksheet, "append", lambda ws, row: (rows.__setitem__(0, rows[0] + 1),
                                                                        append(ws, row))[1])
    screen.click(view.export_button)
    qtbot.waitUntil(held.is_set, timeout=20000)
    qtbot.waitUntil(lambda: _progress_dialog(view) is not None, timeout=10000)  # it shows after 600 ms
    dialog = _progress_dialog(view)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.value() >= 300, timeout=10000)  # the held report reaches the GUI thread
    assert dialog.value() < 1000
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Huỷ"
    screen.click(cancel)
    rows_at_cancel = rows[0]
    opened.set()
    settle(qtbot, screen.ctx, timeout=30000)
    # A report every 200 rows (and the next sheet's 10 title rows): the export stops at the next one.
    assert rows[0] - rows_at_cancel <= 210, f"{rows[0] - rows_at_cancel} rows written after Cancel"
    assert rows[0] < 4000
    assert _leftovers(folder) == []  # no output file, no temporary file
    assert openpyxl_writer.ALL_TEMP_FILES == []  # nor openpyxl's streamed sheets
    assert not screen.done and not screen.warnings  # a cancel is no error
    assert view.export_button.isEnabled() and _progress_dialog(view) is None
    # The app still works: the same export again succeeds.
    screen.click(view.export_button)
    settle(qtbot, screen.ctx, timeout=30000)
    assert _leftovers(folder) == ["nguoi-hoc.xlsx"] and str(screen.target) in screen.done[0]
    book = openpyxl.load_workbook(screen.target, read_only=True)
    # below each village sheet's title and header (after the summary sheet), its totals row aside
    learners = sum(1 for ws in book.worksheets[1:] for row in ws.iter_rows(min_row=12, values_only=True)
                   if "Tổng cộng" not in row)
    book.close()
    start = view.start.date()
    asked = svc.ReportRequest("learners", year=view.year.currentData(),
                              start=dt.date(start.year(), start.month(), start.day()))
    assert learners == svc.preview(screen.ctx.db, asked).row_count > 4000


def test_cancel_a_pdf_export_leaves_nothing(screen: Screen, qtbot: Any, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    view = screen.view
    screen.choose("checklist", "pdf")
    (tmp_path / "out").mkdir()
    screen.target = tmp_path / "out" / "di-tung-nha.pdf"
    held, opened = threading.Event(), threading.Event()
    report = tasks.Progress.report

    def report_and_hold(self: tasks.Progress, fraction: float, text: str = "") -> None:
        report(self, fraction, text)
        if fraction >= 0.5 and not opened.is_set():  # pages are being laid out
            held.set()
            opened.wait(GATE_TIMEOUT)

    monkeypatch.setattr(tasks.Progress, "report", report_and_hold)
    screen.click(view.export_button)
    qtbot.waitUntil(held.is_set, timeout=30000)
    qtbot.waitUntil(lambda: _progress_dialog(view) is not None, timeout=10000)
    dialog = _progress_dialog(view)
    assert dialog is not None
    screen.click(dialog.findChild(QPushButton))
    opened.set()
    settle(qtbot, screen.ctx, timeout=30000)
    assert _leftovers(screen.target.parent) == [] and not screen.done and not screen.warnings


def test_an_unwritable_folder_is_the_one_message(screen: Screen, qtbot: Any) -> None:
    folder = Path("/sys/kernel")  # even root cannot create a file there
    if not folder.is_dir() or _can_create(folder):
        pytest.skip("no unwritable folder on this machine")
    screen.choose("results", "pdf")
    screen.target = folder / "ket-qua.pdf"
    screen.click(screen.view.export_button)
    settle(qtbot, screen.ctx, timeout=30000)
    assert len(screen.warnings) == 1 and str(folder) in screen.warnings[0]
    assert "chọn" in screen.warnings[0] and not screen.done
    assert screen.view.export_button.isEnabled()


def _can_create(folder: Path) -> bool:
    try:
        (folder / ".binhdan-probe").touch()
    except OSError:
        return False
    (folder / ".binhdan-probe").unlink()
    return True


def test_a_file_open_in_another_program_is_the_one_message(screen: Screen, qtbot: Any, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "ket-qua.xlsx"
    replace = os.replace

    def locked(src: Any, dst: Any, *a: Any, **k: Any) -> None:
        if Path(dst) == target:  # what Windows says while Excel holds the file
            raise PermissionError(13, "The process cannot access the file", str(dst))
        replace(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", locked)
    screen.choose("results", "xlsx")
    screen.target = target
    screen.click(screen.view.export_button)
    settle(qtbot, screen.ctx, timeout=30000)
    assert screen.warnings == [BinhdanError("report.locked", path=str(target)).message("vi")]
    assert "Hãy đóng tệp rồi thử lại" in screen.warnings[0]
    assert _leftovers(target.parent) == []  # the finished temporary file is removed too


# --- the signer block ---------------------------------------------------------------------------------------------

SIGNER = {"report.signer_authority": "TM. ỦY BAN NHÂN DÂN", "report.signer_title": "CHỦ TỊCH",
          "report.signer_name": "Phạm Thị Hồng Nhung"}
RECIPIENTS = ["Sở Khoa học và Công nghệ", "Thường trực Đảng ủy xã", "Lưu: VT"]


def _stored(db: Database) -> dict[str, Any]:
    """The settings as the file holds them, read with plain sqlite3 (not through the app)."""
    with sqlite3.connect(db.path) as conn:
        rows = conn.execute("SELECT key, value FROM setting WHERE deleted = 0 AND key LIKE 'report.%'").fetchall()
    return {key: json.loads(value) for key, value in rows}


def _retype(qtbot: Any, widget: QWidget, text: str) -> None:
    """Select all, delete, and type `text` (lines with Enter), as a user does."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    for i, line in enumerate(text.split("\n")):
        if i:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        type_text(widget, line)


def _fill_signer(qtbot: Any, view: ReportsView, values: dict[str, str], recipients: list[str]) -> None:
    for edit, key in zip(view.signer, view_module.SIGNER_KEYS, strict=True):
        _retype(qtbot, edit, values[key])
    _retype(qtbot, view.recipients, "\n".join(recipients))


def _count_writes(db: Database, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    count = [0]
    write = db.write

    def counted() -> Any:
        count[0] += 1
        return write()

    monkeypatch.setattr(db, "write", counted)
    return count


def test_the_signer_block_is_saved_by_one_click_in_one_transaction(screen: Screen, qtbot: Any,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    view, db = screen.view, screen.ctx.db
    before = _stored(db)
    assert before["report.signer_name"] != SIGNER["report.signer_name"]
    _fill_signer(qtbot, view, SIGNER, [*RECIPIENTS[:2], RECIPIENTS[2] + "."])  # a typed "." is dropped
    assert view.signer[2].text() == SIGNER["report.signer_name"]
    writes = _count_writes(db, monkeypatch)
    screen.click(view.save_button)
    settle(qtbot, screen.ctx)
    assert writes[0] == 1
    assert _stored(db) == {**SIGNER, "report.recipients": RECIPIENTS}
    assert view.saved.text() == "Đã lưu." and not screen.warnings
    assert [e.text() for e in view.signer] == list(SIGNER.values())  # the screen shows what is stored
    assert view.recipients.toPlainText() == "\n".join(RECIPIENTS)


def test_a_bad_value_in_the_signer_block_stores_none(screen: Screen, qtbot: Any) -> None:
    view, db = screen.view, screen.ctx.db
    before = _stored(db)
    _fill_signer(qtbot, view, {**SIGNER, "report.signer_title": "C" * 61}, RECIPIENTS)
    screen.click(view.save_button)
    settle(qtbot, screen.ctx)
    assert len(screen.warnings) == 1 and "Chức vụ người ký" in screen.warnings[0]
    assert _stored(db) == before  # not the signer, not the recipients: nothing
    assert view.signer[2].text() == SIGNER["report.signer_name"]  # what was typed stays, to correct
    assert view.save_button.isEnabled() and view.saved.text() == ""


def test_the_reports_screen_reads_only_through_services() -> None:
    tree = ast.parse(inspect.getsource(view_module))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    assert not {m for m in imported if m and m.startswith("binhdan_desktop.store")}
    calls = {node.func.attr for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute)}
    assert not calls & {"read", "write", "act"}, "a session opened or a write on the GUI thread"


# --- the file written is the one asked about ----------------------------------------------------------------------

def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_pdf_name_typed_with_excel_chosen_asks_then_writes_excel_under_xlsx(screen: Screen, qtbot: Any,
                                                                               tmp_path: Path) -> None:
    """Excel chosen, "bao-cao.pdf" typed, both bao-cao.xlsx and bao-cao.pdf already there: the screen asks
    whether to write Excel to bao-cao.xlsx, then whether to replace that file; bao-cao.pdf is never touched."""
    folder = tmp_path / "usb"
    folder.mkdir()
    (folder / "bao-cao.xlsx").write_bytes(b"last month's workbook")
    (folder / "bao-cao.pdf").write_bytes(b"last month's pdf")
    screen.choose("results", "xlsx")
    screen.target = folder / "bao-cao.pdf"
    screen.click(screen.view.export_button)
    settle(qtbot, screen.ctx, timeout=30000)
    assert len(screen.questions) == 2
    assert screen.questions[0].endswith("Đã chọn Excel nhưng tên tệp có đuôi .pdf. Xuất Excel vào bao-cao.xlsx?")
    assert "bao-cao.xlsx" in screen.questions[1] and "bao-cao.pdf" not in screen.questions[1]
    files = _files(folder)
    assert sorted(files) == ["bao-cao.pdf", "bao-cao.xlsx"]
    assert files["bao-cao.pdf"] == b"last month's pdf"  # untouched
    assert files["bao-cao.xlsx"].startswith(b"PK")  # a new workbook
    assert screen.view.fmt.currentData() == "xlsx"  # the format chosen stays
    assert len(screen.done) == 1 and str(folder / "bao-cao.xlsx") in screen.done[0] and not screen.warnings


def test_a_pdf_name_typed_with_excel_chosen_and_no_writes_nothing(screen: Screen, qtbot: Any,
                                                                  tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    screen.choose("results", "xlsx")
    screen.target = folder / "baocao.pdf"
    screen.answer = QMessageBox.StandardButton.No
    screen.click(screen.view.export_button)
    settle(qtbot, screen.ctx, timeout=30000)
    assert len(screen.questions) == 1
    assert screen.questions[0].endswith("Đã chọn Excel nhưng tên tệp có đuôi .pdf. Xuất Excel vào baocao.xlsx?")
    assert _files(folder) == {} and not screen.done and not screen.warnings
    assert screen.view.fmt.currentData() == "xlsx"


def test_answering_no_writes_nothing(screen: Screen, qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "ket-qua.xlsx").write_bytes(b"keep me")
    screen.choose("results", "xlsx")
    screen.target = folder / "ket-qua.xlsx"
    screen.answer = QMessageBox.StandardButton.No
    screen.click(screen.view.export_button)
    settle(qtbot, screen.ctx, timeout=30000)
    assert len(screen.questions) == 1 and "ket-qua.xlsx" in screen.questions[0]
    assert _files(folder) == {"ket-qua.xlsx": b"keep me"}
    assert not screen.done and not screen.warnings


def test_a_name_without_extension_gets_the_format_and_the_question_names_that_file(screen: Screen, qtbot: Any,
                                                                                   tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "thon.1.pdf").write_bytes(b"old")
    screen.choose("results", "pdf")
    screen.target = folder / "thon.1"  # ".1" is part of the name, not an extension to replace
    screen.answer = QMessageBox.StandardButton.No
    screen.click(screen.view.export_button)
    settle(qtbot, screen.ctx, timeout=30000)
    assert len(screen.questions) == 1 and "thon.1.pdf" in screen.questions[0]
    assert _files(folder) == {"thon.1.pdf": b"old"} and not screen.done
    screen.target = folder / "thon.2"  # a new name: written without a question
    screen.click(screen.view.export_button)
    settle(qtbot, screen.ctx, timeout=30000)
    assert len(screen.questions) == 1
    assert sorted(_files(folder)) == ["thon.1.pdf", "thon.2.pdf"] and str(folder / "thon.2.pdf") in screen.done[0]


def test_the_save_dialog_leaves_the_question_to_the_screen(screen: Screen, qtbot: Any, tmp_path: Path) -> None:
    """The dialog would ask about the typed name, which may not be the file written: it must not ask at all."""
    screen.choose("results", "xlsx")
    screen.target = tmp_path / "ket-qua.xlsx"
    screen.click(screen.view.export_button)
    settle(qtbot, screen.ctx, timeout=30000)
    options = [a for a in screen.dialogs[0] if isinstance(a, QFileDialog.Option)]
    assert options and options[0] & QFileDialog.Option.DontConfirmOverwrite
    filters = str(screen.dialogs[0][3])
    assert "*.xlsx" in filters and "*.pdf" in filters  # either may be chosen there


def test_the_suggested_name_is_vietnamese_ascii_in_documents_then_the_last_folder(
        screen: Screen, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))  # no user-dirs.dirs: ~/Documents
    view = screen.view
    screen.choose("results", "xlsx")
    view.village.setCurrentIndex(1)
    village = view.village.currentText()
    year = view.year.currentData()
    usb = tmp_path / "usb"
    usb.mkdir()
    screen.target = usb / "a.xlsx"
    screen.click(view.export_button)
    settle(qtbot, screen.ctx, timeout=30000)
    suggested = Path(str(screen.dialogs[0][2]))
    assert suggested.parent == home / "Documents"
    assert suggested.name == f"bao-cao-ket-qua-{year}-{svc.slug(village)}.xlsx"
    assert suggested.name.isascii() and " " not in suggested.name and svc.slug(village).startswith(("thon-", "to-"))
    # The next report opens where the last one was saved (remembered across restarts: the prefs file).
    view.kind.setCurrentIndex(view.kind.findData("checklist"))
    view.village.setCurrentIndex(0)
    screen.target = usb / "b.xlsx"
    screen.click(view.export_button)
    settle(qtbot, screen.ctx, timeout=30000)
    assert Path(str(screen.dialogs[1][2])) == usb / f"danh-sach-ho-can-ho-tro-{year}-toan-xa.xlsx"
    assert Prefs(screen.ctx.prefs.path).get(view_module.P.REPORTS_FOLDER) == str(usb)
    # A folder that is gone (the USB stick pulled out): back to Documents.
    for f in usb.iterdir():
        f.unlink()
    usb.rmdir()
    screen.target = tmp_path / "c.xlsx"
    screen.click(view.export_button)
    settle(qtbot, screen.ctx, timeout=30000)
    assert Path(str(screen.dialogs[2][2])).parent == home / "Documents"


# --- the preview follows the choices -----------------------------------------------------------------------------

def _choose_by_keyboard(qtbot: Any, combo: QWidget, data: object) -> None:
    """Arrow keys on the combo box, as a user does, until it shows `data`."""
    from PySide6.QtWidgets import QComboBox

    assert isinstance(combo, QComboBox)
    target = combo.findData(data)
    assert target >= 0
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)


def _shows(screen: Screen, request: svc.ReportRequest) -> bool:
    """The line above the preview names `request`'s report and its size (read again, directly)."""
    from binhdan_desktop.domain.formatting import fmt_int

    p = svc.preview(screen.ctx.db, request)
    return screen.view.info.text().startswith(f"{p.subject}: {fmt_int(p.row_count, 'vi')} dòng trong {p.table_count}")


def test_the_preview_follows_the_report_year_and_village_chosen(screen: Screen, qtbot: Any) -> None:
    view = screen.view
    screen.choose("results")
    screen.click(view.show_button)
    settle(qtbot, screen.ctx, timeout=30000)
    assert "Kết quả" in view.info.text() and view.preview.isEnabled()
    _choose_by_keyboard(qtbot, view.kind, "checklist")
    # Until the new preview arrives the old table is greyed and says so.
    assert not view.preview.isEnabled() and "Đang cập nhật" in view.info.text()
    settle(qtbot, screen.ctx, timeout=30000)
    assert view.preview.isEnabled() and view.preview.horizontalHeaderItem(3).text() == "Họ và tên"
    assert _shows(screen, view._request())
    whole = view.info.text()
    _choose_by_keyboard(qtbot, view.village, view.village.itemData(2))
    settle(qtbot, screen.ctx, timeout=30000)
    assert _shows(screen, view._request()) and view.info.text() != whole
    if view.year.count() > 1:
        _choose_by_keyboard(qtbot, view.year, view.year.itemData(view.year.count() - 1 - view.year.currentIndex()))
        settle(qtbot, screen.ctx, timeout=30000)
        assert _shows(screen, view._request())
    assert not screen.warnings


def test_the_latest_choice_wins_while_a_preview_is_being_built(screen: Screen, qtbot: Any,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    view = screen.view
    screen.choose("results")
    screen.click(view.show_button)
    settle(qtbot, screen.ctx, timeout=30000)
    gate = Gate()
    monkeypatch.setattr(svc, "build", gate.wrap(svc.build))
    _choose_by_keyboard(qtbot, view.kind, "learners")  # its preview is held on the worker
    qtbot.waitUntil(gate.entered.is_set, timeout=10000)
    _choose_by_keyboard(qtbot, view.kind, "checklist")  # then another choice before it is done
    _choose_by_keyboard(qtbot, view.village, view.village.itemData(1))
    gate.opened.set()
    settle(qtbot, screen.ctx, timeout=30000)
    monkeypatch.undo()
    assert view.kind.currentData() == "checklist"
    assert _shows(screen, view._request())  # not the learners' list that was held
    assert view.preview.isEnabled() and view.show_button.isEnabled() and not screen.warnings


def test_the_preview_follows_the_dates_and_a_wrong_period_is_refused(screen: Screen, qtbot: Any) -> None:
    view = screen.view
    screen.choose("visits")
    screen.click(view.show_button)
    settle(qtbot, screen.ctx, timeout=30000)
    before = view.info.text()
    view.start.setFocus()
    qtbot.keyClick(view.start, Qt.Key.Key_End)  # the year of "Từ ngày", one up: after "đến" (today)
    qtbot.keyClick(view.start, Qt.Key.Key_Up)
    assert view.start.date() > view.end.date()
    assert view.date_note.isVisible() and "sau ngày kết thúc" in view.date_note.text()
    settle(qtbot, screen.ctx, timeout=30000)
    assert not view.preview.isEnabled() and "sau ngày kết thúc" in view.info.text() and view.info.text() != before
    screen.click(view.export_button)  # refused before the save dialog
    settle(qtbot, screen.ctx, timeout=30000)
    assert screen.asked == [] and len(screen.warnings) == 1 and "sau ngày kết thúc" in screen.warnings[0]
    screen.click(view.show_button)
    assert len(screen.warnings) == 2
    qtbot.keyClick(view.start, Qt.Key.Key_Down)  # back: the period is right again, and so is the preview
    assert not view.date_note.isVisible()
    settle(qtbot, screen.ctx, timeout=30000)
    assert view.preview.isEnabled() and _shows(screen, view._request())


def test_every_report_type_fits_a_1280_wide_window(big_window, big_ctx, qtbot) -> None:
    """A tester saw the signer panel cut off and a horizontal scroll bar after choosing the visit log."""
    from tests.ui.conftest import settle

    big_window.resize(1280, 720)
    view = big_window.show_page("reports")
    settle(qtbot, big_ctx)
    for i in range(view.kind.count()):
        view.kind.setCurrentIndex(i)
        qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
        settle(qtbot, big_ctx, timeout=30000)
        assert view.minimumSizeHint().width() <= 1280 - 200, view.kind.currentText()  # the side list beside it


@pytest.mark.parametrize(("suffix", "label", "fmt"), [("09", "tháng 9", "pdf"), ("Q3", "quý III", "xlsx"),
                                                      ("H1", "6 tháng đầu", "pdf"), ("", "năm", "xlsx")])
def test_the_period_report_for_the_period_chosen_in_its_combo(screen: Screen, qtbot: Any, tmp_path: Path,
                                                               suffix: str, label: str, fmt: str) -> None:
    """The period report chosen with the keyboard, a month, quarter, half or the whole year picked in "Kỳ báo
    cáo", previewed and exported with the real buttons: the file names that period and prints its end's figures
    (recounted here by SQL); the combo is offered for the period report only."""
    from binhdan_desktop.domain.periods import parse_period
    from tests.recount import adults_vneid, dotted

    view = screen.view
    _choose_by_keyboard(qtbot, view.kind, "results")
    assert not view.period.isEnabled()
    _choose_by_keyboard(qtbot, view.kind, "period")
    assert view.period.isEnabled() and view.as_of.isEnabled()  # a day of the period, at first its end
    _choose_by_keyboard(qtbot, view.fmt, fmt)
    year = view.year.currentData()
    period = parse_period(f"{year}-{suffix}" if suffix else str(year))
    if period.start > dt.date.today():
        pytest.skip("that period has not begun in the demo's year")
    _choose_by_keyboard(qtbot, view.period, suffix)
    assert view._request().period == period.code
    assert view.as_of.date().toPython() == min(period.end, dt.date.today())  # followed the period chosen
    screen.click(view.show_button)
    settle(qtbot, screen.ctx, timeout=60000)
    assert f"{label} năm {year}" in view.info.text() or (not suffix and f"năm {year}" in view.info.text())
    screen.target = tmp_path / f"ky.{fmt}"
    screen.click(view.export_button)
    settle(qtbot, screen.ctx, timeout=120000)
    assert screen.asked == ["save"] and screen.target.exists() and not screen.warnings, screen.warnings
    end = min(period.end, dt.date.today())
    num, den = adults_vneid(Path(screen.ctx.db.path), end)
    assert num > 0 and den > 0
    if fmt == "pdf":
        import subprocess

        text = " ".join(subprocess.run(["pdftotext", str(screen.target), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
        assert period.label() in text and f"đến ngày {end:%d/%m/%Y}" in text
        assert f"trên nền tảng VNeID: {dotted(num)}/{dotted(den)}" in text
    else:
        wb = openpyxl.load_workbook(screen.target, read_only=True)
        rows = [r for ws in wb.worksheets for r in ws.iter_rows(values_only=True)]
        assert any(isinstance(v, str) and period.label().upper() in v.upper() for r in rows for v in r)
        vneid = [r for r in rows if "Người dân trưởng thành học trên nền tảng VNeID" in r]
        assert vneid and num in vneid[0] and den in vneid[0], vneid[:1]
