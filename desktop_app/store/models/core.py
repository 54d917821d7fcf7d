"""Core tables: organisations, people, settings, form definitions, records and their answers."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Organisation(SQLModel, table=True):
    """A council. Exactly one is the home council (the one this laptop works for)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    short_name: str = ""
    region: str = ""
    is_home: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class Person(SQLModel, table=True):
    """Someone who takes part: improvement lead, auditor, moderator, peer."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str
    role: str = ""
    email: str = ""


class Setting(SQLModel, table=True):
    """A remembered choice (JSON value), e.g. whether the first-start question was answered."""

    key: str = Field(primary_key=True)
    value: str = "null"


class FormDefinitionRow(SQLModel, table=True):
    """An immutable snapshot of a form definition as records were filled with it."""

    __tablename__ = "form_definition"
    __table_args__ = (UniqueConstraint("form_id", "version", "sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    form_id: str = Field(index=True)
    version: int
    title: str
    sha256: str
    snapshot: str  # canonical JSON of the definition
    created_at: datetime = Field(default_factory=utcnow)


class Record(SQLModel, table=True):
    """One filled-in form (a self-assessment, an audit...). Answers hang off it."""

    id: int | None = Field(default=None, primary_key=True)
    definition_id: int = Field(foreign_key="form_definition.id", index=True)
    kind: str = Field(index=True)
    read_only: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Answer(SQLModel, table=True):
    """The current answer to one top-level question of a record (JSON value).

    Answers to the audit form's ``overall_grade`` question are also in a small covering index,
    so the grade of every audit is read from the index alone (migration 0006).
    """

    __table_args__ = (
        Index(
            "ix_answer_overall_grade",
            "record_id",
            "question_id",
            "value",
            sqlite_where=text("question_id = 'overall_grade'"),
        ),
    )

    record_id: int = Field(foreign_key="record.id", primary_key=True)
    question_id: str = Field(primary_key=True)
    value: str  # JSON
    carried_over: bool = False
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = ""


class AnswerChange(SQLModel, table=True):
    """The audit trail: every change to an answer, who made it, when, old and new."""

    __tablename__ = "answer_change"

    id: int | None = Field(default=None, primary_key=True)
    record_id: int = Field(foreign_key="record.id", index=True)
    question_id: str = Field(index=True)
    old_value: str | None = None
    new_value: str | None = None
    changed_at: datetime = Field(default_factory=utcnow)
    changed_by: str = ""


class Attachment(SQLModel, table=True):
    """A file copied into the home, content-addressed by its SHA-256."""

    sha256: str = Field(primary_key=True)
    size: int
    mime: str = "application/octet-stream"
    created_at: datetime = Field(default_factory=utcnow)
