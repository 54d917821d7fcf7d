"""Temporary folders and files of an import, made so that a kill at any moment leaves no trace.

- Work folders are `.bundle-check-<pid>-<random>` in the home; they are removed when the work
  ends, and `desktop_app.store.recovery` sweeps those of processes that no longer run.
- Files an import adds to the home (attachments, the stored copy of the bundle) are written as
  `.<name>.<pid>.part` and renamed into place only after the database transaction that adds their
  rows has committed; a rollback deletes them. So a file is visible only with its row.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.home import Home
from desktop_app.store.pending_files import PendingFiles, part_name, pending_files
from desktop_app.store.recovery import WORK_FOLDER_PREFIX

__all__ = [
    "PendingFiles",
    "check_folder",
    "keep_as_part",
    "part_name",
    "pending_files",
    "private_copy",
]

RECEIVED_NAME = "received.cfbundle"


@contextmanager
def check_folder(home: Home) -> Iterator[Path]:
    """A fresh work folder in the home, removed (with its content) when the block ends."""
    home.root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{WORK_FOLDER_PREFIX}{os.getpid()}-", dir=home.root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def private_copy(path: Path, folder: Path) -> Path:
    """Copy the file at `path` into `folder` (a work folder from `check_folder`) and return the
    copy, which only this home's user can change: it is what gets verified and kept, so a
    file changed after the check is never stored. One kernel-side copy (``shutil.copyfile``
    uses ``sendfile`` on Linux), no Python buffer. Raises OSError."""
    target = folder / RECEIVED_NAME
    shutil.copyfile(path, target)
    return target


def keep_as_part(source: Path, part: Path) -> None:
    """Make `part` (a `part_name` in the home) hold the bytes of `source`, a file in a work
    folder of the same home that the import already verified: a second name for the same file
    when the file system allows it (no bytes copied; the work folder's name goes when the
    folder is removed), else a copy. Raises OSError."""
    part.unlink(missing_ok=True)
    try:
        os.link(source, part)
    except OSError:
        shutil.copyfile(source, part)
