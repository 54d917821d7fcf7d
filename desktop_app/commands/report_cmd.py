"""`critical-friend report (--assessment ID | --visit ID | --audit ID | --bundle ID) --out FILE.pdf`."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

from desktop_app.commands.context import CommandContext
from desktop_app.errors import UserError

# kind -> "module:function"; each function is write_<kind>_report(database, id, out, progress=None) -> Path.
REPORT_KINDS: dict[str, str] = {
    "bundle": "desktop_app.reports.challenge_report:write_challenge_report",
    "assessment": "desktop_app.reports.assessment_report:write_assessment_report",
    "visit": "desktop_app.reports.visit_report:write_visit_report",
    "audit": "desktop_app.reports.audit_report:write_audit_report",
}


def report_writer(kind: str) -> Any:
    module_name, function_name = REPORT_KINDS[kind].split(":")
    return getattr(importlib.import_module(module_name), function_name)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("report", help="write a PDF report")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--assessment", type=int, metavar="ID", help="a self-assessment")
    which.add_argument("--visit", type=int, metavar="ID", help="a visit's findings")
    which.add_argument("--audit", type=int, metavar="ID", help="one filled audit")
    which.add_argument(
        "--bundle", type=int, metavar="ID", help="challenge feedback on an imported bundle"
    )
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    parser.set_defaults(handler=cmd_report)


def cmd_report(context: CommandContext) -> int:
    args = context.args
    kind, record_id = next(
        (name, getattr(args, name))
        for name in ("assessment", "visit", "audit", "bundle")
        if getattr(args, name) is not None
    )
    if kind not in REPORT_KINDS:
        raise UserError(f"This version of Critical Friend cannot write {kind} reports yet.")
    out: Path = args.out
    if out.suffix.lower() != ".pdf":
        raise UserError(f"{out} should end in .pdf; choose a PDF file name.")
    try:
        written = report_writer(kind)(context.database, record_id, out)
    except LookupError as exc:
        raise UserError(
            f"There is no {kind} with id {record_id}; see 'critical-friend list'."
        ) from exc
    except OSError as exc:
        raise UserError(
            f"Could not write {out} ({exc.strerror or exc}); choose another place."
        ) from exc
    print(written, file=sys.stdout)
    return 0
