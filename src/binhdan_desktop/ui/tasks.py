"""Long work off the GUI thread: one serial worker, results back by signal, a progress dialog that
appears only after 600 ms, with cancel."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.ui.i18n import lang

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """The user pressed Cancel."""


class Progress:
    """Handed to the task: report how far it is, and stop when the user cancels."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    def report(self, fraction: float, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled
        self._signals.progress.emit(max(0.0, min(1.0, fraction)), text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Signals(QObject):
    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    """Owned by Python (no auto-delete) and released on the GUI thread only once `run` has returned: a QObject
    (its signals) destroyed on the pool thread takes Qt's signal-slot lock and then waits for the GIL, while the
    GUI thread holds the GIL and waits for that lock in a `connect` — a deadlock seen in a full test run
    (py-spy: QObject::disconnect → Shiboken GilState::acquire on the pool thread, QObject::connect on the GUI
    thread)."""

    def __init__(self, fn: Callable[[Progress], Any], signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.signals = fn, signals
        self.progress = Progress(signals)
        self.returned = threading.Event()

    def run(self) -> None:
        try:
            result = self.fn(self.progress)
        except BaseException as exc:
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)
        finally:
            self.returned.set()  # the last thing the pool thread does with this job


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """One error handler: user errors in words; anything else as an unexpected error (no personal data)."""
    if isinstance(exc, Cancelled):
        return
    if isinstance(exc, BinhdanError):
        QMessageBox.warning(parent, QCoreApplication.translate("Tasks", "Không thực hiện được"), exc.message(lang()))
        return
    log.error("unexpected error: %s", type(exc).__name__, exc_info=exc)
    text = QCoreApplication.translate(
        "Tasks", "Đã xảy ra lỗi không mong đợi ({name}). Dữ liệu đã lưu không bị ảnh hưởng.")
    QMessageBox.critical(parent, QCoreApplication.translate("Tasks", "Lỗi không mong đợi"),
                         text.format(name=type(exc).__name__))


class TaskRunner(QObject):
    """Runs tasks one after another on a single worker thread (SQLite likes one writer)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._alive: set[_Signals] = set()  # queued or running; also keeps their signals alive
        self._retired: list[_Job] = []  # finished on the GUI thread; released here once `run` has returned

    def pending(self) -> int:
        """How many tasks wait or run (0: idle)."""
        return len(self._alive)

    def run(self, fn: Callable[[Progress], Any], on_done: Callable[[Any], None] | None = None, *,
            parent: QWidget | None = None, title: str | None = None, cancellable: bool = True,
            on_error: Callable[[BaseException], None] | None = None,
            on_progress: Callable[[float, str], None] | None = None) -> Progress:
        """`title`: a progress dialog (window-modal, after 600 ms, with its own cancel); `on_progress`: the caller
        shows the progress itself (on the GUI thread), and cancels through the returned `Progress`."""
        signals = _Signals()
        self._alive.add(signals)
        job = _Job(fn, signals)
        dialog = self._dialog(parent, title, cancellable, job.progress) if title else None

        def finish() -> None:
            self._retired.append(job)
            self._retired = [j for j in self._retired if not j.returned.is_set() or j is job]
            self._alive.discard(signals)
            if dialog is not None:
                with contextlib.suppress(RuntimeError):  # already gone with its parent
                    dialog.reset()
                    dialog.deleteLater()

        def done(result: Any) -> None:
            finish()
            if on_done:
                on_done(result)

        def failed(exc: BaseException) -> None:
            finish()
            (on_error or (lambda e: show_error(parent, e)))(exc)

        signals.done.connect(done, Qt.ConnectionType.QueuedConnection)
        signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        if dialog is not None:
            def show_progress(fraction: float, text: str) -> None:
                # The dialog dies with its parent (a closed form, a rebuilt window) while the task still runs.
                with contextlib.suppress(RuntimeError):
                    dialog.setValue(int(fraction * 1000))
                    if text:
                        dialog.setLabelText(text)

            signals.progress.connect(show_progress)
        if on_progress is not None:
            signals.progress.connect(on_progress, Qt.ConnectionType.QueuedConnection)
        self.pool.start(job)
        return job.progress

    @staticmethod
    def _dialog(parent: QWidget | None, title: str, cancellable: bool, progress: Progress) -> QProgressDialog:
        cancel = QCoreApplication.translate("Tasks", "Huỷ") if cancellable else ""
        dialog = QProgressDialog(title, cancel, 0, 1000, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(600)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if cancellable:
            dialog.canceled.connect(progress.cancel)
        else:
            dialog.setCancelButton(None)
        dialog.setValue(0)
        return dialog

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
