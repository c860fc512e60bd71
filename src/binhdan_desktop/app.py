"""Composition root of the desktop app: open the database, load fonts and language, show the window.

Start-up order matters on a large commune: `__main__` imports the Qt-free core (SQLAlchemy and the mapped models,
about half a second) before Qt, with the garbage collector off; both are undone after the first paint here, and
whatever can wait (the sync status, the daily backup) starts then."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.paths import database_path, db_option
from binhdan_desktop.ui import prefs as P
from binhdan_desktop.ui.i18n import apply_font, install_language, load_fonts
from binhdan_desktop.ui.prefs import Prefs
from binhdan_desktop.ui.screen_fit import fit_dialogs_to_screen

if TYPE_CHECKING:
    from binhdan_desktop.store.db import Database
    from binhdan_desktop.ui.context import AppContext
    from binhdan_desktop.ui.mainwindow import MainWindow


def _db_arg(argv: Sequence[str]) -> str | None:
    """The window's `--db` (read as the CLI and `__main__` read it; a blank one was refused before Qt)."""
    return db_option(argv)[0]


def make_app(argv: Sequence[str] = ()) -> QApplication:
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    assert isinstance(app, QApplication)
    app.setApplicationName("Bình Dân Desktop")
    app.setOrganizationName("binhdan")
    load_fonts()
    fit_dialogs_to_screen(app)
    return app


def apply_prefs(app: QApplication, prefs: Prefs) -> None:
    install_language(app, prefs.language)
    apply_font(app, bool(prefs.get(P.LARGE_TEXT)))


class Shell:
    """Holds the window and rebuilds it when the language or the text size changes."""

    def __init__(self, app: QApplication, ctx: AppContext) -> None:
        self.app, self.ctx = app, ctx
        self.window: MainWindow | None = None

    def show(self) -> MainWindow:
        from binhdan_desktop.ui.mainwindow import MainWindow

        apply_prefs(self.app, self.ctx.prefs)
        old = self.window
        self.window = MainWindow(self.ctx)
        self.window.rebuild_requested.connect(self.show)
        if old is not None:
            self.window.take_place_of(old)
            old.retire()  # its timer and late answers stop before it goes
            old.deleteLater()
        self.window.show()
        return self.window


def needs_setup(db: Database) -> bool:
    from binhdan_desktop.services import commune

    with db.read() as s:
        return commune.get_commune(s) is None


def collect_garbage_again() -> None:
    """After start-up: what start-up made stays for good, so the collector is told to leave it alone from
    now on (gc.freeze), and is switched back on (main() switched it off while starting). Once only."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def run_gui(argv: Sequence[str]) -> int:
    app = make_app(argv)
    prefs = Prefs()
    apply_prefs(app, prefs)
    # The Qt-free core: already imported by main(), before Qt.
    from binhdan_desktop.services.backup import close_backup
    from binhdan_desktop.store.db import open_database
    from binhdan_desktop.sync.identity import ensure_identity
    from binhdan_desktop.ui.context import AppContext

    try:
        db = open_database(database_path(_db_arg(argv)))
        renewed = ensure_identity(db)
    except BinhdanError as exc:
        QMessageBox.critical(None, "Bình Dân Desktop", exc.message(prefs.language))
        return 2
    ctx = AppContext(db, prefs)
    if needs_setup(db):
        from binhdan_desktop.ui.dialogs.first_run import FirstRunDialog

        collect_garbage_again()  # the user takes their time over this dialog
        if FirstRunDialog(ctx).exec() != QDialog.DialogCode.Accepted:
            return 0
    shell = Shell(app, ctx)
    shell.show().first_painted.connect(collect_garbage_again)
    if renewed:  # a copied database or data folder: said once, beside the window (never blocking its start)
        from binhdan_desktop.errors import render

        note = QMessageBox(QMessageBox.Icon.Information, "Bình Dân Desktop",
                           render("identity.renewed", prefs.language, {}), QMessageBox.StandardButton.Ok)
        note.setModal(False)
        note.show()

    def after_start() -> None:
        collect_garbage_again()  # in case the first window was rebuilt before it painted
        if shell.window is not None:  # the window of now: it may have been rebuilt
            shell.window.daily_backup()  # on the worker thread

    QTimer.singleShot(1000, after_start)
    code = app.exec()
    ctx.tasks.wait()
    ctx.files.wait()  # a backup still copying finishes before the file is closed
    close_backup(ctx.db)  # a lost afternoon is never lost (a full disk is logged: the window is gone)
    ctx.db.close()  # the restored database, after a restore
    return code
