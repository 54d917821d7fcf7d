"""A small rotating log in the home's logs/ folder: what went wrong, for the user or IT to send on.

Nothing from forms or audits is logged (they may hold personal data): only events and errors.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

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
