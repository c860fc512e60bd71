"""Where an import problem is, in words: its sheet, its row, and its column, or what it is about when it has no
column of its own (the whole row, the household, the village's group, the sheet), in either language."""

from __future__ import annotations

from binhdan_desktop.errors import render
from binhdan_desktop.importers.types import Problem

# Problems about more than one cell, by their message code (without "import.").
_HOUSEHOLD = frozenset({"no_head", "two_heads", "household_left_out", "likely", "likely_several", "choice_gone",
                        "heads_after"})
_VILLAGE = frozenset({"village_unknown", "village_none", "village_unconfirmed", "village_not_in_commune"})
_SHEET = frozenset({"no_grouping", "columns_cut", "dates_mixed", "dates_ambiguous"})


def scope(p: Problem) -> str:
    """"cell" when the problem has a column; else "sheet", "village", "household" or "row"."""
    if p.column:
        return "cell"
    code = p.code.removeprefix("import.")
    if p.row <= 0 or code in _SHEET:
        return "sheet"
    if code in _VILLAGE:
        return "village"
    return "household" if code in _HOUSEHOLD else "row"


def column_text(p: Problem, lang: str = "vi") -> str:
    """The problem's column as in the file, or "(cả dòng)", "(cả hộ)", "(cả thôn trong tệp)", "(cả trang tính)"."""
    kind = scope(p)
    return p.column if kind == "cell" else render(f"import.scope.{kind}", lang, {})


def column_bilingual(p: Problem) -> str:
    vi, en = column_text(p, "vi"), column_text(p, "en")
    return vi if vi == en else f"{vi} / {en}"
