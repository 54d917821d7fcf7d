"""Encrypted bundles open for their recipients (also with the real `age`) and nobody else."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pyrage import x25519

from desktop_app.exchange.encryption import (
    EncryptionError,
    NotARecipientError,
    decrypt_file,
    encrypt_file,
    is_age_file,
)

PLAINTEXT = b"PK\x03\x04 pretend bundle " * 5000


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "bundle.cfbundle"
    path.write_bytes(PLAINTEXT)
    return path


def test_each_recipient_can_decrypt(tmp_path: Path, source: Path) -> None:
    ann, sam = x25519.Identity.generate(), x25519.Identity.generate()
    encrypted = tmp_path / "bundle.cfbundle.age"
    encrypt_file(source, encrypted, [str(ann.to_public()), str(sam.to_public())])
    assert is_age_file(encrypted) and not is_age_file(source)
    assert PLAINTEXT[:20] not in encrypted.read_bytes()
    for identity in (ann, sam):
        out = tmp_path / "opened.cfbundle"
        decrypt_file(encrypted, out, str(identity))
        assert out.read_bytes() == PLAINTEXT


def test_someone_else_cannot_decrypt(tmp_path: Path, source: Path) -> None:
    encrypted = tmp_path / "bundle.age"
    encrypt_file(source, encrypted, [str(x25519.Identity.generate().to_public())])
    out = tmp_path / "opened"
    with pytest.raises(NotARecipientError, match="encrypted for someone else"):
        decrypt_file(encrypted, out, str(x25519.Identity.generate()))
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_damaged_file_is_not_mistaken_for_wrong_key(tmp_path: Path, source: Path) -> None:
    identity = x25519.Identity.generate()
    encrypted = tmp_path / "bundle.age"
    encrypt_file(source, encrypted, [str(identity.to_public())])
    encrypted.write_bytes(encrypted.read_bytes()[:120])
    with pytest.raises(EncryptionError) as caught:
        decrypt_file(encrypted, tmp_path / "opened", str(identity))
    assert not isinstance(caught.value, NotARecipientError)


def test_bad_recipient_is_refused(tmp_path: Path, source: Path) -> None:
    with pytest.raises(EncryptionError, match="not an age recipient"):
        encrypt_file(source, tmp_path / "x.age", ["age1notakey"])
    with pytest.raises(EncryptionError, match="at least one recipient"):
        encrypt_file(source, tmp_path / "x.age", [])


def test_real_age_command_decrypts_our_file(
    tmp_path: Path, source: Path, require_tool: Callable[[str], str]
) -> None:
    age = require_tool("age")
    identity = x25519.Identity.generate()
    encrypted = tmp_path / "bundle.age"
    encrypt_file(source, encrypted, [str(identity.to_public())])
    key_file = tmp_path / "key.txt"
    key_file.write_text(str(identity) + "\n")
    result = subprocess.run(
        [age, "-d", "-i", str(key_file), str(encrypted)], capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == PLAINTEXT


def test_file_from_the_real_age_command_decrypts(
    tmp_path: Path, source: Path, require_tool: Callable[[str], str]
) -> None:
    age = require_tool("age")
    identity = x25519.Identity.generate()
    encrypted = tmp_path / "bundle.age"
    subprocess.run(
        [age, "-r", str(identity.to_public()), "-o", str(encrypted), str(source)], check=True
    )
    decrypt_file(encrypted, tmp_path / "opened", str(identity))
    assert (tmp_path / "opened").read_bytes() == PLAINTEXT
