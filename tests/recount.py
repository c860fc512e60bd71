"""Independent recounts for report tests: two of the plan's indicators counted by plain SQL written here, not by
the code under test (residents of live households; ages by the birth reference date)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path


def _cut(as_of: dt.date, years: int) -> str:
    try:
        return as_of.replace(year=as_of.year - years).isoformat()
    except ValueError:
        return as_of.replace(year=as_of.year - years, day=28).isoformat()


def _count(path: Path, where: str, params: list[object], village: str | None) -> int:
    con = sqlite3.connect(path)
    try:
        extra = "AND h.village_id = (SELECT id FROM village WHERE name = ? AND NOT deleted)" if village else ""
        sql = f"""SELECT COUNT(*) FROM person p JOIN household h ON h.id = p.household_id
                  WHERE NOT p.deleted AND NOT h.deleted AND p.residence = 'cu_tru' AND {where} {extra}"""
        return int(con.execute(sql, [*params, *([village] if village else [])]).fetchone()[0])
    finally:
        con.close()


def digital_identity(path: Path, as_of: dt.date, village: str | None = None) -> tuple[int, int]:
    """People 16+ with VNeID level 2 and a bank account / people 16+."""
    age = "p.birth_ref <= ?"
    den = _count(path, age, [_cut(as_of, 16)], village)
    num = _count(path, f"{age} AND p.vneid_level = 2 AND p.has_bank_account = 1", [_cut(as_of, 16)], village)
    return num, den


def adults_vneid(path: Path, as_of: dt.date, village: str | None = None) -> tuple[int, int]:
    """Adults (18+) with at least one live lesson on the national online platform by `as_of` / adults."""
    age = "p.birth_ref <= ?"
    den = _count(path, age, [_cut(as_of, 18)], village)
    online = ("EXISTS (SELECT 1 FROM completion c WHERE c.person_id = p.id AND NOT c.deleted "
              "AND c.channel = 'nen_tang_truc_tuyen' AND c.date <= ?)")
    num = _count(path, f"{age} AND {online}", [_cut(as_of, 18), as_of.isoformat()], village)
    return num, den


def dotted(n: int) -> str:
    """1217 -> "1.217", as the reports print it."""
    return f"{n:,}".replace(",", ".")
