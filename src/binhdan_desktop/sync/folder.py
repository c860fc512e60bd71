"""Sync places: a plain folder (USB stick, network share, a Syncthing/OneDrive folder). Only change
files live there; each is written under a temporary name and renamed, never modified afterwards."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.sync.bundle import parse_name


class Target(Protocol):
    label: str

    def check(self) -> None: ...
    def names(self) -> set[str]: ...
    def read(self, name: str) -> bytes: ...
    def write(self, name: str, data: bytes) -> None: ...
    def close(self) -> None: ...


class FolderTarget:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.label = str(self.path)

    def close(self) -> None:
        pass

    def _fail(self, exc: OSError) -> BinhdanError:
        return BinhdanError("sync.target_unreachable", target=self.label,
                            reason=f"{exc.strerror or type(exc).__name__}")

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

    def read(self, name: str) -> bytes:
        return (self.path / name).read_bytes()

    def write(self, name: str, data: bytes) -> None:
        final = self.path / name
        try:
            if final.exists():
                return  # bundles are immutable: the same name holds the same changes
            tmp = self.path / f".~{name}.{os.getpid()}.tmp"
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, final)
        except OSError as exc:  # full, read-only or gone
            raise self._fail(exc) from exc
