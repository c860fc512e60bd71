"""Record a home visit — the hot path, usable with the keyboard alone: find the household, tick who
was met and the lessons each person completed, save (Ctrl+S)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.services import households as hh
from binhdan_desktop.services import lessons as lessons_svc
from binhdan_desktop.services import team, visits
from binhdan_desktop.store.queries.households import completed_lessons, household_rows, search_household_ids
from binhdan_desktop.ui import prefs as P
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.widgets.buttons import left_row, save_cancel

CHECKABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class VisitDialog(QDialog):
    def __init__(self, ctx: AppContext, household_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id: str | None = None
        self.person_ids: list[str] = []
        self.setWindowTitle(self.tr("Ghi thăm hộ"))
        self.resize(1100, 640)
        self.find = QLineEdit()
        self.find.setPlaceholderText(self.tr("Tìm hộ: tên người hoặc mã hộ, không cần dấu"))
        self.results = QListWidget()
        self.results.setMaximumHeight(120)
        self.chosen = QLabel(self.tr("Chưa chọn hộ"))
        self.date = QDateEdit(_qdate(dt.date.today()))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setMaximumDate(_qdate(dt.date.today()))
        self.team = QListWidget()
        self.team.setMaximumHeight(110)
        self.grid = QTableWidget()
        self.notes = QLineEdit()
        self.follow = QCheckBox(self.tr("Hẹn thăm lại ngày"))
        self.follow_date = QDateEdit(_qdate(dt.date.today() + dt.timedelta(days=14)))
        self.follow_date.setCalendarPopup(True)
        self.follow_date.setDisplayFormat("dd/MM/yyyy")
        self._build()
        self.results.setVisible(False)
        if household_id:
            self.choose(household_id)
        else:
            self.find.setFocus()

    def _build(self) -> None:
        with self.ctx.db.read() as s:
            self.lessons = [(lesson.id, lesson.code, lesson.title) for lesson in lessons_svc.active_lessons(s)]
            members = team.members(s)
        me = str(self.ctx.prefs.get(P.USER_NAME)).strip()
        for m in members:
            item = QListWidgetItem(m.name)
            item.setFlags(CHECKABLE)
            item.setCheckState(Qt.CheckState.Checked if me and m.name == me else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            self.team.addItem(item)
        self.find.textChanged.connect(self._search)
        self.find.returnPressed.connect(lambda: self.results.count() and self._pick(self.results.item(0)))
        self.results.itemActivated.connect(self._pick)
        self.results.itemClicked.connect(self._pick)
        form = QFormLayout()
        form.addRow(self.tr("Hộ"), self.find)
        form.addRow("", self.results)
        form.addRow("", self.chosen)
        form.addRow(self.tr("Ngày thăm"), left_row(self.date))
        form.addRow(self.tr("Người đi thăm"), self.team)
        follow = left_row(self.follow, self.follow_date)
        buttons = save_cancel(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Đánh dấu người đã gặp và các bài mỗi người đã học xong (phím cách để đánh dấu):")))
        layout.addWidget(self.grid, 1)
        notes = QFormLayout()
        notes.addRow(self.tr("Ghi chú"), self.notes)
        notes.addRow("", follow)
        layout.addLayout(notes)
        layout.addWidget(buttons)

    def _search(self, text: str) -> None:
        self.results.clear()
        self.results.setVisible(bool(text.strip()))
        if not text.strip():
            return
        with self.ctx.db.read() as s:
            ids = search_household_ids(s, text, limit=30)
            rows = household_rows(s, ids)
        for hid in ids:
            r = rows[hid]
            item = QListWidgetItem(f"{r.code} – {r.head} – {r.village} – {r.address}")
            item.setData(Qt.ItemDataRole.UserRole, hid)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def _pick(self, item: QListWidgetItem) -> None:
        self.choose(item.data(Qt.ItemDataRole.UserRole))

    def choose(self, household_id: str) -> None:
        with self.ctx.db.read() as s:
            row = household_rows(s, [household_id])[household_id]
            people = [p for p in hh.members(s, household_id) if p.residence == "cu_tru"]
            done = completed_lessons(s, household_id)
        self.household_id = household_id
        self.person_ids = [p.id for p in people]
        self.chosen.setText(self.tr("Hộ {code} – {head} – {village}").format(code=row.code, head=row.head,
                                                                           village=row.village))
        self.grid.clear()
        self.grid.setRowCount(len(people))
        self.grid.setColumnCount(1 + len(self.lessons))
        self.grid.setHorizontalHeaderLabels([self.tr("Có gặp"), *[code for _, code, _ in self.lessons]])
        self.grid.setVerticalHeaderLabels([f"{p.full_name} ({p.birth_year or '?'})" for p in people])
        self.grid.setColumnWidth(0, 70)
        for col, (_, _, title) in enumerate(self.lessons, start=1):
            self.grid.horizontalHeaderItem(col).setToolTip(title)
            self.grid.setColumnWidth(col, 56)
        for r, p in enumerate(people):
            met = QTableWidgetItem()
            met.setFlags(CHECKABLE)
            met.setCheckState(Qt.CheckState.Unchecked)
            self.grid.setItem(r, 0, met)
            for col, (lid, _, title) in enumerate(self.lessons, start=1):
                item = QTableWidgetItem()
                already = lid in done.get(p.id, set())
                item.setFlags(Qt.ItemFlag.ItemIsSelectable if already else CHECKABLE)
                item.setCheckState(Qt.CheckState.Checked if already else Qt.CheckState.Unchecked)
                item.setToolTip(self.tr("Đã học trước đây") if already else title)
                self.grid.setItem(r, col, item)
        self.grid.setFocus()
        if people:
            self.grid.setCurrentCell(0, 0)

    def draft(self) -> visits.VisitDraft | None:
        if self.household_id is None:
            return None
        met, done = [], []
        for r, pid in enumerate(self.person_ids):
            if self.grid.item(r, 0).checkState() == Qt.CheckState.Checked:
                met.append(pid)
            for col, (lid, _, _) in enumerate(self.lessons, start=1):
                item = self.grid.item(r, col)
                if item.flags() & Qt.ItemFlag.ItemIsEnabled and item.checkState() == Qt.CheckState.Checked:
                    done.append((pid, lid))
        members = [self.team.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.team.count())
                   if self.team.item(i).checkState() == Qt.CheckState.Checked]
        follow = _pydate(self.follow_date.date()) if self.follow.isChecked() else None
        return visits.VisitDraft(self.household_id, _pydate(self.date.date()), members, met, done,
                                 self.notes.text(), follow)

    def save(self) -> None:
        draft = self.draft()
        if draft is None:
            self.find.setFocus()
            return
        db = self.ctx.db
        changes = self.ctx.act(self, lambda: visits.record_visit(db, draft), self.tr("Ghi thăm hộ"),
                               undo=lambda ch: lambda: visits.delete_visit(db, ch.created or ""))
        if changes is not None:
            self.accept()
