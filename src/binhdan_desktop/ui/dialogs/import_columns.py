"""The import wizard's column table: for every sheet read, which column of the file became which field, and a
combo to correct it (the sheet's columns, or "(không dùng)"). A correction is for its own sheet alone: another sheet
keeps its own match, even when it has a column of the same name; "(không dùng)" stops reading the field on that
sheet only.
A two-row header splits a field by gender ("Năm sinh" over "Nam | Nữ" holding the birth year, "Giới tính" over
"Nam | Nữ" holding "x"): the field's row is then one row per column, "Năm sinh: Nam" → "Năm sinh / Nam", each
showing the column it reads (found from the header, not changed here), and "Giới tính" says that the gender comes
from the birth-year columns."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QTableWidget, QTableWidgetItem, QWidget

from binhdan_desktop.importers.layout import SPLIT_LABELS
from binhdan_desktop.importers.plan import FIELD_LABELS, ColumnKey
from binhdan_desktop.services import imports
from binhdan_desktop.ui.widgets.headers import fit_header

KEY_ROLE = 256


class ColumnTable(QTableWidget):
    changed = Signal()  # the user corrected a column: the preview must be made again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels([self.tr("Trang tính"), self.tr("Thông tin"),
                                        self.tr("Cột trong tệp (sửa nếu sai)")])
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)  # the combos are the answers
        self.horizontalHeader().setStretchLastSection(True)
        fit_header(self, widths=(70, "Quan hệ với chủ hộ"))  # a field's label read whole
        self.setTabKeyNavigation(False)
        self.setToolTip(self.tr("Cột chọn ở đây chỉ dùng cho trang tính của dòng đó."))
        self._detected: dict[tuple[str, str], str] = {}  # (sheet, field) -> header the first preview matched

    def forget(self) -> None:
        """Another file: the last file's columns and corrections do not apply to it."""
        self.setRowCount(0)
        self._detected = {}

    def fill(self, r: imports.ImportResult) -> None:
        unused: dict[str, list[str]] = {}
        for sheet, header in r.unused_columns:
            unused.setdefault(sheet, []).append(header)
        rows = [(s, key) for s in r.sheets for key in self._fields(dict(s.columns))]
        self.setRowCount(len(rows))
        for i, (s, key) in enumerate(rows):
            found = dict(s.columns)
            self.setItem(i, 0, QTableWidgetItem(s.name))
            item = QTableWidgetItem(self._label(key))
            item.setData(KEY_ROLE, key)
            self.setItem(i, 1, item)
            if key in SPLIT_LABELS:  # a column of a two-row header: what it is read as, found from the header
                column = QTableWidgetItem(found[key])
                column.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                column.setToolTip(self.tr("Cột của tiêu đề hai hàng: giới tính theo cột Nam/Nữ."))
                self.removeCellWidget(i, 2)  # the last preview's combo on this row
                self.setItem(i, 2, column)
                continue
            box = QComboBox()
            derived = key == "gender" and key not in found and ("birth_nam" in found or "birth_nu" in found)
            box.addItem(self.tr("(theo cột Năm sinh Nam/Nữ)") if derived else self.tr("(không dùng)"), "")
            for header in dict.fromkeys([*found.values(), *unused.get(s.name, [])]):
                box.addItem(header, header)
            box.setCurrentIndex(max(0, box.findData(found.get(key, ""))))
            self._detected.setdefault((s.name, key), box.currentData() or "")
            box.currentIndexChanged.connect(self.changed)
            self.takeItem(i, 2)  # the last preview's column text on this row
            self.setCellWidget(i, 2, box)

    def _label(self, key: str) -> str:
        """The field's name in the user's language (the columns' own headers stay as the file has them)."""
        return {"full_name": self.tr("Họ và tên"), "birth": self.tr("Ngày sinh"), "gender": self.tr("Giới tính"),
                "relation": self.tr("Quan hệ với chủ hộ"), "cccd": self.tr("Số CCCD"),
                "phone": self.tr("Số điện thoại"), "village": self.tr("Thôn/Tổ"), "address": self.tr("Địa chỉ"),
                "household_code": self.tr("Mã hộ"), "stt": self.tr("STT"), "head_name": self.tr("Họ và tên chủ hộ"),
                "given_name": self.tr("Tên"), "gender_nam": self.tr("Giới tính: Nam"),
                "gender_nu": self.tr("Giới tính: Nữ"), "birth_nam": self.tr("Năm sinh: Nam"),
                "birth_nu": self.tr("Năm sinh: Nữ")}.get(key) or FIELD_LABELS.get(key) or SPLIT_LABELS.get(key, key)

    @staticmethod
    def _fields(found: dict[str, str]) -> list[str]:
        """A sheet's rows: every field, a field split by gender in a two-row header as its columns ("Năm sinh: Nam",
        "Năm sinh: Nữ") when the field itself is not read from a column of its own."""
        out: list[str] = []
        for key in FIELD_LABELS:
            split = [k for k in (f"{key}_nam", f"{key}_nu") if k in found]
            out.extend(split if split and key not in found else [key])
        return out

    def overrides(self) -> dict[ColumnKey, str | None]:
        """Only the combos the user changed from what the first preview found, each for its own sheet:
        (sheet, field) -> header, or None (not read on that sheet)."""
        out: dict[ColumnKey, str | None] = {}
        for i in range(self.rowCount()):
            box, sheet, item = self.cellWidget(i, 2), self.item(i, 0), self.item(i, 1)
            if isinstance(box, QComboBox) and sheet is not None and item is not None:
                key, chosen = str(item.data(KEY_ROLE)), box.currentData() or ""
                if chosen != self._detected.get((sheet.text(), key), ""):
                    out[(sheet.text(), key)] = chosen or None
        return out

    def shown(self) -> list[tuple[str, str, str]]:
        """(sheet, field label, column chosen or "") of every row, as the user sees them."""
        out = []
        for i in range(self.rowCount()):
            box, sheet, item, column = self.cellWidget(i, 2), self.item(i, 0), self.item(i, 1), self.item(i, 2)
            if sheet is not None and item is not None:
                chosen = (box.currentData() or "") if isinstance(box, QComboBox) else column.text() if column else ""
                out.append((sheet.text(), item.text(), chosen))
        return out

    def said(self) -> list[tuple[str, str, str]]:
        """(sheet, field label, what the third column says) of every row, as the user reads them."""
        out = []
        for i in range(self.rowCount()):
            box, sheet, item, column = self.cellWidget(i, 2), self.item(i, 0), self.item(i, 1), self.item(i, 2)
            if sheet is not None and item is not None:
                words = box.currentText() if isinstance(box, QComboBox) else column.text() if column else ""
                out.append((sheet.text(), item.text(), words))
        return out
