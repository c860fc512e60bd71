"""`binhdan` as a hostile or hurried user types it: every mistake is one line, Vietnamese then English (never
argparse's English, never a reason in both languages inside each half), exit code 2, nothing changed; the help
reads Vietnamese first with English."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from binhdan_desktop.cli.main import build_parser, run

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
ARGPARSE_ENGLISH = ("usage:", "error:", "invalid", "required", "unrecognized", "choose from", "expected one",
                    "ignored explicit", "positional arguments", "show this help")


def vietnamese(text: str) -> bool:
    """True when `text` has a Vietnamese letter: đ, or a letter with a mark (ă â ê ô ơ ư and the tones)."""
    return "đ" in text.lower() or any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", text))


def _binhdan(*args: str | bytes, cwd: Path | None = None,
             data: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **({"BINHDAN_DATA_DIR": str(data)} if data else {})}
    return subprocess.run([sys.executable, "-m", "binhdan_desktop", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd, stdin=subprocess.DEVNULL, env=env)


def _at(office: Path, *args: str | bytes, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """A command on the office's database, with the office's data folder (its device markers)."""
    return _binhdan("--db", str(office / "xa.sqlite3"), *args, cwd=cwd, data=office / "data")


def one_bilingual_line(done: subprocess.CompletedProcess[str], *, ascii_values: bool = True) -> tuple[str, str]:
    """Exit 2 and one line "Lỗi: <vi> / Error: <en>": no traceback, no argparse English, no half in both
    languages (no " / " inside a half; the English half has no Vietnamese letter when the values are ASCII)."""
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    err = done.stderr
    assert err.count("\n") == 1 and err.startswith("Lỗi: ") and " / Error: " in err, err
    assert "Traceback" not in err and done.stdout == ""
    vi, en = err[len("Lỗi: "):].rstrip("\n").split(" / Error: ")
    assert " / " not in vi and " / " not in en, err
    for word in ARGPARSE_ENGLISH:
        assert word not in vi.lower(), (word, err)
    assert not (ascii_values and vietnamese(en)), err
    return vi, en


def _files(folder: Path) -> dict[str, str]:
    """The folder's files and their digests; the database's -wal/-shm and the data folder aside (a read may
    leave them)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.endswith(("-wal", "-shm"))
            and "data" not in p.relative_to(folder).parts}


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo commune that made its team key (so sync goes as far as the place); files to read beside it."""
    folder = tmp_path_factory.mktemp("office")
    db = folder / "xa.sqlite3"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BINHDAN_DATA_DIR", str(folder / "data"))
        assert run(["--db", str(db), "demo", "--households", "12"]) == 0
        assert run(["--db", str(db), "team", "create", "--out", str(folder / "team.key")]) == 0
    (folder / "a-folder").mkdir()
    (folder / "garbage.key").write_text("không phải khoá")
    return folder


# -- argparse's own mistakes -----------------------------------------------------------------------------------

USAGE = [
    (["setup"], "còn thiếu --commune, --province, --village"),
    (["team"], "create, recovery, recover, join, requests, approve, reject, revoke"),
    (["indicators", "--bogus"], "không có --bogus"),
    (["households", "--j"], "không có --j"),  # no abbreviations: "--f" must not quietly mean --force
    (["report", "nope", "--out", "r.xlsx"], "không có lựa chọn “nope”"),
    (["nope"], "setup, demo, indicators"),
    (["sync", "later"], "now, status"),
    (["indicators", "--year"], "--year cần một giá trị"),
    (["--db"], "--db cần một giá trị"),
    (["demo", "--if-empty=yes"], "--if-empty không nhận giá trị"),
    (["report", "results", "--format", "doc", "--out", "r.doc"], "--format không có lựa chọn “doc”"),
    (["team", "join"], "còn thiếu TỆP_MỜI"),
]


@pytest.mark.parametrize(("argv", "words"), USAGE, ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_a_usage_mistake_is_one_vietnamese_english_line(argv: list[str], words: str, office: Path,
                                                        tmp_path: Path) -> None:
    before = _files(office)
    vi, en = one_bilingual_line(_at(office, *argv, cwd=tmp_path))
    assert words in vi and "--help" in vi and "--help" in en
    assert _files(office) == before and list(tmp_path.iterdir()) == []


def test_help_is_vietnamese_first_with_english() -> None:
    done = _binhdan("--help")
    assert done.returncode == 0 and done.stderr == ""
    out = done.stdout
    assert out.startswith("cách dùng / usage: binhdan")
    assert "đối số / arguments:" in out and "tuỳ chọn / options:" in out
    assert "hiện hướng dẫn này rồi thoát / show this help and exit" in out
    for english in ("positional arguments", "show this help message", "show program's version"):
        assert english not in out
    assert "\nusage:" not in out and "\noptions:" not in out
    done = _binhdan("team", "join", "--help")
    assert done.returncode == 0 and done.stdout.startswith("cách dùng / usage: binhdan team join")
    assert "gửi yêu cầu tham gia tổ bằng tệp mời / ask to join with the invitation" in done.stdout  # what it does


def _parsers(parser: object) -> list[object]:
    import argparse

    assert isinstance(parser, argparse.ArgumentParser)
    found: list[object] = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found += _parsers(sub)
    return found


def test_every_command_and_option_is_described_in_both_languages() -> None:
    import argparse

    for parser in _parsers(build_parser()):
        assert isinstance(parser, argparse.ArgumentParser)
        if parser.prog != "binhdan":
            assert parser.description and " / " in parser.description, parser.prog
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                helps = [a.help for a in action._choices_actions]
            else:
                helps = [action.help]
            for text in helps:
                assert text and " / " in text, (parser.prog, action.dest, text)
                vi = text.split(" / ")[0]
                assert vietnamese(vi) or vi == "in JSON", text  # Vietnamese first


# -- bad values, files and bytes ---------------------------------------------------------------------------------

HOSTILE = [
    (["indicators", "--year", "-1"], "Năm -1"),
    (["indicators", "--year", "99999"], "Năm 99999"),
    (["demo", "--seed", "x"], "--seed phải là một số nguyên"),
    (["indicators", "--as-of", "31/02/2026"], "Ngày 31/02/2026"),
    (["indicators", "--village", "Nowhere"], "Không tìm thấy thôn"),
    (["households", "--village", "Nowhere"], "Không tìm thấy thôn"),
    (["households", "--limit", "0"], "--limit phải là số nguyên"),
    (["import", "{office}/a-folder"], "là một thư mục"),
    (["import", "{office}/missing.xlsx"], "Không tìm thấy"),
    (["import", "/dev/null"], "không phải là tệp thường"),
    (["restore", "{office}/a-folder"], "là một thư mục"),
    (["team", "join", "{office}/a-folder"], "là một thư mục"),
    (["team", "join", "{office}/missing.key"], "Không tìm thấy"),
    (["team", "join", "{office}/garbage.key"], "Tệp mời (khoá của tổ) không hợp lệ"),
    (["team", "revoke", "nobody"], "Không có máy nào trong tổ khớp với “nobody”"),
    (["sync", "--target", "ftp://example.org/x"], "chỉ nhận một thư mục hoặc địa chỉ WebDAV"),
    (["sync", "--target", "{office}/no-usb-here"], "thư mục không có"),
    (["sync", "--target", "http://127.0.0.1:9/dav"], "Không kết nối được"),
    (["households", "--village", b"Th\xf4n"], "không phải UTF-8"),
    (["households", "--search", b"\xff\xfe"], "\\xff\\xfe"),
    (["import", b"{office}/danh-s\xe1ch.xlsx"], "không phải UTF-8"),
]


@pytest.mark.parametrize(("argv", "words"), HOSTILE, ids=lambda a: " ".join(map(str, a)) if isinstance(a, list) else "")
def test_a_bad_value_file_or_byte_is_one_line_and_changes_nothing(argv: list[str | bytes], words: str,
                                                                  office: Path, tmp_path: Path) -> None:
    args = [a.replace(b"{office}", os.fsencode(office)) if isinstance(a, bytes) else a.format(office=office)
            for a in argv]
    before = _files(office)
    vi, _ = one_bilingual_line(_at(office, *args, cwd=tmp_path))
    assert words in vi
    assert _files(office) == before and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv", [["demo", "--households", "0"], ["demo", "--households", "-5"],
                                  ["demo", "--households", "10000000"], ["demo", "--seed", "x"],
                                  ["setup", "--commune", "X", "--province", "P", "--village", b"\xff"],
                                  [b"--db=\xff.sqlite3", "demo"]], ids=str)
def test_a_refused_new_database_is_not_made(argv: list[str | bytes], tmp_path: Path) -> None:
    done = _binhdan(*(["--db", str(tmp_path / "new.sqlite3")] if argv[0] != b"--db=\xff.sqlite3" else []), *argv,
                    cwd=tmp_path)
    one_bilingual_line(done)
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []


@pytest.mark.skipif(IS_ROOT, reason="root reads a file whatever its mode")
def test_an_unreadable_file_is_one_line(office: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(b"x")
    locked.chmod(0)
    vi, _ = one_bilingual_line(_at(office, "import", str(locked)))
    assert "Không có quyền đọc" in vi


def test_an_unreadable_file_is_refused_before_it_is_opened(office: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The same check as root (who may read anything): the file's mode is asked first, through os.access."""
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(office / "data"))
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(b"x")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: Path(p) != locked and real_access(p, mode, **kw))
    for argv in (["import", str(locked)], ["restore", str(locked)], ["team", "join", str(locked)]):
        assert run(["--db", str(office / "xa.sqlite3"), *argv]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Không có quyền đọc" in err and str(locked) in err, err


def test_a_reason_in_both_languages_goes_half_into_each() -> None:
    from binhdan_desktop.cli.main import _halves, error_line
    from binhdan_desktop.errors import BinhdanError

    assert _halves("thư mục không có / folder missing") == ("thư mục không có", "folder missing")
    assert _halves("is a directory / là thư mục") == ("là thư mục", "is a directory")  # written English first
    assert _halves("plain") == ("plain", "plain")
    line = error_line(BinhdanError("sync.target_unreachable", target="/x", reason="thư mục không có / folder missing"))
    assert line == ("Lỗi: Không truy cập được nơi đồng bộ /x: thư mục không có / "
                    "Error: Cannot reach the sync place /x: folder missing")


# -- sync, setup, import ----------------------------------------------------------------------------------------

def test_sync_without_a_place_says_so_plainly(tmp_path: Path) -> None:
    db = tmp_path / "xa.sqlite3"
    assert run(["--db", str(db), "demo", "--households", "3"]) == 0
    for extra in ([], ["--target", ""], ["--target", "  "]):
        vi, en = one_bilingual_line(_binhdan("--db", str(db), "sync", *extra))
        assert vi == "Chưa có nơi đồng bộ: thêm --target THƯ_MỤC_HOẶC_URL, hoặc đặt trong Cài đặt → Đồng bộ."
        assert en.startswith("No sync place yet: add --target FOLDER_OR_URL") and "?" not in vi + en


def test_setup_refuses_the_same_village_twice(tmp_path: Path) -> None:
    db = tmp_path / "xa.sqlite3"
    for second in ("Thôn A", "thôn  a", "THÔN Á", "\u0054ho\u0302n A"):  # the last one in NFD
        done = _binhdan("--db", str(db), "setup", "--commune", "Tịnh Khê", "--province", "Quảng Ngãi",
                        "--village", "Thôn A", "--village", "Thôn B", "--village", second)
        vi, en = one_bilingual_line(done, ascii_values=False)
        assert "được ghi hai lần" in vi and "given twice" in en
        assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []


def test_setup_without_a_commune_name_names_the_option(tmp_path: Path) -> None:
    db = tmp_path / "xa.sqlite3"
    for blank in ("", "   "):
        done = _binhdan("--db", str(db), "setup", "--commune", blank, "--province", "Quảng Ngãi",
                        "--village", "Thôn A")
        vi, en = one_bilingual_line(done, ascii_values=False)
        assert vi == "Thiếu tên xã (--commune)." and en == "The commune's name (--commune) is required."
        assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []


def test_setup_keeps_one_word_xa_and_villages_as_typed(tmp_path: Path) -> None:
    db = tmp_path / "xa.sqlite3"
    done = _binhdan("--db", str(db), "setup", "--commune", "Xã Tịnh Khê", "--province", "Quảng Ngãi",
                    "--village", "Thôn Cổ Lũy", "--village", "Tổ dân phố 1")
    assert done.returncode == 0, done.stderr
    assert "Đã thiết lập xã Tịnh Khê với 2 thôn/tổ: Thôn Cổ Lũy, Tổ dân phố 1" in done.stdout
    assert "Xã Tịnh" not in done.stdout and "Thôn Thôn" not in done.stdout
    from binhdan_desktop.services.commune import commune_name
    from binhdan_desktop.services.reports import build
    from binhdan_desktop.store.db import open_database

    with open_database(db) as opened:
        assert commune_name(opened) == "Tịnh Khê"
        with opened.read() as s:
            header = build(s, "results", year=2026).header
    assert header.issuing_body[-1] == "XÃ TỊNH KHÊ" and "xã Tịnh Khê)" in header.annex_ref


def test_a_village_added_or_renamed_onto_another_is_refused(commune: object) -> None:
    from binhdan_desktop.errors import ValidationError
    from binhdan_desktop.services import commune as svc

    db = commune
    first, second = svc.village_list(db)[:2]  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="twice"):
        svc.add_village(db, first.name.upper())  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        svc.rename_village(db, second.id, f"  {first.name.lower()} ")  # type: ignore[arg-type]
    svc.rename_village(db, first.id, first.name.upper())  # type: ignore[arg-type]  # its own name, other case


def test_update_commune_keeps_one_word_xa(commune: object) -> None:
    from binhdan_desktop.services import commune as svc

    svc.update_commune(commune, name="xã  Bình Chương", province="Quảng Ngãi")  # type: ignore[arg-type]
    assert svc.commune_name(commune) == "Bình Chương"  # type: ignore[arg-type]
    svc.update_commune(commune, name="Xã", province="")  # type: ignore[arg-type]  # nothing after it: kept
    assert svc.commune_name(commune) == "Xã"  # type: ignore[arg-type]


def _workbook(path: Path, *rows: list[object]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


@pytest.mark.parametrize("kind", ["no-rows", "header-only", "header-only-csv", "blank-lines"])
@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
def test_importing_a_file_without_data_rows_is_refused_and_writes_nothing(kind: str, dry_run: bool,
                                                                          office: Path, tmp_path: Path) -> None:
    header = ["STT", "Họ và tên", "Năm sinh", "Thôn"]
    if kind == "header-only-csv":
        file = tmp_path / "empty.csv"
        file.write_text(",".join(header) + "\n\n", encoding="utf-8")
    else:
        file = _workbook(tmp_path / "empty.xlsx", *{"no-rows": [], "header-only": [header],
                                                    "blank-lines": [[], header, [None, "", " "]]}[kind])
    before = _files(office)
    vi, en = one_bilingual_line(_at(office, "import", str(file), *(["--dry-run"] if dry_run else [])))
    assert vi == f"Tệp {file.name} không có dòng dữ liệu nào để nhập; chưa ghi gì."
    assert en == f"The file {file.name} has no data rows to import; nothing was written."
    assert _files(office) == before  # no backup made either


def test_a_dry_run_says_what_would_be_imported(office: Path, tmp_path: Path) -> None:
    file = _workbook(tmp_path / "one.xlsx", ["STT", "Họ và tên", "Năm sinh", "Quan hệ với chủ hộ", "Thôn"],
                     [1, "Nguyễn Văn Mới", 1970, "Chủ hộ", "Thôn An Điềm"])
    before = _files(office)
    done = _at(office, "import", str(file), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("XEM TRƯỚC, chưa ghi gì / PREVIEW, nothing written")
    assert "Nếu nhập sẽ có: hộ mới 1" in done.stdout and "Importing would give: 1 new household," in done.stdout
    assert "ĐÃ NHẬP" not in done.stdout and "Đã ghi" not in done.stdout and "đã nhập" not in done.stdout.lower()
    assert _files(office) == before


# -- the output itself cannot be written (a pipe closed early, a full disk): never the database's fault ---------

def _output_to(office: Path, stdout: object) -> subprocess.Popen[str]:
    env = {**os.environ, "BINHDAN_DATA_DIR": str(office / "data")}
    return subprocess.Popen([sys.executable, "-m", "binhdan_desktop", "--db", str(office / "xa.sqlite3"),
                             "households", "--search", "nguyen"], stdout=stdout, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, text=True, env=env)


def test_a_pipe_closed_early_ends_quietly(office: Path) -> None:
    """`binhdan households … | head -1`: the reader is gone before anything is written."""
    process = _output_to(office, subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(timeout=120)
    assert err == "" and process.returncode in (0, 141)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_output_disk_is_said_without_naming_the_database(office: Path) -> None:
    with open("/dev/full", "w") as full:
        process = _output_to(office, full)
        _, err = process.communicate(timeout=120)
    assert process.returncode == 2
    assert err == "Lỗi: Không ghi được ra màn hình/tệp đầu ra: ổ đĩa đầy / Error: Cannot write the output: disk full\n"
    assert "xa.sqlite3" not in err


def test_households_cut_off_by_the_limit_says_how_many_match(office: Path) -> None:
    done = _at(office, "households", "--limit", "5")
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith(
        "5 trong 12 hộ (thêm --limit N để xem thêm) / 5 of 12 households (add --limit N for more)")


def test_setup_with_one_village_says_village(tmp_path: Path) -> None:
    done = _binhdan("--db", str(tmp_path / "x.sqlite3"), "setup", "--commune", "Bình Chương", "--province",
                    "Quảng Ngãi", "--village", "Thôn An Điềm", data=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    assert "set up with 1 village;" in done.stdout
