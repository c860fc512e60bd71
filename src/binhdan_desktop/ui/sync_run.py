"""One sync in the window, stage by stage (`sync.engine`): the network stages on the network thread, each
database stage as its own task on the one database worker. The GUI thread only hands results on, so the window
answers while the place is slow, and a save waits at most one bundle."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.services import Database
from binhdan_desktop.sync import engine, enrolment
from binhdan_desktop.sync.folder import Target
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.network import NetProgress, NetworkOp, network_of
from binhdan_desktop.ui.operations import CollectionOp, QueryOp

T = TypeVar("T")
# A network stage this long without progress: the place does not answer (a folder on a dead network share never
# returns; WebDAV requests give up sooner by themselves: webdav.TIMEOUT).
CHECK_GIVE_UP_MS = 40_000
TRANSFER_GIVE_UP_MS = 300_000  # per file: a bundle of 64 MB onto a slow USB stick takes a while


class SyncRun(QObject):
    """check → membership → export (one task per bundle) → download → apply (one task per bundle) → upload → record."""

    stage = Signal(str)  # what it does now, for the status bar
    finished = Signal(object)  # the SyncReport
    failed = Signal(object)  # the exception

    def __init__(self, ctx: AppContext, target: Target, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.target = ctx, target
        self.network = network_of(ctx)
        self.report = engine.SyncReport()
        self.here: engine.Local | None = None
        self.queue = engine.ApplyQueue([])
        self.tasks = 0  # bundles handed to the worker so far
        self._rounds = 0  # membership exchanges so far
        self.over = False

    def start(self) -> None:
        self.stage.emit(self.tr("kết nối nơi đồng bộ…"))
        self._network(lambda _p: engine.check(self.target, self.report),
                      lambda _: self._read(enrolment.view, self._membership), CHECK_GIVE_UP_MS)

    def _membership(self, here: enrolment.View) -> None:
        """The membership log and join requests both ways, then (database) whether this device is in the team;
        once more when that made something new for the place (an upgrade, approvals): as `engine.enrol`."""
        self.stage.emit(self.tr("trao đổi danh sách thành viên tổ…"))
        report = self.report
        before = (report.upgraded, len(report.enrolled))
        self._rounds += 1
        self._network(lambda _p: enrolment.exchange(self.target, here, report),
                      lambda _: self._write(lambda db: engine.standing(db, report),
                                            lambda member: self._enrolled(member, before)))

    def _enrolled(self, member: bool, before: tuple[bool, int]) -> None:
        if self._rounds < 2 and (self.report.upgraded, len(self.report.enrolled)) != before:
            self._read(enrolment.view, self._membership)
        elif member:
            self._read(engine.wanted_snapshot, self._snapshot)
        else:  # its join request waits for the office: said in the status bar, nothing else to do yet
            self._write(lambda db: engine.record(db, self.target.label, self.report), lambda _: self._end(None))

    def _snapshot(self, want: engine.WantedSnapshot | None) -> None:
        """A fresh laptop starts from the office's newest snapshot (`engine.join_by_snapshot`, stage by stage)."""
        if want is None:
            self._export()
            return
        self.stage.emit(self.tr("nhận bản chụp cả xã của văn phòng…"))
        report = self.report

        def fetched(found: engine.Snapshot | None) -> None:
            if found is None:
                self._export()
            else:
                self._write(lambda db: engine.take_snapshot(db, found, report), lambda _: self._export())

        self._network(lambda _p: engine.fetch_snapshot(self.target, want, report), fetched)

    def _export(self) -> None:
        self.stage.emit(self.tr("chuẩn bị các thay đổi của máy này…"))
        self._write(lambda db: engine.export_one(db, self.report),
                    lambda more: self._export() if more else self._read(engine.local, self._download))

    def _download(self, here: engine.Local) -> None:
        self.here = here
        self.stage.emit(self.tr("nhận tệp…"))
        self._network(lambda p: engine.download(self.target, here, self.report, p.report),
                      lambda _: self._read(engine.stored_bundles, self._apply_all))

    def _apply_all(self, paths: list[Path]) -> None:
        self.queue = engine.ApplyQueue(paths)
        self._apply_next()

    def _apply_next(self) -> None:
        path = self.queue.take()
        if path is None:
            self.report.waiting = self.queue.waiting
            self._upload()
            return
        assert self.here is not None
        team, report = self.here.team, self.report
        self.tasks += 1
        self.stage.emit(self.tr("áp dụng tệp {n}/{total}…").format(
            n=min(self.tasks, self.queue.total), total=self.queue.total))

        def applied(result: engine.Applied) -> None:
            self.queue.settle(path, result.outcome)
            self._apply_next()

        self._write(lambda db: engine.apply_stored(db, team, path, report), applied)

    def _upload(self) -> None:
        assert self.here is not None
        store, team = self.here.store, self.here.team
        self.stage.emit(self.tr("gửi tệp…"))
        self._network(lambda p: engine.upload(self.target, store, self.report, p.report, team=team),
                      lambda _: self._read(lambda db: engine.snapshot_due(db, self.report.listing), self._offer))

    def _offer(self, due: bool) -> None:
        """The office writes a snapshot when the place holds more than `snapshot.AUTO_EVERY` bundles its last one
        does not cover (made on the database worker, written at the place on the network thread)."""
        if not due:
            self._record()
            return
        self.stage.emit(self.tr("ghi bản chụp cả xã cho máy mới…"))
        report = self.report

        def put(made: tuple[str, bytes]) -> None:
            name, data = made
            self._network(lambda _p: engine.put_snapshot(self.target, name, data),
                          lambda _: self._write(lambda db: engine.remember_snapshot(db, name, data, report),
                                                lambda _: self._record()))

        self._read(engine.make_snapshot, put)

    def _record(self) -> None:
        self._write(lambda db: engine.record(db, self.target.label, self.report), lambda _: self._end(None))

    # -- plumbing: every stage's answer comes back here on the GUI thread
    def _step(self, then: Callable[[Any], None], result: object) -> None:
        if not self.over and isValid(self):  # not when the window closed meanwhile
            then(result)

    def _end(self, exc: BaseException | None) -> None:
        if self.over or not isValid(self):
            return
        self.over = True
        target = self.target
        NetworkOp(parent=None, op=lambda _p: target.close()).failure(lambda _e: None).run(self.network)
        if exc is None:
            self.finished.emit(self.report)
        else:
            self.failed.emit(exc)

    def _network(self, op: Callable[[NetProgress], T], then: Callable[[T], None],
                 give_up_ms: int = TRANSFER_GIVE_UP_MS) -> None:
        label = self.target.label
        NetworkOp(parent=None, op=op, success=lambda r: self._step(then, r)).failure(self._end) \
            .giving_up_after(give_up_ms, lambda: BinhdanError("sync.no_answer", target=label)).run(self.network)

    def _write(self, op: Callable[[Database], T], then: Callable[[T], None]) -> None:
        CollectionOp(parent=None, op=op, success=lambda r: self._step(then, r)).failure(self._end) \
            .run_in_background(self.ctx)

    def _read(self, op: Callable[[Database], T], then: Callable[[T], None]) -> None:
        QueryOp(parent=None, op=op, success=lambda r: self._step(then, r)).failure(self._end) \
            .run_in_background(self.ctx)
