"""The one place that decides where data lives, with overrides for tests and power users."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path

from platformdirs import user_data_dir

from binhdan_desktop import APP_NAME
from binhdan_desktop.errors import BinhdanError

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
    if override and not override.strip():
        raise BinhdanError("db.blank_path", name=ENV_DATA_DIR)
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def log_path() -> Path:
    """The log file of the command line (warnings of the sync and the like: never a personal value)."""
    return data_dir() / "binhdan.log"


def database_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """--db beats BINHDAN_DB, which beats the default file in the data folder. A blank value (given but
    empty or only spaces) is refused: it once made a database named " " in the current folder."""
    for name, value in (("--db", cli_value), (ENV_DB, os.environ.get(ENV_DB))):
        if value is not None:
            text = os.fspath(value)
            if not text.strip():
                raise BinhdanError("db.blank_path", name=name)
            return Path(text).expanduser()
    return data_dir() / DB_FILENAME


def db_option(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """The value of the first `--db PATH` or `--db=PATH` in `argv`, and `argv` without it. A `--db` with no
    value is left in place (the parser says what is missing)."""
    for i, arg in enumerate(argv):
        if arg == "--db" and i + 1 < len(argv):
            return argv[i + 1], [*argv[:i], *argv[i + 2:]]
        if arg.startswith("--db="):
            return arg.split("=", 1)[1], [*argv[:i], *argv[i + 1:]]
    return None, list(argv)


def check_database_file(path: Path, *, create: bool) -> Path:
    """The database path must be a regular file (never a folder, a device such as /dev/null, or a FIFO, which
    would block on open); a missing one only when the command makes a database (`create`). Touches nothing."""
    path = Path(path).expanduser().absolute()
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if not create:
            raise BinhdanError("db.missing", path=str(path)) from None
        return path
    except NotADirectoryError:
        raise BinhdanError("db.not_a_file", path=str(path)) from None
    if not stat.S_ISREG(mode):
        raise BinhdanError("db.not_a_file", path=str(path))
    return path


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
