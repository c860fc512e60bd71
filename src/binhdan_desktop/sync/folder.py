"""Sync places: a plain folder (USB stick, network share, a Syncthing/OneDrive folder). Only change
files live there; each is written under a temporary name and renamed, never modified afterwards."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from typing import Protocol

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.sync.bundle import parse_name
from binhdan_desktop.sync.place import QUARANTINE, aside_name, listed

FULL = "nơi đồng bộ đã đầy (USB hết chỗ?) — hãy xoá bớt tệp không cần rồi đồng bộ lại / " \
       "the sync place is full (USB stick out of space?) — free some room and sync again"


class Target(Protocol):
    label: str

    def check(self) -> None: ...
    def names(self) -> set[str]: ...
    def sizes(self) -> dict[str, int]: ...
    def read(self, name: str) -> bytes: ...
    def write(self, name: str, data: bytes) -> None: ...
    def set_aside(self, name: str) -> str: ...
    def close(self) -> None: ...
    # the membership folders beside the bundles (membership/, requests/): small files, listed by name
    def files_in(self, folder: str) -> dict[str, int]: ...
    def read_in(self, folder: str, name: str) -> bytes: ...
    def write_in(self, folder: str, name: str, data: bytes, replace: bool = False) -> None: ...


def full_or(exc: OSError) -> str:
    """The reason a write failed, in words: a full place says what to do."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return FULL
    return f"{exc.strerror or type(exc).__name__}"


class FolderTarget:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.label = str(self.path)

    def close(self) -> None:
        pass

    def _fail(self, exc: OSError) -> BinhdanError:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return BinhdanError("sync.place_full", target=self.label)
        return BinhdanError("sync.target_unreachable", target=self.label, reason=full_or(exc))

    def check(self) -> None:
        if not self.path.is_dir():
            raise BinhdanError("sync.target_unreachable", target=self.label,
                               reason="thư mục không có (chưa cắm USB?) / folder missing (USB not plugged in?)")

    def names(self) -> set[str]:
        """Bundle files only: Syncthing conflict copies, temporary and foreign files are left alone."""
        try:
            return {p.name for p in self.path.iterdir() if parse_name(p.name) and p.is_file()}
        except OSError as exc:  # the stick pulled out, the share gone
            raise self._fail(exc) from exc

    def sizes(self) -> dict[str, int]:
        """Bundle files and Syncthing conflict copies of them, with their sizes."""
        try:
            return {p.name: p.stat().st_size for p in self.path.iterdir() if listed(p.name) and p.is_file()}
        except OSError as exc:
            raise self._fail(exc) from exc

    def read(self, name: str) -> bytes:
        return (self.path / name).read_bytes()

    def write(self, name: str, data: bytes) -> None:
        final = self.path / name
        tmp = self.path / f".~{name}.{os.getpid()}.tmp"
        try:
            if final.exists():
                return  # the caller set aside a file of this name that was not this bundle
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, final)
        except OSError as exc:  # full, read-only or gone: the half-written temporary file goes too
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise self._fail(exc) from exc

    def files_in(self, folder: str) -> dict[str, int]:
        """The files of a sub-folder of the place and their sizes ({} when it is not there yet)."""
        try:
            return {p.name: p.stat().st_size for p in (self.path / folder).iterdir()
                    if p.is_file() and not p.name.startswith(".~")}
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise self._fail(exc) from exc

    def read_in(self, folder: str, name: str) -> bytes:
        return (self.path / folder / name).read_bytes()

    def write_in(self, folder: str, name: str, data: bytes, replace: bool = False) -> None:
        """Written under a temporary name and renamed; an existing file is kept unless `replace`."""
        final = self.path / folder / name
        tmp = final.with_name(f".~{name}.{os.getpid()}.tmp")
        try:
            final.parent.mkdir(exist_ok=True)
            if final.exists() and not replace:
                return
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, final)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            with contextlib.suppress(OSError):
                final.parent.rmdir()  # only when empty: nothing of ours is left behind on a full stick
            raise self._fail(exc) from exc

    def set_aside(self, name: str) -> str:
        """Move a damaged file under a bundle's name into quarantine/ (its maker writes the bundle again)."""
        aside = Path(QUARANTINE) / aside_name(name)
        try:
            (self.path / QUARANTINE).mkdir(exist_ok=True)
            os.replace(self.path / name, self.path / aside)
        except FileNotFoundError:
            pass  # another device set it aside first
        except OSError as exc:
            raise self._fail(exc) from exc
        return aside.as_posix()
