"""Reading a spreadsheet safely: .xlsx/.xlsm, .xls (Excel 97–2003), .ods, .csv/.txt. The file's bytes decide
the reader (a renamed file still reads); hostile files are refused with a clear one-line message before
anything is parsed: zip bombs, XML with a DOCTYPE (entity expansion, external entities), files too large,
sheets past MAX_ROWS, password-protected workbooks. `read_book` is the interface the layout parser reads;
legacy text is left as found for `legacy.decode_sheet`."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.importers.types import Sheet

MAX_ROWS = 100_000
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 200  # a member that inflates more than this is a zip bomb
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", *TEXT_SUFFIXES)  # what the file pickers offer
PASSWORD = ("tệp có mật khẩu; hãy mở bằng Excel, bỏ mật khẩu rồi lưu lại / the file is password-protected: "
            "open it in Excel, remove the password and save it again")
NOT_A_SHEET = "không phải bảng tính Excel, LibreOffice hay CSV / not a spreadsheet"
_ENCRYPTED_OOXML = "EncryptionInfo".encode("utf-16-le")  # the stream an encrypted .xlsx carries in its OLE box


def fail(path: Path, reason: str) -> BinhdanError:
    return BinhdanError("import.bad_file", path=path.name, reason=reason)


_fail = fail  # the name used before


def _kind(path: Path) -> str:
    """"xlsx", "ods", "xls" or "text", from the bytes (then the name), after the safety checks."""
    if not path.is_file():
        raise fail(path, "không tìm thấy tệp / file not found")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise fail(path, "tệp quá lớn / file too large")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        if _ENCRYPTED_OOXML in path.read_bytes():
            raise fail(path, PASSWORD)
        return "xls"
    if zipfile.is_zipfile(path):
        return _check_zip(path)
    if path.suffix.lower() in TEXT_SUFFIXES:
        return "text"
    raise fail(path, NOT_A_SHEET)


_ROOT = re.compile(rb"<[A-Za-z_]")


def _check_xml(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """No DOCTYPE before the root element: that is where entity bombs and external entities live (no
    spreadsheet writer puts one there)."""
    with zf.open(info) as fh:
        head = fh.read(65536)
    root = _ROOT.search(head)
    prolog = head[:root.start()] if root else head
    if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
        raise fail(path, "tệp chứa khai báo XML nguy hiểm (DOCTYPE) / dangerous XML declaration (DOCTYPE)")


def _check_zip(path: Path) -> str:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise fail(path, NOT_A_SHEET) from exc
    with zf:
        total = 0
        for info in zf.infolist():
            total += info.file_size
            if info.file_size > MAX_UNZIPPED or info.file_size > MAX_RATIO * max(info.compress_size, 1) + 1_000_000:
                raise fail(path, "tệp nén bất thường (zip bomb) / abnormal compression (zip bomb)")
        if total > MAX_UNZIPPED:
            raise fail(path, "tệp quá lớn / file too large")
        names = set(zf.namelist())
        if "xl/workbook.xml" in names:
            kind = "xlsx"
        elif "content.xml" in names and b"opendocument.spreadsheet" in _member(zf, "mimetype"):
            kind = "ods"
        else:
            raise fail(path, NOT_A_SHEET)
        for info in zf.infolist():
            if info.filename.endswith((".xml", ".rels")):
                _check_xml(path, zf, info)
    return kind


def _member(zf: zipfile.ZipFile, name: str) -> bytes:
    try:
        return zf.read(name)[:200]
    except KeyError:
        return b""


def read_book(path: Path) -> list[Sheet]:
    """Every sheet of the file as cells: values (dates as dt.date/dt.datetime, whole numbers as int), the
    font where the file gives it (xlsx, xls), formulas saved without a value; text as found (legacy bytes and
    NFD included: `legacy.decode_sheet` converts)."""
    path = Path(path)
    kind = _kind(path)
    try:
        if kind == "text":
            from binhdan_desktop.importers.read_text import read_text

            return [read_text(path, MAX_ROWS)]
        if kind == "xlsx":
            from binhdan_desktop.importers.read_xlsx import read_xlsx

            return read_xlsx(path, MAX_ROWS)
        if kind == "xls":
            from binhdan_desktop.importers.read_xls import read_xls

            return read_xls(path, MAX_ROWS)
        from binhdan_desktop.importers.read_ods import read_ods

        return read_ods(path, MAX_ROWS)
    except BinhdanError:
        raise
    except Exception as exc:  # a reader's own error on a broken file: one line, never a traceback
        if type(exc).__name__ == "PasswordError" or "encrypt" in str(exc).lower():
            raise fail(path, PASSWORD) from exc
        raise fail(path, f"không đọc được ({type(exc).__name__}) / unreadable") from exc


def sheets(path: Path) -> list[str]:
    """The sheets' names, cheaply (the file picker's list)."""
    path = Path(path)
    kind = _kind(path)
    if kind == "text":
        return [path.stem]
    if kind == "xlsx":
        from binhdan_desktop.importers.read_xlsx import sheet_parts

        with zipfile.ZipFile(path) as zf:
            return [name for name, _ in sheet_parts(zf)]
    from python_calamine import CalamineWorkbook

    try:
        with CalamineWorkbook.from_path(str(path)) as wb:
            return list(wb.sheet_names)
    except Exception as exc:
        raise fail(path, PASSWORD if type(exc).__name__ == "PasswordError" else
                   f"không đọc được ({type(exc).__name__}) / unreadable") from exc


def read_rows(path: Path, sheet: str | None = None) -> list[list[Any]]:
    """One sheet as plain values (the first when `sheet` is None): the interface `plan.parse` read before
    read_book, kept until it moves over. A cp1258 CSV's legacy cells come back as their bytes (Latin-1 text),
    its other text as NFC, so that the old whole-file detection still sees TCVN3/VNI."""
    book = read_book(Path(path))
    chosen = next((s for s in book if s.name == sheet), None) if sheet else book[0] if book else None
    if chosen is None:
        raise fail(Path(path), f"không có trang {sheet} / no sheet {sheet}")
    if chosen.encoding == "cp1258":
        return _cp1258_rows(chosen)
    return [[c.value for c in row] for row in chosen.rows]


def _cp1258_rows(sheet: Sheet) -> list[list[Any]]:
    from binhdan_desktop.importers.legacy import _bytes, decode_sheet

    decoded = decode_sheet(sheet)
    out = []
    for raw_row, new_row in zip(sheet.rows, decoded.rows, strict=True):
        values = []
        for raw, new in zip(raw_row, new_row, strict=True):
            if isinstance(raw.value, str) and new.value != unicodedata.normalize("NFC", raw.value):
                values.append(_bytes(raw.value, "cp1258") or new.value)
            else:
                values.append(new.value)
        out.append(values)
    return out
