"""Peer challenge: signed bundles from the trio, and the challenge we give and receive."""

from __future__ import annotations

from typing import Any

from desktop_app.store.repositories.listing import bundle_rows
from desktop_app.ui.screens.base import ListScreen
from desktop_app.ui.widgets import Column, EmptyState


class PeerChallengeScreen(ListScreen):
    title = "Peer challenge"
    subtitle = (
        "Self-assessments and findings from the councils in your trio arrive as signed bundles. "
        "Review them read-only, write challenge and lines of enquiry, and send a signed response."
    )
    refresh_on = frozenset({"all", "bundles"})
    columns = (
        Column("organisation", "From"),
        Column("title", "Bundle"),
        Column("period", "Period"),
        Column("type", "Type"),
        Column("trusted", "Signer", lambda value: "Trusted" if value else "Not trusted"),
        Column("imported_at", "Imported", lambda value: str(value).replace("T", " ")),
    )

    def empty_state(self) -> EmptyState:
        return EmptyState(
            "No bundles from your trio yet",
            "When a peer council sends you its signed bundle (a .cfbundle file), open it here. "
            "Critical Friend checks the signature and every file before showing you anything.",
        )

    def load_rows(self) -> list[dict[str, Any]]:
        return bundle_rows(self.services.reader)
