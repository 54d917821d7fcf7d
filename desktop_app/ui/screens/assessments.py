"""Self-assessments: the improvement lead's annual picture of practice."""

from __future__ import annotations

from typing import Any

from desktop_app.store.repositories.listing import ASSESSMENT_STATUSES, assessment_rows
from desktop_app.ui.screens.base import ListScreen
from desktop_app.ui.widgets import Column, EmptyState


class AssessmentsScreen(ListScreen):
    title = "Self-assessments"
    subtitle = (
        "Your council's annual self-evaluation against the four ILACS judgement areas: what you know "
        "about practice, how you know it, and your plans for the next 12 months."
    )
    refresh_on = frozenset({"all", "assessments"})
    columns = (
        Column("period", "Period"),
        Column("title", "Title"),
        Column("organisation", "Council"),
        Column("status", "Status", lambda value: ASSESSMENT_STATUSES.get(value, str(value))),
        Column("updated_at", "Last change", lambda value: str(value).replace("T", " ")),
    )

    def empty_state(self) -> EmptyState:
        return EmptyState(
            "No self-assessments yet",
            "A self-assessment answers three questions for each inspection area, with evidence and "
            "your data profile, and proposes key lines of enquiry for your trio's peer challenge.",
        )

    def load_rows(self) -> list[dict[str, Any]]:
        return assessment_rows(self.services.reader)
