"""Putting a finished file where the user asked for it.

Writers make the whole file under a temporary name beside the destination and then rename it
into place, so a reader never sees half a file. ``put_in_place`` is that rename, refusing a
destination that already exists and is not an ordinary file: renaming over a device such as
``/dev/null`` (possible when run as root) would replace the device itself, and over a folder
fails obscurely.

``describe_write_error`` is the one sentence every writer (bundles, reports, audit exports, the
improvement plan workbook, the data template, the benchmark) gives when its file cannot be
written, above all when the disk is full (``ENOSPC``, in the words of
`desktop_app.full_disk.full_disk_sentence`).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from desktop_app.full_disk import full_disk_sentence, is_full_disk


def put_in_place(temporary: str | Path, destination: str | Path) -> None:
    """Rename ``temporary`` to ``destination`` (atomic on one file system).

    Raises ``OSError`` (``EINVAL``, "not an ordinary file") without touching ``destination``
    when it exists and is not a regular file (a device, a folder, a pipe); the caller's usual
    handling turns it into one sentence and removes ``temporary``.
    """
    target = Path(destination)
    if target.exists() and not target.is_file():
        raise OSError(errno.EINVAL, "it is not an ordinary file", str(target))
    os.replace(temporary, target)


def describe_write_error(error: OSError, destination: str | Path) -> str:
    """One plain sentence for ``error`` raised while writing ``destination``: what happened, which
    file, what to do. Writers use it for every file-system error on their output, so a full disk
    (``errno.ENOSPC``, "No space left on device", POSIX) reads the same everywhere. Writers remove
    their temporary file before saying it, so "nothing was changed" holds: the destination is
    either the old file or absent.
    """
    target = Path(destination)
    if is_full_disk(error):
        return full_disk_sentence(target.parent, target)
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"Critical Friend may not write {target}; choose another folder (or ask IT for "
            "write access) and try again; nothing was changed."
        )
    reason = error.strerror or str(error)
    return f"Could not write {target} ({reason}); choose another place and try again."
