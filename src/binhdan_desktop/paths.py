"""The one place that decides where data lives, with overrides for tests and power users."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

from binhdan_desktop import APP_NAME

DB_FILENAME = "binhdan.sqlite3"
ENV_DB = "BINHDAN_DB"
ENV_DATA_DIR = "BINHDAN_DATA_DIR"

NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs",
    "fuse.sshfs", "sshfs", "davfs", "fuse.davfs2", "fuse.rclone", "webdav", "fuse.gvfsd-fuse", "lustre",
})


def data_dir() -> Path:
    """The per-user data folder (platformdirs), or BINHDAN_DATA_DIR when set."""
    override = os.environ.get(ENV_DATA_DIR)
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def database_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """--db beats BINHDAN_DB, which beats the default file in the data folder."""
    chosen = cli_value or os.environ.get(ENV_DB)
    return Path(chosen).expanduser() if chosen else data_dir() / DB_FILENAME


def _linux_mount_fstype(path: Path, mounts_file: Path) -> str | None:
    best, fstype = "", None
    try:
        lines = mounts_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = str(path)
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, fstype = mount_point, parts[2]
    return fstype


def _windows_is_remote(path: Path) -> bool:
    import ctypes

    drive = path.drive + "\\"
    drive_remote = 4
    return bool(ctypes.windll.kernel32.GetDriveTypeW(drive) == drive_remote)  # type: ignore[attr-defined]


def is_network_path(path: Path, mounts_file: Path = Path("/proc/self/mounts")) -> bool:
    """True when `path` is on a network share (UNC path, mapped network drive or network mount)."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    resolved = path.expanduser().absolute()
    if sys.platform == "win32":
        return _windows_is_remote(resolved)
    fstype = _linux_mount_fstype(resolved, mounts_file)
    return fstype is not None and (fstype in NETWORK_FILESYSTEMS or fstype.startswith("nfs"))
