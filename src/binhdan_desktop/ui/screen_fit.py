"""Windows fit the screen they open on: the main window takes at most 1280×800 of it (maximised on a screen
narrower than that), and no dialog is larger than the screen's free area (a 1366×768 laptop with a taskbar
shows every dialog whole, its buttons included)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFrame,
    QListView,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QWidget,
)

PREFERRED = QSize(1280, 800)
# Room left for the title bar and borders, which the window manager adds once the window is shown.
FRAME = QSize(16, 48)
SMALLEST_UNMAXIMISED_HEIGHT = 600
FILE_DIALOG = QSize(860, 540)  # Qt's own file dialog with ordinary text
FITTED = "binhdan_fitted"  # a dialog is fitted once: a user may move it where they like afterwards


def free_area(widget: QWidget) -> QRect:
    """The screen's available geometry (without taskbars and panels) where `widget` is or will be."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def room(widget: QWidget) -> QSize:
    """The largest size of the widget itself (without its frame) that fits in the free area."""
    area = free_area(widget).size()
    return QSize(max(area.width() - FRAME.width(), 200), max(area.height() - FRAME.height(), 200))


def fit_main_window(window: QWidget, preferred: QSize = PREFERRED) -> None:
    """Size and centre the window for its screen; maximised when the screen is narrower than `preferred`."""
    space = room(window)
    if space.width() < preferred.width() or space.height() < SMALLEST_UNMAXIMISED_HEIGHT:
        window.resize(space)
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return
    window.resize(preferred.boundedTo(space))
    _centre(window, free_area(window))


def fit_dialog(dialog: QWidget) -> None:
    """Shrink a window larger than the free area to fit it, and move it inside."""
    space = room(dialog)
    if dialog.width() > space.width() or dialog.height() > space.height():
        dialog.resize(dialog.size().boundedTo(space))
    _keep_inside(dialog, free_area(dialog))


def roomy_file_dialog(dialog: QFileDialog) -> None:
    """Qt's own file dialog opens small (620×410), its list of places too narrow for "Máy tính": widen both."""
    font_scale = dialog.fontMetrics().height() / 15  # 15 px: Arimo at 10 pt on a 96 dpi screen
    want = QSize(round(FILE_DIALOG.width() * font_scale), round(FILE_DIALOG.height() * font_scale))
    dialog.resize(dialog.size().expandedTo(want).boundedTo(room(dialog)))
    splitter, sidebar = dialog.findChild(QSplitter), dialog.findChild(QListView, "sidebar")
    if splitter is not None and sidebar is not None and splitter.count() == 2:
        side = sidebar.sizeHintForColumn(0) + sidebar.frameWidth() * 2 + 8
        total = sum(splitter.sizes())
        if total > 2 * side:
            splitter.setSizes([side, total - side])
    details = dialog.findChild(QTreeView, "treeView")
    if details is not None:  # column titles whole ("Kích thước")
        header = details.header()
        for column in range(header.count()):
            header.resizeSection(column, max(header.sectionSize(column), header.sectionSizeHint(column)))


class ScrollingPages(QStackedWidget):
    """The main window's screens, each in its own scroll area: a screen wider or taller than the window (large
    text on a small screen) scrolls, instead of pushing the window past the edge of the screen. (A plain stack
    is as large as its largest screen, so one wide screen would make every screen scroll.)"""

    def addWidget(self, w: QWidget) -> int:
        return super().addWidget(self._scrolled(w))

    def insertWidget(self, index: int, w: QWidget) -> int:
        return super().insertWidget(index, self._scrolled(w))

    @staticmethod
    def _scrolled(page: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(page)
        return area


def _keep_inside(window: QWidget, area: QRect) -> None:
    outer = QRect(window.frameGeometry().topLeft(), window.size() + FRAME)
    x = max(area.left(), min(outer.left(), area.right() + 1 - outer.width()))
    y = max(area.top(), min(outer.top(), area.bottom() + 1 - outer.height()))
    if (x, y) != (outer.left(), outer.top()):
        window.move(x, y)


def _centre(window: QWidget, area: QRect) -> None:
    outer = QRect(QPoint(0, 0), window.size() + FRAME)
    outer.moveCenter(area.center())
    window.move(outer.topLeft())


class _DialogFitter(QObject):
    """Fits each dialog once, when it first gets the focus (just after it is shown), whoever made it: the app's
    forms and Qt's own message boxes and file dialogs alike. (A signal, not an application-wide event filter,
    which would run Python for every event of every widget: 5-10 % slower start-up.)"""

    def fit(self, window: QWindow | None) -> None:
        for widget in QApplication.topLevelWidgets():
            if widget.windowHandle() is window and isinstance(widget, QDialog) and not widget.property(FITTED):
                widget.setProperty(FITTED, True)
                if isinstance(widget, QFileDialog):
                    roomy_file_dialog(widget)
                fit_dialog(widget)


_fitter: list[_DialogFitter] = []


def fit_dialogs_to_screen(app: QApplication) -> None:
    """Once per application: every dialog shown from now on fits the screen."""
    if not _fitter:
        _fitter.append(_DialogFitter(app))
        app.focusWindowChanged.connect(_fitter[0].fit)


def stop_fitting_dialogs(app: QApplication) -> None:
    """Undo `fit_dialogs_to_screen` (tests that must leave the application as they found it)."""
    if _fitter:
        app.focusWindowChanged.disconnect(_fitter[0].fit)
        _fitter.pop().deleteLater()
