"""Household lists and search: ordered ids first (cheap), rows for the ids on screen later."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from binhdan_desktop.domain.text import fold


def fts_query(query: str) -> str | None:
    """FTS5 query for what the user typed: every word must start a word of the household's code or of
    a member's name, in any order ("nguyen van an", "an nguyen", "t03"); None when nothing to search."""
    words = re.findall(r"[a-z0-9]+", fold(query))
    return " ".join(f'"{w}"*' for w in words) or None


def search_household_ids(session: Session, query: str = "", village_id: str | None = None,
                         limit: int | None = None) -> list[str]:
    """Ids of live households matching `query`, ordered the Vietnamese way by the head's name.
    The covering index lists households in order; the FTS index answers which ones match. Runs on
    the driver directly: this is the search-as-you-type hot path and may return 20,000 ids."""
    params: list[object] = []
    where = ["h.deleted = 0"]
    if village_id:
        where.append("h.village_id = ?")
        params.append(village_id)
    match = fts_query(query)
    if match:
        where.append("h.rowid IN (SELECT rowid FROM household_fts WHERE household_fts MATCH ?)")
        params.append(match)
    elif query.strip():
        return []  # only punctuation was typed: nothing can match
    sql = f"SELECT h.id FROM household h WHERE {' AND '.join(where)} ORDER BY h.deleted, h.head_key, h.code_folded"
    if limit:
        sql += " LIMIT ?"
        params.append(int(limit))
    # The DBAPI cursor directly, inside the session's transaction: no Row objects for 20,000 ids.
    dbapi = session.connection().connection.dbapi_connection
    assert dbapi is not None
    return [row[0] for row in dbapi.execute(sql, tuple(params))]


@dataclass(frozen=True)
class HouseholdRow:
    id: str
    code: str
    village: str
    address: str
    head: str
    members: int
    poverty: str


def household_rows(session: Session, ids: list[str]) -> dict[str, HouseholdRow]:
    """Display rows for the given household ids (one query, whatever their number)."""
    if not ids:
        return {}
    sql = text("""
        SELECT h.id, h.code, v.name AS village, h.address, h.poverty,
               (SELECT full_name FROM person p WHERE p.household_id = h.id AND p.relation = 'chu_ho'
                  AND p.deleted = 0 ORDER BY p.sort_key LIMIT 1) AS head,
               (SELECT COUNT(*) FROM person p WHERE p.household_id = h.id AND p.deleted = 0
                  AND p.residence = 'cu_tru') AS members
        FROM household h JOIN village v ON v.id = h.village_id
        WHERE h.id IN :ids
    """).bindparams(bindparam("ids", expanding=True))
    out = {}
    for r in session.execute(sql, {"ids": ids}).mappings():
        out[r["id"]] = HouseholdRow(r["id"], r["code"], r["village"], r["address"], r["head"] or "",
                                    int(r["members"]), r["poverty"])
    return out


@dataclass(frozen=True)
class CompletionRow:
    person: str
    code: str
    title: str
    date: dt.date
    channel: str


def household_completions(session: Session, household_id: str) -> list[CompletionRow]:
    """Lessons completed by the live members of a household, newest first."""
    sql = text("""
        SELECT p.full_name, l.code, l.title, c.date, c.channel FROM completion c
        JOIN person p ON p.id = c.person_id JOIN lesson l ON l.id = c.lesson_id
        WHERE p.household_id = :hid AND p.deleted = 0 AND c.deleted = 0
        ORDER BY c.date DESC, p.sort_key, l.sort_order""")
    return [CompletionRow(name, code, title, dt.date.fromisoformat(str(day)), channel)
            for name, code, title, day, channel in session.execute(sql, {"hid": household_id})]


def completed_lessons(session: Session, household_id: str) -> dict[str, set[str]]:
    """Per live member of the household: the lesson ids completed (live completions)."""
    sql = text("""SELECT c.person_id, c.lesson_id FROM completion c JOIN person p ON p.id = c.person_id
                  WHERE p.household_id = :hid AND p.deleted = 0 AND c.deleted = 0""")
    out: dict[str, set[str]] = {}
    for pid, lid in session.execute(sql, {"hid": household_id}):
        out.setdefault(pid, set()).add(lid)
    return out


def residents(session: Session, village_id: str | None = None) -> list[tuple[str, str, int | None, str]]:
    """Live resident people (id, name, birth year, household code), in Vietnamese name order."""
    where = "AND h.village_id = :village" if village_id else ""
    sql = text(f"""SELECT p.id, p.full_name, p.birth_year, h.code
                   FROM person p JOIN household h ON h.id = p.household_id
                   WHERE p.deleted = 0 AND h.deleted = 0 AND p.residence = 'cu_tru' {where} ORDER BY p.sort_key""")
    return [(r[0], r[1], r[2], r[3]) for r in session.execute(sql, {"village": village_id})]
