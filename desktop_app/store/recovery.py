"""Start-up clean-up after a kill: no work folder outlives its process, no file outlives its row.

An import works in `.bundle-check-<pid>-*` folders and writes the files it adds as
`.<name>.<pid>.part`, renamed into place after its transaction commits (see
`desktop_app.exchange.work_folders`). A process killed part-way leaves these behind. At start,
for each such leftover of a process that no longer runs:
- a work folder is removed;
- a part file whose row committed (an attachment's row, or an imported bundle's stored copy) is
  finished: renamed into place, after its SHA-256 is checked for an attachment;
- any other part file is removed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import time
from pathlib import Path

from sqlalchemy import Engine, text

from desktop_app.home import Home

WORK_FOLDER_PREFIX = ".bundle-check-"
PART_SUFFIX = ".part"
# Where a process cannot be asked whether it still runs (Windows), leftovers this old are swept.
_STALE_SECONDS = 24 * 3600


def process_is_running(pid: int) -> bool:
    """True when a process with this id runs now (always False for a pid of 0 or less)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill would terminate it there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _owner_gone(pid_text: str, path: Path) -> bool:
    pid = int(pid_text) if pid_text.isdigit() and len(pid_text) < 10 else 0
    if pid > 0 and process_is_running(pid):
        if sys.platform != "win32":
            return False
        try:
            return time.time() - path.stat().st_mtime > _STALE_SECONDS
        except OSError:
            return False
    return True


def sweep_work_folders(home: Home) -> list[Path]:
    """Remove the import work folders of processes that no longer run; return what went."""
    removed: list[Path] = []
    try:
        entries = list(home.root.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(WORK_FOLDER_PREFIX) or not entry.is_dir():
            continue
        pid_text = entry.name[len(WORK_FOLDER_PREFIX) :].partition("-")[0]
        if _owner_gone(pid_text, entry):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _part_files(folder: Path) -> list[tuple[Path, Path, str]]:
    """(part file, its final path, owner pid text) for each `.<name>.<pid>.part` in `folder`."""
    found: list[tuple[Path, Path, str]] = []
    try:
        entries = [entry for entry in os.scandir(folder) if entry.name.endswith(PART_SUFFIX)]
    except OSError:
        return found
    for entry in entries:
        stem = entry.name[1 : -len(PART_SUFFIX)] if entry.name.startswith(".") else ""
        final_name, _dot, pid_text = stem.rpartition(".")
        if not final_name:
            final_name, pid_text = stem, ""
        found.append((Path(entry.path), folder / final_name, pid_text))
    return found


def finish_interrupted_files(home: Home, engine: Engine) -> list[Path]:
    """Finish or remove the part files of killed imports (see the module's text); return them."""
    handled: list[Path] = []
    with engine.connect() as connection:
        for part, final, pid_text in _part_files(home.attachments):
            if not _owner_gone(pid_text, part):
                continue
            digest = final.name
            has_row = connection.execute(
                text("SELECT 1 FROM attachment WHERE sha256 = :digest"), {"digest": digest}
            ).first()
            if has_row is not None and not final.exists() and _sha256(part) == digest:
                os.replace(part, final)
            else:
                part.unlink(missing_ok=True)
            handled.append(part)
        for part, final, pid_text in _part_files(home.bundles):
            if not _owner_gone(pid_text, part):
                continue
            has_row = connection.execute(
                text("SELECT 1 FROM imported_bundle WHERE stored_path = :path"),
                {"path": str(final)},
            ).first()
            if has_row is not None and not final.exists():
                os.replace(part, final)
            else:
                part.unlink(missing_ok=True)
            handled.append(part)
    return handled


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()
