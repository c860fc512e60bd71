"""Business duplicates after sync: the same CCCD created on two laptops, and two households given one code
offline. Editing is never blocked; each is a review item (merge the two people / renumber a household) that,
done once at the office, is gone on every laptop."""

from __future__ import annotations

from sqlalchemy import func, select

from binhdan_desktop.services import duplicates
from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import Household, Person, Village
from tests.test_sync import dump, round_trip, trio  # noqa: F401  (fixture)

CCCD = "001190012345"


def _village_names(db: Database) -> list[str]:
    with db.read() as s:
        return list(s.scalars(select(Village.name).where(Village.deleted.is_(False)).order_by(Village.sort_order)))


def _twice(office: Database, a: Database, b: Database, place: object) -> tuple[str, str, str, str]:
    """Laptop A and B record the same person (one CCCD) and give one code to two households, offline."""
    round_trip(office, a, b, place=place)
    first, second = _village_names(office)[:2]
    made_a = hh.create_household(a, hh.HouseholdDraft(first, code="T99-0001", members=[
        hh.PersonDraft("Hoàng Văn Trùng", 1988, cccd=CCCD, relation="chu_ho")]))
    made_b = hh.create_household(b, hh.HouseholdDraft(second, code="T99-0001", members=[
        hh.PersonDraft("Hoàng Văn Trùng", 1988, cccd=CCCD, phone="0987654321", relation="chu_ho")]))
    round_trip(office, a, b, place=place)
    with a.read() as s:
        pa = s.scalar(select(Person.id).where(Person.household_id == made_a.created))
        pb = s.scalar(select(Person.id).where(Person.household_id == made_b.created))
    return made_a.created, made_b.created, pa, pb


def test_duplicates_never_block_editing_and_are_listed_everywhere(trio) -> None:  # noqa: F811
    office, a, b, place = trio
    ha, hb, pa, pb = _twice(office, a, b, place)
    hh.set_person_fields(a, pa, has_smartphone=True)  # used to say "CCCD already recorded for someone else"
    hh.set_person_fields(b, pb, vneid_level=2)
    hh.update_household(a, ha, code="T99-0001", address="Xóm Trên")  # its own code again: no refusal
    round_trip(office, a, b, place=place)
    for db in (office, a, b):
        items = duplicates.find(db)
        assert [(d.kind, d.key, set(d.ids)) for d in items] == [
            (duplicates.PERSON, CCCD, {pa, pb}), (duplicates.HOUSEHOLD, "T99-0001", {ha, hb})], db.path.name
        assert all("Hoàng Văn Trùng" in d.text() for d in items)


def test_merging_and_renumbering_at_the_office_closes_them_on_every_laptop(trio) -> None:  # noqa: F811
    office, a, b, place = trio
    _ha, _hb, pa, pb = _twice(office, a, b, place)
    for item in duplicates.find(office):
        duplicates.resolve(office, item)
    round_trip(office, a, b, place=place)
    assert dump(office) == dump(a) == dump(b)
    for db in (office, a, b):
        assert duplicates.find(db) == [], db.path.name
        with db.read() as s:  # recounted by independent queries
            live = s.execute(select(Person.id, Person.phone).where(Person.cccd == CCCD,
                                                                   Person.deleted.is_(False))).all()
            codes = s.scalar(select(func.count(func.distinct(Household.code_folded))).where(
                Household.deleted.is_(False)))
            homes = s.scalar(select(func.count()).select_from(Household).where(Household.deleted.is_(False)))
        assert len(live) == 1 and live[0][0] == min(pa, pb)
        assert live[0][1] == "0987654321"  # what only the other record knew is kept
        assert codes == homes
