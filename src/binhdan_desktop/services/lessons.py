"""The curriculum: lessons with the groups they serve, and how many people completed each."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from binhdan_desktop.domain import validation as v
from binhdan_desktop.domain.enums import Group
from binhdan_desktop.domain.plan import load_plan
from binhdan_desktop.domain.text import fold
from binhdan_desktop.errors import BinhdanError, NotFoundError, ValidationError
from binhdan_desktop.services import Changes, changes_of
from binhdan_desktop.store.db import Database
from binhdan_desktop.store.models import MAX_LESSON_BIT, IndicatorRule, Lesson, Person


@dataclass
class LessonDraft:
    code: str
    title: str
    description: str = ""
    skill_area: str = ""
    groups: list[str] = field(default_factory=list)
    serves: list[str] = field(default_factory=list)
    framework: str = ""
    minutes: int | None = None


def active_lessons(session: Session) -> list[Lesson]:
    return list(session.scalars(select(Lesson).where(Lesson.deleted.is_(False))
                                .order_by(Lesson.sort_order, Lesson.code)))


def find_lesson(session: Session, key: str) -> Lesson:
    """A lesson by id or by code (case-insensitive)."""
    found = session.get(Lesson, key)
    if found is None or found.deleted:
        found = session.scalars(select(Lesson).where(Lesson.deleted.is_(False),
                                                     func.upper(Lesson.code) == key.strip().upper())).first()
    if found is None:
        raise NotFoundError("not_found.lesson", value=key)
    return found


def lesson_ids_by_code(session: Session) -> dict[str, str]:
    return {code: lid for lid, code in session.execute(
        select(Lesson.id, Lesson.code).where(Lesson.deleted.is_(False)))}


def lesson_codes_by_id(session: Session) -> dict[str, str]:
    return {lid: code for code, lid in lesson_ids_by_code(session).items()}


def completion_counts(session: Session) -> dict[str, int]:
    """Number of distinct live people who completed each lesson (by lesson id). Reads the progress
    masks (one row per person) when every lesson has a bit; scans the completions otherwise."""
    found = session.execute(text("SELECT lesson_id, bit FROM lesson_bit"))
    bits: dict[str, int] = {lid: int(bit) for lid, bit in found}
    if bits and max(bits.values()) <= MAX_LESSON_BIT:
        sums = ", ".join(f"SUM((pg.mask >> {b}) & 1)" for b in bits.values())
        row = session.execute(text(f"SELECT {sums} FROM person_progress pg JOIN person p ON p.id = pg.person_id "
                                   "WHERE p.deleted = 0")).one()
        return {lid: int(n or 0) for lid, n in zip(bits, row, strict=True) if n}
    # mapped late (see models.LATE_MODELS)
    from binhdan_desktop.store.models import Completion

    q = (select(Completion.lesson_id, func.count(func.distinct(Completion.person_id)))
         .join(Person, Person.id == Completion.person_id)
         .where(Completion.deleted.is_(False), Person.deleted.is_(False))
         .group_by(Completion.lesson_id))
    return {lid: int(n) for lid, n in session.execute(q)}


def _clean(draft: LessonDraft) -> dict[str, object]:
    groups = [v.choice(g, Group, "groups").value for g in draft.groups]
    minutes = None if draft.minutes in (None, "") else int(draft.minutes)
    if minutes is not None and not 0 < minutes <= 600:
        raise ValidationError("validation.invalid", field="minutes", value=minutes)
    return {"code": v.required_text(draft.code, "code", 20).upper(),
            "title": v.required_text(draft.title, "lesson.title", 300),
            "description": v.optional_text(draft.description), "skill_area": v.optional_text(draft.skill_area, 200),
            "groups": groups, "serves": [s.strip() for s in draft.serves if s.strip()],
            "framework": v.optional_text(draft.framework, 100), "minutes": minutes}


def _check_code(session: Session, code: str, exclude: str | None = None) -> None:
    for lid, other in session.execute(select(Lesson.id, Lesson.code).where(Lesson.deleted.is_(False))):
        if fold(other) == fold(code) and lid != exclude:
            raise ValidationError("validation.duplicate_lesson", field="code", value=code)


def create_lesson(db: Database, draft: LessonDraft) -> Changes:
    values = _clean(draft)
    with db.write() as s:
        _check_code(s, str(values["code"]))
        top = s.scalar(select(func.max(Lesson.sort_order))) or 0
        lesson = Lesson(sort_order=top + 1, **values)
        s.add(lesson)
        return changes_of(s, lesson)


def update_lesson(db: Database, lesson_id: str, draft: LessonDraft) -> Changes:
    values = _clean(draft)
    with db.write() as s:
        lesson = find_lesson(s, lesson_id)
        _check_code(s, str(values["code"]), lesson.id)
        for key, value in values.items():
            if getattr(lesson, key) != value:
                setattr(lesson, key, value)
        return changes_of(s)


def _rules_with(session: Session, lesson: Lesson) -> list[IndicatorRule]:
    """The live rules that list the lesson (by id; by code for a rule written before 0006)."""
    found = session.scalars(select(IndicatorRule).where(IndicatorRule.deleted.is_(False)))
    return [r for r in found if r.lessons and (lesson.id in r.lessons or lesson.code in r.lessons)]


@dataclass(frozen=True)
class RuleUse:
    """An indicator whose rule lists a lesson: its code and its name (vi, en)."""

    code: str
    name: tuple[str, str]


def _uses(rows: list[IndicatorRule]) -> list[RuleUse]:
    plan = load_plan().by_code
    out = [RuleUse(r.code, (plan[r.code].name_vi, plan[r.code].name_en) if r.code in plan else (r.code, r.code))
           for r in rows]
    order = {d: i for i, d in enumerate(plan)}
    return sorted(out, key=lambda u: order.get(u.code, len(order)))


def rules_using(db: Database, lesson_id: str) -> list[RuleUse]:
    """The indicators whose "trained" rule lists the lesson (what deleting it would change)."""
    with db.read() as s:
        return _uses(_rules_with(s, find_lesson(s, lesson_id)))


def _drop_from(rule: IndicatorRule, lesson: Lesson) -> None:
    rule.lessons = [k for k in rule.lessons or () if k not in (lesson.id, lesson.code)]
    if rule.min_count and rule.min_count > len(rule.lessons):
        rule.min_count = len(rule.lessons)


@dataclass(frozen=True)
class LessonDeleted:
    """What deleting a lesson did (its Changes) and what undoing it needs: the rules it was taken out of, each
    with its lessons and minimum count as they were before."""

    changes: Changes
    lesson_id: str
    rules: dict[str, tuple[list[str] | None, int | None]] = field(default_factory=dict)


def delete_lesson(db: Database, lesson_id: str, *, drop_from_rules: bool = False) -> Changes:
    """Delete a lesson. One that an indicator's rule lists is refused, naming the indicators, unless the
    caller confirms (`drop_from_rules`): then those rules drop it in the same transaction."""
    return remove_lesson(db, lesson_id, drop_from_rules=drop_from_rules).changes


def remove_lesson(db: Database, lesson_id: str, *, drop_from_rules: bool = False) -> LessonDeleted:
    """`delete_lesson`, returning with its Changes what `restore_lesson` needs to undo it."""
    with db.write() as s:
        lesson = find_lesson(s, lesson_id)
        used = _rules_with(s, lesson)
        if used and not drop_from_rules:
            names = [u.name for u in _uses(used)]
            raise BinhdanError("lesson.used_by_rules", value=lesson.code, rules=(
                "lesson.rule_names", {"vi": "; ".join(n[0] for n in names), "en": "; ".join(n[1] for n in names)}))
        before = {rule.id: (None if rule.lessons is None else list(rule.lessons), rule.min_count) for rule in used}
        for rule in used:
            _drop_from(rule, lesson)
        lesson.deleted = True  # a tombstone, logged like every change: the undo revives it
        return LessonDeleted(changes_of(s), lesson.id, before)


def restore_lesson(db: Database, deleted: LessonDeleted) -> Changes:
    """Undo a lesson's delete in one transaction: the tombstone is cleared and each rule it was taken out of
    lists it again (where it stood) with its minimum count as before. Refused, with nothing changed, when another
    live lesson took its code meanwhile."""
    with db.write() as s:
        lesson = s.get(Lesson, deleted.lesson_id)
        if lesson is None:
            raise NotFoundError("not_found.lesson", value=deleted.lesson_id)
        _check_code(s, lesson.code, lesson.id)
        lesson.deleted = False
        for rule_id, (lessons, min_count) in deleted.rules.items():
            rule = s.get(IndicatorRule, rule_id)
            if rule is None or rule.deleted or lessons is None:
                continue
            now = list(rule.lessons or [])
            if lesson.id not in now and lesson.code not in now:
                at = lessons.index(lesson.id) if lesson.id in lessons else len(now)
                now.insert(min(at, len(now)), lesson.id)
                rule.lessons = now
            if min_count is not None and (rule.min_count or 0) < min_count:
                rule.min_count = min_count
        return changes_of(s)


@dataclass(frozen=True)
class LessonRow:
    """One line of the curriculum screen: the lesson as an editable draft and how many people completed it."""

    id: str
    draft: LessonDraft
    completed: int


def lesson_rows(db: Database) -> list[LessonRow]:
    """The live lessons in curriculum order with their completion counts (opens its own read session)."""
    with db.read() as s:
        counts = completion_counts(s)
        return [LessonRow(x.id, LessonDraft(x.code, x.title, x.description, x.skill_area, list(x.groups),
                                            list(x.serves), x.framework, x.minutes), counts.get(x.id, 0))
                for x in active_lessons(s)]
