"""What every data-entry form shares: Enter never saves (it ends a cell or a field; Ctrl+S or the Save button
saves), Esc / Cancel / the window's close button ask before dropping unsaved input, and nothing closes the form
while its save is on its way (the save closes it, or says what to fix). `confirm` is the one way the app asks
before it drops or deletes something: a question, buttons that say what they do, the harmless one the default."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton, QWidget


def confirm(parent: QWidget | None, title: str, question: str, act: str, keep: str, detail: str = "") -> bool:
    """Ask `question`; True only when the user chose `act`. `keep` (nothing is lost) is the default button and
    the answer to Esc or the box's close button, so Enter pressed by habit never drops or deletes anything."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, QMessageBox.StandardButton.NoButton, parent)
    if detail:
        box.setInformativeText(detail)
    yes = box.addButton(act, QMessageBox.ButtonRole.DestructiveRole)
    no = box.addButton(keep, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def confirm_delete(parent: QWidget | None, title: str, question: str) -> bool:
    """Ask before a delete (Có / Không, in Qt's own Vietnamese): "Không" is the default and the answer to Esc."""
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    return QMessageBox.question(parent, title, question, yes | no, no) == yes


class FormDialog(QDialog):
    # Texts in this base class are translated in its own context: self.tr() would look them up under the
    # subclass's name, where the extraction tool never put them.
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._saving = False

    def unsaved(self) -> bool:
        """True when something was typed or ticked and not saved (each form says what that is)."""
        return False

    def discard_question(self) -> str:
        """The question asked before closing with unsaved input: it names what would be lost."""
        return QCoreApplication.translate("FormDialog", "Bỏ các thay đổi chưa lưu?")

    def discard_text(self) -> str:
        """The line under the question: what the answers do."""
        return QCoreApplication.translate(
            "FormDialog", "Bỏ thay đổi: đóng và không lưu những gì đã nhập. Tiếp tục sửa: quay lại biểu mẫu.")

    def showEvent(self, event: QShowEvent) -> None:
        # No button is the dialog's default: none looks like Enter presses it (Save did), and Enter in a field
        # or a list never saves by surprise. A focused button still answers Enter (below) and Space.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        super().showEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            focused = self.focusWidget()
            if isinstance(focused, QPushButton) and focused.isEnabled():
                focused.click()  # Enter on the button the user moved to presses it, as Space does
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if self._saving:
            return
        if not self.unsaved():
            super().reject()
            return
        drop = QCoreApplication.translate("FormDialog", "Bỏ thay đổi")
        keep = QCoreApplication.translate("FormDialog", "Tiếp tục sửa")
        if not confirm(self, self.windowTitle(), self.discard_question(), drop, keep, self.discard_text()):
            return
        super().reject()
