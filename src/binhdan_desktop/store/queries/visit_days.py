"""A visit counted where the household was on the visit day, its head named as of that day, and a completion
counted in the learner's village on the completion day (the dated history of store/status_history.py).

A household's village on a day is the dated village of the people who were its members that day (a household's
move dates the village of each member, so members agree); a household that had no member that day is in its
village of today. The head that day is the member whose dated relation was "chu_ho" and who was alive then.

Fast paths: when no history row of the fields involved holds from a day after the range's start, every value on
each day of the range is the column's, and the plain joins of today are exact."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.orm import Session

from binhdan_desktop.store.status_history import VILLAGE

# What a visit's village depends on, and what the head of that day depends on besides.
PLACE_FIELDS = ("household_id", VILLAGE)
HEAD_FIELDS = ("household_id", "relation", "deleted")


def changed_after(session: Session, day: dt.date, fields: tuple[str, ...]) -> bool:
    """Whether a history row of one of `fields` holds from a day after `day` (else, on `day` and after, every
    value of these fields is the column's: the latest row is always the current value)."""
    names = ", ".join(f"'{f}'" for f in fields)
    found = session.execute(text(
        f"SELECT 1 FROM person_status WHERE deleted = 0 AND since > :day AND field IN ({names}) LIMIT 1"),
        {"day": day}).first()
    return found is not None


def encoded_on(field: str, person: str, day: str) -> str:
    """SQL: the history row of `field` holding for `person` on `day` — the latest on or before it, else the
    earliest (the value held before it), ties by id as the indicators' dated people break them. Encoded: NULL
    when the person has no row of the field, '-' for a row whose value is null, else '=' and the value."""
    key = (f"CASE WHEN ps.since <= {day} THEN '1' || ps.since ELSE '0' || printf('%08d', 99999999 - "
           f"CAST(replace(ps.since, '-', '') AS INTEGER)) END || ps.id")
    # SQLite reads no outer column in a subquery's ORDER BY (the key is a column of an inner one), and without
    # statistics it would rather scan every row of (deleted, since) than look the person up.
    return (f"(SELECT e FROM (SELECT COALESCE('=' || ps.value, '-') AS e, {key} AS k FROM person_status ps "
            f"INDEXED BY ix_person_status_person WHERE ps.person_id = {person} AND ps.field = '{field}' "
            "AND ps.deleted = 0) ORDER BY k DESC LIMIT 1)")


def decoded(encoded: str, current: str) -> str:
    """SQL: the value an `encoded_on` column stands for (no row: `current`, the column's value)."""
    return f"substr(NULLIF(IFNULL({encoded}, '=' || {current}), '-'), 2)"


def _visits_in_range() -> str:
    """The visits a visit log or a ranking covers: live, in the range, of households live at its end (deleted
    since is no matter)."""
    from binhdan_desktop.store.queries.indicators import DELETED_AFTER

    return ("SELECT vi.id AS vid, vi.household_id AS hid, vi.date AS d, h.village_id AS hvil, h.deleted AS hdel "
            "FROM visit vi JOIN household h ON h.id = vi.household_id "
            f"WHERE vi.deleted = 0 AND (h.deleted = 0 OR h.id IN ({DELETED_AFTER})) "
            "AND vi.date >= :start AND vi.date <= :end")


_HEAD_TODAY = ("(SELECT full_name FROM person p WHERE p.household_id = sv.hid AND p.relation = 'chu_ho' "
               "AND (p.deleted = 0 OR sv.hdel = 1) ORDER BY p.deleted, p.sort_key LIMIT 1)")


def visit_days(session: Session, start: dt.date, end: dt.date, *, head: bool = True) -> str:
    """Common table expressions (for `WITH …`) ending in `vs(id, hid, date, village_id, head)`: each visit of the
    range with the village its household was in on the visit day and the name of its head that day (NULL when
    `head` is false). Parameters: :start, :end."""
    place = changed_after(session, start, PLACE_FIELDS)
    dated_head = head and changed_after(session, start, HEAD_FIELDS)
    if not place and not dated_head:
        name = _HEAD_TODAY if head else "NULL"
        return (f"sv AS ({_visits_in_range()}), "
                f"vs AS (SELECT sv.vid AS id, sv.hid AS hid, sv.d AS date, sv.hvil AS village_id, {name} AS head "
                "FROM sv)")
    enc = {f: encoded_on(f, "p.id", "c.d") for f in ("household_id", "relation", "deleted", VILLAGE)}
    day = {
        "hid_then": decoded("e_household_id", "cur_hid"),
        "rel_then": decoded("e_relation", "cur_rel"),
        "del_then": f"CAST({decoded('e_deleted', 'cur_del')} AS INTEGER)",
        "vil_then": decoded(f"e_{VILLAGE}", "cur_vil"),
    }
    joins = [] if not place else [
        "LEFT JOIN (SELECT vid, vil_then, ROW_NUMBER() OVER (PARTITION BY vid ORDER BY del_then, pid) AS n "
        "FROM member_then) pl ON pl.vid = sv.vid AND pl.n = 1"]
    village = "CASE WHEN sv.hit THEN COALESCE(pl.vil_then, sv.hvil) ELSE sv.hvil END" if place else "sv.hvil"
    if not head:
        name = "NULL"
    elif dated_head:
        name = f"CASE WHEN sv.hit THEN hd.name ELSE {_HEAD_TODAY} END"
        joins.append("LEFT JOIN (SELECT vid, name, ROW_NUMBER() OVER (PARTITION BY vid ORDER BY del_then, sort_key) "
                     "AS n FROM member_then WHERE rel_then = 'chu_ho' AND (del_then = 0 OR hdel = 1)) hd "
                     "ON hd.vid = sv.vid AND hd.n = 1")
    else:
        name = _HEAD_TODAY
    fields = ", ".join(f"'{f}'" for f in {*PLACE_FIELDS, *HEAD_FIELDS})
    # The history is looked up for the households it touches (`hit`: one of its members now, or someone a
    # history row puts there, has a row of these fields); everyone else's values are the columns' on every day.
    # Everyone who was ever a member of such a household: its members now and those a history row puts there.
    return f"""dated AS MATERIALIZED (SELECT DISTINCT person_id AS pid FROM person_status
                WHERE deleted = 0 AND field IN ({fields})),
        was AS MATERIALIZED (SELECT DISTINCT person_id AS pid, value AS hid FROM person_status
                WHERE field = 'household_id' AND deleted = 0 AND value IS NOT NULL),
        touched AS MATERIALIZED (SELECT p.household_id AS hid FROM person p JOIN dated ON dated.pid = p.id
                UNION SELECT hid FROM was),
        sv AS MATERIALIZED (SELECT x.*, x.hid IN (SELECT hid FROM touched) AS hit FROM ({_visits_in_range()}) x),
        cand AS (SELECT sv.vid AS vid, sv.hid AS hid, sv.d AS d, sv.hdel AS hdel, p.id AS pid
                 FROM sv JOIN person p ON p.household_id = sv.hid WHERE sv.hit
                 UNION SELECT sv.vid, sv.hid, sv.d, sv.hdel, was.pid FROM sv JOIN was ON was.hid = sv.hid),
        enc AS (SELECT c.vid AS vid, c.hid AS hid, c.hdel AS hdel, p.id AS pid, p.full_name AS name,
                       p.sort_key AS sort_key, p.household_id AS cur_hid, p.relation AS cur_rel,
                       MAX(p.deleted, COALESCE(ch.deleted, 1)) AS cur_del, ch.village_id AS cur_vil,
                       {", ".join(f"CASE WHEN hp.pid IS NOT NULL THEN {sql} END AS e_{f}" for f, sql in enc.items())}
                FROM cand c JOIN person p ON p.id = c.pid LEFT JOIN household ch ON ch.id = p.household_id
                LEFT JOIN dated hp ON hp.pid = p.id),
        member_then AS MATERIALIZED (
            SELECT vid, hdel, pid, name, sort_key, {", ".join(f"{sql} AS {k}" for k, sql in day.items())}
            FROM enc WHERE {day["hid_then"]} = hid),
        vs AS (SELECT sv.vid AS id, sv.hid AS hid, sv.d AS date, {village} AS village_id, {name} AS head
               FROM sv {" ".join(joins)})"""


def completion_village(session: Session, start: dt.date) -> tuple[str, str]:
    """For a query over `completion c`: (a join, the expression of the learner's village on the completion day).
    The join adds `cp` (the person) and `ch` (their household now); the village is the dated village of that
    day, else the household's (the fast path when no village history holds from after `start`)."""
    join = "JOIN person cp ON cp.id = c.person_id LEFT JOIN household ch ON ch.id = cp.household_id"
    if not changed_after(session, start, (VILLAGE,)):
        return join, "ch.village_id"
    moved = f"SELECT person_id FROM person_status WHERE field = '{VILLAGE}' AND deleted = 0"
    then = decoded(encoded_on(VILLAGE, "c.person_id", "c.date"), "ch.village_id")
    return join, f"(CASE WHEN c.person_id IN ({moved}) THEN {then} ELSE ch.village_id END)"
