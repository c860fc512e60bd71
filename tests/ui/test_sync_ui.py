"""Sync in the window, as a user meets it: a WebDAV place that never answers leaves the window responsive and
ends with a clear message; applying bundles is one worker task per bundle, so a save waits at most one; a save
while another program writes says the database is busy (or goes through once it lets go), never an
unexpected error."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QPushButton, QWidget

from binhdan_desktop.services import demo
from binhdan_desktop.store import db as db_module
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.sync import engine, webdav
from binhdan_desktop.sync.folder import FolderTarget
from binhdan_desktop.sync.team import create_team, ensure_identity
from binhdan_desktop.ui.mainwindow import MainWindow
from tests.teamkit import approve_waiting
from tests.test_sync_stages import LockHolder
from tests.test_sync_webdav import dav  # noqa: F401  (fixture)
from tests.ui.conftest import settle, type_text


def button(widget: QWidget, text: str) -> QPushButton:
    """The button a user sees with that text."""
    (found,) = [b for b in widget.findChildren(QPushButton) if b.text() == text]
    return found


class SilentServer:
    """Accepts connections on 127.0.0.1 and never answers; notes the GUI's tick count when a request
    comes in and when the client gives up. Stops by itself after `lifetime` seconds."""

    def __init__(self, ticks: list[int], lifetime: float = 30.0) -> None:
        self.ticks = ticks
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(lifetime)
        self.port = self.sock.getsockname()[1]
        self.accepted, self.dropped = threading.Event(), threading.Event()
        self.at_accept = self.at_drop = -1
        self.lifetime = lifetime
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        self.at_accept = len(self.ticks)
        self.accepted.set()
        conn.settimeout(self.lifetime)
        try:
            while conn.recv(4096):  # read the request, answer nothing, until the client hangs up
                pass
        except OSError:
            pass
        self.at_drop = len(self.ticks)
        self.dropped.set()
        conn.close()

    def close(self) -> None:
        self.sock.close()
        self.thread.join(self.lifetime + 5)


@pytest.fixture
def ticks(qtbot) -> Iterator[list[int]]:
    """A timer on the GUI thread: its count grows only while the GUI thread is free."""
    count: list[int] = []
    timer = QTimer(interval=10)
    timer.timeout.connect(lambda: count.append(1))
    timer.start()
    yield count
    timer.stop()


def _silent_place(ctx, tmp_path: Path, port: int) -> str:
    """This laptop in a team whose WebDAV place is the silent server; the password in the keyring."""
    from binhdan_desktop.ui import prefs as P

    create_team(ctx.db, tmp_path / "team.key")
    url = f"http://127.0.0.1:{port}/binhdan/"
    engine.set_target(ctx.db, url)
    ctx.prefs.set(P.SYNC_USER, "to-cns")
    keyring.set_password(webdav.SERVICE, f"to-cns@{url}", "mat-khau-1")
    return url


def test_f5_to_a_place_that_refuses_the_connection_says_check_the_network(
        window: MainWindow, ctx, qtbot, tmp_path: Path, monkeypatch) -> None:
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, **k: None)
    with socket.socket() as free:  # a port nobody listens on once this is closed: refused at once
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    _silent_place(ctx, tmp_path, port)
    window.sync.timer.stop()
    settle(qtbot, ctx)
    qtbot.keyClick(window.households.search, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.sync.label.text().endswith("(F5)"), timeout=20000)
    assert window.sync.label.text() == "Không kết nối được nơi đồng bộ — kiểm tra mạng rồi thử lại (F5)"


class ModalWatch:
    """Notes every modal window that comes up (a message box, a dialog) while the test runs."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            self.seen.append(type(modal).__name__)
            modal.close()


def test_f5_to_a_webdav_place_that_never_answers_says_so_in_the_status_bar_and_takes_no_keys(
        window: MainWindow, ctx, qtbot, ticks, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(webdav, "TIMEOUT", webdav.httpx.Timeout(connect=5.0, read=1.0, write=1.0, pool=5.0))
    shown: list[str] = []
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, **k: shown.append(str(a[2])))
    server = SilentServer(ticks)
    url = _silent_place(ctx, tmp_path, server.port)
    watch = ModalWatch()
    try:
        window.sync.timer.stop()  # this sync is the user's own: F5
        settle(qtbot, ctx)
        window.activateWindow()
        search = window.households.search
        search.setFocus()
        qtbot.keyClick(search, Qt.Key.Key_F5)
        qtbot.waitUntil(server.accepted.is_set, timeout=10000)
        type_text(search, "Cườ")  # typed while the request hangs
        qtbot.waitUntil(lambda: not window.sync.running, timeout=20000)
        type_text(search, "ng")  # and right after the failure is said
        label = window.sync.label
        assert shown == [] and watch.seen == []  # nothing modal took the keys
        assert label.text() == "Nơi đồng bộ không trả lời — thử lại sau (F5)"  # as the README and CLI say
        assert "không trả lời" in label.toolTip() and url in label.toolTip()  # which place, what happened
        assert "Timeout" not in label.text() + label.toolTip()  # never an exception's name
        assert search.text() == "Cường"  # every key the user typed arrived
        qtbot.waitUntil(lambda: window.households.model.rowCount() == 1, timeout=5000)
    finally:
        watch.timer.stop()
        server.close()


def test_a_quiet_sync_with_a_wrong_password_asks_nothing_and_f5_asks_for_it(window: MainWindow, ctx, qtbot,
                                                                             dav: str,  # noqa: F811
                                                                             tmp_path: Path, monkeypatch) -> None:
    from binhdan_desktop.ui import prefs as P
    from binhdan_desktop.ui import sync_ui

    monkeypatch.setattr(sync_ui, "_TYPED", {})
    asked: list[str] = []

    def get_text(parent: object, title: str, text: str, *a: object, **k: object) -> tuple[str, bool]:
        asked.append(text)
        return "mat-khau-1", True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    create_team(ctx.db, tmp_path / "team.key")
    engine.set_target(ctx.db, dav)
    ctx.prefs.set(P.SYNC_USER, "to-cns")
    keyring.set_password(webdav.SERVICE, f"to-cns@{dav}", "sai-mat-khau")  # an old password, no longer right
    window.sync.sync_now(quiet=True)  # what the timer does
    qtbot.waitUntil(lambda: window.sync.problem is not None, timeout=20000)
    settle(qtbot, ctx)
    assert asked == [] and "mật khẩu" in window.sync.label.text()  # said in the status bar only
    qtbot.keyClick(window.households.search, Qt.Key.Key_F5)  # the user's own sync: the one that may ask
    qtbot.waitUntil(lambda: bool(asked), timeout=20000)
    assert "to-cns" in asked[0] and dav in asked[0]
    qtbot.waitUntil(lambda: not window.sync.running and window.sync.problem is None, timeout=30000)
    assert "Đồng bộ lần cuối" in window.sync.label.text()
    assert list((tmp_path / "dav-root" / "binhdan").glob("*.bdsync"))  # synced with the password typed


def test_a_folder_on_a_dead_share_is_given_up_on_and_the_next_sync_waits_for_it(window: MainWindow, ctx, qtbot,
                                                                                ticks, tmp_path: Path,
                                                                                monkeypatch) -> None:
    from binhdan_desktop.ui import sync_run

    hung, entered = threading.Event(), threading.Event()
    alive = FolderTarget.check

    def dead_share(self: FolderTarget) -> None:  # a mount whose server is gone: the call never returns
        entered.set()
        hung.wait(30)

    monkeypatch.setattr(FolderTarget, "check", dead_share)
    monkeypatch.setattr(sync_run, "CHECK_GIVE_UP_MS", 500)
    create_team(ctx.db, tmp_path / "team.key")
    engine.set_target(ctx.db, str(tmp_path / "share"))
    try:
        window.sync.sync_now(quiet=True)
        qtbot.waitUntil(entered.is_set, timeout=10000)
        before = len(ticks)
        qtbot.waitUntil(lambda: "không trả lời" in window.sync.label.toolTip(), timeout=10000)
        assert len(ticks) - before >= 10 and not window.sync.running  # given up on, the window never waited
        assert "không trả lời" in window.sync.label.text()  # a share that hangs: sync.no_answer
        window.sync.auto()  # the stuck call has not returned: nothing new starts behind it
        window.sync.sync_now(quiet=True)  # F5 too says so at once
        assert not window.sync.running and "không trả lời" in window.sync.label.text()
    finally:
        hung.set()
    qtbot.waitUntil(lambda: not window.sync.network.busy(), timeout=10000)
    monkeypatch.setattr(FolderTarget, "check", alive)  # the share is back
    (tmp_path / "share").mkdir()
    window.sync.sync_now(quiet=True)
    qtbot.waitUntil(lambda: not window.sync.running, timeout=20000)
    assert "Đồng bộ lần cuối" in window.sync.label.text() and "kiểm tra mạng" not in window.sync.label.text()


def test_the_password_typed_in_settings_syncs_through_webdav_without_a_keyring(window: MainWindow, ctx, qtbot,
                                                                               dav: str,  # noqa: F811
                                                                               tmp_path: Path,
                                                                               monkeypatch) -> None:
    monkeypatch.setattr(webdav, "keyring_password", lambda url, user: None)  # no keyring on this machine
    monkeypatch.setattr(webdav, "remember_password", lambda url, user, password: False)
    create_team(ctx.db, tmp_path / "team.key")
    settings = window.show_page("settings").sync
    settle(qtbot, ctx)
    type_text(settings.target, dav)
    settings.user.clear()
    type_text(settings.user, "to-cns")
    type_text(settings.password, "mat-khau-1")
    qtbot.mouseClick(button(settings, "Lưu nơi đồng bộ"), Qt.MouseButton.LeftButton)
    assert settings.password.text() == ""  # not left in the field
    qtbot.mouseClick(button(settings, "Đồng bộ ngay (F5)"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.sync.running, timeout=5000)
    qtbot.waitUntil(lambda: not window.sync.running, timeout=30000)
    assert "Đồng bộ lần cuối" in window.sync.label.text() and window.sync.problem is None
    assert list((tmp_path / "dav-root" / "binhdan").glob("*.bdsync"))  # this laptop's changes went out


def _office_with_bundles(tmp_path: Path, monkeypatch) -> tuple[Path, Path, int]:
    """An office database that wrote its changes as many small bundles into a folder place."""
    office = open_database(tmp_path / "office.sqlite3")
    ensure_identity(office)
    demo.generate(office, 12, seed=5)
    create_team(office, tmp_path / "team.key")
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(engine, "PER_BUNDLE", 60)
    engine.sync(office, FolderTarget(usb))
    office.close()
    return tmp_path / "team.key", usb, len(list(usb.glob("*.bdsync")))


def _join_and_choose(window: MainWindow, qtbot, key: Path, place: Path, monkeypatch) -> object:
    settings = window.show_page("settings").sync
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(key), ""))
    qtbot.mouseClick(button(settings, "Tham gia tổ bằng tệp mời…"), Qt.MouseButton.LeftButton)
    settings.target.clear()
    type_text(settings.target, str(place))
    qtbot.mouseClick(button(settings, "Lưu nơi đồng bộ"), Qt.MouseButton.LeftButton)
    settle(qtbot, window.ctx)
    approve_waiting(key.parent / "office.sqlite3", window.ctx.db)  # the office said yes
    return settings


def test_applying_bundles_is_one_worker_task_each_and_a_save_runs_between_two(window: MainWindow, ctx, qtbot,
                                                                               tmp_path: Path, monkeypatch) -> None:
    key, usb, n = _office_with_bundles(tmp_path, monkeypatch)
    assert n >= 3
    events: list[str] = []
    save_queued = threading.Event()
    real_apply, real_set = engine.apply_stored, engine.set_target

    def apply_stored(db: Database, team: object, path: Path, report: engine.SyncReport) -> engine.Applied:
        events.append("apply")
        if events.count("apply") == 1:
            assert save_queued.wait(10)  # the user saves while the first bundle is being applied
        return real_apply(db, team, path, report)  # type: ignore[arg-type]

    def set_target(db: Database, spec: str) -> object:
        events.append("save")
        return real_set(db, spec)

    settings = _join_and_choose(window, qtbot, key, usb, monkeypatch)
    settle(qtbot, ctx)
    monkeypatch.setattr(engine, "apply_stored", apply_stored, raising=False)
    monkeypatch.setattr(engine, "set_target", set_target)
    qtbot.mouseClick(button(settings, "Đồng bộ ngay (F5)"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "apply" in events, timeout=10000)
    qtbot.mouseClick(button(settings, "Lưu nơi đồng bộ"), Qt.MouseButton.LeftButton)  # queued behind the running bundle
    save_queued.set()
    qtbot.waitUntil(lambda: not window.sync.running, timeout=30000)
    assert events.count("apply") == n  # one worker task per bundle
    assert events.index("save") == 1  # the save ran right after the first bundle, before the others
    assert "Đồng bộ lần cuối" in window.sync.label.text()
    qtbot.waitUntil(lambda: window.households.model.rowCount() == 15, timeout=5000)  # 3 here + 12 from the office


@pytest.fixture
def quick_busy(monkeypatch) -> None:
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 300, raising=False)
    monkeypatch.setattr(db_module, "WRITE_ATTEMPTS", 2, raising=False)


def test_a_save_while_another_program_writes_says_the_database_is_busy(window: MainWindow, ctx, qtbot, quick_busy,
                                                                        monkeypatch, tmp_path: Path) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    settings = window.show_page("settings").sync
    settle(qtbot, ctx)
    type_text(settings.target, str(tmp_path / "usb"))
    with LockHolder(ctx.db.path):
        qtbot.mouseClick(button(settings, "Lưu nơi đồng bộ"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "đang bận" in shown[0] and "binhdan sync" in shown[0]  # what happens and what to do; no crash box
    assert engine.target_spec(ctx.db) == ""


def test_a_save_goes_through_once_the_other_program_lets_go(window: MainWindow, ctx, qtbot, quick_busy,
                                                             tmp_path: Path) -> None:
    settings = window.show_page("settings").sync
    settle(qtbot, ctx)
    type_text(settings.target, str(tmp_path / "usb"))
    with LockHolder(ctx.db.path) as holder:
        handler = _ReleaseOnBusy(holder)
        log = logging.getLogger("binhdan_desktop.store.db")
        level = log.level
        log.setLevel(logging.DEBUG)  # the retries are logged at debug (the user is told once, in both languages)
        log.addHandler(handler)
        try:
            qtbot.mouseClick(button(settings, "Lưu nơi đồng bộ"), Qt.MouseButton.LeftButton)
            settle(qtbot, ctx)
        finally:
            log.removeHandler(handler)
            log.setLevel(level)
    assert handler.released  # the first attempt found the database busy, the retry went through
    assert engine.target_spec(ctx.db) == str(tmp_path / "usb")  # no box shown (the fixture fails on one)


class _ReleaseOnBusy(logging.Handler):
    def __init__(self, holder: LockHolder) -> None:
        super().__init__(logging.DEBUG)
        self.holder, self.released = holder, False

    def emit(self, record: logging.LogRecord) -> None:
        if "busy" in record.getMessage() and not self.released:
            self.holder.release()
            self.released = True


def _deleted_later() -> None:
    """What the event loop does between two user actions: deleteLater()'d widgets go."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_rebuilding_the_window_while_a_status_read_and_a_sync_are_in_flight_raises_nothing(
        ctx, qapp, qtbot, tmp_path: Path, monkeypatch) -> None:
    """Settings → Giao diện → Áp dụng rebuilds the window; the old one's status read and sync answer late."""
    from binhdan_desktop.app import Shell
    from binhdan_desktop.services import commune
    from binhdan_desktop.ui.operations import CollectionOp

    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(f"warning shown: {a[2]}"))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: pytest.fail(f"error shown: {a[2]}"))
    create_team(ctx.db, tmp_path / "team.key")
    engine.set_target(ctx.db, str(tmp_path / "usb"))
    (tmp_path / "usb").mkdir()
    shell = Shell(qapp, ctx)
    old = shell.show()  # not handed to qtbot: the rebuild deletes it
    settings = old.show_page("settings")
    settle(qtbot, ctx)
    gate = threading.Event()
    ctx.tasks.run(lambda _p: gate.wait(20))  # the worker is busy: what the old window asks next waits
    old.sync.refresh()  # a status read in flight
    old.sync.sync_now()  # a sync in flight (its first status read)
    old_timer = old.sync.timer
    qtbot.mouseClick(button(settings, "Áp dụng"), Qt.MouseButton.LeftButton)
    new = shell.window
    assert new is not None and new is not old
    qtbot.addWidget(new)
    assert not old_timer.isActive()  # the old controller's timer stopped before the window went
    _deleted_later()
    gate.set()
    settle(qtbot, ctx)
    qtbot.waitUntil(lambda: not new.sync.network.busy(), timeout=10000)
    settle(qtbot, ctx)
    # A change now (a save in the new window) is news the old controller must no longer act on.
    CollectionOp(parent=None, op=lambda db: commune.update_commune(
        db, name="Bình Chương", province="Quảng Ngãi", governing_body="")).run_in_background(ctx)
    settle(qtbot, ctx)
    new.sync.refresh()
    qtbot.waitUntil(lambda: "Đồng bộ lần cuối" in new.sync.label.text(), timeout=10000)


def test_a_damaged_file_at_the_place_turns_the_status_bar_amber_naming_it(window: MainWindow, ctx, qtbot,
                                                                         tmp_path: Path) -> None:
    """#15: a file refused or set aside is said in the status bar (which file, why, in Vietnamese), amber."""
    from tests.teamkit import enrol

    create_team(ctx.db, tmp_path / "team.key")
    usb = tmp_path / "usb"
    usb.mkdir()
    laptop = open_database(tmp_path / "laptop.sqlite3")
    ensure_identity(laptop)
    enrol(ctx.db, laptop, tmp_path / "team.key", "laptop")
    engine.sync(laptop, FolderTarget(usb))
    name = next(p.name for p in usb.glob("*.bdsync"))
    (usb / name).write_bytes((usb / name).read_bytes()[:150])  # the stick pulled mid-copy
    engine.set_target(ctx.db, str(usb))
    window.sync.timer.stop()
    settle(qtbot, ctx)
    qtbot.keyClick(window.households.search, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.sync.running, timeout=5000)
    qtbot.waitUntil(lambda: not window.sync.running, timeout=30000)
    text = window.sync.label.text()
    assert "1 tệp cần xem" in text and name in text and "cắt cụt" in text and "truncated" not in text
    assert "#ffd54f" in window.sync.label.styleSheet()
    assert name in window.sync.label.toolTip()


def test_pressing_join_twice_keeps_the_identity_and_the_laptop_keeps_pushing(window: MainWindow, ctx, qtbot,
                                                                              tmp_path: Path, monkeypatch) -> None:
    """Issue 15: a second join made a new signing key and the laptop's later bundles were refused as
    bad_signature everywhere."""
    from binhdan_desktop.services import households as hh

    key, usb, _n = _office_with_bundles(tmp_path, monkeypatch)
    settings = _join_and_choose(window, qtbot, key, usb, monkeypatch)
    settle(qtbot, ctx)
    qtbot.mouseClick(button(settings, "Đồng bộ ngay (F5)"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.sync.running, timeout=5000)
    qtbot.waitUntil(lambda: not window.sync.running, timeout=30000)
    device = ctx.db.device().device_id
    qtbot.mouseClick(button(settings, "Tham gia tổ bằng tệp mời…"), Qt.MouseButton.LeftButton)  # again
    settle(qtbot, ctx)
    with ctx.db.read() as s:
        hid = s.connection().exec_driver_sql("SELECT id FROM household ORDER BY id LIMIT 1").scalar()
    hh.update_household(ctx.db, hid, address="Sau khi bấm tham gia lần hai")
    qtbot.mouseClick(button(settings, "Đồng bộ ngay (F5)"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.sync.running, timeout=5000)
    qtbot.waitUntil(lambda: not window.sync.running, timeout=30000)
    assert ctx.db.device().device_id == device and window.sync.problem is None
    office = open_database(tmp_path / "office.sqlite3")
    report = engine.sync(office, FolderTarget(usb))
    assert not report.skipped, report.skipped
    with office.read() as s:
        address = s.connection().exec_driver_sql("SELECT address FROM household WHERE id = ?", (hid,)).scalar()
    office.close()
    assert address == "Sau khi bấm tham gia lần hai"
