"""`binhdan screenshots --out DIR [--db PATH] [--lang vi|en]`: render each main screen and dialog of the
demo commune to PNG, offscreen, so anyone can see the app without a display."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from binhdan_desktop.paths import database_path
from binhdan_desktop.services import demo
from binhdan_desktop.services.commune import get_commune
from binhdan_desktop.store.db import open_database
from binhdan_desktop.store.queries.households import search_household_ids
from binhdan_desktop.ui import prefs as P


def _settle(app: QApplication, ctx: object) -> None:
    for _ in range(3):
        ctx.tasks.wait()  # type: ignore[attr-defined]
        app.processEvents()


def _save(widget: QWidget, app: QApplication, ctx: object, path: Path) -> Path:
    widget.show()
    _settle(app, ctx)
    widget.grab().save(str(path))
    return path


def take(out: Path, db_path: Path, lang: str = "vi") -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from binhdan_desktop.app import Shell, make_app
    from binhdan_desktop.ui.context import AppContext
    from binhdan_desktop.ui.dialogs.first_run import FirstRunDialog
    from binhdan_desktop.ui.dialogs.household import HouseholdDialog
    from binhdan_desktop.ui.dialogs.visit import VisitDialog
    from binhdan_desktop.ui.prefs import Prefs
    from binhdan_desktop.ui.views.events import EventDialog

    out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    db = open_database(db_path)
    prefs = Prefs()
    prefs.set(P.LANGUAGE, lang)
    ctx = AppContext(db, prefs)
    window = Shell(app, ctx).show()
    window.resize(1280, 800)
    shots = []
    for i, (name, _, _) in enumerate(window.factories):
        window.show_page(name)
        shots.append(_save(window, app, ctx, out / f"{i + 1:02d}-{name}.png"))
    with db.read() as s:
        first = search_household_ids(s, "", limit=1)
    if first:
        shots.append(_save(HouseholdDialog(ctx, first[0], window), app, ctx, out / "dialog-household.png"))
        shots.append(_save(VisitDialog(ctx, first[0], window), app, ctx, out / "dialog-visit.png"))
    shots.append(_save(HouseholdDialog(ctx, None, window), app, ctx, out / "dialog-new-household.png"))
    reports = window.show_page("reports")
    reports.make_preview()  # type: ignore[attr-defined]
    shots.append(_save(window, app, ctx, out / "06b-reports-preview.png"))
    shots.append(_save(EventDialog(ctx, window), app, ctx, out / "dialog-event.png"))
    empty = open_database(Path(tempfile.mkdtemp()) / "empty.sqlite3")
    shots.append(_save(FirstRunDialog(AppContext(empty, prefs), None), app, ctx, out / "dialog-first-run.png"))
    window.close()
    db.close()
    return shots


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="binhdan screenshots")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--db", help="database (default: a fresh 500-household demo commune)")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    args = parser.parse_args(argv)
    if args.db:
        path = database_path(args.db)
        with open_database(path) as db, db.read() as s:
            if get_commune(s) is None:  # the screens would stop on a message box no one can close
                print(f"Lỗi: {path} chưa có dữ liệu xã (chạy 'binhdan --db {path} demo' trước). / Error: {path} "
                      f"holds no commune (run 'binhdan --db {path} demo' first).", file=sys.stderr)
                return 2
    else:
        path = Path(tempfile.mkdtemp()) / "demo.sqlite3"
        with open_database(path) as db:
            demo.generate(db, 500, seed=2025)
    for shot in take(args.out, path, args.lang):
        print(shot)
    return 0
