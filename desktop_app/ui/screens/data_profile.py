"""Data profile: the council's indicators against statistical neighbours, region and England."""

from __future__ import annotations

from typing import Any

from desktop_app.ui.screens.base import ListScreen
from desktop_app.ui.widgets import Column, EmptyState


class DataProfileScreen(ListScreen):
    title = "Data profile"
    subtitle = (
        "Benchmarking: each indicator for your council against its statistical neighbours, the region "
        "and England, with a RAG rating and the trend over the years."
    )
    refresh_on = frozenset({"all", "data"})
    columns = (
        Column("indicator", "Indicator"),
        Column("period", "Period"),
        Column("council", "Council"),
        Column("neighbours", "Neighbours"),
        Column("region", "Region"),
        Column("england", "England"),
    )

    def empty_state(self) -> EmptyState:
        return EmptyState(
            "No indicator values yet",
            "Indicator values appear here once your figures and their comparators are entered or "
            "imported; each is rated against statistical neighbours, the region and England.",
        )

    def load_rows(self) -> list[dict[str, Any]]:
        rows = self.services.reader.execute(
            "SELECT i.title AS indicator, v.period, "
            "MAX(CASE WHEN v.series='council' THEN v.value END) AS council, "
            "MAX(CASE WHEN v.series='neighbours' THEN v.value END) AS neighbours, "
            "MAX(CASE WHEN v.series='region' THEN v.value END) AS region, "
            "MAX(CASE WHEN v.series='england' THEN v.value END) AS england "
            "FROM indicator_value v JOIN indicator i ON i.id = v.indicator_id "
            "JOIN organisation o ON o.id = v.organisation_id AND o.is_home "
            "GROUP BY i.id, v.period ORDER BY i.sort_order, v.period DESC"
        )
        return [dict(row) for row in rows]
