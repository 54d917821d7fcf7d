"""Visits: their details and team, the imported case list, the sample, and cases added or swapped.

A visit's imported case list is one ``visit_case_list`` row (``repositories.case_lists``); its
``visit_case`` rows are its audit list: the cases drawn in the sample (``"sample"``), added by
hand (``"added"``) or swapped in (``"swapped_in"``). A case taken off the audit list is kept, marked ``removed`` with the reason.
Every case on the audit list has exactly one audit (see ``repositories.audits``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from audit_tool import CaseList, SampleResult, draw_sample, read_case_list
from audit_tool.audit_register import last_audited_from_list
from desktop_app.store.bulk_work import collection_paused
from desktop_app.store.models import Audit, Visit, VisitCase, VisitMember
from desktop_app.store.repositories.audits import create_audit, delete_untouched_audit
from desktop_app.store.repositories.case_lists import (
    DamagedCaseListError,
    case_list_fields,
    case_list_rows,
    stored_case_list,
    write_case_list,
)
from desktop_app.store.vocabulary import AuditStatus, CaseSource, TeamRole, VisitStatus

CASE_LIST = CaseSource.CASE_LIST.value
SAMPLED = CaseSource.SAMPLE.value
ADDED = CaseSource.ADDED.value
SWAPPED_IN = CaseSource.SWAPPED_IN.value
ON_AUDIT_LIST = tuple(source.value for source in CaseSource if source.on_audit_list)
VISIT_STATUSES = tuple(status.value for status in VisitStatus)


class VisitError(ValueError):
    """A visit change that cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class TeamMember:
    """A person on a visit's team as the visit dialog edits them; ``role`` is a ``TeamRole``'s
    text (checked when the visit is saved)."""

    name: str
    role: str = TeamRole.AUDITOR
    organisation: str = ""


@dataclass
class VisitDetails:
    """What a person fills in to create or edit a visit."""

    title: str
    kind: str
    host_organisation_id: int
    lead_name: str = ""
    start_date: date | None = None
    end_date: date | None = None
    line_of_enquiry: str = ""
    template_form_id: str = "case-audit"
    status: str = "planned"
    team: list[TeamMember] = field(default_factory=list)


def _check_details(details: VisitDetails) -> None:
    if not details.title.strip():
        raise VisitError("A visit needs a title, e.g. 'SAV: the front door, March'.")
    if details.status not in VISIT_STATUSES:
        raise VisitError(f"'{details.status}' is not a visit status; use one of {VISIT_STATUSES}.")
    if details.start_date and details.end_date and details.end_date < details.start_date:
        raise VisitError("The visit ends before it starts; check the dates.")
    for member in details.team:
        try:
            TeamRole.stored(member.role)
        except ValueError:
            roles = ", ".join(TeamRole)
            raise VisitError(
                f"'{member.role}' is not a team role (for {member.name}); use one of {roles}."
            ) from None


def create_visit(session: Session, details: VisitDetails) -> Visit:
    _check_details(details)
    visit = Visit(
        title=details.title.strip(),
        kind=details.kind,
        host_organisation_id=details.host_organisation_id,
        lead_name=details.lead_name.strip(),
        start_date=details.start_date,
        end_date=details.end_date,
        line_of_enquiry=details.line_of_enquiry.strip(),
        template_form_id=details.template_form_id,
        status=details.status,
    )
    session.add(visit)
    session.flush()
    assert visit.id is not None
    set_team(session, visit.id, details.team)
    return visit


def update_visit(session: Session, visit_id: int, details: VisitDetails) -> Visit:
    _check_details(details)
    visit = get_visit(session, visit_id)
    visit.title = details.title.strip()
    visit.kind = details.kind
    visit.host_organisation_id = details.host_organisation_id
    visit.lead_name = details.lead_name.strip()
    visit.start_date = details.start_date
    visit.end_date = details.end_date
    visit.line_of_enquiry = details.line_of_enquiry.strip()
    visit.template_form_id = details.template_form_id
    visit.status = details.status
    session.add(visit)
    set_team(session, visit_id, details.team)
    session.flush()
    return visit


def get_visit(session: Session, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise VisitError(f"There is no visit {visit_id}; run 'critical-friend list visits'.")
    return visit


def visit_details(session: Session, visit_id: int) -> VisitDetails:
    """What the visit dialog shows when a visit is edited."""
    visit = get_visit(session, visit_id)
    return VisitDetails(
        title=visit.title,
        kind=visit.kind,
        host_organisation_id=visit.host_organisation_id,
        lead_name=visit.lead_name,
        start_date=visit.start_date,
        end_date=visit.end_date,
        line_of_enquiry=visit.line_of_enquiry,
        template_form_id=visit.template_form_id,
        status=visit.status,
        team=team_of(session, visit_id),
    )


def set_team(session: Session, visit_id: int, team: Sequence[TeamMember]) -> None:
    """Replace the team; a member kept by name keeps the keys from their key card."""
    keys: dict[str, tuple[str, str, str]] = {}
    for old in session.exec(select(VisitMember).where(VisitMember.visit_id == visit_id)):
        keys[old.name.casefold()] = (old.public_line, old.fingerprint, old.age_recipient)
        session.delete(old)
    session.flush()
    for member in team:
        if member.name.strip():
            public_line, fingerprint, age_recipient = keys.get(
                member.name.strip().casefold(), ("", "", "")
            )
            session.add(
                VisitMember(
                    visit_id=visit_id,
                    name=member.name.strip(),
                    role=str(TeamRole.stored(member.role)),
                    organisation=member.organisation.strip(),
                    public_line=public_line,
                    fingerprint=fingerprint,
                    age_recipient=age_recipient,
                )
            )
    session.flush()


def team_of(session: Session, visit_id: int) -> list[TeamMember]:
    rows = session.exec(
        select(VisitMember).where(VisitMember.visit_id == visit_id).order_by(col(VisitMember.id))
    )
    return [TeamMember(row.name, str(TeamRole.stored(row.role)), row.organisation) for row in rows]


# The case list ---------------------------------------------------------------------------------


def import_case_list(
    session: Session,
    visit_id: int,
    path: Path,
    sheet: str | None = None,
    *,
    keep_worker_names: bool = False,
) -> CaseList:
    """Read a CSV or workbook case list (``sheet``: which list of an Annex A workbook) and make
    it the visit's population (all or nothing).

    ``CaseListError`` from ``audit_tool`` passes through unchanged (it names row and column);
    nothing is stored unless the whole file is good. A new list replaces an earlier one, but
    only until the visit's audits have started (``VisitError``): the sampled children must stay
    in the list their audits were drawn from.
    """
    get_visit(session, visit_id)
    with collection_paused():
        case_list = read_case_list(path, sheet, keep_worker_names=keep_worker_names)
        store_case_list(session, visit_id, case_list)
    return case_list


def _audits_started(session: Session, visit_id: int) -> int:
    """How many of the visit's audits are no longer "not started"."""
    return int(
        session.exec(
            select(func.count())
            .select_from(Audit)
            .where(Audit.visit_id == visit_id, Audit.status != AuditStatus.NOT_STARTED.value)
        ).one()
    )


def store_case_list(session: Session, visit_id: int, case_list: CaseList) -> None:
    """Make ``case_list`` the visit's population, replacing an earlier one.

    One ``visit_case_list`` row in the session's transaction (see ``repositories.case_lists``),
    never a row per case. Refused
    (``VisitError``) once the visit's audits have started: the sampled children must stay in the
    list their audits were drawn from. A stored list that is damaged
    (``DamagedCaseListError``) may be imported again at any time, as long as the new one holds
    every sampled case.
    """
    if _audits_started(session, visit_id) and not _restores_damaged_list(
        session, visit_id, case_list
    ):
        raise VisitError(
            "Audits of this visit have already started, so its case list cannot be replaced (the "
            "sampled children would no longer be in it); nothing was imported. Make a new visit "
            "for another list."
        )
    write_case_list(session, visit_id, case_list)
    session.expire_all()


def _restores_damaged_list(session: Session, visit_id: int, case_list: CaseList) -> bool:
    """Whether ``case_list`` may take the place of the visit's stored list because that one is
    damaged; ``VisitError`` when it is damaged but the new one lacks a sampled case."""
    try:
        stored_case_list(session, visit_id)
    except DamagedCaseListError:
        listed = set(case_list.references)
        sampled = session.exec(
            select(VisitCase.case_reference).where(
                VisitCase.visit_id == visit_id, VisitCase.source == SAMPLED
            )
        )
        missing = sorted(set(sampled) - listed)
        if missing:
            more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
            raise VisitError(
                f"This list does not hold the sampled case {missing[0]}{more}, so it cannot "
                "replace the visit's damaged case list; import the list the sample was drawn from."
            ) from None
        return True
    return False


def audit_list(
    session: Session, visit_id: int, *, include_removed: bool = False
) -> list[VisitCase]:
    query = select(VisitCase).where(
        VisitCase.visit_id == visit_id, col(VisitCase.source).in_(ON_AUDIT_LIST)
    )
    if not include_removed:
        query = query.where(col(VisitCase.removed).is_(False))
    return list(session.exec(query.order_by(col(VisitCase.id))))


def draw_visit_sample(
    session: Session,
    visit_id: int,
    size: int,
    seed: int,
    *,
    by: str | None = None,
    exclude_within_days: int = 365,
    today: date | None = None,
    auditor: str = "",
) -> SampleResult:
    """Draw the sample from the imported case list, record the seed, and create an audit per case.

    Recently audited cases are left out by the list's own "last audited" column
    (``audit_tool.audit_register``), never by the audits this laptop holds, so the same list,
    size, seed and column draw the same sample on every laptop.

    ``SamplingError`` from ``audit_tool`` passes through unchanged. Refused once any audit of the
    visit has been started, so a sample is never silently replaced under the auditors' feet.
    """
    visit = get_visit(session, visit_id)
    cases = case_list_rows(session, visit_id)
    if not cases:
        raise VisitError("Import the visit's case list before drawing the sample.")
    current = audit_list(session, visit_id)
    if _audits_started(session, visit_id):
        raise VisitError(
            "Audits of this visit have already started, so the sample cannot be drawn again; "
            "add or swap cases by hand instead (Add case and Swap case on the visit page, or "
            f"'critical-friend visits cases --visit {visit_id} --add REF --reason TEXT', "
            "or --swap OLD NEW)."
        )
    result = draw_sample(
        cases,
        size,
        seed,
        by=by,
        last_audited=last_audited_from_list(cases),
        exclude_within_days=exclude_within_days,
        today=today,
    )
    for old in current:
        if old.source == SAMPLED:
            assert old.id is not None
            delete_untouched_audit(session, old.id)
            session.delete(old)
    session.flush()
    for case in result.chosen:
        visit_case = VisitCase(
            visit_id=visit_id,
            case_reference=case.reference,
            fields=json.dumps(case.fields, ensure_ascii=False),
            source=SAMPLED,
        )
        session.add(visit_case)
        session.flush()
        create_audit(session, visit, visit_case, auditor=auditor)
    visit.sample_seed = seed
    visit.sample_size = size
    visit.sample_by = result.by
    session.add(visit)
    session.flush()
    return result


def add_case(
    session: Session,
    visit_id: int,
    reference: str,
    reason: str,
    *,
    fields: dict[str, str] | None = None,
    auditor: str = "",
) -> Audit:
    """Put a case on the audit list by hand (the reason is required and kept)."""
    visit = get_visit(session, visit_id)
    reference = reference.strip()
    _check_new_case(session, visit_id, reference, reason)
    visit_case = VisitCase(
        visit_id=visit_id,
        case_reference=reference,
        fields=json.dumps(fields or case_list_fields(session, visit_id, reference)),
        source=ADDED,
        reason=reason.strip(),
    )
    session.add(visit_case)
    session.flush()
    return create_audit(session, visit, visit_case, auditor=auditor)


def swap_case(
    session: Session,
    visit_case_id: int,
    new_reference: str,
    reason: str,
    *,
    fields: dict[str, str] | None = None,
) -> Audit:
    """Replace a case on the audit list by another; both kept, the old one marked removed.

    The removed case's audit is deleted only while nothing has been recorded in it.
    """
    old = session.get(VisitCase, visit_case_id)
    if old is None or old.removed or old.source not in ON_AUDIT_LIST:
        raise VisitError("That case is not on the visit's audit list any more.")
    visit = get_visit(session, old.visit_id)
    new_reference = new_reference.strip()
    _check_new_case(session, old.visit_id, new_reference, reason)
    delete_untouched_audit(session, visit_case_id)
    old.removed = True
    old.removed_reason = reason.strip()
    session.add(old)
    replacement = VisitCase(
        visit_id=old.visit_id,
        case_reference=new_reference,
        fields=json.dumps(fields or case_list_fields(session, old.visit_id, new_reference)),
        source=SWAPPED_IN,
        reason=reason.strip(),
    )
    session.add(replacement)
    session.flush()
    previous = session.exec(select(Audit).where(Audit.visit_case_id == visit_case_id)).first()
    return create_audit(
        session, visit, replacement, auditor=previous.auditor if previous is not None else ""
    )


def _check_new_case(session: Session, visit_id: int, reference: str, reason: str) -> None:
    if not reference:
        raise VisitError("Give the case reference from the case system.")
    if len(reference) > 30:
        raise VisitError("A case reference is short (at most 30 characters); never a name.")
    if not reason.strip():
        raise VisitError("Say why this case is added or swapped; the reason is kept with it.")
    on_list = {case.case_reference for case in audit_list(session, visit_id)}
    if reference in on_list:
        raise VisitError(f"Case {reference} is already on this visit's audit list.")
