"""The signing identity: kept in the keyring when there is one, else in passphrase-locked files."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_ssh_private_key
from keyring.backend import KeyringBackend

from desktop_app.exchange.key_card import KeyCardError, key_card, parse_key_card
from desktop_app.exchange.keys import KeyStore, KeyStoreError, keyring_problem
from desktop_app.exchange.sshsig import fingerprint, public_key_line, sign_sshsig, verify_sshsig

from .conftest import MemoryKeyring, unusable_keyring


def _all_bytes_under(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_identity_in_the_keyring_round_trips(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    store = KeyStore(tmp_path)
    created = store.create_identity("Ann Example", "Oxtown Borough", passphrase=None)
    assert created.backend.startswith("keyring (")
    assert created.public_line.endswith(" Ann Example, Oxtown Borough")
    assert created.age_recipient.startswith("age1")
    loaded = store.load_identity()
    assert loaded is not None
    assert (
        loaded.fingerprint == created.fingerprint == fingerprint(created.private_key.public_key())
    )
    assert loaded.age_identity == created.age_identity
    signature = sign_sshsig(b"tagmanifest", loaded.private_key)
    assert fingerprint(verify_sshsig(signature, b"tagmanifest")) == created.fingerprint
    assert len(memory_keyring.secrets) == 1
    assert not (tmp_path / "keys" / "identity.key").exists()


def test_public_metadata_holds_no_secret(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    created = KeyStore(tmp_path).create_identity("Ann Example", "Oxtown Borough", None)
    meta = json.loads((tmp_path / "keys" / "identity.json").read_text())
    assert meta["public_line"] == created.public_line
    assert meta["age_recipient"] == created.age_recipient
    assert created.age_identity.encode() not in _all_bytes_under(tmp_path)
    assert "private_key" not in repr(created) and "AGE-SECRET" not in repr(created)


def test_no_keyring_falls_back_to_passphrase_files_and_says_why(
    tmp_path: Path, no_keyring: None
) -> None:
    store = KeyStore(tmp_path)
    created = store.create_identity("Ann Example", "Oxtown Borough", passphrase="correct horse")
    assert created.backend.startswith("file (no usable keyring: ")
    key_file = tmp_path / "keys" / "identity.key"
    assert b"BEGIN OPENSSH PRIVATE KEY" in key_file.read_bytes()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    with pytest.raises(TypeError):  # encrypted: cannot be read without the passphrase
        load_ssh_private_key(key_file.read_bytes(), password=None)
    assert created.age_identity.encode() not in _all_bytes_under(tmp_path)
    loaded = store.load_identity(lambda: "correct horse")
    assert loaded is not None
    assert loaded.fingerprint == created.fingerprint
    assert loaded.age_identity == created.age_identity
    assert loaded.backend == created.backend


def test_wrong_or_missing_passphrase_is_refused(tmp_path: Path, no_keyring: None) -> None:
    store = KeyStore(tmp_path)
    store.create_identity("Ann Example", "Oxtown Borough", passphrase="correct horse")
    with pytest.raises(KeyStoreError, match="does not unlock"):
        store.load_identity(lambda: "wrong")
    with pytest.raises(KeyStoreError, match="passphrase"):
        store.load_identity(None)


def test_no_keyring_and_no_passphrase_is_refused(tmp_path: Path, no_keyring: None) -> None:
    with pytest.raises(KeyStoreError, match="No usable keyring"):
        KeyStore(tmp_path).create_identity("Ann Example", "Oxtown Borough", passphrase=None)
    assert not (tmp_path / "keys" / "identity.json").exists()


def test_existing_identity_is_not_overwritten_unless_asked(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = KeyStore(tmp_path)
    first = store.create_identity("Ann Example", "Oxtown Borough", None)
    with pytest.raises(KeyStoreError, match="already exists"):
        store.create_identity("Ann Example", "Oxtown Borough", None)
    loaded = store.load_identity()
    assert loaded is not None and loaded.fingerprint == first.fingerprint
    second = store.create_identity("Ann Example", "Oxtown Borough", None, replace=True)
    assert second.fingerprint != first.fingerprint
    reloaded = store.load_identity()
    assert reloaded is not None and reloaded.fingerprint == second.fingerprint
    assert len(memory_keyring.secrets) == 1  # the old key is not left behind


def test_no_identity_loads_as_none(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    assert KeyStore(tmp_path).load_identity() is None


def test_identity_whose_keyring_entry_vanished_says_so(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = KeyStore(tmp_path)
    store.create_identity("Ann Example", "Oxtown Borough", None)
    memory_keyring.secrets.clear()
    with pytest.raises(KeyStoreError, match="missing from the keyring"):
        store.load_identity()


def test_fail_and_null_backends_are_unusable() -> None:
    assert keyring_problem(unusable_keyring("fail")) is not None
    assert keyring_problem(unusable_keyring("null")) is not None
    assert keyring_problem(MemoryKeyring()) is None


def test_key_card_round_trips(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    identity = KeyStore(tmp_path).create_identity("Ann Example", "Oxtown Borough", None)
    card_text = key_card(identity)
    first, second, third = card_text.splitlines()
    assert first == identity.public_line and first.startswith("ssh-ed25519 AAAA")
    assert second == identity.age_recipient
    assert third == f"# fingerprint {identity.fingerprint}"
    card = parse_key_card(card_text)
    assert (card.name, card.org) == ("Ann Example", "Oxtown Borough")
    assert card.fingerprint == identity.fingerprint
    assert card.age_recipient == identity.age_recipient


def test_bare_public_key_line_is_a_key_card() -> None:
    key = Ed25519PrivateKey.generate().public_key()
    card = parse_key_card(public_key_line(key, "Sam Peer, Munbridge City Council") + "\n")
    assert (card.name, card.org, card.age_recipient) == ("Sam Peer", "Munbridge City Council", None)
    assert card.fingerprint == fingerprint(key)


def test_key_card_with_a_wrong_fingerprint_is_refused() -> None:
    key = Ed25519PrivateKey.generate().public_key()
    other = fingerprint(Ed25519PrivateKey.generate().public_key())
    with pytest.raises(KeyCardError, match="does not match"):
        parse_key_card(f"{public_key_line(key, 'Sam')}\n# fingerprint {other}\n")


@pytest.mark.parametrize("text", ["", "hello", "ssh-rsa AAAAB3Nza x", "ssh-ed25519 AAAA!!"])
def test_unreadable_key_cards_are_refused(text: str) -> None:
    with pytest.raises(KeyCardError):
        parse_key_card(text)


def test_a_keyring_chain_of_only_unusable_backends_is_unusable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from keyring.backends.chainer import ChainerBackend

    chain_class: type[KeyringBackend] = ChainerBackend
    monkeypatch.setattr(ChainerBackend, "backends", [unusable_keyring("null")])
    assert keyring_problem(chain_class()) is not None
    monkeypatch.setattr(ChainerBackend, "backends", [MemoryKeyring()])
    assert keyring_problem(chain_class()) is None


def test_a_key_file_identity_signs_without_opening_its_age_key(
    tmp_path: Path, no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signing an unencrypted export needs no scrypt: the age key is opened only to decrypt,
    once per session, and a second decryption does not ask again."""
    import desktop_app.exchange.keys as keys_module

    store = KeyStore(tmp_path)
    created = store.create_identity("Ann Example", "Oxtown Borough", passphrase="correct horse")
    keys_module._UNLOCKED_AGE.clear()
    opened: list[str] = []
    real_decrypt = keys_module.age_passphrase.decrypt

    def counting_decrypt(data: bytes, passphrase: str) -> bytes:
        opened.append(passphrase)
        result: bytes = real_decrypt(data, passphrase)
        return result

    monkeypatch.setattr(keys_module.age_passphrase, "decrypt", counting_decrypt)
    loaded = store.load_identity(lambda: "correct horse")
    assert loaded is not None
    sign_sshsig(b"tagmanifest", loaded.private_key)
    assert opened == []  # signing alone never opened the age key
    assert loaded.age_identity == created.age_identity
    again = store.load_identity(lambda: "correct horse")
    assert again is not None and again.age_identity == created.age_identity
    assert len(opened) == 1  # kept for the session, not opened twice
    assert created.age_identity.encode() not in _all_bytes_under(tmp_path)


def test_a_damaged_age_key_file_is_said_plainly_when_it_is_needed(
    tmp_path: Path, no_keyring: None
) -> None:
    import desktop_app.exchange.keys as keys_module

    store = KeyStore(tmp_path)
    store.create_identity("Ann Example", "Oxtown Borough", passphrase="correct horse")
    keys_module._UNLOCKED_AGE.clear()
    (tmp_path / "keys" / "age-identity.age").write_bytes(b"not an age file")
    loaded = store.load_identity(lambda: "correct horse")
    assert loaded is not None  # signing still works
    with pytest.raises(KeyStoreError, match="does not unlock the encryption key"):
        _ = loaded.age_identity
