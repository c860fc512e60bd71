"""Opening a sync place from what the user typed: a folder path, or an http(s) WebDAV address."""

from __future__ import annotations

from pathlib import Path

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.sync.folder import FolderTarget, Target


def open_target(spec: str, user: str | None = None, password: str | None = None) -> Target:
    spec = spec.strip()
    if not spec:
        raise BinhdanError("sync.target_unreachable", target="?", reason="chưa chọn nơi đồng bộ / no sync place given")
    if spec.startswith(("http://", "https://")):
        from binhdan_desktop.sync.webdav import WebDavTarget

        return WebDavTarget(spec, user, password)
    return FolderTarget(Path(spec).expanduser())
