"""Dialogs of the Team tab on the lead's laptop: add or edit a person (name, role, key card) and
reassign cases. Each calls the same ``desktop_app.app.team`` operation as the command line
(``visits team`` and ``visits assign``); a refusal is shown as its one sentence in the dialog,
which stays open so nothing typed is lost."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.context import AppContext
from desktop_app.app.team import (
    AddTeamMember,
    AssignCases,
    AuditRow,
    CasesAssigned,
    MemberAdded,
    Role,
    TeamCard,
    add_team_member,
    assign_cases,
    read_team_card,
)
from desktop_app.errors import UserError
from desktop_app.ui.exchange.export_wizard import checkable_item, checked_values
from desktop_app.ui.services import AppServices
from desktop_app.ui.visit.visit_dialogs import _buttons, _error_label

_ROLE_WORDS = {Role.LEAD: "Lead", Role.AUDITOR: "Auditor", Role.MODERATOR: "Moderator"}


def assign_with_confirm(
    parent: QWidget, context: AppContext, request: AssignCases
) -> CasesAssigned | None:
    """Make the assignment, first asking the lead when it moves work already typed or returned
    (the operation's warning, worked out without storing); None when the lead says no.
    ``UserError`` passes through for the caller to show."""
    preview = assign_cases(context, replace(request, preview=True))
    if preview.warning:
        answer = QMessageBox.question(
            parent, "Move work already done?", f"{preview.warning}\n\nMove the cases?"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
    return assign_cases(context, replace(request, preview=False))


class MemberDialog(QDialog):
    """Add a person to the visit's team, or (``name`` given) change their role or key card.

    The key card's fingerprint and the person it names are shown before anything is stored, so
    the lead can compare them with the colleague; a bad file gets one plain sentence.
    """

    def __init__(
        self,
        services: AppServices,
        visit_id: int,
        parent: QWidget | None = None,
        *,
        name: str = "",
        role: Role = Role.AUDITOR,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.visit_id = visit_id
        self.card: Path | None = None
        self.added: MemberAdded | None = None
        editing = bool(name)
        self.setWindowTitle(f"Change {name}" if editing else "Add a person to the team")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(name)
        self.name.setAccessibleName("Name")
        self.name.setPlaceholderText("e.g. Asha Patel")
        self.name.setReadOnly(editing)
        form.addRow("&Name", self.name)
        self.role = QComboBox()
        self.role.setAccessibleName("Role")
        for choice, words in _ROLE_WORDS.items():
            self.role.addItem(words, choice)
        self.role.setCurrentIndex(list(_ROLE_WORDS).index(role))
        form.addRow("&Role", self.role)
        card_row = QHBoxLayout()
        self.card_button = QPushButton("Attach key &card…")
        self.card_button.setAccessibleName("Attach their key card file")
        self.card_button.clicked.connect(self._browse)
        card_row.addWidget(self.card_button)
        card_row.addStretch(1)
        form.addRow("Key card", card_row)
        layout.addLayout(form)
        self.card_info = QLabel(
            "Keep the card they gave you ('keys export-public'); without it they cannot be sent "
            "an assignment, and their returns are refused."
            if not editing
            else "Attach a new card only if they have a new key; otherwise leave it."
        )
        self.card_info.setWordWrap(True)
        self.card_info.setAccessibleName("Key card")
        self.card_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.card_info)
        self.error = _error_label()
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, "Save" if editing else "Add to the team"))

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Their key card", "", "Key cards (*.card *.pub *.txt);;All files (*)"
        )
        if name:
            self.choose_card(Path(name))

    def choose_card(self, path: Path) -> TeamCard | None:
        """Read ``path`` and show whose key it is and its fingerprint (or why it is unusable)."""
        self.error.setVisible(False)
        try:
            card = read_team_card(path)
        except UserError as error:
            self.card = None
            self.card_info.setText(error.message)
            return None
        self.card = path
        named = card.name or "(no name on the card)"
        text = f"Key card of {named}" + (f", {card.org}" if card.org else "")
        text += f"\nFingerprint {card.fingerprint}\nCompare it with them before you add it."
        typed = " ".join(self.name.text().split())
        if not typed and card.name:
            self.name.setText(card.name)
        elif card.name and typed.casefold() != card.name.casefold():
            text += f"\nThe card names {card.name}, not {typed}: check it is the right file."
        if not card.can_encrypt:
            text += "\nIt has no encryption (age1…) line; ask them for their full key card."
        self.card_info.setText(text)
        return card

    def accept(self) -> None:
        """Add or change the member; the dialog closes only when it was stored."""
        role = Role(self.role.currentData())
        request = AddTeamMember(self.visit_id, self.name.text(), role, self.card)
        try:
            self.added = add_team_member(self.services.context, request)
        except UserError as error:
            self.error.setText(error.message)
            self.error.setVisible(True)
            return
        super().accept()


class ReassignDialog(QDialog):
    """Give ticked cases of the visit to one team member (moving them from whoever held them)."""

    def __init__(
        self,
        services: AppServices,
        visit_id: int,
        audits: list[AuditRow],
        people: list[str],
        parent: QWidget | None = None,
        *,
        ticked: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.visit_id = visit_id
        self.given = 0
        self.setWindowTitle("Reassign cases")
        self.resize(560, 480)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Tick the cases to move; pack the new holder's assignment afterwards.")
        )
        self.cases = QListWidget()
        self.cases.setAccessibleName("Cases of the visit")
        for audit in audits:
            if audit.conflict:
                continue
            holder = audit.auditor or "nobody yet"
            text = f"Case {audit.case_reference} · {holder} · {audit.status.replace('_', ' ')}"
            self.cases.addItem(
                checkable_item(text, audit.case_reference, audit.case_reference == ticked)
            )
        layout.addWidget(self.cases, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("Give them to"))
        self.person = QComboBox()
        self.person.setAccessibleName("Give the cases to")
        self.person.addItems(people)
        row.addWidget(self.person, 1)
        layout.addLayout(row)
        self.error = _error_label()
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, "Reassign"))

    def accept(self) -> None:
        """Reassign the ticked cases; the dialog closes only when it was stored."""
        references = tuple(str(value) for value in checked_values(self.cases))
        if not references:
            self.error.setText("Tick at least one case to reassign.")
            self.error.setVisible(True)
            return
        request = AssignCases(self.visit_id, self.person.currentText(), references)
        try:
            done = assign_with_confirm(self, self.services.context, request)
        except UserError as error:
            self.error.setText(error.message)
            self.error.setVisible(True)
            return
        if done is None:
            return
        self.given = len(done.audit_ids)
        super().accept()
