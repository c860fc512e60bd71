"""Backup and restore from the window's File menu. Backups, and the copy and check of a chosen backup, run on the
file lane (`ctx.files`: SQLite's backup API on a connection of its own), so the database worker keeps answering
the screens; the restore itself (renames) runs on the database worker, which it has to itself, and the window is
then rebuilt on the restored database."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from binhdan_desktop.fileio import backup_prefix, backups_folder
from binhdan_desktop.services import backup as svc
from binhdan_desktop.services import everything
from binhdan_desktop.ui.operations import CollectionOp

if TYPE_CHECKING:
    from binhdan_desktop.services import Database
    from binhdan_desktop.ui.mainwindow import MainWindow

log = logging.getLogger(__name__)


def backup(window: MainWindow, target: str | None = None) -> None:
    """A backup where the user chooses; says where it went."""
    target = target or QFileDialog.getSaveFileName(
        window, QCoreApplication.translate("MainWindow", "Sao lưu dữ liệu"),
        str(Path.home() / "binhdan-saoluu.sqlite3"))[0]
    if not target:
        return
    out, db = Path(target), window.ctx.db

    def done(path: Path) -> None:
        QMessageBox.information(window, QCoreApplication.translate("MainWindow", "Sao lưu"),
                                QCoreApplication.translate("MainWindow", "Đã sao lưu vào {path}").format(path=path))

    window.ctx.files.run(lambda _p: svc.backup(db, out), done, parent=window, cancellable=False,
                         title=QCoreApplication.translate("MainWindow", "Đang sao lưu…"))


def daily_backup(window: MainWindow) -> bool:
    """The first start of a day keeps a backup in the data folder, said in the status bar; False when not due
    (or when the window is already closing: the file lane would outlive it). Closing the window waits for it
    (`MainWindow.closeEvent`); a window rebuilt meanwhile (language, text size) is not written to."""
    db = window.ctx.db
    if not window.isVisible() or not svc.daily_backup_due(db):
        return False

    def done(out: Path) -> None:
        if shiboken6.isValid(window):
            window.statusBar().showMessage(
                QCoreApplication.translate("MainWindow", "Đã sao lưu tự động: {name}").format(name=out.name), 10000)

    def failed(exc: BaseException) -> None:
        log.warning("daily backup failed: %s", getattr(exc, "code", type(exc).__name__))
        if shiboken6.isValid(window):
            window.statusBar().showMessage(QCoreApplication.translate(
                "MainWindow", "Không sao lưu tự động được; hãy sao lưu bằng tay (Tệp → Sao lưu…)."))

    window.ctx.files.run(lambda _p: svc.auto_backup(db, "daily"), done, on_error=failed)
    return True


def choose_backup(window: MainWindow) -> str:
    """The file dialog opens in this database's backups folder, showing its own backups first."""
    db_path = window.ctx.db.path
    folder = backups_folder(db_path)
    mine = QCoreApplication.translate("MainWindow", "Bản sao lưu của {name} ({pattern})").format(
        name=db_path.name, pattern=f"{backup_prefix(db_path)}-*.sqlite3")
    filters = ";;".join([mine, QCoreApplication.translate("MainWindow", "Cơ sở dữ liệu SQLite (*.sqlite3)"),
                         QCoreApplication.translate("MainWindow", "Mọi tệp (*)")])
    return QFileDialog.getOpenFileName(window, QCoreApplication.translate("MainWindow", "Chọn bản sao lưu"),
                                       str(folder if folder.is_dir() else db_path.parent), filters)[0]


def restore(window: MainWindow, source: str | None = None) -> None:
    """Copy the chosen file beside the database and check the copy (seconds on a large one: progress, Cancel),
    then ask; the restore itself is then only renames."""
    source = source or choose_backup(window)
    if not source:
        return
    chosen, db_path = Path(source), window.ctx.db.path
    window.ctx.files.run(lambda p: svc.stage_restore(db_path, chosen, p.report),
                         lambda staged: _confirm(window, staged), parent=window, cancellable=True,
                         title=QCoreApplication.translate("MainWindow", "Đang chép và kiểm tra bản sao lưu…"))


def _confirm(window: MainWindow, staged: svc.Staged) -> None:
    if not shiboken6.isValid(window):  # the window was rebuilt or closed meanwhile
        svc.discard(staged)
        return
    info = staged.info
    question = QCoreApplication.translate(
        "MainWindow", "Thay dữ liệu hiện tại bằng bản sao lưu của xã {name} ({n} hộ)? Dữ liệu hiện tại được giữ lại "
        "bên cạnh để có thể quay lại.").format(name=info.commune, n=info.households)
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    # "Không" is the default and Esc's answer: Enter pressed by habit never replaces the live data
    answer = QMessageBox.question(window, QCoreApplication.translate("MainWindow", "Khôi phục"), question,
                                  yes | no, no)
    if answer != QMessageBox.StandardButton.Yes:
        svc.discard(staged)
        return
    files = window.ctx.files

    def replace(db: Database) -> Database:
        files.wait()  # a backup still copying the live file finishes first
        return svc.restore_and_reopen(db, staged)

    CollectionOp(parent=window, op=replace, success=lambda db: _restored(window, db)) \
        .with_progress(QCoreApplication.translate("MainWindow", "Đang khôi phục…"), cancellable=False) \
        .run_in_background(window.ctx)


def _restored(window: MainWindow, db: Database) -> None:
    ctx = window.ctx
    ctx.db = db
    ctx.undo.clear()  # what it would undo belongs to the data that was replaced
    ctx.changed.emit(everything())  # the screens still up read the restored data; the window is rebuilt too
    window.rebuild_requested.emit()
