"""Drive the real widgets offscreen: search, open a household, record a visit, watch the dashboard."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import select

from binhdan_desktop.domain.text import fold
from binhdan_desktop.services import commune as commune_svc
from binhdan_desktop.store.models import Completion, Household, Person, Visit
from binhdan_desktop.ui.dialogs.household import HouseholdDialog
from binhdan_desktop.ui.dialogs.visit import VisitDialog
from binhdan_desktop.ui.mainwindow import MainWindow
from tests.ui.conftest import settle, type_text


def _heads(win: MainWindow) -> list[str]:
    model = win.households.model
    return [model.data(model.index(r, 1)) for r in range(model.rowCount())]


def test_household_list_is_sorted_the_vietnamese_way(window: MainWindow, ctx, qtbot) -> None:
    settle(qtbot, ctx)  # the list is filled by a search on the worker
    # Given names An < Ánh < Cường: tones only break ties after the letters.
    assert _heads(window) == ["Nguyễn Văn An", "Đặng Thị Ánh", "Lê Văn Cường"]
    assert window.households.count.text() == "3 hộ"


def test_search_ignores_diacritics_and_finds_members(window: MainWindow, ctx, qtbot) -> None:
    view = window.households
    settle(qtbot, ctx)  # the villages and the first list come from the worker
    type_text(view.search, "Bình")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=3000)
    assert _heads(window) == ["Nguyễn Văn An"]  # Bình is his wife: her name finds the household
    view.search.clear()
    type_text(view.search, "DANG THI")
    qtbot.waitUntil(lambda: _heads(window) == ["Đặng Thị Ánh"], timeout=3000)
    view.search.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=3000)
    village = view.village.findText("Thôn Ưu Điềm")
    view.village.setCurrentIndex(village)
    qtbot.waitUntil(lambda: _heads(window) == ["Lê Văn Cường"], timeout=3000)


def test_open_a_household_edit_a_member_and_undo(window: MainWindow, ctx, qtbot) -> None:
    settle(qtbot, ctx)
    hid = window.households.model.ids[0]
    dialog = HouseholdDialog(ctx, hid, window)
    settle(qtbot, ctx)
    table = dialog.members
    assert table.rowCount() == 2 and table.item(0, 0).text() == "Nguyễn Văn An"
    vneid_col = 13
    table.item(0, vneid_col).setData(Qt.ItemDataRole.UserRole, "2")
    table.item(0, 14).setCheckState(Qt.CheckState.Checked)  # digital bank account
    dialog.save()
    settle(qtbot, ctx)
    with ctx.db.read() as s:
        an = s.scalars(select(Person).where(Person.full_name == "Nguyễn Văn An")).one()
        assert an.vneid_level == 2 and an.has_bank_account
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    settle(qtbot, ctx)
    with ctx.db.read() as s:
        an = s.scalars(select(Person).where(Person.full_name == "Nguyễn Văn An")).one()
        assert an.vneid_level == 0 and not an.has_bank_account


def test_register_a_new_household_with_the_keyboard_form(window: MainWindow, ctx, qtbot) -> None:
    dialog = HouseholdDialog(ctx, None, window)
    settle(qtbot, ctx)
    dialog.village.setCurrentIndex(dialog.village.findText("Thôn Đồng Răm"))
    type_text(dialog.address, "Số 5, Xóm Chợ")
    table = dialog.members
    table.item(0, 0).setText("Phạm Thị Ước")
    table.item(0, 1).setText("1965")
    dialog.add_member()
    table.item(1, 0).setText("Phạm Văn Út")
    table.item(1, 1).setText("2012")
    table.item(1, 9).setData(Qt.ItemDataRole.UserRole, "thcs")
    dialog.save()
    settle(qtbot, ctx)
    qtbot.waitUntil(lambda: window.households.model.rowCount() == 4, timeout=3000)
    with ctx.db.read() as s:
        h = s.scalars(select(Household).where(Household.address == "Số 5, Xóm Chợ")).one()
        people = s.scalars(select(Person).where(Person.household_id == h.id)).all()
        assert sorted(p.full_name for p in people) == ["Phạm Thị Ước", "Phạm Văn Út"]
        assert {p.full_name: p.student_level for p in people}["Phạm Văn Út"] == "thcs"
        assert h.code.startswith("T02-")


def test_bad_input_in_the_form_names_the_field_and_saves_nothing(window: MainWindow, ctx, qtbot, monkeypatch) -> None:
    shown = []
    monkeypatch.setattr("binhdan_desktop.ui.dialogs.household.show_error", lambda parent, exc: shown.append(exc))
    dialog = HouseholdDialog(ctx, None, window)
    settle(qtbot, ctx)
    dialog.members.item(0, 0).setText("Lê Văn Tý")
    dialog.members.item(0, 1).setText("19x0")
    dialog.save()
    assert shown and shown[0].params["field"] == "birth_year"
    with ctx.db.read() as s:
        assert s.scalars(select(Person).where(Person.full_name == "Lê Văn Tý")).first() is None


def test_record_a_visit_with_two_completions_and_see_the_dashboard_change(window: MainWindow, ctx, qtbot) -> None:
    dash = window.show_page("dashboard")  # shown: a hidden dashboard computes only once it is shown
    assert dash is window.dashboard
    settle(qtbot, ctx)
    qtbot.waitUntil(lambda: bool(dash.results), timeout=5000)

    def basic() -> tuple[int, int]:
        r = next(r for r in dash.results if r.code == "adults_basic" and r.village is None)
        return r.numerator, r.denominator

    assert basic() == (0, 4)
    dialog = VisitDialog(ctx, None, window)
    type_text(dialog.find, "nguyen van an")
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=3000)
    dialog._pick(dialog.results.item(0))
    settle(qtbot, ctx)
    codes = [code for _, code, _ in dialog.lessons]
    dialog.grid.item(0, 0).setCheckState(Qt.CheckState.Checked)
    for code in ("KN-01", "KN-05"):
        dialog.grid.item(0, 1 + codes.index(code)).setCheckState(Qt.CheckState.Checked)
    dialog.team.item(0).setCheckState(Qt.CheckState.Unchecked) if dialog.team.count() else None
    dialog.save()
    settle(qtbot, ctx)
    with ctx.db.read() as s:
        visit = s.scalars(select(Visit)).one()
        assert visit.date == dt.date.today()
        done = s.scalars(select(Completion).where(Completion.visit_id == visit.id)).all()
        assert len(done) == 2 and {c.channel for c in done} == {"tham_ho"}
    qtbot.waitUntil(lambda: basic() == (1, 4), timeout=5000)
    window.ctx.undo_last(window)
    settle(qtbot, window.ctx)
    qtbot.waitUntil(lambda: basic() == (0, 4), timeout=5000)


def test_delete_asks_first_leaves_a_tombstone_and_undo_restores(window: MainWindow, ctx, qtbot) -> None:
    view = window.households
    settle(qtbot, ctx)
    view.table.selectRow(2)
    hid = view.current_id()
    view.delete_current()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=3000)
    with ctx.db.read() as s:
        assert s.get(Household, hid).deleted is True
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=3000)


def test_dashboard_lists_every_indicator_and_village_gaps(window: MainWindow, ctx, qtbot) -> None:
    window.show_page("dashboard")
    qtbot.waitUntil(lambda: window.dashboard.summary.rowCount() == 8, timeout=5000)
    assert window.dashboard.left.rowCount() == 3
    assert window.dashboard.chart.bars and window.dashboard.chart.target == 1.0


def test_settings_rename_a_village(window: MainWindow, ctx, qtbot, monkeypatch) -> None:
    settings = window.settings
    settle(qtbot, ctx)
    settings.villages.setCurrentRow(0)
    monkeypatch.setattr("binhdan_desktop.ui.views.settings.QInputDialog.getText",
                        lambda *a, **k: ("Thôn An Điềm Mới", True))
    settings.rename_village()
    settle(qtbot, ctx)
    with ctx.db.read() as s:
        assert next(v.name for v in commune_svc.villages(s)) == "Thôn An Điềm Mới"
    qtbot.waitUntil(lambda: window.households.village.findText("Thôn An Điềm Mới") >= 0, timeout=5000)


def test_shortcuts_exist(window: MainWindow, ctx, qtbot) -> None:
    settle(qtbot, ctx)
    shortcuts = {a.shortcut().toString() for a in window.menuBar().actions()[0].menu().actions()}
    assert {"Ctrl+N", "Ctrl+R", "Ctrl+F"} <= shortcuts
    assert all(fold(h) for h in _heads(window))


def test_reports_screen_previews_and_exports_in_the_background(window: MainWindow, ctx, qtbot, tmp_path,
                                                                monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    opened = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: opened.append(self.text()) or 0)
    monkeypatch.setattr(QMessageBox, "open", lambda self: opened.append(self.text()))  # the "exported" box
    view = window.show_page("reports")
    settle(qtbot, ctx)
    view.kind.setCurrentIndex(view.kind.findData("checklist"))
    view.make_preview()
    settle(qtbot, ctx)
    assert view.preview.rowCount() > 0 and view.preview.horizontalHeaderItem(3).text() == "Họ và tên"
    view.signer[2].setText("Nguyễn Văn Quân")
    view.save_signer()
    settle(qtbot, ctx)
    view.kind.setCurrentIndex(view.kind.findData("results"))
    view.fmt.setCurrentIndex(view.fmt.findData("xlsx"))
    view.export(str(tmp_path / "ket-qua"))
    qtbot.waitUntil(lambda: bool(opened), timeout=15000)
    assert (tmp_path / "ket-qua.xlsx").exists() and "ket-qua.xlsx" in opened[0]


def test_sync_from_the_window_joins_the_team_and_syncs_through_a_folder(window: MainWindow, ctx, qtbot,
                                                                        tmp_path) -> None:
    from binhdan_desktop.store.db import open_database
    from binhdan_desktop.sync.engine import sync
    from binhdan_desktop.sync.folder import FolderTarget
    from binhdan_desktop.sync.team import create_team, ensure_identity

    office = open_database(tmp_path / "office.sqlite3")
    ensure_identity(office)
    from binhdan_desktop.services import demo

    demo.generate(office, 10, seed=1)
    create_team(office, tmp_path / "team.key")
    usb = tmp_path / "usb"
    usb.mkdir()
    sync(office, FolderTarget(usb))
    settings = window.show_page("settings").sync
    qtbot.waitUntil(lambda: "chưa tham gia" in window.sync.label.text(), timeout=5000)  # filled after the paint
    settings.join(str(tmp_path / "team.key"))
    settings.target.setText(str(usb))
    settings.save_target()
    settle(qtbot, ctx)
    window.sync.sync_now(quiet=True)  # the join request goes to the place; it waits for the office
    qtbot.waitUntil(lambda: not window.sync.running, timeout=20000)
    assert "Đang chờ văn phòng xã duyệt" in window.sync.label.text()
    assert window.sync.label.styleSheet()  # amber
    from tests.teamkit import approve_waiting

    sync(office, FolderTarget(usb))
    approve_waiting(office, ctx.db)
    sync(office, FolderTarget(usb))
    window.sync.sync_now(quiet=True)
    qtbot.waitUntil(lambda: not window.sync.running, timeout=20000)
    assert "Đồng bộ lần cuối" in window.sync.label.text()
    qtbot.waitUntil(lambda: window.households.model.rowCount() == 13, timeout=5000)  # 3 here + 10 from the office


def test_backup_and_restore_from_the_menu(window: MainWindow, ctx, qtbot, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    target = tmp_path / "sao-luu.sqlite3"
    window.backup(str(target))
    qtbot.waitUntil(target.exists, timeout=10000)
    settle(qtbot, ctx)
    window.households.table.selectRow(0)
    window.households.delete_current()
    rebuilt = []
    window.rebuild_requested.connect(lambda: rebuilt.append(True))
    window.restore(str(target))  # checked, then restored and re-opened, on the worker
    qtbot.waitUntil(lambda: bool(rebuilt), timeout=10000)
    from binhdan_desktop.store.queries.households import search_household_ids

    with ctx.db.read() as s:
        assert len(search_household_ids(s, "")) == 3


def test_daily_backup_runs_in_the_background_once_a_day(window: MainWindow, ctx, qtbot) -> None:
    from binhdan_desktop.services.backup import backup_dir

    assert window.daily_backup()  # nothing kept today yet: due, handed to the worker, the window stays usable
    qtbot.waitUntil(lambda: "Đã sao lưu tự động" in window.statusBar().currentMessage(), timeout=10000)
    kept = [p.name for p in backup_dir(ctx.db).iterdir()]
    assert len(kept) == 1 and kept[0].endswith("-daily.sqlite3")
    assert not window.daily_backup()  # already done today


def test_import_wizard_previews_then_imports(window: MainWindow, ctx, qtbot, tmp_path) -> None:
    from binhdan_desktop.ui.dialogs.import_dialog import ImportDialog
    from tests.fixtures.make_import_fixtures import build

    build(tmp_path)
    dialog = ImportDialog(ctx, window)
    dialog.pick(str(tmp_path / "tcvn3.xlsx"))
    settle(qtbot, ctx)  # the sheets are listed on the worker
    dialog.preview()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10000)
    assert dialog.outcome.dry_run and "TCVN3" in dialog.summary.text()
    people = dialog.preview_tabs.people_model
    assert people.data(people.index(0, 4)) == "Nguyễn Văn An" and dialog.go.isEnabled()
    dialog.run_import()
    qtbot.waitUntil(lambda: not dialog.outcome.dry_run, timeout=10000)
    qtbot.waitUntil(lambda: window.households.model.rowCount() == 5, timeout=5000)


def test_first_run_on_a_team_laptop_takes_the_commune_from_the_sync_place(qapp, qtbot, tmp_path,
                                                                          monkeypatch) -> None:
    from binhdan_desktop.services import demo
    from binhdan_desktop.store.db import open_database
    from binhdan_desktop.sync.engine import sync
    from binhdan_desktop.sync.folder import FolderTarget
    from binhdan_desktop.sync.team import create_team, ensure_identity
    from binhdan_desktop.ui.context import AppContext
    from binhdan_desktop.ui.dialogs.first_run import FirstRunDialog
    from binhdan_desktop.ui.prefs import Prefs

    office = open_database(tmp_path / "office.sqlite3")
    ensure_identity(office)
    demo.generate(office, 12, seed=3)
    create_team(office, tmp_path / "team.key")
    (tmp_path / "usb").mkdir()
    sync(office, FolderTarget(tmp_path / "usb"))
    laptop = open_database(tmp_path / "laptop.sqlite3")
    ensure_identity(laptop)
    ctx = AppContext(laptop, Prefs())
    dialog = FirstRunDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.device.setText("Laptop thôn 2")
    from PySide6.QtWidgets import QMessageBox

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: said.append(text))
    dialog.join(str(tmp_path / "team.key"), str(tmp_path / "usb"))
    qtbot.waitUntil(lambda: bool(said), timeout=20000)
    assert "Mã máy này" in said[0] and dialog.result() == 0  # its request waits for the office
    ctx.tasks.wait()
    from binhdan_desktop.sync import enrolment

    sync(office, FolderTarget(tmp_path / "usb"))
    (pending,) = enrolment.requests(office)
    assert pending.request.name == "Laptop thôn 2" and pending.request.code in said[0]
    enrolment.approve(office, "Laptop thôn 2", pending.request.code)
    sync(office, FolderTarget(tmp_path / "usb"))
    dialog.join(str(tmp_path / "team.key"), str(tmp_path / "usb"))  # pressed again once the office approved
    qtbot.waitUntil(lambda: dialog.result() == 1, timeout=20000)
    from binhdan_desktop.services.commune import get_commune

    with laptop.read() as s:
        assert get_commune(s).name == "Bình Chương"
    ctx.tasks.wait()
