"""The audit return (``Bundle-Type: audit-return``): an auditor's laptop → the lead.

It carries every audit of the auditor's working visit (answers, attachments and the whole change
log), signed by the auditor and always encrypted to the lead. The lead's import merges it into
the same visit (see ``store.repositories.team_merge``): accepted only when signed by a member of
the visit's team as this laptop knows them; a return older than one already merged from that
member is refused; the same return twice changes nothing; all in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlmodel import Session

from desktop_app.exchange.import_bundle import CheckedBundle, ImportRefusedError
from desktop_app.exchange.imported_content import copy_attachments
from desktop_app.exchange.keys import Identity
from desktop_app.exchange.team_bundle import (
    TeamBundleError,
    TeamBundleType,
    TeamBundleWritten,
    attachment_entries,
    attachments_of,
    team_document,
    write_team_bundle,
)
from desktop_app.exchange.work_folders import pending_files
from desktop_app.home import Home
from desktop_app.plain_text import visible
from desktop_app.store.database import Database
from desktop_app.store.models import TeamReturn
from desktop_app.store.repositories.organisations import home_organisation
from desktop_app.store.repositories.team import (
    Member,
    highest_return,
    lead_of,
    member_by_fingerprint,
    return_seen,
    visit_by_uuid,
)
from desktop_app.store.repositories.team_given import (
    auditors_by_uuid,
    audits_sent_unrecorded,
    cases_held,
    cases_on_list,
)
from desktop_app.store.repositories.team_merge import (
    AuditState,
    AuditStateError,
    MergeOutcome,
    audit_states,
    merge_audit_states,
)
from desktop_app.store.repositories.visits import get_visit


def build_return(
    database: Database, visit_id: int, identity: Identity, out: Path
) -> TeamBundleWritten:
    """Write the auditor's return of a working visit to ``out``, encrypted to the lead.

    Raises TeamBundleError when the visit was not opened from an assignment or the lead's key
    card is unknown; VisitError for an unknown visit.
    """
    with database.session() as session:
        visit = get_visit(session, visit_id)
        if not visit.assigned_by:
            raise TeamBundleError(
                f"Visit {visit_id} is not an assignment from a lead, so there is nobody to return "
                "it to; returns are sent from an auditor's laptop."
            )
        lead = lead_of(session, visit_id)
        if lead is None or not lead.age_recipient:
            raise TeamBundleError(
                "The assignment did not give the lead's key card, so the return cannot be "
                "encrypted; ask the lead for a new assignment."
            )
        mine = member_by_fingerprint(session, visit_id, identity.fingerprint)
        states, definitions = audit_states(session, visit_id)
        files = attachments_of(states, database.home.attachments)
        home = home_organisation(session)
        document = team_document(
            TeamBundleType.RETURN,
            home.name if home is not None else identity.org,
            visit={"uuid": visit.uuid, "title": visit.title},
            auditor=mine.name if mine is not None else identity.name,
            definitions=definitions,
            audits=[state.to_json() for state in states],
            attachments=attachment_entries(files),
        )
    return write_team_bundle(
        database,
        identity,
        document,
        files,
        out,
        recipients=[(lead.name, lead.age_recipient)],
        what=f"return of {len(states)} audit(s) of visit {visit.title}",
        audits=len(states),
    )


@dataclass(frozen=True)
class ReturnMerged:
    """What merging a return did to the lead's visit."""

    visit_id: int
    title: str
    member: str
    sequence: int
    already: bool
    outcome: MergeOutcome


def _refuse(message: str, check: str) -> ImportRefusedError:
    return ImportRefusedError(f"{message} Nothing was stored.", check)


def merge_return(session: Session, home: Home, checked: CheckedBundle) -> ReturnMerged:
    """Merge a verified return into the lead's visit, inside the caller's transaction.

    The sender is the team member whose key card has the signing key's fingerprint (never the
    name the bundle gives). Raises ImportRefusedError with one sentence for a visit not led
    here, a signer outside the team, an older return, or a document in the wrong shape.
    """
    bundle = checked.bundle
    document: dict[str, Any] = bundle.document
    visit_info = document.get("visit")
    if not isinstance(visit_info, dict) or not isinstance(visit_info.get("uuid"), str):
        raise _refuse("The return does not say which visit it belongs to.", "document")
    visit = visit_by_uuid(session, visit_info["uuid"])
    if visit is None or visit.assigned_by:
        title = str(visit_info.get("title", "")) or "its visit"
        raise _refuse(
            f"The return is for {title!r}, which is not a visit led from this laptop.",
            "unknown-visit",
        )
    assert visit.id is not None
    member = member_by_fingerprint(session, visit.id, bundle.fingerprint)
    if member is None:
        raise _refuse(
            f"The return is signed by {bundle.fingerprint} ({checked.signer_name or 'unknown'}), "
            f"who is not on the team of {visit.title!r} with that key.",
            "not-in-team",
        )
    seen = return_seen(session, bundle.tagmanifest_sha512)
    empty = MergeOutcome(0, 0, 0, [], [])
    if seen is not None:
        return ReturnMerged(visit.id, visit.title, member.name, bundle.sequence, True, empty)
    highest = highest_return(session, visit.id, bundle.fingerprint)
    if highest is not None and bundle.sequence <= highest:
        raise _refuse(
            f"This return from {member.name} (number {bundle.sequence}) is older than one "
            f"already merged (number {highest}); ask {member.name} to send their latest.",
            "older",
        )
    definitions = document.get("definitions")
    if not isinstance(definitions, dict):
        raise _refuse("The return carries no form definitions.", "document")
    try:
        states = [AuditState.from_json(item, definitions) for item in document.get("audits", [])]
    except AuditStateError as error:
        raise _refuse(f"The return cannot be read: {error}.", "document") from None
    if not isinstance(document.get("attachments", []), list):
        raise _refuse("The return's attachments are not in the expected shape.", "document")
    states = check_return_cases(session, visit.id, visit.title, member, states)
    pending = pending_files(session)
    try:
        copy_attachments(
            session, home, bundle, {"attachments": document.get("attachments", [])}, pending
        )
        outcome = merge_audit_states(session, visit.id, member.name, states, definitions)
        session.add(
            TeamReturn(
                visit_id=visit.id,
                member_name=member.name,
                fingerprint=bundle.fingerprint,
                sequence=bundle.sequence,
                external_identifier=bundle.external_identifier,
                tagmanifest_sha512=bundle.tagmanifest_sha512,
                created=bundle.bag_info.get("Created", ""),
                audits=len(states),
                conflicts=len(outcome.conflicts),
            )
        )
        if visit.status == "planned":
            visit.status = "in_progress"
            session.add(visit)
        session.flush()
    except BaseException:
        pending.discard()
        raise
    return ReturnMerged(visit.id, visit.title, member.name, bundle.sequence, False, outcome)


def check_return_cases(
    session: Session, visit_id: int, title: str, member: Member, states: list[AuditState]
) -> list[AuditState]:
    """Check a return's audits against the lead's assignment records, before any merge.

    Every audit must be of a case on the visit's audit list, and of a case the signing member
    holds now or was sent before (a moved case then follows the merge rules), or, for a member
    whose assignment was packed before cases were recorded (older homes), an audit carrying the
    UUID this laptop gave that case's audit (``audits_sent_unrecorded``); otherwise the
    whole return is refused (ImportRefusedError, one sentence naming the case). The names the
    states carry are not believed: ``assigned_to`` becomes the signer's name, and ``auditor``
    too unless it is blank or the auditor already recorded here for that audit (issue 11 item 5).
    """
    on_list = cases_on_list(session, visit_id)
    held = cases_held(session, visit_id, member.name, member.fingerprint)
    sent_unrecorded = audits_sent_unrecorded(session, visit_id, member.name)
    known = auditors_by_uuid(session, visit_id)
    checked: list[AuditState] = []
    for state in states:
        case = state.case_reference.casefold()
        shown = visible(state.case_reference[:80])
        if case not in on_list:
            raise _refuse(
                f"The return from {member.name} has an audit of case {shown}, "
                f"which is not on the audit list of {title!r}; ask them to send only the cases "
                "they were given.",
                "not-on-list",
            )
        if case not in held and sent_unrecorded.get(state.uuid) != case:
            raise _refuse(
                f"The return from {member.name} has an audit of case {shown}, "
                f"which was never assigned to {member.name}; ask them to send only the cases "
                "they were given.",
                "not-assigned",
            )
        auditor = state.auditor
        if auditor and auditor not in known.get(state.uuid, set()):
            auditor = member.name
        checked.append(replace(state, auditor=auditor, assigned_to=member.name))
    return checked


__all__ = [
    "ReturnMerged",
    "TeamBundleType",
    "build_return",
    "check_return_cases",
    "merge_return",
]
