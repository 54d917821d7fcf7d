"""The improvement plan on the command line: `plan list|add|update|import|export`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.commands.context import CommandContext, print_json, print_table

STATUS_WORDS = "not started, on track, at risk, done, dropped"
SOURCE_WORDS = "own, audit, visit_finding, self_assessment, challenge"


def register(subparsers: Any) -> None:
    plan = subparsers.add_parser("plan", help="the improvement plan: actions, owners, due dates")
    verbs = plan.add_subparsers(dest="verb", metavar="VERB", required=True)

    listing = verbs.add_parser("list", help="the plan's actions, overdue first, with RAG")
    listing.add_argument("--source", metavar="S", help=f"only from this source ({SOURCE_WORDS})")
    listing.add_argument("--owner", metavar="NAME", help="only this owner's actions")
    listing.add_argument("--area", metavar="AREA", help="only this ILACS area (e.g. in_care)")
    listing.add_argument("--status", metavar="S", help=f"only this status ({STATUS_WORDS})")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)

    add = verbs.add_parser("add", help="add an action")
    add.add_argument("--what", required=True, metavar="T")
    add.add_argument("--owner", required=True, metavar="NAME", help="the person responsible")
    add.add_argument("--due", required=True, metavar="DATE", help="YYYY-MM-DD")
    add.add_argument("--why", default="", metavar="T", help="why it is in the plan")
    add.add_argument("--area", default="", metavar="AREA", help="the ILACS area it serves")
    add.add_argument(
        "--visit", type=int, metavar="ID", help="a finding of this visit, turned into an action"
    )
    add.set_defaults(handler=cmd_add)

    update = verbs.add_parser("update", help="change an action's status and/or note progress")
    update.add_argument("--action", type=int, required=True, metavar="ID")
    update.add_argument("--status", metavar="S", help=STATUS_WORDS)
    update.add_argument(
        "--note", default="", metavar="T", help="a dated progress note (dropping needs one)"
    )
    update.set_defaults(handler=cmd_update)

    importing = verbs.add_parser(
        "import", help="bring in a visit's audit actions or a self-assessment's priorities"
    )
    which = importing.add_mutually_exclusive_group(required=True)
    which.add_argument("--audit-actions", type=int, metavar="VISIT", help="a visit's id")
    which.add_argument("--priorities", type=int, metavar="ASSESSMENT", help="a self-assessment")
    importing.set_defaults(handler=cmd_import)

    new_year = verbs.add_parser(
        "next-assessment",
        help="start next year's self-assessment with progress on this plan filled in",
    )
    new_year.add_argument("--period", required=True, metavar="P", help='e.g. "2026-27"')
    new_year.add_argument(
        "--from-last-year", action="store_true", help="carry last year's answers over"
    )
    new_year.set_defaults(handler=cmd_next_assessment)

    export = verbs.add_parser("export", help="the plan as a PDF (for the DCS) or a workbook")
    export.add_argument("--format", choices=["pdf", "xlsx"], required=True)
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.set_defaults(handler=cmd_export)


def _context(context: CommandContext) -> Any:

    return context.app


def cmd_list(context: CommandContext) -> int:
    from desktop_app.app.plan import (
        PlanFilter,
        PlanInputError,
        PlanSource,
        check_area,
        list_plan,
        parse_status,
    )

    args: argparse.Namespace = context.args
    source = None
    if args.source:
        try:
            source = PlanSource(args.source.strip().lower().replace(" ", "_").replace("-", "_"))
        except ValueError:
            raise PlanInputError(
                f"{args.source!r} is not a source; use one of: {SOURCE_WORDS}."
            ) from None
    try:
        area = check_area(args.area or "")
    except ValueError as error:
        raise PlanInputError(str(error)) from None
    wanted = PlanFilter(
        source=source,
        owner=args.owner or "",
        area=area,
        status=parse_status(args.status) if args.status else None,
    )
    rows = list_plan(_context(context), wanted)
    if args.json:
        print_json([row.to_json() for row in rows])
        return 0
    print_table(
        [
            {
                "id": row.id,
                "rag": ("OVERDUE " if row.overdue else "") + row.rag.value.upper(),
                "due": row.due.isoformat(),
                "status": row.status.label,
                "owner": row.owner,
                "source": row.source.label,
                "what": row.what,
            }
            for row in rows
        ],
        ["id", "rag", "due", "status", "owner", "source", "what"],
    )
    return 0


def cmd_add(context: CommandContext) -> int:
    from desktop_app.app.plan import AddPlanAction, PlanSource, add_plan_action, parse_due
    from desktop_app.app.plan_sources import visit_finding_source

    args: argparse.Namespace = context.args
    context.lock_home()
    ctx = _context(context)
    source, ref, why = PlanSource.OWN, "", args.why
    if args.visit is not None:
        found_why, ref = visit_finding_source(ctx, args.visit)
        source, why = PlanSource.VISIT_FINDING, why or found_why
    result = add_plan_action(
        ctx,
        AddPlanAction(
            what=args.what,
            owner=args.owner,
            due=parse_due(args.due),
            why=why,
            area=args.area,
            source=source,
            source_ref=ref,
        ),
    )
    print(f"Added plan action {result.action_id}.")
    return 0


def cmd_update(context: CommandContext) -> int:
    from desktop_app.app.plan import UpdatePlanAction, parse_status, update_plan_action

    args: argparse.Namespace = context.args
    context.lock_home()
    result = update_plan_action(
        _context(context),
        UpdatePlanAction(
            action_id=args.action,
            status=parse_status(args.status) if args.status else None,
            note=args.note,
        ),
    )
    print(f"Plan action {result.action_id}: {result.status.label.lower()}.")
    return 0


def cmd_import(context: CommandContext) -> int:
    from desktop_app.app.plan_sources import import_audit_actions, import_priorities

    args: argparse.Namespace = context.args
    context.lock_home()
    ctx = _context(context)
    if args.audit_actions is not None:
        result = import_audit_actions(ctx, args.audit_actions)
    else:
        result = import_priorities(ctx, args.priorities)
    print(f"Added {result.added} action(s) to the plan; {result.already} were already in it.")
    return 0


def cmd_export(context: CommandContext) -> int:
    from desktop_app.app.plan import ExportPlan, export_plan

    args: argparse.Namespace = context.args
    result = export_plan(_context(context), ExportPlan(format=args.format, out=args.out))
    print(f"The improvement plan ({result.actions} actions) was written to {result.path}.")
    return 0


def cmd_next_assessment(context: CommandContext) -> int:
    from desktop_app.app.plan_progress import StartSelfAssessment, start_self_assessment

    args: argparse.Namespace = context.args
    context.lock_home()
    result = start_self_assessment(
        _context(context),
        StartSelfAssessment(period=args.period, from_last_year=bool(args.from_last_year)),
    )
    print(
        f"Started self-assessment {result.assessment_id} for {args.period}; progress on "
        f"{result.plan_actions} plan action(s) is filled in."
    )
    for path in result.not_carried:
        print(f"  not carried over (no longer fits the form): {path}")
    return 0
