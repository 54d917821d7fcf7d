"""A small rotating log in the home's logs/ folder: what went wrong, for the user or IT to send on.

Nothing from forms or audits is logged (they may hold personal data): only events and errors.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType
from typing import IO

from desktop_app.home import Home

LOGGER_NAME = "critical_friend"


def start_logging(home: Home) -> logging.Logger:
    """The product's logger, writing to logs/critical-friend.log (set up on first use)."""
    import logging.handlers

    logger = logging.getLogger(LOGGER_NAME)
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in logger.handlers):
        try:
            home.logs.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                home.logs / "critical-friend.log",
                maxBytes=1_000_000,
                backupCount=3,
                encoding="utf-8",
            )
        except OSError:
            return logger  # an unwritable home is reported elsewhere, in a plain sentence
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    return logger


def log_uncaught(
    home: Home, kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    start_logging(home).error("unexpected error", exc_info=(kind, error, trace))
    sys.__excepthook__(kind, error, trace)


NATIVE_CRASH_LOG = "native-crash.log"


def start_crash_log(home: Home) -> Path | None:
    """Arm Python's faulthandler so that a native crash (in Qt or a C library) writes the Python
    stacks of every thread to logs/native-crash.log. Returns the report a previous run left behind
    (renamed to crash-<UTC time>.log so it is offered once), or None."""
    import faulthandler
    from datetime import UTC, datetime

    global _crash_handle
    current = home.logs / NATIVE_CRASH_LOG
    previous: Path | None = None
    try:
        home.logs.mkdir(parents=True, exist_ok=True)
        if current.exists() and current.stat().st_size > 0:
            stamp = datetime.fromtimestamp(current.stat().st_mtime, UTC).strftime("%Y%m%dT%H%M%SZ")
            previous = current.with_name(f"crash-{stamp}.log")
            current.replace(previous)
        _crash_handle = current.open("w", encoding="utf-8")
    except OSError:
        return previous  # an unwritable home is reported elsewhere, in a plain sentence
    faulthandler.enable(_crash_handle, all_threads=True)
    return previous


def stop_crash_log() -> None:
    """Disarm the crash log at a normal exit and remove it when empty."""
    import faulthandler

    global _crash_handle
    if _crash_handle is None:
        return
    faulthandler.disable()
    path = Path(_crash_handle.name)
    _crash_handle.close()
    _crash_handle = None
    try:
        if path.stat().st_size == 0:
            path.unlink()
    except OSError:
        pass


_crash_handle: IO[str] | None = None
