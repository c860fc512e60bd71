"""Network I/O off the GUI thread and off the database worker: one daemon thread runs network operations
(a WebDAV request, a folder on a USB stick or a network share) one after another; results and errors come back
by signal on the GUI thread, like the database worker's ops (`ui/operations.py`).

    NetworkOp(parent=self, op=lambda progress: target.check()).success(on_ok).failure(on_error) \\
        .giving_up_after(60_000, lambda: BinhdanError("sync.no_answer", target=label)).run(network_of(ctx))

A daemon thread, not a QThreadPool: a request stuck on a dead share must never keep the app from closing (a pool
waits for its threads when it is destroyed). `giving_up_after` tells the user after that long without progress
and ignores whatever the stuck call returns later; the thread stays busy meanwhile (`busy()`), so the caller
starts nothing new behind it."""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from binhdan_desktop.ui.tasks import Cancelled, show_error

log = logging.getLogger(__name__)
T = TypeVar("T")


class NetProgress:
    """Handed to a network op: report progress (which also tells the watchdog the op is alive); stop when
    cancelled."""

    def __init__(self, beat: Callable[[float, str], None]) -> None:
        self._beat = beat
        self._cancel = threading.Event()

    def report(self, fraction: float, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled
        self._beat(max(0.0, min(1.0, fraction)), text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


@dataclass(eq=False)
class _Job:
    fn: Callable[[NetProgress], Any]
    done: Callable[[Any], None]
    failed: Callable[[BaseException], None]
    progressed: Callable[[float, str], None] | None = None
    progress: NetProgress | None = None
    watchdog: QTimer | None = None
    abandoned: bool = False


class NetworkRunner(QObject):
    """One network thread; what it returns comes back on the GUI thread (the runner lives there)."""

    _finished = Signal(object, bool, object)  # job, ok, result or exception
    _progressed = Signal(object, float, str)  # job, fraction, text

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._pending = 0  # queued or running, counted on the GUI thread
        self._stuck = 0  # given up on and not returned yet
        self._finished.connect(self._on_finished)
        self._progressed.connect(self._on_progress)

    def busy(self) -> bool:
        """Something waits or runs on the network thread (a stuck request too, even once given up on)."""
        return self._pending > 0

    def stuck(self) -> bool:
        """An op given up on has not returned yet: what is queued now waits behind it."""
        return self._stuck > 0

    def submit(self, job: _Job) -> NetProgress:
        job.progress = NetProgress(lambda f, text: self._emit(self._progressed, job, f, text))
        self._pending += 1
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="binhdan-network", daemon=True)
            self._thread.start()
        self._jobs.put(job)
        return job.progress

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            assert job.progress is not None
            try:
                result = job.fn(job.progress)
            except BaseException as exc:
                self._emit(self._finished, job, False, exc)
            else:
                self._emit(self._finished, job, True, result)

    @staticmethod
    def _emit(signal: Any, *args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the window (and this runner) is gone: nobody waits for it
            signal.emit(*args)

    def _on_progress(self, job: _Job, fraction: float, text: str) -> None:
        if job.abandoned:
            return
        if job.watchdog is not None:
            job.watchdog.start()  # alive: the time without progress counts again from now
        if job.progressed is not None:
            job.progressed(fraction, text)

    def _on_finished(self, job: _Job, ok: bool, payload: object) -> None:
        self._pending -= 1
        if job.watchdog is not None:
            job.watchdog.stop()
            job.watchdog.deleteLater()
        if job.abandoned:
            self._stuck -= 1
            log.info("a network operation given up on has returned")
            return
        if ok:
            job.done(payload)
        else:
            job.failed(payload if isinstance(payload, BaseException) else RuntimeError(repr(payload)))

    def give_up(self, job: _Job, exc: BaseException) -> None:
        """The op ran too long without progress: say so now, and ignore its late answer."""
        if job.abandoned:
            return
        job.abandoned = True
        self._stuck += 1
        if job.progress is not None:
            job.progress.cancel()  # it stops at its next report, if it ever gets there
        job.failed(exc)


def network_of(owner: QObject) -> NetworkRunner:
    """The one network runner of the app (a child of `owner`, usually the AppContext), made when first asked."""
    found = owner.findChild(NetworkRunner, "binhdan-network")
    if isinstance(found, NetworkRunner):
        return found
    runner = NetworkRunner(owner)
    runner.setObjectName("binhdan-network")
    return runner


class NetworkOp(Generic[T]):
    """An operation on the network thread: `op(progress)` runs there; `success(result)` or `failure(exc)` runs on
    the GUI thread (default failure: the one error handler)."""

    def __init__(self, *, parent: QWidget | None, op: Callable[[NetProgress], T],
                 success: Callable[[T], None] | None = None) -> None:
        self._parent, self._op = parent, op
        self._success = success
        self._failure: Callable[[BaseException], None] | None = None
        self._progress: Callable[[float, str], None] | None = None
        self._give_up: tuple[int, Callable[[], BaseException]] | None = None

    def success(self, fn: Callable[[T], None]) -> NetworkOp[T]:
        self._success = fn
        return self

    def failure(self, fn: Callable[[BaseException], None]) -> NetworkOp[T]:
        self._failure = fn
        return self

    def on_progress(self, fn: Callable[[float, str], None]) -> NetworkOp[T]:
        self._progress = fn
        return self

    def giving_up_after(self, msecs: int, error: Callable[[], BaseException]) -> NetworkOp[T]:
        """Fail with `error()` after `msecs` without progress (a folder on a dead network share never returns)."""
        self._give_up = (msecs, error)
        return self

    def run(self, runner: NetworkRunner) -> NetProgress:
        failure = self._failure or (lambda e: show_error(self._parent, e))
        success = self._success or (lambda _r: None)
        job = _Job(self._op, success, failure, self._progress)
        if self._give_up is not None:
            msecs, error = self._give_up
            job.watchdog = QTimer(runner, singleShot=True, interval=msecs)
            job.watchdog.timeout.connect(lambda: runner.give_up(job, error()))
            job.watchdog.start()
        return runner.submit(job)


__all__ = ["NetProgress", "NetworkOp", "NetworkRunner", "network_of"]
