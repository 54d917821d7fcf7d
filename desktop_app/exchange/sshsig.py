"""OpenSSH signatures (SSHSIG, as in OpenSSH's PROTOCOL.sshsig) with Ed25519 and SHA-512.

Wire format of the signature blob (SSH strings are a uint32 length then the bytes):
    "SSHSIG" uint32(1) string(publickey) string(namespace) string(reserved)
    string(hash_algorithm) string(signature)
and the bytes actually signed are
    "SSHSIG" string(namespace) string(reserved) string(hash_algorithm) string(H(message)).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

BUNDLE_NAMESPACE = "critical-friend-bundle-v1"

_MAGIC = b"SSHSIG"
_VERSION = 1
_HASH_ALGORITHM = "sha512"
_KEY_TYPE = "ssh-ed25519"
_ARMOR_BEGIN = "-----BEGIN SSH SIGNATURE-----"
_ARMOR_END = "-----END SSH SIGNATURE-----"
_ARMOR_WIDTH = 70
_MAX_ARMOR_CHARS = 16_384


class SignatureError(Exception):
    """A signature or public key that cannot be accepted; the message says why in plain words."""


class _WireReader:
    """Reads SSH wire-format fields from a byte string, refusing anything malformed."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0

    def raw(self, length: int) -> bytes:
        end = self._pos + length
        if end > len(self._data):
            raise SignatureError("the signature is cut short")
        chunk = self._data[self._pos : end]
        self._pos = end
        return chunk

    def uint32(self) -> int:
        value: int = struct.unpack(">I", self.raw(4))[0]
        return value

    def string(self) -> bytes:
        return self.raw(self.uint32())

    def at_end(self) -> bool:
        return self._pos == len(self._data)


def _ssh_string(value: bytes) -> bytes:
    return struct.pack(">I", len(value)) + value


def _public_key_blob(pub: Ed25519PublicKey) -> bytes:
    raw = pub.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return _ssh_string(_KEY_TYPE.encode()) + _ssh_string(raw)


def _public_key_from_blob(blob: bytes) -> Ed25519PublicKey:
    reader = _WireReader(blob)
    key_type = reader.string()
    if key_type != _KEY_TYPE.encode():
        shown = key_type.decode("ascii", "replace")[:40]
        raise SignatureError(f"the key is of type {shown!r}; only ssh-ed25519 keys are accepted")
    raw = reader.string()
    if len(raw) != 32 or not reader.at_end():
        raise SignatureError("the ssh-ed25519 key is malformed")
    return Ed25519PublicKey.from_public_bytes(raw)


def _signed_data(message: bytes, namespace: str) -> bytes:
    digest = hashlib.sha512(message).digest()
    return (
        _MAGIC
        + _ssh_string(namespace.encode())
        + _ssh_string(b"")
        + _ssh_string(_HASH_ALGORITHM.encode())
        + _ssh_string(digest)
    )


def _armor(blob: bytes) -> str:
    encoded = base64.b64encode(blob).decode("ascii")
    lines = [encoded[i : i + _ARMOR_WIDTH] for i in range(0, len(encoded), _ARMOR_WIDTH)]
    return "\n".join([_ARMOR_BEGIN, *lines, _ARMOR_END]) + "\n"


def _dearmor(armored: bytes | str) -> bytes:
    if isinstance(armored, bytes):
        try:
            armored = armored.decode("ascii")
        except UnicodeDecodeError:
            raise SignatureError("the signature file is not an SSH signature") from None
    if len(armored) > _MAX_ARMOR_CHARS:
        raise SignatureError("the signature file is far too large to be an SSH signature")
    lines = [line.strip() for line in armored.strip().splitlines()]
    if len(lines) < 3 or lines[0] != _ARMOR_BEGIN or lines[-1] != _ARMOR_END:
        raise SignatureError("the signature file is not an SSH signature (bad armor)")
    body = "".join(lines[1:-1])
    try:
        return base64.b64decode(body, validate=True)
    except binascii.Error:
        raise SignatureError("the signature file is damaged (bad base64)") from None


def sign_sshsig(message: bytes, key: Ed25519PrivateKey, namespace: str = BUNDLE_NAMESPACE) -> str:
    """Sign `message` and return the armored signature exactly as `ssh-keygen -Y sign` writes it."""
    if not namespace:
        raise ValueError("an SSH signature needs a namespace")
    signature = key.sign(_signed_data(message, namespace))
    blob = (
        _MAGIC
        + struct.pack(">I", _VERSION)
        + _ssh_string(_public_key_blob(key.public_key()))
        + _ssh_string(namespace.encode())
        + _ssh_string(b"")
        + _ssh_string(_HASH_ALGORITHM.encode())
        + _ssh_string(_ssh_string(_KEY_TYPE.encode()) + _ssh_string(signature))
    )
    return _armor(blob)


def verify_sshsig(
    armored: bytes | str, message: bytes, namespace: str = BUNDLE_NAMESPACE
) -> Ed25519PublicKey:
    """Check an armored SSHSIG over `message`; return the key that made it.

    Whether that key is trusted is for the caller to decide (compare its fingerprint).
    """
    reader = _WireReader(_dearmor(armored))
    if reader.raw(6) != _MAGIC:
        raise SignatureError("the signature file is not an SSH signature (bad magic)")
    version = reader.uint32()
    if version != _VERSION:
        raise SignatureError(f"the SSH signature has unsupported version {version}")
    public_key = _public_key_from_blob(reader.string())
    signed_namespace = reader.string()
    if signed_namespace != namespace.encode():
        shown = signed_namespace.decode("utf-8", "replace")[:80]
        raise SignatureError(
            f"the signature was made for {shown!r}, not for {namespace!r} (wrong namespace)"
        )
    reader.string()  # reserved: ignored, as OpenSSH does
    hash_algorithm = reader.string()
    if hash_algorithm not in (b"sha512", b"sha256"):
        raise SignatureError("the signature uses an unsupported hash algorithm")
    sig_reader = _WireReader(reader.string())
    if not reader.at_end():
        raise SignatureError("the signature has unexpected trailing data")
    if sig_reader.string() != _KEY_TYPE.encode():
        raise SignatureError("the signature is not an ssh-ed25519 signature (wrong key type)")
    raw_signature = sig_reader.string()
    if len(raw_signature) != 64 or not sig_reader.at_end():
        raise SignatureError("the ssh-ed25519 signature is malformed")
    digest = hashlib.new(hash_algorithm.decode(), message).digest()
    signed = (
        _MAGIC
        + _ssh_string(signed_namespace)
        + _ssh_string(b"")
        + _ssh_string(hash_algorithm)
        + _ssh_string(digest)
    )
    try:
        public_key.verify(raw_signature, signed)
    except InvalidSignature:
        raise SignatureError(
            "the signature does not match the signed file (bad signature)"
        ) from None
    return public_key


def public_key_line(pub: Ed25519PublicKey, comment: str = "") -> str:
    """The one-line OpenSSH form: `ssh-ed25519 AAAA... Name, Council`."""
    if "\n" in comment or "\r" in comment:
        raise ValueError("a public key comment must be on one line")
    encoded = base64.b64encode(_public_key_blob(pub)).decode("ascii")
    line = f"{_KEY_TYPE} {encoded}"
    return f"{line} {comment.strip()}" if comment.strip() else line


def parse_public_key_line(line: str) -> tuple[Ed25519PublicKey, str]:
    """Read `ssh-ed25519 AAAA... comment`; return the key and its comment (shown, never trusted)."""
    parts = line.strip().split(None, 2)
    if len(parts) < 2:
        raise SignatureError("this is not an OpenSSH public key line")
    key_type, encoded = parts[0], parts[1]
    if key_type != _KEY_TYPE:
        raise SignatureError(
            f"the key is of type {key_type[:40]!r}; only ssh-ed25519 keys are accepted"
        )
    try:
        blob = base64.b64decode(encoded, validate=True)
    except ValueError:  # binascii.Error, and non-ASCII text (found by the security review)
        raise SignatureError("the public key is damaged (bad base64)") from None
    public_key = _public_key_from_blob(blob)
    return public_key, parts[2].strip() if len(parts) == 3 else ""


def fingerprint(pub: Ed25519PublicKey) -> str:
    """`SHA256:<base64 without padding>`, the same text `ssh-keygen -l` prints."""
    digest = hashlib.sha256(_public_key_blob(pub)).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")
