"""A command's outcome as an exit code, with one plain sentence on stderr for what went wrong.

Shared by ``desktop_app.cli.run`` and the quick ``list`` path, and light to import (SQLAlchemy
is imported only to word a write that failed).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from desktop_app.errors import EXIT_USAGE, UserError


def exit_code_of(work: Callable[[], int], home_root: Path) -> int:
    """Run ``work`` and return its exit code, or report what stopped it in one sentence.

    ``UserError``: its message and exit code; Ctrl+C: 130; a closed pipe (``| head``): 0; a write
    refused for want of space or permission: the sentence of
    ``desktop_app.app.health.write_failure_sentence`` naming the file (else ``home_root``), exit 2.
    Anything else is raised: it is a bug, and its traceback is what helps.
    """
    try:
        return work()
    except UserError as exc:
        print(f"critical-friend: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("critical-friend: stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a full disk or a folder refused while writing: one sentence
        sentence = _write_failure(exc, home_root)
        if sentence is None:
            raise
        print(f"critical-friend: {sentence}", file=sys.stderr)
        return EXIT_USAGE


def _write_failure(exc: Exception, home_root: Path) -> str | None:
    """The sentence for a write that failed for want of space or permission, naming the file
    when the error does (else the home); None for any other error."""
    from desktop_app.app.health import write_failure_sentence

    filename = getattr(exc, "filename", None) if isinstance(exc, OSError) else None
    return write_failure_sentence(exc, Path(str(filename)) if filename else home_root)
