"""One line under a received challenge (a response or a reply) saying who signed it, by the
trust store: the key's fingerprint, the trust store's name for it, and whether it is trusted.

Everything here is plain text: the signer's comment is the sender's own words (see
``desktop_app.ui.plain_label``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QLabel

from desktop_app.app.received import ResponseSigner, response_signer
from desktop_app.ui.plain_label import plain
from desktop_app.ui.services import AppServices


def signer_sentence(signer: ResponseSigner) -> str:
    """The sentence for one signer: trusted with the trust store's name, or plainly not."""
    if signer.trusted:
        return (
            f"Signed by {signer.trust_store_name} · trusted (in your trust store for "
            f"{signer.organisation}) · key {signer.fingerprint}"
        )
    claim = f"; it claims to be “{signer.claimed}”" if signer.claimed else ""
    return (
        f"NOT TRUSTED: signed by key {signer.fingerprint}, which is not in your trust store"
        f"{claim}. Who sent these notes is only a claim until you trust the key."
    )


def signer_label(services: AppServices, bundle_ids: list[int]) -> QLabel:
    """A plain-text label with one ``signer_sentence`` per bundle (property ``trusted`` set to
    "yes" only when every signer is trusted, for the style sheet)."""
    signers = [
        signer
        for signer in (response_signer(services.context, b) for b in bundle_ids)
        if signer is not None
    ]
    label = plain(QLabel("\n".join(signer_sentence(signer) for signer in signers)))
    label.setObjectName("ChallengeSigner")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    all_trusted = bool(signers) and all(signer.trusted for signer in signers)
    label.setProperty("trusted", "yes" if all_trusted else "no")
    label.setAccessibleName("Who signed it")
    return label


def show_signers(row: QBoxLayout, services: AppServices, bundle_ids: list[int]) -> QLabel:
    """Replace whatever `row` holds with a fresh ``signer_label`` for `bundle_ids`; returns it."""
    while row.count():
        item = row.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()
    label = signer_label(services, bundle_ids)
    row.addWidget(label)
    return label
