"""Who sent a bundle: decided by the trust store's entry for the signing key, never by the bundle.

A bundle names its sender in three places that its signer writes freely: the comment of
`signer.pub`, `Source-Organization` in `bag-info.txt`, and `organisation.name` in
`data/bundle.json`. These are *claims*. A key trusted for one council can sign anything, so a
trusted key's bundle whose claims name another council is refused; an unknown key's bundle is
shown as from an unknown signer, with what it claims marked as a claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app.exchange.bundle_read import VerifiedBundle
from desktop_app.exchange.imported_content import ImportRefusedError
from desktop_app.plain_text import visible
from desktop_app.store.repositories.exchange import UNKNOWN_SIGNER


@dataclass(frozen=True)
class Claim:
    """One place where a bundle names its council: `where` (file and field) and what it says."""

    where: str
    organisation: str


def council_key(name: str) -> str:
    """A council's name for comparison: case, spacing and a leading "the" ignored."""
    words = name.casefold().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def organisation_claims(bundle: VerifiedBundle) -> list[Claim]:
    """Every council name the bundle gives for its sender (empty claims left out)."""
    claims: list[Claim] = []
    _name, separator, comment_org = bundle.signer_comment.partition(",")
    if separator and comment_org.strip():
        claims.append(Claim("the comment of signer.pub", comment_org.strip()))
    source = bundle.bag_info.get("Source-Organization", "").strip()
    if source:
        claims.append(Claim("Source-Organization in bag-info.txt", source))
    organisation: Any = bundle.document.get("organisation")
    name = organisation.get("name") if isinstance(organisation, dict) else None
    if isinstance(name, str) and name.strip():
        claims.append(Claim("organisation in bundle.json", name.strip()))
    return claims


def claimed_organisation(bundle: VerifiedBundle) -> str:
    """What the bundle says its council is (first claim), for showing as a claim only."""
    claims = organisation_claims(bundle)
    return claims[0].organisation if claims else ""


def unknown_sender_label(bundle: VerifiedBundle) -> str:
    """How an unknown key's bundle is named: never its claim as a fact."""
    claim = claimed_organisation(bundle)
    return f"{UNKNOWN_SIGNER} (claims “{visible(claim)}”)" if claim else UNKNOWN_SIGNER


def check_claims(bundle: VerifiedBundle, organisation: str) -> None:
    """Refuse a trusted key's bundle that names a council other than the key's own.

    `organisation` is the trust store's council for the signing key. Raises ImportRefusedError
    (check "claim-mismatch") naming the claim and where it was made.
    """
    wanted = council_key(organisation)
    for claim in organisation_claims(bundle):
        if council_key(claim.organisation) != wanted:
            raise ImportRefusedError(
                f"This bundle is signed by the key you trust for {organisation}, but "
                f"{claim.where} says it comes from “{visible(claim.organisation)}”. A council's key "
                "may only send its own council's bundles, so it was refused; ask "
                f"{organisation} about it.",
                "claim-mismatch",
                "signer.pub" if claim.where.endswith("signer.pub") else None,
            )


__all__ = [
    "UNKNOWN_SIGNER",
    "Claim",
    "check_claims",
    "claimed_organisation",
    "council_key",
    "organisation_claims",
    "signer_name",
    "unknown_sender_label",
]


def signer_name(comment: str) -> str:
    """`Ann Example, Oxtown Borough Council` -> `Ann Example`."""
    return comment.partition(",")[0].strip()
