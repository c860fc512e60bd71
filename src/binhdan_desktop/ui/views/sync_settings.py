"""Settings → Đồng bộ: join the team, choose the sync place, and review sync conflicts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from binhdan_desktop.services import Changes, Database, duplicates
from binhdan_desktop.sync import conflicts, engine, enrolment, team, webdav
from binhdan_desktop.sync.targets import is_webdav
from binhdan_desktop.ui import prefs as P
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.i18n import lang
from binhdan_desktop.ui.network import NetworkOp, network_of
from binhdan_desktop.ui.operations import CollectionOp, QueryOp
from binhdan_desktop.ui.sync_ui import remember_typed
from binhdan_desktop.ui.tasks import show_error
from binhdan_desktop.ui.widgets.buttons import left_row

TEAM_TABLES = Changes(frozenset({"sync_local", "team_device"}))


State = tuple[team.Status, list[conflicts.ConflictRow], list[enrolment.Pending], list[duplicates.Duplicate]]


def _settings_state(db: Database, language: str = "vi") -> State:
    st = team.status(db)
    return (st, conflicts.open_conflicts(db, language), enrolment.requests(db) if st.office else [],
            duplicates.find(db, language))


class SyncSettings(QWidget):
    def __init__(self, ctx: AppContext, sync_now: object = None) -> None:
        super().__init__()
        self.ctx, self.sync_now = ctx, sync_now
        self.team_label = QLabel()
        self.target, self.user, self.password = QLineEdit(), QLineEdit(str(ctx.prefs.get(P.SYNC_USER))), QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("chỉ cho WebDAV; được lưu trong kho khoá của máy"))
        self.target.setPlaceholderText(self.tr("Thư mục (USB, thư mục chia sẻ, Syncthing) hoặc https://… (WebDAV)"))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Hộ / người"), self.tr("Thông tin"),
                                              self.tr("Giá trị đang dùng"), self.tr("Giá trị bị ghi đè")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items: list[conflicts.ConflictRow] = []
        self.requests = QTableWidget(0, 4)
        self.requests.setHorizontalHeaderLabels([self.tr("Máy xin tham gia"), self.tr("Mã máy"), self.tr("Tình trạng"),
                                                 self.tr("Lưu ý")])
        self.requests.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.requests.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.pending: list[enrolment.Pending] = []
        # Business duplicates after sync: the same CCCD on two laptops, one household code given twice.
        self.dups = QTableWidget(0, 2)
        self.dups.setHorizontalHeaderLabels([self.tr("Trùng"), self.tr("Các bản ghi (bản đầu được giữ)")])
        self.dups.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.dups.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.dup_items: list[duplicates.Duplicate] = []
        self._build()
        ctx.changed.connect(self._on_changed)
        self.refresh()

    def _build(self) -> None:
        self.join_button = QPushButton(self.tr("Tham gia tổ bằng tệp mời…"))
        self.create_button = QPushButton(self.tr("Tạo tổ (máy văn phòng)…"))
        self.join_button.clicked.connect(lambda: self.join())
        self.ask_again_button = QPushButton(self.tr("Xin tham gia lại"))  # a laptop the office turned away
        self.ask_again_button.clicked.connect(lambda: self.ask_again())
        self.create_button.clicked.connect(lambda: self.make_key())
        pick, self.save_button = QPushButton(self.tr("Chọn thư mục…")), QPushButton(self.tr("Lưu nơi đồng bộ"))
        pick.clicked.connect(self.pick_folder)
        self.save_button.clicked.connect(lambda: self.save_target())
        self.sync_button = QPushButton(self.tr("Đồng bộ ngay (F5)"))
        self.sync_button.clicked.connect(self._sync_clicked)
        keep, take = QPushButton(self.tr("Giữ giá trị đang dùng")), QPushButton(self.tr("Dùng giá trị bị ghi đè"))
        keep.clicked.connect(lambda: self.resolve(False))
        take.clicked.connect(lambda: self.resolve(True))
        # As narrow as its widest button: the team's name wraps, the buttons sit below it, and a label goes above
        # its field when the row is too narrow for both (English with large text on a 1280-pixel screen).
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.team_label.setWordWrap(True)
        form.addRow(self.tr("Tổ"), self.team_label)
        form.addRow("", left_row(self.join_button, self.create_button, self.ask_again_button))
        place = QHBoxLayout()
        place.addWidget(self.target, 1)
        place.addWidget(pick)
        form.addRow(self.tr("Nơi đồng bộ"), place)
        form.addRow(self.tr("Tài khoản WebDAV"), self.user)
        form.addRow(self.tr("Mật khẩu WebDAV"), self.password)
        form.addRow(left_row(self.save_button, self.sync_button))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        # The office only: the join requests that came with its syncs, approved or turned away here.
        self.approve_button, self.reject_button = QPushButton(self.tr("Duyệt")), QPushButton(self.tr("Từ chối"))
        self.approve_button.clicked.connect(lambda: self.answer(True))
        self.reject_button.clicked.connect(lambda: self.answer(False))
        self.requests_title = QLabel(self.tr("Yêu cầu tham gia tổ (so mã máy với mã hiện trên máy đó trước khi "
                                             "duyệt):"))
        self.requests_title.setWordWrap(True)
        self.requests_row = left_row(self.approve_button, self.reject_button)
        layout.addWidget(self.requests_title)
        layout.addWidget(self.requests)
        layout.addLayout(self.requests_row)
        conflicts_title = QLabel(self.tr("Xung đột đồng bộ (hai máy sửa cùng một thông tin):"))
        conflicts_title.setWordWrap(True)
        layout.addWidget(conflicts_title)
        layout.addWidget(self.table, 1)
        layout.addLayout(left_row(keep, take))
        dups_title = QLabel(self.tr("Trùng lặp sau đồng bộ (một người, một mã hộ được ghi trên hai máy):"))
        dups_title.setWordWrap(True)
        layout.addWidget(dups_title)
        layout.addWidget(self.dups, 1)
        self.merge_button = QPushButton(self.tr("Gộp thành một người"))
        self.renumber_button = QPushButton(self.tr("Đánh số lại hộ"))
        self.merge_button.clicked.connect(lambda: self.fix_duplicate(duplicates.PERSON))
        self.renumber_button.clicked.connect(lambda: self.fix_duplicate(duplicates.HOUSEHOLD))
        self.dups.currentCellChanged.connect(lambda *_: self._dup_buttons())
        layout.addLayout(left_row(self.merge_button, self.renumber_button))
        self._dup_buttons()

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("sync_local", "sync_conflict", "team_device", "person", "household"):
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        # Each time the tab is shown: a `binhdan team join` or a sync by another process meanwhile changed the
        # same database without a word to this window.
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Read the team, the place and the open conflicts on the worker."""
        language = lang()
        QueryOp(parent=self, op=lambda db: _settings_state(db, language), success=self._show) \
            .run_in_background(self.ctx)

    def _show(self, state: State) -> None:
        st, self.items, self.pending, self.dup_items = state
        self.team_label.setText(self._team_text(st))
        for widget in (self.requests_title, self.requests, self.approve_button, self.reject_button):
            widget.setVisible(st.office)
        self.requests.setRowCount(len(self.pending))
        words = {"new": self.tr("chờ duyệt"), "enrolled": self.tr("đã duyệt"), "rejected": self.tr("đã từ chối"),
                 "revoked": self.tr("đã thu hồi")}
        self.ask_again_button.setVisible(st.joining == "rejected")
        for r, p in enumerate(self.pending):
            texts = (p.request.name or p.request.device_id[:8], p.request.code, words[p.state], self._note(p))
            for col, text in enumerate(texts):
                self.requests.setItem(r, col, QTableWidgetItem(text))
        self.requests.resizeColumnsToContents()
        if not self.target.isModified():  # never over what the user is typing
            self.target.setText(st.target or "")
        self.table.setRowCount(len(self.items))
        language = lang()
        for r, c in enumerate(self.items):
            texts = (c.record, c.field_label, conflicts.value_text(c.kept, language),
                     conflicts.value_text(c.lost, language))
            for col, text in enumerate(texts):
                self.table.setItem(r, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.dups.setRowCount(len(self.dup_items))
        for r, d in enumerate(self.dup_items):
            kind = self.tr("Trùng CCCD") if d.kind == duplicates.PERSON else self.tr("Trùng mã hộ")
            self.dups.setItem(r, 0, QTableWidgetItem(kind))
            self.dups.setItem(r, 1, QTableWidgetItem(d.text(language)))
        self.dups.resizeColumnsToContents()
        self._dup_buttons()

    def _selected_dup(self) -> duplicates.Duplicate | None:
        row = self.dups.currentRow()
        return self.dup_items[row] if 0 <= row < len(self.dup_items) else None

    def _dup_buttons(self) -> None:
        """Merge for people who share a CCCD, renumber for households that share a code."""
        item = self._selected_dup()
        self.merge_button.setEnabled(item is not None and item.kind == duplicates.PERSON)
        self.renumber_button.setEnabled(item is not None and item.kind == duplicates.HOUSEHOLD)

    def fix_duplicate(self, kind: str) -> None:
        item = self._selected_dup()
        if item is None or item.kind != kind:
            return
        said = self.tr("Đã gộp thành một người") if kind == duplicates.PERSON else self.tr("Đã đánh số lại hộ")
        CollectionOp(parent=self, op=lambda db: duplicates.resolve(db, item)).says(said) \
            .disabling(self.merge_button, self.renumber_button).run_in_background(self.ctx)

    def _team_text(self, st: team.Status) -> str:
        device = st.device_name or st.device_id[:8]
        if st.team and st.office:
            return self.tr("Xã {name} – máy {device} (máy văn phòng; mã văn phòng {code})").format(
                name=st.team, device=device, code=st.office_code)
        if st.team:
            return self.tr("Xã {name} – máy {device}").format(name=st.team, device=device)
        if st.joining == "waiting":
            return self.tr("Xã {name} – máy {device} – đang chờ văn phòng xã duyệt. Mã văn phòng {office} (phải "
                           "khớp mã văn phòng đọc); mã máy này {code} (đọc cho văn phòng)").format(
                name=st.joining_team, device=device, office=st.office_code, code=st.device_code)
        if st.joining == "rejected":
            return self.tr("Văn phòng xã đã từ chối yêu cầu tham gia tổ của máy này")
        if st.joining == "revoked":
            return self.tr("Máy này đã bị văn phòng xã thu hồi quyền đồng bộ")
        return self.tr("Máy này chưa tham gia tổ")

    def _note(self, p: enrolment.Pending) -> str:
        """What the admin must know before approving: another device of the team under the same name (a copied
        data folder?), an earlier rejection, the identity this request replaces."""
        notes = [self.tr("TRÙNG TÊN với máy {id} ({state}) — duyệt thì đặt tên khác").format(
            id=t.device_id[:8], state=self.tr("máy văn phòng") if t.state == "office" else self.tr("đã duyệt"))
            for t in p.namesakes]
        if p.rejected_before:
            notes.append(self.tr("đã bị từ chối trước đây, xin lại"))
        if p.retires:
            notes.append(self.tr("thay cho máy {id} (máy đó bị thu hồi khi duyệt)").format(id=p.retires[:8]))
        return "; ".join(notes)

    def _ask_code(self, p: enrolment.Pending) -> tuple[str, str | None] | None:
        """The 6-digit code that computer shows, typed by the admin (compared by the service), and a new name
        when a device of the team already has this one. None: cancelled."""
        shown = p.request.name or p.request.device_id[:8]
        code, ok = QInputDialog.getText(self, self.tr("Duyệt máy {name}").format(name=shown),
                                        self.tr("Mã 6 số đang hiện trên máy {name}:").format(name=shown))
        if not ok or not code.strip():
            return None
        if not p.namesakes:
            return code, None
        name, ok = QInputDialog.getText(self, self.tr("Duyệt máy {name}").format(name=shown),
                                        self.tr("Trong tổ đã có máy tên này. Tên cho máy mới:"),
                                        text=self.tr("{name} (máy mới)").format(name=p.request.name))
        return (code, name) if ok and name.strip() else None

    def answer(self, approve: bool) -> None:
        """Duyệt / Từ chối the chosen join request: a statement of the office, sent with the next sync (started
        now). Duyệt asks for the code the laptop shows first: the service compares it."""
        row = self.requests.currentRow()
        if not 0 <= row < len(self.pending) or self.pending[row].state != "new":
            return
        device = self.pending[row].request.device_id
        typed = self._ask_code(self.pending[row]) if approve else None
        if approve and typed is None:
            return

        def answered(db: Database) -> Changes:
            if typed is not None:
                enrolment.approve(db, device, typed[0], typed[1])
            else:
                enrolment.reject(db, device)
            return TEAM_TABLES

        CollectionOp(parent=self, op=answered) \
            .says(self.tr("Đã duyệt; máy đó vào tổ sau lần đồng bộ tới") if approve else
                  self.tr("Đã từ chối; máy đó được báo sau lần đồng bộ tới")) \
            .success(lambda _c: self.sync_now() if callable(self.sync_now) else None) \
            .disabling(self.approve_button, self.reject_button).run_in_background(self.ctx)

    def _write(self, op: Callable[[Database], Changes], *buttons: QWidget) -> None:
        CollectionOp(parent=self, op=op).disabling(*buttons).run_in_background(self.ctx)

    def join(self, path: str | None = None) -> None:
        path = path or QFileDialog.getOpenFileName(self, self.tr("Tệp mời của tổ"), str(Path.home()))[0]
        if not path:
            return
        name = str(self.ctx.prefs.get(P.DEVICE_NAME) or "")

        def joined(db: Database) -> Changes:
            team.join_team(db, Path(path), name)
            return TEAM_TABLES

        self._write(joined, self.join_button, self.create_button)

    def ask_again(self) -> None:
        """A laptop the office turned away asks again: a new request, sent with a sync started now."""
        CollectionOp(parent=self, op=team.ask_again) \
            .says(self.tr("Đã gửi lại yêu cầu tham gia; chờ văn phòng xã duyệt")) \
            .success(lambda _c: self.sync_now() if callable(self.sync_now) else None) \
            .disabling(self.ask_again_button).run_in_background(self.ctx)

    def make_key(self, path: str | None = None) -> None:
        path = path or QFileDialog.getSaveFileName(self, self.tr("Lưu tệp mời của tổ"),
                                           str(Path.home() / "to-cns.binhdan-team"))[0]
        if not path:
            return
        name = str(self.ctx.prefs.get(P.DEVICE_NAME) or "Văn phòng xã")

        def created(db: Database) -> Changes:
            team.create_team(db, Path(path), name)
            return TEAM_TABLES

        self._write(created, self.join_button, self.create_button)

    def pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Thư mục đồng bộ"))
        if folder:
            self.target.setText(folder)
            self.target.setModified(True)

    def _keep_password(self, spec: str, user: str) -> None:
        """A typed WebDAV password: kept for this session, and in the OS keyring (on the network thread, where a
        keyring that asks to be unlocked waits without freezing the window)."""
        password = self.password.text()
        if not (is_webdav(spec) and user and password):
            return
        url = webdav.place_url(spec)
        remember_typed(url, user, password)
        NetworkOp(parent=self, op=lambda _p: webdav.remember_password(url, user, password)) \
            .failure(lambda _e: None).run(network_of(self.ctx))
        self.password.clear()

    def unsaved(self) -> bool:
        """The place, the user or a password typed and not saved yet."""
        return self.target.isModified() or self.user.isModified() or bool(self.password.text())

    def save_target(self, after: Callable[[bool], None] | None = None) -> None:
        spec, user = self.target.text().strip(), self.user.text().strip()
        self.ctx.prefs.set(P.SYNC_USER, user)
        self.user.setModified(False)
        self._keep_password(spec, user)
        self.target.setModified(False)

        def failed(exc: BaseException) -> None:
            self.target.setModified(True)  # still not stored: still unsaved
            show_error(self, exc)
            if after:
                after(False)

        CollectionOp(parent=self, op=lambda db: engine.set_target(db, spec)).says(self.tr("Đã lưu nơi đồng bộ")) \
            .success(lambda _c: after(True) if after else None).failure(failed) \
            .disabling(self.save_button).run_in_background(self.ctx)

    def _sync_clicked(self) -> None:
        self._keep_password(self.target.text().strip(), self.user.text().strip())
        if callable(self.sync_now):
            self.sync_now()

    def resolve(self, take_lost: bool) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.items):
            item = self.items[row]

            def resolved(db: Database) -> Changes:
                done = conflicts.resolve(db, item.id, take_lost)
                return Changes(done.tables | {"sync_conflict"}, done.rows, done.created)

            self._write(resolved)
