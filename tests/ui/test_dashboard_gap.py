"""The dashboard's "Còn thiếu": "–" for an indicator the plan sets no target for (the traders learning 4T), in the
summary and in the villages' table, never 0; a targeted one keeps its count."""

from __future__ import annotations

from typing import Any

from binhdan_desktop.services import indicators
from binhdan_desktop.ui.context import AppContext
from binhdan_desktop.ui.mainwindow import MainWindow
from tests.ui.conftest import settle


def test_dashboard_gap_is_a_dash_without_a_target(window: MainWindow, ctx: AppContext, qtbot: Any) -> None:
    dash = window.show_page("dashboard")
    settle(qtbot, ctx)
    with ctx.db.read() as s:
        res = indicators.compute(s, indicators.default_year(s))
    untargeted = {r.code for r in res if r.target is None}
    assert untargeted
    commune = [r for r in res if r.village is None]
    assert dash.summary.rowCount() == len(commune)
    for row, r in enumerate(commune):
        gap = dash.summary.item(row, 5).text()
        assert gap == ("–" if r.code in untargeted else str(r.gap)), (r.code, gap)
    for col, r in enumerate(commune, start=1):
        cells = [dash.left.item(row, col).text() for row in range(dash.left.rowCount())]
        assert cells and all((c == "–") == (r.code in untargeted) for c in cells), (r.code, cells)
