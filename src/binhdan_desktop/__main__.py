"""Entry point: `binhdan` / `python -m binhdan_desktop`. No sub-command opens the desktop app."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def _wants_gui(argv: Sequence[str]) -> bool:
    """True when no sub-command (nor --help / --version) was given."""
    from binhdan_desktop.cli.main import build_parser

    if any(a in ("-h", "--help", "--version") for a in argv):
        return False
    args, _ = build_parser().parse_known_args(argv)
    return args.command is None


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
