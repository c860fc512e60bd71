"""Vietnamese and English labels for the enumeration codes (used by the CLI, the reports and the UI)."""

from __future__ import annotations

from enum import StrEnum

from binhdan_desktop.domain import enums as e

_RAW: dict[StrEnum, tuple[str, str]] = {
    e.Gender.MALE: ("Nam", "Male"),
    e.Gender.FEMALE: ("Nữ", "Female"),
    e.Gender.OTHER: ("Khác", "Other"),
    e.Poverty.NONE: ("Không", "None"),
    e.Poverty.NEAR_POOR: ("Cận nghèo", "Near-poor"),
    e.Poverty.POOR: ("Nghèo", "Poor"),
    e.Residence.RESIDENT: ("Đang cư trú", "Resident"),
    e.Residence.MOVED_AWAY: ("Chuyển đi", "Moved away"),
    e.Residence.DECEASED: ("Đã mất", "Deceased"),
    e.Relation.HEAD: ("Chủ hộ", "Head of household"),
    e.Relation.SPOUSE: ("Vợ/Chồng", "Spouse"),
    e.Relation.CHILD: ("Con", "Child"),
    e.Relation.PARENT: ("Cha/Mẹ", "Parent"),
    e.Relation.GRANDCHILD: ("Cháu", "Grandchild"),
    e.Relation.SIBLING: ("Anh/Chị/Em", "Sibling"),
    e.Relation.CHILD_IN_LAW: ("Con dâu/Con rể", "Child-in-law"),
    e.Relation.OTHER: ("Khác", "Other"),
    e.StudentLevel.PRIMARY: ("Tiểu học", "Primary school"),
    e.StudentLevel.LOWER_SECONDARY: ("THCS", "Lower secondary"),
    e.StudentLevel.UPPER_SECONDARY: ("THPT", "Upper secondary"),
    e.Channel.HOME_VISIT: ("Thăm hộ", "Home visit"),
    e.Channel.COMMUNITY_CLASS: ("Lớp cộng đồng", "Community class"),
    e.Channel.SCHOOL: ("Trường học", "School"),
    e.Channel.DIGITAL_DAY: ("Ngày hội 10/10", "Digital Day 10/10"),
    e.Channel.STAFF_TRAINING: ("Tập huấn cơ quan", "Staff training"),
    e.Channel.ONLINE_PLATFORM: ("Học trực tuyến trên nền tảng", "Online on the national platform"),
    e.Role.MEMBER: ("Thành viên tổ", "Team member"),
    e.Role.VILLAGE_LEAD: ("Trưởng thôn", "Village lead"),
    e.Role.COMMUNE_ADMIN: ("Quản trị xã", "Commune administrator"),
    e.VillageKind.THON: ("Thôn", "Village"),
    e.VillageKind.TO_DAN_PHO: ("Tổ dân phố", "Residential group"),
    e.VillageKind.AP: ("Ấp", "Hamlet"),
    e.VillageKind.BAN: ("Bản", "Hamlet"),
    e.Group.CITIZEN: ("Người dân", "Citizens"),
    e.Group.PUBLIC_STAFF: ("Cán bộ, công chức, viên chức", "Public-sector staff"),
    e.Group.WORKER: ("Người lao động doanh nghiệp", "Enterprise workers"),
    e.Group.STUDENT: ("Học sinh", "Students"),
}
# StrEnum members of different classes with one value are equal as keys: key by (class, value).
_LABELS: dict[tuple[str, str], tuple[str, str]] = {(type(k).__name__, k.value): v for k, v in _RAW.items()}
_LABELS.update({
    ("EventKind", e.EventKind.COMMUNITY_CLASS.value): ("Lớp học cộng đồng", "Community class"),
    ("EventKind", e.EventKind.SCHOOL_SESSION.value): ("Buổi học ở trường", "School session"),
    ("EventKind", e.EventKind.STAFF_TRAINING.value): ("Tập huấn cán bộ", "Staff training"),
    ("EventKind", e.EventKind.DIGITAL_DAY.value): ("Ngày hội toàn dân học tập số 10/10", "Digital Learning Day 10/10"),
})


def label(value: StrEnum | None, lang: str = "vi") -> str:
    """The display label of an enumeration value in Vietnamese ("vi") or English ("en")."""
    if value is None:
        return ""
    vi, en = _LABELS.get((type(value).__name__, value.value), (str(value), str(value)))
    return en if lang == "en" else vi
