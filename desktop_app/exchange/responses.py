"""Which responses a home accepts: only answers to a bundle it sent, from a key it trusts.

A response (`Bundle-Type: response`) names the bundle it answers by the SHA-512 of that
bundle's signed tag manifest (`In-Response-To`). Its challenge notes land among the notes
received on our own work, so it must answer one of our exports (the export log), be signed by a
key in the trust store, and, when that export was encrypted for named councils, by a key trusted
for one of them.

A reply to our challenge (`Bundle-Type: challenge-reply`) names, the same way, the response it
answers; its answers land on the notes we gave, so it must answer a response this home sent and
be signed by a trusted key, as for a response (`check_reply`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from desktop_app.exchange.imported_content import ImportRefusedError
from desktop_app.exchange.sender import council_key
from desktop_app.store.repositories.challenge import own_export_for

if TYPE_CHECKING:
    from desktop_app.exchange.import_bundle import CheckedBundle


@dataclass(frozen=True)
class _Answering:
    """How one kind of answer to our own export is refused: its check words and sentences."""

    prefix: str  # "response" or "reply": the check words are PREFIX-not-ours, ...
    not_ours: str
    untrusted: str  # {fingerprint}
    wrong_council: str  # {organisation}, {recipients}


_RESPONSE = _Answering(
    "response",
    "This is a response to a bundle this laptop never sent, so it was refused (its notes would "
    "otherwise appear as challenge received on your work).",
    "This response is signed by {fingerprint}, a key you do not trust, so it was refused. "
    "Compare the fingerprint with the council you sent the bundle to and trust their key card "
    "first.",
    "This response is signed by {organisation}'s key, but the bundle it answers was sent to "
    "{recipients}; it was refused.",
)
_REPLY = _Answering(
    "reply",
    "This reply answers a challenge response that was not sent from this laptop, so it was "
    "refused; open it on the laptop that sent the response.",
    "This reply is signed by {fingerprint}, a key you do not trust, so it was refused. Compare "
    "the fingerprint with the council you challenged and trust their key card first.",
    "This reply is signed by {organisation}'s key, but the response it answers was sent to "
    "{recipients}; it was refused.",
)


def check_response(session: Session, checked: CheckedBundle) -> None:
    """Refuse a response this home should not accept (ImportRefusedError, with its check word).

    Checks, in order: "response-not-ours" (it answers no bundle in our export log, or its
    bundle.json names another bundle than bag-info.txt does), "response-untrusted" (the signer's
    key is not trusted), "response-wrong-council" (our export went to other councils).
    """
    _check_answer(session, checked, _RESPONSE)


def check_reply(session: Session, checked: CheckedBundle) -> None:
    """Refuse a reply to our challenge this home should not accept (ImportRefusedError, with its
    check word).

    Checks, in order: "reply-not-ours" (it answers no response in our export log, or its
    bundle.json names another response than bag-info.txt does), "reply-untrusted" (the signer's
    key is not trusted), "reply-wrong-council" (our response went to other councils).
    """
    _check_answer(session, checked, _REPLY)


def _check_answer(session: Session, checked: CheckedBundle, kind: _Answering) -> None:
    bundle = checked.bundle
    answered: Any = bundle.document.get("in_response_to")
    named = answered.get("tagmanifest_sha512") if isinstance(answered, dict) else None
    export = own_export_for(session, bundle.in_response_to)
    if export is None or (named is not None and named != bundle.in_response_to):
        raise ImportRefusedError(kind.not_ours, f"{kind.prefix}-not-ours", "bag-info.txt")
    if checked.verdict.state != "trusted":
        raise ImportRefusedError(
            kind.untrusted.format(fingerprint=bundle.fingerprint), f"{kind.prefix}-untrusted"
        )
    if export.recipients.strip() and council_key(checked.organisation) not in council_key(
        export.recipients
    ):
        raise ImportRefusedError(
            kind.wrong_council.format(
                organisation=checked.organisation, recipients=export.recipients
            ),
            f"{kind.prefix}-wrong-council",
        )
