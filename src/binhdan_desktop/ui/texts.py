"""Every text a window shows its user: title, labels, buttons, group and tab titles, placeholders, tooltips,
menus, combo and list items, table headers and the cells of the first rows. The tests read them to find
English left in the Vietnamese interface; words are what a user reads (HTML and "&" shortcuts removed)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QTextDocumentFragment
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QSpinBox,
    QStatusBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
_MNEMONIC = re.compile(r"&(?=[^&\s])")


def plain(text: str) -> str:
    """What the user reads of a label's text: rich text as plain, "&Lưu" as "Lưu"."""
    if GuiQt.mightBeRichText(text):
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    return _MNEMONIC.sub("", text).replace("&&", "&")


def visible_texts(window: QWidget, rows: int = 30) -> list[str]:
    """The texts of `window` and all its children (hidden tab pages included), without blanks."""
    found: list[str] = []
    for widget in [window, *window.findChildren(QWidget)]:
        found.extend(_of_widget(widget, rows))
    return [plain(t) for t in found if isinstance(t, str) and t.strip()]


def _of_widget(w: QWidget, rows: int) -> Iterator[str]:
    if w.isWindow():
        yield w.windowTitle()
    yield w.toolTip()
    yield w.statusTip()
    yield w.whatsThis()
    yield from _of_actions(w.actions())
    yield from _of_kind(w, rows)


def _of_kind(w: QWidget, rows: int) -> Iterator[str]:
    if isinstance(w, QLabel | QAbstractButton):
        yield w.text()
    elif isinstance(w, QGroupBox):
        yield w.title()
    elif isinstance(w, QLineEdit):
        yield w.placeholderText()
    elif isinstance(w, QTextEdit | QPlainTextEdit):
        yield w.placeholderText()
        if w.isReadOnly():
            yield w.toPlainText()
    elif isinstance(w, QComboBox):
        yield from (w.itemText(i) for i in range(w.count()))
    elif isinstance(w, QTabBar):
        for i in range(w.count()):
            yield w.tabText(i)
            yield w.tabToolTip(i)
    elif isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView) and w.model() is not None:
        yield from _of_model(w.model(), rows)
    elif isinstance(w, QSpinBox | QAbstractSpinBox):
        yield w.specialValueText()
        if isinstance(w, QSpinBox):
            yield w.prefix()
            yield w.suffix()
    elif isinstance(w, QStatusBar):
        yield w.currentMessage()
    elif isinstance(w, QProgressBar):
        yield w.text()


def _of_model(model: QAbstractItemModel, rows: int) -> Iterator[str]:
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())
    for c in range(columns):
        for role in ROLES:
            yield model.headerData(c, Qt.Orientation.Horizontal, role)
    for r in range(min(rows, model.rowCount(QModelIndex()))):
        for c in range(columns):
            for role in ROLES:
                yield model.index(r, c).data(role)


def _of_actions(actions: list[QAction]) -> Iterator[str]:
    for action in actions:
        yield action.text()
        if action.toolTip() != plain(action.text()):
            yield action.toolTip()
        sub = action.menu()
        if isinstance(sub, QMenu):
            yield sub.title()
            yield from _of_actions(sub.actions())
