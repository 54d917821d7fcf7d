"""Shared fixtures for the bundle exchange tests: external tools, keys, an in-memory keyring."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from keyring.backend import KeyringBackend

from desktop_app.exchange.bundle_write import BundleWritten, PayloadItem, write_bundle
from desktop_app.exchange.sshsig import public_key_line

from .samples import (
    ATTACHMENT_BYTES,
    ATTACHMENT_NAME,
    BUNDLE_DOCUMENT,
    REPORT_BYTES,
    SIGNER_COMMENT,
)


def _require_tool(name: str) -> str:
    """Path of an external tool; skipped when missing, but a failure under CI=true."""
    found = shutil.which(name)
    if found is None:
        message = f"the external tool {name!r} is not installed"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI must have it)")
        pytest.skip(message)
    return found


@pytest.fixture
def require_tool() -> Callable[[str], str]:
    return _require_tool


@pytest.fixture
def signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps secrets in a dict, so tests never touch the real one."""

    priority = 1

    def __init__(self) -> None:
        # KeyringBackend.__init__ only reads KEYRING_PROPERTY_* variables; none apply here.
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def unusable_keyring(kind: str) -> KeyringBackend:
    """keyring's own `fail` or `null` backend, which cannot keep secrets."""
    from keyring.backends import fail, null

    backend_class: type[KeyringBackend] = fail.Keyring if kind == "fail" else null.Keyring
    return backend_class()


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(unusable_keyring("fail"))
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def bundle_payload(tmp_path: Path) -> list[PayloadItem]:
    report = tmp_path / "source-report.pdf"
    report.write_bytes(REPORT_BYTES)
    return [
        PayloadItem("data/bundle.json", json.dumps(BUNDLE_DOCUMENT).encode()),
        PayloadItem("data/reports/self-assessment.pdf", report),
        PayloadItem(ATTACHMENT_NAME, ATTACHMENT_BYTES),
    ]


@pytest.fixture
def make_bundle(
    tmp_path: Path, signing_key: Ed25519PrivateKey, bundle_payload: list[PayloadItem]
) -> Callable[..., BundleWritten]:
    """Writes a valid bundle into tmp_path; keyword arguments override write_bundle's."""

    def make(**overrides: Any) -> BundleWritten:
        key = overrides.pop("signing_key", signing_key)
        arguments: dict[str, Any] = {
            "name": "oxtown-self-assessment",
            "bag_info": {
                "Source-Organization": "Oxtown Borough",
                "Bundle-Type": "self-assessment",
                "Bundle-Sequence": "3",
            },
            "payload": bundle_payload,
            "signing_key": key,
            "signer_line": public_key_line(key.public_key(), SIGNER_COMMENT),
        }
        arguments.update(overrides)
        out = overrides.pop("out", tmp_path / "oxtown.cfbundle")
        arguments.pop("out", None)
        return write_bundle(out, **arguments)

    return make
