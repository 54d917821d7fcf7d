"""Dialogs of the visit page: a new (or edited) visit, drawing the sample, adding or swapping a case."""

from __future__ import annotations

import random
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.visits import (
    VISIT_KINDS,
    VISIT_STATUSES,
    TeamMember,
    TeamRole,
    VisitDetails,
)
from desktop_app.ui.services import AppServices

NO_STRATA = "(no stratification: simple random sample)"


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("DialogError")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setProperty("primary", True)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def parse_team(text: str) -> list[TeamMember]:
    """One person per line: "Name; role; council" (role and council optional)."""
    team: list[TeamMember] = []
    for line in text.splitlines():
        parts = [part.strip() for part in line.split(";")]
        if not parts[0]:
            continue
        role = parts[1].lower() if len(parts) > 1 and parts[1] else "auditor"
        team.append(TeamMember(parts[0], role, parts[2] if len(parts) > 2 else ""))
    return team


def audit_template_choices(services: AppServices) -> list[tuple[str, str]]:
    """The current templates that are case audits (they have an overall grade), shipped or
    installed by the council."""
    from desktop_app.app.templates import audit_template_choices as choices
    from desktop_app.ui.template_actions import context_of

    return choices(context_of(services))


def format_team(team: list[TeamMember]) -> str:
    """The team as the dialog shows it: one "Name; role; council" line per person."""
    return "\n".join("; ".join(p for p in (m.name, m.role, m.organisation) if p) for m in team)


class VisitDialog(QDialog):
    """Create or edit a visit: kind, host, lead, dates, key line of enquiry, team, audit template
    (and, when editing, its status)."""

    def __init__(
        self,
        councils: list[tuple[int, str]],
        templates: list[tuple[str, str]],
        parent: QWidget | None = None,
        existing: VisitDetails | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit visit" if existing else "New visit")
        self.setMinimumWidth(560)
        form = QFormLayout()
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. SAV: the front door, March")
        self.kind = QComboBox()
        for key, label in VISIT_KINDS.items():
            self.kind.addItem(label, key)
        self.host = QComboBox()
        for council_id, name in councils:
            self.host.addItem(name, council_id)
        self.lead = QLineEdit()
        today = QDate.currentDate()
        self.start = QDateEdit(today)
        self.end = QDateEdit(today)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd MMM yyyy")
        self.line_of_enquiry = QPlainTextEdit()
        self.line_of_enquiry.setFixedHeight(60)
        self.template = QComboBox()
        for form_id, title in templates:
            self.template.addItem(title, form_id)
        self.team = QPlainTextEdit()
        self.team.setPlaceholderText(
            "One person per line: Name; role; council\nRoles: " + ", ".join(TeamRole)
        )
        self.team.setFixedHeight(90)
        form.addRow("&Title", self.title)
        form.addRow("&Kind", self.kind)
        form.addRow("&Host council", self.host)
        form.addRow("&Lead", self.lead)
        form.addRow("&Starts", self.start)
        form.addRow("&Ends", self.end)
        form.addRow("Key line of &enquiry", self.line_of_enquiry)
        form.addRow("Audit &template", self.template)
        form.addRow("T&eam", self.team)
        self.status = QComboBox()
        for status in VISIT_STATUSES:
            self.status.addItem(status.replace("_", " ").capitalize(), status)
        self._editing = existing is not None
        if existing is not None:
            form.addRow("Stat&us", self.status)
            self._fill(existing)
        self.error = _error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, "Save changes" if existing else "Create visit"))

    def _fill(self, existing: VisitDetails) -> None:
        self.title.setText(existing.title)
        for combo, value in (
            (self.kind, existing.kind),
            (self.host, existing.host_organisation_id),
            (self.template, existing.template_form_id),
            (self.status, existing.status),
        ):
            index = combo.findData(value)
            if index >= 0:
                combo.setCurrentIndex(index)
        self.lead.setText(existing.lead_name)
        for edit, day in ((self.start, existing.start_date), (self.end, existing.end_date)):
            if day is not None:
                edit.setDate(QDate(day.year, day.month, day.day))
        self.line_of_enquiry.setPlainText(existing.line_of_enquiry)
        self.team.setPlainText(format_team(existing.team))

    def details(self) -> VisitDetails:
        return VisitDetails(
            title=self.title.text(),
            kind=str(self.kind.currentData()),
            host_organisation_id=int(self.host.currentData() or 0),
            lead_name=self.lead.text(),
            start_date=self.start.date().toPython(),  # type: ignore[arg-type]
            end_date=self.end.date().toPython(),  # type: ignore[arg-type]
            line_of_enquiry=self.line_of_enquiry.toPlainText(),
            template_form_id=str(self.template.currentData()),
            status=str(self.status.currentData()) if self._editing else "planned",
            team=parse_team(self.team.toPlainText()),
        )

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)


class SampleDialog(QDialog):
    """Size, seed (recorded on the visit), stratify-by column and the recent-audit exclusion."""

    def __init__(self, columns: list[str], cases: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Draw the sample")
        form = QFormLayout()
        self.sample_size = QSpinBox()
        self.sample_size.setRange(1, max(1, cases))
        self.sample_size.setValue(min(cases, 30) or 1)
        self.seed = QSpinBox()
        self.seed.setRange(0, 999_999)
        self.seed.setValue(random.SystemRandom().randrange(1, 999_999))
        self.by = QComboBox()
        self.by.addItem(NO_STRATA, None)
        for column in columns:
            self.by.addItem(column, column)
        self.exclude = QSpinBox()
        self.exclude.setRange(0, 3650)
        self.exclude.setValue(365)
        self.exclude.setSuffix(" days")
        form.addRow(QLabel(f"The case list holds {cases} cases."))
        form.addRow("Sample &size", self.sample_size)
        form.addRow("&Seed (kept, so the sample can be drawn again)", self.seed)
        form.addRow("Stratify &by", self.by)
        form.addRow("Leave out cases audited in the last", self.exclude)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.error = _error_label()
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, "Draw sample"))

    def stratify_by(self) -> str | None:
        value = self.by.currentData()
        return None if value is None else str(value)


class CaseDialog(QDialog):
    """Add a case by hand, or swap the selected one for another; the reason is kept."""

    def __init__(self, swap_for: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Swap case {swap_for}" if swap_for else "Add a case")
        form = QFormLayout()
        self.reference = QLineEdit()
        self.reference.setPlaceholderText("The case reference from the case system (never a name)")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            "Why this case is swapped, e.g. closed last week"
            if swap_for
            else "Why this case is added, e.g. raised by the front door"
        )
        form.addRow("&Case reference", self.reference)
        form.addRow("&Reason", self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.error = _error_label()
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, "Swap case" if swap_for else "Add case"))

    def accept(self) -> None:
        if not self.reference.text().strip() or not self.reason.text().strip():
            self.error.setText("Give the case reference and the reason; both are kept.")
            self.error.setVisible(True)
            return
        super().accept()


def as_date(value: object) -> date | None:
    return value if isinstance(value, date) else None
