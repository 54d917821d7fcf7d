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

__all__ = ["PendingFiles", "check_folder", "part_name", "pending_files"]


@contextmanager
def check_folder(home: Home) -> Iterator[Path]:
    """A fresh work folder in the home, removed (with its content) when the block ends."""
    home.root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{WORK_FOLDER_PREFIX}{os.getpid()}-", dir=home.root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
