"""Entry point: `binhdan` / `python -m binhdan_desktop`. No sub-command opens the desktop app."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence


def _wants_gui(argv: Sequence[str]) -> bool:
    """True when no sub-command was given: nothing but `--db PATH` (the GUI's only option). Checked without
    building the CLI parser, which would import every command's modules before the window."""
    rest = list(argv)
    for i, arg in enumerate(argv):
        if arg == "--db":
            if i + 1 == len(argv):
                return False  # `--db` without a file: the CLI parser says so
            rest = [*argv[:i], *argv[i + 2:]]
            break
        if arg.startswith("--db="):
            rest = [*argv[:i], *argv[i + 1:]]
            break
    return not rest


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
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["screenshots"]:  # needs Qt, so it lives in ui/, not in the Qt-free cli/
        from binhdan_desktop.ui.screenshots import main as screenshots

        return _qt_exit(screenshots(argv[1:]))
    if _wants_gui(argv):
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

    return run(argv)


if __name__ == "__main__":
    raise SystemExit(main())
