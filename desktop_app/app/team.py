"""A visit's team on several laptops: the operations the window and the command line share.

The flow (DESIGN.md "Within a council"): the lead makes the visit, imports the case list, draws
the sample, names the team (with their key cards), assigns cases and packs one assignment per
auditor; each auditor opens theirs as a working visit, audits offline and sends a return; the
lead's import merges every return into the one visit, with conflicts kept for the lead to decide.
Every operation raises ``UserError`` with one sentence for bad input and stores nothing then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.app.lead_only import LeadOnly, lead_only_refusal, refuse_lead_only
from desktop_app.errors import EXIT_INVALID, EXIT_UNTRUSTED, UserError
from desktop_app.output_files import describe_write_error
from desktop_app.store.vocabulary import Keep, TeamRole

if TYPE_CHECKING:
    from desktop_app.exchange.import_bundle import CheckedBundle
    from desktop_app.exchange.keys import Identity
    from desktop_app.store.repositories.team import ConflictRow as ConflictView
    from desktop_app.store.repositories.team import ConflictSide as ConflictSideView
    from desktop_app.store.repositories.team import MemberKey

__all__ = ["ConflictSideView", "ConflictView", "Keep"]  # shapes and words, for the window

AgeSecret = Callable[[], str]


class VisitKind(StrEnum):
    """The kinds of visit, as the command line names them (stored as their lower-case ids)."""

    SAV = "SAV"
    SAV_MAX = "SAV MAX"
    PCTR = "PCTR"
    QA = "QA"
    THEMATIC = "thematic"

    @property
    def stored(self) -> str:
        """The id kept in the database (``visit.kind``)."""
        return {
            VisitKind.SAV: "sav",
            VisitKind.SAV_MAX: "sav_max",
            VisitKind.PCTR: "pctr",
            VisitKind.QA: "monthly_qa",
            VisitKind.THEMATIC: "thematic",
        }[self]


def _user_error(error: Exception, exit_code: int | None = None) -> UserError:
    message = getattr(error, "message", None) or str(error)
    return UserError(message, exit_code=exit_code)


# Making the visit ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewVisit:
    """A visit to make: title, kind, host council, and the audit template (form id)."""

    title: str
    kind: VisitKind
    host: str
    template: str = "case-audit"


@dataclass(frozen=True)
class VisitCreated:
    visit_id: int
    changed: Changed = Changed.VISITS


def new_visit(ctx: AppContext, request: NewVisit) -> VisitCreated:
    """Make a visit led from this laptop; the host council is created if new."""
    from desktop_app.store.repositories.organisations import ensure_organisation
    from desktop_app.store.repositories.visits import VisitDetails, VisitError, create_visit
    from forms import shipped_template

    if not request.host.strip():
        raise UserError("Name the council the visit is to, e.g. --host 'Midthorpe Council'.")
    try:
        shipped_template(request.template)
    except (KeyError, LookupError, ValueError, OSError):
        raise UserError(
            f"There is no audit template {request.template!r}; run 'critical-friend forms list'."
        ) from None
    with ctx.database.session() as session:
        host = ensure_organisation(session, " ".join(request.host.split()))
        assert host.id is not None
        try:
            visit = create_visit(
                session,
                VisitDetails(
                    title=request.title,
                    kind=request.kind.stored,
                    host_organisation_id=host.id,
                    template_form_id=request.template,
                ),
            )
        except VisitError as error:
            raise _user_error(error) from None
        assert visit.id is not None
        return VisitCreated(visit.id)


@dataclass(frozen=True)
class ImportCases:
    """A case list (CSV or XLSX, or an Annex A workbook's sheet) for the visit."""

    visit_id: int
    path: Path
    sheet: str | None = None


@dataclass(frozen=True)
class CasesImported:
    visit_id: int
    cases: int
    columns: list[str]
    changed: Changed = Changed.VISITS


def import_cases(ctx: AppContext, request: ImportCases) -> CasesImported:
    """Make the file the visit's case list (all or nothing; the error names sheet, row and
    column), as the window's import does (``store.repositories.visits.import_case_list``)."""
    from audit_tool import CaseListError
    from desktop_app.store.repositories.visits import VisitError, import_case_list

    if not request.path.is_file():
        raise UserError(f"There is no file {request.path}; give the exported case list.")
    with ctx.database.session() as session:
        try:
            refuse_lead_only(session, request.visit_id, LeadOnly.IMPORT_CASE_LIST)
            case_list = import_case_list(session, request.visit_id, request.path, request.sheet)
        except (CaseListError, VisitError) as error:
            raise _user_error(error) from None
    return CasesImported(request.visit_id, len(case_list.rows), list(case_list.columns))


@dataclass(frozen=True)
class DrawSample:
    """Draw the visit's sample: size, seed, optional stratifying column."""

    visit_id: int
    size: int
    seed: int
    by: str | None = None


@dataclass(frozen=True)
class SampleDrawn:
    visit_id: int
    references: list[str]
    by: str | None
    notes: list[str]
    changed: Changed = Changed.VISITS | Changed.AUDITS


def draw_sample(ctx: AppContext, request: DrawSample) -> SampleDrawn:
    """Draw the sample reproducibly and make an audit per case.

    The same case list, size, seed and column give the same sample on every laptop: recently
    audited cases are left out only by the list's own "last audited" column (see
    ``store.repositories.visits.draw_visit_sample``), never by what this laptop holds.
    """
    from audit_tool import SamplingError
    from desktop_app.store.repositories.audits import AuditError
    from desktop_app.store.repositories.visits import VisitError, draw_visit_sample

    with ctx.database.session() as session:
        try:
            refuse_lead_only(session, request.visit_id, LeadOnly.DRAW_SAMPLE)
            result = draw_visit_sample(
                session, request.visit_id, request.size, request.seed, by=request.by
            )
        except (SamplingError, VisitError, AuditError) as error:
            raise _user_error(error) from None
        return SampleDrawn(
            request.visit_id,
            [case.reference for case in result.chosen],
            result.by,
            list(result.notes),
        )


# The team ----------------------------------------------------------------------------------


Role = TeamRole
"""A team member's role on a visit: the one vocabulary (``store.vocabulary.TeamRole``)."""


@dataclass(frozen=True)
class AddTeamMember:
    """A person on the visit's team, with their key card (needed to send them an assignment)."""

    visit_id: int
    name: str
    role: Role
    card: Path | None = None


@dataclass(frozen=True)
class MemberAdded:
    member_id: int
    name: str
    fingerprint: str
    changed: Changed = Changed.VISITS


@dataclass(frozen=True)
class TeamCard:
    """A team member's key card as read: who it names, its fingerprint (SHA256:…), and whether
    it carries the age1… line that assignments and returns are encrypted to."""

    name: str
    org: str
    fingerprint: str
    can_encrypt: bool


def _parsed_card(path: Path) -> Any:
    from desktop_app.exchange import KeyCardError, parse_key_card

    try:
        return parse_key_card(path.read_text("utf-8"))
    except OSError as error:
        raise UserError(f"Cannot read the key card {path} ({error.strerror}).") from None
    except UnicodeDecodeError:
        raise UserError(
            f"{path} is not a key card (it is not text); ask for the file that "
            "'keys export-public' writes."
        ) from None
    except KeyCardError as error:
        raise UserError(f"{path} is not a usable key card: {error}") from None


def read_team_card(path: Path) -> TeamCard:
    """Read a key card file to show before adding its owner (``UserError`` for a bad file)."""
    card = _parsed_card(path)
    return TeamCard(card.name, card.org, card.fingerprint, card.age_recipient is not None)


def _member_key(path: Path, name: str) -> MemberKey:
    from desktop_app.exchange import public_key_line
    from desktop_app.store.repositories.team import MemberKey

    card = _parsed_card(path)
    if card.age_recipient is None:
        raise UserError(
            f"The key card {path} has no age1… line, so nothing can be encrypted for "
            f"{name}; ask them for their full key card ('keys export-public')."
        )
    return MemberKey(
        public_key_line(card.public_key, card.comment),
        card.fingerprint,
        card.age_recipient,
        card.org,
    )


def _own_key(ctx: AppContext, name: str) -> MemberKey | None:
    """This laptop's own public key when ``name`` is its key's owner (the lead adding
    herself needs no key card); None for anyone else, or when the laptop has no key yet."""
    from desktop_app.exchange.keys import KeyStoreError
    from desktop_app.exchange.public_identity import read_public_identity
    from desktop_app.store.repositories.team import MemberKey

    try:
        own = read_public_identity(ctx.home.root)
    except KeyStoreError:
        return None
    if own is None or own.name.strip().casefold() != name.strip().casefold():
        return None
    return MemberKey(own.public_line, own.fingerprint, own.age_recipient)


def add_team_member(ctx: AppContext, request: AddTeamMember) -> MemberAdded:
    """Add (or update) a team member. Their key card is what makes their returns trusted here;
    without one, a member named as this laptop's key owner gets this laptop's public key."""
    from desktop_app.store.repositories.team import TeamError, add_member
    from desktop_app.store.repositories.visits import VisitError

    key = (
        _own_key(ctx, request.name)
        if request.card is None
        else _member_key(request.card, request.name)
    )
    with ctx.database.session() as session:
        try:
            refuse_lead_only(session, request.visit_id, LeadOnly.EDIT_TEAM)
            member = add_member(session, request.visit_id, request.name, request.role, key)
        except (TeamError, VisitError) as error:
            raise _user_error(error) from None
        return MemberAdded(member.id, member.name, member.fingerprint)


@dataclass(frozen=True)
class RemoveTeamMember:
    """Take a person off the visit's team (they must hold no cases of it)."""

    visit_id: int
    name: str


@dataclass(frozen=True)
class MemberRemoved:
    """Who was taken off the team."""

    name: str
    changed: Changed = Changed.VISITS


def remove_team_member(ctx: AppContext, request: RemoveTeamMember) -> MemberRemoved:
    """Remove a member; ``UserError`` while they hold cases (give those to someone else first)."""
    from desktop_app.store.repositories.team import TeamError, remove_member
    from desktop_app.store.repositories.visits import VisitError

    with ctx.database.session() as session:
        try:
            refuse_lead_only(session, request.visit_id, LeadOnly.EDIT_TEAM)
            removed = remove_member(session, request.visit_id, request.name)
        except (TeamError, VisitError) as error:
            raise _user_error(error) from None
        return MemberRemoved(removed.name)


@dataclass(frozen=True)
class AssignCases:
    """Give cases to an auditor by reference, or (``split``) share all evenly by strata.

    ``preview`` works the assignment out and stores nothing, so the window can show its
    ``warning`` in a confirm before the lead makes it.
    """

    visit_id: int
    auditor: str | None = None
    references: tuple[str, ...] = ()
    split: bool = False
    preview: bool = False


@dataclass(frozen=True)
class CasesAssigned:
    """Cases per team member after the assignment, the audits given, and ``warning``: the
    sentence saying which moved audits carry work already typed or returned, and what happens
    to a later return from their earlier holder (None when no such work moved)."""

    visit_id: int
    counts: dict[str, int]
    audit_ids: list[int] = field(default_factory=list)
    warning: str | None = None
    stored: bool = True
    changed: Changed = Changed.VISITS | Changed.AUDITS


def assign_cases(ctx: AppContext, request: AssignCases) -> CasesAssigned:
    """Assign (or reassign) cases; ``split`` keeps each stratum balanced across the auditors.

    A moved audit keeps its answers and whole change log and gets its new holder as owner
    (named in lists, exports and the report). When work was already typed or returned in it,
    ``warning`` says so; with ``preview`` nothing is stored. ``UserError`` for an unknown case
    or person, or no auditors to split among.
    """
    from desktop_app.store.repositories import team
    from desktop_app.store.repositories.visits import VisitError

    if request.split == bool(request.auditor):
        raise UserError("Say either --auditor NAME --cases REF... or --split.")
    if not request.split and not request.references:
        raise UserError("Give the case references to assign after --cases.")
    with ctx.database.session() as session:
        try:
            refuse_lead_only(session, request.visit_id, LeadOnly.ASSIGN)
            if request.split:
                counts, warning = team.split_cases(session, request.visit_id)
                done = CasesAssigned(request.visit_id, counts, [], warning, not request.preview)
            else:
                assert request.auditor is not None
                moved = team.assign_cases(
                    session, request.visit_id, request.auditor, list(request.references)
                )
                name = team.member_named(session, request.visit_id, request.auditor).name
                done = CasesAssigned(
                    request.visit_id,
                    {name: len(moved.audit_ids)},
                    moved.audit_ids,
                    moved.warning,
                    not request.preview,
                )
        except VisitError as error:
            raise _user_error(error) from None
        if request.preview:
            session.rollback()
        return done


# Bundles -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackAssignment:
    """Write one auditor's assignment bundle."""

    visit_id: int
    auditor: str
    out: Path


@dataclass(frozen=True)
class BundleMade:
    """A team bundle written: where, its Bundle-Sequence, for whom, how many audits."""

    path: Path
    sequence: int
    external_identifier: str
    recipients: list[str]
    audits: int
    changed: Changed = Changed.BUNDLES


def _made(written: Any) -> BundleMade:
    return BundleMade(
        written.path,
        written.sequence,
        written.external_identifier,
        written.recipients,
        written.audits,
    )


def _check_out(out: Path) -> None:
    if not out.parent.is_dir():
        raise UserError(f"The folder {out.parent} does not exist; choose where to save the bundle.")


def pack_assignment(ctx: AppContext, request: PackAssignment, identity: Identity) -> BundleMade:
    """Sign the auditor's assignment with the lead's ``identity`` and encrypt it to them."""
    from desktop_app.exchange import assignment
    from desktop_app.exchange.team_bundle import TeamBundleError
    from desktop_app.store.repositories.visits import VisitError

    _check_out(request.out)
    with ctx.database.session() as session:
        if refusal := lead_only_refusal(session, request.visit_id, LeadOnly.PACK):
            raise UserError(refusal)
    try:
        written = assignment.pack_assignment(
            ctx.database, request.visit_id, request.auditor, identity, request.out
        )
    except (TeamBundleError, VisitError) as error:
        raise _user_error(error) from None
    except OSError as error:
        raise UserError(describe_write_error(error, request.out)) from None
    return _made(written)


@dataclass(frozen=True)
class SendReturn:
    """Write the auditor's return of a working visit."""

    visit_id: int
    out: Path


@dataclass(frozen=True)
class ReturnPreview:
    """What "Send my audits to the lead" will write, shown before it is written.

    ``lead`` and ``lead_fingerprint`` are the recipient (the return is encrypted to them only);
    ``audits`` are every audit of the working visit; ``escalations`` the cases of children at
    risk now among them. ``problem`` is the sentence saying why nothing can be sent, if so.
    """

    visit_id: int
    title: str
    lead: str | None
    lead_fingerprint: str
    audits: list[AuditRow]
    escalations: list[str]
    problem: str | None


def return_preview(ctx: AppContext, visit_id: int) -> ReturnPreview:
    """The audits and escalations a return of ``visit_id`` would carry, and to whom."""
    from desktop_app.store.repositories.team import lead_of
    from desktop_app.store.repositories.visits import VisitError, get_visit

    with ctx.database.session() as session:
        try:
            visit = get_visit(session, visit_id)
        except VisitError as error:
            raise _user_error(error) from None
        lead = lead_of(session, visit_id)
        title, working = visit.title, bool(visit.assigned_by)
    audits = list_audits(ctx, visit_id)
    problem = None
    if not working:
        problem = (
            f"Visit {visit_id} is led from this laptop, so there is nobody to return it to; "
            "returns are sent from an auditor's laptop."
        )
    elif lead is None or not lead.age_recipient:
        problem = (
            "The assignment did not give the lead's key card, so the return cannot be "
            "encrypted; ask the lead for a new assignment."
        )
    return ReturnPreview(
        visit_id,
        title,
        lead.name if lead else None,
        lead.fingerprint if lead else "",
        audits,
        [a.case_reference for a in audits if a.escalation],
        problem,
    )


def send_return(ctx: AppContext, request: SendReturn, identity: Identity) -> BundleMade:
    """Sign the return with the auditor's ``identity`` and encrypt it to the visit's lead."""
    from desktop_app.exchange import audit_return
    from desktop_app.exchange.team_bundle import TeamBundleError
    from desktop_app.store.repositories.visits import VisitError

    _check_out(request.out)
    try:
        written = audit_return.build_return(ctx.database, request.visit_id, identity, request.out)
    except (TeamBundleError, VisitError) as error:
        raise _user_error(error) from None
    except OSError as error:
        raise UserError(describe_write_error(error, request.out)) from None
    return _made(written)


@dataclass(frozen=True)
class TeamBundleImported:
    """What importing a team bundle did.

    ``kind`` is the bundle type; for an assignment ``replaced`` counts audits updated and
    ``unchanged`` those kept as typed here; ``escalations`` are cases of children at risk now.
    """

    kind: str
    visit_id: int
    title: str
    sender: str
    sequence: int
    already: bool
    added: int
    replaced: int
    unchanged: int
    conflicts: list[int]
    escalations: list[str]
    changed: Changed = Changed.VISITS | Changed.AUDITS


def import_team_bundle(
    ctx: AppContext, path: Path, age_secret: AgeSecret | None
) -> TeamBundleImported | None:
    """Open ``path`` if it is an assignment or an audit return (None for any other bundle, and
    for one that cannot be verified: the ordinary import words that refusal).

    Everything is checked first and stored in one transaction: a refused, damaged or interrupted
    import stores nothing. Raises ``UserError`` (exit 1) with the sentence that says why.
    """
    from desktop_app.exchange import BundleError
    from desktop_app.exchange.import_bundle import ImportRefusedError, checked_bundle

    try:
        with checked_bundle(ctx.database, path, age_secret=age_secret, to_store=True) as checked:
            return import_team_checked(ctx, path, checked)
    except (BundleError, ImportRefusedError):
        return None


# Refusals of a team bundle for who signed it: an assignment from a key not trusted here, a
# return from a key not on the visit's team.
_SIGNER_CHECKS = frozenset({"untrusted", "not-in-team"})


def import_team_checked(
    ctx: AppContext, path: Path, checked: CheckedBundle
) -> TeamBundleImported | None:
    """Store an assignment or an audit return already verified by ``checked_bundle`` (call it
    inside that block); None for any other bundle. Stored in one transaction. Raises
    ``UserError`` with the sentence that says why it was refused: exit 3 when its signer is not
    trusted here (not in the trust store, or for a return not on the visit's team), else exit 1."""
    from desktop_app.exchange import BundleError
    from desktop_app.exchange.assignment import apply_assignment
    from desktop_app.exchange.audit_return import merge_return
    from desktop_app.exchange.import_bundle import ImportRefusedError
    from desktop_app.exchange.pseudonyms import adopt_pseudonym_secret
    from desktop_app.exchange.team_bundle import TeamBundleType, team_bundle_type

    database = ctx.database
    try:
        kind = team_bundle_type(checked, path)
        if kind is None:
            return None
        if kind == TeamBundleType.ASSIGNMENT:
            with database.session() as session:
                opened = apply_assignment(session, database.home, checked)
            if not opened.already:
                adopt_pseudonym_secret(
                    database.home.keys, opened.council, bytes.fromhex(opened.pseudonym_key)
                )
            return TeamBundleImported(
                str(TeamBundleType.ASSIGNMENT),
                opened.visit_id,
                opened.title,
                opened.lead,
                checked.bundle.sequence,
                opened.already,
                opened.added,
                opened.updated,
                opened.kept_local,
                [],
                [],
            )
        with database.session() as session:
            merged = merge_return(session, database.home, checked)
        outcome = merged.outcome
        return TeamBundleImported(
            str(TeamBundleType.RETURN),
            merged.visit_id,
            merged.title,
            merged.member,
            merged.sequence,
            merged.already,
            outcome.added,
            outcome.replaced,
            outcome.unchanged,
            outcome.conflicts,
            outcome.escalations,
        )
    except BundleError as error:
        where = f"file: {error.path_in_bundle}; " if error.path_in_bundle else ""
        raise UserError(
            f"INVALID: {error.message} ({where}check: {error.check})", exit_code=EXIT_INVALID
        ) from None
    except ImportRefusedError as error:
        if error.check in _SIGNER_CHECKS and checked.verdict.state != "trusted":
            # A signer this laptop does not trust, exit 3 as for every other bundle (README,
            # "import FILE"); a trusted signer refused for another reason is exit 1.
            raise UserError(
                f"NOT TRUSTED: {error.message} (check: {error.check})", exit_code=EXIT_UNTRUSTED
            ) from None
        raise UserError(
            f"REFUSED: {error.message} (check: {error.check})", exit_code=EXIT_INVALID
        ) from None
    except (AttributeError, KeyError, TypeError, ValueError):
        # A signed document of the wrong shape (a list where a table belongs, a date that is
        # not one): everything ran in one transaction, so nothing was stored.
        raise UserError(
            f"REFUSED: {path.name} is signed, but its bundle.json is not shaped as an assignment "
            "or an audit return, so nothing was stored; ask the sender to make it again with "
            "Critical Friend (check: document)",
            exit_code=EXIT_INVALID,
        ) from None


# Conflicts ---------------------------------------------------------------------------------


def list_conflicts(ctx: AppContext, visit_id: int) -> list[ConflictView]:
    """The visit's conflicts, open ones first; ``UserError`` when there is no such visit or this
    laptop holds it as an auditor's assignment (conflicts are the lead's to decide)."""
    return _conflicts(ctx, visit_id, lead_only=True)


def _conflicts(ctx: AppContext, visit_id: int, *, lead_only: bool = False) -> list[ConflictView]:
    from desktop_app.store.repositories import team
    from desktop_app.store.repositories.visits import VisitError, get_visit

    with ctx.database.session() as session:
        try:
            get_visit(session, visit_id)
            if lead_only:
                refuse_lead_only(session, visit_id, LeadOnly.RESOLVE)
        except VisitError as error:
            raise _user_error(error) from None
        return team.conflicts(session, visit_id)


@dataclass(frozen=True)
class ResolveConflict:
    conflict_id: int
    keep: Keep


@dataclass(frozen=True)
class ConflictResolved:
    conflict_id: int
    visit_id: int
    keep: Keep
    changed: Changed = Changed.VISITS | Changed.AUDITS


def resolve_conflict(ctx: AppContext, request: ResolveConflict) -> ConflictResolved:
    """Keep one state (the other is archived with its change log) or both as two audits of the
    case, counted once in findings and reports.

    Raises ``UserError``: no such conflict, already decided, or (lead-only) this laptop holds
    the visit, or any visit when the conflict is not here, only as an auditor's assignment."""
    from sqlmodel import select

    from desktop_app.store.models import AuditConflict, Visit
    from desktop_app.store.repositories import team
    from desktop_app.store.repositories.visits import VisitError

    with ctx.database.session() as session:
        try:
            conflict = session.get(AuditConflict, request.conflict_id)
            if conflict is not None:
                refuse_lead_only(session, conflict.visit_id, LeadOnly.RESOLVE)
            else:  # conflicts live on the lead's laptop: say so where visits are assignments
                for held in session.exec(select(Visit.id).where(Visit.assigned_by != "")):
                    if held is not None:
                        refuse_lead_only(session, held, LeadOnly.RESOLVE)
            row = team.resolve_conflict(session, request.conflict_id, request.keep)
        except VisitError as error:
            raise _user_error(error) from None
        return ConflictResolved(request.conflict_id, row.visit_id, request.keep)


# Reads for screens and lists ---------------------------------------------------------------


@dataclass(frozen=True)
class AuditRow:
    """An audit of a visit as ``list audits --json`` and the team panel show it."""

    id: int
    uuid: str
    visit_id: int
    case_reference: str
    auditor: str
    status: str
    overall_grade: str | None
    escalation: bool
    conflict: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": f"Audit of case {self.case_reference}",
            "uuid": self.uuid,
            "visit_id": self.visit_id,
            "case_reference": self.case_reference,
            "auditor": self.auditor,
            "status": self.status,
            "overall_grade": self.overall_grade,
            "escalation": self.escalation,
            "escalated": self.escalation,
            "conflict": self.conflict,
        }


def list_audits(ctx: AppContext, visit_id: int | None = None) -> list[AuditRow]:
    """Audits (of one visit, or all), children at risk first; ``auditor`` is who holds it and
    ``overall_grade`` the grade kept on the audit row (desktop_app.store.audit_grade)."""
    from desktop_app.store.audit_owner import OWNER_SQL

    where = "" if visit_id is None else "WHERE visit_id = ?"
    params: tuple[Any, ...] = () if visit_id is None else (visit_id,)
    rows = ctx.reader().execute(
        f"SELECT id, uuid, visit_id, case_reference, {OWNER_SQL} AS owner, status, "
        f"overall_grade, escalated, conflict FROM audit a {where} "
        "ORDER BY escalated DESC, visit_id, id",
        params,
    )
    return [
        AuditRow(
            row["id"],
            row["uuid"],
            row["visit_id"],
            row["case_reference"],
            row["owner"],
            row["status"],
            row["overall_grade"],
            bool(row["escalated"]),
            bool(row["conflict"]),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class MemberProgress:
    """A team member's share of the visit and how far it has come."""

    name: str
    role: str
    has_card: bool
    cases: int
    started: int
    complete: int
    escalations: int
    returns: int
    last_return: datetime | None


@dataclass(frozen=True)
class ReturnReceived:
    """A return merged into the visit."""

    member: str
    sequence: int
    received_at: datetime
    audits: int
    conflicts: int


@dataclass(frozen=True)
class TeamOverview:
    """What the visit page shows about the team.

    ``working_copy`` is True on an auditor's laptop (the visit came in an assignment);
    ``escalations`` are the case references of children at risk now, from every merged audit.
    """

    visit_id: int
    working_copy: bool
    lead: str | None
    members: list[MemberProgress]
    returns: list[ReturnReceived]
    conflicts: list[ConflictView]
    not_returned: list[str]
    escalations: list[str]
    assignment_date: date | None = None

    @property
    def open_conflicts(self) -> list[ConflictView]:
        return [c for c in self.conflicts if c.open]


def team_overview(ctx: AppContext, visit_id: int) -> TeamOverview:
    """Team, per-member progress, returns received, conflicts, who has not returned."""
    from sqlmodel import col, select

    from desktop_app.store.models import Audit
    from desktop_app.store.repositories import team
    from desktop_app.store.repositories.visits import VisitError, get_visit

    conflict_views = _conflicts(ctx, visit_id)
    with ctx.database.session() as session:
        try:
            visit = get_visit(session, visit_id)
        except VisitError as error:
            raise _user_error(error) from None
        cards = {m.name: bool(m.fingerprint) for m in team.members(session, visit_id)}
        progress = [
            MemberProgress(
                p.name,
                p.role,
                cards.get(p.name, False),
                p.cases,
                p.started,
                p.complete,
                p.escalations,
                p.returns,
                p.last_return,
            )
            for p in team.progress_by_member(session, visit_id)
        ]
        returns = [
            ReturnReceived(r.member, r.sequence, r.received_at, r.audits, r.conflicts)
            for r in team.returns_received(session, visit_id)
        ]
        escalations = list(  # one per case: a case kept as two audits is one child
            dict.fromkeys(
                session.exec(
                    select(Audit.case_reference)
                    .where(Audit.visit_id == visit_id, col(Audit.escalated).is_(True))
                    .order_by(col(Audit.id))
                )
            )
        )
        lead = team.lead_of(session, visit_id)
        return TeamOverview(
            visit_id,
            bool(visit.assigned_by),
            lead.name if lead else None,
            progress,
            returns,
            conflict_views,
            team.auditors_not_returned(session, visit_id),
            escalations,
        )


def auditors_not_returned(ctx: AppContext, visit_id: int) -> list[str]:
    """Team members holding cases of the visit whose return has not arrived (for the report)."""
    from desktop_app.store.repositories import team

    with ctx.database.session() as session:
        return team.auditors_not_returned(session, visit_id)


def visit_with_returns(ctx: AppContext) -> int | None:
    """The first visit into which a return was merged (None when there is none)."""
    row = ctx.reader().execute("SELECT visit_id FROM team_return ORDER BY id LIMIT 1").fetchone()
    return None if row is None else int(row[0])
