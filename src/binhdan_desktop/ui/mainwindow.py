"""The main window: navigation on the left, one screen at a time, shortcuts for the frequent actions. Its
reads and writes (the title, restore) run on the database worker, backups on the file lane (`ctx.files`);
closing waits for both to finish."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from binhdan_desktop import __version__
from binhdan_desktop.services import Changes, commune
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import BASE_PT, font_css, scaled_pt
from binhdan_desktop.ui.operations import QueryOp
from binhdan_desktop.ui.screen_fit import ScrollingPages, fit_main_window
from binhdan_desktop.ui.views.households import HouseholdsView

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QProgressDialog

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
        ctx.status.connect(self.statusBar().showMessage)  # what each action did, for 5 s (AppContext.say)
        self._painted = False
        self._form: QDialog | None = None  # the household form now open: never a second one over it
        self._closing: QTimer | None = None  # polls the worker while a close waits for it
        self._closing_box: QProgressDialog | None = None
        self._drop_unsaved = False  # the user said "Bỏ đi" to what is unsaved: close without asking again
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
            (self.tr("Tìm hộ"), "Ctrl+F", self.find_household),
        ]:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            menu.addAction(action)
        for text, slot in ((self.tr("Nhập danh sách từ bảng tính…"), self.import_list),
                           (self.tr("Sao lưu…"), self.backup), (self.tr("Khôi phục từ bản sao lưu…"), self.restore)):
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
        self.setWindowTitle(f"Bình Dân Desktop {__version__}")
        self.statusBar().showMessage(self.tr("Dữ liệu: {path}").format(path=self.ctx.db.path))
        QueryOp(parent=self, op=commune.commune_name, success=lambda name: self.setWindowTitle(
            f"{name} – Bình Dân Desktop {__version__}" if name else f"Bình Dân Desktop {__version__}")) \
            .run_in_background(self.ctx)

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
            assert placeholder is not None
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

    def current_key(self) -> str:
        return self.factories[max(0, self.nav.currentRow())][0]

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

    def find_household(self) -> None:
        self.show_page("households")
        self.households.focus_search()

    def new_household(self) -> None:
        from binhdan_desktop.ui.dialogs.household import HouseholdDialog

        HouseholdDialog(self.ctx, None, self).exec()

    def open_household(self, household_id: str) -> None:
        from binhdan_desktop.ui.dialogs.household import HouseholdDialog

        if self._form is not None:  # a second activation while the form is open (a nested event loop)
            self._form.raise_()
            return
        self._form = HouseholdDialog(self.ctx, household_id, self)
        try:
            self._form.exec()
        finally:
            self._form = None

    def record_visit(self, household_id: str = "") -> None:
        from binhdan_desktop.ui.dialogs.visit import VisitDialog

        VisitDialog(self.ctx, household_id or None, self).exec()

    def import_list(self) -> None:
        from binhdan_desktop.ui.dialogs.import_dialog import ImportDialog

        ImportDialog(self.ctx, self).exec()

    def backup(self, target: str | None = None) -> None:
        from binhdan_desktop.ui import backup_ui

        backup_ui.backup(self, target)

    def daily_backup(self) -> bool:
        """The first start of a day keeps a backup (on the file lane, once the window is up); False when not due."""
        from binhdan_desktop.ui import backup_ui

        return backup_ui.daily_backup(self)

    def restore(self, source: str | None = None) -> None:
        """Check the file, ask, then keep the current database aside, restore, re-open, and rebuild the window."""
        from binhdan_desktop.ui import backup_ui

        backup_ui.restore(self, source)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            view = self.built.get("households")
            if isinstance(view, HouseholdsView) and not view.loaded:
                # The list's ids come from the worker: start-up ends when its rows are painted, so what waits
                # for the first paint (the sync modules, the daily backup) does not delay them.
                view.shown.connect(self._list_shown)
            else:
                # The children are painted in the same pass, right after this: signal once that pass is done.
                QTimer.singleShot(0, self, self.first_painted.emit)

    def _list_shown(self) -> None:
        self.households.shown.disconnect(self._list_shown)
        self.repaint()  # the rows, now
        QTimer.singleShot(0, self, self.first_painted.emit)

    def take_place_of(self, old: MainWindow) -> None:
        """A rebuilt window opens where the old one was: its size and place, its screen (and Settings tab)."""
        self.setGeometry(old.geometry())
        key = old.current_key()
        page = self.show_page(key)
        if key == "settings":
            tabs = page.tabs  # type: ignore[attr-defined]
            tabs.setCurrentIndex(old.settings.tabs.currentIndex())

    def retire(self) -> None:
        """This window is replaced (rebuilt) or closes: its sync controller stops, and whatever it still waits
        for (a status read, a sync's next stage) finds it gone instead of a deleted status bar."""
        self.sync.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Close once both lanes are idle: a save, an import or a backup that runs is finished first, never cut off.
        What is typed and unsaved in Settings is asked about first (saved, dropped, or the window stays)."""
        if self._closing is None and not self._drop_unsaved and self._unsaved_where():
            event.ignore()
            self._ask_unsaved()
            return
        if self.ctx.idle():
            self.retire()
            super().closeEvent(event)
            return
        event.ignore()
        if self._closing is None:
            self.statusBar().showMessage(self.tr("Đang chờ việc đang chạy xong rồi đóng…"))
            self._closing = QTimer(self, interval=50)
            self._closing.timeout.connect(self._close_when_idle)
            self._closing.start()
            QTimer.singleShot(600, self, self._say_closing)

    def _unsaved_where(self) -> list[str]:
        view = self.built.get("settings")  # never built: nothing typed there
        return view.unsaved() if view is not None else []  # type: ignore[attr-defined]

    def _ask_unsaved(self) -> None:
        button = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self, self.tr("Thay đổi chưa lưu"),
            self.tr("Có thay đổi chưa lưu ở {where}. Lưu trước khi thoát?").format(
                where=", ".join(self._unsaved_where())),
            button.Save | button.Discard | button.Cancel, button.Cancel)
        if answer == button.Discard:
            self._drop_unsaved = True
            QTimer.singleShot(0, self, self.close)  # Qt ignores a close() from inside closeEvent
        elif answer == button.Save:
            self._save_then_close()
        # Cancel (or Esc): the window stays, with everything typed

    def _save_then_close(self) -> None:
        """Each unsaved Settings tab's own save; the window closes once all are stored, not if one is refused
        (its message says why, and what was typed stays)."""
        view = self.settings
        saves: list[Callable[[Callable[[bool], None]], None]] = []
        if any(field.isModified() for field in view._commune_fields()):
            saves.append(view.save_commune)
        if view.member_dirty:
            saves.append(view.save_member)
        if view.targets_tab.dirty:
            saves.append(view.targets_tab.save_targets)
        if view.sync.unsaved():
            saves.append(view.sync.save_target)
        waiting, refused = [len(saves)], [False]

        def done(ok: bool) -> None:
            waiting[0] -= 1
            refused[0] = refused[0] or not ok
            if waiting[0] == 0 and not refused[0]:
                self.close()

        for save in saves:
            save(done)

    def _close_when_idle(self) -> None:
        if not self.ctx.idle() or self._closing is None:
            return
        self._closing.stop()
        self._closing = None
        if self._closing_box is not None:
            self._closing_box.close()
            self._closing_box = None
        self.close()

    def _say_closing(self) -> None:
        """A wait longer than a moment is said in a box, so the window does not seem to ignore the click."""
        from PySide6.QtWidgets import QProgressDialog

        if self._closing is None:
            return
        box = QProgressDialog(self.tr("Đang chờ việc đang chạy (lưu, nhập, đồng bộ…) xong rồi đóng cửa sổ. "
                                      "Xin đừng tắt máy."), "", 0, 0, self)
        box.setWindowTitle(self.tr("Đang đóng…"))
        box.setCancelButton(None)
        box.show()
        self._closing_box = box
