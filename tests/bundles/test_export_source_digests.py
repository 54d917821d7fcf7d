"""Attachments hashed while an export is prepared: the bundle's manifest still lists exactly the
bytes it holds, also when a file changed between preparing and writing."""

from __future__ import annotations

import hashlib
import os
import random
import zipfile
from pathlib import Path

from desktop_app.exchange import KeyStore
from desktop_app.exchange.export import ExportRequest, prepare_export, write_export
from desktop_app.exchange.import_bundle import checked_bundle
from desktop_app.exchange.source_digests import SourceDigests
from desktop_app.store.database import Database

from .content import add_content, attach_evidence


def _evidence(size: int, seed: int) -> bytes:
    """Bytes that do not compress (so the bundle stores them, as it does photos and PDFs)."""
    return random.Random(seed).randbytes(size)


def _attach(database: Database, assessment_id: int, content: bytes) -> Path:
    """Attach `content` to the frozen assessment's evidence; the stored file's path."""
    digest = attach_evidence(database, assessment_id, content, name="board.jpg", mime="image/jpeg")
    return database.home.attachments / digest


def _manifest(bundle: Path) -> dict[str, str]:
    with zipfile.ZipFile(bundle) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith("/manifest-sha512.txt")]
        lines = archive.read(name).decode("utf-8").splitlines()
    return {path: digest for digest, path in (line.split("  ", 1) for line in lines)}


def _stored_bytes(bundle: Path, arcname: str) -> bytes:
    with zipfile.ZipFile(bundle) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith("/" + arcname)]
        assert archive.getinfo(name).compress_type == zipfile.ZIP_STORED
        return archive.read(name)


def _export(database: Database, out: Path, assessment_id: int, *, change: Path | None) -> None:
    identity = KeyStore(database.home.root).create_identity(
        "Priya Lambert", "Midthorpe Council", None
    )
    request = ExportRequest(assessment_ids=(assessment_id,), with_reports=False)
    prepared = prepare_export(database, request)
    if change is not None:  # the file changes after it was hashed, before it is written
        assert prepared.source_digests is not None
        prepared.source_digests.sha512(change, change.stat().st_size)  # wait for its hashing
        change.write_bytes(_evidence(change.stat().st_size + 7, seed=99))
    write_export(database, prepared, identity, out)


def test_an_attachment_hashed_while_preparing_is_listed_with_its_own_digest(
    database: Database, tmp_path: Path
) -> None:
    stored = add_content(database, "Midthorpe Council")
    content = _evidence(3 * 1024 * 1024 + 11, seed=1)
    path = _attach(database, stored.assessment_id, content)
    bundle = tmp_path / "evidence.cfbundle"
    _export(database, bundle, stored.assessment_id, change=None)

    arcname = f"data/attachments/{path.name}"
    assert _manifest(bundle)[arcname] == hashlib.sha512(content).hexdigest()
    assert _stored_bytes(bundle, arcname) == content
    with checked_bundle(database, bundle) as checked:  # every check `verify` makes
        assert checked.bundle.external_identifier


def test_a_file_changed_after_hashing_is_listed_as_written_and_the_bundle_verifies(
    database: Database, tmp_path: Path
) -> None:
    stored = add_content(database, "Midthorpe Council")
    path = _attach(database, stored.assessment_id, _evidence(2 * 1024 * 1024, seed=2))
    bundle = tmp_path / "changed.cfbundle"
    _export(database, bundle, stored.assessment_id, change=path)

    arcname = f"data/attachments/{path.name}"
    written = _stored_bytes(bundle, arcname)
    assert written == path.read_bytes()  # what the file held when it was copied
    assert _manifest(bundle)[arcname] == hashlib.sha512(written).hexdigest()
    with checked_bundle(database, bundle) as checked:
        assert checked.bundle.external_identifier


def test_source_digests_vouch_only_for_an_unchanged_file_of_the_size_copied(
    tmp_path: Path,
) -> None:
    first, second, missing = tmp_path / "a.bin", tmp_path / "b.bin", tmp_path / "gone.bin"
    first.write_bytes(_evidence(1024 * 1024 + 5, seed=3))
    second.write_bytes(b"minutes of the board")
    digests = SourceDigests()
    for path in (first, second, missing, first):
        digests.add(path)
    size = first.stat().st_size
    assert digests.sha512(first, size) == hashlib.sha512(first.read_bytes()).hexdigest()
    assert digests.sha512(first, size - 1) is None  # not the bytes the writer copied
    assert digests.sha512(missing, 0) is None  # unreadable: the writer's own read reports it
    assert digests.sha512(tmp_path / "never-added.bin", 0) is None
    second.write_bytes(b"minutes of the board, amended")
    assert digests.sha512(second, second.stat().st_size) is None
    digests.stop()
    assert digests.sha512(first, size) is not None  # a digest taken stays usable
    digests.add(second)  # after stop nothing more is read
    assert digests.sha512(second, second.stat().st_size) is None


def test_a_stopped_digest_thread_reads_no_more(tmp_path: Path) -> None:
    files = []
    for number in range(3):
        path = tmp_path / f"{number}.bin"
        path.write_bytes(os.urandom(64 * 1024))
        files.append(path)
    digests = SourceDigests()
    digests.stop()
    for path in files:
        digests.add(path)
    assert all(digests.sha512(path, path.stat().st_size) is None for path in files)


def test_only_files_the_writer_stores_as_they_are_are_hashed_for_it(tmp_path: Path) -> None:
    from functools import partial

    from desktop_app.exchange.bundle_write import looks_compressed

    minutes, photo = tmp_path / "minutes.txt", tmp_path / "photo.bin"
    minutes.write_bytes(b"Minutes of the Midthorpe improvement board, June 2026.\n" * 2000)
    photo.write_bytes(_evidence(256 * 1024, seed=4))
    digests = SourceDigests(wanted=partial(looks_compressed, ""))
    digests.add(minutes)
    digests.add(photo)
    assert digests.sha512(minutes, minutes.stat().st_size) is None  # deflated: hashed as copied
    assert (
        digests.sha512(photo, photo.stat().st_size)
        == hashlib.sha512(photo.read_bytes()).hexdigest()
    )
    digests.stop()
