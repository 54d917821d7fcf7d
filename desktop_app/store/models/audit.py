"""Visits, their case samples, audits and moderation."""

from __future__ import annotations

from datetime import date, datetime

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


class VisitMember(SQLModel, table=True):
    __tablename__ = "visit_member"

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", index=True)
    name: str
    role: str = "auditor"  # lead, auditor, moderator, observer
    organisation: str = ""


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
