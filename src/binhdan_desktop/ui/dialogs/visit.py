"""Record a home visit — the hot path, usable with the keyboard alone: find the household, tick who
was met and the lessons each person completed (arrows move, Space ticks, Tab leaves the grid), save (Ctrl+S)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialogButtonBox,
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

from binhdan_desktop.services import Changes, visits
from binhdan_desktop.services.households import HouseholdRow
from binhdan_desktop.ui import prefs as P
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.operations import CollectionOp, QueryOp
from binhdan_desktop.ui.tasks import show_error
from binhdan_desktop.ui.widgets.buttons import left_row, save_cancel
from binhdan_desktop.ui.widgets.form_dialog import FormDialog
from binhdan_desktop.ui.widgets.headers import fit_header

CHECKABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class VisitDialog(FormDialog):
    find: QLineEdit  # type: ignore[assignment]  # the household search box (QWidget.find is a static lookup)

    def __init__(self, ctx: AppContext, household_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.household_id: str | None = None
        self._code = ""  # the chosen household's code, for the questions and the status bar
        self.person_ids: list[str] = []
        self.lessons: list[tuple[str, str, str]] = []  # (id, code, title)
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
        self.grid.setTabKeyNavigation(False)  # Tab leaves the grid; the arrows move inside it
        self.notes = QLineEdit()
        self.follow = QCheckBox(self.tr("Hẹn thăm lại ngày"))
        self.follow_date = QDateEdit(_qdate(dt.date.today() + dt.timedelta(days=14)))
        self.follow_date.setCalendarPopup(True)
        self.follow_date.setDisplayFormat("dd/MM/yyyy")
        self._build()
        self.results.setVisible(False)
        self.save_button.setEnabled(False)  # until the lessons and the team are loaded
        QueryOp(parent=self, op=visits.visit_choices, success=lambda c: self._show_choices(c, household_id)) \
            .failure(self._load_failed).run_in_background(ctx)
        if not household_id:
            self.find.setFocus()

    def _build(self) -> None:
        self.find.textChanged.connect(self._search)
        self.find.returnPressed.connect(self._pick_first)
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
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr(
            "Đánh dấu người đã gặp và các bài mỗi người đã học xong (phím cách để đánh dấu):")))
        layout.addWidget(self.grid, 1)
        notes = QFormLayout()
        notes.addRow(self.tr("Ghi chú"), self.notes)
        notes.addRow("", follow)
        layout.addLayout(notes)
        layout.addWidget(buttons)

    def _load_failed(self, exc: BaseException) -> None:
        show_error(self, exc)
        super().reject()

    def _show_choices(self, choices: visits.VisitChoices, household_id: str | None) -> None:
        self.lessons = choices.lessons
        me = str(self.ctx.prefs.get(P.USER_NAME)).strip()
        for member_id, name in choices.members:
            item = QListWidgetItem(name)
            item.setFlags(CHECKABLE)
            item.setCheckState(Qt.CheckState.Checked if me and name == me else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, member_id)
            self.team.addItem(item)
        self.save_button.setEnabled(True)
        if household_id:
            self.choose(household_id)

    def _search(self, text: str) -> None:
        if not text.strip():
            self.results.clear()
            self.results.setVisible(False)
            return
        QueryOp(parent=self, op=lambda db: visits.search_rows(db, text, 30),
                success=lambda rows: self._show_results(text, rows)).run_in_background(self.ctx)

    def _show_results(self, text: str, rows: list[HouseholdRow]) -> None:
        if text != self.find.text():  # typed on meanwhile: a newer search is on its way
            return
        self.results.clear()
        self.results.setVisible(True)
        for r in rows:
            item = QListWidgetItem(f"{r.code} – {r.head} – {r.village} – {r.address}")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def _pick_first(self) -> None:
        if self.results.count():
            self._pick(self.results.item(0))

    def _pick(self, item: QListWidgetItem) -> None:
        self.choose(item.data(Qt.ItemDataRole.UserRole))

    def choose(self, household_id: str) -> None:
        QueryOp(parent=self, op=lambda db: visits.visit_household(db, household_id), success=self._show_household) \
            .run_in_background(self.ctx)

    def _show_household(self, chosen: visits.VisitHousehold) -> None:
        row, people = chosen.row, chosen.people
        self.household_id, self._code = row.id, row.code
        self.person_ids = [pid for pid, _, _ in people]
        self.chosen.setText(self.tr("Hộ {code} – {head} – {village}").format(code=row.code, head=row.head,
                                                                           village=row.village))
        self.grid.clear()
        self.grid.setRowCount(len(people))
        self.grid.setColumnCount(1 + len(self.lessons))
        self.grid.setHorizontalHeaderLabels([self.tr("Có gặp"), *[code for _, code, _ in self.lessons]])
        self.grid.setVerticalHeaderLabels([f"{name} ({born or '?'})" for _, name, born in people])
        for col, (_, _, title) in enumerate(self.lessons, start=1):
            header = self.grid.horizontalHeaderItem(col)
            if header is not None:
                header.setToolTip(title)
        fit_header(self.grid, (70, *[56] * len(self.lessons)))  # "Chữ to": as wide as the codes need
        for r, (pid, _, _) in enumerate(people):
            self._fill_person(r, chosen.done.get(pid, set()))
        self.grid.setFocus()
        if people:
            self.grid.setCurrentCell(0, 0)

    def _fill_person(self, r: int, done: set[str]) -> None:
        met = QTableWidgetItem()
        met.setFlags(CHECKABLE)
        met.setCheckState(Qt.CheckState.Unchecked)
        self.grid.setItem(r, 0, met)
        for col, (lid, _, title) in enumerate(self.lessons, start=1):
            item = QTableWidgetItem()
            already = lid in done
            item.setFlags(Qt.ItemFlag.ItemIsSelectable if already else CHECKABLE)
            item.setCheckState(Qt.CheckState.Checked if already else Qt.CheckState.Unchecked)
            item.setToolTip(self.tr("Đã học trước đây") if already else title)
            self.grid.setItem(r, col, item)

    def _ticked(self) -> list[tuple[int, int]]:
        """The (row, column) of every tick made in this visit (not the lessons learned before)."""
        out = []
        for r in range(self.grid.rowCount()):
            for c in range(self.grid.columnCount()):
                item = self.grid.item(r, c)
                if item is not None and item.flags() & Qt.ItemFlag.ItemIsEnabled \
                        and item.checkState() == Qt.CheckState.Checked:
                    out.append((r, c))
        return out

    def draft(self) -> visits.VisitDraft | None:
        if self.household_id is None:
            return None
        met, done = [], []
        for r, c in self._ticked():
            if c == 0:
                met.append(self.person_ids[r])
            else:
                done.append((self.person_ids[r], self.lessons[c - 1][0]))
        members = [self.team.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.team.count())
                   if self.team.item(i).checkState() == Qt.CheckState.Checked]
        follow = _pydate(self.follow_date.date()) if self.follow.isChecked() else None
        return visits.VisitDraft(self.household_id, _pydate(self.date.date()), members, met, done,
                                 self.notes.text(), follow)

    def unsaved(self) -> bool:
        """Something was ticked or written that closing would lose."""
        return bool(self._ticked() or self.notes.text().strip() or self.follow.isChecked())

    def save(self) -> None:
        if self._saving or not self.save_button.isEnabled():  # Ctrl+S while saving or loading
            return
        draft = self.draft()
        if draft is None:
            self.find.setFocus()
            return
        self._saving = True
        CollectionOp(parent=self, op=lambda db: visits.record_visit(db, draft)) \
            .undoable(self.tr("Ghi thăm hộ {code}").format(code=self._code),
                      lambda ch: lambda db: visits.delete_visit(db, ch.created or "")) \
            .says(self.tr("Đã ghi lần thăm hộ {code}").format(code=self._code)) \
            .success(self._saved).failure(self._refused).disabling(self.save_button).run_in_background(self.ctx)

    def _saved(self, _changes: Changes) -> None:
        self._saving = False
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self._saving = False
        show_error(self, exc)  # the form stays open with everything ticked

    def discard_question(self) -> str:
        if not self._code:
            return self.tr("Bỏ lần thăm hộ đang ghi (chưa lưu)?")
        return self.tr("Bỏ lần thăm hộ {code} chưa lưu (những người, bài đã đánh dấu và ghi chú)?") \
            .format(code=self._code)
