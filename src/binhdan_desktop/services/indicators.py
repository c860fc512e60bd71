"""The plan's indicators for a year (or an as-of date), per village and for the commune."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from binhdan_desktop.domain import validation as v
from binhdan_desktop.domain.plan import IndicatorDef, Rule, load_plan, needed, target_met
from binhdan_desktop.domain.text import nfc
from binhdan_desktop.errors import BinhdanError, RowErrors, RowProblem, ValidationError
from binhdan_desktop.services import Changes, changes_of
from binhdan_desktop.services.commune import find_village, villages
from binhdan_desktop.services.lessons import lesson_codes_by_id, lesson_ids_by_code
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import IndicatorRule, PlanTarget
from binhdan_desktop.store.queries.indicators import (
    Count,
    HouseholdStatus,
    IndicatorSpec,
    count_indicators,
    count_indicators_at,
)
from binhdan_desktop.store.queries.indicators import household_status as query_household_status


@dataclass(frozen=True)
class IndicatorResult:
    code: str
    kind: str
    order: int
    name: str
    village_id: str | None  # None: the whole commune
    village: str | None
    numerator: int
    denominator: int
    rate: float | None
    target: float | None
    met: bool | None
    gap: int  # people (or households) still needed to reach the target
    lead_unit: str
    partner_units: str
    goal: str
    year: int
    as_of: dt.date
    short: str = ""
    compare: str = ">="  # the plan's wording: ">" ("Trên 80%") or ">=" ("80%", "100%")

    def as_json(self) -> dict[str, object]:
        out = asdict(self)
        out["as_of"] = self.as_of.isoformat()
        out["village"] = self.village
        return out


def plan_years(session: Session) -> list[int]:
    return sorted(set(session.scalars(select(PlanTarget.year).where(PlanTarget.deleted.is_(False)))))


def default_year(session: Session, today: dt.date | None = None) -> int:
    years = plan_years(session) or load_plan().years()
    year = (today or dt.date.today()).year
    return year if year in years else max(years)


def years_of(db: Database) -> tuple[list[int], int]:
    """The plan's years and the one to show first (opens its own read session)."""
    with db.read() as s:
        return plan_years(s), default_year(s)


def results_of(db: Database, year: int) -> list[IndicatorResult]:
    """Every indicator of `year` for the commune and each village (opens its own read session)."""
    with db.read() as s:
        return compute(s, year)


def year_targets(session: Session, year: int) -> dict[str, PlanTarget]:
    rows = session.scalars(select(PlanTarget).where(PlanTarget.year == year, PlanTarget.deleted.is_(False)))
    return {r.code: r for r in rows}


def rules(session: Session) -> dict[str, Rule]:
    """Each indicator's rule with its lessons as ids of live lessons. A code (a rule written by a device
    before 0006 and received by sync) is read as the live lesson of that code; a lesson gone is left out,
    so what "all listed lessons" asks stays what can be done."""
    ids = lesson_codes_by_id(session)
    by_code = {code: lid for lid, code in ids.items()}
    out = {}
    for r in session.scalars(select(IndicatorRule).where(IndicatorRule.deleted.is_(False))):
        lessons = None if r.lessons is None else \
            tuple(dict.fromkeys(k if k in ids else by_code[k] for k in r.lessons if k in ids or k in by_code))
        out[r.code] = Rule(r.code, lessons, r.min_count, tuple(r.channels) if r.channels else None,
                           tuple(r.requires or ()))
    return out


def _specs(session: Session, year: int) -> list[tuple[IndicatorDef, PlanTarget, IndicatorSpec]]:
    targets = year_targets(session, year)
    if not targets:
        raise ValidationError("validation.year", field="year", value=year,
                              known=", ".join(map(str, plan_years(session))))
    all_rules = rules(session)
    out = []
    for d in load_plan().indicators:
        if d.code not in targets or d.code not in all_rules:
            continue
        rule = all_rules[d.code]
        ids = rule.lessons
        student_levels = targets[d.code].student_levels
        levels = tuple(student_levels) if student_levels else None
        out.append((d, targets[d.code], IndicatorSpec(d.code, d.population, rule, ids, levels)))
    return out


def _result(d: IndicatorDef, t: PlanTarget, num: int, den: int, village: tuple[str | None, str | None],
            year: int, as_of: dt.date) -> IndicatorResult:
    rate = num / den if den else None
    compare = load_plan().compare_of(year, d.code)  # fixed by the plan's wording, not editable per commune
    met = target_met(num, den, t.target, compare)
    gap = 0 if t.target is None else max(0, needed(den, t.target, compare) - num)
    return IndicatorResult(d.code, d.kind, d.order, d.name_vi, village[0], village[1], num, den, rate, t.target,
                           met, gap, t.lead_unit, t.partner_units, t.goal, year, as_of, d.short_vi, compare)


def compute(session: Session, year: int, *, as_of: dt.date | None = None, village: str | None = None,
            per_village: bool = True, use_masks: bool = True) -> list[IndicatorResult]:
    """Every indicator for the commune (village None) and, if asked, for each village."""
    as_of = as_of or min(dt.date(year, 12, 31), dt.date.today())  # never a day that has not come yet
    specs = _specs(session, year)
    only = find_village(session, village) if village else None
    counts = count_indicators(session, [s for _, _, s in specs], as_of, only.id if only else None,
                              use_masks=use_masks)
    return _results(session, specs, counts, year, as_of, only.id if only else None, per_village)


def compute_at(session: Session, year: int, days: Sequence[dt.date]) -> dict[dt.date, list[IndicatorResult]]:
    """`compute` of the commune and every village at each of `days` (a period's month ends), counted in one SQL
    statement grouped by day."""
    specs = _specs(session, year)
    counts = count_indicators_at(session, [s for _, _, s in specs], list(days))
    return {d: _results(session, specs, c, year, d, None, True) for d, c in counts.items()}


def _results(session: Session, specs: list[tuple[IndicatorDef, PlanTarget, IndicatorSpec]],
             counts: Mapping[str, Sequence[Count]], year: int, as_of: dt.date, only_id: str | None,
             per_village: bool) -> list[IndicatorResult]:
    names = {vg.id: vg.name for vg in villages(session)}
    out: list[IndicatorResult] = []
    for d, t, spec in specs:
        rows: Sequence[Count] = counts[spec.code]
        if only_id is None:
            out.append(_result(d, t, sum(c.numerator for c in rows), sum(c.denominator for c in rows),
                               (None, None), year, as_of))
        if per_village or only_id is not None:
            by_village = {c.village_id: c for c in rows}
            for vid in ([only_id] if only_id else names):
                c = by_village.get(vid, Count(vid, 0, 0))
                out.append(_result(d, t, c.numerator, c.denominator, (vid, names.get(vid)), year, as_of))
    return out


def set_target(db: Database, year: int, code: str, target: float | None, *, lead_unit: str | None = None,
               partner_units: str | None = None) -> Changes:
    if target is not None and not 0 <= float(target) <= 1:
        raise ValidationError("validation.invalid", field="target", value=target)
    with db.write() as s:
        row = year_targets(s, year).get(code)
        if row is None:
            raise ValidationError("validation.year", field="year", value=year,
                                  known=", ".join(map(str, plan_years(s))))
        row.target = None if target is None else float(target)
        if lead_unit is not None:
            row.lead_unit = v.required_text(lead_unit, "lead_unit", 300)
        if partner_units is not None:
            row.partner_units = v.optional_text(partner_units, 300)
        return changes_of(s)


def set_rule(db: Database, code: str, *, lessons: list[str] | None, min_count: int | None = None,
             channels: list[str] | None = None) -> Changes:
    """Change what "trained" means for an indicator (lessons by code or id, stored by id; None = any lesson)."""
    with db.write() as s:
        row = s.scalars(select(IndicatorRule).where(IndicatorRule.code == code,
                                                    IndicatorRule.deleted.is_(False))).first()
        if row is None:
            raise ValidationError("validation.invalid", field="code", value=code)
        known, codes = lesson_ids_by_code(s), lesson_codes_by_id(s)
        for c in lessons or []:
            if c not in known and c not in codes:
                raise ValidationError("validation.invalid", field="lessons", value=c)
        if min_count is not None and min_count < 0:
            raise ValidationError("validation.invalid", field="min_count", value=min_count)
        ids = None if lessons is None else list(dict.fromkeys(c if c in codes else known[c] for c in lessons))
        row.lessons, row.min_count, row.channels = ids, min_count, channels or None
        return changes_of(s)


def household_status(session: Session, household_ids: list[str], year: int | None = None,
                     as_of: dt.date | None = None) -> dict[str, HouseholdStatus]:
    """"Gia đình số" and "how many still need help" for the households on screen (one query)."""
    year = year or default_year(session)
    as_of = as_of or min(dt.date(year, 12, 31), dt.date.today())
    specs = {d.code: spec for d, _, spec in _specs(session, year) if d.code != "traders_4t"}
    return query_household_status(session, specs, household_ids, max(as_of, dt.date(year, 1, 1)))


# -- The targets table of Settings: one read for the screen, one write for the "Save" button.

# "Trained" for these indicators is a status (VNeID level 2, a digital bank account), not a list of lessons.
FIXED_LESSONS = frozenset({"digital_identity"})
TargetEdit = tuple[float | None, Sequence[str] | None]  # (target 0..1 or None, lesson codes; None: leave the rule)
# The screen shows and takes lesson codes; the rules hold lesson ids (a code can be renamed).


@dataclass(frozen=True)
class TargetRow:
    """One row of the targets table: `row` is its number on screen (1-based, the plan's order)."""

    row: int
    code: str
    name: tuple[str, str]  # (vi, en)
    target: float | None
    lessons: tuple[str, ...] | None  # None: any lesson
    lessons_editable: bool


def year_list(db: Database) -> list[int]:
    """The plan's years held in the database, oldest first."""
    with db.read() as s:
        return plan_years(s)


def _target_defs(session: Session, year: int) -> list[tuple[int, IndicatorDef, PlanTarget]]:
    targets = year_targets(session, year)
    defs = [d for d in load_plan().indicators if d.code in targets]
    return [(i + 1, d, targets[d.code]) for i, d in enumerate(defs)]


def target_rows(db: Database, year: int) -> list[TargetRow]:
    """The year's targets with each indicator's lessons, in the plan's order."""
    with db.read() as s:
        all_rules, codes = rules(s), lesson_codes_by_id(s)
        out = []
        for row, d, t in _target_defs(s, year):
            rule = all_rules.get(d.code)
            lessons = None if rule is None or rule.lessons is None else tuple(codes[i] for i in rule.lessons)
            out.append(TargetRow(row, d.code, (d.name_vi, d.name_en), t.target, lessons,
                                 rule is not None and d.code not in FIXED_LESSONS))
        return out


def percent(text: str) -> float | None:
    """A target as typed in percent ("85", "72,5", "90 %"; blank: no target) as a fraction of 1."""
    cleaned = (nfc(text) or "").strip().removesuffix("%").strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise ValidationError("validation.target", field="target", value=text.strip()) from None
    if not 0 <= value <= 100:  # also refuses nan
        raise ValidationError("validation.target", field="target", value=text.strip())
    return round(value / 100, 6)


def _check_edit(code: str, edit: TargetEdit, known: Mapping[str, str]) -> BinhdanError | None:
    target, lessons = edit
    if target is not None and not 0 <= float(target) <= 1:
        return ValidationError("validation.target", field="target", value=f"{float(target) * 100:g}")
    if lessons is not None and code in FIXED_LESSONS:
        return ValidationError("validation.invalid", field="lessons", value=", ".join(lessons))
    for c in lessons or ():
        if c not in known:
            return ValidationError("validation.lesson_code", field="lessons", value=c)
    return None


def _apply_lessons(row: IndicatorRule | None, lessons: list[str]) -> None:
    """Change what "trained" means: the lessons listed (ids, all of them), or any one lesson when none is listed."""
    if row is None or list(row.lessons or []) == lessons:
        return
    row.lessons, row.min_count = (lessons, None) if lessons else (None, 1)


def _codes(lessons: Sequence[str] | None) -> list[str] | None:
    return None if lessons is None else [(nfc(c) or "").strip().upper() for c in lessons if c.strip()]


def set_targets(db: Database, year: int, edits: Mapping[str, TargetEdit]) -> Changes:
    """Save the targets table at once: every row is checked first; if any is wrong nothing is stored and
    `RowErrors` names each wrong row; otherwise one transaction stores them all."""
    cleaned = {code: (target, _codes(lessons)) for code, (target, lessons) in edits.items()}
    with db.write() as s:
        defs = {d.code: (row, d, t) for row, d, t in _target_defs(s, year)}
        if not defs:
            raise ValidationError("validation.year", field="year", value=year,
                                  known=", ".join(map(str, plan_years(s))))
        known = lesson_ids_by_code(s)
        problems = []
        for code, edit in cleaned.items():
            if code not in defs:
                raise ValidationError("validation.invalid", field="code", value=code)
            row, d, _ = defs[code]
            problem = _check_edit(code, edit, known)
            if problem is not None:
                problems.append(RowProblem(row, (d.name_vi, d.name_en), problem))
        if problems:
            raise RowErrors(sorted(problems, key=lambda p: p.row))
        rule_rows = {r.code: r for r in s.scalars(select(IndicatorRule).where(IndicatorRule.deleted.is_(False)))}
        for code, (target, lessons) in cleaned.items():
            plan_target = defs[code][2]
            value = None if target is None else float(target)
            if plan_target.target != value:
                plan_target.target = value
            if lessons is not None:
                _apply_lessons(rule_rows.get(code), list(dict.fromkeys(known[c] for c in lessons)))
        return changes_of(s)
