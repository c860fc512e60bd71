"""Use cases through the service layer: validation, one transaction per action, tombstones, Changes."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from sqlalchemy import func, select

from binhdan_desktop.errors import BinhdanError, NotFoundError, ValidationError
from binhdan_desktop.services import commune as commune_svc
from binhdan_desktop.services import households as hh
from binhdan_desktop.services import lessons, team, visits
from binhdan_desktop.services.events import EventDraft, attendee_ids, record_event
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import ChangeLog, Completion, Household, Lesson, Person, Visit
from binhdan_desktop.store.queries.households import household_rows, search_household_ids

A = "Thôn An Điềm"


def _household(db: Database, *people: hh.PersonDraft, village: str = A, code: str = "") -> str:
    created = hh.create_household(db, hh.HouseholdDraft(village, code=code, members=list(people))).created
    assert created
    return created


def _log_size(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(ChangeLog)) or 0


def test_setup_seeds_plan_curriculum_and_refuses_a_second_commune(commune: Database) -> None:
    with commune.read() as s:
        assert [v.name for v in commune_svc.villages(s)] == [A, "Thôn Đồng Răm", "Thôn Ưu Điềm"]
        assert len(lessons.active_lessons(s)) == 18
        assert commune_svc.get_setting(s, "report.signer_authority") == "KT. CHỦ TỊCH"
    with pytest.raises(BinhdanError) as err:
        commune_svc.setup_commune(commune, "Xã khác", "", ["Thôn 1"])
    assert err.value.code == "commune.exists"


def test_services_refuse_to_work_without_a_commune(db: Database) -> None:
    with pytest.raises(BinhdanError) as err:
        hh.create_household(db, hh.HouseholdDraft("Thôn 1"))
    assert err.value.code == "commune.missing"


def test_register_a_household_with_members_in_one_transaction(commune: Database) -> None:
    hid = _household(commune, hh.PersonDraft("  Nguyễn   Văn An ", 1970, relation="chu_ho", cccd="051070001234",
                                             phone="+84 912 345 678"),
                     hh.PersonDraft(unicodedata.normalize("NFD", "Trần Thị Ước"), birth_date=dt.date(1975, 2, 3),
                                    relation="vo_chong"))
    with commune.read() as s:
        household = s.get(Household, hid)
        assert household.code == "T01-0001"
        people = hh.members(s, hid)
        assert [p.full_name for p in people] == ["Nguyễn Văn An", "Trần Thị Ước"]
        assert people[0].phone == "0912345678" and people[0].cccd == "051070001234"
        assert people[1].birth_year == 1975
    assert _household(commune, hh.PersonDraft("Lê Văn Bảy", 1980, relation="chu_ho"))
    with commune.read() as s:
        codes = sorted(s.scalars(select(Household.code)))
    assert codes == ["T01-0001", "T01-0002"]


@pytest.mark.parametrize("draft,field", [
    (hh.PersonDraft(""), "full_name"),
    (hh.PersonDraft("Lê An", cccd="12345"), "cccd"),
    (hh.PersonDraft("Lê An", phone="12345"), "phone"),
    (hh.PersonDraft("Lê An", 1850), "birth_year"),
    (hh.PersonDraft("Lê An", birth_date=dt.date.today() + dt.timedelta(days=1)), "birth_date"),
    (hh.PersonDraft("Lê An", vneid_level=3), "vneid_level"),
    (hh.PersonDraft("Lê An", gender="x"), "gender"),
    (hh.PersonDraft("Lê An", student_level="dai_hoc"), "student_level"),
])
def test_bad_input_names_the_field_and_stores_nothing(commune: Database, draft: hh.PersonDraft, field: str) -> None:
    before = _log_size(commune)
    with pytest.raises(ValidationError) as err:
        _household(commune, hh.PersonDraft("Chủ Hộ", 1960, relation="chu_ho"), draft)
    assert err.value.params["field"] == field
    assert err.value.message("vi") and err.value.message("en")
    assert _log_size(commune) == before
    with commune.read() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 0


def test_duplicate_household_code_and_cccd_are_refused(commune: Database) -> None:
    _household(commune, hh.PersonDraft("Lê An", 1960, cccd="051060000001"), code="HN-01")
    with pytest.raises(ValidationError) as err:
        _household(commune, hh.PersonDraft("Lê Bình", 1961), code="hn-01")
    assert err.value.code == "validation.duplicate_code"
    with pytest.raises(ValidationError) as err:
        _household(commune, hh.PersonDraft("Lê Bình", 1961, cccd="051060000001"))
    assert err.value.code == "validation.duplicate_cccd"


def test_unknown_village_is_not_found(commune: Database) -> None:
    with pytest.raises(NotFoundError):
        _household(commune, village="Thôn Không Có")


def test_edit_person_logs_only_changed_fields(commune: Database) -> None:
    hid = _household(commune, hh.PersonDraft("Lê Văn An", 1970, relation="chu_ho"))
    with commune.read() as s:
        pid = hh.members(s, hid)[0].id
    changes = hh.set_person_fields(commune, pid, vneid_level=2, has_bank_account=True)
    assert {r for r in changes.rows if r[0] != "person_status"} == {("person", pid)}
    with commune.read() as s:
        last = s.scalars(select(ChangeLog).where(ChangeLog.table_name == "person")
                         .order_by(ChangeLog.counter.desc())).first()
        assert last.fields == "has_bank_account,vneid_level"


def test_control_characters_typed_in_a_name_are_dropped_as_in_the_address(commune: Database) -> None:
    """Issue 14: a BEL in a name was stored (the address's vertical tab was trimmed): both are cleaned alike."""
    hid = _household(commune, hh.PersonDraft("Lê\x07 Văn\x1b An\x7f", 1970, relation="chu_ho"))
    with commune.read() as s:
        pid = hh.members(s, hid)[0].id
    hh.set_person_fields(commune, pid, full_name="Trần <b>Văn</b> & Co\x07 =SUM(A1)")
    hh.update_household(commune, hid, address="Số 5 <i>Xóm</i>\x0b & Đông\x07")
    hh.set_person_fields(commune, pid, notes="Dòng 1\x07\nDòng 2")
    with commune.read() as s:
        person, household = s.get(Person, pid), s.get(Household, hid)
        assert person is not None and household is not None
        assert person.full_name == "Trần <b>Văn</b> & Co =SUM(A1)"
        assert household.address == "Số 5 <i>Xóm</i>  & Đông"  # a vertical tab is a blank: a space
        assert person.notes == "Dòng 1\nDòng 2"
    with pytest.raises(ValidationError):
        hh.set_person_fields(commune, pid, full_name="\x07\x07")  # nothing left: a name is required


def test_delete_leaves_tombstones_and_restore_undoes_exactly_it(commune: Database) -> None:
    hid = _household(commune, hh.PersonDraft("Lê Văn An", 1970, relation="chu_ho"),
                     hh.PersonDraft("Lê Thị Bé", 2000))
    with commune.read() as s:
        first = hh.members(s, hid)[0].id
    hh.delete_person(commune, first)
    deleted = hh.delete_household(commune, hid)
    assert ("household", hid) in deleted.rows and len([r for r in deleted.rows if r[0] != "person_status"]) == 2
    with commune.read() as s:
        assert s.get(Household, hid).deleted
        assert search_household_ids(s, "") == []
    hh.restore(commune, deleted.rows)
    with commune.read() as s:
        assert [p.full_name for p in hh.members(s, hid)] == ["Lê Thị Bé"]  # the earlier delete stays


def test_search_ignores_diacritics_case_and_finds_by_member_name(commune: Database) -> None:
    h1 = _household(commune, hh.PersonDraft("Nguyễn Văn An", 1970, relation="chu_ho"),
                    hh.PersonDraft("Đặng Thị Ánh", 1972))
    h2 = _household(commune, hh.PersonDraft("Trần Văn Bình", 1980, relation="chu_ho"), village="Thôn Đồng Răm")
    with commune.read() as s:
        for query in ("nguyen van an", "Nguyễn Văn An", "NGUYEN", "dang thi anh", "ÁNH"):
            assert search_household_ids(s, query) == [h1], query
        assert search_household_ids(s, "") == [h1, h2]  # An before Bình (given names)
        assert search_household_ids(s, "T01-") == [h1]
        assert search_household_ids(s, "", village_id=commune_svc.find_village(s, "thon dong ram").id) == [h2]
        assert search_household_ids(s, "50%_") == []
        rows = household_rows(s, [h1])
        assert rows[h1].head == "Nguyễn Văn An" and rows[h1].members == 2


def test_record_visit_with_completions_in_one_transaction(commune: Database) -> None:
    hid = _household(commune, hh.PersonDraft("Lê Văn An", 1970, relation="chu_ho"), hh.PersonDraft("Lê Thị Bé", 1999))
    member = team.create_member(commune, "Đỗ Thị Hạnh", phone="0987654321", villages=[A]).created
    with commune.read() as s:
        an, be = (p.id for p in hh.members(s, hid))
    today = dt.date.today()
    changes = visits.record_visit(commune, visits.VisitDraft(
        hid, today, [member], people_met=[an], completions=[(an, "KN-01"), (be, "kn-05"), (an, "KN-01")],
        notes="Hẹn tuần sau", follow_up=today))
    assert changes.touches("visit", "completion")
    with commune.read() as s:
        done = s.scalars(select(Completion).where(Completion.visit_id == changes.created)).all()
        assert sorted((c.person_id, c.channel) for c in done) == sorted([(an, "tham_ho"), (be, "tham_ho")])
        assert all(c.taught_by == member for c in done)
        assert visits.due_household_ids(s, today) == [(hid, today)]
    # A later visit without a follow-up clears the due list.
    visits.record_visit(commune, visits.VisitDraft(hid, today, [member]))
    with commune.read() as s:
        assert visits.due_household_ids(s, today) == []


def test_a_failing_visit_saves_nothing(commune: Database) -> None:
    hid = _household(commune, hh.PersonDraft("Lê Văn An", 1970, relation="chu_ho"))
    with commune.read() as s:
        an = hh.members(s, hid)[0].id
    with pytest.raises(NotFoundError):
        visits.record_visit(commune, visits.VisitDraft(hid, dt.date.today(), completions=[(an, "KN-99")]))
    with commune.read() as s:
        assert s.scalar(select(func.count()).select_from(Visit)) == 0
    with pytest.raises(ValidationError):
        visits.record_visit(commune, visits.VisitDraft(hid, dt.date.today() + dt.timedelta(days=2)))


def test_event_attendance_becomes_completions(commune: Database) -> None:
    hid = _household(commune, hh.PersonDraft("Lê Văn An", 1970), hh.PersonDraft("Lê Thị Bé", 1999))
    with commune.read() as s:
        people = [p.id for p in hh.members(s, hid)]
    created = record_event(commune, EventDraft("Ngày hội toàn dân học tập số", "ngay_hoi_10_10", dt.date(2025, 10, 10),
                                               village=A, attendance=120, attendee_ids=people,
                                               lessons=["KN-05", "KN-10"])).created
    with commune.read() as s:
        assert sorted(attendee_ids(s, created)) == sorted(people)
        done = s.scalars(select(Completion).where(Completion.event_id == created)).all()
        assert len(done) == 4 and {c.channel for c in done} == {"ngay_hoi_10_10"}
    with pytest.raises(ValidationError):
        record_event(commune, EventDraft("Lớp", "lop_cong_dong", dt.date(2025, 5, 5), attendance=1,
                                         attendee_ids=people))


def test_lessons_create_edit_count_and_unique_codes(commune: Database) -> None:
    created = lessons.create_lesson(commune, lessons.LessonDraft("kn-19", "Dùng Zalo an toàn", groups=["ND"])).created
    with pytest.raises(ValidationError):
        lessons.create_lesson(commune, lessons.LessonDraft("KN-19", "Trùng mã"))
    lessons.update_lesson(commune, created, lessons.LessonDraft("KN-19", "Dùng Zalo an toàn và văn minh", minutes=30))
    with commune.read() as s:
        lesson = s.get(Lesson, created)
        assert lesson.code == "KN-19" and lesson.minutes == 30 and lesson.sort_order == 19
        bit = s.connection().exec_driver_sql("SELECT bit FROM lesson_bit WHERE lesson_id = ?", (created,)).scalar()
        assert bit == 18
        assert lessons.completion_counts(s) == {}


def test_merge_villages_moves_households_and_team(commune: Database) -> None:
    hid = _household(commune, hh.PersonDraft("Lê Văn An", 1970), village="Thôn Ưu Điềm")
    member = team.create_member(commune, "Đỗ Thị Hạnh", villages=["Thôn Ưu Điềm"]).created
    commune_svc.merge_villages(commune, "Thôn Ưu Điềm", A)
    with commune.read() as s:
        target = commune_svc.find_village(s, A)
        assert s.get(Household, hid).village_id == target.id
        assert team.member_villages(s, member) == [target.id]
        assert [v.name for v in commune_svc.villages(s)] == [A, "Thôn Đồng Răm"]
    commune_svc.rename_village(commune, A, "Thôn An Điềm Mới")
    commune_svc.add_village(commune, "Tổ dân phố 1", "to_dan_pho")
    with commune.read() as s:
        assert [v.name for v in commune_svc.villages(s)][-1] == "Tổ dân phố 1"


def test_search_follows_renames_moves_and_deletes(commune: Database) -> None:
    h1 = _household(commune, hh.PersonDraft("Nguyễn Văn An", 1970, relation="chu_ho"),
                    hh.PersonDraft("Lê Thị Bé", 2001))
    h2 = _household(commune, hh.PersonDraft("Trần Văn Cảnh", 1980, relation="chu_ho"))
    with commune.read() as s:
        an, be = (p.id for p in hh.members(s, h1))
    hh.set_person_fields(commune, an, full_name="Nguyễn Văn Ánh Dương")
    hh.move_person(commune, be, h2)
    with commune.read() as s:
        assert search_household_ids(s, "anh duong") == [h1]
        assert search_household_ids(s, "le thi be") == [h2]
        assert search_household_ids(s, "be tran") == [h2]  # words in any order, across members
    hh.delete_person(commune, an)
    with commune.read() as s:
        assert search_household_ids(s, "duong") == []
        assert search_household_ids(s, "") == [h2, h1]  # h1 has no head left: it comes last
    hh.update_household(commune, h2, code="XY-99")
    with commune.read() as s:
        assert search_household_ids(s, "xy") == [h2]


def test_save_household_form_and_undo_it_with_a_snapshot(commune: Database) -> None:
    hid = _household(commune, hh.PersonDraft("Lê Văn An", 1970, relation="chu_ho"), hh.PersonDraft("Lê Thị Bé", 2001))
    with commune.read() as s:
        before = hh.snapshot(s, hid)
        an, be = (p.id for p in hh.members(s, hid))
    hh.save_household(commune, hid, hh.HouseholdDraft(A, address="Số 9, Xóm Chợ"), [
        (an, hh.PersonDraft("Lê Văn An", 1970, relation="chu_ho", vneid_level=2)),
        (None, hh.PersonDraft("Lê Văn Cu", 2010, relation="con", student_level="thcs"))])
    with commune.read() as s:
        people = {p.full_name: p for p in hh.members(s, hid)}
        assert set(people) == {"Lê Văn An", "Lê Văn Cu"} and people["Lê Văn An"].vneid_level == 2
        assert s.get(Household, hid).address == "Số 9, Xóm Chợ"
    hh.restore_snapshot(commune, before)
    with commune.read() as s:
        people = {p.full_name: p for p in hh.members(s, hid)}
        assert set(people) == {"Lê Văn An", "Lê Thị Bé"} and people["Lê Văn An"].vneid_level == 0
        assert s.get(Household, hid).address == ""
        assert be in {p.id for p in hh.members(s, hid)}


def test_set_targets_checks_every_row_first_and_stores_all_in_one_transaction(commune: Database) -> None:
    from binhdan_desktop.errors import RowErrors
    from binhdan_desktop.services import indicators

    year = indicators.year_list(commune)[0]
    rows = {r.code: r for r in indicators.target_rows(commune, year)}
    assert [r.row for r in rows.values()] == list(range(1, len(rows) + 1))
    assert not rows["digital_identity"].lessons_editable and rows["adults_basic"].lessons_editable
    log = _log_size(commune)
    with pytest.raises(RowErrors) as err:
        indicators.set_targets(commune, year, {"adults_basic": (0.5, None), "students": (1.5, None),
                                               "public_staff": (0.9, ["KN-04", "kn-99"])})
    assert [(p.row, p.error.code) for p in err.value.problems] == [
        (rows["public_staff"].row, "validation.lesson_code"), (rows["students"].row, "validation.target")]
    assert "KN-99" in err.value.message("vi") and "150" in err.value.message("vi") and "Dòng" in err.value.message()
    assert _log_size(commune) == log  # nothing stored
    changes = indicators.set_targets(commune, year, {"adults_basic": (0.5, None), "students": (0.725, None),
                                                     "public_staff": (None, ["kn-04", " KN-05 "]),
                                                     "adults_vneid": (1.0, [])})
    assert changes.touches("plan_target", "indicator_rule")
    after = {r.code: r for r in indicators.target_rows(commune, year)}
    assert (after["adults_basic"].target, after["students"].target, after["public_staff"].target) == (0.5, 0.725, None)
    assert after["public_staff"].lessons == ("KN-04", "KN-05")
    assert after["adults_vneid"].lessons is None  # "any lesson" was kept: nothing to change there


def test_percent_reads_what_people_type() -> None:
    from binhdan_desktop.services.indicators import percent

    assert [percent(t) for t in ("85", "72,5", " 90 % ", "", "0", "100")] == [0.85, 0.725, 0.9, None, 0.0, 1.0]
    for bad in ("abc", "150", "-1", "nan", "1e9"):
        with pytest.raises(ValidationError) as err:
            percent(bad)
        assert err.value.code == "validation.target" and bad in err.value.message("vi")


def test_setup_with_the_first_member_is_one_transaction_and_can_be_retried(db: Database,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    member = team.MemberDraft("Phạm Thị Hoa", role="truong_thon", villages=["Thôn Một", "Thôn Hai"])
    with pytest.raises(ValidationError):  # the member's phone is wrong: neither commune nor member is stored
        commune_svc.setup_commune(db, "Tịnh Sơn", "Quảng Ngãi", ["Thôn Một", "Thôn Hai"],
                                  first_member=team.MemberDraft("Phạm Thị Hoa", phone="12"))
    assert commune_svc.info_of(db) is None and _log_size(db) == 0
    commune_svc.setup_commune(db, "Tịnh Sơn", "Quảng Ngãi", ["Thôn Một", "Thôn Hai"], first_member=member)
    assert commune_svc.info_of(db) == commune_svc.CommuneInfo("Tịnh Sơn", "Quảng Ngãi", "")
    villages = commune_svc.village_list(db)
    [hoa] = team.member_list(db)
    assert hoa.name == "Phạm Thị Hoa" and hoa.role == "truong_thon" and hoa.village_ids == {v.id for v in villages}


def test_screen_reads_return_plain_rows(commune: Database) -> None:
    hid = _household(commune, hh.PersonDraft("Lê Văn An", 1970, relation="chu_ho"),
                     hh.PersonDraft("Lê Thị Bé", 2001, residence="chuyen_di"))
    today = dt.date.today()
    visits.record_visit(commune, visits.VisitDraft(hid, today - dt.timedelta(days=3),
                                                   follow_up=today - dt.timedelta(days=1)))
    [due] = visits.due_rows(commune, today)
    assert (due.household_id, due.head, due.village) == (hid, "Lê Văn An", A)
    [seen] = visits.history_of(commune, hid)
    assert seen.follow_up == today - dt.timedelta(days=1)
    chosen = visits.visit_household(commune, hid)
    assert [name for _, name, _ in chosen.people] == ["Lê Văn An"]  # residents only
    assert [r.id for r in visits.search_rows(commune, "le van an")] == [hid]
    assert len(visits.visit_choices(commune).lessons) == 18


def test_a_lesson_delete_is_undone_into_its_rules_unless_its_code_was_taken(commune: Database) -> None:
    from binhdan_desktop.store.models import IndicatorRule

    def rules() -> dict[str, tuple[list[str] | None, int | None]]:
        with commune.read() as s:
            return {r.code: (r.lessons, r.min_count) for r in s.scalars(select(IndicatorRule))}

    before = rules()
    with commune.read() as s:
        lesson = lessons.find_lesson(s, "KN-15")
        lid = lesson.id
    done = lessons.remove_lesson(commune, lid, drop_from_rules=True)
    assert ("lesson", lid) in done.changes.rows and done.rules and rules() != before
    lessons.restore_lesson(commune, done)
    assert rules() == before
    with commune.read() as s:
        assert not s.get(Lesson, lid).deleted
    # Deleted again, and its code given to a new lesson meanwhile: the undo is refused and changes nothing.
    done = lessons.remove_lesson(commune, lid, drop_from_rules=True)
    lessons.create_lesson(commune, lessons.LessonDraft("KN-15", "Bài mới"))
    after = rules()
    with pytest.raises(ValidationError) as err:
        lessons.restore_lesson(commune, done)
    assert err.value.code == "validation.duplicate_lesson" and rules() == after
    with commune.read() as s:
        assert s.get(Lesson, lid).deleted
