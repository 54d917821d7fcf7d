"""The Keys & settings cards for signing: your identity, and the keys of peer councils."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop_app.app import keys
from desktop_app.app.changes import Changed
from desktop_app.app.keys import PublicIdentity, read_public_identity
from desktop_app.ui.background import run_with_progress
from desktop_app.ui.exchange.identity_dialogs import CreateIdentityDialog
from desktop_app.ui.exchange.trust_flow import trust_key_card_file
from desktop_app.ui.services import AppServices
from desktop_app.ui.widgets import Card, Column, RowsTableModel, primary_button, read_only_table

STATUS_TEXT = {"trusted": "Trusted", "refused": "Refused (changed key)", "replaced": "Replaced"}


def _selectable(text: str, object_name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    return label


class IdentityCard(Card):
    """Your signing identity: create it, see its fingerprint, export the key card."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__("Your signing identity", parent)
        self.services = services
        self.identity = read_public_identity(services.home.root)
        if self.identity is None:
            self._empty()
        else:
            self._show(self.identity)

    def _empty(self) -> None:
        text = QLabel(
            "You have no signing identity yet. You need one to export a signed bundle, and to "
            "open bundles encrypted for you. Peers trust it after comparing its fingerprint."
        )
        text.setWordWrap(True)
        self.body.addWidget(text)
        row = QHBoxLayout()
        self.create_button = primary_button("Create signing identity…", self.create_identity)
        row.addWidget(self.create_button)
        row.addStretch(1)
        self.body.addLayout(row)

    def _show(self, identity: PublicIdentity) -> None:
        form = QFormLayout()
        form.addRow("Name:", QLabel(identity.name))
        form.addRow("Council:", QLabel(identity.org))
        self.fingerprint_label = _selectable(identity.fingerprint, "Fingerprint")
        self.fingerprint_label.setAccessibleName(f"Fingerprint {identity.fingerprint}")
        form.addRow("Fingerprint:", self.fingerprint_label)
        form.addRow("Private key kept in:", _selectable(identity.backend))
        self.body.addLayout(form)
        hint = QLabel(
            "Send peers your key card, then read them the fingerprint by phone so they can check it."
        )
        hint.setWordWrap(True)
        hint.setObjectName("CardHint")
        self.body.addWidget(hint)
        row = QHBoxLayout()
        export = QPushButton("Export key card…")
        export.setAccessibleName("Export key card")
        export.clicked.connect(self.export_key_card)
        row.addWidget(export)
        row.addStretch(1)
        self.body.addLayout(row)

    def create_identity(self) -> None:
        from desktop_app.app.keys import KeyStore, KeyStoreError
        from desktop_app.app.settings import home_council_name

        store = KeyStore(self.services.home.root)
        usable, description = store.keyring_status()
        dialog = CreateIdentityDialog(
            usable, description, home_council_name(self.services.context) or "", self
        )
        if dialog.exec() != CreateIdentityDialog.DialogCode.Accepted:
            return
        name, org, passphrase = dialog.values()

        def work(_progress: Any) -> str:
            return str(store.create_identity(name, org, passphrase).fingerprint)

        def failed(error: BaseException) -> None:
            message = str(error) if isinstance(error, KeyStoreError) else repr(error)
            QMessageBox.warning(self, "The identity was not created", message)

        run_with_progress(
            self,
            "Creating your signing identity",
            work,
            lambda _fingerprint: self.services.announce(Changed.KEYS),
            failed,
        )

    def export_key_card(self) -> None:
        if self.identity is None:
            return
        suggested = str(self.services.home.root / f"{self.identity.org or 'my'}-key.card")
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export key card", suggested, "Key cards (*.card);;All files (*)"
        )
        if not path:
            return
        try:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(self.identity.key_card())
        except OSError as error:
            QMessageBox.warning(
                self, "Not saved", f"The key card could not be saved: {error.strerror}"
            )
            return
        QMessageBox.information(
            self,
            "Key card saved",
            f"Saved to {path}. Send it to your peers, then read them your fingerprint:\n"
            f"{self.identity.fingerprint}",
        )


class TrustedKeysCard(Card):
    """Keys of peer councils: trusted after comparing fingerprints, or refused."""

    columns = (
        Column("organisation", "Council"),
        Column("comment", "Signer"),
        Column("fingerprint", "Fingerprint"),
        Column("status", "Status", lambda value: STATUS_TEXT.get(str(value), str(value))),
    )

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__("Keys of peer councils", parent)
        self.services = services
        rows = keys.trusted_keys(services.context)
        if rows:
            self.model = RowsTableModel(self.columns, self)
            self.model.set_rows(rows)
            self.table = read_only_table(self.model, "Keys of peer councils")
            self.table.horizontalHeader().setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents
            )
            self.table.setMinimumHeight(60 + 30 * min(len(rows), 6))
            self.body.addWidget(self.table)
        else:
            empty = QLabel(
                "No keys yet. When a peer council sends its key card, trust it here after "
                "comparing the fingerprint with them by phone."
            )
            empty.setWordWrap(True)
            self.body.addWidget(empty)
        row = QHBoxLayout()
        trust = primary_button("Trust a key card…", lambda: trust_key_card_file(self, services))
        row.addWidget(trust)
        if rows:
            remove = QPushButton("Remove selected key")
            remove.setAccessibleName("Remove selected key")
            remove.clicked.connect(self.remove_selected)
            row.addWidget(remove)
        row.addStretch(1)
        self.body.addLayout(row)

    def remove_selected(self) -> None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            QMessageBox.information(self, "Remove a key", "Select a key in the list first.")
            return
        row = self.model.row_at(indexes[0].row())
        answer = QMessageBox.question(
            self,
            "Remove this key?",
            f"Stop trusting {row['comment'] or row['organisation']} ({row['fingerprint']})? "
            "Their bundles will show as from an unknown signer.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.services.announce(keys.remove_key(self.services.context, str(row["fingerprint"])))


class ExportLogCard(Card):
    """Every bundle that left this laptop: when, what, for whom, and the file's SHA-256."""

    columns = (
        Column("created_at", "When", lambda value: str(value)[:16].replace("T", " ")),
        Column("what", "What"),
        Column("recipients", "Encrypted for", lambda value: str(value or "anyone with the file")),
        Column("sequence", "No."),
        Column("file_sha256", "File SHA-256", lambda value: f"{str(value)[:16]}…"),
    )

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__("Bundles you have exported", parent)
        rows = keys.export_log(services.context)
        if not rows:
            empty = QLabel("Nothing has left this laptop yet: every signed export is listed here.")
            empty.setWordWrap(True)
            self.body.addWidget(empty)
            return
        self.model = RowsTableModel(self.columns, self)
        self.model.set_rows(rows)
        table = QTableView()
        table.setModel(self.model)
        table.setAccessibleName("Bundles you have exported")
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        table.setMinimumHeight(60 + 30 * min(len(rows), 5))
        self.body.addWidget(table)
