"""Undo within the session: each undoable action pushes the service call that reverses it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from binhdan_desktop.services import Changes

if TYPE_CHECKING:
    from binhdan_desktop.services import Database


@dataclass(frozen=True)
class UndoEntry:
    text: str
    undo: Callable[[Database], Changes]  # run on the worker (ui.operations.run_undo)


class UndoStack(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None, limit: int = 50) -> None:
        super().__init__(parent)
        self._entries: list[UndoEntry] = []
        self._limit = limit

    def push(self, text: str, undo: Callable[[Database], Changes]) -> None:
        self._entries.append(UndoEntry(text, undo))
        del self._entries[:-self._limit]
        self.changed.emit()

    def can_undo(self) -> bool:
        return bool(self._entries)

    def undo_text(self) -> str:
        return self._entries[-1].text if self._entries else ""

    def clear(self) -> None:
        """Forget every entry (after a restore: they belong to the data that was replaced)."""
        if self._entries:
            self._entries.clear()
            self.changed.emit()

    def pop(self) -> UndoEntry | None:
        if not self._entries:
            return None
        entry = self._entries.pop()
        self.changed.emit()
        return entry
