"""Key cards: the few lines a user sends a peer so the peer can check and encrypt for them.

ssh-ed25519 AAAA... Ann Example, Oxtown Borough
age1...
# fingerprint SHA256:...
"""

from __future__ import annotations

from dataclasses import dataclass

import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyrage import x25519

from desktop_app.exchange.keys import Identity
from desktop_app.exchange.sshsig import SignatureError, fingerprint, parse_public_key_line

_MAX_CARD_CHARS = 8192


class KeyCardError(ValueError):
    """A key card that cannot be read; the message says what is wrong with it."""


@dataclass(frozen=True)
class KeyCard:
    public_key: Ed25519PublicKey
    comment: str
    name: str
    org: str
    fingerprint: str
    age_recipient: str | None


def key_card(identity: Identity) -> str:
    return (
        f"{identity.public_line}\n{identity.age_recipient}\n# fingerprint {identity.fingerprint}\n"
    )


def parse_key_card(text: str) -> KeyCard:
    """Read a key card, or a bare one-line `ssh-ed25519 ...` public key."""
    if len(text) > _MAX_CARD_CHARS:
        raise KeyCardError("This is far too long to be a key card.")
    lines = [line.strip() for line in text.strip().lstrip("\ufeff").splitlines()]
    content = [line for line in lines if line and not line.startswith("#")]
    if not content:
        raise KeyCardError("The key card is empty.")
    try:
        public_key, comment = parse_public_key_line(content[0])
    except SignatureError as error:
        raise KeyCardError(f"The first line of the key card is not usable: {error}.") from None
    print_ = fingerprint(public_key)
    age_recipient: str | None = None
    for line in content[1:]:
        if not line.startswith("age1") or age_recipient is not None:
            raise KeyCardError(f"The key card has a line that is not understood: {line[:60]!r}.")
        try:
            x25519.Recipient.from_str(line)
        except pyrage.RecipientError:
            raise KeyCardError("The age1... line of the key card is damaged.") from None
        age_recipient = line
    for line in lines:
        stated = line.removeprefix("#").strip()
        if stated.startswith("fingerprint ") and stated.split(None, 1)[1] != print_:
            raise KeyCardError(
                "The fingerprint written on the key card does not match its key; "
                "the card is damaged or was changed."
            )
    name, _sep, org = comment.partition(",")
    return KeyCard(
        public_key=public_key,
        comment=comment,
        name=name.strip(),
        org=org.strip(),
        fingerprint=print_,
        age_recipient=age_recipient,
    )
