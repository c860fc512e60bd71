"""Classes and events: community classes, school sessions, staff trainings, the 10/10 Digital Day.
Attendance of registered people becomes completions of the lessons taught. Every read and the save run on the
worker; the people list is a model over ids (thousands of residents, no widget items)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from binhdan_desktop.domain.enums import EventKind
from binhdan_desktop.domain.formatting import fmt_date, fmt_int
from binhdan_desktop.domain.text import fold
from binhdan_desktop.services import Changes, Database
from binhdan_desktop.services import events as svc
from binhdan_desktop.services.households import resident_people, restore
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import enum_label, lang
from binhdan_desktop.ui.operations import CollectionOp, QueryOp
from binhdan_desktop.ui.tasks import show_error
from binhdan_desktop.ui.widgets.buttons import left_row, save_cancel
from binhdan_desktop.ui.widgets.check_list import CheckListModel, check_list_view
from binhdan_desktop.ui.widgets.form_dialog import FormDialog, confirm_delete
from binhdan_desktop.ui.widgets.headers import fit_header

People = tuple[list[tuple[str, str]], list[str]]  # (id, text) rows and their folded filter keys
_TO_LIST = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)


def load_people(db: Database, village_id: str | None) -> People:
    """On the worker: the residents' rows and their folded names, so the GUI thread only filters a list."""
    rows = resident_people(db, village_id)
    return ([(pid, f"{name} ({year or '?'}) – {code}") for pid, name, year, code in rows],
            [fold(f"{name} {code}") for _, name, _, code in rows])


def _alive(widget: QObject) -> bool:
    """False once Qt deleted the widget (a dialog closed while its read was still on the worker)."""
    return Shiboken.isValid(widget)


def _errors_to(widget: QWidget) -> Callable[[BaseException], None]:
    """The one error handler, over the widget while it lives."""
    return lambda exc: show_error(widget if _alive(widget) else None, exc)


class EventDialog(FormDialog):
    """Record one class or event: its details, the registered people who came, the lessons taught."""

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
        self.filter.setClearButtonEnabled(True)
        self.people_model, self.lessons_model = CheckListModel(self), CheckListModel(self)
        self.people, self.lessons = check_list_view(self.people_model), check_list_view(self.lessons_model)
        self.chosen = QLabel()
        for kind in EventKind:
            self.kind.addItem(enum_label(kind), kind.value)
        self.village.addItem(self.tr("Toàn xã"), None)
        self.buttons = save_cancel(self, self.save)
        self._build()
        self._wire()
        self._asked = 0  # people loads asked for; only the latest one's answer is shown
        self._saving = False
        self._initial = self._state()
        self._load_choices()
        self._load_people()

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Tên lớp/sự kiện"), self.title)
        form.addRow(self.tr("Loại"), self.kind)
        form.addRow(self.tr("Ngày"), self.date)
        form.addRow(self.tr("Địa điểm"), self.place)
        form.addRow(self.tr("Thôn"), self.village)
        form.addRow(self.tr("Số người tham dự (cả người ngoài danh sách)"), self.count)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.filter)
        left.addWidget(self.people, 1)
        left.addWidget(self.chosen)
        right.addWidget(QLabel(self.tr("Bài đã dạy")))
        right.addWidget(self.lessons, 1)
        lists = QHBoxLayout()
        lists.addLayout(left, 3)
        lists.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(lists, 1)
        layout.addWidget(self.buttons)
        order = (self.title, self.kind, self.date, self.place, self.village, self.count, self.filter, self.people,
                 self.lessons, self.buttons)
        for a, b in itertools.pairwise(order):
            QWidget.setTabOrder(a, b)
        self._show_chosen()

    def _wire(self) -> None:
        self.filter.textChanged.connect(self.people_model.set_filter)
        self.filter.installEventFilter(self)
        self.people_model.checked_changed.connect(self._show_chosen)
        self.village.currentIndexChanged.connect(lambda _: self._load_people())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down or Enter in the filter field moves to the list, on its first row (Space then ticks it)."""
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _TO_LIST and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.people.setFocus(Qt.FocusReason.TabFocusReason)
                if self.people_model.rowCount() and not self.people.currentIndex().isValid():
                    self.people.setCurrentIndex(self.people_model.index(0))
                return True
        return super().eventFilter(watched, event)

    def _show_chosen(self) -> None:
        self.chosen.setText(self.tr("Đã chọn {n} người").format(n=fmt_int(len(self.people_model.checked_ids()),
                                                                            lang())))

    # -- loading, on the worker

    def _load_choices(self) -> None:
        QueryOp(parent=self, op=svc.event_choices, success=self._show_choices).failure(_errors_to(self)) \
            .run_in_background(self.ctx)

    def _show_choices(self, choices: svc.EventChoices) -> None:
        if not _alive(self):
            return
        self.village.blockSignals(True)
        for vid, name in choices.villages:
            self.village.addItem(name, vid)
        self.village.blockSignals(False)
        self.lessons_model.set_items(choices.lessons)

    def _load_people(self) -> None:
        self._asked += 1
        asked, village = self._asked, self.village.currentData()
        self.people.setEnabled(False)
        QueryOp(parent=self, op=lambda db: load_people(db, village),
                success=lambda people: self._show_people(asked, people)).failure(_errors_to(self)) \
            .run_in_background(self.ctx)

    def _show_people(self, asked: int, people: People) -> None:
        if not _alive(self) or asked != self._asked:
            return
        rows, keys = people
        self.people_model.set_items(rows, keys)
        self.people.setEnabled(True)

    # -- saving

    def draft(self) -> svc.EventDraft:
        q = self.date.date()
        attendees = self.people_model.checked_ids()
        return svc.EventDraft(self.title.text(), self.kind.currentData(), dt.date(q.year(), q.month(), q.day()),
                              self.place.text(), self.village.currentData(),
                              max(self.count.value(), len(attendees)), attendees, self.lessons_model.checked_ids())

    def save(self) -> None:
        if self._saving:
            return
        self._saving = True
        draft = self.draft()

        def failed(exc: BaseException) -> None:
            if _alive(self):
                self._saving = False
            _errors_to(self)(exc)

        title = draft.title.strip()
        CollectionOp(parent=self, op=lambda db: svc.record_event(db, draft), success=lambda _: self._saved()) \
            .undoable(self.tr("Ghi lớp học/sự kiện «{title}»").format(title=title),
                      lambda ch: lambda db: svc.delete_event(db, ch.created or "")) \
            .says(self.tr("Đã ghi lớp học/sự kiện «{title}»").format(title=title)) \
            .disabling(self.buttons).failure(failed).run_in_background(self.ctx)

    def _saved(self) -> None:
        if _alive(self):
            self.accept()

    # -- leaving

    def _state(self) -> tuple[object, ...]:
        return (self.title.text().strip(), self.kind.currentIndex(), self.date.date(), self.place.text().strip(),
                self.village.currentData(), self.count.value(), tuple(self.people_model.checked_ids()),
                tuple(self.lessons_model.checked_ids()))

    def has_input(self) -> bool:
        return self._state() != self._initial

    def unsaved(self) -> bool:
        return self.has_input()

    def discard_question(self) -> str:
        title = self.title.text().strip()
        if not title:
            return self.tr("Bỏ lớp học/sự kiện mới đang nhập (chưa lưu)?")
        return self.tr("Bỏ lớp học/sự kiện «{title}» chưa lưu?").format(title=title)


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
        self.add_button = QPushButton(self.tr("Ghi lớp học / sự kiện mới"))
        self.add_button.clicked.connect(self.add)
        self.delete_button = QPushButton(self.tr("Xoá lớp học / sự kiện đang chọn"))
        self.delete_button.setToolTip(self.tr("Xoá cả danh sách tham dự và các bài đã học ghi từ nó (phím Del); "
                                              "có thể hoàn tác (Ctrl+Z)"))
        self.delete_button.clicked.connect(self.delete_current)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table, self.delete_current,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)  # not the households' Delete
        layout = QVBoxLayout(self)
        layout.addLayout(left_row(self.add_button, self.delete_button))
        layout.addWidget(self.table)
        self.rows: list[svc.EventRow] = []
        self.dialog: EventDialog | None = None
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("event"):
            self.refresh()

    def refresh(self) -> None:
        QueryOp(parent=self, op=svc.event_rows, success=self._show).failure(_errors_to(self)) \
            .run_in_background(self.ctx)

    def _show(self, rows: list[svc.EventRow]) -> None:
        if not _alive(self):
            return
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, e in enumerate(rows):
            cells = [fmt_date(e.date), e.title, enum_label(EventKind(e.kind)), e.place, fmt_int(e.attendance, lang())]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        fit_header(self.table, ("00/00/0000", 0, "Ngày hội toàn dân học tập số 10/10", "Sân nhà văn hóa thôn", "00000"),
                   stretch=1)

    def delete_current(self) -> None:
        """Delete the selected event after asking ("Không" is the default); Ctrl+Z brings it back."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            return
        event = self.rows[row]
        name = self.tr("«{title}» ngày {date}").format(title=event.title, date=fmt_date(event.date))
        if not confirm_delete(self, self.tr("Xoá lớp học / sự kiện"), self.tr(
                "Xoá lớp học/sự kiện {name}, danh sách tham dự và các bài đã học ghi từ nó? "
                "Có thể hoàn tác (Ctrl+Z).").format(name=name)):
            return
        eid = event.id
        CollectionOp(parent=self, op=lambda db: svc.delete_event(db, eid)) \
            .undoable(self.tr("Xoá lớp học/sự kiện {name}").format(name=name),
                      lambda ch: lambda db: restore(db, ch.rows)) \
            .says(self.tr("Đã xoá lớp học/sự kiện {name}").format(name=name)).run_in_background(self.ctx)

    def add(self) -> EventDialog:
        """Open the form (window-modal, no nested event loop); one at a time, deleted once closed."""
        if self.dialog is not None and _alive(self.dialog):
            self.dialog.raise_()
            return self.dialog
        self.dialog = dialog = EventDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._closed)
        dialog.open()
        return dialog

    def _closed(self) -> None:
        self.dialog = None

