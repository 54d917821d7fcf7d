"""Trusting a peer's key from the window: show the fingerprint, ask to compare, as SSH does.

A council already trusted with another key is refused loudly; the user may replace the old key
only through a second, explicit question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace as replace_dataclass

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop_app.app.changes import Changed
from desktop_app.app.keys import KeyCard, KeyCardError, parse_key_card, public_key_line
from desktop_app.ui.services import AppServices

Ask = Callable[[str, str], bool]


def ask_yes_no(parent: QWidget) -> Ask:
    def ask(title: str, text: str) -> bool:
        answer = QMessageBox.question(
            parent,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    return ask


def trust_question(card: KeyCard) -> str:
    return (
        f"<p>Key of <b>{card.comment}</b></p>"
        f"<p>Fingerprint:<br><code style='font-size:11pt'>{card.fingerprint}</code></p>"
        f"<p>Compare this fingerprint with {card.org or card.comment} by phone or in person "
        "(their Keys &amp; settings screen shows it). Only trust it if every character matches.</p>"
        f"<p>Trust this key for <b>{card.org or card.comment}</b>?</p>"
    )


def trust_card(
    services: AppServices, card: KeyCard, ask: Ask, tell: Callable[[str, str], None]
) -> bool:
    """Ask, then trust; on a changed key refuse loudly and offer replacement. True if trusted."""
    from desktop_app.app.keys import KeyChangedError, TrustRequest, trust_key

    organisation = card.org or card.comment
    if not ask("Trust this key?", trust_question(card)):
        return False
    line = public_key_line(card.public_key, card.comment)
    request = TrustRequest(
        line, card.fingerprint, organisation, card.comment, age_recipient=card.age_recipient
    )
    try:
        changed = trust_key(services.context, request)
    except KeyChangedError as error:
        replace = ask(
            "A different key for a council you already trust",
            f"<p><b>Refused.</b> {error}</p><p>Known key: <code>{error.known_fingerprint}</code>"
            f"<br>This key: <code>{error.presented_fingerprint}</code></p>"
            f"<p>Only if {organisation} confirmed they changed their key: replace the old key "
            "with this one?</p>",
        )
        if not replace:
            services.announce(Changed.KEYS)
            return False
        changed = trust_key(services.context, replace_dataclass(request, replace=True))
    services.announce(changed)
    tell("Key trusted", f"Bundles signed by {card.comment} now show as trusted.")
    return True


def trust_key_card_file(parent: QWidget, services: AppServices) -> bool:
    """Choose a key card file, show its fingerprint, and trust it if the user confirms."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, "Trust a key card", "", "Key cards (*.card *.pub *.txt);;All files (*)"
    )
    if not path:
        return False
    try:
        with open(path, encoding="utf-8") as handle:
            card = parse_key_card(handle.read(16384))
    except (OSError, UnicodeDecodeError, KeyCardError) as error:
        QMessageBox.warning(
            parent, "Not a key card", f"This file cannot be used as a key card: {error}"
        )
        return False
    return trust_card(services, card, ask_yes_no(parent), _informer(parent))


def _informer(parent: QWidget) -> Callable[[str, str], None]:
    def tell(title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    return tell
