"""Tables for the DfE's published statistics, the neighbour model in use and Ofsted outcomes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from desktop_app.store.models.core import utcnow


class PublishedValue(SQLModel, table=True):
    """One published figure for a council: an indicator, period and series (council, region,
    england, neighbours_mean, neighbours_median), a number or a suppression code."""

    __tablename__ = "published_value"
    __table_args__ = (UniqueConstraint("organisation_id", "indicator_id", "period", "series"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    indicator_id: str = Field(foreign_key="indicator.id", index=True)
    period: str
    series: str
    value: float | None = None
    suppressed: str | None = None  # c, x, z, u, low, k
    neighbours_counted: int | None = None  # for the neighbours' series: how many had a number
    source: str = ""  # the file the figure came from


class PublishedProfile(SQLModel, table=True):
    """Which LA a council is in the DfE files, its neighbours, and which neighbour figure
    (mean or median) the profile shows."""

    __tablename__ = "published_profile"

    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True)
    old_la_code: str
    new_la_code: str = ""
    la_name: str = ""
    region_code: str = ""
    region_name: str = ""
    neighbour_model: str = ""
    neighbour_codes: str = "[]"  # JSON list of old LA codes, closest first
    neighbours_shown: str = "median"  # mean or median
    imported_at: datetime = Field(default_factory=utcnow)


class OfstedOutcomeRow(SQLModel, table=True):
    """An LA's latest ILACS judgements from Ofsted's published outcomes."""

    __tablename__ = "ofsted_outcome"

    la_code: str = Field(primary_key=True)  # ONS E-code
    old_la_code: str = Field(default="", index=True)
    la_name: str = ""
    region: str = ""
    inspection_date: date | None = None
    publication_date: date | None = None
    overall: str = ""
    leaders: str = ""
    help_and_protection: str = ""
    children_in_care: str = ""
    care_leavers: str = ""
    source: str = ""


class IndicatorSource(SQLModel, table=True):
    """A user's own mapping of an indicator to a published table's measure."""

    __tablename__ = "indicator_source"

    indicator_id: str = Field(foreign_key="indicator.id", primary_key=True)
    published_table: str
    measure_column: str
    filters: str = "{}"  # JSON: column -> value
    per_10000: bool = False
    census_30_september: bool = False
