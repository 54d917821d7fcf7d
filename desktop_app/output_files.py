"""Putting a finished file where the user asked for it.

Writers make the whole file under a temporary name beside the destination and then rename it
into place, so a reader never sees half a file. ``put_in_place`` is that rename, refusing a
destination that already exists and is not an ordinary file: renaming over a device such as
``/dev/null`` (possible when run as root) would replace the device itself, and over a folder
fails obscurely.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


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
