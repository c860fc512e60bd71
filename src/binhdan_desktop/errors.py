"""User-facing errors: a stable code plus parameters; the words live in one catalogue (vi, en)."""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {
    "db.network_path": (
        "Cơ sở dữ liệu phải nằm trên ổ đĩa của máy này, không đặt trên ổ mạng: {path}",
        "The database must be on this computer's own disk, not on a network share: {path}",
    ),
    "db.too_new": (
        "Tệp dữ liệu {path} được tạo bởi phiên bản mới hơn của Bình Dân Desktop (phiên bản dữ liệu {revision}). "
        "Hãy cập nhật phần mềm; tệp không bị thay đổi.",
        "The data file {path} was made by a newer Bình Dân Desktop (schema {revision}). "
        "Please update the software; the file was not changed.",
    ),
    "db.not_ours": (
        "Tệp {path} không phải là cơ sở dữ liệu của Bình Dân Desktop.",
        "The file {path} is not a Bình Dân Desktop database.",
    ),
    "db.cannot_open": (
        "Không mở được cơ sở dữ liệu {path}: {reason}",
        "Cannot open the database {path}: {reason}",
    ),
    "db.blank_path": (
        "Đường dẫn cơ sở dữ liệu ({name}) đang để trống; hãy ghi tên tệp, vd. --db xa.sqlite3, hoặc bỏ hẳn {name}.",
        "The database path ({name}) is blank; give a file name, e.g. --db commune.sqlite3, or leave {name} out.",
    ),
    "db.missing": (
        "Không có cơ sở dữ liệu ở {path} — tạo bằng `binhdan setup` hoặc `binhdan demo`, hoặc kiểm tra lại --db.",
        "There is no database at {path} — create one with `binhdan setup` or `binhdan demo`, or check --db.",
    ),
    "db.not_a_file": (
        "{path} không phải là tệp thường (mà là thư mục, thiết bị hoặc ống dẫn); hãy chọn một tệp .sqlite3 cho --db.",
        "{path} is not a regular file (a folder, a device or a pipe); give --db a .sqlite3 file.",
    ),
    "setup.exists": (
        "Cơ sở dữ liệu {path} đã có xã {value}; muốn thiết lập xã mới thì dùng một tệp khác (--db TỆP_MỚI).",
        "The database {path} already holds the commune {value}; to set up a new one, use another file (--db NEW_FILE).",
    ),
    "output.is_database": (
        "Không ghi lên {path}: đó là cơ sở dữ liệu đang dùng ({db}) hoặc tệp đi kèm nó; hãy chọn tên tệp khác.",
        "Not writing {path}: it is the live database ({db}) or one of its files; choose another file name.",
    ),
    "output.in_backups": (
        "Không ghi vào {folder}: thư mục này chỉ dành cho các bản sao lưu tự động; hãy chọn thư mục khác.",
        "Not writing into {folder}: it holds the automatic backups only; choose another folder.",
    ),
    "output.not_a_file": (
        "Không ghi lên {path}: đó không phải là tệp thường (thư mục, thiết bị hoặc ống dẫn); hãy chọn tên tệp khác.",
        "Not writing {path}: it is not a regular file (a folder, a device or a pipe); choose another file name.",
    ),
    "output.not_a_folder": (
        "{path} không phải là thư mục; hãy chọn một thư mục (mới hoặc có sẵn) cho --out.",
        "{path} is not a folder; give --out a folder (new or existing).",
    ),
    "output.folder_not_empty": (
        "Thư mục {path} đã có tệp; thêm --force để ghi vào đó (các tệp trùng tên bị thay), hoặc chọn thư mục trống.",
        "The folder {path} already holds files; add --force to write there (files of the same name are replaced), "
        "or choose an empty folder.",
    ),
    "output.key_file": (
        "Không ghi đè {path}: đó là tệp khoá của tổ. Hãy chọn tên khác, hoặc tự chuyển tệp khoá đi nơi khác trước.",
        "Not overwriting {path}: it is a team key file. Choose another name, or move the key file away first.",
    ),
    "output.exists": (
        "Tệp {path} đã có; thêm --force để ghi đè, hoặc chọn tên khác.",
        "The file {path} already exists; add --force to replace it, or choose another name.",
    ),
    "output.no_folder": (
        "Không có thư mục {folder}; hãy tạo thư mục trước hoặc chọn nơi khác.",
        "There is no folder {folder}; create it first or choose another place.",
    ),
    "output.stdout_full": (
        "Không ghi được ra màn hình/tệp đầu ra: ổ đĩa đầy",
        "Cannot write the output: disk full",
    ),
    "output.stdout_failed": (
        "Không ghi được ra màn hình/tệp đầu ra: {reason}",
        "Cannot write the output: {reason}",
    ),
    "io.no_space": (
        "Ổ đĩa đầy, không ghi được {path}; hãy giải phóng chỗ trống rồi thử lại. Dữ liệu đã lưu không bị thay đổi.",
        "The disk is full, cannot write {path}; free some space and try again. Stored data was not changed.",
    ),
    "io.permission": (
        "Không có quyền truy cập {path}; hãy chọn thư mục khác hoặc kiểm tra quyền của tệp.",
        "No permission to access {path}; choose another folder or check the file's permissions.",
    ),
    "io.read_only": (
        "Không ghi được {path}: ổ đĩa hoặc tệp chỉ cho đọc; hãy chọn nơi khác.",
        "Cannot write {path}: the disk or the file is read-only; choose another place.",
    ),
    "io.not_found": (
        "Không tìm thấy {path}; hãy kiểm tra lại đường dẫn.",
        "{path} was not found; check the path.",
    ),
    "io.error": (
        "Lỗi đọc/ghi {path}: {reason}. Hãy kiểm tra ổ đĩa rồi thử lại.",
        "Cannot read or write {path}: {reason}. Check the disk and try again.",
    ),
    "cli.bad_argument": (
        "Lệnh chưa đúng: {reason}. Xem `{help}`.",
        "The command is not right: {reason}. See `{help}`.",
    ),
    "cli.missing": (
        "Lệnh chưa đủ: còn thiếu {names_vi}. Xem `{help}`.",
        "The command is incomplete: {names_en} missing. See `{help}`.",
    ),
    "cli.unknown": (
        "Lệnh này không có {value}; hãy bỏ đi hoặc sửa lại. Xem `{help}`.",
        "This command has no {value}; remove or correct it. See `{help}`.",
    ),
    "cli.invalid_choice": (
        "{option_vi} không có lựa chọn “{value}”; hãy chọn một trong: {choices}. Xem `{help}`.",
        "{option_en} has no choice “{value}”; choose one of: {choices}. See `{help}`.",
    ),
    "cli.needs_value": (
        "{option} cần một giá trị ngay sau nó. Xem `{help}`.",
        "{option} needs a value right after it. See `{help}`.",
    ),
    "cli.no_value": (
        "{option} không nhận giá trị (đang ghi: {value}). Xem `{help}`.",
        "{option} takes no value (got: {value}). See `{help}`.",
    ),
    "cli.ambiguous": (
        "{option} chưa rõ, có thể là {matches}; hãy ghi đủ tên. Xem `{help}`.",
        "{option} is ambiguous, it could be {matches}; write it in full. See `{help}`.",
    ),
    "cli.not_together": (
        "{option} không dùng cùng {other} được; hãy chọn một trong hai. Xem `{help}`.",
        "{option} cannot be used with {other}; choose one of them. See `{help}`.",
    ),
    "cli.not_utf8": (
        "Đối số {value} có ký tự không đọc được (không phải UTF-8); hãy gõ lại, hoặc đổi tên tệp/thư mục đó.",
        "The argument {value} has unreadable characters (not UTF-8); type it again, or rename that file or folder.",
    ),
    "cli.integer": (
        "{field} phải là một số nguyên (đang ghi: {value}).",
        "{field} must be a whole number (got: {value}).",
    ),
    "input.is_folder": (
        "{path} là một thư mục; hãy chọn một tệp.",
        "{path} is a folder; choose a file.",
    ),
    "input.not_a_file": (
        "{path} không phải là tệp thường (thiết bị hoặc ống dẫn); hãy chọn một tệp.",
        "{path} is not a regular file (a device or a pipe); choose a file.",
    ),
    "input.unreadable": (
        "Không có quyền đọc {path}; hãy kiểm tra quyền của tệp hoặc chép tệp sang chỗ khác.",
        "No permission to read {path}; check the file's permissions or copy it elsewhere.",
    ),
    "setup.duplicate_village": (
        "Thôn/tổ “{value}” được ghi hai lần (chữ hoa, dấu và khoảng trắng không tính); mỗi thôn chỉ ghi một lần.",
        "The village “{value}” is given twice (case, accents and spaces aside); give each village once.",
    ),
    "sync.no_place": (
        "Chưa có nơi đồng bộ: thêm --target THƯ_MỤC_HOẶC_URL, hoặc đặt trong Cài đặt → Đồng bộ.",
        "No sync place yet: add --target FOLDER_OR_URL, or set it in Settings → Sync.",
    ),
    "sync.bad_target": (
        "Nơi đồng bộ {target} không dùng được: chỉ nhận một thư mục hoặc địa chỉ WebDAV http:// hay https://.",
        "The sync place {target} cannot be used: give a folder or a WebDAV address (http:// or https://).",
    ),
    "not_found.device": (
        "Không có máy nào trong tổ khớp với “{value}” (hoặc có nhiều máy khớp); hãy ghi mã máy hoặc tên máy "
        "như trong `binhdan sync status` của máy đó.",
        "No device of the team matches “{value}” (or several do); give the device id or name as "
        "`binhdan sync status` shows it on that computer.",
    ),
    "import.no_rows": (
        "Tệp {path} không có dòng dữ liệu nào để nhập; chưa ghi gì.",
        "The file {path} has no data rows to import; nothing was written.",
    ),
    "validation.date": (
        "Ngày {value} không hợp lệ; hãy ghi theo dạng ngày/tháng/năm, vd. 05/03/2026.",
        "The date {value} is not valid; write it as day/month/year, e.g. 05/03/2026.",
    ),
    "validation.date_order": (
        "Ngày bắt đầu {start} sau ngày kết thúc {end}; hãy sửa lại khoảng ngày.",
        "The start date {start} is after the end date {end}; correct the dates.",
    ),
    "validation.year_range": (
        "Năm {value} không hợp lệ; hãy ghi năm của kế hoạch, vd. --year 2026.",
        "The year {value} is not valid; give a year of the plan, e.g. --year 2026.",
    ),
    "validation.period": (
        "Kỳ báo cáo {value} không hợp lệ; hãy ghi năm (2026), 6 tháng (2026-H1, 2026-H2), quý (2026-Q1 … 2026-Q4) "
        "hoặc tháng (2026-01 … 2026-12).",
        "The period {value} is not valid; write a year (2026), a half (2026-H1, 2026-H2), a quarter "
        "(2026-Q1 … 2026-Q4) or a month (2026-01 … 2026-12).",
    ),
    "period.future": (
        "Kỳ báo cáo {value} bắt đầu ngày {start}, sau hôm nay: chưa có số liệu của kỳ này.",
        "The period {value} starts on {start}, after today: there are no figures for it yet.",
    ),
    "validation.breakdown": (
        "Không chia theo {value} được; hãy chọn gender (giới tính), age (nhóm tuổi) hoặc poverty (hộ nghèo).",
        "Cannot break down by {value}; choose gender, age or poverty.",
    ),
    "validation.count": (
        "{field} phải là số nguyên từ {low} đến {high} (đang ghi: {value}).",
        "{field} must be a whole number from {low} to {high} (got: {value}).",
    ),
    "db.busy": (
        "Cơ sở dữ liệu {path} đang bận: một chương trình khác (ví dụ lệnh 'binhdan sync' trong cửa sổ dòng lệnh) "
        "đang ghi vào đó. Chưa có gì bị thay đổi; hãy đợi chương trình đó xong rồi thử lại.",
        "The database {path} is busy: another program (for example 'binhdan sync' in a terminal) is writing to it. "
        "Nothing was changed; wait for that program to finish, then try again.",
    ),
    "restore.same_file": (
        "{path} chính là cơ sở dữ liệu đang dùng, không phải bản sao lưu; hãy chọn một tệp trong thư mục backups/.",
        "{path} is the database in use, not a backup; choose a file in the backups/ folder.",
    ),
    "restore.no_file": (
        "Không có tệp {path}; hãy kiểm tra lại tên tệp sao lưu (các bản tự động nằm trong thư mục backups/).",
        "There is no file {path}; check the backup's name (the automatic ones are in the backups/ folder).",
    ),
    "restore.not_a_file": (
        "{path} không phải là một tệp (mà là thư mục, thiết bị hoặc ống dẫn); hãy chọn một tệp sao lưu .sqlite3.",
        "{path} is not a file (a folder, a device or a pipe); choose a .sqlite3 backup file.",
    ),
    "restore.empty": (
        "Tệp {path} trống (0 byte), không phải là bản sao lưu; hãy chọn bản khác.",
        "The file {path} is empty (0 bytes), not a backup; choose another one.",
    ),
    "backup.damaged": (
        "Bản sao lưu {path} bị hỏng hoặc không trọn vẹn (có thể chép chưa xong); hãy chọn bản khác. "
        "Dữ liệu hiện tại không bị thay đổi.",
        "The backup {path} is damaged or incomplete (perhaps a copy that did not finish); choose another one. "
        "The current data was not changed.",
    ),
    "validation.required": ("Thiếu {field}.", "{field} is required."),
    "validation.invalid": ("{field} không hợp lệ: {value}", "{field} is not valid: {value}"),
    "validation.cccd": (
        "Số CCCD phải gồm đúng 12 chữ số, CMND cũ 9 chữ số (đang nhập: {value}).",
        "A CCCD number has exactly 12 digits, an old CMND 9 (got: {value}).",
    ),
    "validation.phone": (
        "Số điện thoại phải có 10 chữ số, bắt đầu bằng 0 (đang nhập: {value}).",
        "A phone number has 10 digits starting with 0 (got: {value}).",
    ),
    "validation.birth": (
        "Năm sinh {value} không hợp lệ (phải từ 1900 đến năm nay).",
        "Birth year {value} is not valid (1900 to this year).",
    ),
    "validation.too_long": ("{field} dài quá {max} ký tự; hãy rút ngắn rồi lưu lại.",
                            "{field} is longer than {max} characters; shorten it and save again."),
    "validation.too_many": ("{field} có quá {max} dòng; hãy bớt rồi lưu lại.",
                            "{field} has more than {max} lines; remove some and save again."),
    "validation.future_date": ("{field} không được sau hôm nay: {value}", "{field} cannot be after today: {value}"),
    "validation.since_before_birth": (
        "Thay đổi từ ngày {value} là trước khi {name} sinh ({born}); hãy sửa ngày, chưa lưu gì.",
        "The changed-since date {value} is before {name} was born ({born}); correct the date, nothing was saved.",
    ),
    "validation.vneid": ("Mức định danh VNeID chỉ có 0, 1 hoặc 2.", "VNeID level is 0, 1 or 2."),
    "validation.duplicate_code": (
        "Mã hộ {value} đã có trong xã.",
        "Household code {value} is already used in this commune.",
    ),
    "validation.duplicate_lesson": ("Mã bài học {value} đã có.", "Lesson code {value} already exists."),
    "validation.duplicate_cccd": (
        "Số CCCD {value} đã được ghi cho người khác.",
        "CCCD number {value} is already recorded for someone else.",
    ),
    "validation.target": (
        "Mục tiêu phải là số phần trăm từ 0 đến 100, ví dụ 85 hoặc 72,5 (đang nhập: {value}).",
        "A target is a percentage from 0 to 100, e.g. 85 or 72.5 (got: {value}).",
    ),
    "validation.lesson_code": (
        "Không có bài học mã {value}; hãy dùng mã ở màn hình Bài học, ví dụ KN-01.",
        "There is no lesson {value}; use a code from the Lessons screen, e.g. KN-01.",
    ),
    "validation.rows": (
        "Chưa lưu gì. Hãy sửa các dòng sau rồi lưu lại:",
        "Nothing was saved. Correct these rows and save again:",
    ),
    "validation.row": ("Dòng {row} ({label}): {problem}", "Row {row} ({label}): {problem}"),
    "validation.year": ("Năm {value} không có trong kế hoạch (có: {known}).",
                        "Year {value} is not in the plan ({known})."),
    "not_found.village": ("Không tìm thấy thôn/tổ dân phố: {value}", "Village not found: {value}"),
    "not_found.household": ("Không tìm thấy hộ: {value}", "Household not found: {value}"),
    "not_found.person": ("Không tìm thấy người: {value}", "Person not found: {value}"),
    "not_found.lesson": ("Không tìm thấy bài học: {value}", "Lesson not found: {value}"),
    "lesson.used_by_rules": (
        "Bài {value} được dùng trong chỉ tiêu: {rules}. Xoá bài thì các chỉ tiêu này không còn tính bài đó; "
        "hãy xác nhận nếu vẫn muốn xoá.",
        "Lesson {value} is used by the indicators: {rules}. Deleting it takes it out of their rules; "
        "confirm to delete it anyway.",
    ),
    "lesson.rule_names": ("{vi}", "{en}"),
    "not_found.member": ("Không tìm thấy thành viên tổ: {value}", "Team member not found: {value}"),
    "not_found.event": ("Không tìm thấy lớp học/sự kiện: {value}", "Class or event not found: {value}"),
    "not_found.record": ("Không tìm thấy bản ghi: {value}", "Record not found: {value}"),
    "commune.missing": (
        "Chưa có thông tin xã. Hãy chạy thiết lập ban đầu hoặc 'binhdan demo'.",
        "No commune is set up yet. Run the first-run setup or 'binhdan demo'.",
    ),
    "commune.exists": (
        "Cơ sở dữ liệu đã có dữ liệu xã {value}; dùng một tệp khác (--db) để tạo xã mẫu.",
        "The database already holds the commune {value}; use another file (--db) for the demo.",
    ),
    "report.locked": (
        "Không ghi được {path}: tệp đang mở trong chương trình khác. Hãy đóng tệp rồi thử lại.",
        "Cannot write {path}: the file is open in another program. Close it and try again.",
    ),
    "report.cannot_write": ("Không ghi được {path}: {reason}", "Cannot write {path}: {reason}"),
    "report.format": ("Định dạng {value} không hỗ trợ (xlsx, pdf hoặc docx).",
                      "Format {value} is not supported (xlsx, pdf or docx)."),
    "template.bad_file": ("Không dùng được mẫu {path}: {reason}", "Cannot use the template {path}: {reason}"),
    "template.unknown": (
        "Ô {cell} của mẫu có chỗ điền không hiểu: {name} (xem docs/report-templates.md); chưa ghi gì.",
        "Cell {cell} of the template has an unknown placeholder: {name} (see docs/report-templates.md); "
        "nothing was written.",
    ),
    "template.too_many_cells": ("Mẫu có quá {n:,} ô.", "The template has more than {n:,} cells."),
    "template.out_format": ("Tệp kết quả {name} phải có đuôi .xlsx.", "The output file {name} must end in .xlsx."),
    "template.needs_kind": (
        "Điền mẫu cần cả hai: `binhdan report template --template MẪU.xlsx --out KẾT_QUẢ.xlsx`.",
        "Filling a template needs both: `binhdan report template --template FORM.xlsx --out OUT.xlsx`.",
    ),
    "template.period_and_as_of": (
        "Chỉ chọn một trong --period và --as-of.", "Give either --period or --as-of, not both."),
    "report.format_mismatch": (
        "Tên tệp {name} có đuôi của định dạng khác, không phải {fmt}; hãy đặt tên tệp có đuôi .{fmt} "
        "(hoặc bỏ --format để theo đuôi tệp).",
        "The file name {name} has the other format's extension, not {fmt}; give the file the .{fmt} extension "
        "(or leave --format out to follow the file's extension).",
    ),
    "report.as_of_future": (
        "Ngày tính số liệu {value} là ngày sau hôm nay ({today}): báo cáo chỉ tính đến hôm nay hoặc một ngày đã qua.",
        "The as-of date {value} is after today ({today}): a report counts up to today or a day gone by.",
    ),
    "report.as_of_before_plan": (
        "Ngày tính số liệu {value} là trước ngày bắt đầu kế hoạch ({start}): hãy chọn một ngày từ {start} trở đi.",
        "The as-of date {value} is before the plan's start ({start}): choose a day from {start} on.",
    ),
    "report.range_future": (
        "Khoảng ngày bắt đầu ngày {start}, sau hôm nay ({today}): chưa có số liệu nào trong khoảng này; hãy chọn "
        "ngày bắt đầu từ hôm nay trở về trước.",
        "The dates start on {start}, after today ({today}): nothing can be in them yet; choose a start of today or "
        "before.",
    ),
    "report.range_before_plan": (
        "Khoảng ngày kết thúc ngày {end}, trước ngày bắt đầu kế hoạch ({start}): không có số liệu của kế hoạch; hãy "
        "chọn ngày từ {start} trở đi.",
        "The dates end on {end}, before the plan's start ({start}): the plan has no figures then; choose days from "
        "{start} on.",
    ),
    "report.as_of_kind": (
        "Báo cáo {kind} không tính theo ngày (--as-of dùng cho results, checklist, visits, learners, period và "
        "events).",
        "The {kind} report is not counted as of a date (--as-of is for results, checklist, visits, learners, "
        "period and events).",
    ),
    "report.as_of_period": (
        "Ngày tính số liệu {value} không thuộc kỳ {period} (từ {start} đến {end}): hãy chọn một ngày trong kỳ báo cáo.",
        "The as-of date {value} is not in the period {period} ({start} to {end}): choose a day within the period.",
    ),
    "report.not_office": (
        "Chỉ máy văn phòng xã (máy đã tạo tổ đồng bộ) mới phát hành và cấp số báo cáo; máy này chỉ xuất bản nháp.",
        "Only the commune office's computer (the one that created the sync team) issues and numbers reports; "
        "this computer exports drafts only.",
    ),
    "report.not_issuable": (
        "Báo cáo “{kind}” là danh sách người dân, không phát hành vào sổ báo cáo; hãy xuất bản nháp.",
        "The “{kind}” report lists residents and is not issued into the register; export it as a draft.",
    ),
    "report.not_issued": (
        "Không có báo cáo số {value} trong sổ báo cáo đã phát hành.",
        "There is no report {value} in the register of issued reports.",
    ),
    "report.exists": (
        "Tệp {path} đã có (vừa được tạo?); chưa ghi gì. Hãy xuất lại và chọn có ghi đè hay không.",
        "The file {path} already exists (just created?); nothing was written. Export again and choose whether "
        "to replace it.",
    ),
    "sync.bad_team_key": (
        "Tệp mời (khoá của tổ) không hợp lệ: {path}",
        "The team invitation (key file) is not valid: {path}",
    ),
    "sync.bad_device_keys": (
        "Tệp khoá của máy này không đọc được: {path}. Chưa ghi gì; hãy lấy lại tệp từ bản sao lưu thư mục dữ liệu, "
        "hoặc đổi tên tệp đó (để giữ lại): máy nhận mã máy mới, dữ liệu giữ nguyên, rồi tham gia tổ lại.",
        "This computer's key file cannot be read: {path}. Nothing was written; restore the file from a copy of the "
        "data folder, or rename it (to keep it): this computer takes a new device id, the data is kept, then join "
        "the team again.",
    ),
    "sync.team_exists": (
        "Máy này đã có tổ của xã {commune}; chưa làm gì. Tạo tổ mới (--new-team) tách mọi máy đang trong tổ: "
        "chúng không nhận dữ liệu của máy này nữa cho đến khi tham gia lại bằng tệp mời mới và được duyệt.",
        "This computer already has the team of {commune}; nothing was done. A new team (--new-team) splits off "
        "every device of the current team: they take nothing more from this computer until they join again "
        "with the new invitation and are approved.",
    ),
    "identity.renewed": (
        "Cơ sở dữ liệu này được sao chép từ máy hoặc thư mục khác: máy này nhận mã máy và khoá mới, dữ liệu giữ "
        "nguyên; hãy tham gia tổ lại (tệp mời của văn phòng xã; văn phòng duyệt lại máy này) trước khi đồng bộ.",
        "This database was copied from another computer or folder: this computer takes a new device id and new "
        "keys, the data is kept; join the team again (the office's invitation; the office approves it again) before "
        "syncing.",
    ),
    "sync.no_team": (
        "Máy này chưa tham gia tổ. Hãy nhận tệp mời từ văn phòng xã rồi chạy 'binhdan team join'.",
        "This computer has not joined the team yet. Get the invitation from the commune office "
        "and run 'binhdan team join'.",
    ),
    "sync.target_unreachable": (
        "Không truy cập được nơi đồng bộ {target}: {reason}",
        "Cannot reach the sync place {target}: {reason}",
    ),
    "sync.place_full": (
        "Nơi đồng bộ {target} đã đầy (USB hết chỗ?); chưa ghi gì ở đó. Hãy xoá bớt tệp không cần rồi đồng bộ lại.",
        "The sync place {target} is full (USB stick out of space?); nothing was left there. Free some room and "
        "sync again.",
    ),
    "sync.place_full_partly": (
        "Nơi đồng bộ {target} đầy: đã ghi {n} tệp, chỗ đồng bộ đầy trước khi ghi {left} tệp còn lại (các tệp đã ghi "
        "vẫn dùng được, không để lại tệp dở). Hãy xoá bớt tệp không cần rồi đồng bộ lại để gửi tiếp.",
        "The sync place {target} is full: {n:file was|files were} written before it filled, {left:file is|files are} "
        "left (those written are whole and usable; no partial file was left). Free some room and sync again to "
        "send the rest.",
    ),
    "sync.no_password": (
        "Chưa có mật khẩu WebDAV của {user} cho {target}. Hãy nhập mật khẩu ở Cài đặt → Đồng bộ, chạy lệnh "
        "trong cửa sổ dòng lệnh để được hỏi, hoặc đặt biến môi trường BINHDAN_WEBDAV_PASSWORD.",
        "No WebDAV password for {user} at {target}. Type it in Settings → Đồng bộ, run the command in a terminal "
        "to be asked for it, or set the BINHDAN_WEBDAV_PASSWORD environment variable.",
    ),
    "sync.no_answer": (
        "Nơi đồng bộ {target} không trả lời. Hãy kiểm tra mạng (hoặc USB, thư mục chia sẻ) rồi đồng bộ lại; "
        "dữ liệu trên máy này không bị ảnh hưởng.",
        "The sync place {target} does not answer. Check the network (or the USB stick, the shared folder) and "
        "sync again; the data on this computer is not affected.",
    ),
    "sync.no_connection": (
        "Không kết nối được nơi đồng bộ {target}. Hãy kiểm tra mạng và địa chỉ rồi đồng bộ lại; dữ liệu trên máy "
        "này không bị ảnh hưởng.",
        "Cannot connect to the sync place {target}. Check the network and the address and sync again; the data "
        "on this computer is not affected.",
    ),
    "sync.wrong_password": (
        "Nơi đồng bộ {target} không nhận tài khoản {user} hoặc mật khẩu của nó. Hãy nhập lại mật khẩu ở Cài đặt → "
        "Đồng bộ rồi đồng bộ lại.",
        "The sync place {target} does not accept the user {user} or its password. Type the password again in "
        "Settings → Sync and sync again.",
    ),
    "sync.join_rejected": (
        "Văn phòng xã đã từ chối yêu cầu tham gia tổ của máy này; máy không đồng bộ được. Hãy hỏi văn phòng xã; "
        "dữ liệu trên máy này vẫn giữ nguyên.",
        "The commune office turned down this computer's request to join the team; it cannot sync. Ask the "
        "office; the data on this computer is kept.",
    ),
    "sync.not_office": (
        "Chỉ máy văn phòng xã (máy đã tạo tổ) mới duyệt, từ chối hay thu hồi máy của tổ.",
        "Only the commune office's computer (the one that created the team) approves, rejects or revokes devices.",
    ),
    "sync.wrong_code": (
        "Mã {given} không khớp với mã của máy {device}; chưa duyệt. Hãy đọc lại mã hiện trên máy đó.",
        "The code {given} does not match the code of {device}; not approved. Read the code that computer shows "
        "again.",
    ),
    "sync.wrong_office_code": (
        "Mã văn phòng {given} không khớp với tệp mời (mã của tệp: {expected}); chưa tham gia. Tệp mời có thể không "
        "phải của văn phòng xã: hãy xin lại tệp.",
        "The office code {given} does not match the invitation (its code: {expected}); not joined. The invitation "
        "may not come from the commune office: ask for it again.",
    ),
    "sync.membership_broken": (
        "Sổ thành viên của tổ bị hỏng ở {name}; chưa ghi gì. Hãy đồng bộ lại với nơi đồng bộ để lấy bản đúng.",
        "The team's membership log is damaged at {name}; nothing was written. Sync again with the sync place to "
        "get the right copy.",
    ),
    "not_found.request": (
        "Không có yêu cầu tham gia nào đang chờ của máy “{value}”. Xem danh sách: binhdan team requests.",
        "No waiting join request from “{value}”. See the list: binhdan team requests.",
    ),
    "sync.bad_recovery": (
        "Bản khôi phục khoá văn phòng không hợp lệ (gõ sai mã, hoặc tệp của tổ khác); chưa làm gì.",
        "The office key's recovery copy is not valid (a mistyped code, or another team's file); nothing was done.",
    ),
    "sync.wrong_passphrase": (
        "Sai cụm mật khẩu của tệp khôi phục; chưa làm gì.",
        "Wrong passphrase for the recovery file; nothing was done.",
    ),
    "sync.short_passphrase": (
        "Cụm mật khẩu của tệp khôi phục phải có ít nhất {n} ký tự; chưa ghi tệp.",
        "The recovery file's passphrase must have at least {n} characters; the file was not written.",
    ),
    "sync.recovery_not_current": (
        "Bản khôi phục này là của khoá văn phòng cũ (đã có máy văn phòng khác thay); chưa làm gì. Hãy dùng bản "
        "khôi phục mới nhất.",
        "This recovery copy is of a former office key (another office computer took over since); nothing was "
        "done. Use the newest recovery copy.",
    ),
    "sync.revoked": (
        "Máy này đã bị thu hồi quyền đồng bộ; hãy liên hệ văn phòng xã.",
        "This computer's sync access was revoked; contact the commune office.",
    ),
    "sync.ambiguous_device": (
        "“{value}” khớp với {n} máy; chưa làm gì. Hãy ghi phần đầu mã máy của máy cần chọn: {devices}.",
        "“{value}” matches {n} devices; nothing was done. Give the start of the device id of the one you mean: "
        "{devices}.",
    ),
    "sync.device_list": ("{vi}", "{en}"),
    "sync.duplicate_name": (
        "Trong tổ đã có máy tên “{name}”: {devices}; chưa duyệt. Hãy duyệt với tên khác: binhdan team approve "
        "{device} --code MÃ --name \"TÊN KHÁC\" (hoặc thu hồi máy kia nếu đó là máy cũ).",
        "A device of the team is already named “{name}”: {devices}; not approved. Approve it under another name: "
        "binhdan team approve {device} --code CODE --name \"OTHER NAME\" (or revoke the other one if it is gone).",
    ),
    "sync.not_enrolled_device": (
        "Máy {device} chưa ở trong tổ nên không thu hồi được; yêu cầu đang chờ thì dùng binhdan team reject.",
        "The device {device_en} is not in the team, so it cannot be revoked; turn a waiting request away with "
        "binhdan team reject.",
    ),
    "sync.code_needed": (
        "Hãy so mã máy trước khi duyệt: binhdan team approve {device} --code MÃ (6 số hiện trên máy đó, xem "
        "binhdan team requests); chưa duyệt. Chỉ khi đã chắc máy đó là của tổ mới dùng --yes-without-code.",
        "Compare the device code before approving: binhdan team approve {device} --code CODE (the 6 digits that "
        "computer shows, see binhdan team requests); not approved. Use --yes-without-code only when sure the "
        "computer is the team's.",
    ),
    "import.bad_file": ("Không nhập được {path}: {reason}", "Cannot import {path}: {reason}"),
    "import.no_header": (
        "Không tìm thấy dòng tiêu đề có cột Họ và tên trong {path}.",
        "No header row with a full-name column was found in {path}.",
    ),
    "import.map_field": (
        "--map: không có trường “{value}”; các trường: {fields}",
        "--map: there is no field “{value}”; the fields: {fields}",
    ),
    "import.map_header": (
        "--map: {where} không có cột “{value}”; các cột: {headers}",
        "--map: {where_en} has no column “{value}”; the columns: {headers}",
    ),
    "import.map_sheet": (
        "--map: tệp không có trang tính “{value}”; các trang: {sheets}",
        "--map: the file has no sheet “{value}”; the sheets: {sheets}",
    ),
    "import.no_village": (
        "--village: xã không có thôn “{value}”; các thôn của xã: {villages}",
        "--village: the commune has no village “{value}”; its villages: {villages}",
    ),
    "import.no_sheet": ("{path} không có trang tính “{sheet}”.", "{path} has no sheet “{sheet}”."),
    # Why a file is refused (the {reason} of import.bad_file).
    "import.file.not_found": ("không tìm thấy tệp", "file not found"),
    "import.file.too_large": ("tệp quá lớn", "the file is too large"),
    "import.file.password": (
        "tệp có mật khẩu: hãy mở bằng Excel hoặc LibreOffice, lưu lại không đặt mật khẩu rồi nhập lại",
        "the file has a password: open it in Excel or LibreOffice, save it without a password, then import it again",
    ),
    "import.file.not_a_sheet": ("không phải bảng tính Excel, LibreOffice hay CSV", "not a spreadsheet"),
    "import.file.doctype": (
        "tệp chứa khai báo XML nguy hiểm (DOCTYPE)",
        "the file holds a dangerous XML declaration (DOCTYPE)",
    ),
    "import.file.zip_bomb": ("tệp nén bất thường (zip bomb)", "abnormal compression (zip bomb)"),
    "import.file.repeated": ("ô hoặc dòng lặp lại bất thường", "abnormally repeated cells or rows"),
    "import.file.too_many_rows": ("quá {n:,} dòng", "more than {n:,} rows"),
    "import.file.reader_missing": (
        "bản cài đặt này thiếu bộ đọc tệp {kind}; hãy cài lại phần mềm",
        "this installation lacks the {kind} reader; reinstall the software",
    ),
    "import.file.unreadable": (
        "tệp hỏng hoặc không đúng loại như tên của nó; hãy mở bằng Excel hoặc LibreOffice và lưu lại",
        "the file is broken or not what its name says; open it in Excel or LibreOffice and save it again",
    ),
    # Problems of an import's rows (importers, services.imports): shown in the preview, written by --problems.
    "import.control_chars": (
        "tên có ký tự điều khiển ({chars}); hãy gõ lại tên trong tệp (hoặc trong bảng «Đã tìm thấy» khi nhập)",
        "the name holds control characters ({chars}); type the name again in the file (or in the import's "
        "\"Đã tìm thấy\" table)",
    ),
    "import.stray_chars": (
        "tên có ký tự lạ {chars}: tên người không có ký tự này; hãy sửa tên trong tệp (hoặc trong bảng «Đã tìm "
        "thấy» khi nhập)",
        "the name has a stray character {chars} no name holds; correct the name in the file (or in the import's "
        "\"Đã tìm thấy\" table)",
    ),
    "import.dates_mixed": (
        "cột có cả ngày/tháng ({dmy} dòng) lẫn tháng/ngày ({mdy} dòng); hãy ghi rõ ngày sinh các dòng có ngày và tháng "
        "đều ≤ 12",
        "the column has day/month ({dmy:row|rows}) and month/day ({mdy:row|rows}) dates; rewrite the birth dates "
        "whose day and month are both ≤ 12",
    ),
    "import.dates_ambiguous": (
        "cột {column}: ngày như “{text}” đọc được cả ngày/tháng lẫn tháng/ngày và không ngày nào > 12 để biết; "
        "hãy chọn thứ tự (Ngày/tháng/năm hoặc Tháng/ngày/năm; dòng lệnh: --dates dmy hoặc --dates mdy)",
        "column {column}: dates such as “{text}” read both day/month and month/day, and no day above 12 tells which; "
        "choose the order (day/month/year or month/day/year; on the command line: --dates dmy or --dates mdy)",
    ),
    "import.dates_answered_dmy": (
        "cột {column}: đọc ngày/tháng/năm, như bạn chọn",
        "column {column}: read as day/month/year, as you chose",
    ),
    "import.dates_answered_mdy": (
        "cột {column}: đọc tháng/ngày/năm, như bạn chọn",
        "column {column}: read as month/day/year, as you chose",
    ),
    "import.dates_named_dmy": (
        "cột {column}: đọc ngày/tháng/năm, như tiêu đề cột ghi",
        "column {column}: read as day/month/year, as its header says",
    ),
    "import.dates_named_mdy": (
        "cột {column}: đọc tháng/ngày/năm, như tiêu đề cột ghi",
        "column {column}: read as month/day/year, as its header says",
    ),
    "import.dates_contrary": (
        "thứ tự {dates} trái với tệp: {where}ô {cell} “{value}” của cột {column} chỉ đọc được theo một cách, nên tệp "
        "quyết định thứ tự ngày của cột này; bỏ lựa chọn đó hoặc sửa tệp",
        "the order {dates} contradicts the file: {where_en}cell {cell} “{value}” of column {column} reads only one "
        "way, so the file decides this column's day/month order; leave that choice out or correct the file",
    ),
    "import.order.dmy": ("ngày/tháng/năm (--dates dmy)", "day/month/year (--dates dmy)"),
    "import.order.mdy": ("tháng/ngày/năm (--dates mdy)", "month/day/year (--dates mdy)"),
    "import.two_digit_year": (
        "năm sinh hai chữ số “{yy}” có thể là 19{yy} hoặc 20{yy}; hãy ghi đủ bốn chữ số",
        "the two-digit year “{yy}” may be 19{yy} or 20{yy}; write all four digits",
    ),
    "import.two_digit_year_none": (
        "năm sinh hai chữ số “{yy}”: cả 19{yy} lẫn 20{yy} đều không hợp lý (chủ hộ từ {min_age} tuổi, không ai quá "
        "{max_age} tuổi hay sinh sau hôm nay); hãy ghi đủ bốn chữ số",
        "the two-digit year “{yy}” fits neither 19{yy} nor 20{yy} (a head is at least {min_age}, nobody is older than "
        "{max_age} or born after today); write all four digits",
    ),
    "import.head_too_young": (
        "chủ hộ sinh “{text}” mới {age} tuổi (chủ hộ phải từ {min_age} tuổi); hãy kiểm tra năm sinh, ghi đủ bốn chữ số",
        "the head of household born “{text}” is only {age} (a head is at least {min_age}); check the birth year and "
        "write all four digits",
    ),
    "import.no_such_date": ("ngày sinh “{text}” không có thật; hãy sửa lại", "the birth date “{text}” does not exist"),
    "import.date_range": (
        "ngày sinh “{text}” ngoài khoảng 1900 – hôm nay",
        "the birth date “{text}” is outside 1900 – today",
    ),
    "import.year_range": (
        "năm sinh “{text}” ngoài khoảng 1900 – {year}",
        "the birth year “{text}” is outside 1900 – {year}",
    ),
    "import.bad_date": (
        "không hiểu ngày sinh “{text}”; hãy ghi ngày/tháng/năm (vd. 05/03/1961) hoặc năm",
        "cannot read the birth date “{text}”; write day/month/year (e.g. 05/03/1961) or the year",
    ),
    "import.ambiguous_date_open": (
        "ngày sinh “{text}” là ngày {a} tháng {b} hoặc ngày {b} tháng {a}, tuỳ thứ tự ngày chọn cho cột",
        "the birth date “{text}” is day {a} of month {b} or day {b} of month {a}, by the day/month order chosen for "
        "the column",
    ),
    "import.ambiguous_date": (
        "ngày sinh “{text}” có thể là ngày {a} tháng {b} hoặc ngày {b} tháng {a}; hãy sửa",
        "the birth date “{text}” may be day {a} of month {b} or day {b} of month {a}; correct it",
    ),
    "import.id_not_digits": (
        "số CCCD/CMND “{text}” có ký tự không phải số; hãy ghi đủ 12 số CCCD",
        "the ID number “{text}” has characters that are not digits; write the 12-digit CCCD",
    ),
    "import.id_length": (
        "số CCCD/CMND “{text}” có {n} số; CCCD có 12 số, CMND cũ có 9 số",
        "the ID number “{text}” has {n} digits; a CCCD has 12, an old CMND 9",
    ),
    "import.phone_not_digits": (
        "số điện thoại “{text}” có ký tự không phải số; hãy sửa",
        "the phone number “{text}” has characters that are not digits",
    ),
    "import.phone_length": (
        "số điện thoại “{text}” không phải số di động 10 số; hãy sửa",
        "the phone number “{text}” is not a 10-digit mobile number",
    ),
    "import.lost_chars": (
        "ô {column} “{text}” có ký tự không đọc được (“?” hoặc “\ufffd”: tệp đã lưu bằng bảng mã không có chữ này); "
        "hãy gõ lại trong tệp hoặc lưu tệp dạng Unicode",
        "the {column} cell “{text}” holds characters that could not be read (“?” or “\ufffd”: the file was saved in "
        "a code page without them); type it again in the file or save the file as Unicode",
    ),
    "import.household_bad_row": (
        "hộ có dòng lỗi ở dòng {rows}: cả hộ không được nhập",
        "household has a bad row at row {rows}: the whole household is left out",
    ),
    "import.too_long": (
        "ô {cell}: giá trị dài {n} ký tự, quá {max} ký tự cột này nhận được; hãy sửa tệp rồi nhập lại",
        "cell {cell}: the value is {n} characters long, over the {max} this column takes; correct the file and "
        "import again",
    ),
    "import.formula_error": (
        "ô {cell}: lỗi công thức {error}; hãy sửa công thức (hoặc gõ giá trị) trong tệp rồi nhập lại",
        "cell {cell}: formula error {error}; correct the formula (or type the value) in the file and import again",
    ),
    "import.formula_unsaved": (
        "ô có công thức “{formula}” mà tệp không lưu kết quả; hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi nhập "
        "lại",
        "the cell has the formula “{formula}” with no saved result; open the file in Excel or LibreOffice, save it "
        "and import again",
    ),
    "import.no_gender_column": ("Không có cột Giới tính: giới tính để trống", "No gender column: gender left blank"),
    "import.no_relation_column": (
        "Không có cột Quan hệ: người đứng đầu mỗi hộ là chủ hộ, quan hệ của những người khác để trống",
        "No relation column: each household's first person is its head, the others' relation left blank",
    ),
    "import.no_name": (
        "dòng có dữ liệu nhưng không có họ tên; hãy ghi họ tên hoặc xoá dòng",
        "the row has data but no name; write the name or delete the row",
    ),
    "import.bad_relation": (
        "không hiểu quan hệ “{text}”; hãy ghi Chủ hộ, Vợ, Chồng, Con, Cháu, Cha, Mẹ, Anh/Chị/Em, Con dâu/Con rể hoặc "
        "Khác",
        "cannot read the relation “{text}”; write Chủ hộ, Vợ, Chồng, Con, Cháu, Cha, Mẹ, Anh/Chị/Em, Con dâu/Con rể "
        "or Khác",
    ),
    "import.cccd_twice": (
        "số CCCD/CMND {cccd} có ở các dòng {rows}; hai người không thể cùng một số, hãy kiểm tra",
        "the ID number {cccd} is on rows {rows}; two people cannot share one number",
    ),
    "import.cccd_twice_sheet": (
        "số CCCD/CMND {cccd} có ở các dòng {places} (trang: dòng); hai người không thể cùng một số, hãy kiểm tra",
        "the ID number {cccd} is on rows {places} (sheet: row); two people cannot share one number",
    ),
    "import.birth_both": (
        "có năm sinh ở cả cột Nam và cột Nữ; hãy để một cột",
        "a birth year in both the Nam and the Nữ column; keep one",
    ),
    "import.gender_both": ("đánh dấu cả Nam và Nữ; hãy để một dấu", "both Nam and Nữ are marked; keep one"),
    "import.bad_gender": (
        "không hiểu giới tính “{text}”; hãy ghi Nam hoặc Nữ",
        "cannot read the gender “{text}”; write Nam or Nữ",
    ),
    "import.no_grouping": (
        "không biết ai cùng hộ với ai: trang không có cột Quan hệ với chủ hộ, Mã hộ hay Họ và tên chủ hộ, và "
        "STT/địa chỉ có ở mọi dòng; hãy thêm cột Quan hệ với chủ hộ hoặc Mã hộ",
        "cannot tell who lives with whom: the sheet has no relation, household code or head's name column, and "
        "STT/address fill every row; add a relation or household code column",
    ),
    "import.household_code": ("hộ {code}", "household {code}"),
    "import.household_of": ("hộ của {name}", "the household of {name}"),
    "import.no_head": (
        "{household} không có chủ hộ; hãy ghi “Chủ hộ” cho một người trong hộ",
        "{household} has no head; write “Chủ hộ” for one of its members",
    ),
    "import.two_heads": (
        "{household} có {n} chủ hộ (dòng {rows}); mỗi hộ chỉ một chủ hộ, hãy sửa",
        "{household} has {n} heads (rows {rows}); a household has one head",
    ),
    "import.unbalanced_quote": (
        "dấu ngoặc kép không đóng hoặc sai chỗ",
        "an unbalanced quote",
    ),
    "import.columns_cut": (
        "bỏ qua các ô sau cột thứ {n}",
        "cells beyond column {n} ignored",
    ),
    "import.village_unknown": (
        "thôn “{village}” không khớp thôn nào của xã ({people} người, {households} hộ); hãy chọn thôn đúng hoặc thêm "
        "thôn này vào xã rồi nhập lại",
        "the village “{village}” matches none of the commune's ({people:person|people}, "
        "{households:household|households}); choose the right one, or add it to the commune and import again",
    ),
    "import.village_none": (
        "không biết thôn của {people} người ({households} hộ): tệp không có cột Thôn và tên trang không phải tên "
        "thôn; hãy chọn thôn khi nhập hoặc thêm cột Thôn",
        "the village of {people:person|people} ({households:household|households}) is not known: no village "
        "column, and the sheet is not named after a village; choose the village when importing, or add a village "
        "column",
    ),
    "import.village_unconfirmed": (
        "thôn “{village}” được hiểu là “{match}” ({people} người, {households} hộ); hãy xác nhận (--accept-villages) "
        "hoặc sửa tệp",
        "the village “{village}” was read as “{match}” ({people:person|people}, "
        "{households:household|households}); confirm it (--accept-villages) or correct the file",
    ),
    "import.village_not_in_commune": (
        "không có thôn “{village}” trong xã",
        "no village “{village}” in the commune",
    ),
    "import.cccd_repeated": ("số CCCD lặp lại ở dòng {rows}", "the same CCCD is on row {rows}"),
    "import.cccd_belongs": (
        "số CCCD đã là của {name} (hộ {code})",
        "the CCCD belongs to {name} (household {code})",
    ),
    "import.cccd_other_person": (
        "CCCD {cccd} đã ghi cho {name} ({year}, hộ {code}); dòng này là {row_name} ({row_year}) — kiểm tra lại CCCD",
        "CCCD {cccd} is recorded for {name} ({year}, household {code}); this row is {row_name} ({row_year}) — check "
        "the CCCD",
    ),
    "import.choice_gone": ("lựa chọn không còn khớp người nào", "the chosen person no longer matches"),
    "import.same_names": ("hộ có nhiều người trùng tên này", "several members have this name"),
    "import.cccd_differs": ("đã ghi số CCCD khác ({cccd})", "a different CCCD is recorded ({cccd})"),
    "import.likely": (
        "có thể là người đã có: {names}; hãy chọn",
        "may be a recorded person: {names}; choose",
    ),
    "import.heads_after": (
        "nhập vào hộ {code} sẽ cho hộ này hai chủ hộ ({names}); hãy chọn lại hoặc sửa tệp",
        "importing into household {code} would give it two heads ({names}); choose again or correct the file",
    ),
    "import.likely_member": (
        "có thể là thành viên đã có: {names}, nếu chủ hộ {head} là người đã có; hãy chọn cùng với chủ hộ (chủ hộ "
        "là hộ mới thì người này cũng là người mới)",
        "may be a recorded member: {names}, if the head {head} is the recorded person; choose with the head (a head "
        "taken as a new household takes this person along as new)",
    ),
    "import.likely_several": (
        "{n} người đã có cùng gần với dòng này; hãy chọn trong cửa sổ nhập",
        "{n} recorded people are equally close to this row; choose in the import window",
    ),
    "import.scope.row": ("(cả dòng)", "(whole row)"),
    "import.scope.household": ("(cả hộ)", "(whole household)"),
    "import.scope.village": ("(cả thôn trong tệp)", "(the whole village in the file)"),
    "import.scope.sheet": ("(cả trang tính)", "(whole sheet)"),
    "import.household_left_out": (
        "cả hộ (dòng {first}–{last}) không được nhập",
        "the whole household (rows {first}–{last}) is left out",
    ),
    "household.has_people": (
        "Hộ vẫn còn {value} thành viên; hãy chuyển hoặc xoá thành viên trước.",
        "The household still has {value} members; move or delete them first.",
    ),
}


def render(code: str, lang: str, params: Mapping[str, Any]) -> str:
    """The message `code` in `lang` ("vi" or "en") with `params` filled in; a parameter that is itself a
    `(code, params)` pair is rendered in the same language first."""
    vi, en = MESSAGES.get(code, (code, code))
    template = en if lang == "en" else vi
    fields = {k: _field_label(v, lang) if k == "field" else _nested(v, lang) for k, v in params.items()}
    try:
        return _FORMATTER.format(template, **fields)
    except (KeyError, IndexError):
        return template


class _Counting(string.Formatter):
    """"{n:row|rows}" is "1 row", "2 rows": a count with its noun, singular for one (English only needs it)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.count("|") == 1:
            one, many = format_spec.split("|")
            return f"{value} {one if value == 1 else many}"
        return super().format_field(value, format_spec)


_FORMATTER = _Counting()


def fill(template: str, **params: Any) -> str:
    """`template.format(**params)`, with "{n:row|rows}" counting in the singular for one (a translated string's
    English says "1 row", "2 rows"; its Vietnamese source just "{n} dòng")."""
    return _FORMATTER.format(template, **params)


def _nested(value: Any, lang: str) -> Any:
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str) and value[0] in MESSAGES \
            and isinstance(value[1], dict):
        return render(value[0], lang, value[1])
    return value


class BinhdanError(Exception):
    """An error the user can act on. `code` selects the message; `params` fill it in."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "vi") -> str:
        return render(self.code, lang, self.params)

    def bilingual(self) -> str:
        return f"{self.message('vi')} / {self.message('en')}"


class ValidationError(BinhdanError):
    """Bad input for one field; `field` names it."""


@dataclass(frozen=True)
class RowProblem:
    """One refused row of a table: its number as the screen shows it, its label (vi, en) and the error."""

    row: int
    label: tuple[str, str]
    error: BinhdanError


class RowErrors(ValidationError):
    """Several rows refused at once, so nothing was saved; the message names each row and what is wrong."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("validation.rows", value=len(self.problems))

    def message(self, lang: str = "vi") -> str:
        en = lang == "en"
        row = MESSAGES["validation.row"][1 if en else 0]
        lines = [row.format(row=p.row, label=p.label[1 if en else 0], problem=p.error.message(lang))
                 for p in self.problems]
        return "\n".join([super().message(lang), *lines])


class NotFoundError(BinhdanError):
    """The record asked for does not exist (or was deleted)."""


FIELD_LABELS: dict[str, tuple[str, str]] = {
    "full_name": ("Họ và tên", "Full name"),
    "code": ("Mã", "Code"),
    "village": ("Thôn/Tổ dân phố", "Village"),
    "address": ("Địa chỉ", "Address"),
    "birth_year": ("Năm sinh", "Birth year"),
    "birth_date": ("Ngày sinh", "Date of birth"),
    "gender": ("Giới tính", "Gender"),
    "relation": ("Quan hệ với chủ hộ", "Relation to head"),
    "cccd": ("Số CCCD", "CCCD number"),
    "phone": ("Số điện thoại", "Phone"),
    "date": ("Ngày", "Date"),
    "title": ("Tiêu đề", "Title"),
    "lesson.title": ("Tên bài", "Lesson name"),
    "event.title": ("Tên lớp/sự kiện", "Class/event name"),
    "cli.import_file": ("tệp cần nhập", "The file to import"),
    "cli.commune": ("tên xã (--commune)", "The commune's name (--commune)"),
    "name": ("Tên", "Name"),
    "year": ("Năm", "Year"),
    "target": ("Chỉ tiêu", "Target"),
    "poverty": ("Diện hộ", "Poverty status"),
    "residence": ("Tình trạng cư trú", "Residence status"),
    "student_level": ("Cấp học", "School level"),
    "channel": ("Hình thức học", "Channel"),
    "kind": ("Loại", "Kind"),
    "role": ("Vai trò", "Role"),
    "follow_up": ("Ngày hẹn thăm lại", "Follow-up date"),
    "since": ("Thay đổi từ ngày", "Changed since"),
    "vneid_level": ("Mức VNeID", "VNeID level"),
    "lessons": ("Bài phải học", "Lessons"),
    "report.signer_authority": ("Thẩm quyền ký", "Signing authority"),
    "report.signer_title": ("Chức vụ người ký", "Signer's title"),
    "report.signer_name": ("Người ký", "Signer"),
    "report.recipients": ("Nơi nhận", "Recipients"),
}


def _field_label(field: Any, lang: str) -> str:
    vi, en = FIELD_LABELS.get(str(field), (str(field), str(field)))
    return en if lang == "en" else vi
