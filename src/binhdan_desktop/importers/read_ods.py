"""OpenDocument .ods: values through python-calamine, after a byte-level look at content.xml for repeats
that would make its grid huge (a filled cell repeated across thousands of columns or rows). When the file
declares a legacy font (".VnTime", ".VnTimeH", "VNI-…"), each filled cell's font is read from the same
content.xml (its style, else its column's default style, through the styles' parents to styles.xml), so legacy
text is decided by its font as in .xlsx and .xls, not by content alone."""

from __future__ import annotations

import re
import zipfile
from html import unescape
from pathlib import Path
from typing import Any

from binhdan_desktop.importers.cells import MAX_COLUMNS, Interner, cell_value, trim
from binhdan_desktop.importers.types import Cell, Sheet

_CELL_REPEAT = re.compile(rb'<table:table-cell\b[^>]*?number-columns-repeated="(\d+)"[^>]*?(/?)>')
_ROW_REPEAT = re.compile(rb'<table:table-row\b[^>]*?number-rows-repeated="(\d+)"[^>]*>(.*?)</table:table-row>', re.S)
_LEGACY_FACE = re.compile(rb'<style:font-face\b[^>]*?style:name="(?:\.vn|vni)', re.I)
_STYLE = re.compile(rb'<style:style\b([^>]*?)(?:/>|>(.*?)</style:style>)', re.S)
_FONT_NAME = re.compile(rb'<style:text-properties\b[^>]*?\sstyle:font-name="([^"]*)"')
_TOKEN = re.compile(rb'<table:table[\s>]|</table:table>|<table:table-column\b[^>]*>|<table:table-row\b[^>]*?/?>'
                    rb'|</table:table-row>|<table:(?:covered-)?table-cell\b[^>]*?/?>')


_ATTRS: dict[bytes, re.Pattern[bytes]] = {}


def _attr(tag: bytes, name: bytes) -> bytes | None:
    """An attribute's value in a start tag (a cell's tag is short: a search, no XML parser)."""
    if name not in tag:
        return None
    pattern = _ATTRS.get(name)
    if pattern is None:
        pattern = _ATTRS[name] = re.compile(rb"\s" + re.escape(name) + rb'="([^"]*)"')
    m = pattern.search(tag)
    return m[1] if m else None


def _styles(*parts: bytes) -> dict[bytes, str]:
    """Cell style name -> its font name, through the parent styles (the file's default cell style: "Default")."""
    own: dict[bytes, tuple[bytes | None, bytes | None]] = {}
    for part in parts:
        for m in _STYLE.finditer(part):
            name = _attr(m[1], b"style:name")
            if name is None or _attr(m[1], b"style:family") not in (b"table-cell", None):
                continue
            found = _FONT_NAME.search(m[2] or b"")
            own[name] = (found[1] if found else None, _attr(m[1], b"style:parent-style-name"))
    out: dict[bytes, str] = {}
    for name in own:
        seen: set[bytes] = set()
        at: bytes | None = name
        font: bytes | None = None
        while at is not None and at not in seen and font is None:
            seen.add(at)
            font, at = own.get(at, (None, b"Default" if at != b"Default" else None))
        out[name] = (font or b"").decode("utf-8", "replace")
    return out


def _fonts(data: bytes, styles_xml: bytes, max_rows: int) -> list[list[list[str | None]]]:
    """Per table, per row (0-based), each cell's font (None for an empty cell), columns from 0."""
    styles = _styles(styles_xml, data)
    default = styles.get(b"Default", "")
    font_of: dict[bytes | None, str] = {None: default}
    tables: list[list[list[str | None]]] = []
    rows: list[list[str | None]] = []
    row: list[str | None] = []
    columns: list[bytes | None] = []
    row_repeat = 1
    cell_tags: dict[bytes, tuple[int, bool, bytes | None]] = {}  # a cell's start tag -> (repeat, empty, style)
    for m in _TOKEN.finditer(data):
        tag = m[0]
        known = cell_tags.get(tag)
        if known is not None or tag.startswith((b"<table:table-cell", b"<table:covered")):
            if known is None:  # tags repeat (the same style, type and no value in the tag): each read once
                known = (int(_attr(tag, b"table:number-columns-repeated") or 1), tag.endswith(b"/>"),
                         _attr(tag, b"table:style-name"))
                if len(cell_tags) < 4096:
                    cell_tags[tag] = known
            n, empty, own_style = known
            col = len(row)
            if col >= MAX_COLUMNS:
                continue
            n = min(n, MAX_COLUMNS - col)
            if empty:
                row.extend([None] * n)
                continue
            style = own_style or (columns[col] if col < len(columns) else None)
            font = font_of.get(style)
            if font is None:
                font = font_of[style] = styles.get(style, default) if style else default
            row.extend([font] * n)
        elif tag.startswith(b"<table:table-row"):
            row = []
            row_repeat = int(_attr(tag, b"table:number-rows-repeated") or 1)
            if tag.endswith(b"/>"):
                rows.extend([] for _ in range(min(row_repeat, max_rows + 1 - len(rows))))
        elif tag == b"</table:table-row>":
            rows.extend(row for _ in range(min(row_repeat, max(0, max_rows + 1 - len(rows)))))
            row = []
        elif tag.startswith(b"<table:table-column"):
            n = int(_attr(tag, b"table:number-columns-repeated") or 1)
            columns.extend([_attr(tag, b"table:default-cell-style-name")] * max(0, min(n, MAX_COLUMNS - len(columns))))
        elif tag == b"</table:table>":
            tables.append(rows)
            rows, row, columns = [], [], []
        else:  # a new table
            rows, row, columns = [], [], []
    return tables


_ERROR_CELL = b'calcext:value-type="error"'
_TAGS = re.compile(rb"<[^>]*>")


def _errors(data: bytes) -> list[dict[tuple[int, int], str]]:
    """Per table, the cells holding a formula's error as LibreOffice saves it (`calcext:value-type="error"`, the
    error's text in the cell: calamine reads it as empty text): (row, col) 0-based -> "#N/A"."""
    tables: list[dict[tuple[int, int], str]] = []
    found: dict[tuple[int, int], str] = {}
    row = col = 0
    repeat = 1
    for m in _TOKEN.finditer(data):
        tag = m[0]
        if tag.startswith((b"<table:table-cell", b"<table:covered")):
            n = int(_attr(tag, b"table:number-columns-repeated") or 1)
            if _ERROR_CELL in tag and not tag.endswith(b"/>") and col < MAX_COLUMNS:
                end = data.find(b"</table:table-cell>", m.end())
                text = unescape(_TAGS.sub(b"", data[m.end():end]).decode("utf-8", "replace")).strip()
                for k in range(min(n, MAX_COLUMNS - col)):
                    found[(row, col + k)] = text
            col += n
        elif tag.startswith(b"<table:table-row"):
            col, repeat = 0, int(_attr(tag, b"table:number-rows-repeated") or 1)
            if tag.endswith(b"/>"):
                row += repeat
        elif tag == b"</table:table-row>":
            row += repeat
        elif tag == b"</table:table>":
            tables.append(found)
            found, row = {}, 0
        elif not tag.startswith(b"<table:table-column"):  # a new table
            found, row = {}, 0
    return tables


def _check_repeats(path: Path, max_rows: int) -> tuple[list[list[list[str | None]]], list[dict[tuple[int, int], str]]]:
    """Refuses huge repeats; returns each table's cell fonts when the file declares a legacy font (else []), and
    each table's formula errors when there are any (else [])."""
    from binhdan_desktop.importers.reader import fail

    with zipfile.ZipFile(path) as zf:
        data = zf.read("content.xml")
        legacy = _LEGACY_FACE.search(data) is not None
        styles_xml = zf.read("styles.xml") if legacy and "styles.xml" in zf.namelist() else b""
    for m in _CELL_REPEAT.finditer(data):
        if int(m[1]) > MAX_COLUMNS and not m[2]:
            end = data.find(b"</table:table-cell>", m.end())
            if b"<text:p" in data[m.end():end] or b"office:value-type" in m[0]:
                raise fail(path, "repeated")
    for m in _ROW_REPEAT.finditer(data):
        if int(m[1]) > max_rows and (b"<text:p" in m[2] or b"office:value-type" in m[2]):
            raise fail(path, "repeated")
    return _fonts(data, styles_xml, max_rows) if legacy else [], _errors(data) if _ERROR_CELL in data else []


def read_ods(path: Path, max_rows: int) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    from binhdan_desktop.importers.reader import fail

    fonts, errors = _check_repeats(path, max_rows)
    sheets = []
    with CalamineWorkbook.from_path(str(path)) as wb:
        for index, name in enumerate(wb.sheet_names):
            sheet = wb.get_sheet_by_index(index)
            rows = sheet.to_python(skip_empty_area=False) if sheet.start is not None else []
            while rows and not trim(rows[-1]):
                rows.pop()
            if len(rows) > max_rows:
                raise fail(path, "too_many_rows", n=max_rows)
            mine = errors[index] if index < len(errors) else {}
            for (r, c), text in mine.items():  # the error's text where calamine left the cell empty
                if r < len(rows) and c < len(rows[r]) and not rows[r][c]:
                    rows[r][c] = text
            sheets.append(Sheet(name, _cells(rows, fonts[index] if index < len(fonts) else None), errors=bool(mine)))
    return sheets


def _cells(rows: list[list[Any]], fonts: list[list[str | None]] | None) -> list[list[Cell]]:
    if not fonts:
        plain = Interner()
        return [[plain(v) for v in trim(r[:MAX_COLUMNS])] for r in rows]
    out = []
    for i, r in enumerate(rows):
        row_fonts = fonts[i] if i < len(fonts) else []
        out.append([cell_value(v, row_fonts[j] if j < len(row_fonts) else None)
                    for j, v in enumerate(trim(r[:MAX_COLUMNS]))])
    return out
