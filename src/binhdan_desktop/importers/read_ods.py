"""OpenDocument .ods: values through python-calamine, after a byte-level look at content.xml for repeats
that would make its grid huge (a filled cell repeated across thousands of columns or rows). Fonts are not
read from .ods: legacy text there is decided by content alone."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from binhdan_desktop.importers.cells import MAX_COLUMNS, Interner, trim
from binhdan_desktop.importers.types import Sheet

_CELL_REPEAT = re.compile(rb'<table:table-cell\b[^>]*?number-columns-repeated="(\d+)"[^>]*?(/?)>')
_ROW_REPEAT = re.compile(rb'<table:table-row\b[^>]*?number-rows-repeated="(\d+)"[^>]*>(.*?)</table:table-row>', re.S)


def _check_repeats(path: Path, max_rows: int) -> None:
    from binhdan_desktop.importers.reader import fail

    with zipfile.ZipFile(path) as zf:
        data = zf.read("content.xml")
    for m in _CELL_REPEAT.finditer(data):
        if int(m[1]) > MAX_COLUMNS and not m[2]:
            end = data.find(b"</table:table-cell>", m.end())
            if b"<text:p" in data[m.end():end] or b"office:value-type" in m[0]:
                raise fail(path, "repeated")
    for m in _ROW_REPEAT.finditer(data):
        if int(m[1]) > max_rows and (b"<text:p" in m[2] or b"office:value-type" in m[2]):
            raise fail(path, "repeated")


def read_ods(path: Path, max_rows: int) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    from binhdan_desktop.importers.reader import fail

    _check_repeats(path, max_rows)
    sheets = []
    with CalamineWorkbook.from_path(str(path)) as wb:
        for index, name in enumerate(wb.sheet_names):
            sheet = wb.get_sheet_by_index(index)
            rows = sheet.to_python(skip_empty_area=False) if sheet.start is not None else []
            while rows and not trim(rows[-1]):
                rows.pop()
            if len(rows) > max_rows:
                raise fail(path, "too_many_rows", n=max_rows)
            plain = Interner()
            sheets.append(Sheet(name, [[plain(v) for v in trim(r[:MAX_COLUMNS])] for r in rows]))
    return sheets
