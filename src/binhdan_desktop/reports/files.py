"""Writing report files safely: a temporary name in the same folder, renamed when complete."""

from __future__ import annotations

import datetime as dt
import os  # noqa: F401  (tests/test_reports.py patches os.replace through this module's name)
import struct
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.fileio import atomic_path


@contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """Yields a temporary path; on success it replaces `target` in one rename. An open or locked
    target (or a folder that cannot be written) becomes a clear message; nothing half-written stays."""
    target = Path(target)
    if target.is_dir():
        raise BinhdanError("report.cannot_write", path=str(target), reason="là thư mục / is a folder")
    if not target.parent.exists():
        raise BinhdanError("report.cannot_write", path=str(target), reason="thư mục không tồn tại / no such folder")
    with atomic_path(target, private=True) as tmp:  # fsync'd before the rename; 0600: personal data
        yield tmp


Progress = Callable[[float], None]


def dos_time(when: dt.datetime) -> tuple[int, int]:
    """A zip member's (time, date) fields for `when` (two-second steps, from 1980)."""
    return (when.hour << 11 | when.minute << 5 | when.second // 2,
            (max(when.year, 1980) - 1980) << 9 | when.month << 5 | when.day)


def stamp_zip(path: Path, when: dt.datetime) -> None:
    """Set every member's time in a zip file (an .xlsx, a .docx) to `when`, in place: the writers stamp each
    member with the clock, so two prints of the same report differed in their bytes. Only the time fields of
    the local headers and of the central directory change; the data are not rewritten."""
    fields = struct.pack("<HH", *dos_time(when))
    with zipfile.ZipFile(path) as zf:
        offsets = [info.header_offset for info in zf.infolist()]
        start = zf.start_dir
    with path.open("r+b") as f:
        for offset in offsets:  # the local header: signature, version, flags, method, then time and date
            f.seek(offset + 10)
            f.write(fields)
        f.seek(start)
        directory = bytearray(f.read())
        pos = 0
        while directory[pos:pos + 4] == b"PK\x01\x02":  # each central entry: time and date at 12
            directory[pos + 12:pos + 16] = fields
            names, extra, comment = struct.unpack_from("<HHH", directory, pos + 28)
            pos += 46 + names + extra + comment
        f.seek(start)
        f.write(directory)


def save_workbook(wb: Any, target: Path, when: dt.datetime) -> None:
    """Save an openpyxl workbook whose properties and members are all dated `when` (openpyxl's own save sets
    "modified" to the clock)."""
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = wb.properties.modified = when
    wb.properties.lastModifiedBy = None
    ExcelWriter(wb, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    stamp_zip(target, when)
