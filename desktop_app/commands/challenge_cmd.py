"""Peer challenge on the command line: `challenge add|list|answer|reply` and `respond`."""

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
    answer.add_argument(
        "--text", default="", metavar="T", help="our answer (declining needs the reason here)"
    )
    linked = answer.add_mutually_exclusive_group()
    linked.add_argument(
        "--action", type=int, metavar="ID", help="accepted into this existing plan action"
    )
    linked.add_argument(
        "--new-action", metavar="WHAT", help="accepted into a new plan action that does WHAT"
    )
    answer.add_argument("--owner", metavar="NAME", help="the new action's owner (default: you)")
    answer.add_argument("--due", metavar="DATE", help="the new action's due date (YYYY-MM-DD)")
    answer.set_defaults(handler=cmd_answer)

    reply = verbs.add_parser(
        "reply",
        help="write our signed reply to a peer's challenge response: each note's answer and the "
        "plan action that follows",
    )
    reply.add_argument(
        "--bundle", type=int, required=True, metavar="ID", help="the peer's response bundle"
    )
    reply.add_argument(
        "--encrypt-to",
        action="append",
        default=[],
        type=Path,
        metavar="CARD",
        help="encrypt for the council whose key card this is (repeatable)",
    )
    reply.add_argument(
        "--allow-flagged",
        action="store_true",
        help="send even if the personal-data check flags something",
    )
    reply.add_argument("--out", type=Path, required=True, metavar="FILE")
    reply.set_defaults(handler=cmd_reply)

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
    """The signing identity's name and council (never a placeholder such as "Reviewer")."""
    from desktop_app.app.people import current_person

    person = current_person(context.app)
    return person.name, person.council


def cmd_add(context: CommandContext) -> int:
    from desktop_app.app.challenge import NoteRequest, save_note

    args: argparse.Namespace = context.args
    context.lock_home()
    author, organisation = _author(context)
    request = NoteRequest(
        args.bundle,
        args.text,
        author,
        organisation,
        section_id=args.section,
        rag=args.rag,
        line_of_enquiry=args.line_of_enquiry,
        needs_answer=args.needs_answer,
    )
    try:
        note_id = save_note(context.app, request).note_id
    except ValueError as error:  # ChallengeError: one sentence saying what to change
        raise UserError(str(error)) from error
    print(f"Added challenge note {note_id} on bundle {args.bundle}.")
    return 0


def cmd_list(context: CommandContext) -> int:
    from desktop_app.app.challenge_notes import challenge_note_rows

    args: argparse.Namespace = context.args
    rows = challenge_note_rows(context.app, None if args.received else args.bundle)
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            row["action"] = (row["action"] or {}).get("what", "")
        columns = ["id", "section_id", "rag", "author", "text", "accepted", "answer", "action"]
        if args.received:
            columns[1:1] = ["organisation", "signer_trusted"]
        print_table(rows, columns)
    return 0


def cmd_answer(context: CommandContext) -> int:
    from desktop_app.app.challenge_answers import AnswerChallengeNote, answer_challenge_note
    from desktop_app.app.plan import parse_due

    args: argparse.Namespace = context.args
    context.lock_home()
    result = answer_challenge_note(
        context.app,
        AnswerChallengeNote(
            note_id=args.note,
            accepted=bool(args.accept),
            text=args.text,
            action_id=args.action,
            new_action=args.new_action or "",
            owner=args.owner or "",
            due=parse_due(args.due) if args.due else None,
        ),
    )
    words = "accepted into the improvement plan" if result.accepted else "declined"
    print(f"Challenge note {args.note}: {words}.")
    if result.action_id is not None:
        made = "new action" if result.action_created else "linked to action"
        print(f"  {made} {result.action_id} (see 'critical-friend plan list').")
    if result.previous and result.previous != ("accepted" if result.accepted else "declined"):
        print(f"  It was {result.previous} before; the earlier answer is kept in its history.")
    return 0


def cmd_reply(context: CommandContext) -> int:
    from desktop_app.app.challenge_reply import prepare_reply
    from desktop_app.commands.exchange_cmd import write_prepared
    from desktop_app.commands.keys_cmd import read_card

    args: argparse.Namespace = context.args
    out: Path = args.out
    if not out.parent.is_dir():
        raise UserError(f"The folder {out.parent} does not exist; choose where to save the reply.")
    cards = [read_card(path) for path in args.encrypt_to]
    context.lock_home()
    prepared = prepare_reply(context.app, args.bundle)
    return write_prepared(context, prepared, out, cards, allow_flagged=args.allow_flagged)


def cmd_respond(context: CommandContext) -> int:
    from desktop_app.app.exports import ExportContentError, prepare_response
    from desktop_app.commands.exchange_cmd import write_prepared
    from desktop_app.commands.keys_cmd import read_card

    args: argparse.Namespace = context.args
    out: Path = args.out
    if not out.parent.is_dir():
        raise UserError(
            f"The folder {out.parent} does not exist; choose where to save the response."
        )
    cards = [read_card(path) for path in args.encrypt_to]
    context.lock_home()
    try:
        prepared = prepare_response(context.app, args.bundle, with_report=not args.no_reports)
    except ExportContentError as error:
        raise UserError(str(error)) from None
    return write_prepared(context, prepared, out, cards, allow_flagged=args.allow_flagged)
