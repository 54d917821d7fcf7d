"""SHA-512 of an export's attachment files, taken on a thread of its own while the export is
still being prepared.

Preparing a bundle (reading answers, privacy rules, the personal-data check) is pure Python work
on the calling thread; hashing files is not (hashlib and file reads release the GIL). So while
`prepare_export` builds the document, one worker thread reads each attachment once and takes its
SHA-512 (the manifest line, RFC 8493 with FIPS 180-4's SHA-512), and the writer later copies
the file into the bundle without hashing it again. A digest is handed out only if the file
still has the size, modification time and inode it had when it was hashed (attachments are
stored under their own SHA-256 and never rewritten, so this is a guard, not the rule); otherwise
the writer hashes the bytes it wrote, as for any other file.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

READ_SIZE = 1024 * 1024


def _identity(result: os.stat_result) -> tuple[int, int, int, int]:
    return (result.st_size, result.st_mtime_ns, result.st_ino, result.st_dev)


class SourceDigests:
    """SHA-512 hex of each file `add`ed, taken in that order on one worker thread; with
    `wanted`, only of the files whose first bytes (up to 64 KiB) it accepts (e.g. those the
    writer will store as they are, whose bytes it does not hash itself).

    `sha512(path, size)`: the digest when the file was hashed, is still the same file (size,
    modification time, inode) and holds `size` bytes; None otherwise (never added, changed,
    unreadable, or `stop` was called first). Waits for that file's job. `stop()` ends the work
    left (a prepared export that is never written does not keep reading) and lets the thread
    go. Never raises OSError: a file that cannot be read gives None, and the writer's own read
    reports it.
    """

    def __init__(self, wanted: Callable[[bytes], bool] | None = None) -> None:
        self._wanted = wanted
        self._stopped = threading.Event()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="export-source-digests")
        self._jobs: dict[Path, Future[tuple[str, tuple[int, int, int, int]] | None]] = {}

    def add(self, path: Path) -> None:
        """Hash `path` after the files added before it (once, however often it is added)."""
        if path not in self._jobs and not self._stopped.is_set():
            self._jobs[path] = self._pool.submit(self._hash, path)

    def _hash(self, path: Path) -> tuple[str, tuple[int, int, int, int]] | None:
        if self._stopped.is_set():
            return None
        digest = hashlib.sha512()
        buffer = bytearray(READ_SIZE)  # one buffer reused: no new 1 MiB object per read
        view = memoryview(buffer)
        try:
            with open(path, "rb", buffering=0) as handle:
                before = _identity(os.fstat(handle.fileno()))
                size = handle.readinto(buffer)
                if self._wanted is not None and not self._wanted(bytes(view[: min(size, 65536)])):
                    return None
                while size:
                    if self._stopped.is_set():
                        return None
                    digest.update(view[:size])
                    size = handle.readinto(buffer)
                after = _identity(os.fstat(handle.fileno()))
        except OSError:
            return None
        return (digest.hexdigest(), after) if before == after else None

    def sha512(self, path: Path, size: int) -> str | None:
        """See the class."""
        job = self._jobs.get(path)
        if job is None:
            return None
        done = job.result()
        if done is None:
            return None
        digest, identity = done
        try:
            now = _identity(os.stat(path))
        except OSError:
            return None
        return digest if now == identity and identity[0] == size else None

    def stop(self) -> None:
        """Stop hashing (files not yet hashed give None); the thread ends."""
        self._stopped.set()
        self._pool.shutdown(wait=False)
