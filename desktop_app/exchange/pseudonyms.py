"""Pseudonymous case references: HMAC-SHA256 of the reference, keyed by a secret per council.

The same case gets the same pseudonym (e.g. `C-7F3A9B21`) in every bundle a council exports, so
peers can follow a case across bundles, but nobody without the council's secret can turn a
pseudonym back into a case reference (references are short, so a plain hash could be guessed).
The secrets live in `keys/pseudonym-secrets.json` in the home, readable by the owner only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from pathlib import Path

_SECRETS_FILE = "pseudonym-secrets.json"
PREFIX = "C-"


def _council_key(council: str) -> str:
    return " ".join(council.split()).casefold()


def pseudonym_secret(keys_dir: Path, council: str) -> bytes:
    """The council's pseudonym secret, made (and kept) on first use."""
    path = Path(keys_dir) / _SECRETS_FILE
    stored = _read_secrets(path)
    key = _council_key(council)
    if key not in stored:
        stored[key] = secrets.token_hex(32)
        _write_secrets(path, stored)
    return bytes.fromhex(stored[key])


def _read_secrets(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    loaded = json.loads(path.read_text("utf-8"))
    return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}


def _write_secrets(path: Path, stored: dict[str, str]) -> None:
    from desktop_app.exchange.keys import write_owner_only

    path.parent.mkdir(parents=True, exist_ok=True)
    write_owner_only(path, json.dumps(stored, indent=2).encode("utf-8"))


def normalise_reference(reference: str) -> str:
    return " ".join(reference.split()).upper()


class CasePseudonyms:
    """Turns a council's case references into stable pseudonyms."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret
        self._seen: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None
        # Texts already passed through replace_known with the current pattern: the same choice
        # or stock phrase recurs in thousands of audits of one visit.
        self._replaced: dict[str, str] = {}

    def __call__(self, reference: str) -> str:
        normal = normalise_reference(reference)
        if not normal:
            return ""
        digest = hmac.new(self._secret, normal.encode("utf-8"), hashlib.sha256).hexdigest()
        pseudonym = PREFIX + digest[:8].upper()
        if normal not in self._seen:
            self._seen[normal] = pseudonym
            self._pattern = None
            self._replaced = {}
        return pseudonym

    def replace_known(self, text: str) -> str:
        """`text` with every case reference met so far replaced by its pseudonym."""
        if not self._seen:
            return text
        done = self._replaced.get(text)
        if done is not None:
            return done
        if self._pattern is None:
            choices = "|".join(re.escape(ref) for ref in sorted(self._seen, key=len, reverse=True))
            self._pattern = re.compile(rf"(?<![\w-])(?:{choices})(?![\w-])", re.IGNORECASE)
        done = self._pattern.sub(
            lambda match: self._seen[normalise_reference(match.group(0))], text
        )
        self._replaced[text] = done
        return done


def adopt_pseudonym_secret(keys_dir: Path, council: str, secret: bytes) -> None:
    """Keep the council's pseudonym secret received from the lead (in an assignment bundle), so
    every laptop of the council gives a case the same pseudonym. Replaces one made here before."""
    path = Path(keys_dir) / _SECRETS_FILE
    stored = _read_secrets(path)
    if stored.get(_council_key(council)) == secret.hex():
        return
    stored[_council_key(council)] = secret.hex()
    _write_secrets(path, stored)
