"""English translations are complete and load; every screen renders to PNG offscreen."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from binhdan_desktop.services import demo
from binhdan_desktop.store.db import open_database
from binhdan_desktop.ui.i18n import install_language
from binhdan_desktop.ui.mainwindow import MainWindow


def test_every_interface_string_has_an_english_translation() -> None:
    ts = resources.files("binhdan_desktop.resources") / "translations" / "binhdan_en.ts"
    messages = list(ET.fromstring(ts.read_text(encoding="utf-8")).iter("message"))
    assert len(messages) > 150
    unfinished = [m.findtext("source") for m in messages
                  if not (m.findtext("translation") or "").strip() or m.find("translation").get("type")]
    assert unfinished == []


def test_switching_to_english_translates_the_window(ctx, qtbot, qapp) -> None:
    install_language(qapp, "en")
    try:
        assert QCoreApplication.translate("MainWindow", "Tổng quan") == "Dashboard"
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        assert win.nav.item(0).text() == "Households"
        assert win.households.search.placeholderText().startswith("Search by")
    finally:
        install_language(qapp, "vi")
    assert QCoreApplication.translate("MainWindow", "Tổng quan") == "Tổng quan"


def test_screenshots_of_every_screen(tmp_path: Path, qapp) -> None:
    from binhdan_desktop.ui.screenshots import take

    db_path = tmp_path / "demo.sqlite3"
    with open_database(db_path) as db:
        demo.generate(db, 40, seed=5)
    shots = take(tmp_path / "shots", db_path)
    names = {p.name for p in shots}
    assert {"01-households.png", "02-dashboard.png", "06-reports.png", "06b-reports-preview.png", "07-settings.png",
            "dialog-household.png", "dialog-visit.png", "dialog-first-run.png"} <= names
    assert all(p.stat().st_size > 5000 for p in shots)


def test_screenshots_of_a_database_without_a_commune_say_so(tmp_path: Path, capsys) -> None:
    from binhdan_desktop.store.db import open_database
    from binhdan_desktop.ui.screenshots import main

    open_database(tmp_path / "empty.sqlite3").close()
    assert main(["--out", str(tmp_path / "shots"), "--db", str(tmp_path / "empty.sqlite3")]) == 2
    assert "chưa có dữ liệu xã" in capsys.readouterr().err
    assert not (tmp_path / "shots").exists()
