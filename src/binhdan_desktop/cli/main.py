"""The headless command line: the same services the GUI uses, one sub-command per capability."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from binhdan_desktop import __version__
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.paths import database_path
from binhdan_desktop.store.db import Database, open_database

Handler = Callable[[argparse.Namespace, Database], int]
COMMANDS: dict[str, Handler] = {}


def command(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        COMMANDS[name] = fn
        return fn
    return register


def build_parser() -> argparse.ArgumentParser:
    from binhdan_desktop.cli import commands

    parser = argparse.ArgumentParser(
        prog="binhdan",
        description="Bình Dân Desktop – công cụ của Tổ Công nghệ số cộng đồng (Bình dân học vụ số). "
                    "Chạy không có lệnh con để mở giao diện. / Run with no sub-command to open the app.")
    parser.add_argument("--version", action="version", version=f"Bình Dân Desktop {__version__}")
    parser.add_argument("--db", metavar="PATH", help="tệp cơ sở dữ liệu / database file (env BINHDAN_DB)")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH/COMMAND")
    commands.add_all(sub)
    return parser


def _open(args: argparse.Namespace) -> Database:
    from binhdan_desktop.sync.identity import ensure_identity

    db = open_database(database_path(args.db))
    ensure_identity(db)
    return db


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command; user errors become a one-line message and exit code 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    try:
        db = _open(args)
        with db:
            return COMMANDS[args.command](args, db)
    except BinhdanError as exc:
        print(f"Lỗi: {exc.message('vi')} / Error: {exc.message('en')}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Đã dừng. / Stopped.", file=sys.stderr)
        return 130


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def main(argv: Sequence[str] | None = None) -> int:
    return run(argv)


if __name__ == "__main__":
    raise SystemExit(main())

