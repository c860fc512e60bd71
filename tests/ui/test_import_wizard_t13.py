"""What a new user tester found in the import wizard (issue 13), driven as a user drives it: File → "Nhập danh sách
từ bảng tính…", the real buttons, typing, modal boxes patched; files saved by LibreOffice
(tests/fixtures/make_wizard_fixtures.py); what was stored checked with our own SQL on the 2,000-household commune."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication
from sqlalchemy import text

from binhdan_desktop.ui.dialogs.import_dialog import ImportDialog
from tests.ui.conftest import settle, type_text
from tests.ui.test_import_wizard_review import _drive

LEFT = Qt.MouseButton.LeftButton
WIZARD = Path(__file__).parents[1] / "fixtures" / "import" / "wizard"


def _problems(dialog: ImportDialog) -> list[tuple[str, str, str]]:
    t = dialog.preview_tabs.problems
    return [(t.item(i, 1).text(), t.item(i, 2).text(), t.item(i, 3).text()) for i in range(t.rowCount())]


def test_a_name_with_a_control_character_retyped_as_it_looks_is_checked_again_and_imported(
        big_window, big_ctx, qtbot, monkeypatch) -> None:
    """control_name.xls (saved by LibreOffice) has "Lê Văn<BEL> Tám": the people table shows "Lê Văn Tám" (the
    BEL cannot be seen) with a problem. The user types that same visible name over it and presses Enter: it is the
    cell that changes (the file's cell held a BEL), so the preview is made again, the problem is gone and the
    import stores the household."""
    seen: dict[str, Any] = {}

    def act(dialog: ImportDialog) -> None:
        tabs, model = dialog.preview_tabs, dialog.preview_tabs.people_model
        view, col = tabs.people, model.COLUMNS.index("name")
        seen["before"] = _problems(dialog)
        seen["shown"] = model.data(model.index(0, col))
        first = dialog.outcome
        index = model.index(0, col)
        qtbot.mouseClick(view.viewport(), LEFT, pos=view.visualRect(index).center())
        for ch in "Lê Văn Tám":  # the first key opens the editor in place of the name
            type_text(QApplication.focusWidget() or view, ch)
        assert view.state() == QAbstractItemView.State.EditingState
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.outcome is not first and dialog.go.isEnabled() and not dialog._again,
                        timeout=20000)
        settle(qtbot, big_ctx)
        seen["after"] = _problems(dialog)
        seen["outcome"] = [model.data(model.index(r, model.COLUMNS.index("outcome"))) for r in range(2)]
        qtbot.mouseClick(dialog.go, LEFT)
        qtbot.waitUntil(lambda: dialog.outcome is not None and not dialog.outcome.dry_run, timeout=20000)
        settle(qtbot, big_ctx)

    _drive(big_window, big_ctx, qtbot, monkeypatch, WIZARD / "control_name.xls", act)
    assert seen["shown"] == "Lê Văn Tám"
    assert any("U+0007" in why for _, _, why in seen["before"]), seen["before"]
    assert seen["after"] == [], seen["after"]
    assert seen["outcome"] == ["Mới", "Mới"]
    with big_ctx.db.read() as s:
        stored = s.execute(text("SELECT p.full_name, p.birth_year FROM person p WHERE p.deleted = 0 AND "
                                "p.household_id = (SELECT household_id FROM person WHERE full_name = 'Lê Văn Tám' "
                                "AND birth_year = 1960 AND deleted = 0)")).all()
        assert sorted(stored) == [("Lê Văn Tám", 1960), ("Trần Thị Bình", 1962)]
        assert s.execute(text("SELECT count(*) FROM person WHERE instr(full_name, char(7)) > 0")).scalar() == 0
