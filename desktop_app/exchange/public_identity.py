"""The public half of this user's identity, read without touching the private key.

`keys/identity.json` (written by KeyStore) holds the name, organisation, public key line,
fingerprint, age recipient and backend; showing or exporting the key card needs nothing else,
so no passphrase is asked for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from desktop_app.exchange.keys import KeyStoreError

_FIELDS = ("name", "org", "public_line", "fingerprint", "age_recipient")


@dataclass(frozen=True)
class PublicIdentity:
    name: str
    org: str
    public_line: str
    fingerprint: str
    age_recipient: str
    backend: str

    def key_card(self) -> str:
        """The key card a peer needs: the same text as `key_card(identity)`."""
        return f"{self.public_line}\n{self.age_recipient}\n# fingerprint {self.fingerprint}\n"


def read_public_identity(home_root: Path) -> PublicIdentity | None:
    """The identity kept in this home, or None when there is none yet."""
    path = Path(home_root) / "keys" / "identity.json"
    if not path.exists():
        return None
    try:
        meta = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise KeyStoreError(f"keys/identity.json cannot be read ({error}).") from None
    if not isinstance(meta, dict) or not all(isinstance(meta.get(k), str) for k in _FIELDS):
        raise KeyStoreError("keys/identity.json is damaged (fields are missing).")
    backend = meta.get("backend") or meta.get("storage") or ""
    return PublicIdentity(
        name=meta["name"],
        org=meta["org"],
        public_line=meta["public_line"],
        fingerprint=meta["fingerprint"],
        age_recipient=meta["age_recipient"],
        backend=str(backend),
    )
