"""Sync in the window: the status bar always says the state; "Đồng bộ ngay" syncs now; a timer
syncs by itself when the configured place is reachable (a USB stick plugged in, the network back)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from binhdan_desktop.domain.formatting import fmt_int
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import Changes
from binhdan_desktop.ui import prefs as P
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import lang
from binhdan_desktop.ui.tasks import Progress

if TYPE_CHECKING:
    from binhdan_desktop.sync.engine import SyncReport

AUTO_EVERY_MS = 30_000
AUTO_AFTER = dt.timedelta(minutes=10)


def everything() -> Changes:
    """What a sync may have changed: every synced table."""
    from binhdan_desktop.store.models import SYNCED_MODELS

    return Changes(frozenset(m.__tablename__ for m in SYNCED_MODELS))


class SyncController(QObject):
    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.parent_widget = ctx, parent
        self.label = QLabel()
        self.running = False
        self.timer = QTimer(self, interval=AUTO_EVERY_MS)
        self.timer.timeout.connect(self.auto)
        self.timer.start()
        ctx.changed.connect(lambda _: self.refresh())
        # The window calls refresh() after its first paint: the sync modules are not needed before.

    def refresh(self) -> None:
        from binhdan_desktop.sync import team

        st = team.status(self.ctx.db)
        if st.team is None:
            self.label.setText(self.tr("Chưa đồng bộ: máy chưa tham gia tổ (Cài đặt → Đồng bộ)"))
            return
        last = st.last_sync.replace(tzinfo=dt.UTC).astimezone().strftime("%H:%M %d/%m/%Y") if st.last_sync else \
            self.tr("chưa lần nào")
        text = self.tr("Đồng bộ lần cuối: {last} · {n} thay đổi chờ gửi").format(last=last, n=fmt_int(st.waiting, lang()))
        if st.conflicts:
            text += self.tr(" · {n} xung đột cần xem").format(n=st.conflicts)
        if st.last_error:
            text += self.tr(" · có tệp bị bỏ qua")
        self.label.setText(text)

    def _target(self) -> object:
        with self.ctx.db.read() as s:
            spec = s.connection().exec_driver_sql("SELECT target FROM sync_local").scalar()
        from binhdan_desktop.sync.targets import open_target

        user = str(self.ctx.prefs.get(P.SYNC_USER) or "") or None
        return open_target(spec or "", user=user)

    def sync_now(self, quiet: bool = False) -> None:
        if self.running:
            return
        self.running = True
        db = self.ctx.db

        def work(progress: Progress) -> SyncReport:
            from binhdan_desktop.sync import engine

            target = self._target()
            return engine.sync(db, target, lambda f, name: progress.report(f))  # type: ignore[arg-type]

        def failed(exc: BaseException) -> None:
            self.running = False
            if isinstance(exc, BinhdanError):
                self.label.setText(self.tr("Lỗi đồng bộ: {msg}").format(msg=exc.message(lang())))
            if not quiet:
                from binhdan_desktop.ui.tasks import show_error

                show_error(self.parent_widget, exc)

        self.label.setText(self.tr("Đang đồng bộ…"))
        self.ctx.tasks.run(work, self._done, parent=self.parent_widget,
                           title=None if quiet else self.tr("Đang đồng bộ…"), on_error=failed)

    def _done(self, report: SyncReport) -> None:
        self.running = False
        if report.changes:
            self.ctx.changed.emit(everything())
        self.refresh()

    def auto(self) -> None:
        """Sync by itself when the place is there and something waits (or it has been a while)."""
        if self.running:
            return
        from binhdan_desktop.sync import team

        st = team.status(self.ctx.db)
        if st.team is None or not st.target:
            return
        stale = st.last_sync is None or dt.datetime.now(dt.UTC).replace(tzinfo=None) - st.last_sync > AUTO_AFTER
        if not (st.waiting or stale):
            return
        try:
            self._target().check()  # type: ignore[attr-defined]
        except BinhdanError:
            return  # not reachable now: try again at the next tick
        self.sync_now(quiet=True)
