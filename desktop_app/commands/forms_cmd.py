"""`forms list|check|preview|install|export|move-draft`: form templates, shipped and the
council's own (YAML or XLSForm workbooks)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from desktop_app.commands.context import CommandContext, print_json, print_table
from desktop_app.errors import UserError

if TYPE_CHECKING:
    from desktop_app.app.context import AppContext

T = TypeVar("T")


def register(subparsers: Any) -> None:
    forms = subparsers.add_parser(
        "forms", help="form templates: list, check, preview, install, export, move a draft"
    )
    actions = forms.add_subparsers(dest="forms_action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="the shipped and installed templates")
    listing.add_argument("--json", action="store_true", help="a JSON array instead of a table")
    listing.set_defaults(handler=cmd_forms_list)

    check = actions.add_parser(
        "check", help="validate template files, YAML or XLSX (file:line: problem)"
    )
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

    install = actions.add_parser(
        "install",
        help="check a template (YAML, XLSForm .xlsx, or a signed .cfbundle) and install it",
    )
    install.add_argument("file", metavar="FILE", type=Path)
    install.set_defaults(handler=cmd_forms_install)

    export = actions.add_parser("export", help="write a template as an XLSForm workbook")
    export.add_argument("form_id", metavar="ID")
    export.add_argument("--version", type=int, help="a version (default: the current one)")
    export.add_argument("--format", choices=["xlsx"], default="xlsx")
    export.add_argument("--out", metavar="FILE", type=Path, required=True)
    export.set_defaults(handler=cmd_forms_export)

    share = actions.add_parser(
        "share", help="write a template into a signed bundle for other councils"
    )
    share.add_argument("form_id", metavar="ID")
    share.add_argument("--version", type=int, help="a version (default: the current one)")
    share.add_argument("--out", metavar="FILE", type=Path, required=True)
    share.add_argument(
        "--encrypt-to",
        metavar="CARD",
        type=Path,
        action="append",
        default=[],
        help="a recipient's key card (repeat for several)",
    )
    share.set_defaults(handler=cmd_forms_share)

    move = actions.add_parser(
        "move-draft", help="move a self-assessment draft to a newer version of its template"
    )
    move.add_argument("--assessment", type=int, required=True, metavar="ID")
    move.add_argument("--to-version", type=int, required=True, metavar="N")
    move.add_argument(
        "--dry-run", action="store_true", help="say what would carry over, map and drop"
    )
    move.add_argument("--by", default="", help="who is moving it (default: the user name)")
    move.set_defaults(handler=cmd_forms_move_draft)


def _run(context: CommandContext, operation: Callable[[AppContext], T]) -> T:
    """Run an app operation on this home; a refused template's problems go to stderr first."""
    from desktop_app.app.context import AppContext
    from desktop_app.app.templates import TemplateRefused

    app = AppContext(context.home)
    try:
        return operation(app)
    except TemplateRefused as refused:
        for problem in refused.problems:
            print(problem, file=sys.stderr)
        raise
    finally:
        app.close()


def cmd_forms_list(context: CommandContext) -> int:
    from desktop_app.app.templates import list_templates

    templates = _run(context, list_templates)
    rows = [
        {
            "id": row.form_id,
            "version": row.version,
            "title": row.title,
            "questions": row.questions,
            "sections": row.sections,
            "from": row.origin,
            "current": row.current,
        }
        for row in templates
    ]
    if context.args.json:
        print_json(rows)
    else:
        table = [{**row, "current": "yes" if row["current"] else ""} for row in rows]
        print_table(table, ["id", "version", "title", "questions", "sections", "from", "current"])
    return 0


def cmd_forms_check(context: CommandContext) -> int:
    from forms import TemplateError
    from forms.template_files import load_template_file

    failed = False
    for path in context.args.files:
        try:
            definition, _kind, _data = load_template_file(path)
        except TemplateError as error:
            failed = True
            for problem in error.problems:
                print(str(problem), file=sys.stderr)
            continue
        print(f"{path}: ok ({definition.question_count()} questions)")
    return 1 if failed else 0


def cmd_forms_preview(context: CommandContext) -> int:
    from forms import TemplateError
    from forms.template_files import load_template_file

    args = context.args
    try:
        definition, _kind, _data = load_template_file(args.file)
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


def cmd_forms_install(context: CommandContext) -> int:
    from desktop_app.app.templates import InstallTemplate, install_template

    context.lock_home()
    if context.args.file.suffix.lower() == ".cfbundle":
        return _install_from_bundle(context)
    result = _run(context, lambda app: install_template(app, InstallTemplate(context.args.file)))
    what = (
        f"{result.form_id} version {result.version} ({result.title}, {result.questions} questions)"
    )
    if not result.new:
        print(f"{what} was already installed; nothing changed.")
    elif result.supersedes is not None and result.supersedes < result.version:
        print(f"Installed {what}; new records use it instead of version {result.supersedes}.")
    else:
        print(f"Installed {what}.")
    return 0


def _install_from_bundle(context: CommandContext) -> int:
    from desktop_app.app.templates import install_from_bundle
    from desktop_app.commands.keys_cmd import age_secret

    path: Path = context.args.file
    if not path.is_file():
        raise UserError(f"There is no file {path}.")
    done = _run(context, lambda app: install_from_bundle(app, path, age_secret(context)))
    for result in done.installed:
        state = "installed" if result.new else "already installed"
        print(
            f"{result.form_id} version {result.version} ({result.title}) from "
            f"{done.organisation}: {state}."
        )
    return 0


def cmd_forms_share(context: CommandContext) -> int:
    from desktop_app.app.templates import ShareTemplate, share_template
    from desktop_app.commands.keys_cmd import load_identity, read_card

    args = context.args
    cards = tuple(read_card(path) for path in args.encrypt_to)
    context.lock_home()
    identity = load_identity(context)
    request = ShareTemplate(args.form_id, args.out, args.version, cards)
    shared = _run(context, lambda app: share_template(app, request, identity))
    print(f"Signed bundle written to {shared.path}")
    print(f"  contains:  form template {shared.form_id} version {shared.version}")
    print(f"  signed by: {identity.public_line.split(' ', 2)[-1]} ({identity.fingerprint})")
    print(f"  SHA-256:   {shared.sha256}")
    return 0


def cmd_forms_export(context: CommandContext) -> int:
    from desktop_app.app.templates import ExportTemplate, export_template

    args = context.args
    request = ExportTemplate(args.form_id, args.out, args.version)
    result = _run(context, lambda app: export_template(app, request))
    print(f"Wrote {result.form_id} version {result.version} to {result.path}")
    return 0


def cmd_forms_move_draft(context: CommandContext) -> int:
    import getpass

    from desktop_app.app.templates import (
        MoveDraft,
        move_draft,
        preview_move_draft,
    )

    args = context.args
    if not args.dry_run:
        context.lock_home()
    if args.dry_run:
        upgrade = _run(
            context, lambda app: preview_move_draft(app, args.assessment, args.to_version)
        )
    else:
        request = MoveDraft(args.assessment, args.to_version, args.by or getpass.getuser())
        upgrade = _run(context, lambda app: move_draft(app, request)).upgrade
    verb = "would move" if args.dry_run else "moved"
    print(
        f"Self-assessment {upgrade.assessment_id} {verb} from version {upgrade.from_version} "
        f"to version {upgrade.to_version} of '{upgrade.form_id}'."
    )
    for title, items in (
        ("Carried over", upgrade.carried),
        ("Mapped", upgrade.mapped),
        ("Dropped (kept in the change log)", upgrade.dropped),
    ):
        print(f"{title}: {len(items)}")
        for item in items:
            reason = f" ({item.reason})" if item.reason else ""
            print(f"  - {item.old_label}{reason}")
    return 0
