"""Edits that meet across laptops, each by a stated rule: a member added to a household deleted on another laptop
revives the household (a review item says so); a household created in a village merged on another laptop follows
the merge (the commune total stays the sum of its villages). Every database converges."""

from __future__ import annotations

from sqlalchemy import func, select

from binhdan_desktop.services import commune
from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import Household, Person, Village
from binhdan_desktop.sync import conflicts
from tests.test_sync import dump, round_trip, trio  # noqa: F401  (fixture)


def _invisible(db: Database) -> int:
    """Live people in a deleted household (nobody sees or counts them), by an independent query."""
    with db.read() as s:
        return s.connection().exec_driver_sql(
            "SELECT COUNT(*) FROM person p JOIN household h ON h.id = p.household_id "
            "WHERE p.deleted = 0 AND h.deleted = 1").scalar()


def test_a_member_added_to_a_household_deleted_elsewhere_revives_it(trio) -> None:  # noqa: F811
    office, a, b, place = trio
    round_trip(office, a, b, place=place)
    with office.read() as s:
        hid, code = s.execute(select(Household.id, Household.code).order_by(Household.code).limit(1)).one()
        village = s.scalar(select(Village.name).join(Household, Household.village_id == Village.id)
                           .where(Household.id == hid))
    hh.delete_household(a, hid)
    hh.add_person(b, hid, hh.PersonDraft("Trần Văn Mới", 1990))
    round_trip(office, a, b, place=place)
    assert dump(office) == dump(a) == dump(b)
    for db in (office, a, b):
        assert _invisible(db) == 0, db.path.name
        with db.read() as s:
            assert s.get(Household, hid).deleted is False
            live = s.scalars(select(Person.full_name).where(Person.household_id == hid,
                                                            Person.deleted.is_(False))).all()
        assert live == ["Trần Văn Mới"]  # the others stay deleted with the deletion; the newcomer revived it
        items = [c for c in conflicts.open_conflicts(db) if c.field == "deleted"]
        assert [(c.record, c.field_label, c.kept, c.lost) for c in items] == [
            (f"Hộ {code} – Trần Văn Mới ({village})", "Đã xoá", False, True)], db.path.name
    # The office reviews it and deletes the household after all: with the newcomer, and it stays deleted.
    item = next(c for c in conflicts.open_conflicts(office) if c.field == "deleted")
    conflicts.resolve(office, item.id, take_lost=True)
    round_trip(office, a, b, place=place)
    assert dump(office) == dump(a) == dump(b)
    for db in (office, a, b):
        assert _invisible(db) == 0 and conflicts.open_conflicts(db) == [], db.path.name
        with db.read() as s:
            assert s.get(Household, hid).deleted is True


def _totals(db: Database) -> tuple[int, int, int]:
    """Live households of the commune, the sum over live villages, and those in a deleted village."""
    with db.read() as s:
        total = s.scalar(select(func.count()).select_from(Household).where(Household.deleted.is_(False)))
        by_village = s.scalar(select(func.count()).select_from(Household).join(
            Village, Village.id == Household.village_id).where(Household.deleted.is_(False),
                                                               Village.deleted.is_(False)))
    return int(total or 0), int(by_village or 0), int((total or 0) - (by_village or 0))


def test_a_household_created_in_a_village_merged_elsewhere_follows_the_merge(trio) -> None:  # noqa: F811
    office, a, b, place = trio
    round_trip(office, a, b, place=place)
    with office.read() as s:
        (src, src_name), (dst, _name) = s.execute(select(Village.id, Village.name).where(
            Village.deleted.is_(False)).order_by(Village.sort_order).limit(2)).all()
    commune.merge_villages(office, src, dst)
    made = hh.create_household(a, hh.HouseholdDraft(src_name, members=[hh.PersonDraft("Lò Thị Sau", 1985)]))
    moved_event_village = None
    round_trip(office, a, b, place=place)
    assert dump(office) == dump(a) == dump(b)
    for db in (office, a, b):
        total, by_village, lost = _totals(db)
        assert lost == 0 and total == by_village, db.path.name
        with db.read() as s:
            assert s.get(Household, made.created).village_id == dst
            assert s.get(Village, src).merged_into == dst
    assert moved_event_village is None
