"""Errors a user can act on: each carries one plain sentence and an exit code."""

from __future__ import annotations

# The command line's exit codes (README "Command line"); 4 and 5 are HomeInUseError and
# DatabaseError's own.
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_UNTRUSTED = 3


class UserError(Exception):
    """Something the user can fix; the message says what happened and what to do."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class Cancelled(Exception):
    """The user cancelled long work; whatever it was writing has been removed."""
