"""Sub-commands of `binhdan`: their arguments and handlers (over the same services as the window)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from binhdan_desktop.cli import args as types
from binhdan_desktop.cli.main import command, print_json
from binhdan_desktop.domain.enums import VillageKind
from binhdan_desktop.domain.formatting import fmt_int, fmt_pct
from binhdan_desktop.domain.plan import target_text
from binhdan_desktop.domain.validation import as_of_day
from binhdan_desktop.errors import BinhdanError, ValidationError
from binhdan_desktop.importers.plan import ALIASES
from binhdan_desktop.importers.reader import SUFFIXES
from binhdan_desktop.services import Database, breakdowns, demo, households, indicators
from binhdan_desktop.services.commune import find_village, get_commune, require_commune, setup_commune, villages

FORCE_HELP = "ghi đè tệp đã có / replace an existing file"


def _out(p: Any, help_text: str, *, required: bool = True, flag: str = "--out") -> None:
    p.add_argument(flag, required=required, metavar="TỆP", help=help_text)
    p.add_argument("--force", action="store_true", help=FORCE_HELP)


JSON_HELP = "in JSON / print JSON"
REGISTER = "register"  # `binhdan report register`: the register of issued reports, not a kind of report
VILLAGE_HELP = "chỉ một thôn (tên, không cần dấu, hoặc mã) / one village only (name or id)"


def add_all(sub: Any) -> None:
    p = sub.add_parser("setup", help="thiết lập xã mới (không cần giao diện) / set up a real commune headless")
    p.add_argument("--commune", required=True, metavar="TÊN", help="tên xã, vd. Tịnh Khê / the commune's name")
    p.add_argument("--province", required=True, metavar="TỈNH", help="tỉnh / province")
    p.add_argument("--village", action="append", required=True, metavar="THÔN",
                   help="một thôn/tổ dân phố (lặp lại cho mỗi thôn) / a village (repeat for each)")
    p.add_argument("--governing-body", dest="governing_body", default="", metavar="TÊN",
                   help="cơ quan chủ quản, vd. UBND HUYỆN … / the governing body in report headers")
    p.add_argument("--village-kind", dest="village_kind", choices=[k.value for k in VillageKind],
                   default=VillageKind.THON.value, help="loại thôn (mặc định thon) / kind of the villages (thon)")

    p = sub.add_parser("demo", help="tạo xã mẫu / create the demo commune")
    p.add_argument("--households", type=types.count("--households", 1, 200_000), default=500, metavar="SỐ",
                   help="số hộ (500) / number of households (500)")
    p.add_argument("--seed", type=types.integer("--seed"), default=2025, metavar="SỐ",
                   help="hạt giống ngẫu nhiên (2025) / random seed (2025)")
    p.add_argument("--if-empty", action="store_true", dest="if_empty",
                   help="chỉ tạo khi chưa có xã / only when no commune exists yet")

    p = sub.add_parser("indicators", help="kết quả các chỉ tiêu / the plan's indicators")
    p.add_argument("--year", type=types.year, metavar="NĂM",
                   help="năm kế hoạch (mặc định năm nay) / plan year (default: this year)")
    p.add_argument("--as-of", type=types.date, dest="as_of", metavar="NGÀY",
                   help="tính đến ngày (dd/mm/yyyy) / as of date (dd/mm/yyyy)")
    p.add_argument("--village", metavar="THÔN", help=VILLAGE_HELP)
    p.add_argument("--by", choices=("gender", "age", "poverty"), metavar="THEO/BY",
                   help="chia theo giới tính, nhóm tuổi hoặc hộ nghèo / break down by gender, age or poverty")
    p.add_argument("--json", action="store_true", help=JSON_HELP)

    p = sub.add_parser("report", help="xuất báo cáo Excel/PDF / export a report")
    p.add_argument("kind", choices=("results", "checklist", "visits", "learners", "period", "events", "template",
                                    REGISTER),
                   metavar="LOẠI/KIND",
                   help="results: kết quả chỉ tiêu / indicator results; checklist: danh sách hộ cần hỗ trợ / "
                        "households to help; visits: nhật ký thăm hộ / visit log; learners: danh sách người học "
                        "/ learners; period: báo cáo theo kỳ (--period) / the period report; events: lớp học, sự "
                        "kiện / classes and events; template: điền mẫu Excel của tỉnh (--template) / fill the "
                        "province's own workbook (--template); register: không phải một báo cáo mà sổ các báo cáo "
                        "đã phát hành (--json, --reprint SỐ --out TỆP) / not a report: the register of issued reports")
    p.add_argument("--year", type=types.year, metavar="NĂM", help="năm kế hoạch / plan year")
    p.add_argument("--village", metavar="THÔN", help=VILLAGE_HELP)
    p.add_argument("--from", dest="start", type=types.date, metavar="NGÀY", help="từ ngày / from (dd/mm/yyyy)")
    p.add_argument("--to", dest="end", type=types.date, metavar="NGÀY", help="đến ngày / to (dd/mm/yyyy)")
    p.add_argument("--template", metavar="TỆP", help="mẫu .xlsx có chỗ điền {{…}} (docs/report-templates.md) / "
                                                      "a .xlsx template with {{…}} placeholders")
    p.add_argument("--as-of", type=types.date, dest="as_of", metavar="NGÀY",
                   help="số liệu tính đến ngày (dd/mm/yyyy; period: một ngày trong kỳ; visits, events: ngày cuối) / "
                        "figures as of this date (dd/mm/yyyy; period: a day of the period; visits, events: "
                        "the last day)")
    p.add_argument("--period", type=types.period, metavar="KỲ",
                   help="kỳ báo cáo: 2026, 2026-H1, 2026-Q3, 2026-09 (mặc định cả năm --year) / reporting period")
    p.add_argument("--format", choices=("xlsx", "pdf", "docx"),
                   help="mặc định theo đuôi tệp --out, không được trái với đuôi đó / "
                        "default: the --out file's extension (must not contradict it)")
    _out(p, "tệp kết quả (.xlsx, .pdf hoặc .docx) / output file (.xlsx, .pdf or .docx)", required=False)
    p.add_argument("--issue", action="store_true",
                   help="phát hành: cấp số tiếp theo của năm và ghi vào sổ (chỉ máy văn phòng xã) "
                        "/ issue: the year's next number, kept in the register (the office's computer only)")
    p.add_argument("--reprint", metavar="SỐ",
                   help="với register: in lại báo cáo số SỐ (vd. 01/2026) thành bản sao / with register: reprint "
                        "report SỐ (e.g. 01/2026) as a copy")
    p.add_argument("--json", action="store_true", help=JSON_HELP)

    p = sub.add_parser("team", help="tổ đồng bộ / the sync team")
    team_sub = p.add_subparsers(dest="team_command", required=True, metavar="LỆNH/COMMAND")
    t = team_sub.add_parser("create", help="tạo tổ và khoá văn phòng (máy văn phòng) / make the team and the office "
                                           "key (office)")
    _out(t, "tệp mời để phát cho các máy (không có bí mật) / invitation to give out (holds no secret)")
    t.add_argument("--name", default="Văn phòng xã", metavar="TÊN", help="tên máy này / this computer's name")
    t.add_argument("--new-team", action="store_true",
                   help="bỏ tổ hiện có và tạo tổ mới: mọi máy của tổ cũ phải tham gia lại bằng tệp mời mới / leave "
                        "the current team for a new one: every device of the old team must join again with the new "
                        "invitation")
    t.add_argument("--recovery-file", metavar="TỆP",
                   help="cũng ghi bản khôi phục khoá văn phòng vào tệp này, mã hoá bằng cụm mật khẩu (biến môi trường "
                        "BINHDAN_RECOVERY_PASSPHRASE, hoặc được hỏi) / also write the office key's recovery copy to "
                        "this file, encrypted with a passphrase (BINHDAN_RECOVERY_PASSPHRASE, or asked)")
    t = team_sub.add_parser("recovery", help="in lại bản khôi phục khoá văn phòng (máy văn phòng) / print the office "
                                             "key's recovery copy again (office)")
    t.add_argument("--recovery-file", metavar="TỆP", help="ghi thêm tệp mã hoá / also write the encrypted file")
    t = team_sub.add_parser("recover", help="máy văn phòng mới nhận quyền văn phòng bằng bản khôi phục / a new office "
                                            "computer takes over with the recovery copy")
    t.add_argument("--code", metavar="MÃ", help="mã khôi phục in trên giấy / the printed recovery code")
    t.add_argument("--recovery-file", metavar="TỆP", help="tệp khôi phục (hỏi cụm mật khẩu) / the recovery file")
    t.add_argument("--name", default="Văn phòng xã", metavar="TÊN", help="tên máy này / this computer's name")
    _place_args(t)
    t = team_sub.add_parser("join", help="gửi yêu cầu tham gia tổ bằng tệp mời / ask to join with the invitation")
    t.add_argument("keyfile", metavar="TỆP_MỜI/INVITATION",
                   help="tệp mời nhận từ văn phòng xã / the invitation from the office")
    t.add_argument("--name", default="", metavar="TÊN", help="tên máy này / this computer's name")
    t.add_argument("--office-code", metavar="MÃ",
                   help="mã văn phòng 8 số do văn phòng đọc cho (kiểm tra tệp mời) / the office's 8-digit code, read "
                        "out by the office (checks the invitation)")
    t.add_argument("--new-identity", action="store_true",
                   help="bỏ danh tính cũ của máy này: khoá mới, mã máy mới; văn phòng xã duyệt yêu cầu mới thì thu "
                        "hồi mã máy cũ (thay đổi chưa gửi được giữ) / retire this computer's identity: new keys and "
                        "device id; the office's approval revokes the old id (unsent changes are kept)")
    _place_args(t)
    t = team_sub.add_parser("requests", help="các yêu cầu tham gia (máy văn phòng) / join requests (office)")
    _place_args(t)
    t = team_sub.add_parser("approve", help="duyệt một máy vào tổ (máy văn phòng) / approve a device (office)")
    t.add_argument("device", metavar="MÁY/DEVICE", help="mã máy (hoặc phần đầu) hoặc tên máy / device id or name")
    codes = t.add_mutually_exclusive_group()
    codes.add_argument("--code", metavar="MÃ",
                       help="mã 6 số hiện trên máy đó, được so trước khi duyệt (bắt buộc) / the 6-digit code that "
                            "computer shows, compared before approving (required)")
    codes.add_argument("--yes-without-code", action="store_true",
                       help="duyệt không so mã (chỉ khi đã chắc chắn máy đó là máy của tổ) / approve without "
                            "comparing the code (only when sure that computer is the team's)")
    t.add_argument("--name", metavar="TÊN",
                   help="duyệt với tên này (bắt buộc khi một máy trong tổ đã có tên của máy xin) / enrol it under "
                        "this name (needed when a device in the team already has its name)")
    _place_args(t)
    t = team_sub.add_parser("reject", help="từ chối một yêu cầu tham gia (máy văn phòng) / turn a request away")
    t.add_argument("device", metavar="MÁY/DEVICE", help="mã máy (hoặc phần đầu) hoặc tên máy / device id or name")
    _place_args(t)
    t = team_sub.add_parser("revoke", help="thu hồi một máy (máy văn phòng) / revoke a device (office)")
    t.add_argument("device", metavar="MÁY/DEVICE",
                   help="mã máy (hoặc phần đầu) hoặc tên máy / device id (or prefix) or name")
    _place_args(t)

    p = sub.add_parser("sync", help="đồng bộ / synchronise")
    p.add_argument("action", nargs="?", choices=("now", "status", "snapshot"), default="now", metavar="VIỆC/ACTION",
                   help="now: đồng bộ ngay (mặc định) / sync now (default); status: xem tình trạng / show the status; "
                        "snapshot: (văn phòng xã) đồng bộ rồi ghi bản chụp cả xã cho máy mới / (the office) sync, "
                        "then write a snapshot of the commune for new laptops")
    p.add_argument("--target", metavar="NƠI",
                   help="thư mục (USB, thư mục chia sẻ) hoặc địa chỉ WebDAV / folder or WebDAV URL")
    p.add_argument("--user", metavar="TÊN", help="tài khoản WebDAV / WebDAV user")

    p = sub.add_parser("import", help="nhập danh sách từ bảng tính / import a spreadsheet")
    formats = " ".join(SUFFIXES)  # the reader's own list: what it reads is what the help says
    p.add_argument("file", nargs="?", metavar="TỆP/FILE",
                   help=f"bảng tính hoặc tệp văn bản: {formats} (nội dung tệp quyết định cách đọc) / a spreadsheet or "
                        f"text file: {formats} (the file's bytes decide how it is read)")
    p.add_argument("--sheet", metavar="TRANG",
                   help="chỉ đọc trang tính này (mặc định: mọi trang) / read only this sheet (default: every sheet)")
    p.add_argument("--village", metavar="THÔN",
                   help="thôn cho các dòng không ghi thôn / village for rows without one")
    p.add_argument("--dry-run", action="store_true", dest="dry_run",
                   help="chỉ xem trước, không ghi gì / preview only, write nothing")
    _out(p, "ghi tệp mẫu (không cần cơ sở dữ liệu) / write a template workbook (no database needed)",
         required=False, flag="--template")
    p.add_argument("--map", action="append", default=[], metavar="[SHEET:]FIELD=HEADER",
                   help="sửa cách khớp cột: FIELD=HEADER cho mọi trang có cột HEADER, TRANG:FIELD=HEADER chỉ cho "
                        "trang đó, vd. address=Nơi ở, \"Thôn Đông:address=Ghi chú\" (HEADER trống: không đọc) / "
                        "correct a column match: FIELD=HEADER on every sheet with a column HEADER, SHEET:FIELD=HEADER "
                        "on that sheet only (HEADER empty: not read). FIELD: " + ", ".join(ALIASES))
    p.add_argument("--accept-problems", action="store_true", dest="accept_problems",
                   help="nhập các dòng không lỗi, bỏ ra các hộ có lỗi hoặc có người có thể trùng chưa quyết định / "
                        "import the clean rows, leave out the households with a problem or an undecided likely "
                        "match")
    likely = p.add_mutually_exclusive_group()
    likely.add_argument("--accept-matches", action="store_true", dest="accept_matches",
                        help="người có thể trùng (chủ hộ: cùng tên không dấu, năm sinh ±1, cùng thôn; thành viên: "
                             "tên đã sửa) là người đã có: cập nhật họ / the likely matches (heads: same name without "
                             "accents, birth year ±1, same village; members: a corrected name) are the recorded "
                             "people: update them")
    likely.add_argument("--reject-matches", action="store_true", dest="reject_matches",
                        help="người có thể trùng là người khác: nhập như người mới, hộ mới / the likely matches are "
                             "different people: add them as new people in new households. Không có cả hai: có người "
                             "có thể trùng là vấn đề, không ghi gì (với --accept-problems: hộ của họ không được nhập) "
                             "/ with neither, a likely match is a problem and nothing is written (with "
                             "--accept-problems their households are left out)")
    p.add_argument("--dates", type=str.lower, choices=("dmy", "mdy"), metavar="dmy|mdy",
                   help="thứ tự ngày của cột ngày sinh mà mọi ngày đều đọc được hai cách (03/04/1975, không ngày nào "
                        "> 12): dmy = ngày/tháng/năm, mdy = tháng/ngày/năm; không có: cột đó là vấn đề, không ghi gì; "
                        "trái với ngày > 12 trong tệp: lỗi / the day/month order of a birth-date column whose dates "
                        "all read both ways (03/04/1975, no day above 12): dmy = day/month/year, mdy = "
                        "month/day/year; without it such a column is a problem and nothing is written; against a "
                        "day above 12 in the file: an error")
    p.add_argument("--accept-villages", action="store_true", dest="accept_villages",
                   help="nhận các thôn khớp gần đúng như đã in ra / accept the loosely matched villages as printed")
    p.add_argument("--problems", metavar="FILE.xlsx",
                   help="ghi danh sách lỗi ra bảng tính (cần --force để ghi đè) / write the problems as a workbook")

    p = sub.add_parser("backup", help="sao lưu / back up the database")
    _out(p, "tệp sao lưu / backup file")
    p = sub.add_parser("restore", help="khôi phục từ bản sao lưu (kể cả khi dữ liệu hỏng) / restore a backup")
    p.add_argument("file", metavar="TỆP/FILE", help="bản sao lưu (.sqlite3) / the backup file")

    p = sub.add_parser("households", help="tìm hộ / search households")
    p.add_argument("--search", default="", metavar="CHỮ",
                   help="tên thành viên hoặc mã hộ (không cần dấu) / name or code")
    p.add_argument("--village", metavar="THÔN", help=VILLAGE_HELP)
    p.add_argument("--limit", type=types.count("--limit", 1, 1_000_000), default=50, metavar="SỐ",
                   help="nhiều nhất bao nhiêu hộ (50) / at most this many (50)")
    p.add_argument("--json", action="store_true", help=JSON_HELP)


def _progress(stage: str, fraction: float) -> None:
    label = {"generate": "Đang tạo / generating"}.get(stage, stage)
    print(f"\r{label}: {fraction * 100:5.1f} %", end="", file=sys.stderr, flush=True)


@command("setup", needs="create")
def cmd_setup(args: argparse.Namespace, db: Database) -> int:
    if not args.commune.strip():
        raise ValidationError("validation.required", field="cli.commune")  # named as the user typed it
    try:
        setup_commune(db, args.commune, args.province, args.village, governing_body=args.governing_body,
                      village_kind=args.village_kind)
    except BinhdanError as exc:
        if exc.code == "commune.exists":
            raise BinhdanError("setup.exists", value=exc.params.get("value", ""), path=str(db.path)) from None
        raise
    with db.read() as s:
        name = require_commune(s).name  # stored without a leading "Xã": the message adds it
        names = ", ".join(vg.name for vg in villages(s))  # as typed, "Thôn …" included: nothing is added
    n = len(args.village)
    print(f"Đã thiết lập xã {name} với {n} thôn/tổ: {names} ({db.path}). Tiếp theo: `binhdan import TỆP`. "
          f"/ Commune {name} set up with {n} village{'' if n == 1 else 's'}; next: `binhdan import FILE`.")
    return 0


@command("demo", needs="create")
def cmd_demo(args: argparse.Namespace, db: Database) -> int:
    with db.read() as s:
        existing = get_commune(s)
    if existing is not None and args.if_empty:
        print(f"Đã có dữ liệu xã {existing.name} / the commune already exists ({db.path})")
        return 0
    started = time.perf_counter()
    demo.generate(db, args.households, args.seed, progress=_progress if sys.stderr.isatty() else None)
    with db.read() as s:
        name = require_commune(s).name
    print(f"Đã tạo xã mẫu {name}: {fmt_int(args.households)} hộ trong {time.perf_counter() - started:.1f} s "
          f"/ demo commune created: {args.households} households ({db.path})")
    return 0


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


@command("indicators")
def cmd_indicators(args: argparse.Namespace, db: Database) -> int:
    if args.as_of is not None:
        as_of_day(args.as_of)  # never a day to come, nor one before the plan's start
    with db.read() as s:
        require_commune(s)
        year = args.year or indicators.default_year(s)
        village = find_village(s, args.village).id if args.village else None
        if args.by:
            return _print_breakdown(breakdowns.breakdown(s, year, args.by, as_of=args.as_of, village=village),
                                    args.json)
        results = indicators.compute(s, year, as_of=args.as_of, village=village)
    if args.json:
        print_json([r.as_json() for r in results])
        return 0
    rows = [[r.name, r.village or "Toàn xã", f"{fmt_int(r.numerator)}/{fmt_int(r.denominator)}", fmt_pct(r.rate),
             target_text(r.target, r.compare), {True: "Đạt", False: "Chưa đạt", None: "–"}[r.met],
             "–" if r.target is None else fmt_int(r.gap)]
            for r in results]
    print(f"Kết quả thực hiện chỉ tiêu năm {year} (tính đến {results[0].as_of:%d/%m/%Y})" if results else "")
    print(_table(rows, ["Chỉ tiêu", "Thôn", "Kết quả", "Tỷ lệ", "Mục tiêu", "Đánh giá", "Còn thiếu"]))
    return 0


def _print_breakdown(rows: list[Any], as_json: bool) -> int:
    if as_json:
        print_json([r.as_json() for r in rows])
        return 0
    if rows:
        print(f"Kết quả thực hiện chỉ tiêu năm {rows[0].year} (tính đến {rows[0].as_of:%d/%m/%Y}), "
              f"{breakdowns.DIMENSION_LABELS[rows[0].dimension][0].lower()}")
    print(_table([[r.name, r.group, f"{fmt_int(r.numerator)}/{fmt_int(r.denominator)}", fmt_pct(r.rate)]
                  for r in rows], ["Chỉ tiêu", "Nhóm", "Kết quả", "Tỷ lệ"]))
    return 0


@command("households")
def cmd_households(args: argparse.Namespace, db: Database) -> int:
    with db.read() as s:
        require_commune(s)
        village = find_village(s, args.village).id if args.village else None
    ids = households.search_ids(db, args.search, village, limit=args.limit)
    found = households.rows_of(db, ids)
    rows = [found[i] for i in ids]
    if args.json:
        print_json([r.__dict__ for r in rows])
        return 0
    print(_table([[r.code, r.head, r.village, r.address, str(r.members)] for r in rows],
                 ["Mã hộ", "Chủ hộ", "Thôn", "Địa chỉ", "Số người"]))
    total = len(rows)
    if args.limit is not None and total >= args.limit:  # maybe cut off: say how many match in all
        total = len(households.search_ids(db, args.search, village))
    if total > len(rows):
        print(f"{fmt_int(len(rows))} trong {fmt_int(total)} hộ (thêm --limit N để xem thêm) "
              f"/ {len(rows):,} of {total:,} households (add --limit N for more)")
    else:
        print(f"{fmt_int(len(rows))} hộ / {len(rows):,} household{'' if len(rows) == 1 else 's'}")
    return 0


@command("report", outputs=("out",), inputs=("template",))
def cmd_report(args: argparse.Namespace, db: Database) -> int:
    from binhdan_desktop.services import report_register, reports

    if args.kind == REGISTER:
        return _register(args, db)
    if args.out is None:
        raise BinhdanError("cli.missing", names_vi="--out TỆP", names_en="--out FILE", help="binhdan report --help")
    out = Path(args.out).expanduser().absolute()
    if args.kind == "template" or args.template:
        return _report_template(args, db, out)
    fmt = args.format or out.suffix.lstrip(".").lower()
    if fmt not in reports.FORMATS:
        raise BinhdanError("report.format", value=fmt or out.name)
    reports.check_format(out, fmt)  # --format xlsx --out r.pdf: never Excel inside a .pdf
    request = reports.ReportRequest(args.kind, year=args.year, village=args.village, start=args.start,
                                    end=args.end, as_of=args.as_of, period=args.period)
    reports.check_request(request)
    started = time.perf_counter()
    if args.issue:
        issued = report_register.issue(db, request, out, fmt, replace_file=True)  # --force was checked before
        print(f"Đã phát hành báo cáo số {issued.entry.number} ngày {issued.entry.issued_on:%d/%m/%Y}: {out} "
              f"/ issued as {issued.entry.number}: {out}")
        return 0
    with db.read() as s:
        report = reports.build(s, args.kind, year=args.year, village=args.village, start=args.start, end=args.end,
                               as_of=args.as_of, period=args.period)
    reports.write(report, out, fmt)
    print(f"Đã xuất {out} ({fmt_int(report.row_count)} dòng, {time.perf_counter() - started:.1f} s) "
          f"/ written: {out}")
    return 0


def _register(args: argparse.Namespace, db: Database) -> int:
    """`binhdan report register`: the issued reports, newest first; `--reprint SỐ --out F` writes a copy."""
    from binhdan_desktop.services import report_register as reg

    if args.reprint:
        if args.out is None:
            raise BinhdanError("cli.missing", names_vi="--out TỆP", names_en="--out FILE",
                               help="binhdan report --help")
        out = Path(args.out).expanduser().absolute()
        fmt = args.format or out.suffix.lstrip(".").lower()
        entry = reg.find(db, args.reprint)
        reg.reprint(db, entry.id, out, fmt, replace_file=True)
        print(f"Đã in lại bản sao báo cáo số {entry.number} ({entry.year}): {out} / copy written: {out}")
        return 0
    listed = reg.entries(db)
    if args.json:
        print_json([e.as_json() for e in listed])
        return 0
    print(_table([[e.number, f"{e.issued_on:%d/%m/%Y}", e.kind, e.village or "Toàn xã", e.period,
                   " ".join(t for t in (e.signer_title, e.signer_name) if t), e.sha256[:12]] for e in listed],
                 ["Số", "Ngày", "Loại", "Thôn", "Kỳ", "Người ký", "SHA-256"]))
    print(f"{len(listed)} báo cáo đã phát hành / {len(listed)} issued")
    return 0


def _report_template(args: argparse.Namespace, db: Database, out: Path) -> int:
    """`report template --template IN.xlsx --out OUT.xlsx`: the province's own form, its placeholders filled."""
    from binhdan_desktop.services import report_template

    if args.kind != "template" or not args.template:
        raise BinhdanError("template.needs_kind")
    started = time.perf_counter()
    filled = report_template.fill_template(db, Path(args.template).expanduser().absolute(), out, year=args.year,
                                           period=args.period, as_of=args.as_of, village=args.village)
    print(f"Đã điền {fmt_int(filled)} chỗ, xuất {out} ({time.perf_counter() - started:.1f} s) "
          f"/ {filled} placeholders filled, written: {out}")
    return 0


def _place_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--target", metavar="NƠI",
                   help="thư mục (USB, thư mục chia sẻ) hoặc địa chỉ WebDAV / folder or WebDAV URL")
    p.add_argument("--user", metavar="TÊN", help="tài khoản WebDAV / WebDAV user")


def _exchange(args: argparse.Namespace, db: Database, *, needed: bool) -> bool:
    """The membership log and join requests with the sync place (--target, else the one remembered). Without a
    place: an error when `needed`, else False (it goes with the next sync)."""
    from binhdan_desktop.sync import engine, enrolment
    from binhdan_desktop.sync.targets import open_target

    spec = args.target if args.target is not None else engine.target_spec(db)
    if not spec.strip() and not needed:
        return False
    target = open_target(_sync_place(args.target, engine.target_spec(db)), user=args.user, ask=_terminal_password)
    try:
        target.check()
        enrolment.exchange(target, enrolment.view(db), engine.SyncReport())
    finally:
        target.close()
    return True


def _passphrase(confirm: bool) -> str:
    """BINHDAN_RECOVERY_PASSPHRASE, else asked at a terminal (twice when making a file)."""
    import getpass
    import os

    found = os.environ.get("BINHDAN_RECOVERY_PASSPHRASE")
    if found:
        return found
    if not (sys.stdin and sys.stdin.isatty()):
        raise BinhdanError("sync.wrong_passphrase")
    typed = getpass.getpass("Cụm mật khẩu của tệp khôi phục / recovery passphrase: ")
    if confirm and getpass.getpass("Gõ lại / again: ") != typed:
        raise BinhdanError("sync.wrong_passphrase")
    return typed


def _print_recovery(db: Database, path: str | None) -> None:
    """The office key's recovery copy: the code to print and keep at the office, and the file when asked."""
    from binhdan_desktop.fileio import check_output, write_atomic
    from binhdan_desktop.sync import enrolment

    copy = enrolment.recovery_copy(db)
    if path:
        out = check_output(Path(path).expanduser(), force=True, db_path=db.path)
        write_atomic(out, copy.to_file(_passphrase(confirm=True)), private=True)
        print(f"Đã ghi tệp khôi phục khoá văn phòng (mã hoá bằng cụm mật khẩu): {out} / recovery file written.")
    print("Bản khôi phục khoá văn phòng — in ra, giữ ở văn phòng xã, không gửi cho ai (máy văn phòng mới dùng nó "
          "để nhận quyền văn phòng: binhdan team recover --code …) / the office key's recovery copy — print it, "
          "keep it at the office, give it to no one:")
    print(copy.code())


def _recover(args: argparse.Namespace, db: Database) -> int:
    from binhdan_desktop.sync import team
    from binhdan_desktop.sync.recovery import Recovery

    anchor = team.current_anchor(db)
    if anchor is None:
        raise BinhdanError("sync.no_team")
    _exchange(args, db, needed=True)  # the log as the place holds it
    if args.recovery_file:
        copy = Recovery.from_file(Path(args.recovery_file).expanduser().read_bytes(), _passphrase(confirm=False))
    elif args.code:
        copy = Recovery.from_code(anchor.team_id, args.code)
    else:
        raise BinhdanError("cli.missing", names_vi="--code MÃ hoặc --recovery-file TỆP",
                           names_en="--code CODE or --recovery-file FILE", help="binhdan team recover --help")
    team.recover_office(db, copy, args.name)
    _exchange(args, db, needed=True)
    print("Máy này là máy văn phòng của tổ từ giờ; các máy trong tổ nhận điều này ở lần đồng bộ tới, không phải tham "
          "gia lại. Bản khôi phục cũ không dùng được nữa. / this computer is the team's office now; the team's "
          "computers learn it at their next sync and do not join again. The old recovery copy no longer works.")
    _print_recovery(db, None)
    return 0


SENT = ("đã gửi lên nơi đồng bộ / sent to the sync place", "sẽ gửi ở lần đồng bộ tới / goes with the next sync")


@command("team", needs=lambda a: "create" if a.team_command == "join" else "db", outputs=("out",),
         inputs=("keyfile",))
def cmd_team(args: argparse.Namespace, db: Database) -> int:
    from pathlib import Path

    from binhdan_desktop.sync import enrolment, team
    from binhdan_desktop.sync.membership import normal_code

    if args.team_command == "create":
        old = team.current_anchor(db) or team.current_team(db)
        anchor = team.create_team(db, Path(args.out).expanduser(), args.name, new_team=args.new_team)
        print(f"Đã tạo tổ của xã {anchor.commune} và tệp mời {args.out} (không có bí mật; gửi cho các máy của tổ "
              f"qua USB, thư điện tử hay Zalo). Mã văn phòng: {anchor.office_code} — đọc mã này cho người tham gia so "
              f"sánh. / team created; invitation written (no secret in it). Office code: {anchor.office_code}.")
        _print_recovery(db, args.recovery_file)
        if old is not None:
            print("Tổ cũ đã bị tách: các máy của tổ cũ không nhận dữ liệu của máy này nữa cho đến khi tham gia "
                  "lại bằng tệp mời mới và được duyệt; thay đổi chưa gửi của chúng vẫn ở trên máy đó. / the old team "
                  "is split off: its devices take nothing more from this computer until they join again with the "
                  "new invitation and are approved; their unsent changes stay on them.")
        return 0
    if args.team_command == "recovery":
        _print_recovery(db, args.recovery_file)
        return 0
    if args.team_command == "recover":
        return _recover(args, db)
    if args.team_command == "join":
        anchor = team.read_invitation(Path(args.keyfile).expanduser())
        if args.office_code is not None and normal_code(args.office_code) != normal_code(anchor.office_code):
            raise BinhdanError("sync.wrong_office_code", given=args.office_code, expected=anchor.office_code)
        team.join_team(db, Path(args.keyfile).expanduser(), args.name, new_identity=args.new_identity)
        if args.new_identity:
            print(f"Máy này đã bỏ danh tính cũ, mã máy mới: {db.device().device_id}. Văn phòng xã duyệt yêu cầu mới "
                  f"thì mã máy cũ bị thu hồi. / this computer took a new identity ({db.device().device_id}); the "
                  f"office's approval revokes the old one.")
        if team.current_team(db) is not None:
            print(f"Máy này đã ở trong tổ của xã {anchor.commune}. / this computer is already in the team.")
            return 0
        sent = _exchange(args, db, needed=False)
        code = enrolment.my_code(db)
        print(f"Đã gửi yêu cầu tham gia tổ của xã {anchor.commune} ({SENT[0] if sent else SENT[1]}). Mã văn phòng: "
              f"{anchor.office_code} — hãy so với mã văn phòng xã đọc. Mã máy này: {code} — đọc cho văn phòng xã "
              f"khi duyệt. / join request made. Office code {anchor.office_code}; this computer's code {code}.")
        print("Đang chờ duyệt: sau khi văn phòng xã duyệt, lần đồng bộ tới sẽ đưa máy này vào tổ. / waiting for "
              "approval: the next sync after the office approves enrols this computer.", file=sys.stderr)
        return 1
    if args.team_command == "requests":
        _exchange(args, db, needed=False)
        pending = enrolment.requests(db)
        if not pending:
            print("Không có yêu cầu tham gia nào. / no join requests.")
        for p in pending:
            print(_request_line(p))
        return 0
    if args.team_command in ("approve", "reject"):
        _exchange(args, db, needed=False)  # the requests that came since the last sync
        if args.team_command == "approve":
            req = enrolment.approve(db, args.device, args.code, args.name, code_required=not args.yes_without_code)
            said = "Đã duyệt máy {name} vào tổ / approved"
        else:
            req = enrolment.reject(db, args.device)
            said = "Đã từ chối yêu cầu của máy {name} / rejected"
        sent = _exchange(args, db, needed=False)
        print(f"{said.format(name=req.name or req.device_id[:8])} ({SENT[0] if sent else SENT[1]}).")
        return 0
    team.revoke(db, args.device)
    sent = _exchange(args, db, needed=False)
    print(f"Đã thu hồi ({SENT[0] if sent else SENT[1]}); mọi máy từ chối dữ liệu mới của máy này sau lần đồng bộ "
          f"tới. / revoked; every device refuses its new bundles after its next sync.")
    return 0


def _request_line(p: Any) -> str:
    """One join request of `team requests`: id, name, code, state, and what the admin must know before
    approving it (another device under its name, an earlier rejection, the identity it replaces)."""
    state = {"new": "chờ duyệt / waiting", "enrolled": "đã duyệt / approved",
             "rejected": "đã từ chối / rejected", "revoked": "đã thu hồi / revoked"}[p.state]
    line = f"{p.request.device_id}  {p.request.name or '-'}  mã/code {p.request.code}  {state}"
    if p.rejected_before:
        line += "  (đã bị từ chối trước đây, xin lại / rejected before, asking again)"
    if p.retires:
        old = p.retires[:8]
        line += f"  (thay cho máy {old}, máy đó bị thu hồi khi duyệt / replaces {old}, revoked on approval)"
    for twin in p.namesakes:
        line += (f"\n    TRÙNG TÊN với {twin.describe('vi')} — duyệt bằng mã máy kèm --name TÊN_KHÁC / SAME NAME as "
                 f"{twin.describe('en')} — approve by device id with --name OTHER_NAME")
    return line


def _terminal_password(url: str, user: str) -> str | None:
    """The command line's password provider: the keyring, then BINHDAN_WEBDAV_PASSWORD, then ask when a person
    is at the terminal (the typed password is kept in the keyring); else None: the core says what to do."""
    import getpass
    import os

    from binhdan_desktop.sync.webdav import keyring_password, remember_password

    found = keyring_password(url, user) or os.environ.get("BINHDAN_WEBDAV_PASSWORD")
    if found:
        return found
    if not (sys.stdin and sys.stdin.isatty()):
        return None
    typed = getpass.getpass(f"Mật khẩu WebDAV của {user} / WebDAV password: ")
    if typed:
        remember_password(url, user, typed)
    return typed or None


def _sync_place(given: str | None, remembered: str) -> str:
    """The place to sync with: --target, else the one remembered; a plain message when there is none, or when it
    is an address of a kind the app cannot use (ftp://…), instead of "folder missing"."""
    spec = (given if given is not None else remembered).strip()
    if not spec:
        raise BinhdanError("sync.no_place")
    if "://" in spec and not spec.lower().startswith(("http://", "https://")):
        raise BinhdanError("sync.bad_target", target=spec)
    return spec


@command("sync")
def cmd_sync(args: argparse.Namespace, db: Database) -> int:
    from binhdan_desktop.sync import engine, enrolment, team
    from binhdan_desktop.sync.targets import open_target

    if args.action == "status":
        st = team.status(db)
        print(f"Máy / device: {st.device_name or '-'} ({st.device_id})")
        if st.joining == "revoked":
            print(f"Tổ / team: {st.joining_team} — máy này đã bị thu hồi quyền đồng bộ, hãy liên hệ văn phòng xã / "
                  f"this computer was revoked, contact the commune office")
        else:
            print(f"Tổ / team: {st.team or 'chưa tham gia / not joined'}")
        if st.joining == "waiting":
            print(f"Đang chờ văn phòng xã duyệt / waiting for the office's approval: mã máy / code {st.device_code}")
        elif st.joining == "approved":
            print("Văn phòng xã đã duyệt; lần đồng bộ tới đưa máy này vào tổ / approved by the office: the next sync "
                  "enrols this computer")
        elif st.joining == "rejected":
            print("Văn phòng xã đã từ chối yêu cầu tham gia; xin lại bằng binhdan team join TỆP_MỜI / the office "
                  "turned the join request down; ask again with binhdan team join INVITATION")
        print(f"Thay đổi chờ gửi / changes waiting to go out: {fmt_int(st.waiting)}")
        print(f"Tệp đồng bộ đang giữ / bundles held: {fmt_int(st.stored)}")
        print(f"Xung đột chưa xử lý / unresolved conflicts: {fmt_int(st.conflicts)}")
        last = st.last_sync.strftime("%d/%m/%Y %H:%M") if st.last_sync else "chưa / never"
        print(f"Lần đồng bộ cuối / last sync: {last} {st.target or ''}")
        problems = _last_problems(st.last_error)
        if st.clock:
            from binhdan_desktop.sync.clock import CLOCK

            problems.setdefault(CLOCK, st.clock)  # the clock disagrees with the changes seen: told here too
        if problems:
            print(f"Tệp cần xem sau lần đồng bộ cuối / files to look at after the last sync: {len(problems)}")
            _print_problems(problems, sys.stdout)
        return 0
    if args.action == "snapshot":
        from binhdan_desktop.sync import snapshot

        snapshot.office_signer_or_raise(db)  # before anything goes over the network: the office only
    target = open_target(_sync_place(args.target, engine.target_spec(db)), user=args.user, ask=_terminal_password)
    try:
        report = engine.sync(db, target)
        if args.action == "snapshot" and not report.snapshot:
            report.snapshot = snapshot.write(db, target)
    finally:
        target.close()
    if report.snapshot_rows:
        print(f"Máy mới: đã lấy bản chụp {report.snapshot} của văn phòng xã ({fmt_int(report.snapshot_rows)} dòng). "
              f"/ new laptop: started from the office's snapshot ({report.snapshot_rows} rows).")
    elif report.snapshot:
        print(f"Đã ghi bản chụp cả xã cho máy mới: {snapshot_folder()}/{report.snapshot} "
              f"/ wrote a snapshot of the commune for new laptops: {snapshot_folder()}/{report.snapshot}")
    print(f"Đã đồng bộ với {target.label}: gửi {report.pushed} tệp (mới {report.written}), nhận {report.pulled} tệp, "
          f"áp dụng {fmt_int(report.changes)} thay đổi từ {report.applied} tệp; chờ {report.waiting}. "
          f"/ pushed {report.pushed}, pulled {report.pulled}, applied {report.changes} changes.")
    if report.upgraded and team.current_anchor(db) is not None and (keys := enrolment.invitation_path(db)).exists():
        print(f"Đã nâng cấp tổ lên sổ thành viên do văn phòng ký; tệp mời cho máy mới: {keys}. "
              f"/ the team was upgraded to the office-signed membership log; invitation for new computers: {keys}.")
    if report.enrolled:
        print(f"Đã tự duyệt các máy của tổ cũ / approved the old team's computers: {', '.join(report.enrolled)}")
    problems = report.warnings
    if report.joining:
        print(f"Đang chờ duyệt: văn phòng xã chưa duyệt yêu cầu tham gia của máy này (mã máy {report.joining}). "
              f"/ waiting for approval: the office has not approved this computer yet (code {report.joining}).",
              file=sys.stderr)
        return 1
    _print_problems(problems, sys.stderr)
    return 1 if problems else 0


def snapshot_folder() -> str:
    from binhdan_desktop.sync.snapshot import FOLDER

    return FOLDER


def _last_problems(last_error: str | None) -> dict[str, str]:
    """The files the last sync could not use (file -> reason code), as `record` kept them."""
    import json

    try:
        found = json.loads(last_error) if last_error else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def _print_problems(problems: dict[str, str], out: Any) -> None:
    """One line a file: what happened to it and why, in Vietnamese with English."""
    from binhdan_desktop.sync.place import reason_text

    for name, reason in sorted(problems.items()):
        print(f"  {name}: {reason_text(reason)}", file=out)


@command("backup", outputs=("out",))
def cmd_backup(args: argparse.Namespace, db: Database) -> int:
    from binhdan_desktop.services.backup import backup

    out = backup(db, Path(args.out))
    print(f"Đã sao lưu vào {out} / backed up to {out}")
    return 0


@command("restore", needs="path", inputs=("file",))
def cmd_restore(args: argparse.Namespace, path: Path) -> int:
    """Needs the path only: the live file may be damaged, missing or not ours, and is never opened first."""
    from binhdan_desktop.services.backup import finish_restore, stage_restore

    staged = stage_restore(path, Path(args.file))  # copied once beside the database and checked there
    info = staged.info
    path, aside = finish_restore(staged)
    kept_vi = f"Dữ liệu cũ được giữ ở {aside}." if aside else "Trước đó chưa có cơ sở dữ liệu ở đây."
    kept_en = f"the previous database is kept at {aside}." if aside else "there was no database here before."
    print(f"Đã khôi phục xã {info.commune} ({fmt_int(info.households)} hộ) vào {path}. {kept_vi} / restored; {kept_en}")
    return 0


def _column_map(text: str) -> tuple[str | tuple[str, str], str | None]:
    """--map FIELD=HEADER (every sheet that has HEADER) or SHEET:FIELD=HEADER (that sheet alone); HEADER empty:
    the field is not read."""
    key, equals, header = text.partition("=")
    sheet, colon, name = key.rpartition(":")
    if not equals or not name.strip() or (colon and not sheet.strip()):
        raise ValidationError("validation.invalid", field="--map", value=text)
    return ((sheet.strip(), name.strip()) if colon else name.strip()), (header.strip() or None)


@command("import", needs=lambda a: "path" if a.template else "db", outputs=("template", "problems"),
         inputs=("file",))
def cmd_import(args: argparse.Namespace, target: Database | Path) -> int:
    """Exit 2 and nothing written when any row is flagged, unless --accept-problems (then the clean rows)."""
    from binhdan_desktop.cli import import_report as report
    from binhdan_desktop.services import imports
    from binhdan_desktop.services.import_match import EveryLikely

    if args.template:  # a path only: a template needs no database at all
        print(f"Đã ghi tệp mẫu {imports.write_template(Path(args.template))} / template written")
        return 0
    assert isinstance(target, Database)
    if not args.file:
        raise ValidationError("validation.required", field="cli.import_file")
    columns = dict(_column_map(m) for m in args.map)
    decided = args.accept_matches or args.reject_matches  # else a likely match leaves its household out
    decisions = EveryLikely(args.accept_matches) if decided else None
    r = imports.import_file(target, Path(args.file), sheet=args.sheet, village=args.village, dry_run=args.dry_run,
                            columns=columns, all_or_nothing=not args.accept_problems,
                            accept_villages=args.accept_villages, decisions=decisions, dates=args.dates)
    report.print_import(r, args.accept_villages)
    if args.dry_run:
        report.print_villages(r)
    report.print_updates(r, report.FIRST_PROBLEMS if args.dry_run else None)
    report.print_likely(r, "accept" if args.accept_matches else "reject" if args.reject_matches else None)
    if args.problems:
        print(f"Đã ghi danh sách lỗi / problems written: {imports.write_problems(r, Path(args.problems))}")
    limit = report.FIRST_PROBLEMS if args.dry_run else None
    if r.problems and not args.accept_problems:
        if r.rows_left_out:
            where_vi, where_en = f"ở {r.rows_left_out} dòng", f"on {report.plural(r.rows_left_out, 'row')}"
        else:  # only problems of a whole sheet (columns cut, dates in both orders): no row is theirs
            where_vi, where_en = "của cả trang tính", "with a whole sheet"
        print(f"Lỗi: {len(r.problems)} vấn đề {where_vi}; không ghi gì. Sửa tệp, hoặc thêm "
              f"--accept-problems để chỉ nhập các dòng không lỗi / Error: {report.plural(len(r.problems), 'problem')} "
              f"{where_en}; nothing written. Fix the file, or add --accept-problems "
              "to import the clean rows only", file=sys.stderr)
        report.print_problems(r, limit)
        return 2
    report.print_problems(r, limit)
    if r.rows_left_out:
        print(f"Bỏ ra {r.rows_left_out} dòng có vấn đề (không nhập) / {r.rows_left_out} rows left out")
    if r.backup:
        print(f"Bản sao lưu trước khi nhập / backup: {r.backup}")
    return 0
