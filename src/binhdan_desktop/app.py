"""Composition root of the desktop app: open the database, load fonts and language, show the window.

Start-up order matters on a large commune: Qt is started first while a side thread imports the storage layer
(SQLAlchemy and the mapped models, about half a second; see `__main__`), so the two overlap."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.paths import database_path
from binhdan_desktop.ui import prefs as P
from binhdan_desktop.ui.i18n import apply_font, install_language, load_fonts
from binhdan_desktop.ui.prefs import Prefs

if TYPE_CHECKING:
    from binhdan_desktop.store.db import Database
    from binhdan_desktop.ui.context import AppContext
    from binhdan_desktop.ui.mainwindow import MainWindow


def _db_arg(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--db" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--db="):
            return arg.split("=", 1)[1]
    return None


def make_app(argv: Sequence[str] = ()) -> QApplication:
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    assert isinstance(app, QApplication)
    app.setApplicationName("Bình Dân Desktop")
    app.setOrganizationName("binhdan")
    load_fonts()
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
            self.window.setGeometry(old.geometry())
            old.deleteLater()
        self.window.show()
        return self.window


def needs_setup(db: Database) -> bool:
    from binhdan_desktop.services import commune

    with db.read() as s:
        return commune.get_commune(s) is None


def run_gui(argv: Sequence[str]) -> int:
    app = make_app(argv)
    prefs = Prefs()
    apply_prefs(app, prefs)
    # The storage layer: already imported, or being imported, by the side thread started in __main__.
    from binhdan_desktop.services.backup import auto_backup
    from binhdan_desktop.store.db import open_database
    from binhdan_desktop.sync.identity import ensure_identity
    from binhdan_desktop.ui.context import AppContext

    try:
        db = open_database(database_path(_db_arg(argv)))
        ensure_identity(db)
    except BinhdanError as exc:
        QMessageBox.critical(None, "Bình Dân Desktop", exc.message(prefs.language))
        return 2
    ctx = AppContext(db, prefs)
    if needs_setup(db):
        from binhdan_desktop.ui.dialogs.first_run import FirstRunDialog

        if FirstRunDialog(ctx).exec() != QDialog.DialogCode.Accepted:
            return 0
    shell = Shell(app, ctx)
    shell.show()
    # after the first paint, on the worker thread (the window may have been rebuilt by then)
    QTimer.singleShot(1000, lambda: shell.window is not None and shell.window.daily_backup())
    code = app.exec()
    ctx.tasks.wait()
    auto_backup(db, "close")  # a lost afternoon is never lost
    db.close()
    return code
