"""`binhdan screenshots --out DIR [--db PATH] [--lang vi|en] [--large]`: render each screen, settings tab and
dialog of the demo commune to PNG, offscreen, on a 1366×768 screen, so anyone can see the app without a display.
It uses preferences of its own: the user's language and text size stay as they are.

`walk` is also what the tests use to read every text the interface shows (`visible_texts`)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMenu, QTabWidget, QWidget

from binhdan_desktop.paths import database_path
from binhdan_desktop.services import Database, demo, open_database
from binhdan_desktop.services.households import search_ids
from binhdan_desktop.ui import prefs as P
from binhdan_desktop.ui.texts import visible_texts

if TYPE_CHECKING:
    from binhdan_desktop.ui.context import AppContext
    from binhdan_desktop.ui.mainwindow import MainWindow

# What a 1366×768 laptop shows (the offscreen platform's own screen is 800×800).
SCREEN = {"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96,
                       "logicalBaseDpi": 96, "dpr": 1}]}
__all__ = ["capture_modal", "main", "take", "visible_texts", "walk"]


def use_laptop_screen() -> None:
    """Before the QApplication exists: offscreen on a 1366×768 screen, unless another platform was chosen."""
    if QApplication.instance() is None and os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
        config = Path(tempfile.mkdtemp(prefix="binhdan-screen-")) / "screen.json"
        config.write_text(json.dumps(SCREEN), encoding="utf-8")
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def settle(app: QApplication, ctx: AppContext) -> None:
    for _ in range(3):
        ctx.tasks.wait()
        app.processEvents()


def capture_modal(app: QApplication, trigger: Callable[[], object], look: Callable[[QWidget], object],
                  tries: int = 500) -> None:
    """Do `trigger`, which opens a modal dialog (a message box, a file dialog…); once the dialog is up,
    `look(dialog)` runs inside its event loop, then the dialog is cancelled unless `look` closed it."""
    def poll(left: int) -> None:
        dialog = app.activeModalWidget()
        if dialog is None:
            if left:
                QTimer.singleShot(10, lambda: poll(left - 1))
            return
        try:
            look(dialog)
        finally:  # even when `look` fails: a modal dialog left open would hang the caller
            if dialog.isVisible():
                dialog.reject() if isinstance(dialog, QDialog) else dialog.close()

    QTimer.singleShot(0, lambda: poll(tries))
    trigger()


def _first_household(db: Database) -> str | None:
    found = search_ids(db, "", limit=1)
    return found[0] if found else None


def _dialogs(window: MainWindow, ctx: AppContext) -> Iterator[tuple[str, QWidget]]:
    from binhdan_desktop.ui.dialogs.household import HouseholdDialog
    from binhdan_desktop.ui.dialogs.import_dialog import ImportDialog
    from binhdan_desktop.ui.dialogs.visit import VisitDialog
    from binhdan_desktop.ui.views.events import EventDialog
    from binhdan_desktop.ui.views.lessons import LessonDialog

    first = _first_household(ctx.db)
    if first:
        yield "dialog-household", HouseholdDialog(ctx, first, window)
        yield "dialog-visit", VisitDialog(ctx, first, window)
    yield "dialog-new-household", HouseholdDialog(ctx, None, window)
    yield "dialog-event", EventDialog(ctx, window)
    yield "dialog-lesson", LessonDialog(ctx, None, None, window)
    yield "dialog-import", ImportDialog(ctx, window)


def _first_run(ctx: AppContext) -> QWidget:
    from binhdan_desktop.ui.context import AppContext
    from binhdan_desktop.ui.dialogs.first_run import FirstRunDialog

    empty = open_database(Path(tempfile.mkdtemp(prefix="binhdan-empty-")) / "empty.sqlite3")
    return FirstRunDialog(AppContext(empty, ctx.prefs), None)


def walk(window: MainWindow, ctx: AppContext) -> Iterator[tuple[str, QWidget]]:
    """Every screen (each settings tab too) and every dialog, shown one at a time: (name, the shown window).
    A dialog is closed when the next one comes."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    for i, (key, _, _) in enumerate(window.factories):
        page = window.show_page(key)
        settle(app, ctx)
        yield f"{i + 1:02d}-{key}", window
        for t, tabs in enumerate(page.findChildren(QTabWidget)):
            for n in range(1, tabs.count()):
                tabs.setCurrentIndex(n)
                settle(app, ctx)
                yield f"{i + 1:02d}-{key}-tab{t + 1}.{n + 1}", window
            tabs.setCurrentIndex(0)
        if key == "reports":
            page.make_preview()  # type: ignore[attr-defined]
            settle(app, ctx)
            yield "06b-reports-preview", window
    for name, dialog in [*_dialogs(window, ctx), ("dialog-first-run", _first_run(ctx))]:
        dialog.show()
        settle(app, ctx)
        yield name, dialog
        dialog.close()
        dialog.deleteLater()


def _modals(window: MainWindow, ctx: AppContext) -> Iterator[tuple[str, Callable[[], object]]]:
    """The app's own modal dialogs, each opened the way a user opens it."""
    households = window.show_page("households")
    table = households.table  # type: ignore[attr-defined]

    def delete_question() -> None:
        table.selectRow(0)
        table.setFocus()
        households.delete_current()  # type: ignore[attr-defined]

    yield "dialog-delete-question", delete_question
    yield "dialog-file-save", lambda: window.backup()
    settings = window.page("settings")
    yield "dialog-new-village", lambda: settings.add_village()  # type: ignore[attr-defined]


def _text_menu(window: MainWindow) -> QMenu:
    edit = window.findChild(QLineEdit) or QLineEdit(window)
    menu = edit.createStandardContextMenu()
    menu.popup(window.mapToGlobal(window.rect().center()))
    return menu


def take(out: Path, db_path: Path, lang: str = "vi", large: bool = False) -> list[Path]:
    use_laptop_screen()
    from binhdan_desktop.app import Shell, make_app
    from binhdan_desktop.ui.context import AppContext

    out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    db = open_database(db_path)
    ctx = AppContext(db, P.Prefs.throwaway({P.LANGUAGE: lang, P.LARGE_TEXT: large}))
    window = Shell(app, ctx).show()
    shots: list[Path] = []

    def save(shown: QWidget, *, name: str) -> None:
        settle(app, ctx)
        shots.append(out / f"{name}.png")
        shown.grab().save(str(shots[-1]))

    for name, shown in walk(window, ctx):
        save(shown, name=name)
    for name, trigger in _modals(window, ctx):
        capture_modal(app, trigger, partial(save, name=name))
    menu = _text_menu(window)
    shots.append(out / "menu-text-field.png")
    menu.grab().save(str(shots[-1]))
    menu.close()
    window.close()
    ctx.tasks.wait()
    db.close()
    return [shot for shot in shots if shot.exists()]


def main(argv: Sequence[str]) -> int:
    from binhdan_desktop.app import needs_setup

    parser = argparse.ArgumentParser(prog="binhdan screenshots")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--db", help="database (default: a fresh 500-household demo commune)")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.add_argument("--large", action="store_true", help="larger text (Settings → Giao diện → Chữ to)")
    args = parser.parse_args(argv)
    if args.db:
        path = database_path(args.db)
        with open_database(path) as db:
            if needs_setup(db):  # the screens would stop on a message box no one can close
                print(f"Lỗi: {path} chưa có dữ liệu xã (chạy 'binhdan --db {path} demo' trước). / Error: {path} "
                      f"holds no commune (run 'binhdan --db {path} demo' first).", file=sys.stderr)
                return 2
    else:
        path = Path(tempfile.mkdtemp()) / "demo.sqlite3"
        with open_database(path) as db:
            demo.generate(db, 500, seed=2025)
    for shot in take(args.out, path, args.lang, args.large):
        print(shot)
    return 0
