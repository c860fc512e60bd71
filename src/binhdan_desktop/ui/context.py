"""What every screen shares: the database, the task runner, undo, preferences, and change news."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from binhdan_desktop.services import Database
from binhdan_desktop.ui.prefs import Prefs
from binhdan_desktop.ui.tasks import TaskRunner
from binhdan_desktop.ui.undo import UndoStack


class AppContext(QObject):
    changed = Signal(object)  # Changes: screens refresh what they show from it
    status = Signal(str, int)  # (message, milliseconds): what an action did, for the window's status bar

    def __init__(self, db: Database, prefs: Prefs, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.prefs = prefs
        self.tasks = TaskRunner(self)  # the one database worker: every op (ui.operations) runs here
        # Backups copy the file through SQLite's backup API on a connection of their own (5 s for a 650 MB
        # commune): a second lane, so that the database worker keeps answering the screens meanwhile.
        self.files = TaskRunner(self)
        self.undo = UndoStack(self)

    def idle(self) -> bool:
        """Nothing waits or runs on either lane (closing the window waits for this)."""
        return self.tasks.pending() == 0 and self.files.pending() == 0

    def say(self, message: str, msecs: int = 5000) -> None:
        """Tell the user what just happened (the main window shows it in its status bar for `msecs`)."""
        self.status.emit(message, msecs)

    def undo_last(self, parent: QWidget | None) -> None:
        """Ctrl+Z: the last action's reverse, on the worker."""
        from binhdan_desktop.ui.operations import run_undo

        run_undo(self, parent)
