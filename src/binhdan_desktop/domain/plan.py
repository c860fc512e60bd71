"""The plan's indicators, targets and "trained" rules as plain data, and the packaged defaults."""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from binhdan_desktop.domain.formatting import fmt_pct


@dataclass(frozen=True)
class Population:
    """Who an indicator counts: residents, optionally of a group and/or a minimum age."""

    unit: str = "person"  # "person" or "household"
    group: str | None = None  # public_staff | student | worker | trader
    min_age: int | None = None


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    kind: str  # "indicator" (section III of the plan) or "model" (section IV.4)
    order: int
    name_vi: str
    name_en: str
    population: Population
    lead_unit: str
    partner_units: str
    goal_vi: str = ""
    short_vi: str = ""
    short_en: str = ""


@dataclass(frozen=True)
class Rule:
    """What "trained" means: `min_count` of `lessons` (lesson ids in the database, codes in plan.json;
    None = any lesson), on `channels` (None = any channel), plus status requirements such as "vneid_level_2"
    and "bank_account"."""

    code: str
    lessons: tuple[str, ...] | None
    min_count: int | None = None  # None: all listed lessons
    channels: tuple[str, ...] | None = None
    requires: tuple[str, ...] = ()

    @property
    def needed(self) -> int:
        if self.min_count is not None:
            return self.min_count
        return len(self.lessons) if self.lessons else 1


STATUS_REQUIREMENTS = ("vneid_level_2", "bank_account", "smartphone", "online_services")

# How a rate is held against its target, as the plan words it: "Trên 80%" (more than) or "80%" (at least).
COMPARES = (">", ">=")


def target_met(numerator: int, denominator: int, target: float | None, compare: str = ">=") -> bool | None:
    """Whether `numerator`/`denominator` meets `target`; None when there is no target or nobody to count.
    A target of 100 % is met by everyone whatever the wording (nothing is "more than" 100 %)."""
    if target is None or denominator == 0:
        return None
    return numerator >= needed(denominator, target, compare)


def needed(denominator: int, target: float, compare: str = ">=") -> int:
    """The smallest numerator that meets the target (exact in integers: 4 of 5 is 80 %, not more than 80 %)."""
    share = target * denominator
    if compare == ">" and target < 1:
        return math.floor(share + 1e-9) + 1
    return math.ceil(share - 1e-9)


def target_text(target: float | None, compare: str = ">=", lang: str = "vi") -> str:
    """The target as printed: "> 80 %", "≥ 80 %", "100 %" ("–" when the plan sets none)."""
    if target is None:
        return "–"
    digits = 0 if round(target * 100, 6).is_integer() else 1
    pct = fmt_pct(target, lang, digits)
    if target >= 1:
        return pct
    return f"{'>' if compare == '>' else '≥'} {pct}"


@dataclass(frozen=True)
class YearTarget:
    year: int
    code: str
    target: float | None
    lead_unit: str
    partner_units: str
    goal: str = ""
    student_levels: tuple[str, ...] | None = None
    compare: str = ">="  # ">": "Trên 80%" (more than); ">=": "80%", "100%" (at least)


@dataclass(frozen=True)
class PlanDefaults:
    indicators: tuple[IndicatorDef, ...]
    targets: tuple[YearTarget, ...]
    rules: tuple[Rule, ...]
    source: str = ""
    by_code: dict[str, IndicatorDef] = field(default_factory=dict, compare=False)

    def years(self) -> list[int]:
        return sorted({t.year for t in self.targets})

    def compare_of(self, year: int, code: str) -> str:
        """The plan's comparison for one year's target (">=" for a year or indicator the plan does not word)."""
        return next((t.compare for t in self.targets if t.year == year and t.code == code), ">=")


def _indicator(raw: dict[str, Any]) -> IndicatorDef:
    pop = raw.get("population", {})
    name = raw["name"]
    return IndicatorDef(
        code=raw["code"], kind=raw.get("kind", "indicator"), order=int(raw.get("order", 0)),
        name_vi=name[0], name_en=name[1],
        population=Population(pop.get("unit", "person"), pop.get("group"), pop.get("min_age")),
        lead_unit=raw.get("lead_unit", ""), partner_units=raw.get("partner_units", ""),
        goal_vi=(raw.get("goal") or [""])[0], short_vi=raw.get("short", name[0]), short_en=raw.get("short_en", name[1]),
    )


def _rule(code: str, raw: dict[str, Any]) -> Rule:
    lessons = raw.get("lessons")
    channels = raw.get("channels")
    return Rule(code, tuple(lessons) if lessons is not None else None, raw.get("min"),
                tuple(channels) if channels else None, tuple(raw.get("requires", ())))


def parse_plan(data: dict[str, Any]) -> PlanDefaults:
    indicators = tuple(sorted((_indicator(r) for r in data["indicators"]), key=lambda d: d.order))
    by_code = {d.code: d for d in indicators}
    targets = []
    for year, entries in data["years"].items():
        for code, raw in entries.items():
            d = by_code[code]
            levels = raw.get("student_levels")
            compare = raw.get("compare", ">=")
            if compare not in COMPARES:
                raise ValueError(f"plan.json: {year}/{code}: compare {compare!r} is not one of {COMPARES}")
            targets.append(YearTarget(
                int(year), code, raw.get("target"), raw.get("lead_unit", d.lead_unit),
                raw.get("partner_units", d.partner_units), raw.get("goal", d.goal_vi),
                tuple(levels) if levels else None, compare))
    rules = tuple(_rule(code, raw) for code, raw in data["rules"].items())
    return PlanDefaults(indicators, tuple(targets), rules, data.get("source", ""), by_code)


@functools.cache
def load_plan() -> PlanDefaults:
    """The plan shipped in resources/plan.json."""
    text = (resources.files("binhdan_desktop.resources") / "plan.json").read_text(encoding="utf-8")
    return parse_plan(json.loads(text))


def load_curriculum() -> list[dict[str, Any]]:
    """The default curriculum shipped in resources/curriculum.json."""
    text = (resources.files("binhdan_desktop.resources") / "curriculum.json").read_text(encoding="utf-8")
    lessons: list[dict[str, Any]] = json.loads(text)["lessons"]
    return lessons
