"""Self-assessment and data-profile tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from desktop_app.store.models.core import utcnow


class Assessment(SQLModel, table=True):
    """A council's self-assessment for one period, e.g. 2026-27."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    period: str = Field(index=True)
    title: str
    status: str = "draft"  # draft, ready, shared, closed
    record_id: int = Field(foreign_key="record.id")
    carried_from_id: int | None = Field(default=None, foreign_key="assessment.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class AssessmentSnapshot(SQLModel, table=True):
    """What peers see: frozen when the assessment was marked ready for challenge."""

    __tablename__ = "assessment_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True)
    definition_id: int = Field(foreign_key="form_definition.id")
    answers: str  # JSON, frozen
    sha256: str
    created_at: datetime = Field(default_factory=utcnow)
    created_by: str = ""


class Indicator(SQLModel, table=True):
    """A data-profile indicator (shipped catalogue or the user's own)."""

    id: str = Field(primary_key=True)
    title: str
    unit: str = ""
    higher_is_better: bool | None = None
    description: str = ""
    user_defined: bool = False
    sort_order: int = 0


class IndicatorValue(SQLModel, table=True):
    """One value: an indicator for a council and period, for one series."""

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("organisation_id", "indicator_id", "period", "series"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    indicator_id: str = Field(foreign_key="indicator.id", index=True)
    period: str
    series: str = "council"  # council, neighbours, region, england
    value: float
