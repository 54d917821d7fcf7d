"""SSHSIG signatures must interoperate with the real ssh-keygen, both ways."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from desktop_app.exchange.sshsig import (
    BUNDLE_NAMESPACE,
    SignatureError,
    fingerprint,
    parse_public_key_line,
    public_key_line,
    sign_sshsig,
    verify_sshsig,
)

VERIFY_ARGS = ("-n", BUNDLE_NAMESPACE, "-s", "message.sig")
MESSAGE = b"3a1f...  bagit.txt\nHello, Oxtown Borough.\n"


def _write_private_key(key: Ed25519PrivateKey, path: Path) -> None:
    path.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, NoEncryption()))
    path.chmod(0o600)


def test_signature_verifies_with_our_own_verifier(signing_key: Ed25519PrivateKey) -> None:
    armored = sign_sshsig(MESSAGE, signing_key, BUNDLE_NAMESPACE)
    signer = verify_sshsig(armored, MESSAGE, BUNDLE_NAMESPACE)
    assert fingerprint(signer) == fingerprint(signing_key.public_key())
    assert armored.startswith("-----BEGIN SSH SIGNATURE-----\n")
    assert all(len(line) <= 70 for line in armored.splitlines())


def test_ssh_keygen_verifies_our_signature(
    tmp_path: Path, signing_key: Ed25519PrivateKey, require_tool: Callable[[str], str]
) -> None:
    ssh_keygen = require_tool("ssh-keygen")
    (tmp_path / "message").write_bytes(MESSAGE)
    (tmp_path / "message.sig").write_text(sign_sshsig(MESSAGE, signing_key))
    line = public_key_line(signing_key.public_key(), "Ann Example, Oxtown Borough")
    (tmp_path / "allowed_signers").write_text(f"oxtown {line}\n")
    result = subprocess.run(
        [ssh_keygen, "-Y", "verify", "-f", "allowed_signers", "-I", "oxtown", *VERIFY_ARGS],
        input=MESSAGE,
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert b"Good" in result.stdout


def test_ssh_keygen_refuses_our_signature_under_another_namespace(
    tmp_path: Path, signing_key: Ed25519PrivateKey, require_tool: Callable[[str], str]
) -> None:
    ssh_keygen = require_tool("ssh-keygen")
    (tmp_path / "message.sig").write_text(sign_sshsig(MESSAGE, signing_key, "file"))
    line = public_key_line(signing_key.public_key())
    (tmp_path / "allowed_signers").write_text(f"oxtown {line}\n")
    result = subprocess.run(
        [ssh_keygen, "-Y", "verify", "-f", "allowed_signers", "-I", "oxtown", *VERIFY_ARGS],
        input=MESSAGE,
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert result.returncode != 0


def test_we_verify_a_signature_made_by_ssh_keygen(
    tmp_path: Path, signing_key: Ed25519PrivateKey, require_tool: Callable[[str], str]
) -> None:
    ssh_keygen = require_tool("ssh-keygen")
    _write_private_key(signing_key, tmp_path / "id_ed25519")
    (tmp_path / "message").write_bytes(MESSAGE)
    subprocess.run(
        [ssh_keygen, "-q", "-Y", "sign", "-f", "id_ed25519", "-n", BUNDLE_NAMESPACE, "message"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    armored = (tmp_path / "message.sig").read_bytes()
    signer = verify_sshsig(armored, MESSAGE, BUNDLE_NAMESPACE)
    assert fingerprint(signer) == fingerprint(signing_key.public_key())
    # Our own armor is byte-for-byte the layout ssh-keygen writes.
    assert sign_sshsig(MESSAGE, signing_key).encode() == armored


def test_fingerprint_and_public_line_match_ssh_keygen(
    tmp_path: Path, signing_key: Ed25519PrivateKey, require_tool: Callable[[str], str]
) -> None:
    ssh_keygen = require_tool("ssh-keygen")
    line = public_key_line(signing_key.public_key(), "Ann Example, Oxtown Borough")
    openssh = signing_key.public_key().public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH)
    assert line.split()[:2] == openssh.decode().split()[:2]
    (tmp_path / "key.pub").write_text(line + "\n")
    result = subprocess.run(
        [ssh_keygen, "-l", "-f", "key.pub"], cwd=tmp_path, capture_output=True, check=True
    )
    assert result.stdout.decode().split()[1] == fingerprint(signing_key.public_key())


def test_public_line_round_trips_with_comment(signing_key: Ed25519PrivateKey) -> None:
    line = public_key_line(signing_key.public_key(), "Ann Example, Oxtown Borough")
    key, comment = parse_public_key_line(line)
    assert comment == "Ann Example, Oxtown Borough"
    assert fingerprint(key) == fingerprint(signing_key.public_key())


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (lambda s: "hello", "bad armor"),
        (lambda s: s.replace("SSH SIGNATURE", "PGP SIGNATURE"), "bad armor"),
        (lambda s: s[:40] + "!!" + s[42:], "bad base64"),
    ],
)
def test_damaged_armor_is_refused_with_a_reason(
    signing_key: Ed25519PrivateKey, tamper: Callable[[str], str], reason: str
) -> None:
    armored = sign_sshsig(MESSAGE, signing_key)
    with pytest.raises(SignatureError, match=reason):
        verify_sshsig(tamper(armored), MESSAGE)


def test_wrong_namespace_is_refused(signing_key: Ed25519PrivateKey) -> None:
    armored = sign_sshsig(MESSAGE, signing_key, "git")
    with pytest.raises(SignatureError, match="wrong namespace"):
        verify_sshsig(armored, MESSAGE, BUNDLE_NAMESPACE)


def test_changed_message_is_a_bad_signature(signing_key: Ed25519PrivateKey) -> None:
    armored = sign_sshsig(MESSAGE, signing_key)
    with pytest.raises(SignatureError, match="bad signature"):
        verify_sshsig(armored, MESSAGE + b"x")


def test_rsa_signature_from_ssh_keygen_is_wrong_key_type(
    tmp_path: Path, require_tool: Callable[[str], str]
) -> None:
    ssh_keygen = require_tool("ssh-keygen")
    subprocess.run(
        [ssh_keygen, "-q", "-t", "ecdsa", "-N", "", "-f", "id_ecdsa"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    (tmp_path / "message").write_bytes(MESSAGE)
    subprocess.run(
        [ssh_keygen, "-q", "-Y", "sign", "-f", "id_ecdsa", "-n", BUNDLE_NAMESPACE, "message"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    with pytest.raises(SignatureError, match="only ssh-ed25519"):
        verify_sshsig((tmp_path / "message.sig").read_bytes(), MESSAGE)


def test_non_ed25519_public_line_is_refused() -> None:
    with pytest.raises(SignatureError, match="only ssh-ed25519"):
        parse_public_key_line("ssh-rsa AAAAB3NzaC1yc2E Someone")
