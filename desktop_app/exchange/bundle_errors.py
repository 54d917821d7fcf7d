"""The one error a bundle can raise, written for the person who has to act on it."""

from __future__ import annotations

import errno

from desktop_app.plain_text import visible

# Errors of writing into the home (its disk is full or refuses writes): passed on as OSError for
# the caller to word as such, never blamed on the bundle.
DISK_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})


class BundleError(Exception):
    """A bundle that cannot be accepted.

    `message` is a plain sentence for a non-IT user (on one line: control characters in it are
    shown as escapes), `path_in_bundle` names the file inside the
    bundle when one is to blame, and `check` is a short stable word for the check that failed
    (for logs, tests and scripts).
    """

    def __init__(self, message: str, path_in_bundle: str | None, check: str) -> None:
        message = visible(message)  # names from the bundle: shown, never obeyed
        super().__init__(message)
        self.message = message
        self.path_in_bundle = path_in_bundle
        self.check = check
