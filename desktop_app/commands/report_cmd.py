"""`critical-friend report (--assessment ID | --visit ID | --audit ID | --bundle ID) --out FILE.pdf`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from desktop_app.app.reports import ReportKind, write_report
from desktop_app.commands.context import CommandContext


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
    written = write_report(context.app, ReportKind(kind), record_id, args.out)
    print(written.path, file=sys.stdout)
    return 0
