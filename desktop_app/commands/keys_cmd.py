"""Your signing identity and the keys you trust: `keys init|show|export-public|trust`.

The private key lives in the system keyring; where none is usable, in a passphrase-encrypted key
file (the passphrase from the terminal, or CRITICAL_FRIEND_PASSPHRASE when there is none).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.commands.context import CommandContext, print_table
from desktop_app.errors import EXIT_INVALID, UserError

if TYPE_CHECKING:
    from desktop_app.app.keys import Identity, KeyCard

PASSPHRASE_ENV = "CRITICAL_FRIEND_PASSPHRASE"


def register(subparsers: Any) -> None:
    keys = subparsers.add_parser("keys", help="your signing identity and the keys you trust")
    keys_sub = keys.add_subparsers(dest="keys_command", metavar="KEYS_COMMAND", required=True)
    init = keys_sub.add_parser("init", help="make your Ed25519 signing identity")
    init.add_argument("--name", required=True, help="your name, as peers will see it")
    init.add_argument("--org", required=True, help="your council")
    init.add_argument(
        "--replace", action="store_true", help="replace an existing identity (peers must re-trust)"
    )
    init.set_defaults(handler=cmd_keys_init)
    show = keys_sub.add_parser("show", help="your fingerprint, where the key is kept, trusted keys")
    show.set_defaults(handler=cmd_keys_show)
    export_public = keys_sub.add_parser("export-public", help="write your key card for peers")
    export_public.add_argument("file", metavar="FILE", type=Path)
    export_public.set_defaults(handler=cmd_keys_export_public)
    trust = keys_sub.add_parser("trust", help="trust a peer's key card after comparing it")
    trust.add_argument("file", metavar="FILE", type=Path)
    trust.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    trust.add_argument(
        "--replace",
        action="store_true",
        help="replace the key already trusted for that council (only after checking with them)",
    )
    trust.set_defaults(handler=cmd_keys_trust)


# passphrases and identity ------------------------------------------------------------------


def _has_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def ask_passphrase(*, confirm: bool = False) -> str:
    """From the terminal when there is one, else from CRITICAL_FRIEND_PASSPHRASE."""
    if _has_terminal():
        first = getpass.getpass("Passphrase for your signing key: ")
        if confirm and getpass.getpass("The same passphrase again: ") != first:
            raise UserError("The two passphrases differ; run the command again.")
        if not first:
            raise UserError("An empty passphrase cannot protect a key; choose one.")
        return first
    value = os.environ.get(PASSPHRASE_ENV, "")
    if not value:
        raise UserError(
            f"Your signing key needs a passphrase and there is no terminal to ask; set {PASSPHRASE_ENV}."
        )
    return value


def _keystore(context: CommandContext) -> Any:
    from desktop_app.app.keys import KeyStore

    return KeyStore(context.home.root)


def load_identity(context: CommandContext) -> Identity:
    from desktop_app.app.keys import KeyStoreError

    try:
        identity: Identity | None = _keystore(context).load_identity(ask_passphrase)
    except KeyStoreError as error:
        raise UserError(str(error)) from None
    if identity is None:
        raise UserError(
            "There is no signing identity yet; make one with "
            "'critical-friend keys init --name NAME --org COUNCIL'."
        )
    return identity


def age_secret(context: CommandContext) -> Callable[[], str]:
    return lambda: load_identity(context).age_identity


def read_card(path: Path) -> KeyCard:
    from desktop_app.app.keys import KeyCardError, parse_key_card

    try:
        return parse_key_card(path.read_text("utf-8"))
    except OSError as error:
        raise UserError(f"Cannot read the key card {path} ({error.strerror}).") from None
    except (KeyCardError, UnicodeDecodeError) as error:
        raise UserError(f"{path} is not a usable key card: {error}") from None


# keys --------------------------------------------------------------------------------------


def cmd_keys_init(context: CommandContext) -> int:
    from desktop_app.app.keys import KeyStoreError, passphrase_problem
    from desktop_app.app.settings import adopt_home_council

    args: argparse.Namespace = context.args
    context.lock_home()
    store = _keystore(context)
    if store.has_identity() and not args.replace:
        raise UserError(
            "A signing identity already exists here; replacing it means peers must trust your "
            "new key. Use 'keys init --replace' only if you mean that."
        )
    usable, description = store.keyring_status()
    passphrase: str | None = None
    if usable:
        print(f"Your private key will be kept in {description}.")
    else:
        print(
            f"No password store can keep your private key ({description}), so it will be kept in "
            f"{context.home.keys} encrypted with a passphrase.",
            file=sys.stderr,
        )
        passphrase = ask_passphrase(confirm=True)
    # Every input is checked before anything changes: a refused name or passphrase leaves the
    # council and the keys as they were.
    try:
        _name, org = store.check_names(args.name, args.org)
    except KeyStoreError as error:
        raise UserError(str(error)) from None
    problem = passphrase_problem(passphrase) if passphrase is not None else None
    if problem is not None:
        raise UserError(f"{problem} Nothing was changed.")
    # The council first: were the database's disk full, the identity would not be replaced.
    adopted = adopt_home_council(context.app, org).adopted
    try:
        identity = store.create_identity(args.name, args.org, passphrase, replace=args.replace)
    except KeyStoreError as error:
        raise UserError(str(error)) from None
    if adopted:
        print(f"Your council is now {org}.")
    print(f"Signing identity made for {identity.name}, {identity.org}.")
    print(f"Fingerprint: {identity.fingerprint}")
    print(f"Kept in: {identity.backend}")
    print("Send peers your key card: critical-friend keys export-public FILE")
    return 0


def cmd_keys_show(context: CommandContext) -> int:
    from desktop_app.app.keys import read_public_identity, trusted_keys

    identity = read_public_identity(context.home.root)
    if identity is None:
        print("No signing identity yet: critical-friend keys init --name NAME --org COUNCIL")
    else:
        print(f"Name:        {identity.name}")
        print(f"Council:     {identity.org}")
        print(f"Fingerprint: {identity.fingerprint}")
        print(f"Kept in:     {identity.backend}")
        print(f"Public key:  {identity.public_line}")
    rows = [
        {
            "council": key["organisation"],
            "signer": key["comment"],
            "fingerprint": key["fingerprint"],
            "status": key["status"],
        }
        for key in trusted_keys(context.app)
    ]
    print("\nKeys of peer councils:")
    print_table(rows, ["council", "signer", "fingerprint", "status"])
    return 0


def cmd_keys_export_public(context: CommandContext) -> int:
    from desktop_app.app.keys import read_public_identity

    identity = read_public_identity(context.home.root)
    if identity is None:
        raise UserError("There is no signing identity yet; make one first with 'keys init'.")
    path: Path = context.args.file
    try:
        path.write_text(identity.key_card(), encoding="utf-8")
    except OSError as error:
        raise UserError(f"Cannot write {path} ({error.strerror}).") from None
    print(f"Key card written to {path}.")
    print(f"Peers should compare this fingerprint with you: {identity.fingerprint}")
    return 0


def _confirm(question: str, assume_yes: bool) -> bool:
    if assume_yes:
        return True
    if not _has_terminal():
        raise UserError(
            "There is no terminal to ask you to compare the fingerprint; nothing was trusted. "
            "Run this in a terminal, or pass --yes if you have compared it another way."
        )
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


def cmd_keys_trust(context: CommandContext) -> int:
    from desktop_app.app.keys import KeyChangedError, TrustRequest, trust_key

    args: argparse.Namespace = context.args
    card = read_card(args.file)
    if not card.org:
        raise UserError(
            "The key card does not say which council it belongs to "
            "(its first line should end 'Name, Council')."
        )
    print(f"Key of:      {card.comment}")
    print(f"Fingerprint: {card.fingerprint}")
    print("Compare this fingerprint with the sender (by phone or in person) before trusting it.")
    if not _confirm(f"Trust this key for {card.org}?", args.yes):
        print("Not trusted.")
        return EXIT_INVALID
    context.lock_home()
    line = _public_line(card)
    request = TrustRequest(
        line, card.fingerprint, card.org, card.comment, card.age_recipient, args.replace
    )
    try:
        trust_key(context.app, request)  # a changed key is recorded as refused
    except KeyChangedError as error:
        print(f"REFUSED: {error}", file=sys.stderr)
        print(
            "If they confirm the change, run: critical-friend keys trust FILE --replace",
            file=sys.stderr,
        )
        return EXIT_INVALID
    print(f"Trusted: {card.comment} ({card.fingerprint}).")
    return 0


def _public_line(card: KeyCard) -> str:
    from desktop_app.app.keys import public_key_line

    return public_key_line(card.public_key, card.comment)
