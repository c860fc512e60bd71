"""Writing report files safely: a temporary name in the same folder, renamed when complete."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from binhdan_desktop.errors import BinhdanError


@contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """Yields a temporary path; on success it replaces `target` in one rename. An open or locked
    target (or a folder that cannot be written) becomes a clear message; nothing half-written stays."""
    target = Path(target)
    if target.is_dir():
        raise BinhdanError("report.cannot_write", path=str(target), reason="là thư mục / is a folder")
    if not target.parent.exists():
        raise BinhdanError("report.cannot_write", path=str(target), reason="thư mục không tồn tại / no such folder")
    fd, name = tempfile.mkstemp(prefix=f".~{target.stem}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        try:
            os.replace(tmp, target)
        except PermissionError as exc:
            raise BinhdanError("report.locked", path=str(target)) from exc
    finally:
        tmp.unlink(missing_ok=True)


Progress = Callable[[float], None]
