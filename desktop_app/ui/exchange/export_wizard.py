"""The export wizard: choose what, privacy options, check for personal data, save signed.

Collecting and checking, and then signing and writing, run off the UI thread with progress.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_app.app import exports
from desktop_app.ui.services import AppServices

_ID = Qt.ItemDataRole.UserRole


NO_RECIPIENTS = "No trusted key cards with an encryption key yet."


def checkable_item(text: str, value: Any, checked: bool = False) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    item.setData(_ID, value)
    return item


def checked_values(widget: QListWidget) -> list[Any]:
    return [
        widget.item(i).data(_ID)
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


def wizard_note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("WizardNote")
    return label


def list_findings(widget: QListWidget, findings: Any) -> None:
    """The personal-data findings as ticked items: ticked ones are removed before signing."""
    for finding in findings:
        text = f"{finding.kind} in {finding.where}: “{finding.excerpt}”"
        widget.addItem(checkable_item(text, finding, checked=True))


def recipient_list(
    services: AppServices, checked: Callable[[str], bool] = lambda _organisation: False
) -> QListWidget:
    """The trusted councils whose key cards carry an encryption key, each a tickable key card
    (its text is the item's value); `checked(organisation)` says which start ticked."""
    widget = QListWidget()
    widget.setAccessibleName("Encrypt for these councils")
    for recipient in exports.encryption_recipients(services.context):
        widget.addItem(
            checkable_item(recipient.label, recipient.card, checked(recipient.organisation))
        )
    return widget


def signing_identity(parent: QWidget, services: AppServices) -> Callable[[], Any] | None:
    """A loader of the home's signing identity (for a worker thread), after asking for its
    passphrase if needed; None (and the user told what to do) when there is none."""
    from desktop_app.ui.exchange.identity_dialogs import identity_loader

    loader = identity_loader(parent, services.home)
    if loader is None:
        QMessageBox.warning(
            parent,
            "No signing identity",
            "Create your signing identity in Keys & settings first (or give the passphrase).",
        )
    return loader


def sign_and_write(
    parent: QWidget,
    services: AppServices,
    prepared: Any,
    card_texts: list[str],
    out: Path,
    done: Callable[[Any], None],
    failed: Callable[[BaseException], None],
) -> Any:
    """Sign `prepared` with the home's identity (asking for its passphrase if needed), encrypt it
    for the key cards given, and write it to `out` in the background; None if there is no
    identity to sign with (the user is told)."""
    from desktop_app.app.changes import Changed
    from desktop_app.ui.background import run_operation

    loader = signing_identity(parent, services)
    if loader is None:
        return None
    context = services.context

    def work(progress: Any) -> Any:
        return exports.write_signed_export(
            context, prepared, loader(), out, card_texts, progress=progress.report
        )

    # the export log (Keys & settings) gains the bundle
    return run_operation(
        parent, "Signing the bundle", work, done, failed, announces=Changed.SETTINGS
    )


class ChoosePage(QWizardPage):
    def __init__(self, services: AppServices) -> None:
        super().__init__()
        self.setTitle("What goes in the bundle?")
        self.setSubTitle("Tick the self-assessments and visits to share with your peers.")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Self-assessments"))
        self.assessments = QListWidget()
        self.assessments.setAccessibleName("Self-assessments to export")
        for row in exports.exportable_assessments(services.context):
            text = f"{row['title']} · {row['organisation']} · {row['status_label']}"
            self.assessments.addItem(checkable_item(text, row["id"]))
        layout.addWidget(self.assessments)
        layout.addWidget(QLabel("Visits and their audits"))
        self.visits = QListWidget()
        self.visits.setAccessibleName("Visits to export")
        for row in exports.exportable_visits(services.context):
            text = f"{row['title']} · {row['host']} · {row['audits']} audits"
            self.visits.addItem(checkable_item(text, row["id"]))
        layout.addWidget(self.visits)
        # A visit held here as an auditor's assignment goes to its lead as an audit return,
        # never in a findings bundle (app.exports refuses it): offer that instead.
        self.return_buttons: dict[int, QPushButton] = {}
        for held in exports.held_assignments(services.context):
            note = QLabel(
                f"{held['title']} is your assignment from {held['lead']}: its audits go to "
                f"{held['lead']} as an audit return."
            )
            note.setWordWrap(True)
            layout.addWidget(note)
            button = QPushButton(f"Send my audits for {held['title']} to {held['lead']}")
            button.clicked.connect(
                lambda _checked=False, visit_id=held["id"]: self._send_return(services, visit_id)
            )
            self.return_buttons[int(held["id"])] = button
            layout.addWidget(button)
        self.audit_return_wizard: ExportWizard | None = None
        for widget in (self.assessments, self.visits):
            widget.itemChanged.connect(lambda _item: self.completeChanged.emit())

    def _send_return(self, services: AppServices, visit_id: int) -> None:
        """Close this wizard and open "Send my audits to the lead" for ``visit_id``."""
        wizard = self.wizard()
        returning = ExportWizard(
            services, wizard.parentWidget(), bundle_type="audit-return", visit_id=visit_id
        )
        self.audit_return_wizard = returning
        wizard.reject()
        returning.open()

    def isComplete(self) -> bool:
        return bool(checked_values(self.assessments) or checked_values(self.visits))


class PrivacyPage(QWizardPage):
    def __init__(self, services: AppServices) -> None:
        super().__init__()
        self.setTitle("Privacy")
        self.setSubTitle("The defaults protect children: change them only when you must.")
        layout = QVBoxLayout(self)
        layout.addWidget(
            wizard_note(
                "Case references are always replaced by pseudonyms (for example C-7F3A9B21) that "
                "stay the same across your council's bundles."
            )
        )
        self.case_notes = QCheckBox("Include free-text case notes (evidence, rationales, files)")
        self.case_notes.setAccessibleName("Include free-text case notes")
        layout.addWidget(self.case_notes)
        layout.addWidget(wizard_note("Left out unless you tick this: audits are about children."))
        self.drafts = QCheckBox("Share draft self-assessments as they stand")
        self.drafts.setAccessibleName("Share draft self-assessments")
        layout.addWidget(self.drafts)
        layout.addWidget(
            wizard_note(
                "Normally only the version frozen when marked ready for challenge is shared."
            )
        )
        layout.addWidget(QLabel("Encrypt for (optional): only these councils can open it"))
        self.recipients = recipient_list(
            services, lambda _organisation: True
        )  # encrypted by default
        if not self.recipients.count():
            self.recipients.setVisible(False)
            layout.addWidget(wizard_note(NO_RECIPIENTS))
        layout.addWidget(self.recipients)
        layout.addStretch(1)


class ChecksPage(QWizardPage):
    """Collects the bundle in the background and lists likely personal data to remove or keep."""

    def __init__(self, services: AppServices) -> None:
        super().__init__()
        self.services = services
        self.prepared: Any = None
        self.setTitle("Check for personal data")
        self.setSubTitle(
            "Names after titles, dates of birth, NHS numbers and postcodes in what will leave. "
            "Ticked items are removed from the bundle; untick only what may safely leave."
        )
        layout = QVBoxLayout(self)
        self.status = wizard_note("")
        layout.addWidget(self.status)
        self.findings = QListWidget()
        self.findings.setAccessibleName("Personal data found")
        self.findings.setWordWrap(True)
        layout.addWidget(self.findings, 1)
        self.task: Any = None

    def initializePage(self) -> None:
        from desktop_app.ui.background import run_operation

        wizard = self.wizard()
        assert isinstance(wizard, ExportWizard)
        self.prepared = None
        self.findings.clear()
        self.status.setText("Collecting what will go in the bundle…")
        request = exports.ExportRequest(
            assessment_ids=tuple(checked_values(wizard.choose.assessments)),
            visit_ids=tuple(checked_values(wizard.choose.visits)),
            include_case_notes=wizard.privacy.case_notes.isChecked(),
            include_drafts=wizard.privacy.drafts.isChecked(),
        )
        context = self.services.context

        def work(_progress: Any) -> Any:
            return exports.prepare_export(context, request)

        self.task = run_operation(self, "Collecting the bundle", work, self._ready, self._failed)

    def _ready(self, prepared: Any) -> None:
        self.prepared = prepared
        list_findings(self.findings, prepared.findings)
        if prepared.findings:
            self.status.setText(
                f"{len(prepared.findings)} item(s) may identify someone. Ticked items will be "
                "replaced by “[removed before export]”."
            )
        else:
            self.status.setText("No likely personal data found in what will leave.")
        self.completeChanged.emit()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(f"This cannot be exported: {error}")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.prepared is not None

    def final_export(self) -> Any:

        remove = checked_values(self.findings)
        return exports.without_findings(self.prepared, remove) if remove else self.prepared


class SavePage(QWizardPage):
    def __init__(self, services: AppServices) -> None:
        super().__init__()
        self.services = services
        self.setTitle("Sign and save")
        self.setSubTitle("The bundle is signed with your key; the file can be sent by any route.")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Sign and export")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setAccessibleName("Where to save the bundle")
        self.path.textChanged.connect(lambda _text: self.completeChanged.emit())
        browse = QPushButton("Choose…")
        browse.setAccessibleName("Choose where to save")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addWidget(QLabel("Save as:"))
        layout.addLayout(row)
        self.summary = wizard_note("")
        layout.addWidget(self.summary)
        # No signing identity yet: make it here, without losing the choices made so far.
        self.identity_note = wizard_note(
            "You have no signing identity yet. Make it now: it signs this bundle and every later "
            "one, and your peers will compare its fingerprint with you."
        )
        self.identity_note.setObjectName("WizardIdentityNote")
        self.identity_button = QPushButton("Make my signing identity…")
        self.identity_button.setAccessibleName("Make my signing identity")
        self.identity_button.clicked.connect(self.make_identity)
        layout.addWidget(self.identity_note)
        layout.addWidget(self.identity_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.result: Any = None
        self.task: Any = None
        self.identity_task: Any = None

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, ExportWizard)
        prepared = wizard.checks.final_export()
        if not self.path.text():
            self.path.setText(str(Path.home() / f"{prepared.bundle_type}.cfbundle"))
        removed = f" {prepared.removed} item(s) removed." if prepared.removed else ""
        self.summary.setText(f"Contains: {prepared.what}.{removed}")
        self._show_identity_state()

    def has_identity(self) -> bool:
        from desktop_app.app.keys import read_public_identity

        return read_public_identity(self.services.home.root) is not None

    def _show_identity_state(self) -> None:
        missing = not self.has_identity()
        self.identity_note.setVisible(missing)
        self.identity_button.setVisible(missing)
        self.completeChanged.emit()

    def make_identity(self) -> None:
        from desktop_app.ui.exchange.identity_dialogs import create_identity_in_window

        self.identity_task = create_identity_in_window(
            self, self.services, self._show_identity_state
        )

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save bundle", self.path.text(), "Critical Friend bundles (*.cfbundle)"
        )
        if path:
            self.path.setText(path if path.endswith(".cfbundle") else f"{path}.cfbundle")

    def isComplete(self) -> bool:
        target = Path(self.path.text().strip()) if self.path.text().strip() else None
        return target is not None and target.parent.is_dir() and self.has_identity()

    def validatePage(self) -> bool:
        if self.result is not None:
            return True
        self.start_export()
        return False

    def start_export(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, ExportWizard)

        def done(result: Any) -> None:
            self.result = result
            QMessageBox.information(
                self,
                "Bundle exported",
                f"Signed bundle saved to {result.path}\nSHA-256 {result.file_sha256}",
            )
            wizard.accept()

        def failed(error: BaseException) -> None:
            QMessageBox.warning(self, "Not exported", f"The bundle was not exported: {error}")

        self.task = sign_and_write(
            self,
            self.services,
            wizard.checks.final_export(),
            checked_values(wizard.privacy.recipients),
            Path(self.path.text().strip()),
            done,
            failed,
        )


class ExportWizard(QWizard):
    """Export a signed bundle: for peers (the default), or with ``bundle_type="audit-return"``
    and a working ``visit_id``, an auditor's return to the visit's lead, the lead preselected
    as the recipient (pages in ``ui.visit.return_wizard``)."""

    def __init__(
        self,
        services: AppServices,
        parent: QWidget | None = None,
        *,
        bundle_type: Literal["peer", "audit-return"] = "peer",
        visit_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setMinimumSize(720, 560)
        self.bundle_type = bundle_type
        if bundle_type == "audit-return" and visit_id is not None:
            from desktop_app.ui.visit.return_wizard import ReturnPages

            self.setWindowTitle("Send my audits to the lead")
            self.audit_return = ReturnPages(services, visit_id)
            for return_page in self.audit_return.pages():
                self.addPage(return_page)
            return
        self.setWindowTitle("Export a signed bundle")
        self.choose = ChoosePage(services)
        self.privacy = PrivacyPage(services)
        self.checks = ChecksPage(services)
        self.save = SavePage(services)
        for page in (self.choose, self.privacy, self.checks, self.save):
            self.addPage(page)
