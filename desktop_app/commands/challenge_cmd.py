"""Peer challenge on the command line: `challenge add|list|answer` and `respond`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop_app.commands.context import CommandContext, print_json, print_table
from desktop_app.errors import UserError


def register(subparsers: Any) -> None:
    challenge = subparsers.add_parser("challenge", help="challenge notes on a peer's bundle")
    verbs = challenge.add_subparsers(dest="verb", metavar="VERB", required=True)

    add = verbs.add_parser(
        "add", help="add a note on a section (or, without --section, the summary)"
    )
    add.add_argument("--bundle", type=int, required=True, metavar="ID")
    add.add_argument(
        "--section", default="", metavar="S", help="a section id of the bundle's self-assessment"
    )
    add.add_argument("--text", required=True, metavar="T")
    add.add_argument(
        "--line-of-enquiry",
        action="store_true",
        help="propose it as a line of enquiry for the visit",
    )
    add.add_argument(
        "--needs-answer", action="store_true", help="a question the council should answer"
    )
    add.add_argument(
        "--rag", choices=["red", "amber", "green"], default="", help="your RAG view of the section"
    )
    add.set_defaults(handler=cmd_add)

    listing = verbs.add_parser("list", help="the notes on a bundle, or every note received on ours")
    which = listing.add_mutually_exclusive_group(required=True)
    which.add_argument("--bundle", type=int, metavar="ID")
    which.add_argument("--received", action="store_true")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)

    answer = verbs.add_parser(
        "answer", help="accept (or not) a note received on our self-assessment"
    )
    answer.add_argument("--note", type=int, required=True, metavar="ID")
    decision = answer.add_mutually_exclusive_group(required=True)
    decision.add_argument(
        "--accept", action="store_true", help="accepted into the improvement plan"
    )
    decision.add_argument("--decline", action="store_true", help="not accepted (say why in --text)")
    answer.add_argument("--text", default="", metavar="T", help="our answer")
    answer.set_defaults(handler=cmd_answer)

    respond = subparsers.add_parser(
        "respond", help="write our signed response (the challenge notes) to a peer's bundle"
    )
    respond.add_argument("--bundle", type=int, required=True, metavar="ID")
    respond.add_argument(
        "--encrypt-to",
        action="append",
        default=[],
        type=Path,
        metavar="CARD",
        help="encrypt for the council whose key card this is (repeatable)",
    )
    respond.add_argument(
        "--allow-flagged",
        action="store_true",
        help="send even if the personal-data check flags something",
    )
    respond.add_argument(
        "--no-reports", action="store_true", help="leave the challenge feedback PDF out"
    )
    respond.add_argument("--out", type=Path, required=True, metavar="FILE")
    respond.set_defaults(handler=cmd_respond)


def _author(context: CommandContext) -> tuple[str, str]:
    from desktop_app.store.repositories.organisations import home_organisation
    from desktop_app.store.repositories.settings import CURRENT_USER, get_setting

    with context.database.session() as session:
        home = home_organisation(session)
        return str(get_setting(session, CURRENT_USER, "") or "Reviewer"), home.name if home else ""


def cmd_add(context: CommandContext) -> int:
    from desktop_app.store.repositories.challenge import ChallengeError, add_note

    args: argparse.Namespace = context.args
    context.lock_home()
    author, organisation = _author(context)
    try:
        with context.database.session() as session:
            note = add_note(
                session,
                args.bundle,
                args.text,
                author=author,
                organisation=organisation,
                section_id=args.section,
                rag=args.rag,
                line_of_enquiry=args.line_of_enquiry,
                needs_answer=args.needs_answer,
            )
            note_id = note.id
    except ChallengeError as error:
        raise UserError(str(error)) from error
    print(f"Added challenge note {note_id} on bundle {args.bundle}.")
    return 0


def cmd_list(context: CommandContext) -> int:
    from desktop_app.store.repositories.challenge import (
        note_to_json,
        notes_on_bundle,
        received_note_signer,
        received_notes,
    )

    args: argparse.Namespace = context.args
    with context.database.session() as session:
        notes = received_notes(session) if args.received else notes_on_bundle(session, args.bundle)
        rows = [
            {
                "id": note.id,
                "bundle_id": note.bundle_id,
                "direction": note.direction,
                **note_to_json(note),
                "accepted": note.accepted,
                "answer": note.answer,
                **(
                    received_note_signer(session, note.bundle_id)
                    if note.direction == "received"
                    else {}
                ),
            }
            for note in notes
        ]
    if args.json:
        print_json(rows)
    else:
        columns = ["id", "section_id", "rag", "line_of_enquiry", "needs_answer", "text", "accepted"]
        if args.received:
            columns[1:1] = ["organisation", "signer_trusted"]
        print_table(rows, columns)
    return 0


def cmd_answer(context: CommandContext) -> int:
    from desktop_app.store.repositories.challenge import ChallengeError, answer_note

    args: argparse.Namespace = context.args
    context.lock_home()
    try:
        with context.database.session() as session:
            answer_note(session, args.note, accepted=bool(args.accept), answer=args.text)
    except ChallengeError as error:
        raise UserError(str(error)) from error
    print(f"Challenge note {args.note}: {'accepted' if args.accept else 'not accepted'}.")
    return 0


def cmd_respond(context: CommandContext) -> int:
    from desktop_app.commands.exchange_cmd import write_prepared
    from desktop_app.commands.keys_cmd import read_card
    from desktop_app.exchange.bundle_document import ExportContentError
    from desktop_app.exchange.respond import prepare_response

    args: argparse.Namespace = context.args
    out: Path = args.out
    if not out.parent.is_dir():
        raise UserError(
            f"The folder {out.parent} does not exist; choose where to save the response."
        )
    cards = [read_card(path) for path in args.encrypt_to]
    context.lock_home()
    try:
        prepared = prepare_response(context.database, args.bundle, with_report=not args.no_reports)
    except ExportContentError as error:
        raise UserError(str(error)) from None
    return write_prepared(context, prepared, out, cards, allow_flagged=args.allow_flagged)
