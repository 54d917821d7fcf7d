"""Which records the documentation's screenshots show (``critical-friend screenshots``).

Each function picks a telling example from the home's data (usually the demo trio's), or None
when there is none; nothing is changed (``auditor_laptop_home`` fills a home of its own).
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.app.bundles import ImportFailure
from desktop_app.app.context import AppContext
from desktop_app.home import Home
from desktop_app.store.vocabulary import BundleType


def first_visit_id(ctx: AppContext) -> int | None:
    """The oldest visit."""
    row = ctx.reader().execute("SELECT id FROM visit ORDER BY id LIMIT 1").fetchone()
    return None if row is None else int(row[0])


def first_bundle_id(ctx: AppContext, *, trusted: bool) -> int | None:
    """The first imported bundle whose signer is (or is not) trusted."""
    row = (
        ctx.reader()
        .execute(
            "SELECT id FROM imported_bundle WHERE trusted = ? ORDER BY id LIMIT 1", (int(trusted),)
        )
        .fetchone()
    )
    return None if row is None else int(row[0])


def most_challenged_bundle(ctx: AppContext) -> int | None:
    """The peer bundle (not a response nor a reply to our challenge) with the most challenge
    notes, trusted first."""
    row = (
        ctx.reader()
        .execute(
            "SELECT b.id FROM imported_bundle b WHERE b.bundle_type NOT IN (?, ?) ORDER BY "
            "(SELECT COUNT(*) FROM challenge_note n WHERE n.bundle_id = b.id) DESC, "
            "b.trusted DESC, b.id LIMIT 1",
            (BundleType.RESPONSE.value, BundleType.CHALLENGE_REPLY.value),
        )
        .fetchone()
    )
    return None if row is None else int(row[0])


def newest_challenge_reply(ctx: AppContext) -> tuple[int, str] | None:
    """(id, title) of the newest reply to our challenge, or None."""
    row = (
        ctx.reader()
        .execute(
            "SELECT id, title FROM imported_bundle WHERE bundle_type = ? ORDER BY id DESC LIMIT 1",
            (BundleType.CHALLENGE_REPLY.value,),
        )
        .fetchone()
    )
    return None if row is None else (int(row[0]), str(row[1]))


def busiest_section(ctx: AppContext, bundle_id: int) -> str:
    """The section of a bundle with the most notes, or ""."""
    row = (
        ctx.reader()
        .execute(
            "SELECT section_id FROM challenge_note WHERE bundle_id = ? AND section_id != '' "
            "GROUP BY section_id ORDER BY COUNT(*) DESC, MIN(id) LIMIT 1",
            (bundle_id,),
        )
        .fetchone()
    )
    return "" if row is None else str(row[0])


def assessment_periods(ctx: AppContext) -> list[tuple[int, str]]:
    """(id, period) of every self-assessment, oldest period first."""
    rows = ctx.reader().execute("SELECT id, period FROM assessment ORDER BY period")
    return [(int(row[0]), str(row[1])) for row in rows]


def a_stored_bundle(ctx: AppContext) -> Path | None:
    """The stored copy of any imported bundle."""
    row = ctx.reader().execute("SELECT stored_path FROM imported_bundle LIMIT 1").fetchone()
    return None if row is None else Path(str(row[0]))


def check_bundle(ctx: AppContext, path: Path) -> ImportFailure | None:
    """Verifies a bundle without importing it; why it fails, or None when it is sound."""
    from desktop_app.exchange import BundleError
    from desktop_app.exchange.import_bundle import checked_bundle

    try:
        with checked_bundle(ctx.database, path):
            return None
    except BundleError as error:
        return ImportFailure(error.message, error.path_in_bundle or "", error.check)


def auditor_laptop_home(root: Path) -> tuple[Home, int]:
    """A home at ``root`` standing for an auditor's laptop (the demo's Grace Adeyemi, holding the
    practice-week visit from her assignment), for screenshots; returns it and the visit's id."""
    from desktop_app.demo.auditor_copy import add_auditor_copy
    from desktop_app.store.database import open_database

    home = Home(root)
    database = open_database(home)
    try:
        with database.session() as session:
            visit_id = add_auditor_copy(session)
    finally:
        database.close()
    return home, visit_id
