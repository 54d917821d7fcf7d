"""Whatever bytes arrive, open_bundle either verifies the bundle exactly or raises BundleError."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.exchange.bundle_errors import BundleError
from desktop_app.exchange.bundle_read import VerifiedBundle, open_bundle
from desktop_app.exchange.bundle_write import BundleWritten


def _summary(opened: VerifiedBundle) -> tuple[object, ...]:
    files = {name: (opened.root / name).read_bytes() for name in opened.payload_files}
    return (opened.tagmanifest_sha512, opened.fingerprint, opened.bag_info, opened.document, files)


def test_mutated_bundles_never_raise_anything_but_bundle_error(
    tmp_path: Path, make_bundle: Callable[..., BundleWritten]
) -> None:
    written = make_bundle()
    original = written.path.read_bytes()
    with tempfile.TemporaryDirectory() as work:
        expected = _summary(open_bundle(written.path, Path(work)))
    size = len(original)
    anywhere = st.integers(0, size - 1)
    headers = st.integers(max(0, size - 1500), size - 1)  # central directory and tag files
    edits = st.lists(st.tuples(st.one_of(anywhere, headers), st.integers(0, 255)), max_size=6)
    cut = st.one_of(st.none(), st.integers(0, size))

    @settings(
        max_examples=250,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(edits=edits, cut=cut)
    def check(edits: list[tuple[int, int]], cut: int | None) -> None:
        mutated = bytearray(original)
        for position, value in edits:
            mutated[position] = value
        data = bytes(mutated[:cut] if cut is not None else mutated)
        with tempfile.TemporaryDirectory(dir=tmp_path) as work:
            bundle = Path(work) / "mutated.cfbundle"
            bundle.write_bytes(data)
            unpack = Path(work) / "unpack"
            unpack.mkdir()
            try:
                opened = open_bundle(bundle, unpack)
            except BundleError as error:
                assert error.message
                assert list(unpack.iterdir()) == []
                return
            assert _summary(opened) == expected

    check()
