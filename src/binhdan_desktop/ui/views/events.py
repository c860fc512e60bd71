"""Classes and events: community classes, school sessions, staff trainings, the 10/10 Digital Day.
Attendance of registered people becomes completions of the lessons taught."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.domain.enums import EventKind
from binhdan_desktop.domain.formatting import fmt_date, fmt_int
from binhdan_desktop.domain.text import fold
from binhdan_desktop.services import Changes, commune
from binhdan_desktop.services import events as svc
from binhdan_desktop.services import lessons as lessons_svc
from binhdan_desktop.store.queries.households import residents
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import enum_label, lang
from binhdan_desktop.ui.widgets.buttons import left_row, save_cancel

CHECKABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable


def _checklist(rows: list[tuple[str, str]]) -> QListWidget:
    box = QListWidget()
    for key, text in rows:
        item = QListWidgetItem(text)
        item.setFlags(CHECKABLE)
        item.setCheckState(Qt.CheckState.Unchecked)
        item.setData(Qt.ItemDataRole.UserRole, key)
        box.addItem(item)
    return box


def _checked(box: QListWidget) -> list[str]:
    return [box.item(i).data(Qt.ItemDataRole.UserRole) for i in range(box.count())
            if box.item(i).checkState() == Qt.CheckState.Checked]


class EventDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Ghi lớp học / sự kiện"))
        self.resize(900, 640)
        self.title, self.kind, self.place = QLineEdit(), QComboBox(), QLineEdit()
        today = dt.date.today()
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.village, self.count = QComboBox(), QSpinBox()
        self.count.setRange(0, 100000)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Lọc người theo tên (không cần dấu)"))
        for kind in EventKind:
            self.kind.addItem(enum_label(kind), kind.value)
        with ctx.db.read() as s:
            self.village.addItem(self.tr("Toàn xã"), None)
            for v in commune.villages(s):
                self.village.addItem(v.name, v.id)
            self.lessons = _checklist([(x.id, f"{x.code} – {x.title}") for x in lessons_svc.active_lessons(s)])
        self.people = QListWidget()
        self.village.currentIndexChanged.connect(lambda _: self._load_people())
        self.filter.textChanged.connect(self._filter)
        form = QFormLayout()
        form.addRow(self.tr("Tên lớp/sự kiện"), self.title)
        form.addRow(self.tr("Loại"), self.kind)
        form.addRow(self.tr("Ngày"), self.date)
        form.addRow(self.tr("Địa điểm"), self.place)
        form.addRow(self.tr("Thôn"), self.village)
        form.addRow(self.tr("Số người tham dự (cả người ngoài danh sách)"), self.count)
        lists = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.filter)
        left.addWidget(self.people)
        right.addWidget(self.lessons)
        lists.addLayout(left, 3)
        lists.addLayout(right, 2)
        buttons = save_cancel(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(lists, 1)
        layout.addWidget(buttons)
        self._load_people()

    def _load_people(self) -> None:
        with self.ctx.db.read() as s:
            rows = residents(s, self.village.currentData())
        self.people.clear()
        for pid, name, year, code in rows:
            item = QListWidgetItem(f"{name} ({year or '?'}) – {code}")
            item.setFlags(CHECKABLE)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setData(Qt.ItemDataRole.UserRole + 1, fold(name))
            self.people.addItem(item)

    def _filter(self, text: str) -> None:
        needle = fold(text)
        for i in range(self.people.count()):
            item = self.people.item(i)
            item.setHidden(bool(needle) and needle not in item.data(Qt.ItemDataRole.UserRole + 1))

    def draft(self) -> svc.EventDraft:
        q = self.date.date()
        attendees = _checked(self.people)
        return svc.EventDraft(self.title.text(), self.kind.currentData(), dt.date(q.year(), q.month(), q.day()),
                              self.place.text(), self.village.currentData(),
                              max(self.count.value(), len(attendees)), attendees, _checked(self.lessons))

    def save(self) -> None:
        draft, db = self.draft(), self.ctx.db
        if self.ctx.act(self, lambda: svc.record_event(db, draft), self.tr("Ghi lớp học"),
                        undo=lambda ch: lambda: svc.delete_event(db, ch.created or "")) is not None:
            self.accept()


class EventsView(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Ngày"), self.tr("Tên"), self.tr("Loại"), self.tr("Địa điểm"),
                                              self.tr("Số người")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        add = QPushButton(self.tr("Ghi lớp học / sự kiện mới"))
        add.clicked.connect(self.add)
        layout = QVBoxLayout(self)
        layout.addLayout(left_row(add))
        layout.addWidget(self.table)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("event"):
            self.refresh()

    def refresh(self) -> None:
        with self.ctx.db.read() as s:
            rows = svc.events(s)
        self.table.setRowCount(len(rows))
        for r, e in enumerate(rows):
            cells = [fmt_date(e.date), e.title, enum_label(EventKind(e.kind)), e.place, fmt_int(e.attendance, lang())]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def add(self) -> None:
        EventDialog(self.ctx, self).exec()
