"""The plan's indicators split by gender, age band or the household's poverty status, and each team member's
tallies for the ranking: one SQL aggregate each. The per-person conditions (who counts, who is trained) are
the very expressions `indicators.count_indicators` uses; only the GROUP BY differs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from binhdan_desktop.store.queries.indicators import (
    IndicatorSpec,
    _Builder,
    age_cut,
    lessons_by,
    person_source,
)

DIMENSIONS = ("gender", "age", "poverty")
# (code, lowest age, age the band stops before; None: no end). "0-15" keeps every band's sum the total.
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-15", 0, 16), ("16-17", 16, 18), ("18-35", 18, 36), ("36-59", 36, 60), ("60+", 60, None))


@dataclass(frozen=True)
class Cell:
    key: str | None  # the group's code (nam, 18-35, ngheo …); None: not known (no birth date or year, no gender)
    numerator: int
    denominator: int


def _key(b: _Builder, dimension: str) -> str:
    if dimension == "gender":
        return "NULLIF(p.gender, '')"  # a gender not known (imported from a list without one): the None group
    if dimension == "poverty":
        return "h.poverty"
    if dimension != "age":
        raise ValueError(f"no breakdown by {dimension!r}")
    # Ages on the as-of date, as the indicators' own minimum ages are (a birth year alone: 1 January).
    whens = [f"WHEN p.birth_ref > {b.bind(f'band_{high}', age_cut(b.as_of, high))} THEN '{code}'"
             for code, _, high in AGE_BANDS if high is not None]
    return f"CASE WHEN p.birth_ref IS NULL THEN NULL {' '.join(whens)} ELSE '{AGE_BANDS[-1][0]}' END"


def count_by(session: Session, specs: list[IndicatorSpec], as_of: dt.date, dimension: str,
             village_id: str | None = None, *, use_masks: bool = True) -> dict[str, list[Cell]]:
    """Numerator and denominator of each indicator per group of `dimension`, in one statement. Indicators that
    count households are split by poverty only (a household has no gender or age)."""
    if dimension != "poverty":
        specs = [s for s in specs if s.population.unit == "person"]
    b, lessons, join = lessons_by(session, specs, as_of, use_masks)
    src = person_source(session, as_of)
    key = _key(b, dimension)
    person = [s for s in specs if s.population.unit == "person"]
    household = [s for s in specs if s.population.unit == "household"]
    flags = [f"CASE WHEN {b.population(s)} THEN 1 ELSE 0 END AS pop_{s.code}" for s in person]
    flags += [f"CASE WHEN {b.population(s)} AND {b.trained(s)} THEN 1 ELSE 0 END AS ok_{s.code}" for s in specs]
    aggs = [f"SUM(pop_{s.code}) AS den_{s.code}, SUM(ok_{s.code}) AS num_{s.code}" for s in person]
    aggs += [f"COUNT(DISTINCT household_id) AS den_{s.code}, "
             f"COUNT(DISTINCT CASE WHEN ok_{s.code} = 1 THEN household_id END) AS num_{s.code}" for s in household]
    head = f"WITH {lessons}," if lessons else "WITH"
    village = f"AND {src.village} = {b.bind('village', village_id)}" if village_id else ""
    sql = f"""
        {head} pp AS (
            SELECT {key} AS k, p.household_id AS household_id, {", ".join(flags)}
            FROM {src.table} p JOIN household h ON h.id = p.household_id {join}
            WHERE {src.live} AND p.residence = 'cu_tru' {village}
        )
        SELECT k, {", ".join(aggs)} FROM pp GROUP BY k
    """
    stmt = text(sql).bindparams(*[bindparam(n, expanding=True) for n in b.expanding])
    out: dict[str, list[Cell]] = {s.code: [] for s in specs}
    for row in session.execute(stmt, b.params).mappings():
        for s in specs:
            out[s.code].append(Cell(row["k"], int(row[f"num_{s.code}"] or 0), int(row[f"den_{s.code}"] or 0)))
    return out


@dataclass(frozen=True)
class MemberTally:
    """What a team member did in a period: people taught (distinct), completions recorded, households visited
    (distinct) and visits made."""

    member_id: str
    name: str
    people: int
    completions: int
    households: int
    visits: int


def member_tallies(session: Session, start: dt.date, end: dt.date, village_id: str | None = None) -> list[MemberTally]:
    """Every live team member's tallies from `start` to `end` (both included), of the village's households
    when one is given: a visit counts in the village its household was in on the visit day, a completion in
    the learner's village on the completion day (moved since: where they were). Completions and visits of
    people or households deleted by the end do not count."""
    from binhdan_desktop.store.queries.visit_days import completion_village, visit_days

    src = person_source(session, end)  # the people as they were at the period's end: deleted or moved later
    if village_id:
        join, then = completion_village(session, start)
        taught_village = f"AND {then} = :village"
    else:
        join, taught_village = "", ""
    village = "AND s.village_id = :village" if village_id else ""
    sql = f"""
        WITH {visit_days(session, start, end, head=False)},
        taught AS (
            SELECT c.taught_by AS mid, COUNT(*) AS completions, COUNT(DISTINCT c.person_id) AS people
            FROM completion c JOIN {src.table} p ON p.id = c.person_id JOIN household h ON h.id = p.household_id
            {join}
            WHERE c.deleted = 0 AND {src.live} AND c.taught_by IS NOT NULL
              AND c.date BETWEEN :start AND :end {taught_village}
            GROUP BY c.taught_by
        ), visited AS (
            SELECT vm.member_id AS mid, COUNT(DISTINCT s.hid) AS households, COUNT(DISTINCT s.id) AS visits
            FROM vs s JOIN visit_member vm ON vm.visit_id = s.id
            WHERE vm.deleted = 0 {village}
            GROUP BY vm.member_id
        )
        SELECT m.id, m.name, COALESCE(t.people, 0), COALESCE(t.completions, 0), COALESCE(vd.households, 0),
               COALESCE(vd.visits, 0)
        FROM team_member m LEFT JOIN taught t ON t.mid = m.id LEFT JOIN visited vd ON vd.mid = m.id
        WHERE m.deleted = 0
    """
    params = {"start": start, "end": end, "village": village_id, "as_of": end}
    return [MemberTally(*row) for row in session.execute(text(sql), params).all()]
