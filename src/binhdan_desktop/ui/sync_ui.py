"""Sync in the window: the status bar always says the state; "Đồng bộ ngay" syncs now; a timer syncs by
itself when something waits (a USB stick plugged in, the network back). Nothing here blocks the GUI thread:
the status is read on the database worker and a sync runs in stages (`ui/sync_run.py`)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from binhdan_desktop.domain.formatting import fmt_int
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.ui import prefs as P
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import lang
from binhdan_desktop.ui.network import network_of
from binhdan_desktop.ui.operations import QueryOp
from binhdan_desktop.ui.tasks import show_error

if TYPE_CHECKING:
    from binhdan_desktop.sync.engine import SyncReport
    from binhdan_desktop.sync.team import Status

log = logging.getLogger(__name__)
AUTO_EVERY_MS = 30_000
AUTO_AFTER = dt.timedelta(minutes=10)
_TYPED: dict[tuple[str, str], str] = {}  # WebDAV passwords typed in Settings → Đồng bộ this session


def remember_typed(url: str, user: str, password: str) -> None:
    """Keep a typed password for this session (used when the OS keyring has none or there is no keyring)."""
    from binhdan_desktop.sync.webdav import place_url

    _TYPED[(place_url(url), user)] = password


def gui_password(url: str, user: str) -> str | None:
    """The window's password provider (runs on the network thread): the keyring, then what was typed."""
    from binhdan_desktop.sync.webdav import keyring_password

    return keyring_password(url, user) or _TYPED.get((url, user))


def _short(exc: BinhdanError) -> str:
    """The status bar's few words: a place's reason alone (its own "vi / en" halves), else the whole message."""
    reason = exc.params.get("reason")
    if not isinstance(reason, str):
        return exc.message(lang())
    halves = reason.split(" / ", 1)
    return halves[1] if lang() == "en" and len(halves) == 2 else halves[0]


class SyncController(QObject):
    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.parent_widget = ctx, parent
        self.label = QLabel()
        self.running = False
        self.problem: str | None = None  # the last sync's failure, shown until one succeeds
        self.status: Status | None = None
        self._reading, self._read_again = False, False
        self.network = network_of(ctx)
        self.timer = QTimer(self, interval=AUTO_EVERY_MS)
        self.timer.timeout.connect(self.auto)
        self.timer.start()
        ctx.changed.connect(lambda _: self.refresh())
        # The window calls refresh() after its first paint: the sync modules are not needed before.

    # -- the status bar
    def refresh(self) -> None:
        """Read the sync status on the worker (one read at a time; a request meanwhile reads once more)."""
        if self._reading:
            self._read_again = True
            return
        from binhdan_desktop.sync import team

        self._reading = True
        QueryOp(parent=None, op=team.status, success=self._show).failure(self._status_failed) \
            .run_in_background(self.ctx)

    def _status_failed(self, exc: BaseException) -> None:
        self._reading = False
        log.warning("sync status not read: %s", type(exc).__name__)

    def _show(self, st: Status) -> None:
        self._reading = False
        if not self.running:
            self._render(st)
        if self._read_again:
            self._read_again = False
            self.refresh()

    def _render(self, st: Status) -> None:
        self.status = st
        self.label.setText(self._text(st))

    def _text(self, st: Status) -> str:
        if st.team is None:
            return self.tr("Chưa đồng bộ: máy chưa tham gia tổ (Cài đặt → Đồng bộ)")
        last = st.last_sync.replace(tzinfo=dt.UTC).astimezone().strftime("%H:%M %d/%m/%Y") if st.last_sync else \
            self.tr("chưa lần nào")
        text = self.tr("Đồng bộ lần cuối: {last} · {n} thay đổi chờ gửi").format(
            last=last, n=fmt_int(st.waiting, lang()))
        if st.conflicts:
            text += self.tr(" · {n} xung đột cần xem").format(n=st.conflicts)
        if st.last_error:
            text += self.tr(" · có tệp bị bỏ qua")
        if self.problem:
            text += " · " + self.problem
        return text

    # -- syncing
    def sync_now(self, quiet: bool = False) -> None:
        """Sync now (F5; `quiet`: the timer's, which shows no box on failure)."""
        if self.running:
            return
        if self.network.stuck():  # a request given up on has not returned yet: start nothing behind it
            self._failed(BinhdanError("sync.no_answer", target=self.status.target if self.status else "?"), quiet)
            return
        from binhdan_desktop.sync import team

        self.running = True
        self.label.setText(self.tr("Đang đồng bộ…"))
        QueryOp(parent=None, op=team.status, success=lambda st: self._start(st, quiet)) \
            .failure(lambda exc: self._failed(exc, quiet)).run_in_background(self.ctx)

    def _start(self, st: Status, quiet: bool) -> None:
        from binhdan_desktop.sync.targets import open_target
        from binhdan_desktop.ui.sync_run import SyncRun

        self.status = st
        try:
            if st.team is None:
                raise BinhdanError("sync.no_team")
            user = str(self.ctx.prefs.get(P.SYNC_USER) or "") or None
            target = open_target(st.target or "", user=user, ask=gui_password)  # no I/O
        except BinhdanError as exc:
            self._failed(exc, quiet)
            return
        run = SyncRun(self.ctx, target, self)
        run.stage.connect(lambda text: self.label.setText(self.tr("Đang đồng bộ: {stage}").format(stage=text)))
        run.finished.connect(self._done)
        run.failed.connect(lambda exc: self._failed(exc, quiet))
        run.start()

    def _failed(self, exc: BaseException, quiet: bool) -> None:
        self.running = False
        if isinstance(exc, BinhdanError):  # the timer's own try (a USB stick not plugged in) is no "error"
            text = self.tr("Chưa đồng bộ được: {msg}") if quiet else self.tr("Lỗi đồng bộ: {msg}")
            short = self.tr("nơi đồng bộ không trả lời") if exc.code == "sync.no_answer" else _short(exc)
            self.problem = text.format(msg=short)
        else:
            self.problem = self.tr("Lỗi đồng bộ ({name})").format(name=type(exc).__name__)
            log.error("sync failed: %s", type(exc).__name__, exc_info=exc)
        self.label.setText(self._text(self.status) if self.status else self.problem)
        self.label.setToolTip(exc.message(lang()) if isinstance(exc, BinhdanError) else self.problem)
        if not quiet:
            show_error(self.parent_widget, exc)

    def _done(self, report: SyncReport) -> None:
        """The views refreshed from each bundle's Changes already; the status bar reads once more, and only
        then is the sync over (so whoever waits for `running` sees the new status)."""
        from binhdan_desktop.sync import team

        self.problem = None
        self.label.setToolTip("")

        def shown(st: Status) -> None:
            self.running = False
            self._render(st)

        def unread(exc: BaseException) -> None:
            self.running = False
            log.warning("sync status not read: %s", type(exc).__name__)

        QueryOp(parent=None, op=team.status, success=shown).failure(unread).run_in_background(self.ctx)

    def auto(self) -> None:
        """Sync by itself when the place is set and something waits (or it has been a while)."""
        if self.running or self.network.busy():
            return
        from binhdan_desktop.sync import team

        QueryOp(parent=None, op=team.status, success=self._auto_with) \
            .failure(lambda exc: log.warning("sync status not read: %s", type(exc).__name__)) \
            .run_in_background(self.ctx)

    def _auto_with(self, st: Status) -> None:
        self.status = st
        if self.running or self.network.busy() or st.team is None or not st.target:
            return
        stale = st.last_sync is None or dt.datetime.now(dt.UTC).replace(tzinfo=None) - st.last_sync > AUTO_AFTER
        if st.waiting or stale:
            self.sync_now(quiet=True)
