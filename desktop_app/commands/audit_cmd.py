"""`critical-friend sample ...` and `critical-friend audits export ...` (the export itself is
``desktop_app.app.audit_export``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.app.audit_export import EXPORT_FORMATS, export_audits
from desktop_app.commands.context import CommandContext
from desktop_app.errors import UserError

if TYPE_CHECKING:
    pass


def register(subparsers: Any) -> None:
    sample = subparsers.add_parser(
        "sample", help="draw a reproducible (stratified) random sample from a case list"
    )
    sample.add_argument("--cases", type=Path, required=True, metavar="FILE")
    sample.add_argument(
        "--sheet", metavar="NAME", help="the workbook's sheet, e.g. 'List 7' of an Annex A"
    )
    sample.add_argument(
        "--keep-worker-names", action="store_true", help="keep the allocated worker's name"
    )
    sample.add_argument("--size", type=int, required=True, metavar="N")
    sample.add_argument("--seed", type=int, required=True, metavar="S")
    sample.add_argument("--by", metavar="COLUMN", help="stratify (proportionally) by this column")
    sample.add_argument(
        "--exclude-audited-within",
        type=int,
        default=365,
        metavar="DAYS",
        help="leave out cases whose 'Last audited' column is within DAYS days (default 365; 0 "
        "keeps all); the list's own column, so every laptop draws the same sample",
    )
    sample.set_defaults(handler=cmd_sample)

    audits = subparsers.add_parser("audits", help="case-file audits")
    actions = audits.add_subparsers(dest="audits_command", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="one row per audit, every answer a column")
    export.add_argument("--visit", type=int, required=True, metavar="ID")
    export.add_argument("--format", choices=EXPORT_FORMATS, metavar="csv|xlsx")
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.set_defaults(handler=cmd_audits_export)
    from desktop_app.commands.team_cmd import register_audit_actions

    register_audit_actions(actions)


def cmd_sample(context: CommandContext) -> int:
    from audit_tool import CaseListError, SamplingError, draw_sample, read_case_list, sample_to_csv
    from audit_tool.audit_register import last_audited_from_list

    args = context.args
    if not args.cases.is_file():
        raise UserError(f"There is no file {args.cases}; give the path of the exported case list.")
    try:
        case_list = read_case_list(args.cases, args.sheet, keep_worker_names=args.keep_worker_names)
        last_audited = last_audited_from_list(case_list.rows) if args.exclude_audited_within else {}
        result = draw_sample(
            case_list.rows,
            args.size,
            args.seed,
            by=args.by,
            last_audited=last_audited,
            exclude_within_days=args.exclude_audited_within,
        )
    except (CaseListError, SamplingError) as exc:
        raise UserError(str(exc)) from exc
    sys.stdout.write(sample_to_csv(result, case_list.columns))
    print(
        f"Drew {len(result.chosen)} of {len(case_list.rows)} cases with seed {result.seed}"
        + (f", stratified by '{result.by}'." if result.by else "."),
        file=sys.stderr,
    )
    for stratum, (population, places) in result.strata.items():
        print(f"  {stratum}: {places} of {population}", file=sys.stderr)
    for note in result.notes:
        print(note, file=sys.stderr)
    for note in case_list.notes:
        print(note, file=sys.stderr)
    if case_list.cohort is not None:
        from audit_tool.annex_a import COHORT_LABELS

        cohort = COHORT_LABELS.get(case_list.cohort, case_list.cohort.value)
        print(f"Cohort from {case_list.sheet}: {cohort}", file=sys.stderr)
    if case_list.dropped_columns:
        print(
            "Columns left out (not needed for the audit): " + ", ".join(case_list.dropped_columns),
            file=sys.stderr,
        )
    return 0


def cmd_audits_export(context: CommandContext) -> int:
    args = context.args
    out: Path = args.out
    fmt = args.format or out.suffix.lower().lstrip(".")
    if fmt not in EXPORT_FORMATS:
        raise UserError("Say --format csv or --format xlsx (or name the file .csv or .xlsx).")
    context.app.reader()  # creates or migrates the database first
    count = export_audits(context.app, args.visit, fmt, out)
    print(f"Wrote {count} audit(s) to {out}", file=sys.stderr)
    return 0
