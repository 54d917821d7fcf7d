"""`critical-friend visits ...` and `audits return|import`: a visit's team on several laptops.

Each command parses its arguments, calls one operation of ``desktop_app.app.team`` (or
``app.audit_sheet``) and prints what it made, with its id. Exit codes: 0 done · 1 a bundle
refused or invalid · 2 bad usage or input.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.app.team import Keep, Role
from desktop_app.commands.context import CommandContext, print_json, print_table
from desktop_app.errors import UserError

if TYPE_CHECKING:
    from desktop_app.app.context import AppContext
    from desktop_app.app.team import ConflictSideView, TeamBundleImported

KINDS = ("SAV", "SAV MAX", "PCTR", "QA", "thematic")
ROLES = tuple(str(role) for role in Role)
KEEPS = tuple(str(keep) for keep in Keep)


def register(subparsers: Any) -> None:
    visits = subparsers.add_parser(
        "visits",
        help="a visit and its team: make it, sample, assign cases, pack assignments, conflicts",
        description="A visit's team on several laptops: the lead makes the visit, draws the "
        "sample, names the team, assigns cases and packs one assignment per auditor; returns "
        "come back through 'critical-friend import FILE'.",
    )
    actions = visits.add_subparsers(dest="visits_command", metavar="ACTION", required=True)

    new = actions.add_parser("new", help="make a visit led from this laptop (prints its id)")
    new.add_argument("--title", required=True, metavar="T")
    new.add_argument("--kind", required=True, choices=KINDS, metavar="|".join(KINDS))
    new.add_argument("--host", required=True, metavar="ORG", help="the council visited")
    new.add_argument("--template", default="case-audit", metavar="ID", help="audit form id")
    new.set_defaults(handler=cmd_new)

    cases = actions.add_parser(
        "cases",
        help="import the visit's case list (CSV or XLSX), or add or swap a case by hand",
    )
    cases.add_argument("--visit", type=int, required=True, metavar="ID")
    cases.add_argument("file", type=Path, nargs="?", metavar="FILE")
    cases.add_argument("--sheet", metavar="NAME", help="the workbook's sheet, e.g. 'List 7'")
    by_hand = cases.add_mutually_exclusive_group()
    by_hand.add_argument("--add", metavar="REF", help="add this case to the audit list")
    by_hand.add_argument(
        "--swap",
        nargs=2,
        metavar=("OLD", "NEW"),
        help="swap a case on the audit list for another (the old one is kept, marked removed)",
    )
    cases.add_argument(
        "--reason", metavar="TEXT", help="why, kept with the case (needed with --add and --swap)"
    )
    cases.set_defaults(handler=cmd_cases)

    sample = actions.add_parser(
        "sample", help="draw the visit's reproducible sample and make an audit per case"
    )
    sample.add_argument("--visit", type=int, required=True, metavar="ID")
    sample.add_argument("--size", type=int, required=True, metavar="N")
    sample.add_argument("--seed", type=int, required=True, metavar="S")
    sample.add_argument("--by", metavar="COLUMN", help="stratify by this case-list column")
    sample.set_defaults(handler=cmd_sample)

    team = actions.add_parser("team", help="add a team member (with their key card)")
    team.add_argument("--visit", type=int, required=True, metavar="ID")
    team.add_argument("--add", required=True, metavar="NAME")
    team.add_argument("--role", required=True, choices=ROLES, metavar="|".join(ROLES))
    team.add_argument(
        "--card", type=Path, metavar="FILE", help="their key card ('keys export-public')"
    )
    team.set_defaults(handler=cmd_team)

    remove = actions.add_parser(
        "remove", help="take a person off the visit's team (they must hold no cases)"
    )
    remove.add_argument("--visit", type=int, required=True, metavar="ID")
    remove.add_argument("--member", required=True, metavar="NAME")
    remove.set_defaults(handler=cmd_remove)

    assign = actions.add_parser("assign", help="assign cases to an auditor, or split them evenly")
    assign.add_argument("--visit", type=int, required=True, metavar="ID")
    assign.add_argument("--auditor", metavar="NAME")
    assign.add_argument("--cases", nargs="+", default=[], metavar="REF")
    assign.add_argument(
        "--split", action="store_true", help="share every case evenly, strata balanced"
    )
    assign.set_defaults(handler=cmd_assign)

    pack = actions.add_parser(
        "pack", help="write an auditor's assignment bundle (signed, encrypted to them)"
    )
    pack.add_argument("--visit", type=int, required=True, metavar="ID")
    pack.add_argument("--auditor", required=True, metavar="NAME")
    pack.add_argument("--out", type=Path, required=True, metavar="FILE")
    pack.set_defaults(handler=cmd_pack)

    conflicts = actions.add_parser("conflicts", help="the visit's conflicts to decide")
    conflicts.add_argument("--visit", type=int, required=True, metavar="ID")
    conflicts.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    conflicts.set_defaults(handler=cmd_conflicts)

    resolve = actions.add_parser(
        "resolve",
        help="decide a conflict: keep the first state or the second (the other is archived), "
        "or both as two audits of the case (counted once in findings and reports)",
    )
    resolve.add_argument("--conflict", type=int, required=True, metavar="ID")
    resolve.add_argument("--keep", required=True, choices=KEEPS, metavar="|".join(KEEPS))
    resolve.set_defaults(handler=cmd_resolve)


def register_audit_actions(actions: Any) -> None:
    """`audits return` and `audits import`, added to the `audits` command's actions."""
    returning = actions.add_parser(
        "return", help="write your audits of a visit for its lead (signed, encrypted to them)"
    )
    returning.add_argument("--visit", type=int, required=True, metavar="ID")
    returning.add_argument("--out", type=Path, required=True, metavar="FILE")
    returning.set_defaults(handler=cmd_audits_return)

    sheet = actions.add_parser(
        "import", help="fill or update audits from a sheet shaped like 'audits export'"
    )
    sheet.add_argument("--visit", type=int, required=True, metavar="ID")
    sheet.add_argument("file", type=Path, metavar="FILE.csv|xlsx")
    sheet.set_defaults(handler=cmd_audits_import)


@contextmanager
def _app(context: CommandContext, *, changes: bool = True) -> Iterator[AppContext]:
    from desktop_app.app.context import AppContext

    if changes:
        context.lock_home()
    app = AppContext(context.home)
    try:
        yield app
    finally:
        app.close()


def cmd_new(context: CommandContext) -> int:
    from desktop_app.app.team import NewVisit, VisitKind, new_visit

    args: argparse.Namespace = context.args
    with _app(context) as app:
        made = new_visit(app, NewVisit(args.title, VisitKind(args.kind), args.host, args.template))
    print(made.visit_id)
    print(f"Made visit {made.visit_id}: {args.title} ({args.kind}, {args.host}).", flush=True)
    return 0


def cmd_cases(context: CommandContext) -> int:
    from desktop_app.app.team import ImportCases, import_cases

    args: argparse.Namespace = context.args
    if args.add is not None or args.swap is not None:
        return _case_by_hand(context, args)
    if args.file is None:
        raise UserError(
            "Give the case list FILE to import, or --add REF / --swap OLD NEW with --reason TEXT."
        )
    with _app(context) as app:
        done = import_cases(app, ImportCases(args.visit, args.file, args.sheet))
    print(f"Visit {done.visit_id}: case list of {done.cases} cases ({', '.join(done.columns)}).")
    return 0


def _case_by_hand(context: CommandContext, args: argparse.Namespace) -> int:
    """``visits cases --add REF`` / ``--swap OLD NEW``: the window's Add case and Swap case."""
    from desktop_app.app import visits
    from desktop_app.app.visits import VisitError

    if args.file is not None:
        raise UserError("Give either a case list FILE or --add/--swap, not both.")
    if not (args.reason or "").strip():
        raise UserError("Say why with --reason TEXT; the reason is kept with the case.")
    with _app(context) as app:
        try:
            if args.add is not None:
                done = visits.add_case(app, args.visit, args.add, args.reason)
            else:
                old, new = args.swap
                audit_id = visits.audit_of_case(app, args.visit, old)
                done = visits.swap_case(app, audit_id, new, args.reason)
        except (VisitError, LookupError) as error:
            raise UserError(str(error)) from None
    print(f"Visit {args.visit}: {done.message}")
    return 0


def cmd_sample(context: CommandContext) -> int:
    from desktop_app.app.team import DrawSample, draw_sample

    args: argparse.Namespace = context.args
    with _app(context) as app:
        drawn = draw_sample(app, DrawSample(args.visit, args.size, args.seed, args.by))
    print(
        f"Visit {drawn.visit_id}: drew {len(drawn.references)} cases with seed {args.seed}"
        + (f", stratified by '{drawn.by}'" if drawn.by else "")
        + "."
    )
    for reference in drawn.references:
        print(f"  {reference}")
    for note in drawn.notes:
        print(note)
    return 0


def cmd_team(context: CommandContext) -> int:
    from desktop_app.app.team import AddTeamMember, add_team_member

    args: argparse.Namespace = context.args
    with _app(context) as app:
        added = add_team_member(
            app, AddTeamMember(args.visit, args.add, Role(args.role), args.card)
        )
    print(added.member_id)
    key = f", key {added.fingerprint}" if added.fingerprint else ", no key card yet"
    print(f"Team member {added.member_id}: {added.name} ({args.role}{key}).")
    return 0


def cmd_remove(context: CommandContext) -> int:
    from desktop_app.app.team import RemoveTeamMember, remove_team_member

    args: argparse.Namespace = context.args
    with _app(context) as app:
        removed = remove_team_member(app, RemoveTeamMember(args.visit, args.member))
    print(f"{removed.name} is no longer on the team of visit {args.visit}.")
    return 0


def cmd_assign(context: CommandContext) -> int:
    import sys

    from desktop_app.app.team import AssignCases, assign_cases

    args: argparse.Namespace = context.args
    with _app(context) as app:
        done = assign_cases(
            app, AssignCases(args.visit, args.auditor, tuple(args.cases), args.split)
        )
    for name, count in done.counts.items():
        print(f"  {name}: {count} case(s)")
    if done.audit_ids:
        print("Audits assigned: " + ", ".join(str(i) for i in done.audit_ids))
    if done.warning:
        print(f"Note: {done.warning}", file=sys.stderr)
    return 0


def cmd_pack(context: CommandContext) -> int:
    from desktop_app.app.team import PackAssignment, pack_assignment
    from desktop_app.commands.keys_cmd import load_identity

    args: argparse.Namespace = context.args
    with _app(context) as app:
        identity = load_identity(context)
        made = pack_assignment(app, PackAssignment(args.visit, args.auditor, args.out), identity)
    return _print_written(made, "Assignment", "case(s)")


def cmd_audits_return(context: CommandContext) -> int:
    from desktop_app.app.team import SendReturn, send_return
    from desktop_app.commands.keys_cmd import load_identity

    args: argparse.Namespace = context.args
    with _app(context) as app:
        identity = load_identity(context)
        made = send_return(app, SendReturn(args.visit, args.out), identity)
    return _print_written(made, "Return", "audit(s)")


def _print_written(made: Any, kind: str, counted: str) -> int:
    """What `visits pack` and `audits return` say about the team bundle written; exit code 0."""
    print(made.external_identifier)
    print(
        f"{kind} of {made.audits} {counted} written to {made.path} "
        f"(sequence {made.sequence}, encrypted for {', '.join(made.recipients)})."
    )
    return 0


def cmd_audits_import(context: CommandContext) -> int:
    from desktop_app.app.audit_sheet import ImportAuditSheet, import_audit_sheet

    args: argparse.Namespace = context.args
    with _app(context) as app:
        done = import_audit_sheet(app, ImportAuditSheet(args.visit, args.file))
    print(
        f"Visit {done.visit_id}: {done.updated} audit(s) updated, {done.answers} answer(s) changed."
    )
    for audit_id in done.audit_ids:
        print(f"  audit {audit_id}")
    return 0


def cmd_conflicts(context: CommandContext) -> int:
    from desktop_app.app.team import list_conflicts
    from desktop_app.app.vocabulary import ConflictKind

    args: argparse.Namespace = context.args
    with _app(context, changes=False) as app:
        found = list_conflicts(app, args.visit)
    if args.json:
        print_json([conflict.to_json() for conflict in found])
        return 0
    print_table(
        [
            {
                "id": c.id,
                "case": c.case_reference,
                "kind": "same audit, two laptops"
                if c.kind == ConflictKind.SAME_AUDIT
                else "same case, two auditors",
                "first": f"{c.first.by or 'the lead'}: {_side_state(c.first)}",
                "second": f"{c.second.by or 'the lead'}: {_side_state(c.second)}",
                "decided": c.resolution or "open",
            }
            for c in found
        ],
        ["id", "case", "kind", "first", "second", "decided"],
    )
    for conflict in found:
        if not conflict.open:
            continue
        differing = conflict.differing()
        print(
            f"\nConflict {conflict.id}, case {conflict.case_reference}: "
            f"first {conflict.first.by or 'the lead'}, second {conflict.second.by or 'the lead'}; "
            + (f"{len(differing)} answer(s) differ:" if differing else "no answer differs.")
        )
        for label, first, second in differing:
            print(
                f"  {label}\n    first:  {first or '(no answer)'}\n    second: {second or '(no answer)'}"
            )
    return 0


def _side_state(side: ConflictSideView) -> str:
    """A conflict side's overall grade as its scale names it, else its status in words."""
    return side.grade_words or side.status.replace("_", " ")


def cmd_resolve(context: CommandContext) -> int:
    from desktop_app.app.team import ResolveConflict, resolve_conflict

    args: argparse.Namespace = context.args
    with _app(context) as app:
        done = resolve_conflict(app, ResolveConflict(args.conflict, Keep(args.keep)))
    print(done.conflict_id)
    print(f"Conflict {done.conflict_id} of visit {done.visit_id} decided: kept {args.keep}.")
    return 0


def print_team_import(done: TeamBundleImported) -> int:
    """What `import FILE` says after opening an assignment or merging a return; the exit code."""
    import sys

    if done.already:
        print(f"Already imported into visit {done.visit_id} ({done.title}); nothing changed.")
        return 0
    if done.kind == "visit-assignment":
        print(done.visit_id)
        print(
            f"Opened the assignment from {done.sender} as visit {done.visit_id}: {done.title} "
            f"({done.added} new case(s), {done.replaced} updated, {done.unchanged} kept as "
            "typed here)."
        )
        return 0
    print(done.visit_id)
    print(
        f"Merged the return from {done.sender} into visit {done.visit_id}: {done.title} "
        f"({done.replaced} audit(s) updated, {done.added} added, {done.unchanged} unchanged)."
    )
    for reference in done.escalations:
        print(f"CHILD AT RISK NOW: case {reference} was escalated.", file=sys.stderr)
    if done.conflicts:
        print(
            f"{len(done.conflicts)} conflict(s) to decide: "
            f"'critical-friend visits conflicts --visit {done.visit_id}'.",
            file=sys.stderr,
        )
    return 0
