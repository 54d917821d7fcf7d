"""`forms list`, `forms check FILE...`, `forms preview FILE --out PNG`: form templates."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from desktop_app.commands.context import CommandContext, print_json, print_table
from desktop_app.errors import UserError


def register(subparsers: Any) -> None:
    forms = subparsers.add_parser("forms", help="form templates: list, check, preview")
    actions = forms.add_subparsers(dest="forms_action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="the templates shipped with Critical Friend")
    listing.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    listing.set_defaults(handler=cmd_forms_list)

    check = actions.add_parser("check", help="validate template files (file:line: problem)")
    check.add_argument("files", metavar="FILE", nargs="+", type=Path)
    check.set_defaults(handler=cmd_forms_check)

    preview = actions.add_parser("preview", help="render a template to PNG (offscreen)")
    preview.add_argument("file", metavar="FILE", type=Path)
    preview.add_argument("--out", metavar="PNG", type=Path, required=True)
    preview.add_argument(
        "--all-sections",
        action="store_true",
        help="every section one under another (default: the first section at full height)",
    )
    preview.set_defaults(handler=cmd_forms_preview)


def cmd_forms_list(context: CommandContext) -> int:
    from forms import shipped_templates

    rows = [
        {
            "id": definition.id,
            "version": definition.version,
            "title": definition.title,
            "questions": definition.question_count(),
            "sections": len(definition.sections),
        }
        for definition in shipped_templates()
    ]
    if context.args.json:
        print_json(rows)
    else:
        print_table(rows, ["id", "version", "title", "questions", "sections"])
    return 0


def cmd_forms_check(context: CommandContext) -> int:
    from forms import TemplateError, load_template

    failed = False
    for path in context.args.files:
        try:
            definition = load_template(path)
        except TemplateError as error:
            failed = True
            for problem in error.problems:
                print(str(problem), file=sys.stderr)
            continue
        print(f"{path}: ok ({definition.question_count()} questions)")
    return 1 if failed else 0


def cmd_forms_preview(context: CommandContext) -> int:
    from forms import TemplateError, load_template

    args = context.args
    try:
        definition = load_template(args.file)
    except TemplateError as error:
        for problem in error.problems:
            print(str(problem), file=sys.stderr)
        return 1
    out: Path = args.out
    if out.suffix.lower() != ".png":
        raise UserError(f"{out} should end in .png; give a PNG file name with --out.")
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop_app.ui.application import ensure_application
    from desktop_app.ui.form import render_preview_png

    ensure_application()
    try:
        render_preview_png(definition, out, all_sections=args.all_sections)
    except OSError as error:
        raise UserError(f"Could not write {out} ({error}); choose another file.") from error
    print(out)
    return 0
