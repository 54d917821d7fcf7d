"""Encrypting a bundle for its recipients with age (X25519), through pyrage's streaming calls."""

from __future__ import annotations

import binascii
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pyrage
from pyrage import x25519

from desktop_app.output_files import put_in_place

AGE_HEADER = b"age-encryption.org/v1\n"
AGE_ARMOR_HEADER = b"-----BEGIN AGE ENCRYPTED FILE-----"
# A bundle is encrypted for a visit team (a lead and 2 to 5 auditors) or a few peer councils'
# keys: 64 recipient stanzas is far more than any real bundle carries. The age library parses
# the header in quadratic time, so hostile headers are counted here first (age spec:
# https://age-encryption.org/v1, "Header").
MAX_RECIPIENT_STANZAS = 64
MAX_HEADER_BYTES = 64 * 1024


class EncryptionError(Exception):
    """Encryption or decryption failed; the message says why in plain words."""


class NotARecipientError(EncryptionError):
    """The file was encrypted for other people; this key cannot open it."""


def is_age_file(path: Path) -> bool:
    with open(path, "rb") as handle:
        start = handle.read(len(AGE_ARMOR_HEADER))
    return start.startswith(AGE_HEADER) or start == AGE_ARMOR_HEADER


def check_age_header(path: Path) -> int:
    """Count the recipient stanzas of an age file before the age library sees it.

    Returns the number of stanzas. Raises EncryptionError when the header is longer than
    MAX_HEADER_BYTES, holds more than MAX_RECIPIENT_STANZAS stanzas, or is cut short. For an
    armored (PEM-style) file the base64 text is decoded first.
    """
    with open(path, "rb") as handle:
        start = handle.read(MAX_HEADER_BYTES * 2)
    if start.startswith(AGE_ARMOR_HEADER):
        lines = start.split(b"\n")[1:]
        encoded = b"".join(line.strip() for line in lines if not line.startswith(b"-----"))
        usable = len(encoded) - len(encoded) % 4
        try:
            start = binascii.a2b_base64(encoded[:usable])
        except binascii.Error:
            raise EncryptionError(f"{Path(path).name} is a damaged encrypted file.") from None
    end = start.find(b"\n--- ")
    if end < 0 or end > MAX_HEADER_BYTES:
        if len(start) < MAX_HEADER_BYTES:
            raise EncryptionError(
                f"{Path(path).name} cannot be decrypted: it is damaged or cut short."
            )
        raise EncryptionError(
            f"{Path(path).name} has an encryption header far larger than any real bundle's; "
            "it was refused before trying to open it."
        )
    stanzas = start[:end].count(b"\n-> ")
    if stanzas > MAX_RECIPIENT_STANZAS:
        raise EncryptionError(
            f"{Path(path).name} is encrypted for {stanzas} recipients; at most "
            f"{MAX_RECIPIENT_STANZAS} are accepted, so it was refused before trying to open it."
        )
    return stanzas


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
    check_age_header(src)
    try:
        _via_temp_file(dst, lambda temp: pyrage.decrypt_file(str(src), temp, [identity]))
    except (OSError, ValueError) as error:
        # pyrage reports a cut-short or damaged body as an OSError ("unexpected end of file").
        if not Path(src).is_file() or not Path(dst).parent.is_dir():
            raise
        raise EncryptionError(
            f"{Path(src).name} cannot be decrypted: it is damaged or cut short ({error})."
        ) from None
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
        put_in_place(temp, dst)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
