"""Making and unlocking the signing identity from the window.

The private key goes to the system keyring when one is usable. Otherwise the dialog says why and
asks for a passphrase that protects the key file; unlocking asks for it again only then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.keys import Identity, KeyStore, KeyStoreError, read_public_identity
from desktop_app.home import Home

if TYPE_CHECKING:
    from desktop_app.ui.services import AppServices

MIN_PASSPHRASE = 8


class CreateIdentityDialog(QDialog):
    """Name, council, and a passphrase only when no keyring can keep the key."""

    def __init__(
        self,
        keyring_usable: bool,
        keyring_description: str,
        council: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Create your signing identity")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Your signing identity lets peer councils check that a bundle really comes from you "
            "and was not changed on the way. Peers will see your name and council."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setAccessibleName("Your name")
        self.org = QLineEdit(council)
        self.org.setAccessibleName("Your council")
        form.addRow("Your name:", self.name)
        form.addRow("Your council:", self.org)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName("Passphrase again")
        self.needs_passphrase = not keyring_usable
        where = QLabel()
        where.setWordWrap(True)
        where.setObjectName("KeyStorageNote")
        if keyring_usable:
            where.setText(f"Your private key will be kept in {keyring_description}.")
        else:
            where.setText(
                f"No password store can keep your private key ({keyring_description}), so it "
                "will be kept in a file in your data folder, encrypted with a passphrase. You will "
                "be asked for it each time you sign or open an encrypted bundle."
            )
            form.addRow("Passphrase:", self.passphrase)
            form.addRow("Passphrase again:", self.again)
        layout.addLayout(form)
        layout.addWidget(where)
        self.problem = QLabel()
        self.problem.setObjectName("DialogProblem")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Create identity")
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def problem_text(self) -> str:
        if not self.name.text().strip():
            return "Give your name."
        if not self.org.text().strip():
            return "Give your council."
        if self.needs_passphrase:
            if len(self.passphrase.text()) < MIN_PASSPHRASE:
                return f"Choose a passphrase of at least {MIN_PASSPHRASE} characters."
            if self.passphrase.text() != self.again.text():
                return "The two passphrases differ."
        return ""

    def _check_and_accept(self) -> None:
        problem = self.problem_text()
        self.problem.setText(problem)
        if not problem:
            self.accept()

    def values(self) -> tuple[str, str, str | None]:
        passphrase = self.passphrase.text() if self.needs_passphrase else None
        return self.name.text().strip(), self.org.text().strip(), passphrase


def needs_passphrase(home: Home) -> bool:
    identity = read_public_identity(home.root)
    return identity is not None and identity.backend.startswith("file")


def ask_passphrase(parent: QWidget) -> str | None:
    """The passphrase of the key file, or None if the user cancelled."""
    text, ok = QInputDialog.getText(
        parent,
        "Unlock your signing key",
        "Your signing key is kept in a file protected by a passphrase.\nPassphrase:",
        QLineEdit.EchoMode.Password,
    )
    return text if ok and text else None


def create_identity_in_window(
    parent: QWidget, services: AppServices, on_created: Callable[[], None]
) -> Any:
    """Ask for name, council (and a passphrase where no password store can keep the key), make
    the identity off the UI thread, then tell every screen ("keys") and call `on_created`.
    Returns the background task, or None if the user cancelled."""
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.app.changes import Changed
    from desktop_app.app.settings import home_council_name
    from desktop_app.ui.background import run_operation

    store = KeyStore(services.home.root)
    usable, description = store.keyring_status()
    dialog = CreateIdentityDialog(
        usable, description, home_council_name(services.context) or "", parent
    )
    if dialog.exec() != CreateIdentityDialog.DialogCode.Accepted:
        return None
    name, org, passphrase = dialog.values()

    def work(_progress: Any) -> str:
        return str(store.create_identity(name, org, passphrase).fingerprint)

    def failed(error: BaseException) -> None:
        message = str(error) if isinstance(error, KeyStoreError) else repr(error)
        QMessageBox.warning(parent, "The identity was not created", message)

    def done(_fingerprint: str) -> None:
        on_created()

    return run_operation(
        parent, "Creating your signing identity", work, done, failed, announces=Changed.KEYS
    )


def identity_loader(parent: QWidget, home: Home) -> Callable[[], Identity] | None:
    """A function that loads the identity (for a worker thread), after asking on the UI thread
    for the passphrase if one is needed; None if the user cancelled or there is no identity."""
    if read_public_identity(home.root) is None:
        return None
    passphrase: str | None = None
    if needs_passphrase(home):
        passphrase = ask_passphrase(parent)
        if passphrase is None:
            return None
    given = passphrase

    def load() -> Identity:
        identity = KeyStore(home.root).load_identity(lambda: given or "")
        if identity is None:
            raise KeyStoreError("There is no signing identity yet; create one in Keys & settings.")
        return identity

    return load
