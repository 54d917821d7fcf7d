"""`council set NAME` · `council show`: the home council, as Keys & settings sets it."""

from __future__ import annotations

from typing import Any

from desktop_app.commands.context import CommandContext


def register(subparsers: Any) -> None:
    council = subparsers.add_parser("council", help="set, rename or show your own council")
    actions = council.add_subparsers(dest="council_command", metavar="ACTION", required=True)
    setting = actions.add_parser("set", help="set your council's name (or rename it)")
    setting.add_argument("name", metavar="NAME", help='e.g. "Anyshire County Council"')
    setting.set_defaults(handler=cmd_set)
    showing = actions.add_parser("show", help="print your council's name")
    showing.set_defaults(handler=cmd_show)


def cmd_set(context: CommandContext) -> int:
    from desktop_app.app.context import AppContext
    from desktop_app.app.council import SetHomeCouncil, set_home_council

    context.lock_home()
    app = AppContext(context.home)
    try:
        result = set_home_council(app, SetHomeCouncil(context.args.name))
    finally:
        app.close()
    if result.previous and result.previous != result.name:
        print(f"Your council is now {result.name} (was {result.previous}).")
    else:
        print(f"Your council is {result.name}.")
    return 0


def cmd_show(context: CommandContext) -> int:
    from desktop_app.app.context import AppContext
    from desktop_app.app.council import home_council

    app = AppContext(context.home)
    try:
        name = home_council(app)
    finally:
        app.close()
    print(name or "No council set yet: critical-friend council set NAME")
    return 0
