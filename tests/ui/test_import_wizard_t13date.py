"""Issue 13 in the wizard: a likely match whose file gives a birth year alone, for a person recorded with a full
date of that year, says in "Khác nhau" that the recorded date is kept ("giữ ngày sinh đã ghi 02/02/1960"), never
"ngày sinh 02/02/1960 → —"; another year reads as one change, "ngày sinh 15/05/1950 → 1951". Driven as a user
drives it on the 2,000-household commune, with a file LibreOffice saved (tests/fixtures/import/t13date/); what was
stored recounted with plain sqlite3."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from binhdan_desktop.services import imports
from binhdan_desktop.ui.dialogs.import_dialog import ImportDialog
from tests.ui.conftest import settle
from tests.ui.test_import_wizard_review import _drive, _pick

LEFT = Qt.MouseButton.LeftButton
FIXTURES = Path(__file__).parents[1] / "fixtures" / "import" / "t13date"


def _stored(path: Path, name: str) -> tuple[object, ...]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT p.full_name, p.birth_date, p.birth_year, h.code FROM person p JOIN household h "
                           "ON h.id = p.household_id WHERE p.deleted = 0 AND p.name_folded = ?", (name,)).fetchone()
    finally:
        con.close()


def test_khac_nhau_says_the_recorded_date_is_kept_and_accepting_keeps_it(big_window, big_ctx, qtbot, monkeypatch,
                                                                        ) -> None:
    r = imports.import_file(big_ctx.db, FIXTURES / "dates_recorded.xlsx", dry_run=False)  # last year's list
    assert r.written and (r.problems, r.people_created) == ([], 5)
    seen: dict[str, Any] = {}

    def act(dialog: ImportDialog) -> None:
        likely = dialog.preview_tabs.likely
        rows = {likely.item(i, 2).text(): i for i in range(likely.rowCount())}
        seen["rows"] = sorted(rows)
        seen["differs"] = {who: likely.item(i, 4).text() for who, i in rows.items()}
        for i in rows.values():  # "Có: …": the same person, for both
            box = likely.cellWidget(i, 3)
            _pick(box, box.itemData(2))
            settle(qtbot, big_ctx)
        qtbot.waitUntil(dialog.go.isEnabled, timeout=20000)
        qtbot.mouseClick(dialog.go, LEFT)
        qtbot.waitUntil(lambda: dialog.outcome is not None and not dialog.outcome.dry_run, timeout=20000)
        settle(qtbot, big_ctx)
        seen["done"] = (dialog.outcome.people_updated, dialog.outcome.people_unchanged,
                        dialog.outcome.people_created)

    _drive(big_window, big_ctx, qtbot, monkeypatch, FIXTURES / "dates_likely.ods", act)
    assert seen["rows"] == ["Kieu Van Khai 1951", "Quach Thi Nga 1960"]
    assert seen["differs"]["Quach Thi Nga 1960"] == "giữ ngày sinh đã ghi 02/02/1960", seen["differs"]
    assert seen["differs"]["Kieu Van Khai 1951"] == "ngày sinh 15/05/1950 → 1951", seen["differs"]
    assert seen["done"] == (1, 1, 0)  # Khải's year changed; Ngà as recorded
    assert _stored(big_ctx.db.path, "quach thi nga") == ("Quách Thị Ngà", "1960-02-02", 1960, "DR-91")
    assert _stored(big_ctx.db.path, "kieu van khai") == ("Kiều Văn Khải", None, 1951, "DR-90")
