"""Visits and audits: SAVs, PCTRs and the council's own audit rounds."""

from __future__ import annotations

from typing import Any

from desktop_app.store.repositories.listing import visit_rows
from desktop_app.ui.screens.base import ListScreen
from desktop_app.ui.widgets import Column, EmptyState


class VisitsScreen(ListScreen):
    title = "Visits & audits"
    subtitle = (
        "Safeguarding Assurance Visits, Peer Challenge Team Reviews and your own monthly and thematic "
        "audits: sample the cases, audit them on site, moderate the grades, report the findings."
    )
    refresh_on = frozenset({"all", "visits"})
    columns = (
        Column("start_date", "Starts"),
        Column("title", "Visit"),
        Column("kind", "Kind"),
        Column("host", "Host council"),
        Column("audits", "Audits"),
        Column("escalations", "Escalations"),
        Column("status", "Status", lambda value: str(value).replace("_", " ").capitalize()),
    )

    def empty_state(self) -> EmptyState:
        return EmptyState(
            "No visits yet",
            "A visit holds its team, its key line of enquiry, the sample of cases and an audit for "
            "each. Audits are graded against the Ofsted scale and moderated before the findings go out.",
        )

    def load_rows(self) -> list[dict[str, Any]]:
        return visit_rows(self.services.reader)
