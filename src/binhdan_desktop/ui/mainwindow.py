"""The main window: navigation on the left, one screen at a time, shortcuts for the frequent actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QWidget,
)

from binhdan_desktop import __version__
from binhdan_desktop.services import Changes, commune
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import BASE_PT, font_css, scaled_pt
from binhdan_desktop.ui.screen_fit import ScrollingPages, fit_main_window
from binhdan_desktop.ui.views.households import HouseholdsView

if TYPE_CHECKING:
    from binhdan_desktop.ui.views.dashboard import DashboardView
    from binhdan_desktop.ui.views.settings import SettingsView


# Screens other than the household list are imported when first shown (start-up time).
def _dashboard(ctx: AppContext) -> QWidget:
    from binhdan_desktop.ui.views.dashboard import DashboardView

    return DashboardView(ctx)


def _due(ctx: AppContext) -> QWidget:
    from binhdan_desktop.ui.views.due import DueView

    return DueView(ctx)


def _lessons(ctx: AppContext) -> QWidget:
    from binhdan_desktop.ui.views.lessons import LessonsView

    return LessonsView(ctx)


def _events(ctx: AppContext) -> QWidget:
    from binhdan_desktop.ui.views.events import EventsView

    return EventsView(ctx)


def _reports(ctx: AppContext) -> QWidget:
    from binhdan_desktop.ui.views.reports import ReportsView

    return ReportsView(ctx)


def _settings(ctx: AppContext) -> QWidget:
    from binhdan_desktop.ui.views.settings import SettingsView

    return SettingsView(ctx)


class MainWindow(QMainWindow):
    rebuild_requested = Signal()
    # Once, when the whole window has been painted for the first time: work that can wait starts here.
    first_painted = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        fit_main_window(self)  # at most 1280×800 of the screen it opens on; maximised on a small one
        # Screens are built when first shown: start-up only pays for the household list.
        self.factories: list[tuple[str, str, Callable[[], QWidget]]] = [
            ("households", self.tr("Hộ gia đình"), lambda: HouseholdsView(ctx)),
            ("dashboard", self.tr("Tổng quan"), lambda: _dashboard(ctx)),
            ("due", self.tr("Cần thăm lại"), lambda: _due(ctx)),
            ("lessons", self.tr("Bài học"), lambda: _lessons(ctx)),
            ("events", self.tr("Lớp học, sự kiện"), lambda: _events(ctx)),
            ("reports", self.tr("Báo cáo"), lambda: _reports(ctx)),
            ("settings", self.tr("Cài đặt"), lambda: _settings(ctx))]
        self.built: dict[str, QWidget] = {}
        self.nav = QListWidget()
        self.stack = ScrollingPages()  # a screen wider than the window scrolls
        for _, title, _ in self.factories:
            self.nav.addItem(title)
            self.stack.addWidget(QWidget())
        self.nav.setFixedWidth(round(200 * scaled_pt(1.0) / BASE_PT))  # wider with larger text
        self.nav.setStyleSheet(f"QListWidget {{ {font_css(1.1)} }} QListWidget::item {{ padding: 8px 6px; }}")
        self.nav.currentRowChanged.connect(self._show_row)
        central = QWidget()
        row = QHBoxLayout(central)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        from binhdan_desktop.ui.sync_ui import SyncController

        self.sync = SyncController(ctx, self)
        self.statusBar().addPermanentWidget(self.sync.label)
        self._painted = False
        # The sync modules (crypto, bundles: ~60-100 ms to import) load once the window is up.
        self.first_painted.connect(self.sync.refresh)
        self._actions()
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
        for text, slot in ((self.tr("Nhập danh sách từ bảng tính…"), self.import_list), (self.tr("Sao lưu…"), self.backup),
                           (self.tr("Khôi phục từ bản sao lưu…"), self.restore)):
            action = QAction(text, self)
            action.triggered.connect(slot)
            menu.addAction(action)
        sync_action = QAction(self.tr("Đồng bộ ngay"), self)
        sync_action.setShortcut(QKeySequence("F5"))
        sync_action.triggered.connect(lambda: self.sync.sync_now())
        menu.addAction(sync_action)
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

    def page(self, key: str) -> QWidget:
        """The screen `key`, built (and wired) on first use."""
        if key not in self.built:
            row = [k for k, _, _ in self.factories].index(key)
            widget = self.factories[row][2]()
            self._wire(key, widget)
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, widget)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.built[key] = widget
        return self.built[key]

    def _wire(self, key: str, widget: QWidget) -> None:
        if key == "households":
            widget.open_household.connect(self.open_household)  # type: ignore[attr-defined]
            widget.new_household.connect(self.new_household)  # type: ignore[attr-defined]
        if key in ("households", "due"):
            widget.record_visit.connect(self.record_visit)  # type: ignore[attr-defined]
        if key == "settings":
            widget.interface_changed.connect(self.rebuild_requested.emit)  # type: ignore[attr-defined]
            widget.sync_requested.connect(lambda: self.sync.sync_now())  # type: ignore[attr-defined]

    def _show_row(self, row: int) -> None:
        self.page(self.factories[row][0])
        self.stack.setCurrentIndex(row)

    def show_page(self, key: str) -> QWidget:
        self.nav.setCurrentRow([k for k, _, _ in self.factories].index(key))
        return self.built[key]

    @property
    def households(self) -> HouseholdsView:
        return self.page("households")  # type: ignore[return-value]

    @property
    def dashboard(self) -> DashboardView:
        return self.page("dashboard")  # type: ignore[return-value]

    @property
    def settings(self) -> SettingsView:
        return self.page("settings")  # type: ignore[return-value]

    def find(self) -> None:
        self.show_page("households")
        self.households.focus_search()

    def new_household(self) -> None:
        from binhdan_desktop.ui.dialogs.household import HouseholdDialog

        HouseholdDialog(self.ctx, None, self).exec()

    def open_household(self, household_id: str) -> None:
        from binhdan_desktop.ui.dialogs.household import HouseholdDialog

        HouseholdDialog(self.ctx, household_id, self).exec()

    def record_visit(self, household_id: str = "") -> None:
        from binhdan_desktop.ui.dialogs.visit import VisitDialog

        VisitDialog(self.ctx, household_id or None, self).exec()

    def import_list(self) -> None:
        from binhdan_desktop.ui.dialogs.import_dialog import ImportDialog

        ImportDialog(self.ctx, self).exec()

    def backup(self, target: str | None = None) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from binhdan_desktop.services.backup import backup

        target = target or QFileDialog.getSaveFileName(self, self.tr("Sao lưu dữ liệu"),
                                                       str(Path.home() / "binhdan-saoluu.sqlite3"))[0]
        if target:
            db = self.ctx.db
            self.ctx.tasks.run(lambda p: backup(db, Path(target)), lambda out: QMessageBox.information(
                self, self.tr("Sao lưu"), self.tr("Đã sao lưu vào {path}").format(path=out)), parent=self,
                title=self.tr("Đang sao lưu…"))

    def daily_backup(self) -> bool:
        """The first start of a day keeps a backup in the data folder. It runs on the worker once the window
        is up (a large commune takes seconds to copy) and says so in the status bar; False when not due."""
        import logging

        from binhdan_desktop.services.backup import auto_backup, daily_backup_due

        db = self.ctx.db
        if not daily_backup_due(db):
            return False

        def failed(exc: BaseException) -> None:
            logging.getLogger(__name__).warning("daily backup failed: %s", type(exc).__name__)
            self.statusBar().showMessage(self.tr("Không sao lưu tự động được; hãy sao lưu bằng tay (Tệp → Sao lưu…)."))

        self.ctx.tasks.run(lambda p: auto_backup(db, "daily"), lambda out: self.statusBar().showMessage(
            self.tr("Đã sao lưu tự động: {name}").format(name=out.name), 10000), on_error=failed)
        return True

    def restore(self, source: str | None = None) -> None:
        """Check the file, keep the current database aside, restore, and reopen the window on it."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from binhdan_desktop.services.backup import check_backup, restore
        from binhdan_desktop.store.db import open_database
        from binhdan_desktop.ui.tasks import show_error

        source = source or QFileDialog.getOpenFileName(self, self.tr("Chọn bản sao lưu"), str(Path.home()))[0]
        if not source:
            return
        try:
            info = check_backup(Path(source))
        except Exception as exc:
            show_error(self, exc)
            return
        answer = QMessageBox.question(self, self.tr("Khôi phục"), self.tr(
            "Thay dữ liệu hiện tại bằng bản sao lưu của xã {name} ({n} hộ)? Dữ liệu hiện tại được giữ lại bên cạnh "
            "để có thể quay lại.").format(name=info.commune, n=info.households))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ctx.tasks.wait()
        path = self.ctx.db.path
        self.ctx.db.close()
        try:
            restore(path, Path(source))
        finally:
            self.ctx.db = open_database(path)
        self.rebuild_requested.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # The children are painted in the same pass, right after this: signal once that pass is done.
            QTimer.singleShot(0, self, self.first_painted.emit)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.tasks.wait(10000)
        super().closeEvent(event)
