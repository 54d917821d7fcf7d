"""Self-assessments: the improvement lead's annual picture of practice.

The list (status, progress, last change) and, in the same screen, an opened assessment with its
form, status actions, comparison and report.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desktop_app.app.assessments import assessment_overview
from desktop_app.app.changes import Changed
from desktop_app.ui.assessment.new_dialog import NewAssessmentDialog, next_period
from desktop_app.ui.dates import shown_date
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.services import AppServices
from desktop_app.ui.widgets import (
    Column,
    EmptyState,
    RowsTableModel,
    primary_button,
    read_only_table,
)

COLUMNS = (
    Column("period", "Period"),
    Column("title", "Title"),
    Column("organisation", "Council"),
    Column("status_label", "Status"),
    Column("progress", "Progress", lambda value: f"{round(float(value) * 100)}% complete"),
    Column(
        "carried",
        "From last year",
        lambda value: f"{value} answers to review" if value else "",
    ),
    Column("last_change", "Last change", shown_date),
)


class AssessmentsScreen(Screen):
    title = "Self-assessments"
    subtitle = (
        "Your council's annual self-evaluation against the four ILACS judgement areas: what you know "
        "about practice, how you know it, and your plans for the next 12 months."
    )
    refresh_on = Changed.ASSESSMENTS

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.new_button = primary_button("New self-assessment…", self.new_assessment)
        self.add_header_button(self.new_button)
        self.stack = QStackedWidget()
        self.model = RowsTableModel(COLUMNS, self)
        self.table = read_only_table(self.model, "Self-assessments list")
        self.table.activated.connect(lambda index: self.open_row(self.model.row_at(index.row())))
        self.stack.addWidget(self.table)
        self.stack.addWidget(
            EmptyState(
                "No self-assessments yet",
                "A self-assessment answers three questions for each inspection area, with evidence "
                "and your data profile, and proposes key lines of enquiry for your trio's peer "
                "challenge.",
                [primary_button("Start your first self-assessment…", self.new_assessment)],
            )
        )
        self.page: Any = None
        self.layout_.addWidget(self.stack, 1)
        self.rows: list[dict[str, Any]] = []
        self.refresh()

    def refresh(self) -> None:
        if self.page is not None and self.stack.currentWidget() is self.page:
            return
        self.rows = assessment_overview(self.services.context)
        self.model.set_rows(self.rows)
        self.stack.setCurrentIndex(0 if self.rows else 1)
        if self.rows:
            self.table.resizeColumnsToContents()

    # opening --------------------------------------------------------------------------------
    def open_row(self, row: dict[str, Any]) -> None:
        from desktop_app.ui.assessment.assessment_page import AssessmentPage

        self.close_page()
        self.page = AssessmentPage(self.services, row)
        self.page.back.connect(self.show_list)
        self.stack.addWidget(self.page)
        self.stack.setCurrentWidget(self.page)
        self._show_screen_header(False)

    def open_assessment(self, assessment_id: int) -> Any:
        self.refresh()
        self.open_row(next(row for row in self.rows if row["id"] == assessment_id))
        return self.page

    def close_page(self) -> None:
        if self.page is not None:
            self.stack.removeWidget(self.page)
            self.page.deleteLater()
            self.page = None

    def show_list(self) -> None:
        self.close_page()
        self._show_screen_header(True)
        self.refresh()

    def _show_screen_header(self, visible: bool) -> None:
        """An open assessment uses the whole height; the list shows the title and its button."""
        for index in range(self.header_row.count()):
            item = self.header_row.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setVisible(visible)

    # creating -------------------------------------------------------------------------------
    def new_assessment(self) -> None:
        latest = self.rows[0]["period"] if self.rows else None
        dialog = NewAssessmentDialog(next_period(latest, date.today().year), latest, self)
        while dialog.exec():
            try:
                created = self.create_assessment(
                    dialog.period.text(), from_last_year=dialog.from_last_year.isChecked()
                )
            except ValueError as exc:
                dialog.show_error(str(exc))
                continue
            self.open_assessment(created[0])
            if created[1]:
                QMessageBox.information(
                    self,
                    "Some answers were not carried over",
                    "These answers from last year no longer fit the form and were not carried "
                    "over; you will find them in last year's self-assessment:\n\n"
                    + "\n".join(created[1]),
                )
            return

    def create_assessment(self, period: str, *, from_last_year: bool) -> tuple[int, list[str]]:
        """Create the assessment, starting with progress on the improvement plan filled in;
        (its id, the answers that could not be carried, by label). Raises ValueError (one
        sentence) for a bad or taken period."""
        from desktop_app.app.plan_progress import StartSelfAssessment, start_self_assessment
        from desktop_app.errors import UserError

        try:
            started = start_self_assessment(
                self.services.context, StartSelfAssessment(period, from_last_year=from_last_year)
            )
        except UserError as error:
            raise ValueError(error.message) from None
        self.services.announce(started.changed)
        return started.assessment_id, started.not_carried_labels
