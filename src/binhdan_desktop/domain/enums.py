"""Enumerations stored as short ASCII codes; their Vietnamese/English labels live in `labels`."""

from __future__ import annotations

from enum import StrEnum


class Gender(StrEnum):
    MALE = "nam"
    FEMALE = "nu"
    OTHER = "khac"


class Poverty(StrEnum):
    NONE = "khong"
    NEAR_POOR = "can_ngheo"
    POOR = "ngheo"


class Residence(StrEnum):
    RESIDENT = "cu_tru"
    MOVED_AWAY = "chuyen_di"
    DECEASED = "da_mat"


class Relation(StrEnum):
    HEAD = "chu_ho"
    SPOUSE = "vo_chong"
    CHILD = "con"
    PARENT = "cha_me"
    GRANDCHILD = "chau"
    SIBLING = "anh_chi_em"
    CHILD_IN_LAW = "con_dau_re"
    OTHER = "khac"


class StudentLevel(StrEnum):
    PRIMARY = "tieu_hoc"
    LOWER_SECONDARY = "thcs"
    UPPER_SECONDARY = "thpt"


class Channel(StrEnum):
    HOME_VISIT = "tham_ho"
    COMMUNITY_CLASS = "lop_cong_dong"
    SCHOOL = "truong_hoc"
    DIGITAL_DAY = "ngay_hoi_10_10"
    STAFF_TRAINING = "tap_huan_co_quan"
    ONLINE_PLATFORM = "nen_tang_truc_tuyen"


class EventKind(StrEnum):
    COMMUNITY_CLASS = "lop_cong_dong"
    SCHOOL_SESSION = "truong_hoc"
    STAFF_TRAINING = "tap_huan_co_quan"
    DIGITAL_DAY = "ngay_hoi_10_10"

    @property
    def channel(self) -> Channel:
        """The completion channel that attendance at this kind of event records."""
        return Channel(self.value)


class Role(StrEnum):
    MEMBER = "thanh_vien"
    VILLAGE_LEAD = "truong_thon"
    COMMUNE_ADMIN = "quan_tri_xa"


class VillageKind(StrEnum):
    THON = "thon"
    TO_DAN_PHO = "to_dan_pho"
    AP = "ap"
    BAN = "ban"


class Group(StrEnum):
    """Target groups of the curriculum (QĐ 757/QĐ-BKHCN sub-frameworks)."""

    CITIZEN = "ND"
    PUBLIC_STAFF = "CB"
    WORKER = "LD"
    STUDENT = "HS"
