"""The assignment bundle (``Bundle-Type: visit-assignment``): lead → one auditor.

It carries the visit's details and team, that auditor's cases with their real references and
case-list fields, each audit's state (form snapshot, answers, change log) and the council's
pseudonym key. Signed by the lead and always encrypted to the auditor (DESIGN.md "Within a
council"). On the auditor's laptop it opens as a working visit holding only their cases; a later
assignment updates it without losing anything already typed there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from desktop_app.exchange.bundle_read import VerifiedBundle
from desktop_app.exchange.import_bundle import CheckedBundle, ImportRefusedError
from desktop_app.exchange.keys import Identity
from desktop_app.exchange.pseudonyms import pseudonym_secret
from desktop_app.exchange.public_identity import PublicIdentity, read_public_identity
from desktop_app.exchange.team_bundle import (
    TeamBundleError,
    TeamBundleType,
    TeamBundleWritten,
    attachment_entries,
    attachments_of,
    team_document,
    write_team_bundle,
)
from desktop_app.home import Home
from desktop_app.store.database import Database
from desktop_app.store.models import Audit, Visit, VisitMember
from desktop_app.store.repositories.exchange import key_by_fingerprint
from desktop_app.store.repositories.organisations import ensure_organisation, home_organisation
from desktop_app.store.repositories.team import (
    Member,
    lead_of,
    member_named,
    members,
    visit_by_uuid,
)
from desktop_app.store.repositories.team_given import record_given
from desktop_app.store.repositories.team_merge import (
    AuditState,
    AuditStateError,
    StateWriter,
    audit_states,
    change_keys_of,
    typed_keys,
)
from desktop_app.store.repositories.visits import get_visit
from desktop_app.store.vocabulary import TeamRole


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _member_json(member: Member) -> dict[str, str]:
    return {
        "name": member.name,
        "role": member.role,
        "public_line": member.public_line,
        "fingerprint": member.fingerprint,
        "age_recipient": member.age_recipient,
        "organisation": member.organisation,
    }


def _lead_for_signing(session: Session, visit_id: int, identity: Identity) -> Member:
    """The visit's lead, who must be the one signing; a lead without a card gets this key."""
    lead = lead_of(session, visit_id)
    if lead is None:
        raise TeamBundleError(
            "The visit has no lead yet; add yourself with "
            "'critical-friend visits team --visit ID --add YOUR-NAME --role lead'."
        )
    if lead.fingerprint and lead.fingerprint != identity.fingerprint:
        raise TeamBundleError(
            f"{lead.name} leads this visit with another key ({lead.fingerprint}); only the "
            "lead's laptop can send assignments."
        )
    if not lead.fingerprint:
        row = session.get(VisitMember, lead.id)
        assert row is not None
        row.public_line = identity.public_line
        row.fingerprint = identity.fingerprint
        row.age_recipient = identity.age_recipient
        row.organisation = row.organisation or identity.org
        session.add(row)
        session.flush()
        lead = member_named(session, visit_id, lead.name)
    return lead


def pack_assignment(
    database: Database, visit_id: int, auditor: str, identity: Identity, out: Path
) -> TeamBundleWritten:
    """Write ``auditor``'s assignment bundle for the visit to ``out``.

    Raises TeamBundleError (no lead, not the lead's key, no card for the auditor, no cases
    assigned) or VisitError/TeamError for an unknown visit or member.
    """
    with database.session() as session:
        visit = get_visit(session, visit_id)
        lead = _lead_for_signing(session, visit_id, identity)
        member = member_named(session, visit_id, auditor)
        if not member.age_recipient:
            raise TeamBundleError(
                f"There is no key card for {member.name}, so their assignment cannot be "
                f"encrypted; add it with 'critical-friend visits team --visit {visit_id} "
                f'--add "{member.name}" --role {member.role} --card FILE\'.'
            )
        states, definitions = audit_states(session, visit_id, assigned_to=member.name)
        if not states:
            raise TeamBundleError(
                f"No cases of visit {visit_id} are assigned to {member.name}; assign some with "
                f'\'critical-friend visits assign --visit {visit_id} --auditor "{member.name}" '
                "--cases REF...' or '--split'."
            )
        record_given(
            session, visit_id, member.fingerprint, [state.case_reference for state in states]
        )
        home = home_organisation(session)
        council = home.name if home is not None else identity.org
        host = ensure_organisation(session, council).name
        if visit.host_organisation_id:
            from desktop_app.store.models import Organisation

            organisation = session.get(Organisation, visit.host_organisation_id)
            host = organisation.name if organisation is not None else host
        files = attachments_of(states, database.home.attachments)
        document = team_document(
            TeamBundleType.ASSIGNMENT,
            council,
            visit={
                "uuid": visit.uuid,
                "title": visit.title,
                "kind": visit.kind,
                "host": host,
                "lead_name": visit.lead_name,
                "start_date": _iso(visit.start_date),
                "end_date": _iso(visit.end_date),
                "line_of_enquiry": visit.line_of_enquiry,
                "template_form_id": visit.template_form_id,
                "status": visit.status,
                "sample_seed": visit.sample_seed,
                "sample_size": visit.sample_size,
                "sample_by": visit.sample_by,
            },
            team=[_member_json(m) for m in members(session, visit_id)],
            auditor=member.name,
            holders=_holders(session, visit_id, member.name, lead.name),
            pseudonym_key=pseudonym_secret(database.home.keys, council).hex(),
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
        recipients=[(member.name, member.age_recipient)],
        what=f"assignment of {len(states)} case(s) of visit {visit.title} to {member.name}",
        audits=len(states),
    )


# Opening an assignment on the auditor's laptop -------------------------------------------------


@dataclass(frozen=True)
class AssignmentOpened:
    """What an assignment did on this laptop."""

    visit_id: int
    title: str
    auditor: str
    lead: str
    cases: int
    added: int
    updated: int
    kept_local: int
    moved_away: int
    already: bool
    council: str
    pseudonym_key: str


def _refuse(message: str, check: str) -> ImportRefusedError:
    return ImportRefusedError(f"{message} Nothing was stored.", check)


def _team_from(document: dict[str, Any]) -> list[dict[str, str]]:
    team = document.get("team")
    if not isinstance(team, list) or not team:
        raise _refuse("The assignment does not list the visit's team.", "document")
    result = []
    for entry in team:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise _refuse("The assignment's team is not in the expected shape.", "document")
        try:
            role = TeamRole.stored(str(entry.get("role", "")))
        except ValueError:
            raise _refuse(
                f"The assignment gives {entry['name']} an unknown role.", "document"
            ) from None
        result.append({key: str(entry.get(key, "")) for key in _MEMBER_KEYS} | {"role": str(role)})
    return result


def _holders(session: Session, visit_id: int, auditor: str, lead: str) -> dict[str, str]:
    """Who holds each of the visit's other audits (audit UUID → name; the lead when
    unassigned), so the auditor's laptop can say where a case moved to (no case references)."""
    rows = session.exec(
        select(Audit.uuid, Audit.assigned_to).where(
            Audit.visit_id == visit_id, Audit.assigned_to != auditor
        )
    )
    return {str(uuid): str(holder or lead) for uuid, holder in rows}


_MEMBER_KEYS = ("name", "role", "public_line", "fingerprint", "age_recipient", "organisation")


def _sample_of(visit_info: dict[str, Any]) -> tuple[int | None, int | None, str | None]:
    """The lead's sample (seed, size, stratified by) as the assignment carries it; None for
    what it does not carry (a sample chosen by hand has no seed)."""
    seed, size, by = (visit_info.get(k) for k in ("sample_seed", "sample_size", "sample_by"))
    return (
        seed if isinstance(seed, int) and not isinstance(seed, bool) else None,
        size if isinstance(size, int) and not isinstance(size, bool) and size > 0 else None,
        by if isinstance(by, str) and by else None,
    )


def _key_part(public_line: str) -> list[str]:
    return public_line.split()[:2]


def _check_assigning_lead(
    session: Session,
    checked: CheckedBundle,
    lead: dict[str, str] | None,
    existing: Visit | None,
    own: PublicIdentity | None,
) -> None:
    """Refuse (ImportRefusedError, one sentence) an assignment whose signer may not assign here.

    Accepted only when signed by a key trusted as this laptop's own council's staff (a key
    trusted for a peer council, or this laptop's own key, never assigns), whose key card is the
    lead entry of the document (fingerprint, public key and age recipient), and, for a visit
    already opened here, by the lead key that sent its earlier assignments (issue 11 item 5).
    """
    bundle = checked.bundle
    if own is None:
        raise _refuse(
            "This laptop has no key of its own, so no assignment is for it.", "not-for-you"
        )
    if bundle.fingerprint == own.fingerprint:
        raise _refuse(
            "This assignment is signed by this laptop's own key; only the visit's lead can "
            "assign cases to you.",
            "own-key",
        )
    if existing is not None and existing.assigned_by == "":
        raise _refuse(
            f"Visit {existing.title!r} is led from this laptop; an assignment opens only on an "
            "auditor's laptop.",
            "own-visit",
        )
    if existing is not None and existing.assigned_by != bundle.fingerprint:
        raise _refuse(
            f"This assignment for {existing.title!r} is signed by {bundle.fingerprint}, not by "
            f"the lead key that assigned the visit ({existing.assigned_by}).",
            "not-lead",
        )
    verdict = checked.verdict
    trusted = key_by_fingerprint(session, bundle.fingerprint)
    if (
        verdict.state != "trusted"
        or trusted is None
        or verdict.organisation.strip().casefold() != own.org.strip().casefold()
    ):
        named = f"Compare it with {lead['name']}, then " if lead is not None else "Check it, then "
        raise _refuse(
            f"This assignment is signed by {bundle.fingerprint}, a key you do not trust as "
            f"{own.org}'s staff. {named}'critical-friend keys trust THEIR-KEY-CARD'.",
            "untrusted",
        )
    if (
        lead is None
        or lead["fingerprint"] != bundle.fingerprint
        or _key_part(lead["public_line"]) != _key_part(trusted.public_line)
        or (trusted.age_recipient and lead["age_recipient"] != trusted.age_recipient)
    ):
        raise _refuse(
            f"This assignment is signed by {bundle.fingerprint}, whose key card is not the lead "
            "it names.",
            "not-lead",
        )


def apply_assignment(session: Session, home: Home, checked: CheckedBundle) -> AssignmentOpened:
    """Open a verified assignment as (or into) a working visit, inside the caller's transaction.

    Accepted only when signed by the lead the assignment names, whose key this laptop trusts as
    its own council's staff and, for a visit already here, who sent its earlier assignments (see
    ``_check_assigning_lead``), and only when it is addressed to this laptop's own key. A later assignment keeps whatever was typed here; an older one than
    already opened is refused. Raises ImportRefusedError with one sentence.
    """
    bundle: VerifiedBundle = checked.bundle
    document = bundle.document
    visit_info = document.get("visit")
    if not isinstance(visit_info, dict) or not isinstance(visit_info.get("uuid"), str):
        raise _refuse("The assignment does not say which visit it belongs to.", "document")
    team = _team_from(document)
    lead = next((m for m in team if m["role"] == TeamRole.LEAD), None)
    existing = visit_by_uuid(session, visit_info["uuid"])
    own = read_public_identity(home.root)
    _check_assigning_lead(session, checked, lead, existing, own)
    assert lead is not None and own is not None
    auditor_name = str(document.get("auditor", ""))
    auditor = next((m for m in team if m["name"] == auditor_name), None)
    if auditor is None or auditor["fingerprint"] != own.fingerprint:
        raise _refuse(
            f"This assignment is for {auditor_name or 'someone else'}, not for this laptop's key.",
            "not-for-you",
        )
    if existing is not None and bundle.sequence <= existing.assignment_sequence:
        if bundle.sequence == existing.assignment_sequence:
            assert existing.id is not None
            return AssignmentOpened(
                existing.id,
                existing.title,
                auditor_name,
                lead["name"],
                0,
                0,
                0,
                0,
                0,
                True,
                str(document.get("organisation", {}).get("name", "")),
                "",
            )
        raise _refuse(
            f"This assignment (number {bundle.sequence}) is older than the one already opened "
            f"(number {existing.assignment_sequence}); ask {lead['name']} for the latest.",
            "older",
        )
    definitions = document.get("definitions")
    if not isinstance(definitions, dict):
        raise _refuse("The assignment carries no form definitions.", "document")
    try:
        states = [AuditState.from_json(item, definitions) for item in document.get("audits", [])]
    except AuditStateError as error:
        raise _refuse(f"The assignment cannot be read: {error}.", "document") from None
    council = str(document.get("organisation", {}).get("name", "")) or own.org
    key = str(document.get("pseudonym_key", ""))
    if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
        raise _refuse("The assignment carries no usable pseudonym key.", "document")
    visit = existing or Visit(
        uuid=visit_info["uuid"],
        title=str(visit_info.get("title", "")) or "Visit",
        host_organisation_id=0,
    )
    visit.title = str(visit_info.get("title", visit.title))
    visit.kind = str(visit_info.get("kind", visit.kind))
    host = ensure_organisation(session, str(visit_info.get("host", "")) or council)
    assert host.id is not None
    visit.host_organisation_id = host.id
    visit.lead_name = str(visit_info.get("lead_name", "") or lead["name"])
    for name in ("start_date", "end_date"):
        text = visit_info.get(name)
        setattr(visit, name, date.fromisoformat(text) if isinstance(text, str) else None)
    visit.line_of_enquiry = str(visit_info.get("line_of_enquiry", ""))
    visit.sample_seed, visit.sample_size, visit.sample_by = _sample_of(visit_info)
    visit.template_form_id = str(visit_info.get("template_form_id", visit.template_form_id))
    visit.status = "in_progress"
    visit.assigned_by = bundle.fingerprint
    visit.assignment_sequence = bundle.sequence
    session.add(visit)
    session.flush()
    assert visit.id is not None
    for old in session.exec(select(VisitMember).where(VisitMember.visit_id == visit.id)):
        session.delete(old)
    session.flush()
    for entry in team:
        session.add(
            VisitMember(
                visit_id=visit.id,
                organisation=entry["organisation"] or council,
                name=entry["name"],
                role=entry["role"],
                public_line=entry["public_line"],
                fingerprint=entry["fingerprint"],
                age_recipient=entry["age_recipient"],
            )
        )
    local = {a.uuid: a for a in session.exec(select(Audit).where(Audit.visit_id == visit.id))}
    keys = change_keys_of(session, [a.record_id for a in local.values()])
    writer = StateWriter(session, visit.id, definitions)
    added = updated = kept = 0
    for state in states:
        mine = local.pop(state.uuid, None)
        if mine is None:
            writer.insert(state, assigned_to=auditor_name)
            added += 1
            continue
        assert mine.id is not None
        here = keys.get(mine.record_id, set())
        if typed_keys(here) <= state.change_keys():
            writer.replace(mine.id, mine.record_id, state, here, assigned_to=auditor_name)
            updated += 1
        else:
            mine.assigned_to = auditor_name
            session.add(mine)
            kept += 1
    moved = 0
    holders = document.get("holders")
    holders = holders if isinstance(holders, dict) else {}
    for gone in local.values():  # moved to someone else: kept here, it goes back in the return
        # Its holder is now whoever the lead gave it to (the lead when the assignment does not
        # say: one made before assignments named holders).
        holder = holders.get(gone.uuid)
        holder = holder if isinstance(holder, str) and holder.strip() else lead["name"]
        if gone.assigned_to != holder:
            if gone.assigned_to == auditor_name:
                moved += 1
            gone.assigned_to = holder
            session.add(gone)
    session.flush()
    writer.flush()
    return AssignmentOpened(
        visit.id,
        visit.title,
        auditor_name,
        lead["name"],
        len(states),
        added,
        updated,
        kept,
        moved,
        False,
        council,
        key,
    )
