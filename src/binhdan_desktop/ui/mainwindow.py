"""The main window: navigation on the left, one screen at a time, shortcuts for the frequent actions."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QMainWindow, QStackedWidget, QWidget

from binhdan_desktop import __version__
from binhdan_desktop.services import Changes, commune
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.dialogs.household import HouseholdDialog
from binhdan_desktop.ui.dialogs.visit import VisitDialog
from binhdan_desktop.ui.views.dashboard import DashboardView
from binhdan_desktop.ui.views.due import DueView
from binhdan_desktop.ui.views.events import EventsView
from binhdan_desktop.ui.views.households import HouseholdsView
from binhdan_desktop.ui.views.lessons import LessonsView
from binhdan_desktop.ui.views.settings import SettingsView


class MainWindow(QMainWindow):
    rebuild_requested = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.resize(1280, 800)
        self.households = HouseholdsView(ctx)
        self.dashboard = DashboardView(ctx)
        self.due = DueView(ctx)
        self.lessons = LessonsView(ctx)
        self.events = EventsView(ctx)
        self.settings = SettingsView(ctx)
        self.pages: list[tuple[str, QWidget]] = [
            (self.tr("Hộ gia đình"), self.households), (self.tr("Tổng quan"), self.dashboard),
            (self.tr("Cần thăm lại"), self.due), (self.tr("Bài học"), self.lessons),
            (self.tr("Lớp học, sự kiện"), self.events), (self.tr("Cài đặt"), self.settings)]
        self.nav = QListWidget()
        self.stack = QStackedWidget()
        for title, page in self.pages:
            self.nav.addItem(title)
            self.stack.addWidget(page)
        self.nav.setFixedWidth(200)
        self.nav.setStyleSheet("QListWidget { font-size: 11pt; } QListWidget::item { padding: 8px 6px; }")
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        central = QWidget()
        row = QHBoxLayout(central)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._actions()
        self.households.open_household.connect(self.open_household)
        self.households.new_household.connect(self.new_household)
        self.households.record_visit.connect(self.record_visit)
        self.due.record_visit.connect(self.record_visit)
        self.settings.interface_changed.connect(self.rebuild_requested.emit)
        ctx.changed.connect(self._on_changed)
        ctx.undo.changed.connect(self._update_undo)
        self.nav.setCurrentRow(0)
        self._update_title()
        self._update_undo()

    def _actions(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Tệp"))
        edit = self.menuBar().addMenu(self.tr("&Sửa"))
        self.undo_action = QAction(self.tr("Hoàn tác"), self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(lambda: self.ctx.undo_last(self))
        edit.addAction(self.undo_action)
        for text, keys, slot in [
            (self.tr("Hộ mới…"), "Ctrl+N", self.new_household),
            (self.tr("Ghi thăm hộ…"), "Ctrl+R", lambda: self.record_visit(self.households.current_id() or "")),
            (self.tr("Tìm hộ"), "Ctrl+F", self.find),
        ]:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            menu.addAction(action)
        menu.addSeparator()
        quit_action = QAction(self.tr("Thoát"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)

    def _update_title(self) -> None:
        with self.ctx.db.read() as s:
            c = commune.get_commune(s)
        name = f"{c.name} – " if c else ""
        self.setWindowTitle(f"{name}Bình Dân Desktop {__version__}")
        self.statusBar().showMessage(self.tr("Dữ liệu: {path}").format(path=self.ctx.db.path))

    def _update_undo(self) -> None:
        self.undo_action.setEnabled(self.ctx.undo.can_undo())
        text = self.ctx.undo.undo_text()
        self.undo_action.setText(self.tr("Hoàn tác: {what}").format(what=text) if text else self.tr("Hoàn tác"))

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("commune"):
            self._update_title()

    def show_page(self, widget: QWidget) -> None:
        self.nav.setCurrentRow([p for _, p in self.pages].index(widget))

    def find(self) -> None:
        self.show_page(self.households)
        self.households.focus_search()

    def new_household(self) -> None:
        HouseholdDialog(self.ctx, None, self).exec()

    def open_household(self, household_id: str) -> None:
        HouseholdDialog(self.ctx, household_id, self).exec()

    def record_visit(self, household_id: str = "") -> None:
        VisitDialog(self.ctx, household_id or None, self).exec()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.ctx.tasks.wait(10000)
        super().closeEvent(event)
