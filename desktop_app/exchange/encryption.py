"""Encrypting a bundle for its recipients with age (X25519), through pyrage's streaming calls."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pyrage
from pyrage import x25519

AGE_HEADER = b"age-encryption.org/v1\n"
AGE_ARMOR_HEADER = b"-----BEGIN AGE ENCRYPTED FILE-----"


class EncryptionError(Exception):
    """Encryption or decryption failed; the message says why in plain words."""


class NotARecipientError(EncryptionError):
    """The file was encrypted for other people; this key cannot open it."""


def is_age_file(path: Path) -> bool:
    with open(path, "rb") as handle:
        start = handle.read(len(AGE_ARMOR_HEADER))
    return start.startswith(AGE_HEADER) or start == AGE_ARMOR_HEADER


def encrypt_file(src: Path, dst: Path, recipients: Sequence[str]) -> None:
    """Encrypt `src` to `dst` so that any one of `recipients` (age1... keys) can open it."""
    if not recipients:
        raise EncryptionError("Choose at least one recipient to encrypt for.")
    parsed = []
    for recipient in recipients:
        try:
            parsed.append(x25519.Recipient.from_str(recipient.strip()))
        except pyrage.RecipientError:
            raise EncryptionError(
                f"{recipient.strip()[:24]!r} is not an age recipient key (age1...)."
            ) from None
    _via_temp_file(dst, lambda temp: pyrage.encrypt_file(str(src), temp, parsed))


def decrypt_file(src: Path, dst: Path, identity_secret: str) -> None:
    """Decrypt `src` to `dst` with this user's age identity (AGE-SECRET-KEY-1...)."""
    try:
        identity = x25519.Identity.from_str(identity_secret.strip())
    except pyrage.IdentityError:
        raise EncryptionError("The age identity key is damaged.") from None
    if not is_age_file(src):
        raise EncryptionError(f"{Path(src).name} is not an encrypted (age) file.")
    try:
        _via_temp_file(dst, lambda temp: pyrage.decrypt_file(str(src), temp, [identity]))
    except pyrage.DecryptError as error:
        if "no matching keys" in str(error).lower():
            raise NotARecipientError(
                f"{Path(src).name} was encrypted for someone else: your key cannot open it. "
                "Ask the sender to encrypt it for your key card."
            ) from None
        raise EncryptionError(
            f"{Path(src).name} cannot be decrypted: it is damaged or cut short."
        ) from None


def _via_temp_file(dst: Path, write: Callable[[str], object]) -> None:
    """Run `write(temp_path)` then rename into `dst`; on failure no partial file remains."""
    handle, temp = tempfile.mkstemp(
        prefix=f".{Path(dst).name}.", suffix=".part", dir=Path(dst).parent
    )
    os.close(handle)
    try:
        write(temp)
        os.replace(temp, dst)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
