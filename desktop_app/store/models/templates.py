"""Templates a council installed into its home (from a file or a signed bundle)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from desktop_app.store.models.core import utcnow


class CouncilTemplate(SQLModel, table=True):
    """One installed template version: the file as it came (YAML or XLSForm workbook), and the
    checked definition it reads to. The newest version of an id, shipped or installed, is the one
    new records use."""

    __tablename__ = "council_template"
    __table_args__ = (UniqueConstraint("form_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    form_id: str = Field(index=True)
    version: int
    title: str
    source_name: str  # the file name it was installed from
    source_format: str  # "yaml" or "xlsx"
    source: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    definition_id: int = Field(foreign_key="form_definition.id")
    installed_from: str = ""  # "file", or the council whose signed bundle carried it
    installed_at: datetime = Field(default_factory=utcnow)
