"""The preview's people: every row the import found, household by household (the households shaded in turn,
the head's row in bold), with the name as converted, birth, gender, relation, CCCD, village, what importing
does to the row, and — for a person already recorded — what it changes and which recorded values it keeps ("năm
sinh 1968 → 1969", "giữ ngày sinh đã ghi 15/05/1950", "“Le Thi Hoa” → giữ “Lê Thị Hoa”"), from the same
`HouseholdView` the command line lists them from. A model over the preview's households (50,000 rows stay one
list, never 500,000 items). The name can be corrected in place (typing, F2 or a double click; Enter commits and
goes down a row): the corrected names are an answer like a village or a likely match, and the preview is made
again with them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from binhdan_desktop.domain.enums import Gender, Relation
from binhdan_desktop.domain.formatting import fmt_date
from binhdan_desktop.importers.records import HouseholdRows, PersonRow
from binhdan_desktop.services.import_match import HouseholdView
from binhdan_desktop.ui.i18n import enum_label
from binhdan_desktop.ui.widgets.grid_keys import enter_commits_and_goes_down

Index = QModelIndex | QPersistentModelIndex
_SHADE = QColor("#eef3f8")  # every other household
_LEFT_OUT = QColor("#b3261e")


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportPeople", text)


def field_word(name: str) -> str:
    """A stored field in the user's words: "năm sinh", "mã hộ" …"""
    return {"full_name": _tr("họ tên"), "birth_date": _tr("ngày sinh"), "birth_year": _tr("năm sinh"),
            "gender": _tr("giới tính"), "relation": _tr("quan hệ"), "cccd": "CCCD", "phone": _tr("điện thoại"),
            "household_code": _tr("mã hộ"), "village": _tr("thôn"), "address": _tr("địa chỉ")}.get(name, name)


def value_word(name: str, value: str) -> str:
    """A gender or relation code in the user's words ("nu" → "Nữ"); any other value as it reads."""
    try:
        if name == "gender" and value:
            return enum_label(Gender(value))
        if name == "relation" and value:
            return enum_label(Relation(value))
    except ValueError:
        pass
    return value


def held_word(name: str, value: str) -> str:
    """A recorded value the file has less of, kept: "giữ ngày sinh đã ghi 15/05/1950"."""
    return _tr("giữ {field} đã ghi {value}").format(field=field_word(name), value=value)


def recorded_text(view: HouseholdView, i: int) -> str:
    """What importing does to the recorded person of the household's row `i`: each change, recorded → in the file
    ("năm sinh 1968 → 1969"), each recorded value kept because the file has less of it ("giữ ngày sinh đã ghi
    15/05/1950"), the recorded name kept because the file's is it without its marks ("“Le Thi Hoa” → giữ “Lê Thị
    Hoa”"); on the household's first row, its address the same way. Empty for a new or left-out person."""
    parts = []
    if i == 0:
        rows = view.rows
        if view.address is not None:
            parts.append(f"{field_word('address')} {view.address[0] or '—'} → {view.address[1] or '—'}")
        if view.address_kept:
            parts.append(_tr("địa chỉ “{file}” → giữ “{kept}”").format(file=rows.address, kept=view.address_kept))
        if view.address_held:
            parts.append(_tr("giữ địa chỉ đã ghi “{kept}” (tệp chỉ ghi “{file}”)").format(
                kept=view.address_held, file=rows.address))
    if i < len(view.updates):
        parts += [f"{field_word(f)} {value_word(f, old) or '—'} → {value_word(f, new) or '—'}"
                  for f, old, new in view.updates[i]]
    if i < len(view.held):
        parts += [held_word(f, old) for f, old in view.held[i]]
    if i < len(view.kept) and view.kept[i]:
        parts.append(_tr("“{file}” → giữ “{kept}”").format(file=view.rows.people[i].full_name, kept=view.kept[i]))
    return "; ".join(parts)


def outcome_label(status: str) -> str:
    return {"new": QCoreApplication.translate("ImportPeople", "Mới"),
            "updated": QCoreApplication.translate("ImportPeople", "Cập nhật"),
            "unchanged": QCoreApplication.translate("ImportPeople", "Không đổi"),
            "left_out": QCoreApplication.translate("ImportPeople", "Không nhập (xem Vấn đề)")}.get(status, status)


class PeopleModel(QAbstractTableModel):
    COLUMNS = ("household", "sheet", "row", "village", "name", "birth", "gender", "relation", "cccd", "outcome",
               "recorded")
    corrected = Signal()  # the user typed another name for a row: the preview must be made again

    def __init__(self) -> None:
        super().__init__()
        self._names: dict[tuple[str, int], str] = {}  # (sheet, 1-based row) -> the name the user typed
        self._pending: set[tuple[str, int]] = set()  # typed since the preview shown was made
        # (household number from 1, household, person, the person's outcome)
        self._rows: list[tuple[int, HouseholdRows, PersonRow, str]] = []
        self._views: list[tuple[HouseholdView, int]] = []  # per row: its household's view and the person's place
        self._sheet = ""  # the sheet's name when the file has one sheet (its rows do not name it)
        self._bold = QFont()
        self._bold.setBold(True)

    @staticmethod
    def headers() -> list[str]:
        return [QCoreApplication.translate("ImportPeople", "Hộ"),
                QCoreApplication.translate("ImportPeople", "Trang tính"),
                QCoreApplication.translate("ImportPeople", "Dòng"),
                QCoreApplication.translate("ImportPeople", "Thôn"),
                QCoreApplication.translate("ImportPeople", "Họ và tên"),
                QCoreApplication.translate("ImportPeople", "Ngày/năm sinh"),
                QCoreApplication.translate("ImportPeople", "Giới tính"),
                QCoreApplication.translate("ImportPeople", "Quan hệ với chủ hộ"),
                QCoreApplication.translate("ImportPeople", "Số CCCD"),
                QCoreApplication.translate("ImportPeople", "Khi nhập"),
                QCoreApplication.translate("ImportPeople", "So với đã ghi (cập nhật, giữ)")]

    def set_households(self, households: list[HouseholdView], sheet: str = "") -> None:
        self.beginResetModel()
        self._sheet = sheet
        self._pending = set()  # this preview was made with every name typed so far
        self._rows = [(n, v.rows, p, status) for n, v in enumerate(households, 1)
                      for p, status in zip(v.rows.people, v.people, strict=True)]
        self._views = [(v, i) for v in households for i in range(len(v.rows.people))]
        self.endResetModel()

    def names(self) -> dict[tuple[str, int], str]:
        """The names the user corrected, by (sheet, 1-based row): for `imports.import_file(names=…)`."""
        return dict(self._names)

    def forget(self) -> None:
        """Another file: the names typed for the last one do not apply."""
        self._names, self._pending = {}, set()

    def _key(self, h: HouseholdRows, p: PersonRow) -> tuple[str, int]:
        return (h.sheet or self._sheet, p.row)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.COLUMNS[index.column()] == "name":
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A name typed in the preview: kept for the next preview (an empty name is refused: the row would no
        longer be a person). On a row with a problem, the name shown is not what the file holds (a control
        character cannot be seen): the same visible name typed over it replaces the cell all the same, and the
        preview checks it again."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.COLUMNS[index.column()] != "name":
            return False
        _n, h, p, _status = self._rows[index.row()]
        text = " ".join(str(value or "").split())
        key = self._key(h, p)
        if not text or (text == self._name(h, p) and (key in self._pending or not p.flagged)):
            return False
        self._names[key] = text
        self._pending.add(key)
        self.dataChanged.emit(index, index)
        self.corrected.emit()
        return True

    def _name(self, h: HouseholdRows, p: PersonRow) -> str:
        """The name as typed until the preview made with it is back, then as the import reads it."""
        key = self._key(h, p)
        return self._names[key] if key in self._pending else p.full_name

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None

    def row(self, r: int) -> tuple[int, HouseholdRows, PersonRow, str]:
        return self._rows[r]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        n, h, p, status = self._rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.EditRole and col == "name":
            return self._name(h, p)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "name":
                return self._name(h, p)  # as typed, until the preview made with it is back
            if col == "recorded":
                return recorded_text(*self._views[index.row()])
            return self.text(col, n, h, p, status) if col != "sheet" else (h.sheet or self._sheet)
        if role == Qt.ItemDataRole.ToolTipRole and col == "recorded":
            return recorded_text(*self._views[index.row()]) or None  # read whole when the column cuts it
        if role == Qt.ItemDataRole.FontRole and p.relation == Relation.HEAD.value:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and n % 2 == 0:
            return QBrush(_SHADE)
        if role == Qt.ItemDataRole.ForegroundRole and col == "outcome" and status == "left_out":
            return QBrush(_LEFT_OUT)
        return None

    @staticmethod
    def text(col: str, n: int, h: HouseholdRows, p: PersonRow, status: str) -> str:
        if col == "household":
            head = QCoreApplication.translate("ImportPeople", " ★ chủ hộ") if p.relation == Relation.HEAD.value else ""
            return (f"{n} ({h.code})" if h.code else str(n)) + head
        if col == "row":
            return str(p.row)
        if col == "name":
            return p.full_name
        if col == "birth":
            return fmt_date(p.birth_date) if p.birth_date else str(p.birth_year or "")
        if col == "gender":
            return enum_label(Gender(p.gender)) if p.gender not in ("", Gender.OTHER.value) else ""
        if col == "relation":  # domain.labels loses Relation.OTHER (equal to Gender.OTHER as a dict key)
            if not p.relation:
                return ""  # not known: the file has no "Quan hệ" for this row
            if p.relation == Relation.OTHER.value:
                return QCoreApplication.translate("ImportPeople", "Khác")
            return enum_label(Relation(p.relation))
        if col == "cccd":
            return p.cccd or ""  # a 9-digit CMND is kept in cccd too
        if col == "outcome":
            return outcome_label(status)
        return {"sheet": h.sheet, "village": h.village}.get(col, "")


class PeopleView(QTableView):
    """The people table: only the name column is editable; Enter commits the typed name at once and goes down a
    row (`grid_keys`), so the wizard never acts on the name as it was."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not enter_commits_and_goes_down(self, event):
            super().keyPressEvent(event)
