"""Typed operations on the one serial worker, after Anki's `aqt.operations`: a view asks, the worker runs the
service, and the result (or the error) comes back by signal on the GUI thread.

- `QueryOp`: a read. `op(db)` runs on the worker; `success(result)` runs on the GUI thread.
- `CollectionOp`: a write, one service call = one transaction. `op(db)` returns `Changes` (or a result with a
  `changes` attribute); on success the undo entry is pushed, `ctx.changed` is emitted so every view refreshes
  from what changed, then `success(result)` runs.

A `CollectionOp` also takes `.undoable(text, undo)` (Ctrl+Z runs `undo(result)`; `text` names the action) and
`.says(message)`: once the write is done, `ctx.status` carries the message to the window's status bar (Ctrl+Z
says "Đã hoàn tác: <text>"), so every action that changes data says what happened, in one place.

Both take `.with_progress(title)` (a progress dialog after 600 ms, with cancel; the op then gets the `Progress`
as a second argument through `op_progress=`), `.reporting(fn)` (no dialog: `fn(fraction, text)` on the GUI thread
shows it in the caller's own window, whose own button cancels through the `Progress` `run_in_background` returns),
`.failure(fn)` (default: the one error handler) and `.disabling(widget, …)` (the widgets are disabled while the
op runs, so a double click saves once).

    CollectionOp(parent=self, op=lambda db: svc.save(db, draft)).success(lambda _: self.accept()) \
        .run_in_background(self.ctx)

The GUI thread never opens a transaction: short reads of one page of rows by id (≤ 100) are the one exception
(the household list's pages)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from binhdan_desktop.services import Changes
from binhdan_desktop.ui.tasks import Progress, show_error

if TYPE_CHECKING:
    from binhdan_desktop.services import Database
    from binhdan_desktop.ui.context import AppContext

T = TypeVar("T")
R = TypeVar("R")


def changes_in(result: object) -> Changes:
    """The Changes a write returned: itself, or its `changes` attribute (import results and the like)."""
    if isinstance(result, Changes):
        return result
    found = getattr(result, "changes", None)
    return found if isinstance(found, Changes) else Changes()


def _alive(widget: QWidget | None) -> bool:
    """False once the widget's C++ side was deleted (its window rebuilt, its dialog closed)."""
    return widget is None or shiboken6.isValid(widget)


class _Op(Generic[T]):
    def __init__(self, parent: QWidget | None, op: Callable[[Database], T] | None,
                 op_progress: Callable[[Database, Progress], T] | None) -> None:
        if (op is None) == (op_progress is None):
            raise TypeError("give exactly one of op= and op_progress=")
        self._parent = parent
        self._op = op
        self._op_progress = op_progress
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._title: str | None = None
        self._cancellable = True
        self._report: Callable[[float, str], None] | None = None
        self._disabled: tuple[QWidget, ...] = ()

    def success(self, fn: Callable[[T], None]) -> _Op[T]:
        self._success = fn
        return self

    def failure(self, fn: Callable[[BaseException], None]) -> _Op[T]:
        self._failure = fn
        return self

    def with_progress(self, title: str, *, cancellable: bool = True) -> _Op[T]:
        self._title, self._cancellable = title, cancellable
        return self

    def reporting(self, fn: Callable[[float, str], None]) -> _Op[T]:
        """The progress shown by the caller (`fn(fraction, text)` on the GUI thread), in place of a dialog."""
        self._report = fn
        return self

    def disabling(self, *widgets: QWidget) -> _Op[T]:
        self._disabled = widgets
        return self

    def _work(self, db: Database) -> Callable[[Progress], T]:
        op, op_progress = self._op, self._op_progress
        if op_progress is not None:
            return lambda progress: op_progress(db, progress)
        assert op is not None
        return lambda _progress: op(db)

    def _finished(self, ctx: AppContext, result: T) -> None:
        # A screen rebuilt or a dialog closed while its op ran: the answer has nowhere to go.
        if self._success is not None and _alive(self._parent):
            self._success(result)

    def run_in_background(self, ctx: AppContext) -> Progress:
        for w in self._disabled:
            w.setEnabled(False)

        def release() -> None:
            for w in self._disabled:
                with contextlib.suppress(RuntimeError):  # the widget was deleted meanwhile (its dialog closed)
                    w.setEnabled(True)

        def done(result: T) -> None:
            release()
            self._finished(ctx, result)

        def failed(exc: BaseException) -> None:
            release()
            parent = self._parent if _alive(self._parent) else None
            (self._failure or (lambda e: show_error(parent, e)))(exc)

        return ctx.tasks.run(self._work(ctx.db), done, parent=self._parent, title=self._title,
                             cancellable=self._cancellable, on_error=failed, on_progress=self._report)


class QueryOp(_Op[T]):
    """A read on the worker; its result comes back to `success` on the GUI thread."""

    def __init__(self, *, parent: QWidget | None, op: Callable[[Database], T] | None = None,
                 op_progress: Callable[[Database, Progress], T] | None = None,
                 success: Callable[[T], None] | None = None) -> None:
        super().__init__(parent, op, op_progress)
        self._success = success


class CollectionOp(_Op[R]):
    """A write on the worker: one service call, one transaction. On success the undo entry is pushed and
    `ctx.changed` announces what changed before `success` runs."""

    def __init__(self, *, parent: QWidget | None, op: Callable[[Database], R] | None = None,
                 op_progress: Callable[[Database, Progress], R] | None = None,
                 success: Callable[[R], None] | None = None) -> None:
        super().__init__(parent, op, op_progress)
        self._success = success
        self._undo_text = ""
        self._undo: Callable[[R], Callable[[Database], Changes]] | None = None
        self._message = ""

    def undoable(self, text: str, undo: Callable[[R], Callable[[Database], Changes]]) -> CollectionOp[R]:
        """`undo(result)` gives the service call that reverses this action; Ctrl+Z runs it on the worker.
        `text` names the action ("Sửa hộ T03-0127"): the Undo menu item and its status message show it."""
        self._undo_text, self._undo = text, undo
        return self

    def says(self, message: str) -> CollectionOp[R]:
        """What the status bar says once the write is done ("Đã lưu hộ T03-0127")."""
        self._message = message
        return self

    def _finished(self, ctx: AppContext, result: R) -> None:
        if self._undo is not None:
            ctx.undo.push(self._undo_text, self._undo(result))
        ctx.changed.emit(changes_in(result))
        if self._message:
            ctx.say(self._message)
        super()._finished(ctx, result)


def run_undo(ctx: AppContext, parent: QWidget | None) -> None:
    """Ctrl+Z: the last undoable action's reverse, as a write on the worker."""
    entry = ctx.undo.pop()
    if entry is None:
        return
    CollectionOp(parent=parent, op=entry.undo) \
        .says(QCoreApplication.translate("Operations", "Đã hoàn tác: {what}").format(what=entry.text)) \
        .run_in_background(ctx)


def idle(ctx: AppContext) -> bool:
    """True when no op waits or runs (tests wait on it; closing the window waits for it)."""
    return ctx.idle()


__all__ = ["CollectionOp", "Progress", "QueryOp", "changes_in", "idle", "run_undo"]
