"""The headless command line: the same services the GUI uses, one sub-command per capability.

Each command declares what it works on (`needs`): an open database that must already exist ("db", most), one it
may create ("create": demo, setup, team join), the database's path only, never opened ("path": restore, import
--template), or nothing. The files a command writes (`outputs`) are checked before it runs. Whatever fails, the
user sees one line, Vietnamese then English, and exit code 2."""

from __future__ import annotations

import argparse
import contextlib
import copy
import errno
import json
import os
import re
import sqlite3
import stat
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NoReturn, TextIO

from binhdan_desktop import __version__
from binhdan_desktop.errors import BinhdanError, render
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
    inputs: tuple[str, ...] = ()  # names of the arguments that name a file the command reads

    def needs_of(self, args: argparse.Namespace) -> Needs:
        return self.needs(args) if callable(self.needs) else self.needs


COMMANDS: dict[str, Command] = {}


def command(name: str, *, needs: Needs | Callable[[argparse.Namespace], Needs] = "db",
            outputs: tuple[str, ...] = (), inputs: tuple[str, ...] = ()) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        COMMANDS[name] = Command(fn, needs, outputs, inputs)
        return fn
    return register


HELP_HELP = "hiện hướng dẫn này rồi thoát / show this help and exit"

# argparse's own English messages (it has no Vietnamese): each becomes a code of the catalogue, with its values
_ARGPARSE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.S), code) for p, code in (
    (r"the following arguments are required: (?P<names>.+)", "cli.missing"),
    (r"unrecognized arguments: (?P<value>.+)", "cli.unknown"),
    (r"argument (?P<option>.+?): expected (at least )?one argument", "cli.needs_value"),
    (r"argument (?P<option>.+?): ignored explicit argument (?P<value>.+)", "cli.no_value"),
    (r"argument (?P<option>.+?): not allowed with argument (?P<other>.+)", "cli.not_together"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", "cli.ambiguous"),
    (r"argument (?P<names>.+?): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)", "cli.invalid_choice"),
    (r"argument (?P<field>.+?): invalid \w+ value: (?P<value>.+)", "cli.integer"),
))


def _names(text: str) -> tuple[str, str]:
    """ "--commune, LỆNH/COMMAND (create, join)" -> ("--commune, LỆNH (create, join)", "--commune, COMMAND (…)"):
    a positional's metavar names it in both languages; options ("-h/--help") stay as they are."""
    def half(i: int) -> str:
        return re.sub(r"(?<![-\w])([^\s,/()-][^\s,/()]*)/([^\s,/()]+)", lambda m: m.group(1 + i), text)
    return half(0), half(1)


class _HelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "cách dùng / usage: " if prefix is None else prefix)


class _SubParsers(argparse._SubParsersAction):
    """A sub-command's own --help starts with what it does (its one-line help), in both languages."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        kwargs.setdefault("description", kwargs.get("help"))
        return super().add_parser(name, **kwargs)


class Parser(argparse.ArgumentParser):
    """Help in Vietnamese then English; a mistake in the arguments is the one-line error (with where to look),
    never argparse's usage plus English."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        # no abbreviations: "--f" must not quietly mean --force
        super().__init__(*args, **{**kwargs, "add_help": False, "allow_abbrev": False})
        self.register("action", "parsers", _SubParsers)
        self._positionals.title = "đối số / arguments"
        self._optionals.title = "tuỳ chọn / options"
        self.add_argument("-h", "--help", action="help", help=HELP_HELP)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if action.choices is not None and value not in action.choices:
            vi, en = _names(str(argparse._get_action_name(action)))
            raise BinhdanError("cli.invalid_choice", option_vi=vi, option_en=en, value=value,
                               choices=", ".join(map(str, action.choices)), help=f"{self.prog} --help")

    def _with_choices(self, names: str) -> str:
        """A missing sub-command says which ones there are: "LỆNH (create, join, revoke)"."""
        choices = {argparse._get_action_name(a): a.choices for a in self._actions if a.choices}
        return ", ".join(f"{n} ({', '.join(map(str, choices[n]))})" if n in choices else n
                         for n in names.split(", "))

    def error(self, message: str) -> NoReturn:
        for pattern, code in _ARGPARSE_ERRORS:
            found = pattern.fullmatch(message)
            if found:
                params = found.groupdict()
                if "names" in params:  # a positional's name is "VI/EN": each half of the line gets its own
                    names = _names(self._with_choices(params.pop("names")))
                    params.update(dict(zip(("names_vi", "names_en") if code == "cli.missing"
                                           else ("option_vi", "option_en"), names, strict=True)))
                raise BinhdanError(code, **params, help=f"{self.prog} --help")
        raise BinhdanError("cli.bad_argument", reason=message, help=f"{self.prog} --help")


def _db_everywhere(parser: argparse.ArgumentParser) -> None:
    """`--db` after any sub-command too. SUPPRESS: a sub-command without it keeps the value given before it."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                sub.add_argument("--db", metavar="TỆP", default=argparse.SUPPRESS, help=DB_HELP)
                _db_everywhere(sub)


def build_parser() -> argparse.ArgumentParser:
    from binhdan_desktop.cli import commands

    parser = Parser(
        prog="binhdan",
        description="Bình Dân Desktop – công cụ của Tổ Công nghệ số cộng đồng (Bình dân học vụ số). "
                    "Chạy không có lệnh con để mở giao diện. / Run with no sub-command to open the app.")
    parser.add_argument("--version", action="version", version=f"Bình Dân Desktop {__version__}",
                        help="in số phiên bản rồi thoát / show the version and exit")
    parser.add_argument("--db", metavar="TỆP", help=DB_HELP)
    sub = parser.add_subparsers(dest="command", metavar="LỆNH/COMMAND")
    commands.add_all(sub)
    _db_everywhere(parser)
    return parser


def _halves(reason: str) -> tuple[str, str]:
    """A reason a layer below already wrote in both languages ("thư mục không có / folder missing") goes half
    into each language of the line, instead of both halves into both."""
    first, sep, second = reason.partition(" / ")
    if not sep or " / " in second:
        return reason, reason
    if first.isascii() and not second.isascii():  # written English first
        return second, first
    return first, second


def _in(exc: BinhdanError, lang: str) -> str:
    reason = exc.params.get("reason")
    if not isinstance(reason, str):
        return exc.message(lang)
    one = copy.copy(exc)
    one.params = {**exc.params, "reason": _halves(reason)[lang == "en"]}
    return one.message(lang)


def error_line(exc: BinhdanError) -> str:
    return f"Lỗi: {_in(exc, 'vi')} / Error: {_in(exc, 'en')}".replace("\n", " ")


def check_input(value: str) -> None:
    """A file the command reads must be there, be a regular file (a folder, a device or a FIFO would fail
    later with a confusing message, or block) and be readable."""
    path = Path(value).expanduser().absolute()
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise BinhdanError("io.not_found", path=str(path)) from None
    except PermissionError:
        raise BinhdanError("input.unreadable", path=str(path)) from None
    if stat.S_ISDIR(st.st_mode):
        raise BinhdanError("input.is_folder", path=str(path))
    if not stat.S_ISREG(st.st_mode):
        raise BinhdanError("input.not_a_file", path=str(path))
    if not os.access(path, os.R_OK):
        raise BinhdanError("input.unreadable", path=str(path))


def check_utf8(argv: Sequence[str]) -> None:
    """Bytes that are not UTF-8 arrive as lone surrogates, which SQLite, the files and the terminal refuse later
    with a traceback: refuse the argument at once, shown with its bad bytes escaped."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            raise BinhdanError("cli.not_utf8", value=shown) from None


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
            if ensure_identity(db) and not new:
                print(render("identity.renewed", "vi", {}) + " / " + render("identity.renewed", "en", {}),
                      file=sys.stderr)
            return cmd.handler(args, db)
    except BaseException:
        if new:
            _remove_new_database(path)
        raise


def _dispatch(args: argparse.Namespace, cmd: Command, needs: Needs, path: Path) -> int:
    """Check the database path and the outputs (touching nothing), clean up stale temps, run the command."""
    check_database_file(path, create=needs != "db")
    remove_stale_temps([path.parent, path.parent / "backups"])
    for name in cmd.inputs:
        value = getattr(args, name, None)
        if value is not None:
            check_input(value)
    for name in cmd.outputs:
        value = getattr(args, name, None)
        if value is not None:
            check_output(Path(value), force=getattr(args, "force", False), db_path=path)
    if needs == "path":
        return cmd.handler(args, path)
    return _with_database(cmd, args, path, create=needs == "create")


class OutputError(Exception):
    """Writing to stdout failed (a closed pipe, a full disk): the output's fault, never the database's."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(cause.strerror or type(cause).__name__)
        self.cause = cause


class _Output:
    """sys.stdout, with its write failures told apart from the database's (both are OSError)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except OSError as exc:
            raise OutputError(exc) from exc

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as exc:
            raise OutputError(exc) from exc

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _output_failed(exc: OutputError) -> int:
    """A closed pipe (`| head`) ends quietly, as Unix tools do; anything else is said without naming the
    database. What is still buffered goes to devnull so that the exit's own flush does not fail again
    (https://docs.python.org/3/library/signal.html#note-on-sigpipe)."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    if isinstance(exc.cause, BrokenPipeError):
        return 141  # 128 + SIGPIPE, what a shell reports for a tool cut off by its pipe
    if exc.cause.errno == errno.ENOSPC:
        return _fail(BinhdanError("output.stdout_full"))
    return _fail(BinhdanError("output.stdout_failed", reason=str(exc)))


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command; every failure the user can meet becomes a one-line message and exit code 2."""
    from binhdan_desktop.cli import logfile

    stdout = sys.stdout
    sys.stdout = _Output(stdout)
    try:
        with logfile.to_file():
            code = _run(argv)
        sys.stdout.flush()  # inside, so that a failure to write the output is still told apart
        return code
    except OutputError as exc:
        return _output_failed(exc)
    finally:
        sys.stdout = stdout


def _run(argv: Sequence[str] | None = None) -> int:
    path: Path | None = None
    try:
        argv = list(sys.argv[1:] if argv is None else argv)
        check_utf8(argv)
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
