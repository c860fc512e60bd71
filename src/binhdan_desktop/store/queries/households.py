"""Household lists and search: ordered ids first (cheap), rows for the ids on screen later."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from binhdan_desktop.domain.text import fold


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_household_ids(session: Session, query: str = "", village_id: str | None = None,
                         limit: int | None = None) -> list[str]:
    """Ids of live households matching `query` (a member's name, the code; diacritics and case
    ignored), ordered the Vietnamese way by the head's name, then by code."""
    params: dict[str, object] = {}
    where = ["h.deleted = 0"]
    if village_id:
        where.append("h.village_id = :village")
        params["village"] = village_id
    folded = fold(query)
    if folded:
        params["sub"] = f"%{_like_escape(folded)}%"
        params["pre"] = f"{_like_escape(folded)}%"
        where.append("(h.code_folded LIKE :pre ESCAPE '\\' OR h.id IN (SELECT household_id FROM person "
                     "WHERE deleted = 0 AND name_folded LIKE :sub ESCAPE '\\'))")
    sql = f"""
        SELECT h.id FROM household h
        LEFT JOIN person hd ON hd.household_id = h.id AND hd.relation = 'chu_ho' AND hd.deleted = 0
        WHERE {" AND ".join(where)}
        GROUP BY h.id ORDER BY MIN(hd.sort_key) IS NULL, MIN(hd.sort_key), h.code_folded
    """
    if limit:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return list(session.scalars(text(sql), params))


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
