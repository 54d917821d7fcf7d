"""`data template|import|list`: the data profile on the command line.

The CSV has a header row and exactly the columns `indicator,period,series,value`:
indicator is an id from the catalogue (`data list --indicators`), period like 2025-26, series one of
council, neighbours, region, england, value a plain number (12.5; no % sign). Empty values are
skipped. The import is all or nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.commands.context import CommandContext, print_json, print_table


def register(subparsers: Any) -> None:
    data = subparsers.add_parser("data", help="the data profile: a CSV to fill, its import, values")
    actions = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)

    template = actions.add_parser(
        "template", help="write a CSV (indicator,period,series,value) listing every indicator"
    )
    template.add_argument("file", metavar="FILE.csv", type=Path)
    template.add_argument("--period", help="the period to fill, e.g. 2025-26 (default: last year)")
    template.set_defaults(handler=cmd_template)

    importing = actions.add_parser("import", help="import a filled CSV, all or nothing")
    importing.add_argument("file", metavar="FILE.csv", type=Path)
    importing.set_defaults(handler=cmd_import)

    listing = actions.add_parser("list", help="the home council's values with RAG and trend")
    listing.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    listing.add_argument("--period", help="only this period")
    listing.add_argument("--indicators", action="store_true", help="list the catalogue instead")
    listing.set_defaults(handler=cmd_list)

    from desktop_app.commands.published_cmd import register_data_actions

    register_data_actions(actions)


def cmd_template(context: CommandContext) -> int:
    """Writes only a file, so it runs while the window has the home open (no home lock)."""
    from desktop_app.app.context import AppContext
    from desktop_app.app.profile_template import WriteProfileTemplate, write_profile_template

    args: argparse.Namespace = context.args
    app = AppContext(context.home)
    try:
        written = write_profile_template(app, WriteProfileTemplate(args.file, args.period))
    finally:
        app.close()
    print(
        f"Wrote {written.path}: {written.indicators} indicators × 4 series for {written.period}; "
        "fill in the value column."
    )
    return 0


def cmd_import(context: CommandContext) -> int:
    from desktop_app.app.profile_table import import_home_profile

    path: Path = context.args.file
    if path.is_file():
        context.lock_home()
    imported = import_home_profile(context.app, path)
    if imported.stored == 0:
        print(
            f"{path} has no values yet, so nothing was imported; fill in its value column "
            "(a plain number per row) and import it again."
        )
        return 0
    print(f"Imported {imported.stored} values from {path}.")
    return 0


def cmd_list(context: CommandContext) -> int:
    from desktop_app.app.profile_table import indicator_catalogue

    args: argparse.Namespace = context.args
    if args.indicators:
        rows = indicator_catalogue(context.app)
        columns = ["id", "title", "unit", "higher_is_better"]
    else:
        from desktop_app.commands.published_cmd import list_rows

        rows = list_rows(context, args.period)
        columns = ["indicator", "period", "council", "neighbours", "region", "england", "rag"]
        columns.append("trend")
    if args.json:
        print_json(rows)
    else:
        print_table(rows, columns)
    return 0
