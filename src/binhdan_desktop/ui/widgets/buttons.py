"""Rows every screen shares: Save / Cancel with Ctrl+S, a left-aligned row of buttons, a year picker."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QWidget


def save_cancel(dialog: QDialog, save: Callable[[], None]) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Save).setText(QCoreApplication.translate("Buttons", "Lưu (Ctrl+S)"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(QCoreApplication.translate("Buttons", "Huỷ"))
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    QShortcut(QKeySequence.StandardKey.Save, dialog, save)
    return buttons


def left_row(*widgets: QWidget) -> QHBoxLayout:
    """The widgets side by side on the left, the rest of the row empty."""
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def fill_years(combo: QComboBox, years: Iterable[int], select: object) -> None:
    """Replace the combo's years without firing its change signal; `select` stays chosen if listed."""
    combo.blockSignals(True)
    combo.clear()
    for y in years:
        combo.addItem(str(y), y)
    combo.setCurrentIndex(max(0, combo.findData(select)))
    combo.blockSignals(False)
