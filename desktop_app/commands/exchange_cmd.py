"""Signed bundles on the command line: export, verify, import (keys and trust: keys_cmd).

Exit codes: 0 done (verify: valid and trusted) · 1 invalid or refused (names the file and check)
· 2 bad usage or input · 3 valid but the signer is not trusted (prints the fingerprint).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.commands.context import CommandContext
from desktop_app.commands.keys_cmd import age_secret, load_identity, read_card
from desktop_app.errors import EXIT_INVALID, EXIT_UNTRUSTED, UserError

if TYPE_CHECKING:
    from desktop_app.app.keys import KeyCard


def register(subparsers: Any) -> None:
    export = subparsers.add_parser("export", help="write a signed bundle for peers")
    export.add_argument("--assessment", type=int, action="append", default=[], metavar="ID")
    export.add_argument("--visit", type=int, action="append", default=[], metavar="ID")
    export.add_argument(
        "--encrypt-to", type=Path, action="append", default=[], metavar="CARD", dest="encrypt_to"
    )
    export.add_argument(
        "--include-case-notes",
        action="store_true",
        help="include free-text case evidence (left out by default)",
    )
    export.add_argument(
        "--include-draft",
        action="store_true",
        help="share a draft self-assessment's current answers (normally only frozen ones go)",
    )
    export.add_argument(
        "--allow-flagged",
        action="store_true",
        help="export even though the personal-data check flagged something",
    )
    export.add_argument("--no-reports", action="store_true", help="leave out the PDF reports")
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.set_defaults(handler=cmd_export)

    verify = subparsers.add_parser("verify", help="check a bundle's signature and every file")
    verify.add_argument("file", metavar="FILE", type=Path)
    verify.add_argument("--pubkey", type=Path, metavar="FILE", help="the key it must be signed by")
    verify.set_defaults(handler=cmd_verify)

    importing = subparsers.add_parser("import", help="verify a bundle and store it read-only")
    importing.add_argument("file", metavar="FILE", type=Path)
    importing.add_argument(
        "--keep-untrusted",
        action="store_true",
        dest="keep_untrusted",
        help="keep a bundle whose signer you do not trust yet (shown as from an unknown signer)",
    )
    importing.set_defaults(handler=cmd_import)


# export, verify, import --------------------------------------------------------------------


def cmd_export(context: CommandContext) -> int:
    from desktop_app.app.exports import ExportContentError, ExportRequest, prepare_export

    args: argparse.Namespace = context.args
    if not args.assessment and not args.visit:
        raise UserError("Say what to export: --assessment ID and/or --visit ID.")
    out: Path = args.out
    if not out.parent.is_dir():
        raise UserError(f"The folder {out.parent} does not exist; choose where to save the bundle.")
    cards = [read_card(path) for path in args.encrypt_to]
    context.lock_home()
    request = ExportRequest(
        assessment_ids=tuple(args.assessment),
        visit_ids=tuple(args.visit),
        include_case_notes=args.include_case_notes,
        include_drafts=args.include_draft,
        with_reports=not args.no_reports,
    )
    try:
        prepared = prepare_export(context.app, request)
    except ExportContentError as error:
        raise UserError(str(error)) from None
    return write_prepared(context, prepared, out, cards, allow_flagged=args.allow_flagged)


def write_prepared(
    context: CommandContext,
    prepared: Any,
    out: Path,
    cards: list[KeyCard],
    *,
    allow_flagged: bool,
) -> int:
    """Refuse on personal-data findings (unless allowed), then sign, encrypt, write and log."""
    from desktop_app.app.exports import ExportContentError, write_signed_export

    if prepared.findings and not allow_flagged:
        print(
            f"The personal-data check found {len(prepared.findings)} thing(s) that may "
            "identify someone:",
            file=sys.stderr,
        )
        for finding in prepared.findings:
            print(f"  {finding.where}: {finding.kind}: “{finding.excerpt}”", file=sys.stderr)
        raise UserError(
            "Nothing was exported. Remove these from the records (or use the export wizard "
            "to remove them), or pass --allow-flagged if you are sure they may leave.",
            exit_code=EXIT_INVALID,
        )
    try:
        identity = load_identity(context)
        result = write_signed_export(context.app, prepared, identity, out, [], cards=cards)
    except ExportContentError as error:
        raise UserError(str(error)) from None
    except OSError as error:  # reading the identity's key files
        from desktop_app.home import describe_os_error

        raise UserError(describe_os_error(error, context.home.root)) from None
    print(f"Signed bundle written to {result.path}")
    print(f"  contains:  {prepared.what}")
    print(f"  signed by: {identity.public_line.split(' ', 2)[-1]} ({identity.fingerprint})")
    print(f"  sequence:  {result.sequence}")
    print(f"  SHA-256:   {result.file_sha256}")
    if prepared.in_response_to:
        print(f"  answers:   {prepared.in_response_to[:16]}… (In-Response-To)")
    if result.encrypted_for:
        print(f"  encrypted for: {', '.join(result.encrypted_for)}")
    if prepared.findings:
        print(f"  personal-data findings allowed: {len(prepared.findings)}")
    return 0


def _bundle_failure(error: Exception) -> UserError:
    from desktop_app.app.bundles import import_failure, refusals
    from desktop_app.plain_text import visible

    invalid, _refused = refusals()
    if isinstance(error, invalid):
        failure = import_failure(error)
        where = f" (file: {visible(failure.inside)}" if failure.inside else " ("
        return UserError(
            f"INVALID: {visible(failure.message)}{where}{'; ' if failure.inside else ''}"
            f"check: {failure.check})",
            exit_code=EXIT_INVALID,
        )
    check = getattr(error, "check", "")
    if check == "unknown-signer":
        return UserError(f"NOT TRUSTED: {visible(error)}", exit_code=EXIT_UNTRUSTED)
    suffix = f" (check: {check})" if check else ""
    return UserError(f"REFUSED: {visible(error)}{suffix}", exit_code=EXIT_INVALID)


def cmd_verify(context: CommandContext) -> int:
    from desktop_app.app.bundles import refusals, verify_bundle
    from desktop_app.plain_text import visible

    args: argparse.Namespace = context.args
    if not args.file.is_file():
        raise UserError(f"There is no file {args.file}.")
    pubkey = read_card(args.pubkey) if args.pubkey else None
    try:
        bundle = verify_bundle(
            context.app, args.file, age_secret=age_secret(context), pubkey=pubkey
        )
    except refusals() as error:
        raise _bundle_failure(error) from None
    files = "its one file checks" if bundle.files == 1 else f"all {bundle.files} files check"
    print(f"Valid: the signature and {files} out.")
    # with --pubkey the key card given vouches for the signer, not the trust store
    vouched = "the key card you gave" if pubkey is not None else "your trust store"
    if bundle.trust == "trusted":
        print(f"  from:        {visible(bundle.organisation)} ({vouched})")
        print(f"  signed by:   {visible(bundle.signer_name)}")
    else:
        print(
            f"  from:        unknown signer; the bundle claims “{visible(bundle.claimed_organisation)}”"
        )
        print(f"  signed by:   (claims) {visible(bundle.signer_comment)}")
    print(f"  fingerprint: {bundle.fingerprint}")
    print(f"  bundle:      {visible(bundle.bundle_type)}, sequence {bundle.sequence}")
    if bundle.trust == "trusted":
        print(
            "  signer:      the key on the card you gave (trusting it is 'keys trust CARD')"
            if pubkey is not None
            else "  signer:      trusted"
        )
        return 0
    if bundle.trust == "changed":
        print(
            f"REFUSED: {visible(bundle.known_organisation)} is trusted with a different key "
            f"({bundle.known_fingerprint}); this one is {bundle.fingerprint}. Ask them whether "
            "they changed their key before replacing it.",
            file=sys.stderr,
        )
        return EXIT_INVALID
    print(
        f"Not trusted: the signer's key {bundle.fingerprint} is not in your trust store. "
        "Compare it with the sender, then 'critical-friend keys trust THEIR-KEY-CARD'.",
        file=sys.stderr,
    )
    return EXIT_UNTRUSTED


def _what_was_stored(context: CommandContext, bundle_id: int, records: int) -> str:
    """The line after "Imported bundle N": the read-only records kept or, for a response or a
    reply (which carry no records), its challenge notes and the command that shows them."""
    if records:
        return f"  {records} read-only record(s) stored."
    from desktop_app.app.challenge_notes import challenge_note_rows

    notes = challenge_note_rows(context.app, bundle_id)
    if not notes:
        return "  Nothing else to store: it holds no records and no challenge notes."
    answered = sum(1 for note in notes if note["accepted"] is not None)
    received = sum(1 for note in notes if note["direction"] == "received")
    if received:
        return (
            f"  {received} challenge note(s) on our work, to answer: "
            f"'critical-friend challenge list --bundle {bundle_id}', then "
            "'critical-friend challenge answer --note ID ...'."
        )
    return (
        f"  Answers to {answered} of our {len(notes)} challenge note(s): "
        f"'critical-friend challenge list --bundle {bundle_id}'."
    )


def cmd_import(context: CommandContext) -> int:
    from desktop_app.app.bundles import open_bundle, refusals
    from desktop_app.app.team import TeamBundleImported
    from desktop_app.plain_text import visible

    args: argparse.Namespace = context.args
    if not args.file.is_file():
        raise UserError(f"There is no file {args.file}.")
    context.lock_home()
    try:
        result = open_bundle(
            context.app,
            args.file,
            age_secret=age_secret(context),
            keep_untrusted=args.keep_untrusted,
        )
    except refusals() as error:
        raise _bundle_failure(error) from None
    except OSError as error:
        from desktop_app.home import describe_os_error

        raise UserError(describe_os_error(error, context.home.root)) from None
    if isinstance(result, TeamBundleImported):
        from desktop_app.commands.team_cmd import print_team_import

        return print_team_import(result)
    title, organisation = visible(result.title), visible(result.organisation)
    if result.already_imported:
        print(f"Already imported as bundle {result.bundle_id} ({title}); nothing changed.")
    else:
        print(f"Imported bundle {result.bundle_id}: {title}, from {organisation}.")
        print(_what_was_stored(context, result.bundle_id, len(result.record_ids)))
    claimed = "" if result.trusted else "(claims) "
    print(f"  signed by: {claimed}{visible(result.signer_comment)} ({result.fingerprint})")
    if result.flagged_older:
        print(
            "WARNING: this bundle is older than one already imported signed by the same key.",
            file=sys.stderr,
        )
    if not result.trusted:
        print(
            f"Not trusted: {result.fingerprint} is not in your trust store; the bundle is shown "
            "as from an unknown signer until you trust the key.",
            file=sys.stderr,
        )
        return EXIT_UNTRUSTED
    return 0
