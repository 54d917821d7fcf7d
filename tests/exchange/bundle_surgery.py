"""Test-only tools to take a valid bundle apart and put a hostile one together."""

from __future__ import annotations

import hashlib
import re
import warnings
import zipfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop_app.exchange.sshsig import public_key_line, sign_sshsig

Entries = dict[str, bytes]


def read_entries(bundle: Path) -> Entries:
    """Every entry of a bundle, in order, by its full name in the ZIP."""
    with zipfile.ZipFile(bundle) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_entries(path: Path, entries: Entries | list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    """A ZIP holding exactly these entries (duplicates allowed when given as a list)."""
    items = list(entries.items()) if isinstance(entries, dict) else entries
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in items:
                archive.writestr(name, content)
    return path


def resign(entries: Entries, key: Ed25519PrivateKey, comment: str) -> Entries:
    """Recompute manifests, Payload-Oxum, signer.pub and the signature, as a forger would."""
    top = next(iter(entries)).split("/", 1)[0]
    payload = {n: c for n, c in entries.items() if n.startswith(f"{top}/data/")}
    manifest = "".join(
        f"{hashlib.sha512(c).hexdigest()}  {n.split('/', 1)[1]}\n"
        for n, c in sorted(payload.items())
    ).encode()
    oxum = f"{sum(len(c) for c in payload.values())}.{len(payload)}"
    bag_info = re.sub(
        rb"Payload-Oxum: \S+", f"Payload-Oxum: {oxum}".encode(), entries[f"{top}/bag-info.txt"]
    )
    result = dict(entries)
    result[f"{top}/manifest-sha512.txt"] = manifest
    result[f"{top}/bag-info.txt"] = bag_info
    result[f"{top}/signer.pub"] = (public_key_line(key.public_key(), comment) + "\n").encode()
    tagmanifest = "".join(
        f"{hashlib.sha512(result[f'{top}/{n}']).hexdigest()}  {n}\n"
        for n in sorted(("bagit.txt", "bag-info.txt", "manifest-sha512.txt", "signer.pub"))
    ).encode()
    result[f"{top}/tagmanifest-sha512.txt"] = tagmanifest
    result[f"{top}/tagmanifest-sha512.txt.sig"] = sign_sshsig(tagmanifest, key).encode()
    return result


def flip_byte(content: bytes, index: int = -2) -> bytes:
    changed = bytearray(content)
    changed[index] ^= 0x01
    return bytes(changed)
