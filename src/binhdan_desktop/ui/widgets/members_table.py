"""The members grid of the household form: one row per person, edited with the keyboard
(arrows, F2 or typing to edit, Enter to commit the cell and go down a row as a spreadsheet does, Space to tick,
Tab in an open cell to the next; Tab elsewhere leaves the grid), combos for coded fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from binhdan_desktop.domain.enums import Gender, Relation, Residence, StudentLevel
from binhdan_desktop.domain.formatting import fmt_date, parse_date
from binhdan_desktop.errors import ValidationError
from binhdan_desktop.services.households import PersonDraft
from binhdan_desktop.ui.i18n import enum_label
from binhdan_desktop.ui.widgets.grid_keys import enter_commits_and_goes_down
from binhdan_desktop.ui.widgets.headers import fit_header

ID_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole
VNEID = ("0", "1", "2")
# (field, header, kind): kind is "text", "int", "date", a StrEnum class, "vneid" or "check"
# QT_TRANSLATE_NOOP marks the headers for pyside6-lupdate; they are translated where shown.
COLUMNS: list[tuple[str, Any, Any]] = [
    ("full_name", QT_TRANSLATE_NOOP("Members", "Họ và tên"), "text"),
    ("birth_year", QT_TRANSLATE_NOOP("Members", "Năm sinh"), "int"),
    ("birth_date", QT_TRANSLATE_NOOP("Members", "Ngày sinh"), "date"),
    ("gender", QT_TRANSLATE_NOOP("Members", "Giới tính"), Gender),
    ("relation", QT_TRANSLATE_NOOP("Members", "Quan hệ với chủ hộ"), Relation),
    ("cccd", QT_TRANSLATE_NOOP("Members", "Số CCCD"), "text"),
    ("phone", QT_TRANSLATE_NOOP("Members", "Điện thoại"), "text"),
    ("residence", QT_TRANSLATE_NOOP("Members", "Cư trú"), Residence),
    ("is_public_staff", QT_TRANSLATE_NOOP("Members", "CBCCVC"), "check"),
    ("student_level", QT_TRANSLATE_NOOP("Members", "Học sinh"), StudentLevel),
    ("is_worker", QT_TRANSLATE_NOOP("Members", "LĐ doanh nghiệp"), "check"),
    ("is_trader", QT_TRANSLATE_NOOP("Members", "Tiểu thương"), "check"),
    ("has_smartphone", QT_TRANSLATE_NOOP("Members", "ĐT thông minh"), "check"),
    ("vneid_level", QT_TRANSLATE_NOOP("Members", "VNeID mức"), "vneid"),
    ("has_bank_account", QT_TRANSLATE_NOOP("Members", "TK ngân hàng số"), "check"),
    ("uses_online_services", QT_TRANSLATE_NOOP("Members", "Dùng DVC trực tuyến"), "check"),
]


def _options(kind: Any) -> list[tuple[str | None, str]]:
    if kind == "vneid":
        return [(x, x) for x in VNEID]
    opts: list[tuple[str | None, str]] = [(m.value, enum_label(m)) for m in kind]
    if kind in (Gender, Relation):  # not known (a list imported without the column): kept so, not taken for "Nam"
        return [*opts, ("", "—")]
    return [(None, "—"), *opts] if kind is StudentLevel else opts


class _ComboDelegate(QStyledItemDelegate):
    def __init__(self, kind: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self.options = _options(kind)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        box = QComboBox(parent)
        for code, text in self.options:
            box.addItem(text, code)
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(CODE_ROLE))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), CODE_ROLE)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)


class MembersTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels([QCoreApplication.translate("Members", header) for _, header, _ in COLUMNS])
        for col, (_, _, kind) in enumerate(COLUMNS):
            if kind not in ("text", "int", "date", "check"):
                self.setItemDelegateForColumn(col, _ComboDelegate(kind, self))
        fit_header(self, (190,))  # every header whole, at any text size
        # Tab leaves the grid for the buttons (16 columns a person made it a trap); the arrows move between
        # cells, and Tab while a cell is being edited still commits it and edits the next one.
        self.setTabKeyNavigation(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter commits the open cell now and goes down a row (`grid_keys`); Enter on a closed cell goes down."""
        if not enter_commits_and_goes_down(self, event):
            super().keyPressEvent(event)

    def add_person(self, draft: PersonDraft | None = None, person_id: str | None = None) -> int:
        draft = draft or PersonDraft("", relation=Relation.HEAD.value if self.rowCount() == 0 else Relation.CHILD.value)
        row = self.rowCount()
        self.insertRow(row)
        for col, (field, _, kind) in enumerate(COLUMNS):
            self.setItem(row, col, self._item(kind, getattr(draft, field)))
        self.cell(row, 0).setData(ID_ROLE, person_id)
        return row

    def cell(self, row: int, col: int) -> QTableWidgetItem:
        """The item of a cell (every cell of a person's row has one, from `add_person`)."""
        item = self.item(row, col)
        if item is None:
            raise IndexError((row, col))
        return item

    def _item(self, kind: Any, value: Any) -> QTableWidgetItem:
        item = QTableWidgetItem()
        if kind == "check":
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
        elif kind == "date":
            item.setText(fmt_date(value) if isinstance(value, dt.date) else "")
        elif kind in ("text", "int"):
            item.setText("" if value is None else str(value))
        else:
            code = None if value is None else str(value)
            item.setData(CODE_ROLE, code)
            item.setText(dict(_options(kind)).get(code, "—"))
        return item

    def person_id(self, row: int) -> str | None:
        value = self.cell(row, 0).data(ID_ROLE)
        return str(value) if value else None

    def draft(self, row: int) -> PersonDraft:
        """The person on `row`; raises ValidationError naming the row's field."""
        values: dict[str, Any] = {}
        for col, (field, _, kind) in enumerate(COLUMNS):
            item = self.cell(row, col)
            if kind == "check":
                values[field] = item.checkState() == Qt.CheckState.Checked
            elif kind == "int":
                values[field] = self._int(item.text(), field)
            elif kind == "date":
                values[field] = self._date(item.text(), field)
            elif kind == "text":
                values[field] = item.text()
            else:
                code = item.data(CODE_ROLE)
                values[field] = int(code) if kind == "vneid" else code
        return PersonDraft(**values)

    @staticmethod
    def _int(text: str, field: str) -> int | None:
        text = text.strip()
        if not text:
            return None
        if not text.isdigit():
            raise ValidationError("validation.invalid", field=field, value=text)
        return int(text)

    @staticmethod
    def _date(text: str, field: str) -> dt.date | None:
        if not text.strip():
            return None
        try:
            return parse_date(text)
        except ValueError:
            raise ValidationError("validation.invalid", field=field, value=text) from None

    def contents(self) -> tuple[tuple[object, ...], ...]:
        """Everything the grid holds, row by row (text, tick, code, person id): a form compares it to tell
        whether anything changed."""
        rows = []
        for r in range(self.rowCount()):
            cells: list[object] = [self.person_id(r)]
            for c, (_, _, kind) in enumerate(COLUMNS):
                item = self.cell(r, c)
                if kind == "check":
                    cells.append(item.checkState() == Qt.CheckState.Checked)
                elif kind in ("text", "int", "date"):
                    cells.append(item.text())
                else:
                    cells.append(item.data(CODE_ROLE))
            rows.append(tuple(cells))
        return tuple(rows)

    def people(self) -> list[tuple[str | None, PersonDraft]]:
        return [(self.person_id(r), self.draft(r)) for r in range(self.rowCount())
                if self.cell(r, 0).text().strip() or self.person_id(r)]


