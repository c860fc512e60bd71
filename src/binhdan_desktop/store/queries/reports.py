"""SQL for the printed lists: learners, visits, and the people a village lead still has to help.

Each streams its rows (a whole commune's list is tens of thousands of rows), and values that repeat from row
to row (village names, lesson lists, dates, a household's code and address) share one object, so a report
built from them holds each once: the learners list of a 20,000-household commune peaked at 250 MB before."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session


class _Shared:
    """One object per distinct value (sqlite hands out a new string for every row)."""

    def __init__(self) -> None:
        self.seen: dict[Any, Any] = {}

    def __call__(self, value: Any) -> Any:
        return self.seen.setdefault(value, value)

    def date(self, value: object) -> dt.date | None:
        if value is None:
            return None
        found = self.seen.get(("date", value))
        if found is None:
            found = self.seen[("date", value)] = dt.date.fromisoformat(str(value))
        return found


def learners(session: Session, as_of: dt.date, date_from: dt.date | None,
             village_id: str | None) -> Iterator[dict[str, Any]]:
    """One row per person live on `as_of` (deleted or moved later: as they were then) with at least one
    completion in the range: their lessons, per village."""
    from binhdan_desktop.store.queries.indicators import person_source

    src = person_source(session, as_of)
    where = f"AND {src.village} = :village" if village_id else ""
    sql = text(f"""
        SELECT v.name AS village, v.sort_order AS vorder, h.code AS code, h.address AS address,
               p.full_name AS name, p.birth_year AS birth_year,
               group_concat(DISTINCT l.code) AS lessons, COUNT(DISTINCT l.id) AS n, MAX(c.date) AS last
        FROM completion c JOIN {src.table} p ON p.id = c.person_id JOIN household h ON h.id = p.household_id
        JOIN village v ON v.id = {src.village} JOIN lesson l ON l.id = c.lesson_id
        WHERE c.deleted = 0 AND {src.live} AND c.date <= :as_of AND c.date >= :start {where}
        GROUP BY p.id ORDER BY v.sort_order, v.name, p.sort_key""")
    rows = session.execute(sql, {"as_of": as_of, "start": date_from or dt.date(1900, 1, 1), "village": village_id})
    share, lessons = _Shared(), {}
    for r in rows.mappings():
        item = dict(r)
        item["village"], item["code"], item["address"] = share(r["village"]), share(r["code"]), share(r["address"])
        codes = r["lessons"] or ""
        if codes not in lessons:
            lessons[codes] = ", ".join(sorted(codes.split(",")))
        item["lessons"] = lessons[codes]
        item["last"] = share.date(r["last"])
        yield item


def visit_totals(session: Session, date_from: dt.date, date_to: dt.date, village_id: str | None) -> dict[str, int]:
    """The visit log's totals, each visit once however many team members went: visits, households visited,
    people met, lessons completed on the visits (completions) and the people who completed them. The visits
    are the table's (`visit_days`: each in its household's village of the visit day)."""
    from binhdan_desktop.store.queries.visit_days import visit_days

    where = "WHERE village_id = :village" if village_id else ""
    sql = text(f"""
        WITH {visit_days(session, date_from, date_to, head=False)},
        s AS (SELECT id, hid FROM vs {where})
        SELECT (SELECT COUNT(*) FROM s) AS visits, (SELECT COUNT(DISTINCT hid) FROM s) AS households,
               (SELECT COUNT(DISTINCT vp.person_id) FROM visit_person vp JOIN s ON s.id = vp.visit_id
                  WHERE vp.deleted = 0) AS people,
               (SELECT COUNT(*) FROM completion c JOIN s ON s.id = c.visit_id WHERE c.deleted = 0) AS lessons,
               (SELECT COUNT(DISTINCT c.person_id) FROM completion c JOIN s ON s.id = c.visit_id
                  WHERE c.deleted = 0) AS learners""")
    row = session.execute(sql, {"start": date_from, "end": date_to, "village": village_id}).mappings().one()
    return {k: int(v or 0) for k, v in row.items()}


def visits(session: Session, date_from: dt.date, date_to: dt.date, village_id: str | None) -> Iterator[dict[str, Any]]:
    """Visits in the range, one row per (team member, visit), with people met and lessons completed
    (a visit with two team members is in both members' lists). Each visit is in the village its household was
    in on the visit day, with the head of that day (a household moved or a head changed since: as they were)."""
    from binhdan_desktop.store.queries.visit_days import visit_days

    where = "WHERE s.village_id = :village" if village_id else ""
    sql = text(f"""
        WITH {visit_days(session, date_from, date_to)}
        SELECT COALESCE(tm.id, '') AS member_id, COALESCE(tm.name, '') AS member, vi.id AS visit_id,
               v.name AS village, vi.date AS date, h.code AS code, s.head AS head,
               (SELECT COUNT(*) FROM visit_person vp WHERE vp.visit_id = vi.id AND vp.deleted = 0) AS met,
               (SELECT COUNT(*) FROM completion c WHERE c.visit_id = vi.id AND c.deleted = 0) AS done,
               vi.notes AS notes, vi.follow_up AS follow_up
        FROM vs s JOIN visit vi ON vi.id = s.id JOIN household h ON h.id = s.hid JOIN village v ON v.id = s.village_id
        LEFT JOIN visit_member vm ON vm.visit_id = vi.id AND vm.deleted = 0
        LEFT JOIN team_member tm ON tm.id = vm.member_id
        {where}
        ORDER BY tm.name_folded, tm.id, v.sort_order, vi.date, h.code, vi.id""")
    share = _Shared()
    for r in session.execute(sql, {"start": date_from, "end": date_to, "village": village_id}).mappings():
        item = dict(r)
        item["member"], item["village"], item["code"] = share(r["member"]), share(r["village"]), share(r["code"])
        item["member_id"] = share(r["member_id"])
        item["head"] = share(r["head"])
        item["date"], item["follow_up"] = share.date(r["date"]), share.date(r["follow_up"])
        yield item


def people_to_help(session: Session, village_id: str | None, adult_cut: dt.date,
                   id_cut: dt.date, as_of: dt.date | None = None) -> Iterator[dict[str, Any]]:
    """Live residents with their household, for the door-to-door list (flags are computed by the caller). With
    `as_of`: the people as they were that day (dated statuses, residence, deletions and moves) and the lessons
    they had completed by then, as a mask of lesson bits like `person_progress`'s."""
    from binhdan_desktop.store.models import MAX_LESSON_BIT
    from binhdan_desktop.store.queries.indicators import PersonSource, person_source

    src = person_source(session, as_of) if as_of else PersonSource("person", "p.deleted = 0 AND h.deleted = 0",
                                                                   "h.village_id")
    latest = session.scalar(text("SELECT MAX(date) FROM completion WHERE deleted = 0"))
    if as_of is None or latest is None or dt.date.fromisoformat(str(latest)) <= as_of:
        head, join = "", "LEFT JOIN person_progress pg ON pg.person_id = p.id"
    else:
        head = f"""WITH pg AS (SELECT c.person_id AS person_id, SUM(DISTINCT 1 << lb.bit) AS mask
                   FROM completion c INDEXED BY ix_completion_person
                   CROSS JOIN lesson_bit lb ON lb.lesson_id = c.lesson_id
                   WHERE c.deleted = 0 AND c.date <= :as_of AND lb.bit <= {MAX_LESSON_BIT} GROUP BY c.person_id)"""
        join = "LEFT JOIN pg ON pg.person_id = p.id"
    where = f"AND {src.village} = :village" if village_id else ""
    sql = text(f"""{head}
        SELECT v.name AS village, v.sort_order AS vorder, h.id AS hid, h.code AS code, h.address AS address,
               p.id AS pid, p.full_name AS name, p.birth_year AS birth_year, p.relation AS relation,
               p.birth_ref IS NOT NULL AND p.birth_ref <= :adult AS adult,
               p.birth_ref IS NOT NULL AND p.birth_ref <= :id16 AS age16,
               p.vneid_level AS vneid, p.has_bank_account AS bank, p.phone AS phone,
               COALESCE(pg.mask, 0) AS mask
        FROM {src.table} p JOIN household h ON h.id = p.household_id JOIN village v ON v.id = {src.village}
        {join}
        WHERE {src.live} AND p.residence = 'cu_tru' {where}
        ORDER BY v.sort_order, v.name, h.address_key, h.head_key, p.relation != 'chu_ho', p.sort_key""")
    share = _Shared()
    params = {"village": village_id, "adult": adult_cut, "id16": id_cut, "as_of": as_of}
    for r in session.execute(sql, params).mappings():
        item = dict(r)
        item["village"], item["code"], item["address"] = share(r["village"]), share(r["code"]), share(r["address"])
        yield item


def data_problems(session: Session, village_id: str | None, *,
                  learners: tuple[dt.date, dt.date] | None = None) -> dict[str, int]:
    """Residents whose data keep them out of some counts: no birth date or year (out of every age-based
    count) and no gender (out of a gender breakdown). With `learners` (from, to): the people the learners
    list shows instead (anyone with a completion in the range)."""
    where = "AND h.village_id = :village" if village_id else ""
    if learners:
        scope = ("EXISTS (SELECT 1 FROM completion c WHERE c.person_id = p.id AND c.deleted = 0 "
                 "AND c.date >= :start AND c.date <= :as_of)")
    else:
        scope = "p.residence = 'cu_tru'"
    sql = text(f"""
        SELECT COALESCE(SUM(p.birth_date IS NULL AND p.birth_year IS NULL), 0) AS no_birth,
               COALESCE(SUM(p.gender IS NULL OR p.gender NOT IN ('nam', 'nu')), 0) AS no_gender
        FROM person p JOIN household h ON h.id = p.household_id
        WHERE p.deleted = 0 AND h.deleted = 0 AND {scope} {where}""")
    start, as_of = learners or (dt.date.min, dt.date.max)
    row = session.execute(sql, {"village": village_id, "start": start, "as_of": as_of}).mappings().one()
    return {k: int(v or 0) for k, v in row.items()}
