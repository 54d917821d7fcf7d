"""A kept bundle damaged anywhere after its import: opening its attachment gives the signed bytes
or one sentence, never other bytes, and leaves no file behind (property test over byte changes)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.exchange.kept_attachments import (
    KeptAttachmentError,
    KeptBundle,
    unpack_kept_attachment,
)
from desktop_app.home import Home

from .builders import ATTACHMENT, ATTACHMENT_SHA256, signed_bundle


@pytest.fixture(scope="module")
def kept_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("kept")
    return signed_bundle(folder / "b.cfbundle", Ed25519PrivateKey.generate()).read_bytes()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=st.lists(st.tuples(st.integers(min_value=0), st.integers(1, 255)), max_size=4))
def test_a_damaged_kept_bundle_gives_the_signed_bytes_or_a_sentence(
    kept_bytes: bytes, changes: list[tuple[int, int]]
) -> None:
    damaged = bytearray(kept_bytes)
    for position, flip in changes:
        damaged[position % len(damaged)] ^= flip
    root = Path(tempfile.mkdtemp(prefix="kept-damage-"))
    try:
        kept = root / "bundles" / "kept.cfbundle"
        kept.parent.mkdir()
        kept.write_bytes(bytes(damaged))
        home = Home(root / "home")
        bundle = KeptBundle(kept, "Oxtown Borough Council", "Self-assessment")
        try:
            path = unpack_kept_attachment(home, ATTACHMENT_SHA256, "evidence.pdf", [bundle])
        except KeptAttachmentError as error:
            assert "\n" not in error.message and "evidence.pdf" in error.message
            assert not home.attachments.exists() or list(home.attachments.iterdir()) == []
        else:
            assert path.read_bytes() == ATTACHMENT
            assert list(home.attachments.iterdir()) == [path]
    finally:
        shutil.rmtree(root)
