"""The one sentence for a full disk, wherever Critical Friend meets one.

A full disk (``ENOSPC``, "No space left on device", or a user's quota used up, ``EDQUOT``:
POSIX ``<errno.h>``) can stop the home folder (its database, lock file, keys, attachments) or a
file the user asked for (a report, a bundle, an export). Both are said in the same words, naming
the folder whose disk is full and what to do; a file that could not be written is named too,
with "nothing was changed" (writers remove their temporary file first, so the destination is
either the old file or absent). `desktop_app.home.describe_os_error`,
`desktop_app.store.schema.disk_full_sentence` (SQLite's SQLITE_FULL) and
`desktop_app.output_files.describe_write_error` all say it through `full_disk_sentence`.
"""

from __future__ import annotations

import errno
from pathlib import Path

__all__ = ["FULL_DISK_ERRNOS", "full_disk_sentence", "is_full_disk"]

# ENOSPC: no space left on the device; EDQUOT: the user's disk quota is used up (POSIX).
FULL_DISK_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


def is_full_disk(error: OSError) -> bool:
    """True when `error` says the disk (or the user's quota on it) is full."""
    return error.errno in FULL_DISK_ERRNOS


def full_disk_sentence(folder: Path, file: Path | None = None) -> str:
    """One plain sentence: the disk holding `folder` is full, free some space and try again;
    with `file` (a file being written in `folder`), also that it was not written and nothing
    was changed. The sentence ends with a full stop."""
    if file is None:
        return f"The disk holding {folder} is full; free some space and try again."
    return (
        f"The disk holding {folder} is full, so {file} was not written: free some space and "
        "try again; nothing was changed."
    )
