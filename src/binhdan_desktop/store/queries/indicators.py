"""The plan's indicators as one SQL aggregate per village: the database does the counting.

Three equivalent ways to know which lessons a person completed:
- the fast one reads `person_progress` (bit masks kept by triggers), valid when the as-of date is
  on or after every live completion and every lesson has a bit;
- on a past date, the same masks made from the completions up to that date (one pass over the covering index,
  one bit sum a person and channel), when every lesson has a bit;
- the exact one counts the distinct lessons of each rule among the completions up to the as-of date (the
  reference the other two are tested against).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from binhdan_desktop.domain.plan import Population, Rule
from binhdan_desktop.store.models import CHANNEL_MASKS, MAX_LESSON_BIT, Person
from binhdan_desktop.store.status_history import DATED_FIELDS, VILLAGE

_STATUS_SQL = {
    "vneid_level_2": "p.vneid_level = 2",
    "bank_account": "p.has_bank_account = 1",
    "smartphone": "p.has_smartphone = 1",
    "online_services": "p.uses_online_services = 1",
}
_GROUP_SQL = {
    "public_staff": "p.is_public_staff = 1",
    "worker": "p.is_worker = 1",
    "trader": "p.is_trader = 1",
}


# Dated statuses (store/status_history.py): per person and field, the latest history row on or before the
# as-of date, else the earliest row (the value held before it), else the person's column. The key orders the
# rows so: those on or before the date above the later ones, the latest first among them, the earliest first
# among the later ones; the row's id breaks ties (the bare `value` comes from the row of the MAX).
_STATUS_KEY = ("CASE WHEN since <= :as_of THEN '1' || since "
               "ELSE '0' || printf('%08d', 99999999 - CAST(replace(since, '-', '') AS INTEGER)) END || id")
_STATUS_ROWS = (f"SELECT person_id, field, value, MAX({_STATUS_KEY}) AS k FROM person_status "
                "WHERE deleted = 0 GROUP BY person_id, field")
_STATUS_TEXT = frozenset({"student_level", "residence", "relation", "household_id", VILLAGE})


def _dated_column(f: str, current: str) -> str:
    value = f"s.v_{f}" if f in _STATUS_TEXT else f"CAST(s.v_{f} AS INTEGER)"
    return f"CASE WHEN s.h_{f} IS NULL THEN {current} ELSE {value} END AS {f}"


# A person's current value of each dated field; a person of a deleted household is deleted with it, and the
# village is the household's (unless a move dated it).
_CURRENT = {**{f: f"p.{f}" for f in DATED_FIELDS}, "deleted": "MAX(p.deleted, COALESCE(hh.deleted, 1))",
            VILLAGE: "hh.village_id"}
_DATED_PERSON = (
    "(SELECT " + ", ".join([*(f"p.{c.name}" for c in Person.__table__.columns if c.name not in DATED_FIELDS),
                           *(_dated_column(f, cur) for f, cur in _CURRENT.items())])
    + " FROM person p LEFT JOIN household hh ON hh.id = p.household_id LEFT JOIN (SELECT person_id, "
    + ", ".join(f"MAX(CASE WHEN field = '{f}' THEN 1 END) AS h_{f}, MAX(CASE WHEN field = '{f}' THEN value END) "
                f"AS v_{f}" for f in _CURRENT)
    + f" FROM ({_STATUS_ROWS}) GROUP BY person_id) s ON s.person_id = p.id)")


# The same, a row a person and day of `days` (a CTE of `day` and the age limits): each day's values, one statement.
_STATUS_ROWS_DAYS = ("SELECT dd.day AS day, person_id, field, value, MAX("
                     + _STATUS_KEY.replace(":as_of", "dd.day") + ") AS k FROM person_status CROSS JOIN days dd "
                     "WHERE deleted = 0 GROUP BY dd.day, person_id, field")


# People whose values change after the first day of `days` (a live history row dated after it), and the
# households any of them belongs to on any day (now, or by a dated household change): on every day, everyone
# else holds the values they hold now (their latest row is the column), in a household none of these is in.
_CHANGING = ("moved AS (SELECT DISTINCT person_id FROM person_status INDEXED BY ix_person_status_since "
             "WHERE deleted = 0 AND since > :day_0), "
             "dated_hh AS (SELECT p.household_id AS id FROM moved m JOIN person p ON p.id = m.person_id "
             "UNION SELECT ps.value FROM moved m JOIN person_status ps ON ps.person_id = m.person_id "
             "WHERE ps.field = 'household_id' AND ps.deleted = 0 AND ps.value IS NOT NULL), "
             "dated_people AS (SELECT p.id AS id FROM dated_hh d JOIN person p ON p.household_id = d.id),")
# The people of those households with their values of each day (a CTE of `day` and the age limits): each
# person read once, with a row a day.
_DATED_PEOPLE_DAYS = (
    "(SELECT dd.day AS day, " + ", ".join([*(f"p.{c.name}" for c in Person.__table__.columns
                                              if c.name not in DATED_FIELDS),
                                            *(_dated_column(f, cur) for f, cur in _CURRENT.items())])
    + " FROM dated_people dp JOIN person p ON p.id = dp.id CROSS JOIN days dd "
    + "LEFT JOIN household hh ON hh.id = p.household_id LEFT JOIN (SELECT day, "
    + "person_id, " + ", ".join(f"MAX(CASE WHEN field = '{f}' THEN 1 END) AS h_{f}, MAX(CASE WHEN field = '{f}' "
                                f"THEN value END) AS v_{f}" for f in _CURRENT)
    + " FROM (" + _STATUS_ROWS_DAYS.replace("WHERE deleted = 0",
                                             "WHERE deleted = 0 AND person_id IN (SELECT id FROM dated_people)")
    + ") GROUP BY day, person_id) s ON s.person_id = p.id AND s.day = dd.day)")


# Households deleted after a day (`:end`): a household's delete deletes its members, each with a dated "deleted
# since" row (store/status_history.py), so one of them deleted after the day says the household was live then.
DELETED_AFTER = ("SELECT p.household_id FROM person_status ps JOIN person p ON p.id = ps.person_id "
                 "WHERE ps.field = 'deleted' AND ps.value = '1' AND ps.deleted = 0 AND ps.since > :end")


@dataclass(frozen=True)
class PersonSource:
    """Where a query reads people from for a date (`FROM {table} p JOIN household h ...`), the condition that
    keeps the people alive then, and the expression of the village they lived in."""

    table: str
    live: str
    village: str


_TODAY = PersonSource("person", "p.deleted = 0 AND h.deleted = 0", "h.village_id")
_DATED = PersonSource(_DATED_PERSON, "p.deleted = 0", "p.village_id")


def person_source(session: Session, as_of: dt.date) -> PersonSource:
    """What to read people from for `as_of`: the table itself when the date is on or after every dated status
    (the latest row of each field is the column's value), else the people with their values of that date —
    statuses, groups, residence, whether they were deleted yet and the village they lived in."""
    latest = session.scalar(text("SELECT MAX(since) FROM person_status WHERE deleted = 0"))
    if latest is None or dt.date.fromisoformat(str(latest)) <= as_of:
        return _TODAY
    return _DATED


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator ready for SQL: who counts, what "trained" means (lesson ids resolved)."""

    code: str
    population: Population
    rule: Rule
    lesson_ids: tuple[str, ...] | None  # None: any lesson
    student_levels: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Count:
    village_id: str
    numerator: int
    denominator: int


def _ident(code: str) -> str:
    if not re.fullmatch(r"[a-z0-9_]+", code):
        raise ValueError(f"indicator code {code!r} is not a plain identifier")
    return code


def age_cut(as_of: dt.date, years: int) -> dt.date:
    """The latest birth date of someone aged `years` on `as_of`."""
    try:
        return as_of.replace(year=as_of.year - years)
    except ValueError:  # 29 February
        return as_of.replace(year=as_of.year - years, day=28)


class _Builder:
    """Collects bound parameters while the statement's pieces are written."""

    def __init__(self, as_of: dt.date, bits: dict[str, int] | None, masks: str = "pg") -> None:
        self.as_of = as_of
        self.bits = bits  # lesson id -> bit, when the masks are used
        self.masks = masks  # the row that holds a person's masks (`mask`, `m_<channel>`)
        self.params: dict[str, object] = {"as_of": as_of}
        self.expanding: list[str] = []

    def age_limit(self, code: str, years: int) -> str:
        """The latest birth date of someone `years` old on the as-of date, as SQL."""
        return self.bind("age_" + code, age_cut(self.as_of, years))

    def mask_of(self, channels: tuple[str, ...] | None, suffix: str = "") -> str:
        if not channels:
            return f"{self.masks}.mask{suffix}"
        return "(" + " | ".join(f"{self.masks}.m_{ch}{suffix}" for ch in channels) + ")"

    def bind(self, name: str, value: object, expanding: bool = False) -> str:
        self.params[name] = value
        if expanding:
            self.expanding.append(name)
        return f":{name}"

    def done_column(self, spec: IndicatorSpec) -> str | None:
        """Scan path: distinct lessons of the rule a person completed by the as-of date."""
        if spec.rule.needed <= 0:
            return None
        c = _ident(spec.code)
        cond = []
        if spec.lesson_ids is not None:
            cond.append(f"c.lesson_id IN {self.bind('l_' + c, list(spec.lesson_ids) or [''], True)}")
        if spec.rule.channels:
            cond.append(f"c.channel IN {self.bind('ch_' + c, list(spec.rule.channels), True)}")
        when = " AND ".join(cond) or "1"
        return f"COUNT(DISTINCT CASE WHEN {when} THEN c.lesson_id END) AS r_{c}"

    def lessons_done(self, spec: IndicatorSpec) -> str:
        """How many lessons of the rule a person completed, as an SQL expression."""
        c = _ident(spec.code)
        if self.bits is None:
            return f"COALESCE(d.r_{c}, 0)"
        mask = self.mask_of(spec.rule.channels)
        ids = spec.lesson_ids if spec.lesson_ids is not None else tuple(self.bits)
        terms = [f"((COALESCE({mask}, 0) >> {self.bits[i]}) & 1)" for i in dict.fromkeys(ids)]
        return "(" + (" + ".join(terms) or "0") + ")"

    def population(self, spec: IndicatorSpec) -> str:
        c, pop, cond = _ident(spec.code), spec.population, ["1"]
        if pop.group == "student":
            levels = list(spec.student_levels or ("tieu_hoc", "thcs", "thpt"))
            cond.append(f"p.student_level IN {self.bind('sl_' + c, levels, True)}")
        elif pop.group:
            cond.append(_GROUP_SQL[pop.group])
        if pop.min_age:
            cond.append(f"p.birth_ref <= {self.age_limit(c, pop.min_age)}")
        return " AND ".join(cond)

    def mask_test(self, spec: IndicatorSpec) -> str | None:
        """Mask path shortcuts: "every listed lesson" is one AND; "at least one" is a non-zero AND."""
        if self.bits is None or spec.rule.needed <= 0:
            return None
        ids = set(spec.lesson_ids if spec.lesson_ids is not None else self.bits)
        full = sum(1 << self.bits[i] for i in ids)
        mask = self.mask_of(spec.rule.channels)
        if spec.rule.needed == 1:
            return f"(COALESCE({mask}, 0) & {full}) != 0"
        if spec.rule.needed == len(ids) and spec.lesson_ids is not None:
            return f"(COALESCE({mask}, 0) & {full}) = {full}"
        return None

    def trained(self, spec: IndicatorSpec) -> str:
        c, cond = _ident(spec.code), ["1"]
        if (quick := self.mask_test(spec)) is not None:
            cond.append(quick)
        elif spec.rule.needed > 0:
            cond.append(f"{self.lessons_done(spec)} >= {self.bind('n_' + c, spec.rule.needed)}")
        cond.extend(_STATUS_SQL[r] for r in spec.rule.requires)
        return " AND ".join(cond)


def _lesson_bits(session: Session, specs: list[IndicatorSpec]) -> dict[str, int] | None:
    """Lesson bits when masks can answer the rules of `specs` (every lesson and channel they name has its bit);
    None when the distinct lessons must be counted."""
    bits: dict[str, int] = dict(session.execute(text("SELECT lesson_id, bit FROM lesson_bit")).all())
    if any(b > MAX_LESSON_BIT for b in bits.values()):
        return None
    for s in specs:
        if s.lesson_ids is not None and any(i not in bits for i in s.lesson_ids):
            return None
        if s.rule.channels and any(ch not in CHANNEL_MASKS for ch in s.rule.channels):
            return None
    return bits


def lessons_by(session: Session, specs: list[IndicatorSpec], as_of: dt.date,
               use_masks: bool = True) -> tuple[_Builder, str, str]:
    """How a statement knows each person's lessons completed by `as_of`: its builder, a CTE to put after WITH
    ("" for none) and the join that brings it in as `pg` (masks) or `d` (distinct counts).

    On or after the latest completion the masks the triggers keep answer; before it, the same masks are summed
    from the completions up to the date (one bit a lesson, `SUM(DISTINCT)` per person and channel: one pass
    over the covering index, where counting each rule's distinct lessons kept a sort per rule)."""
    bits = _lesson_bits(session, specs) if use_masks else None
    b = _Builder(as_of, bits)
    if bits is None:
        cols = ", ".join(["c.person_id", *[col for s in specs if (col := b.done_column(s))]])
        # The covering (person, lesson, deleted, date, channel) index streams persons in order; the
        # planner would otherwise pick the date index and visit every row of the table.
        return (b, f"""done AS (SELECT {cols} FROM completion c INDEXED BY ix_completion_person
                   WHERE c.deleted = 0 AND c.date <= :as_of GROUP BY c.person_id)""",
                "LEFT JOIN done d ON d.person_id = p.id")
    latest = session.scalar(text("SELECT MAX(date) FROM completion WHERE deleted = 0"))
    if latest is None or dt.date.fromisoformat(str(latest)) <= as_of:
        return b, "", "LEFT JOIN person_progress pg ON pg.person_id = p.id"
    channels = sorted({ch for s in specs for ch in (s.rule.channels or ())})
    masks = ["SUM(DISTINCT 1 << lb.bit) AS mask",
             *(f"SUM(DISTINCT CASE WHEN c.channel = '{_ident(ch)}' THEN 1 << lb.bit ELSE 0 END) AS m_{ch}"
               for ch in channels)]
    return (b, f"""pg AS (SELECT c.person_id AS person_id, {", ".join(masks)}
                   FROM completion c INDEXED BY ix_completion_person
                   CROSS JOIN lesson_bit lb ON lb.lesson_id = c.lesson_id
                   WHERE c.deleted = 0 AND c.date <= :as_of GROUP BY c.person_id)""",
            "LEFT JOIN pg ON pg.person_id = p.id")


def count_indicators(
    session: Session, specs: list[IndicatorSpec], as_of: dt.date, village_id: str | None = None,
    *, use_masks: bool = True,
) -> dict[str, list[Count]]:
    """Numerator and denominator of each indicator per village, in one statement."""
    b, lessons, join = lessons_by(session, specs, as_of, use_masks)
    src = person_source(session, as_of)
    person_specs = [s for s in specs if s.population.unit == "person"]
    household_specs = [s for s in specs if s.population.unit == "household"]
    flags = [f"CASE WHEN {b.population(s)} THEN 1 ELSE 0 END AS pop_{s.code}" for s in person_specs]
    flags += [f"CASE WHEN {b.population(s)} AND {b.trained(s)} THEN 1 ELSE 0 END AS ok_{s.code}" for s in specs]
    village_filter = f"AND {src.village} = {b.bind('village', village_id)}" if village_id else ""
    person_aggs = [f"SUM(pop_{s.code}) AS den_{s.code}, SUM(ok_{s.code}) AS num_{s.code}" for s in person_specs]
    household_aggs = [f"COUNT(DISTINCT household_id) AS den_{s.code}, "
                      f"COUNT(DISTINCT CASE WHEN ok_{s.code} = 1 THEN household_id END) AS num_{s.code}"
                      for s in household_specs]
    head = f"WITH {lessons}," if lessons else "WITH"
    # The whole commune: people in table order, each looking up its household (CROSS JOIN keeps that order;
    # the planner's own choice walked the households by an index and was a third slower). One village:
    # its households by index first.
    order = "JOIN" if village_id else "CROSS JOIN"
    sql = f"""
        {head} pp AS (
            SELECT {src.village} AS village_id, p.household_id AS household_id, {", ".join(flags)}
            FROM {src.table} p {order} household h ON h.id = p.household_id {join}
            WHERE {src.live} AND p.residence = 'cu_tru' {village_filter}
        )
        SELECT village_id, {", ".join(person_aggs + household_aggs)} FROM pp GROUP BY village_id
    """
    stmt = text(sql).bindparams(*[bindparam(n, expanding=True) for n in b.expanding])
    out: dict[str, list[Count]] = {s.code: [] for s in specs}
    for row in session.execute(stmt, b.params).mappings():
        for s in specs:
            out[s.code].append(Count(row["village_id"], int(row[f"num_{s.code}"] or 0),
                                     int(row[f"den_{s.code}"] or 0)))
    return out


class _OneDayBuilder(_Builder):
    """One day's expressions in a statement of several days (`count_indicators_at`, a column a day): its
    parameters named for the day, its masks `pgw.mask_<i>` (or the kept masks, the same every day)."""

    def __init__(self, day: dt.date, bits: dict[str, int], i: int, into: _Builder, per_day_masks: bool) -> None:
        super().__init__(day, bits, masks="pgw")
        self.i, self.into = i, into
        self.suffix = f"_{i}" if per_day_masks else ""
        self.params, self.expanding = into.params, into.expanding  # one statement's parameters

    def bind(self, name: str, value: object, expanding: bool = False) -> str:
        return self.into.bind(f"d{self.i}_{name}", value, expanding)

    def mask_of(self, channels: tuple[str, ...] | None, suffix: str = "") -> str:
        return super().mask_of(channels, self.suffix)


class _DaysBuilder(_Builder):
    """A builder for a row a person and day: the age limits and the masks are that row's (`p.cut_<years>`,
    `p.mask`), the day's own."""

    def __init__(self, days: list[dt.date], bits: dict[str, int] | None) -> None:
        super().__init__(max(days), bits, masks="p")
        self.ages: set[int] = set()

    def age_limit(self, code: str, years: int) -> str:
        self.ages.add(years)
        return f"p.cut_{years}"


def count_indicators_at(
    session: Session, specs: list[IndicatorSpec], days: list[dt.date], village_id: str | None = None,
) -> dict[dt.date, dict[str, list[Count]]]:
    """`count_indicators` at each of `days` (the period report's month ends) in one statement: the people are
    read once, with a column of flags a day (each day's ages and lessons), the completions once for every day,
    and the counts summed per village. When statuses changed after the first day, a second statement reads the
    households of the people who changed a row a day (that day's statuses, residence, village and lessons) and
    the first one leaves them out. When masks cannot answer (a lesson past the last bit), each day is counted
    on its own."""
    days = sorted(set(days))
    bits = _lesson_bits(session, specs)
    if bits is None or not days:
        return {d: count_indicators(session, specs, d, village_id) for d in days}
    b = _DaysBuilder(days, bits)
    person_specs = [s for s in specs if s.population.unit == "person"]
    household_specs = [s for s in specs if s.population.unit == "household"]
    flags = [f"CASE WHEN {b.population(s)} THEN 1 ELSE 0 END AS pop_{s.code}" for s in person_specs]
    flags += [f"CASE WHEN {b.population(s)} AND {b.trained(s)} THEN 1 ELSE 0 END AS ok_{s.code}" for s in specs]
    ages = sorted(b.ages)
    rows = ", ".join(f"(:day_{i}{''.join(f', :cut_{i}_{a}' for a in ages)})" for i in range(len(days)))
    for i, d in enumerate(days):
        b.params[f"day_{i}"] = d.isoformat()
        for a in ages:
            b.params[f"cut_{i}_{a}"] = age_cut(d, a).isoformat()
    channels = sorted({ch for s in specs for ch in (s.rule.channels or ())})
    mask_names = ["mask", *(f"m_{ch}" for ch in channels)]
    latest = session.scalar(text("SELECT MAX(date) FROM completion WHERE deleted = 0"))
    if latest is None or dt.date.fromisoformat(str(latest)) <= days[0]:
        masks_cte, mask_cols = "", [f"pgw.{m} AS {m}" for m in mask_names]
        masks_join = "LEFT JOIN person_progress pgw ON pgw.person_id = p.id"
    else:  # each day's masks from the completions up to it, in one pass over the covering index
        # a person's first completion of each lesson (and in each channel asked): on a day, its bit is set when
        # that date has come; a lesson is one row, so its bit is summed once
        firsts = ["MIN(c.date) AS first",
                  *(f"MIN(CASE WHEN c.channel = '{_ident(ch)}' THEN c.date END) AS first_{ch}" for ch in channels)]
        wide = []
        for i in range(len(days)):
            wide.append(f"SUM(CASE WHEN f.first <= :day_{i} THEN 1 << lb.bit ELSE 0 END) AS mask_{i}")
            wide += [f"SUM(CASE WHEN f.first_{ch} <= :day_{i} THEN 1 << lb.bit ELSE 0 END) AS m_{ch}_{i}"
                     for ch in channels]
        masks_cte = (f"firsts AS (SELECT c.person_id AS person_id, c.lesson_id AS lesson_id, {', '.join(firsts)} "
                     "FROM completion c INDEXED BY ix_completion_person "
                     f"WHERE c.deleted = 0 AND c.date <= :day_{len(days) - 1} GROUP BY c.person_id, c.lesson_id), "
                     f"pgw AS (SELECT f.person_id AS person_id, {', '.join(wide)} FROM firsts f "
                     "CROSS JOIN lesson_bit lb ON lb.lesson_id = f.lesson_id GROUP BY f.person_id),")
        mask_cols = ["CASE dd.day " + " ".join(f"WHEN :day_{i} THEN pgw.{m}_{i}" if m != "mask" else
                                               f"WHEN :day_{i} THEN pgw.mask_{i}" for i in range(len(days)))
                     + f" END AS {m}" for m in mask_names]
        masks_join = "LEFT JOIN pgw ON pgw.person_id = p.id"
    if person_source(session, days[0]) is _TODAY:
        return _count_wide(session, specs, days, village_id, bits, masks_cte, masks_join, b.params)
    # Statuses change after the first day: the households of the people who changed are read a day at a time
    # (each day's values), everyone else in the one pass of the wide statement; no household is in both, so the
    # counts of the two add up (households counted once).
    steady = _count_wide(session, specs, days, village_id, bits, masks_cte, masks_join, b.params, changing=True)
    masks_cte = masks_cte.replace("WHERE c.deleted = 0", "WHERE c.person_id IN (SELECT id FROM dated_people) "
                                  "AND c.deleted = 0")
    table = f"{_DATED_PEOPLE_DAYS} p JOIN days dd ON dd.day = p.day"
    live, village = _DATED.live, "p.village_id"
    village_filter = f"AND {village} = {b.bind('village', village_id)}" if village_id else ""
    person_aggs = [f"SUM(pop_{s.code}) AS den_{s.code}, SUM(ok_{s.code}) AS num_{s.code}" for s in person_specs]
    household_aggs = [f"COUNT(DISTINCT household_id) AS den_{s.code}, "
                      f"COUNT(DISTINCT CASE WHEN ok_{s.code} = 1 THEN household_id END) AS num_{s.code}"
                      for s in household_specs]
    cuts = "".join(f", dd.cut_{a} AS cut_{a}" for a in ages)
    sql = f"""
        WITH days(day{''.join(f', cut_{a}' for a in ages)}) AS (VALUES {rows}), {_CHANGING} {masks_cte}
        people AS (
            SELECT dd.day AS day, {village} AS vid, p.household_id AS household_id, p.birth_ref AS birth_ref,
                   p.student_level AS student_level, p.is_public_staff AS is_public_staff, p.is_worker AS is_worker,
                   p.is_trader AS is_trader, p.vneid_level AS vneid_level, p.has_bank_account AS has_bank_account,
                   p.has_smartphone AS has_smartphone, p.uses_online_services AS uses_online_services{cuts},
                   {", ".join(mask_cols)}
            FROM {table} JOIN household h ON h.id = p.household_id {masks_join}
            WHERE {live} AND p.residence = 'cu_tru' {village_filter}
        ),
        pp AS (SELECT day, vid, household_id, {", ".join(flags)} FROM people p)
        SELECT day, vid AS village_id, {", ".join(person_aggs + household_aggs)} FROM pp GROUP BY day, vid
    """
    stmt = text(sql).bindparams(*[bindparam(n, expanding=True) for n in b.expanding])
    out: dict[dt.date, dict[str, list[Count]]] = {d: {s.code: [] for s in specs} for d in days}
    for row in session.execute(stmt, b.params).mappings():
        counts = out[dt.date.fromisoformat(str(row["day"]))]
        for s in specs:
            counts[s.code].append(Count(row["village_id"], int(row[f"num_{s.code}"] or 0),
                                        int(row[f"den_{s.code}"] or 0)))
    return {d: {code: _added(steady[d][code], got) for code, got in by_code.items()} for d, by_code in out.items()}


def _added(a: list[Count], b: list[Count]) -> list[Count]:
    """Two counts of disjoint sets of households, village by village."""
    out = {c.village_id: c for c in a}
    for c in b:
        was = out.get(c.village_id)
        out[c.village_id] = c if was is None else Count(c.village_id, was.numerator + c.numerator,
                                                         was.denominator + c.denominator)
    return list(out.values())


def _count_wide(session: Session, specs: list[IndicatorSpec], days: list[dt.date], village_id: str | None,
                bits: dict[str, int], masks_cte: str, masks_join: str, day_params: dict[str, object],
                changing: bool = False) -> dict[dt.date, dict[str, list[Count]]]:
    """`count_indicators_at` when every day reads people as they are now (no dated status after the first day;
    `changing`: of the households no one of whom changed after it): one pass over the people, a column of flags
    a day and indicator, summed per village."""
    per_day = bool(masks_cte)
    b = _Builder(days[-1], bits)  # the statement's parameters: the days the masks read, then each day's own
    b.params = {k: v for k, v in day_params.items() if k.startswith("day_")}
    person_specs = [s for s in specs if s.population.unit == "person"]
    household_specs = [s for s in specs if s.population.unit == "household"]
    flags, aggs = [], []
    for i, d in enumerate(days):
        bi = _OneDayBuilder(d, bits, i, b, per_day)
        flags += [f"CASE WHEN {bi.population(s)} THEN 1 ELSE 0 END AS pop_{s.code}_{i}" for s in person_specs]
        flags += [f"CASE WHEN {bi.population(s)} AND {bi.trained(s)} THEN 1 ELSE 0 END AS ok_{s.code}_{i}"
                  for s in specs]
        aggs += [f"SUM(pop_{s.code}_{i}) AS den_{s.code}_{i}, SUM(ok_{s.code}_{i}) AS num_{s.code}_{i}"
                 for s in person_specs]
        aggs += [f"COUNT(DISTINCT household_id) AS den_{s.code}_{i}, "
                 f"COUNT(DISTINCT CASE WHEN ok_{s.code}_{i} = 1 THEN household_id END) AS num_{s.code}_{i}"
                 for s in household_specs]
    village_filter = f"AND h.village_id = {b.bind('village', village_id)}" if village_id else ""
    order = "JOIN" if village_id else "CROSS JOIN"  # as count_indicators: people in table order, or one village's
    steady = "AND p.household_id NOT IN (SELECT id FROM dated_hh)" if changing else ""
    sql = f"""
        WITH {_CHANGING if changing else ""} {masks_cte} pp AS (
            SELECT h.village_id AS village_id, p.household_id AS household_id, {", ".join(flags)}
            FROM person p {order} household h ON h.id = p.household_id {masks_join}
            WHERE {_TODAY.live} AND p.residence = 'cu_tru' {village_filter} {steady}
        )
        SELECT village_id, {", ".join(aggs)} FROM pp GROUP BY village_id
    """
    stmt = text(sql).bindparams(*[bindparam(n, expanding=True) for n in b.expanding])
    out: dict[dt.date, dict[str, list[Count]]] = {d: {s.code: [] for s in specs} for d in days}
    for row in session.execute(stmt, b.params).mappings():
        for i, d in enumerate(days):
            for s in specs:
                out[d][s.code].append(Count(row["village_id"], int(row[f"num_{s.code}_{i}"] or 0),
                                            int(row[f"den_{s.code}_{i}"] or 0)))
    return out


@dataclass(frozen=True)
class HouseholdStatus:
    household_id: str
    residents: int
    digital_family: bool
    needs_help: int  # residents who still miss what the year's indicators ask of them


def household_status(session: Session, specs: dict[str, IndicatorSpec], household_ids: list[str],
                     as_of: dt.date) -> dict[str, HouseholdStatus]:
    """Per household: is it a "Gia đình số", and how many residents still need help — adults without
    the basic skills, people 16+ without VNeID level 2 and a bank account, or a group still untrained."""
    if not household_ids:
        return {}
    b, lessons, join = lessons_by(session, list(specs.values()), as_of)
    gaps = [f"({b.population(s)} AND NOT ({b.trained(s)}))" for code, s in specs.items() if code != "digital_family"]
    family = specs.get("digital_family")
    family_ok = f"MAX({b.trained(family)})" if family else "0"
    head = f"WITH {lessons}" if lessons else ""
    sql = f"""{head}
        SELECT p.household_id AS hid, COUNT(*) AS residents, {family_ok} AS family,
               SUM(CASE WHEN {" OR ".join(gaps) or "0"} THEN 1 ELSE 0 END) AS needs
        FROM {person_source(session, as_of).table} p {join}
        WHERE p.deleted = 0 AND p.residence = 'cu_tru' AND p.household_id IN :hids
        GROUP BY p.household_id"""
    b.bind("hids", list(household_ids), True)
    stmt = text(sql).bindparams(*[bindparam(n, expanding=True) for n in b.expanding])
    out = {hid: HouseholdStatus(hid, 0, False, 0) for hid in household_ids}
    for row in session.execute(stmt, b.params).mappings():
        out[row["hid"]] = HouseholdStatus(row["hid"], int(row["residents"]), bool(row["family"]),
                                          int(row["needs"] or 0))
    return out
