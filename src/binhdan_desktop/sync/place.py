"""What is at a sync place beyond the plain bundle names: sizes (a truncated or foreign file under a bundle's
name is found by its size before anything is read), Syncthing conflict copies (which may hold the only whole
copy of a bundle), the `quarantine/` folder where a damaged file is set aside so that whoever holds the whole
bundle writes it again, and the words for every reason a file is refused, set aside or kept waiting."""

from __future__ import annotations

import datetime as dt
import re

from binhdan_desktop.sync.bundle import AWAITING_KEY, parse_name

QUARANTINE = "quarantine"
# Syncthing: "<stem>.sync-conflict-<YYYYMMDD>-<HHMMSS>-<7-char device>.<ext>"
_CONFLICT = re.compile(r"^(?P<stem>.+)\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}(?P<ext>\.[^.]+)$")

# Damage: the file under this name is not what its maker wrote (cut short, half stored, junk). It is set aside
# at the place; any device holding the whole bundle writes it again at its next sync.
DAMAGED = frozenset({"truncated", "not_a_bundle", "corrupt_manifest", "bad_signature", "bad_checksum",
                     "corrupt_payload", "inconsistent", "too_large"})
NEEDS_UPDATE = "needs_update"
NOT_ENROLLED = "not_enrolled"
AWAITING_APPROVAL = "awaiting_approval"
WAITING = "waiting"
SET_ASIDE = "set_aside"
NEW_TEAM = "office_new_team"  # another team's file, made by this team's office: it made a new team

REASONS: dict[str, tuple[str, str]] = {
    "truncated": ("tệp bị cắt cụt (rút USB khi đang chép, hoặc máy chủ lưu chưa hết)",
                  "the file is cut short (USB stick pulled mid-copy, or half stored by the server)"),
    "not_a_bundle": ("không phải tệp đồng bộ", "not a sync file"),
    "corrupt_manifest": ("phần đầu tệp bị hỏng", "the file's header is damaged"),
    "bad_signature": ("chữ ký không khớp (tệp bị hỏng hoặc bị sửa)",
                      "the signature does not match (damaged or altered)"),
    "bad_checksum": ("nội dung bị hỏng (sai tổng kiểm)", "the content is damaged (checksum mismatch)"),
    "corrupt_payload": ("nội dung bị hỏng", "the content is damaged"),
    "inconsistent": ("nội dung không khớp với tên và phần đầu tệp", "the content does not match its name and header"),
    "too_large": ("tệp quá lớn", "the file is too large"),
    "unknown_format": ("tệp của phiên bản mới hơn — cần cập nhật ứng dụng",
                       "made by a newer version — update the app"),
    NEEDS_UPDATE: ("có dữ liệu của phiên bản mới hơn — cần cập nhật ứng dụng",
                   "holds data of a newer version — update the app"),
    "other_team": ("tệp của tổ khác", "from another team"),
    "not_a_team_device": ("máy làm ra tệp không thuộc tổ", "made by a device that is not in the team"),
    "key_changed": ("khoá của máy làm ra tệp đã đổi", "its device's key changed"),
    "revoked_device": ("máy làm ra tệp đã bị thu hồi quyền", "its device was revoked"),
    "clock_in_future": ("đồng hồ của máy làm ra tệp chạy quá nhanh", "its device's clock is far ahead"),
    NOT_ENROLLED: ("máy làm ra tệp chưa được văn phòng xã duyệt vào tổ (tệp chờ, không áp dụng)",
                   "its device is not enrolled by the commune office (the file waits, not applied)"),
    AWAITING_KEY: ("chờ khoá mới: tệp được mã hoá bằng khoá mới của tổ mà máy này chưa nhận (văn phòng xã đồng bộ "
                   "rồi máy này đồng bộ lại)",
                   "waits for a new key: the file is encrypted with a newer team key this computer has not received "
                   "yet (the commune office syncs, then this computer syncs again)"),
    AWAITING_APPROVAL: ("máy này đang chờ văn phòng xã duyệt yêu cầu tham gia tổ",
                        "this computer waits for the commune office to approve its join request"),
    "broken_chain": ("sổ thành viên của tổ bị đứt đoạn (tệp không nối tiếp tệp trước)",
                     "the team's membership log is broken (the statement does not follow the previous one)"),
    "membership_fork": ("sổ thành viên ở nơi đồng bộ khác với sổ của máy này (hai máy cùng ký là văn phòng?) — "
                        "hãy báo văn phòng xã, đừng duyệt thêm máy nào trên máy này",
                        "the membership log at the place differs from this computer's (two computers signing as "
                        "the office?) — tell the commune office, approve nothing more on this computer"),
    "clock_ahead": ("đồng hồ máy này nhanh hơn giờ của nơi đồng bộ quá một ngày — hãy chỉnh lại ngày giờ "
                    "(các thay đổi chưa gửi đã được ghi theo giờ đúng)",
                    "this laptop's clock is more than a day ahead of the sync place — set the date and time "
                    "(the changes not yet sent were stamped with the right time)"),
    "clock_behind": ("đồng hồ máy này chậm hơn quá một ngày so với giờ của nơi đồng bộ hoặc của các thay đổi đã "
                     "nhận — hãy chỉnh lại ngày giờ (pin CMOS hết?); nếu ngày giờ đã đúng thì một máy khác từng chạy "
                     "nhanh: báo văn phòng; không mất dữ liệu",
                     "this laptop's clock is more than a day behind the sync place or the changes it received — "
                     "set the date and time (flat CMOS battery?); if it is right, another laptop's clock ran ahead: "
                     "tell the office; nothing is lost"),
    "not_office_key": ("bản chụp không do khoá hiện tại của văn phòng xã ký — đã để riêng, không dùng",
                       "the snapshot is not signed by the office's current key — set aside, not used"),
    "unreadable": ("không đọc được tệp", "the file cannot be read"),
    WAITING: ("chờ thay đổi của máy khác đến trước", "waits for other changes to arrive first"),
    SET_ASIDE: ("đã để riêng vào thư mục quarantine ở nơi đồng bộ; máy tạo ra nó (hoặc máy nào giữ bản đầy đủ) "
                "sẽ gửi lại ở lần đồng bộ tới — không cần làm gì",
                "set aside in quarantine/ at the sync place; the computer that made it (or any holding the whole "
                "file) sends it again at its next sync — nothing to do"),
    NEW_TEAM: ("văn phòng xã đã lập tổ mới: tham gia lại bằng tệp mời mới (binhdan team join TỆP_MỜI_MỚI); thay đổi "
               "chưa gửi của máy này vẫn được giữ",
               "the commune office made a new team: join again with the new invitation (binhdan team join "
               "NEW_INVITATION); this computer's unsent changes are kept"),
    "replaced": ("tệp cùng tên có nội dung khác đã được để riêng; đã gửi lại bản đúng",
                 "a file of the same name with other content was set aside; the right one was sent again"),
    "from_conflict_copy": ("lấy từ bản xung đột của Syncthing", "taken from a Syncthing conflict copy"),
}


def reason_text(code: str, lang: str | None = None) -> str:
    """A reason in Vietnamese with English ("vi / en"), or one language. A code with a detail ("unreadable:
    PermissionError") keeps the detail."""
    if "+" in code:  # what happened to the file, then what was done about it
        if lang is None:
            return f"{reason_text(code, 'vi')} / {reason_text(code, 'en')}"
        return " — ".join(reason_text(part, lang) for part in code.split("+"))
    base, _, detail = code.partition(":")
    vi, en = REASONS.get(base.strip(), (base, base))
    if detail.strip():
        vi, en = f"{vi} ({detail.strip()})", f"{en} ({detail.strip()})"
    if lang == "vi":
        return vi
    if lang == "en":
        return en
    return f"{vi} / {en}"


def conflict_of(name: str) -> str | None:
    """The bundle name a Syncthing conflict copy stands for (None: not a conflict copy of a bundle)."""
    match = _CONFLICT.match(name)
    if not match:
        return None
    real = match["stem"] + match["ext"]
    return real if parse_name(real) else None


def listed(name: str) -> bool:
    """A name the place listing keeps: a bundle, or a conflict copy of one."""
    return bool(parse_name(name)) or conflict_of(name) is not None


def aside_name(name: str) -> str:
    """Where a damaged file goes in quarantine/ (never overwriting an earlier one); `name` may be in a sub-folder
    of the place (snapshots/…)."""
    name = name.rsplit("/", 1)[-1]
    return f"{name}.{dt.datetime.now(dt.UTC).strftime('%Y%m%dT%H%M%S%f')}.bad"
