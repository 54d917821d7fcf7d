"""The user's signing identity: an Ed25519 signing key and an age (X25519) encryption key.

Private keys live in the OS keyring when one is usable. Otherwise they go to `keys/` in the home
folder, encrypted with the user's passphrase (an encrypted OpenSSH key file and an age
passphrase-encrypted file), and `backend` says why. A private key is never written in plain text.
Public metadata (names, public key line, age recipient, backend) is in `keys/identity.json`.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import keyring
import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_ssh_private_key,
)
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError
from pyrage import passphrase as age_passphrase
from pyrage import x25519

from desktop_app.exchange.sshsig import fingerprint, public_key_line

_UNUSABLE_BACKENDS = ("keyring.backends.fail", "keyring.backends.null")
_IDENTITY_JSON = "identity.json"
_SIGNING_KEY_FILE = "identity.key"
_AGE_KEY_FILE = "age-identity.age"


class KeyStoreError(Exception):
    """The identity cannot be made or opened; the message says what to do."""


# NCSC guidance favours long passphrases (e.g. three random words) over complex short ones;
# 12 characters is the floor here.
MIN_PASSPHRASE_CHARS = 12


def passphrase_problem(passphrase: str) -> str | None:
    """Why `passphrase` is too weak to protect a signing key, in one sentence; None if it is fine.

    At least MIN_PASSPHRASE_CHARS characters, and not one character repeated.
    """
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        return (
            f"The passphrase is too short: use at least {MIN_PASSPHRASE_CHARS} characters "
            "(three random words are easy to remember and hard to guess)."
        )
    if len(set(passphrase)) < 4:
        return "The passphrase repeats too few characters to be safe: use a few random words."
    return None


# Age identities unlocked in this process, by signing-key fingerprint: a passphrase-protected one
# costs scrypt (about a second and hundreds of MiB) to open, so it is opened once per session and
# only when a bundle is to be decrypted. Held in memory only, never written anywhere.
_UNLOCKED_AGE: dict[str, str] = {}


@dataclass(frozen=True)
class Identity:
    """The user's signing identity: the Ed25519 key, its public line, and the age key pair.

    ``age_identity`` (AGE-SECRET-KEY-1...) is opened on first use only, since signing never
    needs it; raises KeyStoreError if the passphrase no longer opens it.
    """

    name: str
    org: str
    private_key: Ed25519PrivateKey = field(repr=False)
    public_line: str
    fingerprint: str
    age_recipient: str
    backend: str
    age_unlock: Callable[[], str] | None = field(repr=False, default=None, compare=False)

    @property
    def age_identity(self) -> str:
        """The age secret key, unlocked once per process (scrypt for a key-file identity)."""
        secret = _UNLOCKED_AGE.get(self.fingerprint)
        if secret is None:
            if self.age_unlock is None:
                raise KeyStoreError("This identity has no age key to open encrypted bundles.")
            secret = self.age_unlock()
            _UNLOCKED_AGE[self.fingerprint] = secret
        return secret


def keyring_problem(backend: KeyringBackend) -> str | None:
    """Why this keyring backend cannot keep secrets, or None when it can."""
    module = type(backend).__module__
    if module.startswith(_UNUSABLE_BACKENDS):
        return "this computer offers no password store that Critical Friend can use"
    chained = getattr(backend, "backends", None)
    if module.startswith("keyring.backends.chainer") and isinstance(chained, list):
        usable = [b for b in chained if not type(b).__module__.startswith(_UNUSABLE_BACKENDS)]
        if not usable:
            return "no password store was found on this computer"
    return None


# The password stores people know, by the keyring backend that reaches them.
_STORE_NAMES = {
    "keyring.backends.Windows": "Windows Credential Manager",
    "keyring.backends.macOS": "the macOS Keychain",
    "keyring.backends.SecretService": "the desktop's keyring (GNOME Keyring or KWallet)",
    "keyring.backends.kwallet": "KWallet",
    "keyring.backends.libsecret": "the desktop's keyring (GNOME Keyring or KWallet)",
}


def _describe(backend: KeyringBackend) -> str:
    """The password store in words a user knows, e.g. "Windows Credential Manager"."""
    module = type(backend).__module__
    for prefix, name in _STORE_NAMES.items():
        if module.startswith(prefix):
            return name
    return f"the system's password store ({backend.name})"


class KeyStore:
    """Where this user's identity is kept: the OS keyring, or passphrase-protected files."""

    def __init__(self, home: Path, service: str = "critical-friend") -> None:
        self.home = Path(home)
        self.service = service
        self.keys_dir = self.home / "keys"

    def keyring_status(self) -> tuple[bool, str]:
        """(usable, description) of the keyring as it is now, for `doctor` and the UI."""
        backend = keyring.get_keyring()
        problem = keyring_problem(backend)
        return (problem is None, _describe(backend) if problem is None else problem)

    def has_identity(self) -> bool:
        return (self.keys_dir / _IDENTITY_JSON).exists()

    @staticmethod
    def check_names(name: str, org: str) -> tuple[str, str]:
        """The name and council of a new identity, trimmed; KeyStoreError unless each is one
        line (and the name not empty)."""
        name, org = name.strip(), org.strip()
        if not name or any(ch in name + org for ch in "\r\n\t"):
            raise KeyStoreError("Give a name (and organisation) on one line each.")
        return name, org

    def create_identity(
        self, name: str, org: str, passphrase: str | None, *, replace: bool = False
    ) -> Identity:
        """Make a new identity; `passphrase` protects the key files when no keyring is usable."""
        name, org = self.check_names(name, org)
        if not replace and (self.has_identity() or (self.keys_dir / _SIGNING_KEY_FILE).exists()):
            raise KeyStoreError(
                "A signing identity already exists here; replacing it means peers must "
                "trust your new key, so ask for that explicitly."
            )
        previous = self._read_metadata() if self.has_identity() else None
        private_key = Ed25519PrivateKey.generate()
        age_identity = x25519.Identity.generate()
        line = public_key_line(private_key.public_key(), f"{name}, {org}" if org else name)
        print_ = fingerprint(private_key.public_key())
        self.keys_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.keys_dir, 0o700)
        # All or nothing: every new file is written in full under a temporary name first, and only
        # then renamed into place, so a full disk part-way leaves the previous identity whole.
        staged: list[tuple[Path, Path]] = []
        stored_in_keyring = ""
        try:
            storage, backend, username = self._store_secrets(
                private_key, str(age_identity), print_, passphrase, staged
            )
            stored_in_keyring = username
            metadata = self._metadata(
                name, org, line, print_, age_identity, (backend, storage, username)
            )
            identity_file = self.keys_dir / _IDENTITY_JSON
            staged.append(
                (_staged(identity_file, json.dumps(metadata, indent=2).encode()), identity_file)
            )
        except BaseException:
            for temp, _final in staged:
                temp.unlink(missing_ok=True)
            if stored_in_keyring:
                with contextlib.suppress(KeyringError):
                    keyring.delete_password(self.service, stored_in_keyring)
            raise
        for temp, final in staged:
            os.replace(temp, final)
        if previous is not None:
            self._forget_previous(previous, storage)
        recipient = str(age_identity.to_public())
        return Identity(
            name=name,
            org=org,
            private_key=private_key,
            public_line=line,
            fingerprint=print_,
            age_recipient=recipient,
            backend=backend,
            age_unlock=_constant(str(age_identity)),
        )

    @staticmethod
    def _metadata(
        name: str,
        org: str,
        line: str,
        print_: str,
        age_identity: x25519.Identity,
        kept: tuple[str, str, str],
    ) -> dict[str, Any]:
        """What keys/identity.json holds; `kept` is (backend, storage, keyring username) from
        `_store_secrets` (the secrets themselves stay in the keyring or the key files)."""
        backend, storage, username = kept
        recipient = str(age_identity.to_public())
        return {
            "format": 1,
            "name": name,
            "org": org,
            "public_line": line,
            "fingerprint": print_,
            "age_recipient": recipient,
            "backend": backend,
            "storage": storage,
            "keyring_username": username,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
        }

    def load_identity(
        self, passphrase_provider: Callable[[], str] | None = None
    ) -> Identity | None:
        """The stored identity, or None when there is none; asks for a passphrase only if needed."""
        if not self.has_identity():
            return None
        meta = self._read_metadata()
        age_unlock: Callable[[], str]
        if meta["storage"] == "keyring":
            private_key, age_secret = self._load_from_keyring(meta)
            age_unlock = _constant(age_secret)
        else:
            private_key, age_unlock = self._load_from_files(passphrase_provider)
        if fingerprint(private_key.public_key()) != meta["fingerprint"]:
            raise KeyStoreError(
                "The stored signing key does not match keys/identity.json; the key store has "
                "been changed. Restore it from a backup or create a new identity."
            )
        return Identity(
            name=meta["name"],
            org=meta["org"],
            private_key=private_key,
            public_line=meta["public_line"],
            fingerprint=meta["fingerprint"],
            age_recipient=meta["age_recipient"],
            backend=meta["backend"],
            age_unlock=age_unlock,
        )

    def _store_secrets(
        self,
        key: Ed25519PrivateKey,
        age_secret: str,
        print_: str,
        passphrase: str | None,
        staged: list[tuple[Path, Path]],
    ) -> tuple[str, str, str]:
        """Keep the secrets in the keyring, or (no usable keyring) in passphrase-protected key
        files written under temporary names, appended to `staged` as (temporary, final) for the
        caller to rename. Returns (storage, backend description, keyring username or "")."""
        backend = keyring.get_keyring()
        reason = keyring_problem(backend)
        username = f"signing-identity {print_}"
        if reason is None:
            raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
            blob = {"ed25519": base64.b64encode(raw).decode(), "age": age_secret}
            try:
                keyring.set_password(self.service, username, json.dumps(blob))
            except KeyringError as error:
                reason = f"the system's password store refused to keep the key ({error})"
            else:
                return "keyring", _describe(backend), username
        if not passphrase:
            raise KeyStoreError(
                f"No password store can keep the key ({reason}), so it must be kept in a file "
                "protected by a passphrase; give one."
            )
        problem = passphrase_problem(passphrase)
        if problem is not None:
            raise KeyStoreError(problem)
        encrypted = key.private_bytes(
            Encoding.PEM, PrivateFormat.OpenSSH, BestAvailableEncryption(passphrase.encode())
        )
        for file_name, content in (
            (_SIGNING_KEY_FILE, encrypted),
            (_AGE_KEY_FILE, age_passphrase.encrypt(age_secret.encode(), passphrase)),
        ):
            final = self.keys_dir / file_name
            staged.append((_staged(final, content), final))
        return "file", f"file protected by a passphrase ({reason})", ""

    def _forget_previous(self, previous: dict[str, Any], storage_now: str) -> None:
        if previous.get("storage") == "keyring" and previous.get("keyring_username"):
            # The old entry may already be gone or the keyring locked; it is unused either way.
            with contextlib.suppress(KeyringError):
                keyring.delete_password(self.service, previous["keyring_username"])
        if previous.get("storage") == "file" and storage_now != "file":
            for leftover in (_SIGNING_KEY_FILE, _AGE_KEY_FILE):
                (self.keys_dir / leftover).unlink(missing_ok=True)

    def _read_metadata(self) -> dict[str, Any]:
        try:
            meta = json.loads((self.keys_dir / _IDENTITY_JSON).read_text("utf-8"))
            required = ("name", "org", "public_line", "fingerprint", "age_recipient", "storage")
            if not isinstance(meta, dict) or not all(
                isinstance(meta.get(k), str) for k in required
            ):
                raise ValueError("missing fields")
        except (OSError, ValueError) as error:
            raise KeyStoreError(f"keys/identity.json cannot be read ({error}).") from None
        meta.setdefault("backend", meta["storage"])
        return meta

    def _load_from_keyring(self, meta: dict[str, Any]) -> tuple[Ed25519PrivateKey, str]:
        backend = keyring.get_keyring()
        problem = keyring_problem(backend)
        if problem is not None:
            raise KeyStoreError(
                f"Your signing key is kept in the system's password store, which is not available now "
                f"({problem}). Log in to the desktop session that holds it."
            )
        try:
            secret = keyring.get_password(self.service, str(meta.get("keyring_username", "")))
        except KeyringError as error:
            raise KeyStoreError(f"The keyring would not give the signing key ({error}).") from None
        if secret is None:
            raise KeyStoreError(
                "Your signing key is missing from the keyring. Restore it or create a new identity."
            )
        try:
            blob = json.loads(secret)
            raw = base64.b64decode(blob["ed25519"], validate=True)
            return Ed25519PrivateKey.from_private_bytes(raw), str(blob["age"])
        except (ValueError, KeyError, TypeError):
            raise KeyStoreError("The signing key in the keyring is damaged.") from None

    def _load_from_files(
        self, passphrase_provider: Callable[[], str] | None
    ) -> tuple[Ed25519PrivateKey, Callable[[], str]]:
        """The signing key now, and a function that opens the age key when it is needed."""
        if passphrase_provider is None:
            raise KeyStoreError("Your signing key file is protected by a passphrase; give it.")
        secret = passphrase_provider()
        try:
            pem = (self.keys_dir / _SIGNING_KEY_FILE).read_bytes()
        except OSError as error:
            raise KeyStoreError(
                f"The signing key file cannot be read ({error.strerror})."
            ) from None
        try:
            key = load_ssh_private_key(pem, password=secret.encode())
        except (ValueError, TypeError):
            raise KeyStoreError("That passphrase does not unlock the signing key.") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise KeyStoreError("The signing key file does not hold an Ed25519 key.")
        age_path = self.keys_dir / _AGE_KEY_FILE

        def unlock_age() -> str:
            try:
                opened: bytes = age_passphrase.decrypt(age_path.read_bytes(), secret)
                return opened.decode()
            except OSError as error:
                raise KeyStoreError(
                    f"The encryption key file cannot be read ({error.strerror})."
                ) from None
            except (ValueError, TypeError, pyrage.DecryptError):
                raise KeyStoreError("That passphrase does not unlock the encryption key.") from None

        return key, unlock_age


def _constant(value: str) -> Callable[[], str]:
    return lambda: value


def _staged(path: Path, content: bytes) -> Path:
    """Write `content` in full (owner-only permissions, synced) under a temporary name beside
    `path` and return that name; on any error (a full disk) nothing is left behind."""
    temp = path.with_name(f".{path.name}.tmp")
    temp.unlink(missing_ok=True)
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def write_owner_only(path: Path, content: bytes) -> None:
    """Write `path` whole or not at all (owner-only permissions, synced, then renamed into
    place); a full disk part-way leaves the previous file as it was and no temporary file."""
    os.replace(_staged(path, content), path)
