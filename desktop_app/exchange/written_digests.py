"""Hashing a file while it is being written, on a thread of its own, from what is on disk.

A bundle's writer hands over each finished stretch of the file (an entry whose header zipfile
has already rewritten, flushed): one worker thread takes the SHA-256 of the whole file as it
grows (the export log's file hash, RFC 6234 / FIPS 180-4) and the SHA-512 of each stored
payload entry's bytes as written (its manifest line). So the writer does not read the bundle
again once it is closed, the hashes are of the very bytes the file holds, and on a machine with
two cores the hashing runs beside the writing. Jobs run in the order given, a whole entry at a
time (no chunk-by-chunk hand-offs), reading with positioned reads (`os.pread`, POSIX only; see
`bundle_archive.PARALLEL_READS`) so the writer's file position is never touched.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType

READ_SIZE = 1024 * 1024


class WrittenDigests:
    """Digests of finished parts of the open file `descriptor`, taken on a worker thread.

    `advance(end, entry)`: bytes [previous end, end) are final; they join the file's SHA-256,
    read once, and the Future returned gives the SHA-512 hex of the `entry` (start, size) lying
    within them ("" without one). `file_sha256()` waits for every job and returns the SHA-256
    hex of the file up to the last `advance`. Leaving the block waits for the thread. Raises
    OSError from a read (in `result()` of a Future, or in `file_sha256`).
    """

    def __init__(self, descriptor: int) -> None:
        self._descriptor = descriptor
        self._whole = hashlib.sha256()
        self._end = 0
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="bundle-digests")
        self._advanced: list[Future[str]] = []
        self._buffer = bytearray(READ_SIZE)  # reused by the one thread (no 1 MiB object per read)

    def __enter__(self) -> WrittenDigests:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._pool.shutdown(wait=True, cancel_futures=kind is not None)

    def advance(self, end: int, entry: tuple[int, int] | None = None) -> Future[str]:
        """Bytes up to `end` are final (flushed, never rewritten); see the class."""
        start, self._end = self._end, end
        if entry is not None and not (start <= entry[0] and entry[0] + entry[1] <= end):
            raise ValueError(f"the entry {entry} is not within bytes {start} to {end}")
        job = self._pool.submit(self._read, start, end, entry)
        self._advanced.append(job)
        return job

    def file_sha256(self) -> str:
        for job in self._advanced:
            job.result()  # raises the first read that failed
        return self._whole.hexdigest()

    def _read(self, start: int, end: int, entry: tuple[int, int] | None) -> str:
        first, last = (entry[0], entry[0] + entry[1]) if entry is not None else (end, end)
        inside = hashlib.sha512()
        position = start
        while position < end:
            chunk = self._read_at(position, min(READ_SIZE, end - position))
            if not chunk:
                raise OSError(f"the file being written ends at byte {position}, before {end}")
            self._whole.update(chunk)
            low, high = max(position, first), min(position + len(chunk), last)
            if low < high:
                inside.update(chunk[low - position : high - position])
            position += len(chunk)
        return inside.hexdigest() if entry is not None else ""

    def _read_at(self, position: int, size: int) -> memoryview:
        """Up to `size` bytes at `position`, read into the reused buffer (valid until the next
        read): `os.preadv` where there is one, else `os.pread`."""
        if hasattr(os, "preadv"):
            view = memoryview(self._buffer)[:size]
            return view[: os.preadv(self._descriptor, [view], position)]
        return memoryview(os.pread(self._descriptor, size, position))
