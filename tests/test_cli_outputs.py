"""What `binhdan` writes: outputs never replace what they must not, files are written atomically with fsync, stale
temporary files are removed at start, and every file-system failure is the one-line error (exit 2) with the
stored data whole."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from binhdan_desktop.cli.main import run
from tests.test_cli import _real, one_line_error

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def live(tmp_path: Path) -> Path:
    """A 10-household demo database with one automatic backup beside it."""
    path = tmp_path / "xa" / "binhdan.sqlite3"  # not the data folder, which holds the device markers
    assert run(["--db", str(path), "demo", "--households", "10"]) == 0
    (path.parent / "backups").mkdir(exist_ok=True)
    shutil.copyfile(path, path.parent / "backups" / "binhdan-20261201-120000-daily.sqlite3")
    return path


def _households(db: Path, capsys: pytest.CaptureFixture[str]) -> int:
    import json

    capsys.readouterr()
    assert run(["--db", str(db), "households", "--json"]) == 0
    return len(json.loads(capsys.readouterr().out))


WRITERS = {
    "report": ["report", "results", "--year", "2026", "--format", "xlsx", "--out"],
    "backup": ["backup", "--out"],
    "team": ["team", "create", "--out"],
    "template": ["import", "--template"],
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("target", ["database", "wal", "shm", "backup", "new-in-backups", "link-to-database"])
@pytest.mark.parametrize("force", [False, True])
def test_an_output_never_replaces_the_live_database_or_its_backups(
        writer: str, target: str, force: bool, live: Path, capsys: pytest.CaptureFixture[str]) -> None:
    backup = live.parent / "backups" / "binhdan-20261201-120000-daily.sqlite3"
    out = {"database": live, "wal": live.with_name(live.name + "-wal"), "shm": live.with_name(live.name + "-shm"),
           "backup": backup, "new-in-backups": backup.with_name("mine.xlsx"),
           "link-to-database": live.parent.parent / "link.sqlite3"}[target]
    if target == "link-to-database":
        out.symlink_to(live)
    before = (_digest(live), _digest(backup))
    capsys.readouterr()
    assert run(["--db", str(live), *WRITERS[writer], str(out), *(["--force"] if force else [])]) == 2
    one_line_error(capsys.readouterr().err)
    assert (_digest(live), _digest(backup)) == before
    beside = ["backups", "binhdan.sqlite3", "binhdan.sqlite3.keys"]  # the database's key file is its own
    assert sorted(p.name for p in live.parent.iterdir()) == beside
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]
    assert _households(live, capsys) == 10


@contextmanager
def _not_a_file(kind: str, folder: Path) -> Iterator[Path]:
    path = folder / f"odd-{kind}"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "device":
        if not IS_ROOT:
            pytest.skip("making a device node needs root")
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a private /dev/null: the real one stays safe
    yield path
    assert path.exists() and not path.is_file()  # still what it was


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_an_output_is_never_a_device_a_fifo_or_a_folder(writer: str, kind: str, live: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    with _not_a_file(kind, tmp_path) as out:
        capsys.readouterr()
        assert run(["--db", str(live), *WRITERS[writer], str(out), "--force"]) == 2
        assert str(out) in one_line_error(capsys.readouterr().err)


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_an_existing_file_needs_force(writer: str, live: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "existing.out"
    out.write_bytes(b"what was there")
    capsys.readouterr()
    assert run(["--db", str(live), *WRITERS[writer], str(out)]) == 2
    assert "--force" in one_line_error(capsys.readouterr().err)
    assert out.read_bytes() == b"what was there"
    assert run(["--db", str(live), *WRITERS[writer], str(out), "--force"]) == 0
    assert out.read_bytes() != b"what was there"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~")] == []


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_an_existing_team_key_is_never_replaced(writer: str, live: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "to-cns.key"
    assert run(["--db", str(live), "team", "create", "--out", str(key)]) == 0
    before = key.read_bytes()
    capsys.readouterr()
    assert run(["--db", str(live), *WRITERS[writer], str(key), "--force"]) == 2
    assert "khoá" in one_line_error(capsys.readouterr().err)
    assert key.read_bytes() == before


def _fsyncs(monkeypatch: pytest.MonkeyPatch, fail_on_temp: bool = False) -> list[str]:
    """Record what each os.fsync flushes (by path); or fail as a full disk does when it flushes a temp file."""
    seen: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        name = os.readlink(f"/proc/self/fd/{fd}")
        seen.append(name)
        if fail_on_temp and Path(name).name.startswith(".~"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return seen


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_outputs_are_flushed_before_the_rename_and_private(writer: str, live: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out" / "file.out"
    out.parent.mkdir()
    seen = _fsyncs(monkeypatch)
    assert run(["--db", str(live), *WRITERS[writer], str(out)]) == 0
    temps = [Path(p) for p in seen if Path(p).parent == out.parent and Path(p).name.startswith(".~file.out.")]
    assert temps and all(p.name.endswith(".tmp") for p in temps)  # the temp file, flushed
    assert str(out.parent) in seen  # and the folder, after the rename
    mode = stat.S_IMODE(out.stat().st_mode)
    assert mode == (0o600 if writer != "template" else 0o666 & ~_umask())  # personal data: the owner only
    assert list(out.parent.iterdir()) == [out]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_full_disk_keeps_the_old_file_and_leaves_no_temp(writer: str, live: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "old.out"
    out.write_bytes(b"the previous file")
    _fsyncs(monkeypatch, fail_on_temp=True)
    capsys.readouterr()
    assert run(["--db", str(live), *WRITERS[writer], str(out), "--force"]) == 2
    err = one_line_error(capsys.readouterr().err)
    assert "đầy" in err and "full" in err and str(tmp_path) in err
    assert out.read_bytes() == b"the previous file"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~")] == []
    monkeypatch.undo()
    assert _households(live, capsys) == 10


@contextmanager
def _tmpfs(folder: Path, *options: str) -> Iterator[Path]:
    if not IS_ROOT or not shutil.which("mount"):
        pytest.skip("mounting a small disk needs root")
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(path: Path) -> Path:
    """Fill the disk `path` is on."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    return path


def test_a_real_full_disk_gives_the_one_line_error(live: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    with _tmpfs(tmp_path / "small", "size=256k") as small:
        done = _real("--db", str(live), "backup", "--out", str(small / "b.sqlite3"))
        assert done.returncode == 2 and "đầy" in one_line_error(done.stderr)
        assert list(small.iterdir()) == []
        _fill(small / "filler")
        for kind, name in (("learners", "r.pdf"), ("checklist", "c.xlsx")):
            done = _real("--db", str(live), "report", kind, "--year", "2026", "--out", str(small / name))
            assert done.returncode == 2, done.stderr
            assert "đầy" in one_line_error(done.stderr) and str(small / name) in done.stderr
        assert sorted(p.name for p in small.iterdir()) == ["filler"]
    assert _households(live, capsys) == 10


def test_a_database_on_a_full_disk_stays_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.fixtures.make_import_fixtures import build

    build(tmp_path)
    with _tmpfs(tmp_path / "small", "size=3m") as small:
        db = small / "xa.sqlite3"
        assert run(["--db", str(db), "setup", "--commune", "Bình Chương", "--province", "Quảng Ngãi",
                    "--village", "Thôn An Điềm"]) == 0
        filler = _fill(small / "filler")
        done = _real("--db", str(db), "import", str(tmp_path / "clean.xlsx"), "--village", "Thôn An Điềm")
        assert done.returncode == 2, done.stderr
        one_line_error(done.stderr)
        filler.unlink()
        assert _households(db, capsys) == 0
        assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)


@contextmanager
def _unwritable(folder: Path) -> Iterator[Path]:
    if IS_ROOT:  # root writes anywhere: a read-only disk then
        with _tmpfs(folder, "size=64k", "ro") as ro:
            yield ro
        return
    folder.mkdir()
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)


def test_an_unwritable_folder_gives_the_one_line_error(live: Path, tmp_path: Path) -> None:
    with _unwritable(tmp_path / "locked") as locked:
        for args in (["--db", str(live), "backup", "--out", str(locked / "b.sqlite3")],
                     ["import", "--template", str(locked / "t.xlsx")],
                     ["--db", str(locked / "x.sqlite3"), "demo", "--households", "3"],
                     ["--db", str(locked / "sub" / "x.sqlite3"), "demo", "--households", "3"]):
            done = _real(*args)
            assert done.returncode == 2, (args, done.stderr)
            assert str(locked) in one_line_error(done.stderr) and ".~" not in done.stderr  # never the temp's name
        assert list(locked.iterdir()) == []


@pytest.mark.parametrize("kind", ["fifo", "folder", "device", "dev-null"])
@pytest.mark.parametrize("command", [["households"], ["demo", "--households", "3"], ["restore", "BACKUP"]])
def test_a_database_path_that_is_not_a_file_is_refused(kind: str, command: list[str], live: Path,
                                                       tmp_path: Path) -> None:
    backup = live.parent / "backups" / "binhdan-20261201-120000-daily.sqlite3"
    command = [str(backup) if a == "BACKUP" else a for a in command]
    journals = {p: p.exists() for p in (Path("/dev/null-journal"), Path("/dev/null-wal"), Path("/dev/null-shm"))}
    try:
        if kind == "dev-null":
            done = _real("--db", "/dev/null", *command, timeout=60)
        else:
            with _not_a_file(kind, tmp_path) as path:
                done = _real("--db", str(path), *command, timeout=60)  # a FIFO must not be opened: it would block
        assert done.returncode == 2, done.stderr
        assert "không phải là tệp" in one_line_error(done.stderr)
    finally:
        for p, existed in journals.items():
            if p.exists() and not existed:
                p.unlink()  # what an old version left in /dev
    assert Path("/dev/null").is_char_device()
    assert journals == {p: p.exists() for p in journals}


@pytest.mark.parametrize("args", [
    ["indicators", "--year", "-1"], ["indicators", "--year", "99999"], ["indicators", "--year", "0"],
    ["indicators", "--year", "năm nay"], ["report", "results", "--year", "99999", "--out", "r.xlsx"],
    ["indicators", "--as-of", "31/02/2026"], ["report", "visits", "--from", "hôm qua", "--out", "r.pdf"],
    ["demo", "--households", "-5"], ["households", "--limit", "-1"],
], ids=lambda a: " ".join(a))
def test_bad_years_dates_and_numbers_give_the_one_line_error(args: list[str], live: Path, tmp_path: Path) -> None:
    before = _digest(live)
    done = _real("--db", str(live), *args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    one_line_error(done.stderr)
    assert _digest(live) == before and not (tmp_path / "r.xlsx").exists() and not (tmp_path / "r.pdf").exists()


def test_any_os_or_database_error_becomes_the_one_line_error(live: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from binhdan_desktop.services import households

    def broken(*_: object, **__: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO), "/mnt/usb/xa.sqlite3")

    monkeypatch.setattr(households, "search_ids", broken)
    assert run(["--db", str(live), "households"]) == 2
    err = one_line_error(capsys.readouterr().err)
    assert "/mnt/usb/xa.sqlite3" in err and os.strerror(errno.EIO) in err

    def full(*_: object, **__: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(households, "search_ids", full)
    assert run(["--db", str(live), "households"]) == 2
    err = one_line_error(capsys.readouterr().err)
    assert "đầy" in err and str(live) in err


def _old(path: Path, seconds: float = 3600) -> Path:
    path.write_bytes(b"half written")
    past = time.time() - seconds
    os.utime(path, (past, past))
    return path


def test_stale_temp_files_are_removed_at_the_next_start(live: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, backups = live.parent, live.parent / "backups"
    stale = [_old(data / ".~binhdan.sqlite3.1a2b3c4d.tmp"), _old(backups / ".~binhdan-x.sqlite3.tmp"),
             _old(data / ".~bk.sqlite3.9f8e.tmp-journal")]
    fresh = data / ".~report.xlsx.77aa.tmp"  # another program may be writing it right now
    fresh.write_bytes(b"being written")
    others = [_old(data / "notes.tmp"), _old(data / ".~lock.list.xlsx#")]  # not ours
    assert _households(live, capsys) == 10
    assert not any(p.exists() for p in stale)
    assert fresh.exists() and all(p.exists() for p in others)


def test_the_window_start_removes_stale_temps_and_refuses_bad_paths_before_qt(
        live: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from binhdan_desktop.__main__ import gui_preflight

    stale = _old(live.parent / "backups" / ".~binhdan-y.sqlite3.0011.tmp")
    assert gui_preflight(["--db", str(live)]) is None
    assert not stale.exists()
    with _not_a_file("fifo", tmp_path) as fifo:
        assert gui_preflight([f"--db={fifo}"]) == 2
        one_line_error(capsys.readouterr().err)
    assert gui_preflight(["--db", "  "]) == 2
    one_line_error(capsys.readouterr().err)


def test_restoring_the_live_database_onto_itself_is_refused(tmp_path) -> None:
    import shutil
    import sqlite3

    from binhdan_desktop.cli.main import run

    live = tmp_path / "xa.sqlite3"
    assert run(["--db", str(live), "demo", "--households", "5"]) == 0
    assert run(["--db", str(live), "restore", str(live)]) == 2
    with sqlite3.connect(live) as raw:
        assert raw.execute("SELECT count(*) FROM household").fetchone()[0] == 5
    shutil.rmtree(tmp_path / "backups", ignore_errors=True)


@pytest.mark.parametrize("kind", ["missing", "folder", "text", "empty", "truncated", "damaged"])
def test_restore_of_a_missing_or_bad_file_is_one_clear_line(kind: str, live: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    good = live.parent / "backups" / "binhdan-20261201-120000-daily.sqlite3"
    source = tmp_path / f"{kind}.sqlite3"
    if kind == "folder":
        source.mkdir()
    elif kind == "text":
        source.write_text("không phải cơ sở dữ liệu\n", encoding="utf-8")
    elif kind == "empty":
        source.write_bytes(b"")
    elif kind == "truncated":  # a copy that did not finish
        source.write_bytes(good.read_bytes()[: good.stat().st_size // 3])
    elif kind == "damaged":  # whole length, pages overwritten in the middle
        data = bytearray(good.read_bytes())
        data[8192:16384] = b"\xff" * 8192
        source.write_bytes(bytes(data))
    before, listing = _digest(live), sorted(os.listdir(live.parent))
    capsys.readouterr()
    assert run(["--db", str(live), "restore", str(source)]) == 2
    err = one_line_error(capsys.readouterr().err)
    expected = {"missing": ("Không tìm thấy", "was not found"), "folder": ("là một thư mục", "is a folder"),
                "text": ("không phải là cơ sở dữ liệu", "is not a Bình Dân Desktop database"),
                "empty": ("trống (0 byte)", "is empty"), "truncated": ("bị hỏng hoặc không trọn vẹn", "incomplete"),
                "damaged": ("bị hỏng hoặc không trọn vẹn", "damaged")}[kind]
    assert all(words in err for words in expected) and str(source) in err, err
    assert "Error:" in err and "FileNotFoundError" not in err and "malformed" not in err
    assert _digest(live) == before and sorted(os.listdir(live.parent)) == listing  # untouched, no temp left
    beside = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(f"{kind}.sqlite3"))
    assert beside == ([] if kind == "missing" else [source.name])  # no -wal/-shm left beside the chosen file


def test_a_real_full_disk_leaves_no_temporary_copy_nor_its_journal(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    live = tmp_path / "xa" / "xa.sqlite3"
    assert run(["--db", str(live), "demo", "--households", "300"]) == 0  # ~10 MB
    with _tmpfs(tmp_path / "small", "size=600k") as small:
        done = _real("--db", str(live), "backup", "--out", str(small / "b.sqlite3"))
        assert done.returncode == 2 and "đầy" in one_line_error(done.stderr)
        assert str(small / "b.sqlite3") in done.stderr and ".~" not in done.stderr
        assert list(small.iterdir()) == []  # SQLite's journal of the copy too
    with _tmpfs(tmp_path / "disk", "size=14m") as data:  # room for the live file, not for a second copy
        here = data / "xa.sqlite3"
        shutil.copyfile(live, here)
        before = _digest(here)
        done = _real("--db", str(here), "restore", str(live))
        assert done.returncode == 2 and "đầy" in one_line_error(done.stderr) and ".~" not in done.stderr
        assert os.listdir(data) == ["xa.sqlite3"] and _digest(here) == before
        with sqlite3.connect(here) as raw:
            assert raw.execute("SELECT count(*) FROM household").fetchone() == (300,)


def test_a_database_at_any_path_is_readable_by_its_user_only(tmp_path: Path) -> None:
    """The database holds personal data: made at an explicit --db path it is 0600 (SQLite used to create it with
    the umask's 0644, and its -wal/-shm take the database's mode); an older file left 0644 is tightened on open."""
    db = tmp_path / "elsewhere" / "xa.sqlite3"
    assert run(["--db", str(db), "setup", "--commune", "Xã Mẫu", "--province", "Tỉnh Mẫu",
                "--village", "Thôn Một"]) == 0
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    os.chmod(db, 0o644)
    assert run(["--db", str(db), "indicators"]) == 0
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
