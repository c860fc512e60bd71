"""Formulas a script saved without their values: the simple ones computed (literals, references to other
cells of the sheet, `&`, + - * /, CONCATENATE, TRIM, HYPERLINK's text, DATE, YEAR); any other formula
is left unknown so the row is shown as a problem, never read as empty."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import replace
from itertools import chain
from operator import attrgetter

from binhdan_desktop.importers.types import Cell, Sheet, Value

_TOKEN = re.compile(r'\s*(?:("(?:[^"]|"")*")|(\d+(?:\.\d+)?)|(\$?[A-Za-z]{1,3}\$?\d+)'
                    r'|([A-Za-z][A-Za-z0-9.]*)\s*\(|(.))')
_FORMULA_OF = attrgetter("formula")
_FUNCTIONS = {"CONCATENATE", "CONCAT", "TRIM", "HYPERLINK", "DATE", "YEAR", "VALUE"}


class Unsupported(Exception):
    """A formula this module does not compute."""


def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


class _Parser:
    def __init__(self, text: str, sheet: Sheet, depth: int) -> None:
        self.tokens = [(m.lastindex, m[m.lastindex or 0]) for m in _TOKEN.finditer(text) if m.lastindex]
        self.pos, self.sheet, self.depth = 0, sheet, depth

    def peek(self) -> str:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else ""

    def take(self, expected: str | None = None) -> tuple[int | None, str]:
        if self.pos >= len(self.tokens) or (expected and self.tokens[self.pos][1] != expected):
            raise Unsupported
        self.pos += 1
        return self.tokens[self.pos - 1]

    def concat(self) -> Value:
        value = self.add()
        while self.peek() == "&":
            self.take()
            value = _str(value) + _str(self.add())
        return value

    def add(self) -> Value:
        value = self.mul()
        while self.peek() in ("+", "-"):
            op = self.take()[1]
            right = _num(self.mul())
            value = _num(value) + right if op == "+" else _num(value) - right
        return value

    def mul(self) -> Value:
        value = self.unary()
        while self.peek() in ("*", "/"):
            op = self.take()[1]
            right = _num(self.unary())
            if op == "/" and right == 0:
                raise Unsupported
            value = _num(value) * right if op == "*" else _num(value) / right
        return value

    def unary(self) -> Value:
        if self.peek() == "-":
            self.take()
            return -_num(self.unary())
        return self.atom()

    def atom(self) -> Value:
        kind, text = self.take()
        if kind == 1:
            return text[1:-1].replace('""', '"')
        if kind == 2:
            return float(text) if "." in text else int(text)
        if kind == 3:
            return self.ref(text.replace("$", ""))
        if kind == 4:
            return self.call(text.upper())
        if text == "(":
            value = self.concat()
            self.take(")")
            return value
        raise Unsupported

    def ref(self, text: str) -> Value:
        m = re.fullmatch(r"([A-Za-z]+)(\d+)", text)
        assert m
        r, c = int(m[2]) - 1, _column(m[1])
        row = self.sheet.rows[r] if r < len(self.sheet.rows) else []
        cell = row[c] if c < len(row) else Cell(None)
        if cell.value is None and cell.formula:
            return evaluate(cell.formula, self.sheet, self.depth + 1)
        return cell.value

    def call(self, name: str) -> Value:
        if name not in _FUNCTIONS:
            raise Unsupported
        args: list[Value] = []
        while self.peek() != ")":
            args.append(self.concat())
            if self.peek() == ",":
                self.take()
        self.take(")")
        return _call(name, args)


def _call(name: str, args: list[Value]) -> Value:
    if name in ("CONCATENATE", "CONCAT"):
        return "".join(_str(a) for a in args)
    if name == "TRIM" and len(args) == 1:
        return " ".join(_str(args[0]).split())
    if name == "HYPERLINK" and len(args) in (1, 2):
        return args[-1]
    if name == "VALUE" and len(args) == 1:
        return _num(args[0])
    if name == "DATE" and len(args) == 3:
        try:
            return dt.date(*(int(_num(a)) for a in args))
        except ValueError as exc:
            raise Unsupported from exc
    if name == "YEAR" and len(args) == 1 and isinstance(args[0], dt.date):
        return args[0].year
    raise Unsupported


def _str(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date | bool):
        raise Unsupported  # Excel would show a serial number or TRUE: not a name anyone typed
    return str(value)


def _num(value: Value) -> int | float:
    if value is None or value == "":
        return 0
    if isinstance(value, bool | dt.date):
        raise Unsupported
    if isinstance(value, int | float):
        return value
    try:
        return float(value) if "." in value else int(value)
    except ValueError as exc:
        raise Unsupported from exc


def evaluate(formula: str, sheet: Sheet, depth: int = 0) -> Value:
    """The value of a simple formula ("=A1&\" \"&B1", "=1900+65"); raises Unsupported for the rest."""
    if depth > 20 or not formula.startswith("="):
        raise Unsupported
    parser = _Parser(formula[1:], sheet, depth)
    value = parser.concat()
    if parser.pos != len(parser.tokens):
        raise Unsupported
    return value


def compute(sheet: Sheet) -> Sheet:
    """The sheet with every simple unsaved formula replaced by its value; the others kept as they are."""
    if not any(map(_FORMULA_OF, chain.from_iterable(sheet.rows))):  # most files: none (one pass in C)
        return replace(sheet, rows=list(sheet.rows))
    rows: list[list[Cell]] = []
    for row in sheet.rows:
        out = []
        for cell in row:
            if cell.value is None and cell.formula:
                with contextlib.suppress(Unsupported, RecursionError, OverflowError):
                    cell = cell._replace(value=evaluate(cell.formula, sheet), formula=None)
            out.append(cell)
        rows.append(out)
    return replace(sheet, rows=rows)
