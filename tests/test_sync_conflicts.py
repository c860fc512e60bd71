"""Conflicts sync: resolving one at the office closes it on every laptop (also on one that records it only after
the resolution arrived), and the list names the record and its field in words."""

from __future__ import annotations

from sqlalchemy import select

from binhdan_desktop.domain.enums import Relation
from binhdan_desktop.services import households as hh
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import ConflictResolution, Household, Person, Village
from binhdan_desktop.sync import conflicts
from binhdan_desktop.sync.engine import sync
from binhdan_desktop.sync.team import status
from tests.test_sync import dump, round_trip, trio  # noqa: F401  (fixture)


def _named_household(db: Database) -> tuple[str, str, str, str]:
    """A household with its code, head and village name, read by an independent query."""
    with db.read() as s:
        hid, code, village = s.execute(select(Household.id, Household.code, Village.name).join(
            Village, Village.id == Household.village_id).order_by(Household.code).limit(1)).one()
        head = s.scalar(select(Person.full_name).where(Person.household_id == hid,
                                                       Person.relation == Relation.HEAD.value))
    return hid, code, head, village


def test_a_resolution_at_the_office_closes_the_conflict_everywhere(trio) -> None:  # noqa: F811
    office, a, b, place = trio
    round_trip(office, a, b, place=place)
    hid, code, head, village = _named_household(office)
    hh.update_household(a, hid, address="Địa chỉ của A")
    hh.update_household(b, hid, address="Địa chỉ của B")
    round_trip(office, a, b, place=place)
    for db in (office, a, b):
        items = conflicts.open_conflicts(db)
        assert [(c.record, c.field_label, c.kept, c.lost) for c in items] == [
            (f"Hộ {code} – {head} ({village})", "Địa chỉ", "Địa chỉ của B", "Địa chỉ của A")], db.path.name
        assert status(db).conflicts == 1
    assert conflicts.open_conflicts(office, "en")[0].field_label == "Address"
    conflicts.resolve(office, conflicts.open_conflicts(office)[0].id, take_lost=False)
    round_trip(office, a, b, place=place)
    for db in (office, a, b):
        assert conflicts.open_conflicts(db) == [] and status(db).conflicts == 0, db.path.name
        with db.read() as s:
            assert s.get(Household, hid).address == "Địa chỉ của B"
    assert dump(office) == dump(a) == dump(b)


def test_taking_the_lost_value_travels_and_a_late_laptop_sees_it_closed(trio) -> None:  # noqa: F811
    office, a, b, place = trio
    round_trip(office, a, b, place=place)
    with office.read() as s:
        pid, name = s.execute(select(Person.id, Person.full_name).order_by(Person.sort_key).limit(1)).one()
        hcode, village = s.execute(select(Household.code, Village.name).join(
            Person, Person.household_id == Household.id).join(Village, Village.id == Household.village_id)
            .where(Person.id == pid)).one()
    hh.set_person_fields(a, pid, full_name="Tên do A sửa")
    hh.set_person_fields(b, pid, full_name="Tên do B sửa")
    sync(a, place)
    sync(b, place)
    sync(office, place)  # the office records the conflict; laptop A has not seen B's edit yet
    item = conflicts.open_conflicts(office)[0]
    assert (item.record, item.field_label) == (f"Tên do B sửa – hộ {hcode} ({village})", "Họ và tên")
    assert name  # the name before both edits is gone from the list: it names the record as it is now
    conflicts.resolve(office, item.id, take_lost=True)
    sync(office, place)
    round_trip(a, b, office, place=place)  # A records the conflict only now, with the resolution already here
    for db in (office, a, b):
        assert conflicts.open_conflicts(db) == [], db.path.name
        with db.read() as s:
            assert s.get(Person, pid).full_name == "Tên do A sửa"
            assert s.scalar(select(ConflictResolution.took_lost)) is True
    assert dump(office) == dump(a) == dump(b)
