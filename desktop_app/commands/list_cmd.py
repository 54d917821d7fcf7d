"""`list`: the home's assessments, visits, audits or bundles, as a table or a JSON array.

Its usual forms, ``critical-friend [--home DIR] list WHAT [--json] [--visit ID]``, are read by
:func:`quick_list` before argparse and the other commands are imported, so that listing 10,000
audits costs little more than starting Python and running the SQL (issue 17: within 3x
``sqlite3 -json``). This module imports next to nothing at the top; the quick path imports the
home, the listing operations and ``sqlite3``, never SQLAlchemy, forms or Qt (a test keeps it so).
Any other spelling (``--help``, ``--visit=x``, an abbreviation, a repeated option) goes through
argparse and :func:`cmd_list`, which print the same thing through :func:`show_listing`.
"""

from __future__ import annotations

from collections.abc import Sequence

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (3 ms; issue 17)
if TYPE_CHECKING:
    from typing import Any

    from desktop_app.app.context import AppContext
    from desktop_app.commands.context import CommandContext

LIST_KINDS = ("assessments", "visits", "audits", "bundles")


def register(subparsers: Any) -> None:
    listing = subparsers.add_parser("list", help="list assessments, visits, audits or bundles")
    listing.add_argument("what", choices=list(LIST_KINDS))
    listing.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    listing.add_argument("--visit", type=int, metavar="ID", help="with audits: only this visit's")
    listing.set_defaults(handler=cmd_list)


def cmd_list(context: CommandContext) -> int:
    args = context.args
    return show_listing(context.app, args.what, as_json=args.json, visit_id=args.visit)


def show_listing(app: AppContext, what: str, *, as_json: bool, visit_id: int | None) -> int:
    """Print the listing of ``what`` (one of ``LIST_KINDS``) on stdout; exit code 0.

    Raises the home's and the database's ``UserError`` (a folder that cannot be used, a database
    of a newer version or damaged) and ``sqlite3.Error`` when the database cannot be read.
    """
    from desktop_app.commands.printing import print_json, print_json_lines, print_table

    if what == "audits" and as_json:
        from desktop_app.app.audit_list import audit_list_json

        print_json_lines(audit_list_json(app, visit_id))
        return 0
    from desktop_app.app.listing import ListKind, ListRequest, list_items

    listing = list_items(app, ListRequest(ListKind(what), visit_id))
    if as_json:
        print_json(listing.rows)
    else:
        print_table(listing.rows, listing.columns)
    return 0


def quick_list(argv: Sequence[str]) -> int | None:
    """Run ``argv`` when it is `list` in a usual form and return its exit code, else None (then
    the caller parses ``argv`` with argparse, which reads it the same way)."""
    request = _quick_request(list(argv))
    if request is None:
        return None
    home_value, what, as_json, visit_id = request
    from desktop_app.app.context import AppContext
    from desktop_app.commands.failures import exit_code_of
    from desktop_app.home import Home, resolve_home

    app = AppContext(Home(resolve_home(home_value)))
    try:
        return exit_code_of(
            lambda: show_listing(app, what, as_json=as_json, visit_id=visit_id), app.home.root
        )
    finally:
        app.close()


def _quick_request(argv: list[str]) -> tuple[str | None, str, bool, int | None] | None:
    """(``--home`` value, what, --json, --visit) when ``argv`` is ``[--home DIR | --home=DIR]
    list WHAT [--json] [--visit ID | --visit=ID]`` with each option at most once, in any order
    after ``list``, and ID plain ASCII digits; None for anything else."""
    rest = list(argv)
    home: str | None = None
    home_given = False
    while rest and rest[0] != "list":
        head = rest.pop(0)
        if home_given:
            return None
        if head == "--home" and rest and not rest[0].startswith("-"):
            home = rest.pop(0)
        elif head.startswith("--home="):
            home = head.removeprefix("--home=")
        else:
            return None
        home_given = True
    if not rest:
        return None
    rest.pop(0)
    what: str | None = None
    as_json = False
    visit: str | None = None
    while rest:
        head = rest.pop(0)
        if head in LIST_KINDS and what is None:
            what = head
        elif head == "--json" and not as_json:
            as_json = True
        elif head == "--visit" and visit is None and rest:
            visit = rest.pop(0)
        elif head.startswith("--visit=") and visit is None:
            visit = head.removeprefix("--visit=")
        else:
            return None
    if what is None:
        return None
    if visit is not None and not (visit.isascii() and visit.isdigit() and len(visit) < 19):
        return None
    return home, what, as_json, None if visit is None else int(visit)
