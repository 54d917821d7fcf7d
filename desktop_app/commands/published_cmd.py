"""Published data on the command line: `data import-published`, `data neighbours`, `benchmark`.

`data import-published FILE... --la CODE` reads the DfE's tidy CSVs (any of the tables the app
knows, the ONS population for rates per 10,000, optionally a neighbour model CSV such as the
2021 one, and Ofsted's outcomes ODS) and stores the council's, region's, England's and the
neighbours' mean and median figures. `data neighbours mean|median` chooses which neighbours'
figure the profile shows. `benchmark FILE... --la CODE --out FILE.csv|xlsx|pdf` ranks a council
among its region's LAs and its neighbours from the files alone (no home data needed).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.commands.context import CommandContext


def register_data_actions(actions: Any) -> None:
    """Add `import-published` and `neighbours` to the `data` command's actions."""
    importing = actions.add_parser(
        "import-published",
        help="import the DfE's published statistics (and Ofsted's outcomes) for a council",
    )
    importing.add_argument("files", metavar="FILE", type=Path, nargs="+")
    importing.add_argument(
        "--la", required=True, metavar="CODE", help="the LA code: old 3-digit (301) or E-code"
    )
    importing.add_argument(
        "--neighbours",
        choices=("mean", "median"),
        help="which neighbours' figure to show (default: keep the earlier choice; median first)",
    )
    importing.set_defaults(handler=cmd_import_published)

    adding = actions.add_parser(
        "add-indicator", help="add your own indicator taken from a published table"
    )
    adding.add_argument("--title", required=True)
    adding.add_argument(
        "--table",
        required=True,
        help="the published table: c1_referrals, d3_subsequent_plans, d5_plans_by_duration, "
        "cla_rate, cla_placement_stability, care_leavers_accommodation, csww_indicators",
    )
    adding.add_argument("--column", required=True, help="the measure column, e.g. referral_count")
    adding.add_argument(
        "--filter", action="append", default=[], metavar="COLUMN=VALUE", help="pick rows (repeat)"
    )
    adding.add_argument("--unit", default="", help='e.g. "%%" or "per 10,000"')
    adding.add_argument("--higher-is-better", choices=("yes", "no"))
    adding.add_argument("--per-10000", action="store_true", help="a count per 10,000 children")
    adding.set_defaults(handler=cmd_add_indicator)

    choosing = actions.add_parser(
        "neighbours", help="show the statistical neighbours' mean or median in the profile"
    )
    choosing.add_argument("figure", choices=("mean", "median"))
    choosing.set_defaults(handler=cmd_neighbours)


def register(subparsers: Any) -> None:
    bench = subparsers.add_parser(
        "benchmark",
        help="rank a council among its region's LAs and its neighbours, from published files",
    )
    bench.add_argument("files", metavar="FILE", type=Path, nargs="+")
    bench.add_argument("--la", required=True, metavar="CODE", help="old 3-digit code or E-code")
    bench.add_argument("--out", required=True, type=Path, metavar="FILE.csv|xlsx|pdf")
    bench.set_defaults(handler=cmd_benchmark)


def _app(context: CommandContext) -> Any:
    from desktop_app.app.context import AppContext

    return AppContext(home=context.home)


def cmd_import_published(context: CommandContext) -> int:
    from desktop_app.app.published_data import ImportPublished, import_published

    args: argparse.Namespace = context.args
    context.lock_home()
    app = _app(context)
    try:
        result = import_published(app, ImportPublished(tuple(args.files), args.la, args.neighbours))
    finally:
        app.close()
    if result.old_la_code:
        periods = f"{result.periods[0]} to {result.periods[-1]}" if result.periods else "no years"
        print(
            f"Imported {result.figures_stored} published figures for {result.la_name} "
            f"({result.old_la_code}, {result.new_la_code}; {result.region_name}), {periods}; "
            f"{result.suppressed} suppressed cells kept as suppressed."
        )
        print(
            f"Statistical neighbours ({result.neighbour_model} model): "
            + ", ".join(result.neighbour_names)
        )
    if result.ofsted_outcomes:
        print(f"Stored Ofsted's latest judgements for {result.ofsted_outcomes} councils.")
    return 0


def cmd_add_indicator(context: CommandContext) -> int:
    from desktop_app.app.published_data import (
        AddPublishedIndicator,
        add_published_indicator,
        parse_filter,
    )

    args: argparse.Namespace = context.args
    filters = [parse_filter(item) for item in args.filter]
    higher = None if args.higher_is_better is None else args.higher_is_better == "yes"
    context.lock_home()
    app = _app(context)
    try:
        added = add_published_indicator(
            app,
            AddPublishedIndicator(
                args.title,
                args.table,
                args.column,
                tuple(filters),
                args.unit,
                higher,
                args.per_10000,
            ),
        )
    finally:
        app.close()
    print(f"Added indicator {added.indicator_id}. {added.source}")
    return 0


def cmd_neighbours(context: CommandContext) -> int:
    from desktop_app.app.published_data import (
        ChooseNeighbourFigure,
        choose_neighbour_figure,
        neighbour_label,
    )

    context.lock_home()
    app = _app(context)
    try:
        result = choose_neighbour_figure(app, ChooseNeighbourFigure(context.args.figure))
    finally:
        app.close()
    print(f"The data profile now shows: {neighbour_label(result.shown)}.")
    return 0


def cmd_benchmark(context: CommandContext) -> int:
    from desktop_app.app.benchmark import (
        BenchmarkRequest,
        ExportBenchmark,
        build_benchmark,
        export_benchmark,
    )

    args: argparse.Namespace = context.args
    result = build_benchmark(BenchmarkRequest(tuple(args.files), args.la))
    written = export_benchmark(ExportBenchmark(result, args.out))
    print(
        f"Wrote {written.path}: {result.authority.name} against {len(result.indicators)} "
        f"indicators ({written.rows} rows), {result.neighbour_model} neighbour model."
    )
    return 0


def list_rows(context: CommandContext, period: str | None) -> list[dict[str, Any]]:
    """`data list` rows with the published fields (see app.published_data.profile_listing)."""
    from desktop_app.app.published_data import profile_listing

    app = _app(context)
    try:
        return profile_listing(app, period)
    finally:
        app.close()
