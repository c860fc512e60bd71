"""Where data lives, and refusing network shares for the live database."""

from __future__ import annotations

from pathlib import Path

import pytest

from binhdan_desktop.errors import BinhdanError
from binhdan_desktop.paths import database_path, is_network_path
from binhdan_desktop.store.db import open_database


def test_database_path_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert database_path() == tmp_path / "data" / "binhdan.sqlite3"
    monkeypatch.setenv("BINHDAN_DB", str(tmp_path / "env.sqlite3"))
    assert database_path() == tmp_path / "env.sqlite3"
    assert database_path(tmp_path / "cli.sqlite3") == tmp_path / "cli.sqlite3"


def test_default_data_dir_comes_from_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BINHDAN_DATA_DIR")
    assert "binhdan-desktop" in str(database_path())


@pytest.mark.parametrize("fstype,remote", [("nfs4", True), ("cifs", True), ("fuse.sshfs", True),
                                           ("ext4", False), ("tmpfs", False)])
def test_network_mounts_are_detected(tmp_path: Path, fstype: str, remote: bool) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/vda / ext4 rw 0 0\nserver:/share /mnt/office {fstype} rw 0 0\n")
    assert is_network_path(Path("/mnt/office/xa/binhdan.sqlite3"), mounts) is remote
    assert is_network_path(Path("/home/user/binhdan.sqlite3"), mounts) is False
    assert is_network_path(Path("/mnt/office2/x.sqlite3"), mounts) is False


def test_unc_paths_are_network_paths() -> None:
    assert is_network_path(Path("//server/share/binhdan.sqlite3"))


def test_open_refuses_a_network_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("binhdan_desktop.store.db.is_network_path", lambda p: True)
    with pytest.raises(BinhdanError) as err:
        open_database(tmp_path / "x.sqlite3")
    assert err.value.code == "db.network_path"
    assert "ổ mạng" in err.value.message("vi")
    assert not (tmp_path / "x.sqlite3").exists()
