"""Sync in the window: the status bar always says the state; "Đồng bộ ngay" syncs now; a timer syncs by
itself when something waits (a USB stick plugged in, the network back). Nothing here blocks the GUI thread:
the status is read on the database worker and a sync runs in stages (`ui/sync_run.py`).

A failure is said in the status bar (what to do in a few words, the whole message in its tooltip), never in a
box that would take the keys the user is typing: only a sync the user started that needs an answer from them
(the WebDAV password) opens a dialog. The window may be rebuilt (larger text, a restore) while a read or a sync
runs: `close()` stops the timer and makes every late answer harmless."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QWidget
from shiboken6 import isValid

from binhdan_desktop.domain.formatting import fmt_int
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.ui import prefs as P
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import lang
from binhdan_desktop.ui.network import network_of
from binhdan_desktop.ui.operations import QueryOp

if TYPE_CHECKING:
    from binhdan_desktop.services import Changes
    from binhdan_desktop.sync.engine import SyncReport
    from binhdan_desktop.sync.team import Status

log = logging.getLogger(__name__)
AUTO_EVERY_MS = 30_000
AUTO_AFTER = dt.timedelta(minutes=10)
_TYPED: dict[tuple[str, str], str] = {}  # WebDAV passwords typed in Settings → Đồng bộ this session
AMBER = "QLabel { background: #ffd54f; color: #3e2700; padding: 0 4px; }"
NETWORK_CODES = frozenset({"sync.no_answer", "sync.no_connection"})  # the place cannot be reached: check the network
PASSWORD_CODES = frozenset({"sync.no_password", "sync.wrong_password"})  # the one failure that needs an answer


def remember_typed(url: str, user: str, password: str) -> None:
    """Keep a typed password for this session (used when the OS keyring has none or there is no keyring)."""
    from binhdan_desktop.sync.webdav import place_url

    _TYPED[(place_url(url), user)] = password


def gui_password(url: str, user: str) -> str | None:
    """The window's password provider (runs on the network thread): what was typed this session (newer than what
    the keyring holds, which may be the wrong one it replaces), then the keyring."""
    from binhdan_desktop.sync.webdav import keyring_password

    return _TYPED.get((url, user)) or keyring_password(url, user)


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
        self.label.setMinimumWidth(1)  # a long message is cut, not a window wider than the screen (tooltip: all)
        self.running = False
        self.closed = False  # the window was rebuilt or closed: late answers are dropped
        self.problem: str | None = None  # the last sync's failure, shown until one succeeds
        self.detail = ""  # the whole message behind `problem` (the label's tooltip)
        self.status: Status | None = None
        self._reading, self._read_again = False, False
        self.network = network_of(ctx)
        self.timer = QTimer(self, interval=AUTO_EVERY_MS)
        self.timer.timeout.connect(self.auto)
        self.timer.start()
        ctx.changed.connect(self._on_changed)
        # The window calls refresh() after its first paint: the sync modules are not needed before.

    def close(self) -> None:
        """The window goes (rebuilt or closed): no more timer, change news or status bar updates."""
        if self.closed:
            return
        self.closed = True
        self.timer.stop()
        with contextlib.suppress(RuntimeError, TypeError):  # already disconnected
            self.ctx.changed.disconnect(self._on_changed)

    def _alive(self) -> bool:
        return not self.closed and isValid(self) and isValid(self.label)

    def _on_changed(self, _changes: Changes) -> None:
        if self._alive():
            self.refresh()

    # -- the status bar
    def refresh(self) -> None:
        """Read the sync status on the worker (one read at a time; a request meanwhile reads once more)."""
        if not self._alive():
            return
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
        if not self._alive():
            return
        if not self.running:
            self._render(st)
        if self._read_again:
            self._read_again = False
            self.refresh()

    def _render(self, st: Status) -> None:
        self.status = st
        self._say(self._text(st))

    def _say(self, text: str) -> None:
        if self._alive():
            files = self._files(self.status) if self.status else {}
            self.label.setText(text)
            self.label.setToolTip("\n".join(t for t in (self.detail, text, *self._file_lines(files)) if t))
            # Amber whenever the last sync left a file refused, set aside or waiting: a look is needed.
            # So does a clock that disagrees with the place or the changes received (told at start too).
            wrong_clock = bool(self.status and self.status.clock)
            self.label.setStyleSheet(AMBER if (files or wrong_clock) and not self.problem else "")

    @staticmethod
    def _files(st: Status) -> dict[str, str]:
        """The files the last sync could not use (file -> reason code), as the sync recorded them."""
        import json

        try:
            found = json.loads(st.last_error) if st.last_error else {}
        except ValueError:
            return {}
        from binhdan_desktop.sync.clock import CLOCK

        return {str(k): str(v) for k, v in found.items() if k != CLOCK} if isinstance(found, dict) else {}

    @staticmethod
    def _file_lines(files: dict[str, str]) -> list[str]:
        from binhdan_desktop.sync.place import reason_text

        return [f"{name}: {reason_text(reason, lang())}" for name, reason in sorted(files.items())]

    def _text(self, st: Status) -> str:
        if self.problem:  # what to do first; the rest of the status is in the tooltip
            return self.problem
        if st.team is None and st.joining == "waiting":
            return self.tr("Đang chờ văn phòng xã duyệt máy này vào tổ (mã máy {code}) — đồng bộ lại sau khi duyệt"
                           ).format(code=st.device_code)
        if st.team is None and st.joining == "approved":
            return self.tr("Văn phòng xã đã duyệt máy này — đồng bộ (F5) để nhận dữ liệu của tổ")
        if st.team is None and st.joining == "rejected":
            return self.tr("Văn phòng xã đã từ chối yêu cầu tham gia tổ của máy này — hãy hỏi văn phòng xã")
        if st.team is None:
            return self.tr("Chưa đồng bộ: máy chưa tham gia tổ (Cài đặt → Đồng bộ)")
        last = st.last_sync.replace(tzinfo=dt.UTC).astimezone().strftime("%H:%M %d/%m/%Y") if st.last_sync else \
            self.tr("chưa lần nào")
        text = self.tr("Đồng bộ lần cuối: {last} · {n} thay đổi chờ gửi").format(
            last=last, n=fmt_int(st.waiting, lang()))
        if st.conflicts:
            text += self.tr(" · {n} xung đột cần xem").format(n=st.conflicts)
        if st.clock:
            from binhdan_desktop.sync.place import reason_text

            text += " · " + reason_text(st.clock, lang())
        files = self._files(st)
        if files:
            from binhdan_desktop.sync.place import reason_text

            name, reason = sorted(files.items())[0]
            text += self.tr(" · {n} tệp cần xem: {name} — {reason}").format(
                n=len(files), name=name, reason=reason_text(reason, lang()))
        return text

    # -- syncing
    def sync_now(self, quiet: bool = False) -> None:
        """Sync now (F5; `quiet`: the timer's). A failure is said in the status bar either way."""
        if self.running or not self._alive():
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

        if not self._alive():
            return
        self.status = st
        try:
            if st.team is None and st.joining not in ("waiting", "approved"):
                raise BinhdanError("sync.join_rejected" if st.joining == "rejected" else "sync.no_team")
            user = str(self.ctx.prefs.get(P.SYNC_USER) or "") or None
            target = open_target(st.target or "", user=user, ask=gui_password)  # no I/O
        except BinhdanError as exc:
            self._failed(exc, quiet)
            return
        run = SyncRun(self.ctx, target, self)
        run.stage.connect(self._staged)
        run.finished.connect(self._done)
        run.failed.connect(lambda exc: self._failed(exc, quiet))
        run.start()

    def _staged(self, text: str) -> None:
        if self._alive():
            self.label.setText(self.tr("Đang đồng bộ: {stage}").format(stage=text))

    def _problem(self, exc: BaseException) -> tuple[str, str]:
        """The status bar's few words (what happened, what to do) and the whole message for its tooltip."""
        if not isinstance(exc, BinhdanError):
            log.error("sync failed: %s", type(exc).__name__, exc_info=exc)
            return (self.tr("Đồng bộ bị lỗi không mong đợi — hãy thử lại (F5)"),
                    self.tr("Đồng bộ dừng giữa chừng vì một lỗi không mong đợi; dữ liệu trên máy này không bị ảnh "
                            "hưởng. Hãy thử lại (F5)."))
        if exc.code == "sync.no_answer":  # it accepted and never answered: the network is fine, the place is not
            return self.tr("Nơi đồng bộ không trả lời — thử lại sau (F5)"), exc.message(lang())
        if exc.code in NETWORK_CODES:
            return self.tr("Không kết nối được nơi đồng bộ — kiểm tra mạng rồi thử lại (F5)"), exc.message(lang())
        if exc.code == "sync.no_team":  # the core's words name a terminal command; the window has its own way
            return self.tr("Chưa đồng bộ: máy chưa tham gia tổ (Cài đặt → Đồng bộ)"), exc.message(lang())
        if exc.code in PASSWORD_CODES:
            return (self.tr("Nơi đồng bộ cần mật khẩu đúng — nhập ở Cài đặt → Đồng bộ rồi thử lại (F5)"),
                    exc.message(lang()))
        return self.tr("Chưa đồng bộ được: {msg}").format(msg=_short(exc)), exc.message(lang())

    def _failed(self, exc: BaseException, quiet: bool) -> None:
        self.running = False
        if not self._alive():
            return
        self.problem, self.detail = self._problem(exc)
        self._say(self._text(self.status) if self.status else self.problem)
        if not quiet and isinstance(exc, BinhdanError) and exc.code in PASSWORD_CODES:
            # The user asked for this sync and only they can answer: ask once the failure is said.
            QTimer.singleShot(0, self, lambda: self._ask_password(exc))

    def _ask_password(self, exc: BinhdanError) -> None:
        """Ask for the WebDAV password (kept for this session and in the OS keyring), then sync again."""
        from binhdan_desktop.sync import webdav
        from binhdan_desktop.ui.network import NetworkOp

        url, user = str(exc.params.get("target") or ""), str(exc.params.get("user") or "")
        if not self._alive() or not url or not user:
            return
        question = self.tr("Nơi đồng bộ {place} chưa nhận mật khẩu của tài khoản {user}. Mật khẩu:") \
            if exc.code == "sync.wrong_password" else \
            self.tr("Nơi đồng bộ {place} cần mật khẩu của tài khoản {user}. Mật khẩu:")
        password, ok = QInputDialog.getText(self.parent_widget, self.tr("Mật khẩu WebDAV"),
                                            question.format(place=url, user=user), QLineEdit.EchoMode.Password)
        if not (ok and password) or not self._alive():
            return
        remember_typed(url, user, password)
        NetworkOp(parent=None, op=lambda _p: webdav.remember_password(url, user, password)) \
            .failure(lambda _e: None).run(self.network)
        self.sync_now()

    def _done(self, report: SyncReport) -> None:
        """The views refreshed from each bundle's Changes already; the status bar reads once more, and only
        then is the sync over (so whoever waits for `running` sees the new status)."""
        from binhdan_desktop.sync import team

        if not self._alive():
            self.running = False
            return
        self.problem, self.detail = None, ""

        def shown(st: Status) -> None:
            self.running = False
            if self._alive():
                self._render(st)

        def unread(exc: BaseException) -> None:
            self.running = False
            log.warning("sync status not read: %s", type(exc).__name__)

        QueryOp(parent=None, op=team.status, success=shown).failure(unread).run_in_background(self.ctx)

    def auto(self) -> None:
        """Sync by itself when the place is set and something waits (or it has been a while)."""
        if self.running or self.network.busy() or not self._alive():
            return
        from binhdan_desktop.sync import team

        QueryOp(parent=None, op=team.status, success=self._auto_with) \
            .failure(lambda exc: log.warning("sync status not read: %s", type(exc).__name__)) \
            .run_in_background(self.ctx)

    def _auto_with(self, st: Status) -> None:
        if not self._alive():
            return
        self.status = st
        joining = st.joining in ("waiting", "approved")
        if self.running or self.network.busy() or (st.team is None and not joining) or not st.target:
            return
        stale = st.last_sync is None or dt.datetime.now(dt.UTC).replace(tzinfo=None) - st.last_sync > AUTO_AFTER
        if st.waiting or stale or st.joining in ("waiting", "approved"):
            self.sync_now(quiet=True)
