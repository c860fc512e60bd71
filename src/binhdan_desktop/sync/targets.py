"""Opening a sync place from what the user typed: a folder path, or an http(s) WebDAV address. Opening does
no I/O (the window opens it on the GUI thread); the first request asks `ask` for a WebDAV password."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.sync.folder import FolderTarget, Target

if TYPE_CHECKING:
    from binhdan_desktop.sync.webdav import PasswordProvider


def is_webdav(spec: str) -> bool:
    return spec.strip().startswith(("http://", "https://"))


def open_target(spec: str, user: str | None = None, password: str | None = None, *,
                ask: PasswordProvider | None = None) -> Target:
    spec = spec.strip()
    if not spec:
        raise BinhdanError("sync.target_unreachable", target="?", reason="chưa chọn nơi đồng bộ / no sync place given")
    if is_webdav(spec):
        from binhdan_desktop.sync.webdav import WebDavTarget

        return WebDavTarget(spec, user, password, ask=ask)
    return FolderTarget(Path(spec).expanduser())
