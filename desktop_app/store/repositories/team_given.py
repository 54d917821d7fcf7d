"""Which cases of a visit the lead gave to which team member, for checking their returns.

Every assignment packed on the lead's laptop records the cases it carried under the recipient's
key fingerprint (kept in the ``setting`` table as JSON, one entry per visit), so a case moved to
someone else later is still known to have been held by its first auditor. A return may only
carry audits of cases its signer holds now or held before (issue 11 item 5).

Assignments packed before that record existed (older homes) left only their export log row.
For a member sent such an assignment, ``audits_sent_unrecorded`` falls back to what this laptop
made and sent: each audit's UUID, made here and carried only in assignment bundles encrypted to
their recipient, so an audit arriving under the UUID the lead's audit of that case has was sent
in an assignment (the case may have moved to someone else since; the merge rules decide then).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from desktop_app.store.models import Audit, ExportLog, Visit, VisitCase
from desktop_app.store.repositories.settings import get_setting, set_setting
from desktop_app.store.repositories.team_sent import visits_of_sent


def _key(visit: Visit) -> str:
    return f"team_cases_given.{visit.uuid}"


def record_given(
    session: Session, visit_id: int, fingerprint: str, references: Iterable[str]
) -> None:
    """Remember that the member with key ``fingerprint`` was sent these case references."""
    visit = session.get(Visit, visit_id)
    if visit is None or not fingerprint:
        return
    given: dict[str, list[str]] = dict(get_setting(session, _key(visit), {}) or {})
    cases = set(given.get(fingerprint, [])) | {r.strip().casefold() for r in references}
    given[fingerprint] = sorted(cases)
    set_setting(session, _key(visit), given)


def cases_held(session: Session, visit_id: int, name: str, fingerprint: str) -> set[str]:
    """Case references (casefolded) the member holds now (``assigned_to``) or was ever sent."""
    visit = session.get(Visit, visit_id)
    held = {
        reference.casefold()
        for reference in session.exec(
            select(Audit.case_reference).where(
                Audit.visit_id == visit_id, Audit.assigned_to == name
            )
        )
    }
    if visit is not None:
        held |= set((get_setting(session, _key(visit), {}) or {}).get(fingerprint, []))
    return held


def cases_on_list(session: Session, visit_id: int) -> set[str]:
    """Case references (casefolded) of the visit's audit list, removed ones included."""
    return {
        reference.strip().casefold()
        for reference in session.exec(
            select(VisitCase.case_reference).where(VisitCase.visit_id == visit_id)
        )
    }


def auditors_by_uuid(session: Session, visit_id: int) -> dict[str, set[str]]:
    """The auditor names already recorded here for each audit UUID of the visit."""
    result: dict[str, set[str]] = {}
    for uuid, auditor in session.exec(
        select(Audit.uuid, Audit.auditor).where(Audit.visit_id == visit_id)
    ):
        result.setdefault(uuid, set()).add(auditor)
    return result


def packed_before_records(session: Session, name: str) -> bool:
    """Whether an assignment bundle to ``name`` left this laptop before assignments recorded
    their cases and visit (an export log row of type visit-assignment to them, not recorded in
    ``team_sent``)."""
    linked = visits_of_sent(session)
    return any(
        identifier not in linked
        for identifier in session.exec(
            select(ExportLog.external_identifier).where(
                ExportLog.bundle_type == "visit-assignment", ExportLog.recipients == name
            )
        )
    )


def audits_sent_unrecorded(session: Session, visit_id: int, name: str) -> dict[str, str]:
    """Audit UUID -> case reference (casefolded) of the visit's audits made here, when ``name``
    was sent an assignment before records existed (``packed_before_records``); else empty."""
    if not packed_before_records(session, name):
        return {}
    return {
        uuid: reference.strip().casefold()
        for uuid, reference in session.exec(
            select(Audit.uuid, Audit.case_reference).where(Audit.visit_id == visit_id)
        )
    }
