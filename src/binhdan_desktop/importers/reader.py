"""Reading a spreadsheet safely: .xlsx/.xlsm, .xls (Excel 97–2003), .ods, .csv/.txt. The file's bytes decide
the reader (a renamed file still reads); hostile files are refused with a clear one-line message before
anything is parsed: zip bombs, XML with a DOCTYPE (entity expansion, external entities), files too large,
sheets past MAX_ROWS, password-protected workbooks. `read_book` is the interface the layout parser reads;
legacy text is left as found for `legacy.decode_sheet`."""

from __future__ import annotations

import io
import logging
import re
import struct
import zipfile
from pathlib import Path

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.importers.cells import gc_paused
from binhdan_desktop.importers.types import Sheet

log = logging.getLogger(__name__)
MAX_ROWS = 100_000
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 200  # a member that inflates more than this is a zip bomb
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", *TEXT_SUFFIXES)  # what the file pickers offer
# The pickers' patterns: each suffix in lower and upper case ("DS.XLS" saved on Windows). Qt's own dialog (used on
# Linux) matches either case already; a native dialog that matches case by case (GTK, portals) needs both.
PATTERNS = tuple(p for s in SUFFIXES for p in (f"*{s}", f"*{s.upper()}"))
_ENCRYPTED_OOXML = "EncryptionInfo".encode("utf-16-le")  # the stream an encrypted .xlsx carries in its OLE box


def fail(path: Path, reason: str, **params: object) -> BinhdanError:
    """The file refused, with why: `reason` is a code of `errors.MESSAGES` under "import.file." (both languages)."""
    return BinhdanError("import.bad_file", path=path.name, reason=("import.file." + reason, params))


def _kind(path: Path) -> str:
    """"xlsx", "ods", "xls" or "text", from the bytes (then the name), after the safety checks."""
    if not path.is_file():
        raise fail(path, "not_found")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise fail(path, "too_large")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        data = path.read_bytes()
        if _ENCRYPTED_OOXML in data or _xls_encrypted(data):
            raise fail(path, "password")
        return "xls"
    if zipfile.is_zipfile(path):
        return _check_zip(path)
    if path.suffix.lower() in TEXT_SUFFIXES:
        return "text"
    raise fail(path, "not_a_sheet")


_BOF, _EOF, _FILEPASS = 0x0809, 0x000A, 0x002F  # BIFF8 records: a workbook's globals, and its encryption


def _xls_encrypted(data: bytes) -> bool:
    """An Excel 97 workbook saved with a password: a FILEPASS record among its globals (after BOF, before their EOF;
    everything after it is encrypted, so no reader can even tell its format). The OLE box is opened with xlrd's own
    reader of it; a box that is not a workbook says False here and is refused by the reader as it is."""
    import xlrd.compdoc

    try:
        doc = xlrd.compdoc.CompDoc(data, logfile=io.StringIO())
        entry = next((d for d in doc.dirlist if d.etype == 2 and d.name in ("Workbook", "Book")), None)
        if entry is None:
            return False
        if entry.tot_size >= doc.min_size_std_stream:  # its first sector is enough: FILEPASS comes right after BOF
            start = 512 + entry.first_SID * doc.sec_size
            stream = data[start:start + doc.sec_size]
        else:  # a small workbook, kept in the short-stream container
            stream = doc.get_named_stream(entry.name)
    except Exception:  # a broken box: the reader says so
        return False
    pos = 0
    while stream is not None and pos + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, pos)
        if kind == _FILEPASS:
            return True
        if kind == _EOF or (pos == 0 and kind != _BOF):
            return False
        pos += 4 + size
    return False


_ROOT = re.compile(rb"<[A-Za-z_]")


def _check_xml(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """No DOCTYPE before the root element: that is where entity bombs and external entities live (no
    spreadsheet writer puts one there)."""
    with zf.open(info) as fh:
        head = fh.read(65536)
    root = _ROOT.search(head)
    prolog = head[:root.start()] if root else head
    if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
        raise fail(path, "doctype")


def _check_zip(path: Path) -> str:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise fail(path, "not_a_sheet") from exc
    with zf:
        total = 0
        for info in zf.infolist():
            total += info.file_size
            if info.file_size > MAX_UNZIPPED or info.file_size > MAX_RATIO * max(info.compress_size, 1) + 1_000_000:
                raise fail(path, "zip_bomb")
        if total > MAX_UNZIPPED:
            raise fail(path, "too_large")
        names = set(zf.namelist())
        if b"encryption-data" in _member(zf, "META-INF/manifest.xml", None):  # an .ods saved with a password
            raise fail(path, "password")
        if "xl/workbook.xml" in names:
            kind = "xlsx"
        elif "content.xml" in names and b"opendocument.spreadsheet" in _member(zf, "mimetype"):
            kind = "ods"
        else:
            raise fail(path, "not_a_sheet")
        for info in zf.infolist():
            if info.filename.endswith((".xml", ".rels")):
                _check_xml(path, zf, info)
    return kind


def _member(zf: zipfile.ZipFile, name: str, size: int | None = 200) -> bytes:
    try:
        return zf.read(name)[:size]
    except KeyError:
        return b""


def read_book(path: Path) -> list[Sheet]:
    """Every sheet of the file as cells: values (dates as dt.date/dt.datetime, whole numbers as int), the
    font where the file gives it (xlsx, xls), formulas saved without a value; text as found (legacy bytes and
    NFD included: `legacy.decode_sheet` converts)."""
    with gc_paused():
        return _read_book(Path(path))


def _read_book(path: Path) -> list[Sheet]:
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
    except ImportError as exc:  # an installation without its reader: say so, not "broken file"
        log.error("import reader missing for %s: %s", kind, exc.name)
        raise fail(path, "reader_missing", kind=kind) from exc
    except Exception as exc:  # a reader's own error on a broken file: one line, never a traceback
        log.info("import reader refused a %s file: %s", kind, type(exc).__name__)
        if type(exc).__name__ == "PasswordError" or "encrypt" in str(exc).lower():
            raise fail(path, "password") from exc
        raise fail(path, "unreadable") from exc


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
        raise fail(path, "password" if type(exc).__name__ == "PasswordError" else "unreadable") from exc
