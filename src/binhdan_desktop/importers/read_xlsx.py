"""xlsx/xlsm: values through python-calamine, after one byte-level scan of each sheet's XML that finds what
calamine does not say and what must be refused before it allocates: the cells' true extent (calamine builds a
dense grid over the cells present, so two cells far apart would ask for gigabytes), formulas saved without a
value, and, when styles.xml names a legacy font, each cell's font. The declared <dimension> is never trusted.
A sheet whose cells are spread thin, or reach past MAX_COLUMNS, is read sparsely with openpyxl instead."""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from html import unescape  # XML character references too (&#7877;), not only &amp; &lt; &gt;
from itertools import chain
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from binhdan_desktop.importers.cells import EMPTY, MAX_COLUMNS, Interner, cell_value, column_index, trim
from binhdan_desktop.importers.types import Cell, Problem, Sheet, msg

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
_CELL_COL = re.compile(rb'<c\b[^>]*?\sr="([A-Z]{1,3})\d')
_CELL_ROW = re.compile(rb'<c\b[^>]*?\sr="[A-Z]{1,3}(\d+)"')
_LAST_ROW = re.compile(rb'<row\b[^>]*?\sr="(\d+)"')
_CELL_STYLE = re.compile(rb'<c\b([^>]*)>')
_ATTR_R = re.compile(rb'\sr="([A-Z]{1,3})(\d+)"')
_ATTR_S = re.compile(rb'\ss="(\d+)"')
_FORMULA = re.compile(rb'<f\b([^>]*?)(?:/>|>(.*?)</f>)', re.S)
# A cell with no value (only a style: `<c r="XFD3" s="0"/>`) and a row left with none: calamine reads neither, so
# neither may widen the extent (one styled empty cell at XFD would send the sheet to the slow sparse reader).
_ERROR_VALUE = re.compile(rb'<v>([^<]*)</v>')
_EMPTY_CELL = re.compile(rb'<c\b[^>]*?(?:/>|>\s*</c>)')
_EMPTY_ROW = re.compile(rb'<row\b[^>]*?(?:/>|>\s*</row>)')


@dataclass
class _Scan:
    cells: int
    max_row: int
    max_col: int
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) 0-based -> "=…" with no value
    fonts: dict[tuple[int, int], str] = field(default_factory=dict)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) 0-based -> "#N/A" (t="e")


def _styles(zf: zipfile.ZipFile) -> list[str]:
    """Font name per cellXfs index ("" when unknown)."""
    try:
        root = ElementTree.fromstring(zf.read("xl/styles.xml"))
    except KeyError:
        return []
    fonts = [(f.find("m:name", _NS).get("val", "") if f.find("m:name", _NS) is not None else "")
             for f in root.iterfind("m:fonts/m:font", _NS)]
    out = []
    for xf in root.iterfind("m:cellXfs/m:xf", _NS):
        i = int(xf.get("fontId", "0") or 0)
        out.append(fonts[i] if i < len(fonts) else "")
    return out


def _is_legacy_font(name: str) -> bool:
    return name.strip().lower().startswith((".vn", "vni"))


def sheet_parts(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part path) in workbook order."""
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    try:
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iterfind("p:Relationship", _NS)}
    except KeyError:
        targets = {}
    out = []
    for i, s in enumerate(book.iterfind("m:sheets/m:sheet", _NS), 1):
        target = targets.get(s.get(f"{{{_NS['r']}}}id"), f"worksheets/sheet{i}.xml")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        out.append((s.get("name", f"Sheet{i}"), part))
    return out


def _beyond(width: int) -> re.Pattern[bytes]:
    """A cell reference in the column of 0-based index `width` or further right (width < 702). The pattern
    starts with the literal `r="`, which the regex engine finds with a fast search instead of trying every
    `<c`: it also matches an attribute named like "…r" holding such letters, which only sends the scan to
    list every cell's column (exact), never past a cell."""
    j, first = width + 1, ""
    while j:
        j, r = divmod(j - 1, 26)
        first = chr(65 + r) + first  # the letters of that column: "A" … "ZZ"
    if len(first) == 1:
        alternatives = [f"[{first}-Z]", "[A-Z]{2}"]
    else:
        x, y = first[0], first[1]
        alternatives = [f"{x}[{y}-Z]"] + ([f"[{chr(ord(x) + 1)}-Z][A-Z]"] if x < "Z" else [])
    return re.compile(rb'r="(?:[A-Z]{3}|' + "|".join(alternatives).encode() + rb')\d')


def _dense(scan: _Scan) -> bool:
    """Whether calamine's dense grid over the scanned extent is affordable (read_xlsx's rule)."""
    return scan.max_col <= MAX_COLUMNS and scan.max_row * scan.max_col <= 4 * scan.cells + 1_000_000


def _scan(data: bytes, styles: list[str], max_rows: int = 1 << 30) -> _Scan:
    cells, max_row, max_col = _extent(data)
    if (not _dense(_Scan(cells, max_row, max_col)) or max_row > max_rows) and (
            _EMPTY_CELL.search(data) or _EMPTY_ROW.search(data)):
        # Too wide or too long only perhaps because of cells with no value: measured again without them (the
        # common sheet never gets here, so it pays nothing for the copy).
        cells, max_row, max_col = _extent(_EMPTY_ROW.sub(b"", _EMPTY_CELL.sub(b"", data)))
    scan = _Scan(cells, max_row, max_col)
    if b"<f" in data:
        _formulas(data, scan)
    if b't="e"' in data:
        _errors(data, scan)
    if any(_is_legacy_font(f) for f in styles):
        default = styles[0] if styles else ""
        for m in _CELL_STYLE.finditer(data):
            ref, style = _ATTR_R.search(m[1]), _ATTR_S.search(m[1])
            if ref:
                i = int(style[1]) if style else 0
                font = styles[i] if i < len(styles) else default
                scan.fonts[(int(ref[2]) - 1, column_index(ref[1].decode()))] = font
    return scan


def _extent(data: bytes) -> tuple[int, int, int]:
    """(cells, last row, last column) of a sheet's XML, 1-based."""
    cells = data.count(b"<c ") + data.count(b"<c>")
    last = None
    tail = data.rfind(b"<row ")
    if tail >= 0:
        last = _LAST_ROW.match(data, tail)
    max_row = int(last[1]) if last else 0
    if cells:
        max_row = max([max_row, *(int(r) for r in _CELL_ROW.findall(data, max(tail, 0)))])
    # The widest the dense grid may be for the cells present (read_xlsx's rule): only a cell past it needs every
    # column's letters; one search that finds none is cheaper than listing 450,000 references.
    allowed = min(MAX_COLUMNS, (4 * cells + 1_000_000) // max(max_row, 1))
    if cells and (allowed >= 702 or _beyond(allowed).search(data)):
        max_col = max((column_index(c.decode()) + 1 for c in set(_CELL_COL.findall(data))), default=0)
    else:
        max_col = min(allowed, max(1, cells))  # no cell past `allowed`: the grid fits
    return cells, max_row, max_col


def _formulas(data: bytes, scan: _Scan) -> None:
    shared: dict[bytes, str] = {}
    for m in _FORMULA.finditer(data):
        start, end = data.rfind(b"<c ", 0, m.start()), data.find(b"</c>", m.end())
        ref = _ATTR_R.search(data, start, m.start()) if start >= 0 else None
        text = "=" + unescape(m[2].decode("utf-8", "replace")) if m[2] else ""
        si = re.search(rb'\bsi="(\d+)"', m[1])
        if si and text:
            shared[si[1]] = text
        elif si and not text:
            text = shared.get(si[1], "=")
        body = data[m.end():end if end >= 0 else m.end()]
        if ref and not re.search(rb"<v>[^<]", body):
            scan.formulas[(int(ref[2]) - 1, column_index(ref[1].decode()))] = text or "="


def _errors(data: bytes, scan: _Scan) -> None:
    """Cells of type "e": a formula's error as the file saved it (calamine reads them as empty text)."""
    at = data.find(b't="e"')
    while at >= 0:
        start, end = data.rfind(b"<c ", 0, at), data.find(b"</c>", at)
        ref = _ATTR_R.search(data, start, at) if start >= 0 else None
        found = _ERROR_VALUE.search(data, at, end) if end >= 0 else None
        if ref and found:
            text = unescape(found[1].decode("utf-8", "replace"))
            scan.errors[(int(ref[2]) - 1, column_index(ref[1].decode()))] = text
        at = data.find(b't="e"', at + 5)


def read_xlsx(path: Path, max_rows: int) -> list[Sheet]:
    from binhdan_desktop.importers.reader import fail

    with zipfile.ZipFile(path) as zf:
        styles = _styles(zf)
        parts = sheet_parts(zf)
        scans = []
        for name, part in parts:
            try:
                data = zf.read(part)
            except KeyError:
                data = b""
            scans.append((name, _scan(data, styles, max_rows)))
            del data
    for scan in (s for _, s in scans):
        if scan.max_row > max_rows:
            raise fail(path, "too_many_rows", n=max_rows)
    dense = [_dense(s) for _, s in scans]
    sheets = []
    with _Calamine(path) as book:  # opened once for every sheet (it reads the shared strings when opened)
        for index, (name, scan) in enumerate(scans):
            rows = book.rows(index) if dense[index] else _sparse(path, name)
            for (r, c), text in scan.errors.items():  # the error's text where calamine left the cell empty
                if r < len(rows) and c < len(rows[r]) and not rows[r][c]:
                    rows[r][c] = text
            cells, distinct = _cells(rows, scan)
            sheet = Sheet(name, cells, errors=bool(scan.errors) or not dense[index], distinct=distinct)
            if not dense[index] and scan.max_col > MAX_COLUMNS:
                sheet.problems.append(Problem.of(0, "", msg("columns_cut", n=MAX_COLUMNS), name))
            sheets.append(sheet)
    return sheets


class _Calamine:
    """python-calamine's workbook, opened when a sheet is first asked for, closed at the end."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.book: Any = None

    def __enter__(self) -> _Calamine:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.book is not None:
            self.book.close()

    def rows(self, index: int) -> list[list[Any]]:
        if self.book is None:
            from python_calamine import CalamineWorkbook

            self.book = CalamineWorkbook.from_path(str(self.path))
        sheet = self.book.get_sheet_by_index(index)
        if sheet.start is None:
            return []
        return sheet.to_python(skip_empty_area=False)


def _sparse(path: Path, name: str) -> list[list[Any]]:
    """Only the cells present, row by row (openpyxl read-only, dimensions reset so that rows are not padded
    to the declared width); columns past MAX_COLUMNS are dropped."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[name]
        ws.reset_dimensions()
        return [[c.value for c in row[:MAX_COLUMNS]] for row in ws.iter_rows()]  # a missing row comes as ()
    finally:
        wb.close()


def _plain(rows: list[list[Any]]) -> tuple[list[list[Cell]], list[Cell]] | None:
    """A dense grid with no fonts or formulas (the common case): every cell in one pass through the interner,
    then cut back into rows and trimmed, and the distinct cells (`Sheet.distinct`); None when the rows differ in
    width."""
    width = len(rows[0]) if rows else 0
    if not width or width > MAX_COLUMNS or any(len(r) != width for r in rows):
        return None
    interner = Interner()
    flat = interner.row(list(chain.from_iterable(rows)))
    out = [flat[k:k + width] for k in range(0, len(flat), width)]
    for i, row in enumerate(out):
        if row[-1] is EMPTY:  # trailing empty cells trimmed, as `trim` does
            end = width - 1
            while end and row[end - 1] is EMPTY:
                end -= 1
            out[i] = row[:end]
    return out, interner.cells()


def _cells(rows: list[list[Any]], scan: _Scan) -> tuple[list[list[Cell]], list[Cell] | None]:
    """The sheet's cells, and its distinct cells when they are known (`Sheet.distinct`)."""
    fonts, formulas = scan.fonts, scan.formulas
    if not fonts and not formulas:
        fast = _plain(rows)
        if fast is not None:
            return fast
    formula_width: dict[int, int] = {}
    for r, c in formulas:
        formula_width[r] = max(formula_width.get(r, 0), c + 1)
    out: list[list[Cell]] = []
    plain = Interner()
    for i in range(max(len(rows), max(formula_width, default=-1) + 1)):
        raw = trim(rows[i][:MAX_COLUMNS]) if i < len(rows) else []
        if fonts or i in formula_width:
            width = max(len(raw), formula_width.get(i, 0))
            out.append([cell_value(raw[j] if j < len(raw) else None, fonts.get((i, j)), formulas.get((i, j)))
                        for j in range(width)])
        else:
            out.append(plain.row(raw))
    return out, None
