"""Send our challenge back: a signed response bundle, encrypted for the council by default.

The response is collected (and checked for personal data) in the background as the dialog
opens; signing and writing run in the background too, with progress.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.exchange.export_wizard import (
    NO_RECIPIENTS,
    checked_values,
    list_findings,
    recipient_list,
    sign_and_write,
    wizard_note,
)
from desktop_app.ui.plain_label import plain
from desktop_app.ui.services import AppServices


def _heading(text: str) -> QLabel:
    label = plain(QLabel(text))
    label.setObjectName("ChallengeEditorTitle")
    label.setContentsMargins(0, 8, 0, 0)
    return label


def _safe_name(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_ " else "-" for c in text).strip() or "response"


class SendResponseDialog(QDialog):
    # What the saved bundle holds besides its notes, for the message after saving.
    also_sent = " and the challenge feedback PDF"

    def __init__(
        self,
        services: AppServices,
        bundle_id: int,
        organisation: str,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.bundle_id = bundle_id
        self.prepared: Any = None
        self.result_: Any = None
        self.told = ""
        self.task: Any = None
        self.setWindowTitle("Send your challenge as a signed response")
        self.setMinimumSize(640, 480)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(
            wizard_note(
                f"A response to {organisation}'s “{title}”: your challenge notes and the challenge "
                "feedback PDF, signed with your key so they know it is from you."
            )
        )
        layout.addWidget(_heading("Encrypt for"))
        self.encrypt = QCheckBox("Encrypt the response: only the councils ticked can open it")
        self.recipients = recipient_list(services, lambda name: name == organisation)
        has_recipients = self.recipients.count() > 0
        self.encrypt.setChecked(has_recipients)
        self.encrypt.setEnabled(has_recipients)
        self.encrypt.toggled.connect(self.recipients.setEnabled)
        self.recipients.setMaximumHeight(96)
        layout.addWidget(self.encrypt)
        layout.addWidget(self.recipients)
        if not has_recipients:
            self.recipients.setVisible(False)
            layout.addWidget(wizard_note(f"{NO_RECIPIENTS} Trust their key cards to encrypt."))
        layout.addWidget(_heading("Check for personal data"))
        self.status = wizard_note("Collecting your notes…")
        layout.addWidget(self.status)
        self.findings = QListWidget()
        self.findings.setAccessibleName("Personal data found")
        self.findings.setWordWrap(True)
        layout.addWidget(self.findings, 3)
        layout.addStretch(1)
        layout.addWidget(_heading("Save as"))
        row = QHBoxLayout()
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        default = Path(folder or Path.home()) / f"{_safe_name(f'Response to {title}')}.cfbundle"
        self.path = QLineEdit(str(default))
        self.path.setAccessibleName("Where to save the response")
        self.path.textChanged.connect(lambda _text: self._update_buttons())
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send_button = self.buttons.addButton(
            "Sign and save", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.send_button.setProperty("primary", True)
        self.buttons.accepted.connect(self.send)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_buttons()

    # collecting ------------------------------------------------------------------------------
    def collect(self) -> None:
        """Collect the response in the background (called once the dialog is shown)."""
        from desktop_app.app.exports import prepare_response
        from desktop_app.ui.background import run_operation

        context, bundle_id = self.services.context, self.bundle_id

        def work(_progress: Any) -> Any:
            return prepare_response(context, bundle_id)

        self.task = run_operation(self, "Collecting the response", work, self._ready, self._failed)

    def _ready(self, prepared: Any) -> None:
        self.prepared = prepared
        list_findings(self.findings, prepared.findings)
        if prepared.findings:
            self.status.setText(
                f"{len(prepared.findings)} item(s) in your notes may identify someone. Ticked items "
                "will be replaced by “[removed before export]”; untick only what may safely leave."
            )
        else:
            self.status.setText(f"Ready: {prepared.what}. No likely personal data found.")
            self.findings.setVisible(False)
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(f"This cannot be sent yet: {error}")
        self._update_buttons()

    def final_export(self) -> Any:
        from desktop_app.app.exports import without_findings

        remove = checked_values(self.findings)
        return without_findings(self.prepared, remove) if remove else self.prepared

    # saving ---------------------------------------------------------------------------------
    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save the response", self.path.text(), "Critical Friend bundles (*.cfbundle)"
        )
        if path:
            self.path.setText(path if path.endswith(".cfbundle") else f"{path}.cfbundle")

    def target(self) -> Path | None:
        text = self.path.text().strip()
        return Path(text) if text and Path(text).parent.is_dir() else None

    def _update_buttons(self) -> None:
        self.send_button.setEnabled(self.prepared is not None and self.target() is not None)

    def chosen_cards(self) -> list[str]:
        return checked_values(self.recipients) if self.encrypt.isChecked() else []

    def send(self) -> None:
        out = self.target()
        if self.prepared is None or out is None:
            return
        cards = self.chosen_cards()
        names = [
            self.recipients.item(i).text().split(" (")[0]
            for i in range(self.recipients.count())
            if self.encrypt.isChecked()
            and self.recipients.item(i).checkState() == Qt.CheckState.Checked
        ]
        prepared = self.final_export()

        def done(result: Any) -> None:
            self.result_ = result
            locked = f"Encrypted for {', '.join(names)} (and you)." if names else "Not encrypted."
            removed = f" {prepared.removed} item(s) were removed." if prepared.removed else ""
            self.told = (
                f"The signed bundle was saved to {result.path}.\n\nIt contains {prepared.what}"
                f"{self.also_sent}.{removed} {locked}\n\nSend the file to the "
                "council by any route; they import it on their Peer challenge screen."
            )
            QMessageBox.information(self, "Response saved", self.told)
            self.accept()

        def failed(error: BaseException) -> None:
            QMessageBox.warning(self, "Not saved", f"The response was not saved: {error}")

        self.task = sign_and_write(self, self.services, prepared, cards, out, done, failed)
