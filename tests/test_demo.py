"""The demo commune: realistic, deterministic for a seed, logged like every other change."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select, text

from binhdan_desktop.services import demo
from binhdan_desktop.store.db import Database, open_database
from binhdan_desktop.store.models import ChangeLog, Completion, Household, Person, Visit


def _content(db: Database) -> list[tuple[object, ...]]:
    with db.read() as s:
        return list(s.execute(text(
            "SELECT h.code, h.address, p.full_name, p.birth_year, p.relation, p.vneid_level, "
            "(SELECT COUNT(*) FROM completion c WHERE c.person_id = p.id) "
            "FROM person p JOIN household h ON h.id = p.household_id ORDER BY h.code, p.sort_key, p.birth_year")))


def test_demo_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    a, b, c = (open_database(tmp_path / f"{n}.sqlite3") for n in "abc")
    demo.generate(a, 60, seed=3)
    demo.generate(b, 60, seed=3)
    demo.generate(c, 60, seed=4)
    assert _content(a) == _content(b)
    assert _content(a) != _content(c)


def test_demo_shape_and_change_log(db: Database) -> None:
    demo.generate(db, 300, seed=1)
    with db.read() as s:
        count = lambda model: s.scalar(select(func.count()).select_from(model))  # noqa: E731
        households, people = count(Household), count(Person)
        assert households == 300
        assert 3 * households <= people <= 5 * households
        assert count(Visit) > households
        assert count(Completion) > people
        logged = s.scalar(select(func.count()).select_from(ChangeLog))
        rows = sum(s.scalar(text(f"SELECT COUNT(*) FROM {t}")) for t in (
            "commune", "village", "household", "person", "lesson", "team_member", "team_member_village", "visit",
            "visit_member", "visit_person", "event", "event_attendee", "completion", "plan_target",
            "indicator_rule", "setting"))
        assert logged >= rows  # every row went through the log (events' head counts were updated too)
        names = " ".join(s.scalars(select(Person.full_name)))
        assert any(ch in names for ch in "ăâđêôơư")
        # the masks kept during the bulk write equal a recomputation from the completions
        rebuilt = dict(s.execute(text(
            "SELECT c.person_id, SUM(DISTINCT 1 << lb.bit) FROM completion c JOIN lesson_bit lb "
            "ON lb.lesson_id = c.lesson_id WHERE c.deleted = 0 GROUP BY c.person_id")).all())
        kept = dict(s.execute(text("SELECT person_id, mask FROM person_progress WHERE mask != 0")).all())
        assert kept == rebuilt


def test_bulk_derived_data_equals_what_the_triggers_keep(db: Database) -> None:
    """Household search documents and head keys written by the bulk catch-up match a recomputation."""
    demo.generate(db, 150, seed=9)
    with db.read() as s:
        docs = dict(s.execute(text("SELECT rowid, doc FROM household_fts")).all())
        want = dict(s.execute(text(
            "SELECT h.rowid, h.code_folded || ' ' || COALESCE((SELECT group_concat(p.name_folded, ' ') FROM person p "
            "WHERE p.household_id = h.id AND p.deleted = 0), '') FROM household h")).all())
        assert {k: sorted(v.split()) for k, v in docs.items()} == {k: sorted(v.split()) for k, v in want.items()}
        heads = s.execute(text(
            "SELECT COUNT(*) FROM household h WHERE h.head_key != COALESCE((SELECT MIN(sort_key) FROM person p "
            "WHERE p.household_id = h.id AND p.relation = 'chu_ho' AND p.deleted = 0), '~')")).scalar()
        assert heads == 0
