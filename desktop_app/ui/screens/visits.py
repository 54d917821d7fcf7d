"""Visits and audits: SAVs, PCTRs and the council's own audit rounds."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from desktop_app.app import visits
from desktop_app.app.changes import Changed
from desktop_app.ui.screens.base import ListScreen
from desktop_app.ui.services import AppServices
from desktop_app.ui.widgets import Column, EmptyState, primary_button

PAGE_INDEX = 2


class VisitsScreen(ListScreen):
    title = "Visits & audits"
    subtitle = (
        "Safeguarding Assurance Visits, Peer Challenge Team Reviews and your own monthly and thematic "
        "audits: sample the cases, audit them on site, moderate the grades, report the findings."
    )
    refresh_on = Changed.VISITS
    columns = (
        Column("start_date", "Starts"),
        Column("title", "Visit"),
        Column("kind", "Kind"),
        Column("host", "Host council"),
        Column("audits", "Audits"),
        Column(
            "escalations",
            "At risk now",
            lambda value: f"● {value}" if value else "–",
            lambda value: "#b3261e" if value else None,
        ),
        Column("status", "Status", lambda value: str(value).replace("_", " ").capitalize()),
    )

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        self._page: Any = None
        super().__init__(services, parent)
        self.actions_button = QPushButton("All &actions…")
        self.actions_button.setAccessibleName("All actions from the audits")
        self.actions_button.clicked.connect(self.show_all_actions)
        self.add_header_button(self.actions_button)
        self.new_button = primary_button("&New visit…", self.new_visit)
        self.add_header_button(self.new_button)

    def empty_state(self) -> EmptyState:
        return EmptyState(
            "No visits yet",
            "A visit holds its team, its key line of enquiry, the sample of cases and an audit for "
            "each. Audits are graded against the Ofsted scale and moderated before the findings go out.",
            [primary_button("Create the first visit…", self.new_visit)],
        )

    def load_rows(self) -> list[dict[str, Any]]:
        return visits.list_visits(self.services.context)

    def refresh(self) -> None:
        if self._page is not None and self.stack.currentIndex() == PAGE_INDEX:
            if self._page.stack.currentIndex() == 0:
                self._page.refresh()
            return
        super().refresh()

    def show_all_actions(self) -> Any:
        """The council's action tracker across every visit."""
        from desktop_app.ui.visit.actions_tab import CouncilActionsDialog

        dialog = CouncilActionsDialog(self.services, self)
        dialog.open()
        return dialog

    # the visit page ----------------------------------------------------------------------------
    def open_row(self, row: dict[str, Any]) -> None:
        self.open_visit(int(row["id"]))

    def open_visit(self, visit_id: int) -> Any:
        from desktop_app.ui.visit.visit_page import VisitPage

        if self._page is None:
            self._page = VisitPage(self.services)
            self._page.back_requested.connect(self.show_list)
            self.stack.addWidget(self._page)
        self._set_header_visible(False)
        self.stack.setCurrentIndex(PAGE_INDEX)
        self._page.load(visit_id)
        return self._page

    def show_list(self) -> None:
        self._set_header_visible(True)
        self.stack.setCurrentIndex(0)
        super().refresh()

    def _set_header_visible(self, visible: bool) -> None:
        for index in range(self.header_row.count()):
            item = self.header_row.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setVisible(visible)

    # a new visit -------------------------------------------------------------------------------
    def new_visit(self) -> None:
        from desktop_app.ui.visit.visit_dialogs import VisitDialog, audit_template_choices

        choices = visits.council_choices(self.services.context)
        dialog = VisitDialog(choices, audit_template_choices(), self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            error = self.create_visit(dialog.details())
            if error is None:
                return
            dialog.show_error(error)

    def create_visit(self, details: Any) -> str | None:
        """Store a new visit and open it; returns the error sentence when it cannot be made."""
        try:
            visit_id, changed = visits.create_visit(self.services.context, details)
        except visits.VisitError as exc:
            return str(exc)
        self.services.announce(changed)
        self.open_visit(visit_id)
        return None
