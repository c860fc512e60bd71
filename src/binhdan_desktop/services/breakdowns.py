"""The breakdowns the plan targets (gender, age band, poor and near-poor households) and the two rankings of the
movement's competition: villages by rate (each indicator and overall) and team members by what they did."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from binhdan_desktop.domain import enums as e
from binhdan_desktop.domain.labels import label
from binhdan_desktop.domain.text import name_sort_key, text_sort_key
from binhdan_desktop.errors import ValidationError
from binhdan_desktop.services.commune import find_village
from binhdan_desktop.services.indicators import IndicatorResult, _specs
from binhdan_desktop.store.queries.breakdowns import AGE_BANDS, DIMENSIONS, count_by, member_tallies

KEY_FIELD = {"gender": "gender", "age": "age_band", "poverty": "poverty"}  # the JSON key of each dimension
DIMENSION_LABELS = {"gender": ("Giới tính", "Gender"), "age": ("Nhóm tuổi", "Age band"),
                    "poverty": ("Diện hộ", "Household poverty status")}
# Every group in a fixed order, with its labels (vi, en): a table has the same rows whatever the data.
GROUPS: dict[str, list[tuple[str | None, tuple[str, str]]]] = {
    "gender": [(g.value, (label(g), label(g, "en"))) for g in e.Gender]
    + [(None, ("Chưa rõ giới tính", "gender unknown"))],  # shown only when it holds someone (`_shown`)
    "age": [(code, {"0-15": ("Dưới 16 tuổi", "under 16"), "60+": ("Từ 60 tuổi", "60 and over")}.get(
        code, (f"{code.replace('-', '–')} tuổi", f"aged {code}"))) for code, _, _ in AGE_BANDS]
    + [(None, ("Chưa rõ năm sinh", "birth year unknown"))],
    "poverty": [(e.Poverty.POOR.value, ("Hộ nghèo", "Poor households")),
                (e.Poverty.NEAR_POOR.value, ("Hộ cận nghèo", "Near-poor households")),
                (e.Poverty.NONE.value, ("Hộ không thuộc diện nghèo, cận nghèo", "Other households"))],
}


@dataclass(frozen=True)
class BreakdownRow:
    code: str
    name: str
    dimension: str
    key: str | None
    group: str  # the group's Vietnamese label
    group_en: str
    numerator: int
    denominator: int
    rate: float | None
    year: int
    as_of: dt.date
    village: str | None  # None: the whole commune

    def as_json(self) -> dict[str, object]:
        return {"code": self.code, "name": self.name, KEY_FIELD[self.dimension]: self.key, "group": self.group,
                "group_en": self.group_en, "numerator": self.numerator, "denominator": self.denominator,
                "rate": self.rate, "year": self.year, "as_of": self.as_of.isoformat(), "village": self.village}


def _shown(key: str | None, dimension: str, min_age: int | None) -> bool:
    """Age bands wholly under an indicator's minimum age, and "not known" where the age decides, never hold
    anyone: they are left out rather than printed as 0/0."""
    if dimension != "age" or not min_age:
        return True
    high = next((h for code, _, h in AGE_BANDS if code == key), None)
    return key is not None and (high is None or high > min_age)


def breakdown(session: Session, year: int, dimension: str, *, as_of: dt.date | None = None,
              village: str | None = None) -> list[BreakdownRow]:
    """Each indicator of `year` per group of `dimension` (gender, age, poverty) on `as_of` (the year's end by
    default), for the commune or one village; the plan's order, then the groups' fixed order."""
    if dimension not in DIMENSIONS:
        raise ValidationError("validation.breakdown", field="by", value=dimension)
    as_of = as_of or dt.date(year, 12, 31)
    only = find_village(session, village) if village else None
    specs = _specs(session, year)
    counts = count_by(session, [s for _, _, s in specs], as_of, dimension, only.id if only else None)
    out = []
    for d, _, spec in specs:
        if spec.code not in counts:
            continue
        cells = {c.key: c for c in counts[spec.code]}
        for key, (vi, en) in GROUPS[dimension]:
            if not _shown(key, dimension, spec.population.min_age):
                continue
            if key is None and dimension == "gender" and not (key in cells and cells[key].denominator):
                continue  # nobody without a gender in this count: no empty row (most communes have none)
            num, den = (cells[key].numerator, cells[key].denominator) if key in cells else (0, 0)
            out.append(BreakdownRow(d.code, d.name_vi, dimension, key, vi, en, num, den, num / den if den else None,
                                    year, as_of, only.name if only else None))
    return out


def competition_ranks(values: Sequence[tuple[float, ...] | None]) -> list[int | None]:
    """1, 2, 2, 4 …: equal values share a rank, the next one skips; None (nothing to rank) gets none."""
    ordered = sorted((v for v in values if v is not None), reverse=True)
    first: dict[tuple[float, ...], int] = {}
    for i, v in enumerate(ordered):
        first.setdefault(v, i + 1)
    return [None if v is None else first[v] for v in values]


@dataclass(frozen=True)
class VillageRank:
    rank: int | None
    village_id: str
    village: str
    mean_rate: float | None  # the mean of the village's indicator rates (indicators with someone to count)
    met: int  # indicators whose target the village meets
    ranks: dict[str, int | None]  # indicator code -> the village's rank on it
    rates: dict[str, float | None]


def rank_villages(results: Sequence[IndicatorResult]) -> list[VillageRank]:
    """Villages ranked overall (the mean rate, then the targets met) with their rank on each indicator; best
    first, equal ones by name."""
    rows = [r for r in results if r.village_id is not None]
    names: dict[str, str] = {r.village_id: r.village or "" for r in rows if r.village_id is not None}
    codes = list(dict.fromkeys(r.code for r in rows))
    rates = {vid: {r.code: r.rate for r in rows if r.village_id == vid} for vid in names}
    per_code = {}
    for code in codes:
        values = [rates[v].get(code) for v in names]
        ranks = competition_ranks([None if x is None else (x,) for x in values])
        per_code[code] = dict(zip(names, ranks, strict=True))
    out = []
    for vid in names:
        known = [x for x in rates[vid].values() if x is not None]
        mean = sum(known) / len(known) if known else None
        met = sum(1 for r in rows if r.village_id == vid and r.met)
        out.append((mean, met, vid))
    overall = competition_ranks([None if m is None else (m, n) for m, n, _ in out])
    ranked = [VillageRank(rank, vid, names[vid], mean, met, {c: per_code[c][vid] for c in codes}, rates[vid])
              for rank, (mean, met, vid) in zip(overall, out, strict=True)]
    return sorted(ranked, key=lambda r: (r.rank is None, r.rank or 0, text_sort_key(r.village)))


@dataclass(frozen=True)
class MemberRank:
    rank: int
    name: str
    people: int
    completions: int
    households: int
    visits: int


def rank_members(session: Session, start: dt.date, end: dt.date, village_id: str | None = None) -> list[MemberRank]:
    """Team members ranked by the people they trained, then completions recorded, then households visited."""
    tallies = member_tallies(session, start, end, village_id)
    keys = [(t.people, t.completions, t.households) for t in tallies]
    ranks = competition_ranks(keys)
    rows = [MemberRank(rank or 0, t.name, t.people, t.completions, t.households, t.visits)
            for rank, t in zip(ranks, tallies, strict=True)]
    return sorted(rows, key=lambda r: (r.rank, name_sort_key(r.name)))
