"""The command line. No Qt is imported on this path unless a command needs a window or a picture.

Exit codes: 0 done · 1 invalid (e.g. a bundle fails verification) · 2 bad usage or input ·
3 valid but not trusted · 4 home already open elsewhere · 5 database cannot be used · 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence
from typing import NoReturn

from desktop_app import __version__
from desktop_app.commands.context import CommandContext
from desktop_app.commands.failures import exit_code_of
from desktop_app.errors import EXIT_USAGE

# The order commands are listed in `--help`: set-up first, then the year's work in order.
HELP_ORDER = (
    "basic",
    "list_cmd",
    "forms_cmd",
    "profile_cmd",
    "published_cmd",
    "audit_cmd",
    "team_cmd",
    "keys_cmd",
    "exchange_cmd",
    "challenge_cmd",
    "plan_cmd",
    "report_cmd",
)


# Modules of desktop_app.commands that register no command: what every command shares.
COMMAND_HELPERS = ("context", "failures", "printing")


def command_modules() -> list[str]:
    """Every module in desktop_app.commands that registers sub-commands (heavy imports stay inside
    their handlers, so importing them all to build the parser stays cheap)."""
    import pkgutil

    import desktop_app.commands as package

    names = [
        info.name
        for info in pkgutil.iter_modules(package.__path__)
        if info.name not in COMMAND_HELPERS
    ]
    ranked = sorted(
        names, key=lambda name: (HELP_ORDER.index(name) if name in HELP_ORDER else 99, name)
    )
    return [f"{package.__name__}.{name}" for name in ranked]


class PlainArgumentParser(argparse.ArgumentParser):
    """argparse that reports a mistake in one plain sentence on stderr."""

    def error(self, message: str) -> NoReturn:
        if message.startswith("unrecognized arguments"):
            unknown = message.split(":", 1)[1].strip()
            words = unknown.split()
            if words and not words[0].startswith("-"):
                # A stray word: most often the second half of a name given without quotes.
                message = f"unexpected word '{words[0]}': put a name with spaces in quotes"
            else:
                message = f"{unknown} is not an option Critical Friend knows"
        elif message.startswith("argument COMMAND: invalid choice"):
            message = "that is not a Critical Friend command"
        self.exit(
            EXIT_USAGE,
            f"critical-friend: {message}; run '{self.prog} --help' to see what it takes.\n",
        )


# Which module registers each command, so that `run` builds only that module's part of the
# parser: argparse spends most of its set-up in gettext look-ups (about 30 ms for every command),
# which would be most of a quick `list`. A command missing here still runs (the whole parser is
# built); tests/foundation/test_cli.py checks the table against the modules.
COMMAND_MODULES = {
    "demo": "basic",
    "doctor": "basic",
    "list": "list_cmd",
    "screenshots": "basic",
    "forms": "forms_cmd",
    "data": "profile_cmd",
    "benchmark": "published_cmd",
    "audits": "audit_cmd",
    "sample": "audit_cmd",
    "visits": "team_cmd",
    "keys": "keys_cmd",
    "export": "exchange_cmd",
    "import": "exchange_cmd",
    "verify": "exchange_cmd",
    "challenge": "challenge_cmd",
    "respond": "challenge_cmd",
    "plan": "plan_cmd",
    "report": "report_cmd",
    "council": "council_cmd",
}


def _command_module(argv: Sequence[str]) -> str | None:
    """The module registering argv's command when only `--home` comes before it, else None."""
    rest = list(argv)
    while rest:
        head = rest.pop(0)
        if head == "--home" and rest:
            rest.pop(0)
        elif not head.startswith("--home="):
            name = COMMAND_MODULES.get(head)
            return f"desktop_app.commands.{name}" if name else None
    return None


def build_parser(with_commands: bool = True, only: str | None = None) -> PlainArgumentParser:
    """The command line's parser; ``only`` (a module of desktop_app.commands) registers just that
    module's commands."""
    parser = PlainArgumentParser(
        prog="critical-friend",
        description="Critical Friend: self-assessment, case-file audit and signed peer challenge "
        "for children's services. With no command it opens the window; with FILE.cfbundle it "
        "opens the window on that bundle.",
    )
    parser.add_argument("--version", action="version", version=f"critical-friend {__version__}")
    parser.add_argument(
        "--home",
        metavar="DIR",
        help="the data folder (default: your user data folder, or $CRITICAL_FRIEND_HOME)",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window on the home's data (and on FILE.cfbundle, verified), show it, and "
        "exit 0; the installers' check",
    )
    if not with_commands:
        parser.add_argument(
            "bundle",
            nargs="?",
            metavar="FILE.cfbundle",
            help="a bundle to open in the window (as a double-click does)",
        )
        return parser
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=PlainArgumentParser
    )
    for name in [only] if only else command_modules():
        importlib.import_module(name).register(subparsers)
    return parser


BUNDLE_SUFFIX = ".cfbundle"


def _opens_the_window(argv: Sequence[str]) -> bool:
    """True for `critical-friend [--home DIR] [--smoke-test] [FILE.cfbundle]` (a double-click on a
    bundle runs the program with its path): then no command module is imported, which keeps the
    window's cold start short."""
    rest = list(argv)
    bundles = 0
    while rest:
        head = rest.pop(0)
        if head == "--home" and rest:
            rest.pop(0)
        elif head.startswith("--home=") or head == "--smoke-test":
            continue
        elif head.lower().endswith(BUNDLE_SUFFIX) and not head.startswith("-"):
            bundles += 1
        else:
            return False
    return bundles <= 1


def run(argv: Sequence[str]) -> int:
    from desktop_app.commands.list_cmd import quick_list

    listed = quick_list(argv)  # `list` in its usual forms skips argparse (list_cmd.quick_list)
    if listed is not None:
        return listed
    window = _opens_the_window(argv)
    parser = build_parser(with_commands=not window, only=None if window else _command_module(argv))
    args = parser.parse_args(list(argv))
    from desktop_app.whole_numbers import out_of_range_option

    too_large = out_of_range_option(args)  # an id or seed SQLite cannot hold: usage, exit 2
    if too_large is not None:
        parser.error(too_large)
    context = CommandContext.from_args(args)
    handler: Callable[[CommandContext], int] | None = getattr(args, "handler", None)

    def work() -> int:
        if handler is None:
            from pathlib import Path

            from desktop_app.ui.app import run_gui

            bundle = getattr(args, "bundle", None)
            return run_gui(
                context.home,
                smoke_test=bool(args.smoke_test),
                bundle=Path(bundle).expanduser().resolve() if bundle else None,
            )
        return handler(context)

    try:
        return exit_code_of(work, context.home.root)
    finally:
        context.close()
