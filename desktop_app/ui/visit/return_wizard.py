"""The export wizard's audit-return pages: "Send my audits to the lead" on an auditor's laptop.

The same wizard as every other export (``ui.exchange.export_wizard.ExportWizard``), opened with
the ``audit-return`` bundle type: what will be sent (every audit of the auditor's cases, children
at risk first), who can open it (the visit's lead, preselected: returns carry real case
references, so they are always encrypted to the lead only), then sign and save. Writing goes
through ``desktop_app.app.team.send_return``, the operation behind ``audits return``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop_app.app.team import ReturnPreview, SendReturn, return_preview, send_return
from desktop_app.errors import UserError
from desktop_app.ui.exchange.export_wizard import SavePage, signing_identity, wizard_note
from desktop_app.ui.services import AppServices

AT_RISK = "#b3261e"


def _words(status: str) -> str:
    return status.replace("_", " ").capitalize()


class WhatIsSentPage(QWizardPage):
    """The audits the return carries, children at risk now first, and why nothing can be sent."""

    def __init__(self, preview: ReturnPreview) -> None:
        super().__init__()
        self.preview = preview
        self.setTitle("What goes to the lead?")
        self.setSubTitle(
            f"Every audit of your cases on {preview.title}: answers, attachments and the whole "
            "change log. Send as often as you like; the newest return replaces the earlier one."
        )
        layout = QVBoxLayout(self)
        self.escalations = wizard_note("")
        self.escalations.setObjectName("EscalationNote")
        self.escalations.setStyleSheet(f"color: {AT_RISK}; font-weight: bold;")
        if preview.escalations:
            self.escalations.setText(
                "Child at risk now (escalated): case "
                + ", ".join(preview.escalations)
                + ". The lead sees it at the top of the visit as soon as they merge this return."
            )
        self.escalations.setVisible(bool(preview.escalations))
        layout.addWidget(self.escalations)
        layout.addWidget(QLabel(f"{len(preview.audits)} audit(s)"))
        self.audits = QListWidget()
        self.audits.setAccessibleName("Audits to send to the lead")
        for audit in preview.audits:
            grade = (audit.overall_grade or "not graded").replace("_", " ").capitalize()
            text = f"Case {audit.case_reference} · {_words(audit.status)} · {grade}"
            if audit.escalation:
                text += " · CHILD AT RISK NOW"
            item = QListWidgetItem(text)
            if audit.escalation:
                item.setForeground(QColor(AT_RISK))
            self.audits.addItem(item)
        layout.addWidget(self.audits, 1)
        self.problem = wizard_note(preview.problem or "")
        self.problem.setVisible(preview.problem is not None)
        layout.addWidget(self.problem)

    def isComplete(self) -> bool:
        return self.preview.problem is None


class RecipientPage(QWizardPage):
    """The one recipient of a return: the visit's lead, preselected and fixed."""

    def __init__(self, preview: ReturnPreview) -> None:
        super().__init__()
        self.setTitle("Who can open it?")
        self.setSubTitle("Encrypted for the visit's lead only.")
        layout = QVBoxLayout(self)
        layout.addWidget(
            wizard_note(
                "A return carries the real case references and your notes, so it is always "
                "encrypted, to the lead who sent you the assignment. Nobody else can open it, "
                "whichever route the file takes."
            )
        )
        layout.addWidget(QLabel("Encrypt for"))
        self.recipients = QListWidget()
        self.recipients.setAccessibleName("Encrypt for")
        if preview.lead:
            item = QListWidgetItem(f"{preview.lead} (lead) · key {preview.lead_fingerprint}")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.recipients.addItem(item)
        self.recipients.setMaximumHeight(60)
        layout.addWidget(self.recipients)
        layout.addStretch(1)


class ReturnSavePage(SavePage):
    """Sign and save, as for every export, writing the return through ``send_return``."""

    def __init__(self, services: AppServices, preview: ReturnPreview) -> None:
        super().__init__(services)
        self.preview = preview
        self.setSubTitle(
            "The return is signed with your key and encrypted for the lead; give them the file "
            "by any route (USB stick, secure email, shared drive)."
        )
        self.setButtonText(QWizard.WizardButton.FinishButton, "Sign and send")

    def initializePage(self) -> None:
        preview = self.preview
        if not self.path.text():
            first = (preview.lead or "lead").split()[0].lower()
            self.path.setText(str(Path.home() / f"audits-for-{first}.cfbundle"))
        at_risk = len(preview.escalations)
        risk = f", {at_risk} child(ren) at risk now" if at_risk else ""
        self.summary.setText(
            f"Contains: {len(preview.audits)} audit(s) of {preview.title}{risk}, "
            f"encrypted for {preview.lead}."
        )
        self._show_identity_state()

    def start_export(self) -> None:
        from desktop_app.ui.background import run_operation

        wizard = self.wizard()
        loader = signing_identity(self, self.services)
        if loader is None:
            return
        request = SendReturn(self.preview.visit_id, Path(self.path.text().strip()))
        context = self.services.context

        def work(_progress: Any) -> Any:
            return send_return(context, request, loader())

        def done(result: Any) -> None:
            self.result = result
            QMessageBox.information(
                self,
                "Audits sent",
                f"Your {result.audits} audit(s) are in {result.path}, encrypted for "
                f"{self.preview.lead}; give them the file.",
            )
            wizard.accept()

        def failed(error: BaseException) -> None:
            text = error.message if isinstance(error, UserError) else str(error)
            QMessageBox.warning(self, "Not sent", f"Your audits were not sent: {text}")

        self.task = run_operation(self, "Sending my audits", work, done, failed)


class ReturnPages:
    """The audit-return pages of the export wizard for one working visit."""

    def __init__(self, services: AppServices, visit_id: int) -> None:
        self.preview = return_preview(services.context, visit_id)
        self.what = WhatIsSentPage(self.preview)
        self.recipient = RecipientPage(self.preview)
        self.save = ReturnSavePage(services, self.preview)

    def pages(self) -> list[QWizardPage]:
        """The pages in their order: what is sent, who can open it, sign and save."""
        return [self.what, self.recipient, self.save]
