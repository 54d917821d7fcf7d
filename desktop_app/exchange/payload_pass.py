"""The payload files of a bundle hashed (and, when unpacked, written) two at a time.

Each file is read once: its SHA-512 (and for an attachment its SHA-256) is taken over the very
chunks that are written out, as before; what changes is that the larger stored files go to two
worker threads, a whole file each. ``hashlib`` and file reads and writes run outside Python's
GIL, so on a machine with two cores the payload takes about half the time, and on a busy one no
more than one file after another: the threads never hand chunks to each other. Results are
asked for in the caller's order and a file's error is raised when its result is asked for, so a
refused bundle names the same file and check as a one-by-one pass would.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from desktop_app.exchange.bundle_archive import CHUNK_SIZE, PARALLEL_READS, BundleArchive

PAYLOAD_THREADS = 2
# Smaller files cost less than a thread's hand-off: read where they are asked for.
PARALLEL_MIN_BYTES = 2 * CHUNK_SIZE
ATTACHMENTS_FOLDER = "data/attachments/"


@dataclass(frozen=True)
class FileCheck:
    """One payload file as read: SHA-512 hex, size in bytes, and SHA-256 hex for an attachment
    unpacked or hashed for an import ("" otherwise)."""

    sha512: str
    size: int
    sha256: str = ""


def check_file(
    archive: BundleArchive, root: Path | None, name: str, *, attachment_sha256: bool = False
) -> FileCheck:
    """Hash payload file `name` (bag path "data/..."); with `root`, also write it to
    `root / name` (whose folder exists). An attachment's SHA-256 is taken in the same pass when
    it is written out, or when `attachment_sha256` asks for it. Raises BundleError, or OSError
    from the disk."""
    sha256 = name.startswith(ATTACHMENTS_FOLDER) and (root is not None or attachment_sha256)
    if root is None:
        return FileCheck(*archive.hash_only(name, sha256=sha256))
    return FileCheck(*archive.extract(name, root / name, sha256=sha256))


class PayloadPass:
    """The payload files `names` of `archive`, checked as `check_file` does (see `payload_pass`).

    Made, it starts the larger stored files on worker threads at once; `result(name)` returns a
    file's FileCheck (checking the others here, when asked) or raises its error.
    """

    def __init__(
        self,
        archive: BundleArchive,
        root: Path | None,
        names: list[str],
        *,
        attachment_sha256: bool = False,
    ) -> None:
        self._archive = archive
        self._root = root
        self._sha256 = attachment_sha256
        self._pool: ThreadPoolExecutor | None = None
        self._started: dict[str, Future[FileCheck]] = {}
        if root is not None:
            for folder in sorted({(root / name).parent for name in names}):
                folder.mkdir(parents=True, exist_ok=True)
        larger = [
            name
            for name in names
            if archive.is_stored(name) and archive.files[name].file_size >= PARALLEL_MIN_BYTES
        ]
        if PARALLEL_READS and len(larger) > 1:
            self._pool = ThreadPoolExecutor(PAYLOAD_THREADS, thread_name_prefix="bundle-payload")
            for name in larger:
                self._started[name] = self._pool.submit(
                    check_file, archive, root, name, attachment_sha256=attachment_sha256
                )

    def result(self, name: str) -> FileCheck:
        """`name`'s FileCheck; raises what checking it raised (BundleError, OSError)."""
        started = self._started.get(name)
        if started is not None:
            return started.result()
        return check_file(self._archive, self._root, name, attachment_sha256=self._sha256)

    def close(self) -> None:
        """Wait for the worker threads (files not yet started are not checked)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def payload_pass(
    archive: BundleArchive, root: Path | None, names: list[str], *, attachment_sha256: bool = False
) -> Iterator[PayloadPass]:
    """A `PayloadPass` for the block. Leaving the block waits for the threads; when the block
    raised, reads still going are stopped first (the bundle is refused anyway)."""
    files = PayloadPass(archive, root, names, attachment_sha256=attachment_sha256)
    try:
        yield files
    except BaseException:
        archive.stop()
        raise
    finally:
        files.close()
