"""Entry point: `binhdan` / `python -m binhdan_desktop`. No sub-command opens the desktop app."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence


def _wants_gui(argv: Sequence[str]) -> bool:
    """True when no sub-command was given: nothing but `--db PATH` (the GUI's only option). Checked without
    building the CLI parser, which would import every command's modules before the window."""
    from binhdan_desktop.paths import db_option

    return not db_option(argv)[1]


def _quiet_unraisable(info: sys.UnraisableHookArgs) -> None:
    """The command line's stderr is its one-line message: an error Python can only ignore (a library's
    half-written file closed by the garbage collector after a full disk, say) goes to the debug log."""
    import logging

    logging.getLogger("binhdan_desktop").debug("ignored in %r: %r", info.object, info.exc_value)


def _error(exc: Exception) -> int:
    from binhdan_desktop.errors import BinhdanError

    assert isinstance(exc, BinhdanError)
    print(f"Lỗi: {exc.message('vi')} / Error: {exc.message('en')}", file=sys.stderr)
    return 2


def gui_preflight(argv: Sequence[str]) -> int | None:
    """Before Qt: refuse a blank --db or one that is not a regular file (a FIFO would block the window for
    good) with the one-line error; remove the temporary files a killed run left in the data and backups
    folders. Returns the exit code when the window must not open."""
    from binhdan_desktop.errors import BinhdanError
    from binhdan_desktop.fileio import remove_stale_temps
    from binhdan_desktop.paths import check_database_file, database_path, db_option

    try:
        path = check_database_file(database_path(db_option(argv)[0]), create=True)
    except BinhdanError as exc:
        return _error(exc)
    remove_stale_temps([path.parent, path.parent / "backups"])
    return None


def _screenshots(db_value: str | None, argv: list[str]) -> int:
    """`screenshots` needs Qt, so it lives in ui/, not in the Qt-free cli/. Its `--db` may come before the
    command too; the database must exist (it is only read) and `--out` must be a folder (`--force` to write
    into one that holds files)."""
    import argparse
    from pathlib import Path

    from binhdan_desktop.errors import BinhdanError
    from binhdan_desktop.fileio import check_output_dir
    from binhdan_desktop.paths import check_database_file, database_path

    pre = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    pre.add_argument("--db")
    pre.add_argument("--out")
    pre.add_argument("--force", action="store_true")
    known, rest = pre.parse_known_args(argv)
    db = known.db if known.db is not None else db_value
    try:
        path = check_database_file(database_path(db), create=False) if db is not None else None
        if known.out is not None:
            check_output_dir(Path(known.out), force=known.force, db_path=path)
        from binhdan_desktop.ui.screenshots import main as screenshots

        code = screenshots([*rest, *(["--out", known.out] if known.out is not None else []),
                            *(["--db", str(path)] if path is not None else [])])
    except BinhdanError as exc:
        return _error(exc)
    return _qt_exit(code)


def _import_core() -> None:
    """Import the Qt-free core that the first screen needs (SQLAlchemy, the mapped models, the queries of
    the household list) before Qt. Once PySide6 is loaded it checks every later import for its
    `__feature__` switches by reading the module's source, which made these ~300 modules 15-30 % slower
    to import. (A side thread that imported them while Qt started did not help: both sides hold the GIL.)"""
    import binhdan_desktop.domain.formatting
    import binhdan_desktop.domain.labels
    import binhdan_desktop.resources
    import binhdan_desktop.services.backup
    import binhdan_desktop.services.households
    import binhdan_desktop.services.indicators
    import binhdan_desktop.store.db
    import binhdan_desktop.store.queries.households
    import binhdan_desktop.sync.identity  # noqa: F401


def _qt_exit(code: int) -> int:
    """Leave without the interpreter's final garbage collection, which can crash inside PySide6 once
    the QApplication is gone; everything (database, files) is already closed and flushed by now."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    from binhdan_desktop.paths import db_option

    argv = list(sys.argv[1:] if argv is None else argv)
    db_value, rest = db_option(argv)
    if rest[:1] == ["screenshots"]:
        return _screenshots(db_value, rest[1:])
    if _wants_gui(argv):
        code = gui_preflight(argv)
        if code is not None:
            return code
        # Start-up makes ~130,000 objects that live as long as the app; the cyclic garbage collector would
        # walk them again and again (10-15 % of the imports). It is switched back on after the first paint
        # (app.run_gui), once they are frozen out of its way.
        gc.disable()
        _import_core()
        try:
            from binhdan_desktop.app import run_gui
        except ImportError as exc:  # the GUI needs Qt; the CLI does not
            print(f"Không mở được giao diện (thiếu Qt) / cannot open the app (Qt missing): {exc}", file=sys.stderr)
            return 2
        return _qt_exit(run_gui(argv))
    from binhdan_desktop.cli.main import run

    sys.unraisablehook = _quiet_unraisable
    return run(argv)


if __name__ == "__main__":
    raise SystemExit(main())
