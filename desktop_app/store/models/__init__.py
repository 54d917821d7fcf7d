"""SQLModel tables. Importing this package registers every table on SQLModel.metadata."""

from desktop_app.store.models.assessment import (
    Assessment,
    AssessmentSnapshot,
    Indicator,
    IndicatorValue,
)
from desktop_app.store.models.audit import (
    Audit,
    AuditConflict,
    Moderation,
    TeamReturn,
    Visit,
    VisitCase,
    VisitCaseList,
    VisitMember,
)
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
from desktop_app.store.models.published import (
    IndicatorSource,
    OfstedOutcomeRow,
    PublishedProfile,
    PublishedValue,
)
from desktop_app.store.models.templates import CouncilTemplate

__all__ = [
    "Answer",
    "AnswerChange",
    "Assessment",
    "AssessmentSnapshot",
    "Attachment",
    "Audit",
    "AuditConflict",
    "ChallengeAnswerChange",
    "ChallengeNote",
    "CouncilTemplate",
    "ExportLog",
    "FormDefinitionRow",
    "ImportedBundle",
    "Indicator",
    "IndicatorSource",
    "IndicatorValue",
    "Moderation",
    "OfstedOutcomeRow",
    "Organisation",
    "Person",
    "PlanAction",
    "PlanProgressNote",
    "PublishedProfile",
    "PublishedValue",
    "Record",
    "Setting",
    "TeamReturn",
    "TrustedKey",
    "Visit",
    "VisitCase",
    "VisitCaseList",
    "VisitMember",
]
