"""Writing report files safely: a temporary name in the same folder, renamed when complete."""

from __future__ import annotations

import os  # noqa: F401  (tests/test_reports.py patches os.replace through this module's name)
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

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
