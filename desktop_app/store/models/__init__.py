"""SQLModel tables. Importing this package registers every table on SQLModel.metadata."""

from desktop_app.store.models.assessment import (
    Assessment,
    AssessmentSnapshot,
    Indicator,
    IndicatorValue,
)
from desktop_app.store.models.audit import Audit, Moderation, Visit, VisitCase, VisitMember
from desktop_app.store.models.core import (
    Answer,
    AnswerChange,
    Attachment,
    FormDefinitionRow,
    Organisation,
    Person,
    Record,
    Setting,
)
from desktop_app.store.models.exchange import ChallengeNote, ExportLog, ImportedBundle, TrustedKey
from desktop_app.store.models.plan import ChallengeAnswerChange, PlanAction, PlanProgressNote

__all__ = [
    "Answer",
    "AnswerChange",
    "Assessment",
    "AssessmentSnapshot",
    "Attachment",
    "Audit",
    "ChallengeAnswerChange",
    "ChallengeNote",
    "ExportLog",
    "FormDefinitionRow",
    "ImportedBundle",
    "Indicator",
    "IndicatorValue",
    "Moderation",
    "Organisation",
    "Person",
    "PlanAction",
    "PlanProgressNote",
    "Record",
    "Setting",
    "TrustedKey",
    "Visit",
    "VisitCase",
    "VisitMember",
]
