"""Register or edit a household and all its members in one form (keyboard-friendly)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.domain.enums import Channel, Poverty
from binhdan_desktop.domain.formatting import fmt_date, parse_date
from binhdan_desktop.errors import BinhdanError, ValidationError
from binhdan_desktop.services import Changes, Database, commune, visits
from binhdan_desktop.services import households as hh
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import enum_label
from binhdan_desktop.ui.operations import CollectionOp, QueryOp
from binhdan_desktop.ui.tasks import show_error
from binhdan_desktop.ui.widgets.buttons import left_row, save_cancel
from binhdan_desktop.ui.widgets.form_dialog import FormDialog
from binhdan_desktop.ui.widgets.members_table import MembersTable


@dataclass(frozen=True)
class _Form:
    """What the form shows, read on the worker: the villages, and for an existing household its content."""

    villages: list[commune.VillageInfo]
    snapshot: hh.HouseholdSnapshot | None = None
    visits: list[visits.VisitRow] | None = None
    done: list[hh.CompletionRow] | None = None


def _read_form(db: Database, household_id: str | None) -> _Form:
    villages = commune.village_list(db)
    if household_id is None:
        return _Form(villages)
    return _Form(villages, hh.snapshot_of(db, household_id), visits.history_of(db, household_id),
                 hh.completions_of(db, household_id))


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


class HouseholdDialog(FormDialog):
    def __init__(self, ctx: AppContext, household_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.household_id = ctx, household_id
        self.snapshot: hh.HouseholdSnapshot | None = None
        self._loaded: tuple[object, ...] | None = None  # the form as loaded: closing asks if it differs
        self.setWindowTitle(self.tr("Hộ gia đình") if household_id else self.tr("Đăng ký hộ mới"))
        self.resize(1100, 620)
        self.village, self.code, self.address = QComboBox(), QLineEdit(), QLineEdit()
        self.phone, self.poverty, self.notes = QLineEdit(), QComboBox(), QLineEdit()
        self.since = QLineEdit()  # the day the changes saved hold from (statuses, groups, relation, village …)
        self.members = MembersTable()
        self.tabs = QTabWidget()
        self._build()
        self.save_button.setEnabled(False)  # until the form is filled
        QueryOp(parent=self, op=lambda db: _read_form(db, household_id), success=self._load) \
            .failure(self._load_failed).run_in_background(ctx)

    def _build(self) -> None:
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
        self.since.setPlaceholderText(self.tr("dd/mm/yyyy; để trống: hôm nay"))
        self.since.setToolTip(self.tr("Các thay đổi (định danh, tài khoản, nhóm, cư trú, quan hệ với chủ hộ, thôn, "
                                      "người bỏ khỏi hộ) tính từ ngày này trong các báo cáo của ngày đã qua"))
        if self.household_id is not None:  # a new household has no earlier state to date changes against
            form.addRow(self.tr("Thay đổi từ ngày"), self.since)
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
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    def _load_failed(self, exc: BaseException) -> None:
        show_error(self, exc)
        super().reject()

    def _load(self, form: _Form) -> None:
        for v in form.villages:
            self.village.addItem(v.name, v.id)
        if form.snapshot is None:
            self.members.add_person()
        else:
            self._fill(form)
        self._loaded = self._state()
        self.save_button.setEnabled(True)

    def _fill(self, form: _Form) -> None:
        snap = self.snapshot = form.snapshot
        assert snap is not None
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
        done, seen = form.done or [], form.visits or []
        self.tabs.addTab(_readonly_table(
            [self.tr("Người học"), self.tr("Bài"), self.tr("Tên bài"), self.tr("Ngày"), self.tr("Hình thức")],
            [[c.person, c.code, c.title, fmt_date(c.date), enum_label(Channel(c.channel))] for c in done]),
            self.tr("Bài đã học ({n})").format(n=len(done)))
        self.tabs.addTab(_readonly_table(
            [self.tr("Ngày thăm"), self.tr("Ghi chú"), self.tr("Hẹn thăm lại")],
            [[fmt_date(v.date), v.notes, fmt_date(v.follow_up)] for v in seen]),
            self.tr("Lịch sử thăm ({n})").format(n=len(seen)))

    def _state(self) -> tuple[object, ...]:
        return (self.village.currentData(), self.code.text(), self.address.text(), self.phone.text(),
                self.poverty.currentData(), self.notes.text(), self.members.contents(), self.since.text())

    def unsaved(self) -> bool:
        """The form differs from what was loaded (or, for a new household, from the empty form)."""
        return self._loaded is not None and self._state() != self._loaded

    def add_member(self) -> None:
        row = self.members.add_person()
        self.members.setCurrentCell(row, 0)
        item = self.members.item(row, 0)
        if item is not None:
            self.members.editItem(item)

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
        if self._saving or not self.save_button.isEnabled():  # Ctrl+S while saving or loading
            return
        try:
            draft, people = self.draft()
            since = self.since_date()
        except BinhdanError as exc:
            show_error(self, exc)
            return
        self._saving = True
        self._save_op(draft, people, since).success(self._saved).failure(self._refused) \
            .disabling(self.save_button).run_in_background(self.ctx)

    def since_date(self) -> dt.date | None:
        """The typed "changed since" day (None: today); the service refuses a future day or one before a birth."""
        typed = self.since.text().strip()
        if not typed:
            return None
        try:
            return parse_date(typed)
        except ValueError:
            raise ValidationError("validation.date", field="since", value=typed) from None

    def _save_op(self, draft: hh.HouseholdDraft, people: list[tuple[str | None, hh.PersonDraft]],
                 since: dt.date | None = None) -> CollectionOp[Changes]:
        name = draft.code.strip() or next((p.full_name.strip() for p in draft.members if p.full_name.strip()), "")
        if self.household_id is None or self.snapshot is None:
            return CollectionOp(parent=self, op=lambda db: hh.create_household(db, draft)).undoable(
                self.tr("Đăng ký hộ {name}").format(name=name),
                lambda ch: lambda db: hh.delete_household(db, ch.created or "")) \
                .says(self.tr("Đã đăng ký hộ {name}").format(name=name))
        hid, snap = self.household_id, self.snapshot
        return CollectionOp(parent=self, op=lambda db: hh.save_household(db, hid, draft, people, since)).undoable(
            self.tr("Sửa hộ {name}").format(name=name), lambda ch: lambda db: hh.restore_snapshot(db, snap)) \
            .says(self.tr("Đã lưu hộ {name}").format(name=name))

    def _saved(self, changes: Changes) -> None:
        self._saving = False
        self.household_id = changes.created or self.household_id
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self._saving = False
        show_error(self, exc)  # the form stays open with what was typed

    def _code(self) -> str:
        return str(self.snapshot.fields["code"]) if self.snapshot is not None else ""

    def discard_question(self) -> str:
        if self.snapshot is None:
            return self.tr("Bỏ hộ mới đang nhập (chưa lưu)?")
        return self.tr("Bỏ các thay đổi chưa lưu của hộ {code}?").format(code=self._code())
