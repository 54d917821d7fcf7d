"""`python -m desktop_app` and the `critical-friend` command."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from desktop_app.commands.list_cmd import quick_list

    arguments = sys.argv[1:] if argv is None else argv
    listed = quick_list(arguments)  # before importing the command line's parser (issue 17)
    if listed is not None:
        return listed
    from desktop_app.cli import run

    return run(arguments)


if __name__ == "__main__":
    sys.exit(main())
