"""A past visit log and the team ranking count each household where it was on the visit day and name the head of
that day: households moved to another village today, heads changed today (the old head deleted, another member
made head; two members swapping who is head) and a learner moved to a household of another village leave every
number of an earlier period as it was. Each number printed is recounted here by plain SQL over copies of the
tables made before the edits (not by the code under test)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from dataclasses import replace
from typing import Any

import pytest

from binhdan_desktop.domain.formatting import fmt_int
from binhdan_desktop.errors import ValidationError
from binhdan_desktop.reports.model import Report
from binhdan_desktop.services import households as hh
from binhdan_desktop.services import reports
from binhdan_desktop.services.breakdowns import rank_members
from binhdan_desktop.services.team import create_member
from binhdan_desktop.services.visits import VisitDraft, add_completion, record_visit
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.queries.visit_days import HEAD_FIELDS, PLACE_FIELDS, changed_after

TODAY = dt.date.today()
START, END = dt.date(2025, 1, 1), TODAY - dt.timedelta(days=1)
NO_MEMBER = "Không ghi người thăm"


def rows(db: Database, query: str, *params: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db.path) as conn:
        return conn.execute(query, params).fetchall()


def build(db: Database, start: dt.date, end: dt.date, village: str | None) -> Report:
    with db.read() as s:
        return reports.build(s, "visits", start=start, end=end, village=village, today=TODAY)


def ranking(db: Database, start: dt.date, end: dt.date, village_id: str | None) -> dict[str, tuple[int, ...]]:
    with db.read() as s:
        return {m.name: (m.people, m.completions, m.households, m.visits)
                for m in rank_members(s, start, end, village_id)}


# -- the recount, over person_then / household_then (copies made before today's edits) ---------------------

def _scope(village_id: str | None) -> tuple[str, list[object]]:
    where = "AND h.village_id = ?" if village_id else ""
    sql = f"""SELECT vi.id AS id, vi.household_id AS hid, vi.date AS date, h.village_id AS vid, h.code AS code
              FROM visit vi JOIN household_then h ON h.id = vi.household_id
              WHERE vi.deleted = 0 AND h.deleted = 0 AND vi.date BETWEEN ? AND ? {where}"""
    return sql, [START.isoformat(), END.isoformat(), *([village_id] if village_id else [])]


def recount_log(db: Database, village_id: str | None) -> dict[str, Any]:
    scope, params = _scope(village_id)
    head = ("(SELECT p.full_name FROM person_then p WHERE p.household_id = s.hid AND p.relation = 'chu_ho' "
            "AND p.deleted = 0 ORDER BY p.sort_key LIMIT 1)")
    lines = rows(db, f"""WITH s AS ({scope})
        SELECT COALESCE(tm.name, '{NO_MEMBER}'), v.name, s.date, s.code, COALESCE({head}, ''),
               (SELECT COUNT(*) FROM visit_person vp WHERE vp.visit_id = s.id AND vp.deleted = 0),
               (SELECT COUNT(*) FROM completion c WHERE c.visit_id = s.id AND c.deleted = 0)
        FROM s JOIN village v ON v.id = s.vid
        LEFT JOIN visit_member vm ON vm.visit_id = s.id AND vm.deleted = 0
        LEFT JOIN team_member tm ON tm.id = vm.member_id""", *params)
    per_member: dict[str, list[int]] = {}
    for member, *_, done in lines:
        got = per_member.setdefault(member, [0, 0])
        got[0], got[1] = got[0] + 1, got[1] + done
    (totals,) = rows(db, f"""WITH s AS ({scope})
        SELECT (SELECT COUNT(*) FROM s), (SELECT COUNT(DISTINCT hid) FROM s),
               (SELECT COUNT(DISTINCT vp.person_id) FROM visit_person vp WHERE vp.deleted = 0
                  AND vp.visit_id IN (SELECT id FROM s)),
               (SELECT COUNT(*) FROM completion c WHERE c.deleted = 0 AND c.visit_id IN (SELECT id FROM s)),
               (SELECT COUNT(DISTINCT c.person_id) FROM completion c WHERE c.deleted = 0
                  AND c.visit_id IN (SELECT id FROM s))""", *params)
    return {"lines": Counter(tuple(str(x) for x in line) for line in lines),
            "members": {k: tuple(v) for k, v in per_member.items()}, "totals": tuple(totals)}


def printed_log(report: Report) -> dict[str, Any]:
    """What the visit log prints: every line of every member's table, the summary's rows and totals, the
    sentence's five numbers."""
    assert report.summary is not None and report.summary.totals is not None
    lines: Counter[tuple[str, ...]] = Counter()
    for table in report.tables[1:]:
        for r in table.rows:
            lines[(table.title, str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]))] += 1
    members = {str(r[1]): (int(r[2]), int(r[3])) for r in report.summary.rows}
    t = report.summary.totals
    sentence = report.body[0]
    return {"lines": lines, "members": members, "totals_row": (int(t[2]), int(t[3])), "sentence": sentence}


def check_log(db: Database, report: Report, village_id: str | None) -> None:
    want, got = recount_log(db, village_id), printed_log(report)
    assert got["lines"] == want["lines"]
    assert got["members"] == want["members"]
    visits, households, people, lessons, learners = want["totals"]
    assert got["totals_row"] == (visits, lessons)
    assert (f"{fmt_int(visits)} lượt thăm {fmt_int(households)} hộ, gặp {fmt_int(people)} người, hướng dẫn "
            f"{fmt_int(lessons)} lượt bài học cho {fmt_int(learners)} người") in got["sentence"]


def recount_ranking(db: Database, village_id: str | None) -> dict[str, tuple[int, ...]]:
    scope, params = _scope(village_id)
    visited = {m: (h, v) for m, h, v in rows(db, f"""WITH s AS ({scope})
        SELECT vm.member_id, COUNT(DISTINCT s.hid), COUNT(DISTINCT s.id) FROM s
        JOIN visit_member vm ON vm.visit_id = s.id AND vm.deleted = 0 GROUP BY vm.member_id""", *params)}
    where = "AND h.village_id = ?" if village_id else ""
    taught = {m: (p, c) for m, p, c in rows(db, f"""
        SELECT c.taught_by, COUNT(DISTINCT c.person_id), COUNT(*) FROM completion c
        JOIN person_then p ON p.id = c.person_id JOIN household_then h ON h.id = p.household_id
        WHERE c.deleted = 0 AND p.deleted = 0 AND h.deleted = 0 AND c.taught_by IS NOT NULL
          AND c.date BETWEEN ? AND ? {where} GROUP BY c.taught_by""",
        START.isoformat(), END.isoformat(), *([village_id] if village_id else []))}
    return {name: (*taught.get(mid, (0, 0)), *visited.get(mid, (0, 0)))
            for mid, name in rows(db, "SELECT id, name FROM team_member WHERE deleted = 0")}


def test_a_past_visit_log_and_ranking_keep_each_visit_where_it_was_that_day(big_commune: Database) -> None:
    db = big_commune
    with sqlite3.connect(db.path) as conn:
        conn.execute("CREATE TABLE person_then AS SELECT * FROM person")
        conn.execute("CREATE TABLE household_then AS SELECT * FROM household")
        conn.execute("CREATE INDEX ix_person_then ON person_then (household_id)")
        conn.execute("CREATE UNIQUE INDEX ix_household_then ON household_then (id)")
    villages = [v for (v,) in rows(db, "SELECT id FROM village WHERE deleted = 0 ORDER BY sort_order")]
    names = dict(rows(db, "SELECT id, name FROM village"))
    # Visited households with a head and at least two live members, several visits each.
    visited = rows(db, """SELECT h.id, h.village_id FROM household h WHERE h.deleted = 0
        AND (SELECT COUNT(*) FROM visit vi WHERE vi.household_id = h.id AND vi.deleted = 0 AND vi.date <= ?) >= 2
        AND (SELECT COUNT(*) FROM person p WHERE p.household_id = h.id AND p.deleted = 0) >= 2
        AND EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id AND p.deleted = 0 AND p.relation = 'chu_ho')
        ORDER BY h.id LIMIT 18""", END.isoformat())
    assert len(visited) == 18
    with db.read() as s:
        assert not changed_after(s, START, PLACE_FIELDS + HEAD_FIELDS)  # the demo's history: none yet
    before = {v: build(db, START, END, names[v] if v else None) for v in [None, *villages]}
    ranked = {v: ranking(db, START, END, v) for v in [None, *villages]}
    for v in [None, *villages]:  # the plain path, recounted
        check_log(db, before[v], v)
        assert ranked[v] == recount_ranking(db, v), v

    # Today: six households move to the next village (and one of them changes its head too) ...
    for hid, vid in visited[:6]:
        hh.update_household(db, hid, village=villages[(villages.index(vid) + 1) % len(villages)])
    with db.read() as s:
        staff = {hid: [(p.id, p.relation) for p in hh.members(s, hid)] for hid, _ in visited}
    # ... in six households the head dies (deleted) and another member becomes head ...
    for hid, _ in [visited[5], *visited[6:11]]:
        head = next(pid for pid, rel in staff[hid] if rel == "chu_ho")
        other = next(pid for pid, rel in staff[hid] if pid != head)
        hh.delete_person(db, head)
        hh.set_person_fields(db, other, relation="chu_ho")
    # ... in four the head hands over to another member, who both stay ...
    for hid, _ in visited[11:15]:
        head = next(pid for pid, rel in staff[hid] if rel == "chu_ho")
        other = next(pid for pid, rel in staff[hid] if pid != head)
        hh.set_person_fields(db, head, relation="khac")
        hh.set_person_fields(db, other, relation="chu_ho")
    # ... and learners taught by the team move to a household of another village.
    learners = rows(db, """SELECT p.id, h.village_id FROM person p JOIN household h ON h.id = p.household_id
        WHERE p.deleted = 0 AND p.relation != 'chu_ho' AND EXISTS (SELECT 1 FROM completion c WHERE
        c.person_id = p.id AND c.deleted = 0 AND c.taught_by IS NOT NULL AND c.date <= ?)
        ORDER BY p.id LIMIT 5""", END.isoformat())
    for pid, vid in learners:
        target = next(hid for hid, hv in visited[15:] if hv != vid)
        hh.move_person(db, pid, target)
    with db.read() as s:
        assert changed_after(s, START, PLACE_FIELDS) and changed_after(s, START, HEAD_FIELDS)
    # The edits did change today's tables: the plain joins of today would put these visits elsewhere.
    moved_now = rows(db, "SELECT COUNT(*) FROM household h JOIN household_then t ON t.id = h.id "
                         "WHERE h.village_id != t.village_id")[0][0]
    assert moved_now == 6

    for v in [None, *villages]:
        after = build(db, START, END, names[v] if v else None)
        assert after.tables == before[v].tables and after.body == before[v].body, v
        check_log(db, after, v)
        assert ranking(db, START, END, v) == ranked[v] == recount_ranking(db, v), v

    # A visit made today, after the move: in the new village, with today's head (the fast path for today).
    hid, old = visited[5]
    new = villages[(villages.index(old) + 1) % len(villages)]
    record_visit(db, VisitDraft(hid, TODAY))
    with db.read() as s:
        assert not changed_after(s, TODAY, PLACE_FIELDS + HEAD_FIELDS)
    (head_now,) = rows(db, "SELECT full_name FROM person WHERE household_id = ? AND relation = 'chu_ho' "
                           "AND deleted = 0", hid)[0]
    today_log = build(db, TODAY, TODAY, names[new])
    assert [(r[1], r[4]) for t in today_log.tables[1:] for r in t.rows] == [(names[new], head_now)]
    assert not [r for t in build(db, TODAY, TODAY, names[old]).tables[1:] for r in t.rows]


def test_a_move_and_a_new_head_since_a_date_split_the_period(commune: Database) -> None:
    """Changes dated inside the period (the household form's "since"): a visit before the day is in the old
    village with the old head, one after it in the new village with the new head; the ranking of each village
    counts the completions where the learner lived on the completion day."""
    db = commune
    a, b = "Thôn An Điềm", "Thôn Đồng Răm"
    hid = hh.create_household(db, hh.HouseholdDraft(a, members=[
        hh.PersonDraft("Lê Văn An", 1950, relation="chu_ho"),
        hh.PersonDraft("Trần Thị Bình", 1955, relation="vo_chong"),
        hh.PersonDraft("Lê Văn Cường", 1990, relation="con")])).created
    assert hid
    mid = create_member(db, "Phạm Thị Hoa").created
    assert mid
    with db.read() as s:
        an, binh, cuong = (p.id for p in sorted(hh.members(s, hid), key=lambda p: p.birth_year or 0))
    feb, jun = dt.date(2026, 2, 10), dt.date(2026, 6, 10)
    record_visit(db, VisitDraft(hid, feb, [mid], completions=[(cuong, "KN-01")]))
    record_visit(db, VisitDraft(hid, jun, [mid], completions=[(cuong, "KN-02")]))
    add_completion(db, binh, "KN-03", dt.date(2026, 3, 1), "lop_cong_dong", taught_by=mid)
    # Since 1 April: the household lives in Đồng Răm, An has died and Bình is the head.
    snap = hh.snapshot_of(db, hid)
    draft = hh.HouseholdDraft(b, snap.fields["code"], members=[])
    people = [(pid, d) for pid, d in snap.members.items() if pid != an]
    people = [(pid, replace(d, relation="chu_ho") if pid == binh else d) for pid, d in people]
    hh.save_household(db, hid, draft, people, since=dt.date(2026, 4, 1))
    with db.read() as s:
        from binhdan_desktop.services.commune import find_village

        va, vb = find_village(s, a).id, find_village(s, b).id

    def lines(village: str | None) -> list[tuple[object, ...]]:
        report = build(db, dt.date(2026, 1, 1), dt.date(2026, 6, 30), village)
        return [(r[1], r[2], r[4], r[5], r[6]) for t in report.tables[1:] for r in t.rows]

    assert lines(None) == [(a, feb, "Lê Văn An", 1, 1), (b, jun, "Trần Thị Bình", 1, 1)]
    assert lines(a) == [(a, feb, "Lê Văn An", 1, 1)]
    assert lines(b) == [(b, jun, "Trần Thị Bình", 1, 1)]
    with db.read() as s:
        half = {v: {m.name: (m.people, m.completions, m.households, m.visits)
                    for m in rank_members(s, dt.date(2026, 1, 1), dt.date(2026, 6, 30), v)} for v in (va, vb)}
    # An Điềm: Cường's February lesson and Bình's March one (2 people, 2 completions), the February visit.
    assert half[va]["Phạm Thị Hoa"] == (2, 2, 1, 1)
    assert half[vb]["Phạm Thị Hoa"] == (1, 1, 1, 1)  # Đồng Răm: the June lesson and visit


def test_a_since_day_is_never_before_the_birth_nor_a_day_to_come(commune: Database) -> None:
    db = commune
    hid = hh.create_household(db, hh.HouseholdDraft("Thôn An Điềm", members=[
        hh.PersonDraft("Lê Văn An", 1970, relation="chu_ho"),
        hh.PersonDraft("Lê Thị Cúc", birth_date=dt.date(2026, 2, 10), relation="con")])).created
    assert hid
    with db.read() as s:
        an, cuc = (p.id for p in hh.members(s, hid))

    def stored() -> tuple[object, ...]:
        tables = ("person", "person_status", "change_log")
        return tuple(sorted(map(repr, rows(db, f"SELECT * FROM {t}"))) for t in tables)

    before = stored()
    refused = [(cuc, dt.date(2026, 2, 9), "trước khi Lê Thị Cúc sinh (10/02/2026)"),
               (an, dt.date(1969, 12, 31), "trước khi Lê Văn An sinh (1970)"),
               (an, TODAY + dt.timedelta(days=1), "không được sau hôm nay")]
    for pid, since, words in refused:
        with pytest.raises(ValidationError) as err:
            hh.set_person_fields(db, pid, since=since, has_smartphone=True)
        assert words in err.value.message() and "\n" not in err.value.message()
        assert stored() == before
    snap = hh.snapshot_of(db, hid)
    with pytest.raises(ValidationError):  # the form: Cúc taken off the household since before her birth
        hh.save_household(db, hid, hh.HouseholdDraft("Thôn An Điềm", snap.fields["code"]),
                          [(an, snap.members[an])], since=dt.date(2025, 6, 1))
    assert stored() == before
    hh.set_person_fields(db, cuc, since=dt.date(2026, 2, 10), has_smartphone=True)  # her birthday: taken
    hh.set_person_fields(db, an, since=dt.date(1970, 1, 1), has_smartphone=True)
    assert rows(db, "SELECT COUNT(*) FROM person_status WHERE field = 'has_smartphone' AND value = '1' "
                    "AND deleted = 0") == [(2,)]


def test_a_head_who_left_for_another_household_is_still_named_on_the_old_visits(commune: Database) -> None:
    """The head of that day is found among those who were members then, the ones who left since included (the
    household has no member today)."""
    db = commune
    a, b = "Thôn An Điềm", "Thôn Ưu Điềm"
    old = hh.create_household(db, hh.HouseholdDraft(a, members=[
        hh.PersonDraft("Võ Văn Dũng", 1960, relation="chu_ho")])).created
    new = hh.create_household(db, hh.HouseholdDraft(b, members=[
        hh.PersonDraft("Võ Thị Em", 1985, relation="chu_ho")])).created
    assert old and new
    with db.read() as s:
        (dung,) = (p.id for p in hh.members(s, old))
    day = TODAY - dt.timedelta(days=5)
    record_visit(db, VisitDraft(old, day))
    hh.move_person(db, dung, new)  # today Dũng lives with his daughter in Ưu Điềm, no longer the head of a home
    hh.set_person_fields(db, dung, relation="cha_me")
    end = TODAY - dt.timedelta(days=1)
    for village, want in ((a, [(a, "Võ Văn Dũng")]), (b, []), (None, [(a, "Võ Văn Dũng")])):
        report = build(db, day, end, village)
        assert [(r[1], r[4]) for t in report.tables[1:] for r in t.rows] == want, village
    today = build(db, day, TODAY, a)  # a range that ends today: the visit's day still decides
    assert [(r[1], r[4]) for t in today.tables[1:] for r in t.rows] == [(a, "Võ Văn Dũng")]
