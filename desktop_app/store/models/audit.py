"""Visits, their case samples, audits and moderation."""

from __future__ import annotations

from datetime import date, datetime
from uuid import uuid4

from sqlmodel import Field, SQLModel

from desktop_app.store.models.core import utcnow


class Visit(SQLModel, table=True):
    """A peer visit (SAV, SAV MAX, PCTR) or the council's own audit round."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = "sav"  # sav, sav_max, pctr, monthly_qa, thematic
    title: str
    host_organisation_id: int = Field(foreign_key="organisation.id", index=True)
    lead_name: str = ""
    start_date: date | None = None
    end_date: date | None = None
    line_of_enquiry: str = ""
    template_form_id: str = "case-audit"
    status: str = "planned"  # planned, in_progress, moderation, complete
    sample_seed: int | None = None
    sample_size: int | None = None
    sample_by: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    # The visit's identity on every laptop of the team (see repositories.team).
    uuid: str = Field(default_factory=lambda: str(uuid4()), index=True)
    # On an auditor's laptop: the lead's key fingerprint and the assignment's Bundle-Sequence.
    assigned_by: str = ""
    assignment_sequence: int = 0


class VisitMember(SQLModel, table=True):
    __tablename__ = "visit_member"

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", index=True)
    name: str
    role: str = "auditor"  # lead, auditor, moderator, observer
    organisation: str = ""
    public_line: str = ""  # the member's OpenSSH signing key, from their key card
    fingerprint: str = Field(default="", index=True)
    age_recipient: str = ""


class VisitCase(SQLModel, table=True):
    """A case on the visit's audit list, from the sample or added by hand with a reason."""

    __tablename__ = "visit_case"

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", index=True)
    case_reference: str = Field(index=True)
    fields: str = "{}"  # JSON of the case-list columns
    source: str = "sample"  # sample, added, swapped_in
    reason: str = ""
    removed: bool = False
    removed_reason: str = ""
    added_at: datetime = Field(default_factory=utcnow)


class Audit(SQLModel, table=True):
    """One case-file audit; its answers live on its record."""

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", index=True)
    visit_case_id: int | None = Field(default=None, foreign_key="visit_case.id")
    case_reference: str = Field(index=True)
    record_id: int = Field(foreign_key="record.id")
    auditor: str = ""
    status: str = "not_started"  # not_started, in_progress, complete, moderated
    escalated: bool = Field(default=False, index=True)
    audited_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # The audit's identity on every laptop; one owner (the team member who holds it).
    uuid: str = Field(default_factory=lambda: str(uuid4()), index=True)
    assigned_to: str = ""
    conflict: bool = False


class Moderation(SQLModel, table=True):
    """A moderator's view of one grade: agreed or changed, with the rationale. Both kept."""

    id: int | None = Field(default=None, primary_key=True)
    audit_id: int = Field(foreign_key="audit.id", index=True)
    question_id: str
    auditor_value: str | None = None
    moderator_value: str | None = None
    rationale: str = ""
    moderator: str = ""
    moderated_at: datetime = Field(default_factory=utcnow)


class TeamReturn(SQLModel, table=True):
    """An audit return merged into a visit on the lead's laptop: from whom, when, which bundle."""

    __tablename__ = "team_return"

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", index=True)
    member_name: str
    fingerprint: str
    sequence: int
    external_identifier: str = Field(unique=True)
    tagmanifest_sha512: str = Field(unique=True)
    created: str = ""
    audits: int = 0
    conflicts: int = 0
    received_at: datetime = Field(default_factory=utcnow)


class AuditConflict(SQLModel, table=True):
    """Two states of one audit (or two audits of one case) for the lead to decide between.

    ``kind`` is ``same_audit`` (changed on two laptops) or ``same_case`` (audited by two people).
    ``first_audit_id`` is the state already on this laptop, ``second_audit_id`` the one that
    arrived. Once resolved, the state not kept is archived in ``discarded`` (JSON) with its
    change log, so nothing is lost.
    """

    __tablename__ = "audit_conflict"

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", index=True)
    kind: str
    case_reference: str
    first_audit_id: int | None = None
    second_audit_id: int | None = None
    first_by: str = ""
    second_by: str = ""
    resolution: str = ""  # "", first, second, both
    discarded: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None


class VisitCaseList(SQLModel, table=True):
    """A visit's imported case list (its population), one row a visit: the columns kept (JSON
    list of names), the reference column, the number of cases, and the cases themselves column by
    column (``cases``: zlib-compressed UTF-8 JSON, see ``repositories.case_lists``). Only the
    cases on the audit list are ``visit_case`` rows."""

    __tablename__ = "visit_case_list"

    visit_id: int = Field(foreign_key="visit.id", primary_key=True)
    column_names: str = "[]"
    reference_column: str = ""
    size: int = 0
    cases: bytes = b""
    added_at: datetime = Field(default_factory=utcnow)
