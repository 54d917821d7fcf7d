""" "Your cases" on an auditor's laptop (a visit opened from an assignment): the cases the lead
gave them, how far each has come, which audits the lead does not have yet, and when a return was
last sent. The data comes from ``desktop_app.app.your_cases``; sending is the Team tab's
"Send my audits to the lead" (the export wizard, the lead preselected)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.app.your_cases import AuditStatus, SentState, YourCases, your_cases
from desktop_app.ui.services import AppServices
from desktop_app.ui.widgets import Card, Column, RowsTableModel, read_only_table
from forms.answer_words import people_moment

_RED = "#b3261e"


def sent_words(cases: YourCases) -> str:
    """One or two sentences: when the last return went to the lead and what is not yet sent."""
    lead = cases.lead or "the lead"
    waiting = cases.not_sent
    waiting_words = (
        f"{len(waiting)} audit{'s' if len(waiting) != 1 else ''} not yet sent ("
        + ", ".join(case.case_reference for case in waiting[:6])
        + (", …" if len(waiting) > 6 else "")
        + ")."
    )
    last = cases.last_sent
    if last is None:
        if waiting:
            return f"Nothing sent to {lead} yet: {waiting_words}"
        return f"Nothing sent to {lead} yet."
    count = f"{last.audits} audits, " if last.audits is not None else ""
    sent = (
        f"Last sent to {lead} on {people_moment(last.sent_at)} UTC ({count}return "
        f"number {last.sequence})."
    )
    return f"{sent} Since then: {waiting_words}" if waiting else f"{sent} Everything is sent."


class YourCasesPanel(QWidget):
    """The auditor's cases of one working visit, with what is sent and what is not."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.cases: YourCases | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        card = Card("Your cases")
        self.progress = QLabel()
        self.progress.setWordWrap(True)
        self.progress.setAccessibleName("Your progress")
        self.sent = QLabel()
        self.sent.setWordWrap(True)
        self.sent.setAccessibleName("What the lead has of your audits")
        card.body.addWidget(self.progress)
        card.body.addWidget(self.sent)
        self.model = RowsTableModel(
            [
                Column("case", "Case"),
                Column("status", "Status"),
                Column("at_risk", "At risk", colour=lambda v: _RED if v else None),
                Column(
                    "sent",
                    "The lead has it",
                    colour=lambda v: _RED if v in (SentState.NOT_SENT, SentState.CHANGED) else None,
                ),
                Column("note", "Note"),
            ],
            self,
        )
        self.table = read_only_table(self.model, "Your cases")
        card.body.addWidget(self.table, 1)
        layout.addWidget(card, 1)

    def load(self, visit_id: int) -> YourCases:
        """Show the auditor's cases of ``visit_id`` as they stand now."""
        cases = your_cases(self.services.context, visit_id)
        self.cases = cases
        finished = cases.count(AuditStatus.COMPLETE, AuditStatus.MODERATED)
        started = cases.count(AuditStatus.IN_PROGRESS)
        total = len(cases.held)
        risk = cases.escalations
        self.progress.setText(
            f"You hold {total} case{'s' if total != 1 else ''}: {finished} complete, "
            f"{started} in progress, {total - finished - started} not started."
            + (
                f" Child at risk now: case {', '.join(risk)}; send your audits to the lead today."
                if risk
                else ""
            )
        )
        self.sent.setText(sent_words(cases))
        self.model.set_rows(
            [
                {
                    "case": case.case_reference,
                    "status": case.status_words,
                    "at_risk": "CHILD AT RISK NOW" if case.escalated else "",
                    "sent": str(case.sent),
                    "note": case.note,
                }
                for case in cases.cases
            ]
        )
        self.table.resizeColumnsToContents()
        return cases
