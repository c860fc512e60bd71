"""Backup and restore from the window's File menu. Backups and the check of a chosen backup run on the file lane
(`ctx.files`: SQLite's backup API on a connection of its own), so the database worker keeps answering the screens;
the restore itself runs on the database worker, which it has to itself, and the window is then rebuilt on the
restored database."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

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
    """The first start of a day keeps a backup in the data folder, said in the status bar; False when not due."""
    db = window.ctx.db
    if not svc.daily_backup_due(db):
        return False

    def done(out: Path) -> None:
        window.statusBar().showMessage(
            QCoreApplication.translate("MainWindow", "Đã sao lưu tự động: {name}").format(name=out.name), 10000)

    def failed(exc: BaseException) -> None:
        log.warning("daily backup failed: %s", type(exc).__name__)
        window.statusBar().showMessage(QCoreApplication.translate(
            "MainWindow", "Không sao lưu tự động được; hãy sao lưu bằng tay (Tệp → Sao lưu…)."))

    window.ctx.files.run(lambda _p: svc.auto_backup(db, "daily"), done, on_error=failed)
    return True


def restore(window: MainWindow, source: str | None = None) -> None:
    """Check the chosen file (an integrity check: seconds on a large one), then ask."""
    source = source or QFileDialog.getOpenFileName(
        window, QCoreApplication.translate("MainWindow", "Chọn bản sao lưu"), str(Path.home()))[0]
    if not source:
        return
    chosen = Path(source)
    window.ctx.files.run(lambda _p: svc.check_backup(chosen), lambda info: _confirm(window, chosen, info),
                         parent=window, cancellable=False,
                         title=QCoreApplication.translate("MainWindow", "Đang kiểm tra bản sao lưu…"))


def _confirm(window: MainWindow, source: Path, info: svc.BackupInfo) -> None:
    question = QCoreApplication.translate(
        "MainWindow", "Thay dữ liệu hiện tại bằng bản sao lưu của xã {name} ({n} hộ)? Dữ liệu hiện tại được giữ lại "
        "bên cạnh để có thể quay lại.").format(name=info.commune, n=info.households)
    answer = QMessageBox.question(window, QCoreApplication.translate("MainWindow", "Khôi phục"), question)
    if answer != QMessageBox.StandardButton.Yes:
        return
    files = window.ctx.files

    def replace(db: Database) -> Database:
        files.wait()  # a backup still copying the live file finishes first
        return svc.restore_and_reopen(db, source)

    CollectionOp(parent=window, op=replace, success=lambda db: _restored(window, db)) \
        .with_progress(QCoreApplication.translate("MainWindow", "Đang khôi phục…"), cancellable=False) \
        .run_in_background(window.ctx)


def _restored(window: MainWindow, db: Database) -> None:
    ctx = window.ctx
    ctx.db = db
    ctx.undo.clear()  # what it would undo belongs to the data that was replaced
    ctx.changed.emit(everything())  # the screens still up read the restored data; the window is rebuilt too
    window.rebuild_requested.emit()
