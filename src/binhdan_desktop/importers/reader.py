"""Reading a spreadsheet safely (xlsx through openpyxl with defusedxml, or csv): hostile files are
refused with a clear message before anything is parsed."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.importers.types import Cell, Sheet

MAX_ROWS = 100_000
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 200  # a member that inflates more than this is a zip bomb
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _fail(path: Path, reason: str) -> BinhdanError:
    return BinhdanError("import.bad_file", path=path.name, reason=reason)


def _check_zip(path: Path) -> None:
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        raise _fail(path, "tệp có mật khẩu hoặc là .xls cũ; hãy mở bằng Excel và lưu lại thành .xlsx không mật khẩu "
                          "/ password-protected or old .xls: save it as .xlsx without a password")
    if not zipfile.is_zipfile(path):
        raise _fail(path, "không phải bảng tính Excel / not a spreadsheet")
    with zipfile.ZipFile(path) as zf:
        total = 0
        for info in zf.infolist():
            total += info.file_size
            if info.file_size > MAX_UNZIPPED or info.file_size > MAX_RATIO * max(info.compress_size, 1) + 1_000_000:
                raise _fail(path, "tệp nén bất thường (zip bomb) / abnormal compression (zip bomb)")
        if total > MAX_UNZIPPED:
            raise _fail(path, "tệp quá lớn / file too large")
        if "xl/workbook.xml" not in zf.namelist():
            raise _fail(path, "không phải bảng tính Excel / not a spreadsheet")


def sheets(path: Path) -> list[str]:
    if path.suffix.lower() == ".csv":
        return [path.stem]
    _check_zip(path)
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def read_rows(path: Path, sheet: str | None = None) -> list[list[Any]]:
    """All rows of the sheet as values (a formula's cached value, never evaluated)."""
    path = Path(path)
    if not path.is_file():
        raise _fail(path, "không tìm thấy tệp / file not found")
    if path.suffix.lower() == ".csv":
        return _csv(path)
    _check_zip(path)
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise _fail(path, f"không đọc được ({type(exc).__name__}) / unreadable") from exc
    try:
        ws = wb[sheet] if sheet else wb.worksheets[0]
    except KeyError as exc:
        raise _fail(path, f"không có trang {sheet} / no sheet {sheet}") from exc
    rows: list[list[Any]] = []
    for row in ws.iter_rows(values_only=True):
        rows.append(list(row))
        if len(rows) > MAX_ROWS:
            wb.close()
            raise _fail(path, f"quá {MAX_ROWS:,} dòng / more than {MAX_ROWS:,} rows")
    wb.close()
    return rows


def _csv(path: Path) -> list[list[Any]]:
    raw = path.read_bytes()
    if len(raw) > MAX_UNZIPPED:
        raise _fail(path, "tệp quá lớn / file too large")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # legacy TCVN3/VNI text arrives as Latin-1 bytes
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    if len(rows) > MAX_ROWS:
        raise _fail(path, f"quá {MAX_ROWS:,} dòng / more than {MAX_ROWS:,} rows")
    return rows


def read_book(path: Path) -> list[Sheet]:
    """Every sheet of the file as cells (the interface the layout parser reads; fonts not yet given)."""
    path = Path(path)
    return [Sheet(name, [[Cell(v) for v in row] for row in read_rows(path, None if path.suffix.lower() == ".csv"
                                                                       else name)])
            for name in sheets(path)]
