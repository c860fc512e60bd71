"""What every data-entry form shares: Enter never saves (it ends a cell or a field; Ctrl+S or the Save button
saves), Esc / Cancel / the window's close button ask before dropping unsaved input, and nothing closes the form
while its save is on its way (the save closes it, or says what to fix)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget


class FormDialog(QDialog):
    # Texts in this base class are translated in its own context: self.tr() would look them up under the
    # subclass's name, where the extraction tool never put them.
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._saving = False

    def unsaved(self) -> bool:
        """True when something was typed or ticked and not saved (each form says what that is)."""
        return False

    def discard_text(self) -> str:
        """The question's body: what would be lost."""
        return QCoreApplication.translate("FormDialog", "Những gì đã nhập sẽ không được lưu.")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if self._saving:
            return
        if self.unsaved():
            answer = QMessageBox.question(self, QCoreApplication.translate("FormDialog", "Bỏ các thay đổi chưa lưu?"),
                                          self.discard_text(),
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()
