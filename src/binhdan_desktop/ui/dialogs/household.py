"""Register or edit a household and all its members in one form (keyboard-friendly)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.domain.enums import Channel, Poverty
from binhdan_desktop.domain.formatting import fmt_date
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import commune
from binhdan_desktop.services import households as hh
from binhdan_desktop.services.visits import household_visits
from binhdan_desktop.store.queries.households import household_completions
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import enum_label
from binhdan_desktop.ui.tasks import show_error
from binhdan_desktop.ui.widgets.buttons import left_row, save_cancel
from binhdan_desktop.ui.widgets.members_table import MembersTable


def _readonly_table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    return table


class HouseholdDialog(QDialog):
    def __init__(self, ctx: AppContext, household_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.household_id = ctx, household_id
        self.setWindowTitle(self.tr("Hộ gia đình") if household_id else self.tr("Đăng ký hộ mới"))
        self.resize(1100, 620)
        self.village, self.code, self.address = QComboBox(), QLineEdit(), QLineEdit()
        self.phone, self.poverty, self.notes = QLineEdit(), QComboBox(), QLineEdit()
        self.members = MembersTable()
        self.tabs = QTabWidget()
        self._build()
        self._load()

    def _build(self) -> None:
        with self.ctx.db.read() as s:
            for v in commune.villages(s):
                self.village.addItem(v.name, v.id)
        for p in Poverty:
            self.poverty.addItem(enum_label(p), p.value)
        self.code.setPlaceholderText(self.tr("để trống: tự cấp mã"))
        form = QFormLayout()
        form.addRow(self.tr("Thôn/Tổ dân phố"), self.village)
        form.addRow(self.tr("Mã hộ"), self.code)
        form.addRow(self.tr("Địa chỉ"), self.address)
        form.addRow(self.tr("Điện thoại"), self.phone)
        form.addRow(self.tr("Diện hộ"), self.poverty)
        form.addRow(self.tr("Ghi chú"), self.notes)
        add = QPushButton(self.tr("Thêm người (Ctrl+Enter)"))
        add.clicked.connect(self.add_member)
        remove = QPushButton(self.tr("Bỏ người đang chọn"))
        remove.clicked.connect(self.remove_member)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.add_member)
        buttons_row = left_row(add, remove)
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(self.members)
        box.addLayout(buttons_row)
        self.tabs.addTab(page, self.tr("Thành viên"))
        buttons = save_cancel(self, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    def _load(self) -> None:
        if self.household_id is None:
            self.members.add_person()
            return
        with self.ctx.db.read() as s:
            snap = hh.snapshot(s, self.household_id)
            visits = household_visits(s, self.household_id)
            done = household_completions(s, self.household_id)
        self.snapshot = snap
        f = snap.fields
        self.village.setCurrentIndex(max(0, self.village.findData(f["village"])))
        self.code.setText(f["code"])
        self.address.setText(f["address"])
        self.phone.setText(f["phone"] or "")
        self.poverty.setCurrentIndex(max(0, self.poverty.findData(f["poverty"])))
        self.notes.setText(f["notes"])
        for pid, draft in snap.members.items():
            self.members.add_person(draft, pid)
        self.members.resizeColumnsToContents()
        self.tabs.addTab(_readonly_table(
            [self.tr("Người học"), self.tr("Bài"), self.tr("Tên bài"), self.tr("Ngày"), self.tr("Hình thức")],
            [[c.person, c.code, c.title, fmt_date(c.date), enum_label(Channel(c.channel))] for c in done]),
            self.tr("Bài đã học ({n})").format(n=len(done)))
        self.tabs.addTab(_readonly_table(
            [self.tr("Ngày thăm"), self.tr("Ghi chú"), self.tr("Hẹn thăm lại")],
            [[fmt_date(v.date), v.notes, fmt_date(v.follow_up)] for v in visits]),
            self.tr("Lịch sử thăm ({n})").format(n=len(visits)))

    def add_member(self) -> None:
        row = self.members.add_person()
        self.members.setCurrentCell(row, 0)
        self.members.editItem(self.members.item(row, 0))

    def remove_member(self) -> None:
        row = self.members.currentRow()
        if row >= 0:
            self.members.removeRow(row)

    def draft(self) -> tuple[hh.HouseholdDraft, list[tuple[str | None, hh.PersonDraft]]]:
        people = self.members.people()
        draft = hh.HouseholdDraft(self.village.currentData(), self.code.text(), self.address.text(),
                                  self.phone.text(), self.poverty.currentData(), self.notes.text(),
                                  [d for _, d in people])
        return draft, people

    def save(self) -> None:
        try:
            draft, people = self.draft()
        except BinhdanError as exc:
            show_error(self, exc)
            return
        db = self.ctx.db
        if self.household_id is None:
            changes = self.ctx.act(self, lambda: hh.create_household(db, draft), self.tr("Đăng ký hộ"),
                                   undo=lambda ch: lambda: hh.delete_household(db, ch.created or ""))
        else:
            hid, snap = self.household_id, self.snapshot
            changes = self.ctx.act(self, lambda: hh.save_household(db, hid, draft, people), self.tr("Sửa hộ"),
                                   undo=lambda ch: lambda: hh.restore_snapshot(db, snap))
        if changes is not None:
            self.household_id = changes.created or self.household_id
            self.accept()

    def reject(self) -> None:
        if self.household_id is None and self.members.rowCount() and self.members.item(0, 0).text().strip():
            answer = QMessageBox.question(self, self.tr("Bỏ hộ đang nhập?"),
                                          self.tr("Những gì đã nhập sẽ không được lưu."))
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()


