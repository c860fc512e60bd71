"""Enter in an editable grid, as in a spreadsheet: it commits the open cell at once and goes down a row, in the
same column. Qt's delegate commits on Enter only later (a queued call), after the key has gone on to the dialog,
whose default button or shortcut may act first on the old value."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView


def enter_commits_and_goes_down(view: QAbstractItemView, event: QKeyEvent) -> bool:
    """Handle a plain Enter on `view` (True: handled, the event accepted); Ctrl+Enter and other keys are left."""
    plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or not plain:
        return False
    current = view.currentIndex()
    editor = view.indexWidget(current) if view.state() == QAbstractItemView.State.EditingState else None
    if editor is not None:
        view.commitData(editor)
        view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
    model = view.model()
    if current.isValid() and model is not None and current.row() + 1 < model.rowCount(current.parent()):
        view.setCurrentIndex(current.sibling(current.row() + 1, current.column()))
    event.accept()
    return True
