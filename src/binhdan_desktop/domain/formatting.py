"""Numbers, percentages and dates shown the Vietnamese way (1.250 người; 52,3 %; 05/03/2026)."""

from __future__ import annotations

import datetime as dt


def fmt_int(value: int | None, lang: str = "vi") -> str:
    if value is None:
        return ""
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "vi" else text


def fmt_pct(value: float | None, lang: str = "vi", digits: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value * 100:.{digits}f}"
    return (text.replace(".", ",") if lang == "vi" else text) + " %"


def fmt_date(value: dt.date | None) -> str:
    return "" if value is None else value.strftime("%d/%m/%Y")


def parse_date(text: str) -> dt.date:
    """dd/mm/yyyy (the Vietnamese way) or ISO yyyy-mm-dd."""
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)
