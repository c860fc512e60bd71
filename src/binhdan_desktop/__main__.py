"""Entry point: `binhdan` / `python -m binhdan_desktop`. No sub-command opens the desktop app."""

from __future__ import annotations

import os
import sys
import threading
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


def _preload_storage() -> None:
    """Import the storage layer (SQLAlchemy and the mapped models, about half a second) on a side thread
    while the main thread starts Qt. The import system's module locks hand the finished modules over to
    the main thread, which waits on them only if it gets there first."""

    def load() -> None:
        try:
            import binhdan_desktop.services.households  # noqa: F401 - for the side effect
            import binhdan_desktop.store.db  # noqa: F401
        except Exception:  # noqa: BLE001, S110 - the main thread imports again and reports the error
            pass

    threading.Thread(target=load, name="preload-storage", daemon=True).start()


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
        _preload_storage()
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
