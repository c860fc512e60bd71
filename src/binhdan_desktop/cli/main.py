"""The headless command line: the same services the GUI uses, one sub-command per capability.

Each command declares what it works on (`needs`): an open database that must already exist ("db", most), one it
may create ("create": demo, setup, team join), the database's path only, never opened ("path": restore, import
--template), or nothing. The files a command writes (`outputs`) are checked before it runs. Whatever fails, the
user sees one line, Vietnamese then English, and exit code 2."""

from __future__ import annotations

import argparse
import contextlib
import json
import sqlite3
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NoReturn

from binhdan_desktop import __version__
from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.fileio import check_output, database_files, os_error, remove_stale_temps, sqlite_error
from binhdan_desktop.paths import check_database_file, database_path

Needs = Literal["db", "create", "path", "none"]
Handler = Callable[[argparse.Namespace, Any], int]  # the second argument: a Database, a Path or None (see Needs)
DB_HELP = "tệp cơ sở dữ liệu, trước hoặc sau lệnh / database file, before or after the command (env BINHDAN_DB)"


@dataclass(frozen=True)
class Command:
    handler: Handler
    needs: Needs | Callable[[argparse.Namespace], Needs] = "db"
    outputs: tuple[str, ...] = ()  # names of the arguments that name a file the command writes

    def needs_of(self, args: argparse.Namespace) -> Needs:
        return self.needs(args) if callable(self.needs) else self.needs


COMMANDS: dict[str, Command] = {}


def command(name: str, *, needs: Needs | Callable[[argparse.Namespace], Needs] = "db",
            outputs: tuple[str, ...] = ()) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        COMMANDS[name] = Command(fn, needs, outputs)
        return fn
    return register


class Parser(argparse.ArgumentParser):
    """A mistake in the arguments is the one-line error too (with where to look), not usage plus English."""

    def error(self, message: str) -> NoReturn:
        raise BinhdanError("cli.bad_argument", reason=message, help=f"{self.prog} --help")


def _db_everywhere(parser: argparse.ArgumentParser) -> None:
    """`--db` after any sub-command too. SUPPRESS: a sub-command without it keeps the value given before it."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                sub.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=DB_HELP)
                _db_everywhere(sub)


def build_parser() -> argparse.ArgumentParser:
    from binhdan_desktop.cli import commands

    parser = Parser(
        prog="binhdan",
        description="Bình Dân Desktop – công cụ của Tổ Công nghệ số cộng đồng (Bình dân học vụ số). "
                    "Chạy không có lệnh con để mở giao diện. / Run with no sub-command to open the app.")
    parser.add_argument("--version", action="version", version=f"Bình Dân Desktop {__version__}")
    parser.add_argument("--db", metavar="PATH", help=DB_HELP)
    sub = parser.add_subparsers(dest="command", metavar="LỆNH/COMMAND")
    commands.add_all(sub)
    _db_everywhere(parser)
    return parser


def error_line(exc: BinhdanError) -> str:
    return f"Lỗi: {exc.message('vi')} / Error: {exc.message('en')}".replace("\n", " ")


def _fail(exc: BinhdanError) -> int:
    print(error_line(exc), file=sys.stderr)
    return 2


def _remove_new_database(path: Path) -> None:
    """A command that was to make a database failed: leave no empty file behind (nor an empty backups folder)."""
    for extra in database_files(path):
        extra.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # only when it is empty
        (path.parent / "backups").rmdir()


def _with_database(cmd: Command, args: argparse.Namespace, path: Path, *, create: bool) -> int:
    from binhdan_desktop.store.db import open_database  # the composition root: the CLI opens what it works on
    from binhdan_desktop.sync.identity import ensure_identity

    new = create and not path.exists()
    try:
        with open_database(path) as db:
            ensure_identity(db)
            return cmd.handler(args, db)
    except BaseException:
        if new:
            _remove_new_database(path)
        raise


def _dispatch(args: argparse.Namespace, cmd: Command, needs: Needs, path: Path) -> int:
    """Check the database path and the outputs (touching nothing), clean up stale temps, run the command."""
    check_database_file(path, create=needs != "db")
    remove_stale_temps([path.parent, path.parent / "backups"])
    for name in cmd.outputs:
        value = getattr(args, name, None)
        if value is not None:
            check_output(Path(value), force=getattr(args, "force", False), db_path=path)
    if needs == "path":
        return cmd.handler(args, path)
    return _with_database(cmd, args, path, create=needs == "create")


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command; every failure the user can meet becomes a one-line message and exit code 2."""
    path: Path | None = None
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help()
            return 0
        cmd = COMMANDS[args.command]
        needs = cmd.needs_of(args)
        if needs == "none":
            return cmd.handler(args, None)
        path = database_path(args.db).expanduser().absolute()
        return _dispatch(args, cmd, needs, path)
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else 0
    except BinhdanError as exc:
        return _fail(exc)
    except OSError as exc:
        return _fail(os_error(exc, path))
    except sqlite3.Error as exc:
        return _fail(sqlite_error(str(exc), path or "?"))
    except KeyboardInterrupt:
        print("Đã dừng. / Stopped.", file=sys.stderr)
        return 130
    except Exception as exc:
        orig = getattr(exc, "orig", None)  # SQLAlchemy's wrapper of the driver's error (no SQL values: hidden)
        if isinstance(orig, sqlite3.Error):
            return _fail(sqlite_error(str(orig), path or "?"))
        raise


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def main(argv: Sequence[str] | None = None) -> int:
    return run(argv)


if __name__ == "__main__":
    raise SystemExit(main())
