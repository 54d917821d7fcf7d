"""`data/bundle.json`: what a bundle carries, collected from the store with privacy by default.

Format (version 1):
{"format": "critical-friend-bundle", "format_version": 1, "bundle_type", "organisation": {...},
 "created", "privacy": {...}, "definitions": {sha256: definition snapshot},
 "assessments": [...], "visits": [...], "data_profile": [...], "attachments": [...]}

Self-assessments travel as the snapshot frozen when they were marked ready for challenge (a
draft's current answers only when the user asks). Case references are pseudonymised; free-text
case evidence (long-text answers of audits, moderation rationales, audit attachments) is left
out unless the user opts in.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from desktop_app.exchange.answer_privacy import LEFT_OUT as LEFT_OUT  # re-exported: tests, callers
from desktop_app.exchange.answer_privacy import AnswerPrivacy
from desktop_app.exchange.pseudonyms import CasePseudonyms
from desktop_app.store.models import (
    Assessment,
    AssessmentSnapshot,
    Audit,
    FormDefinitionRow,
    Indicator,
    IndicatorValue,
    Moderation,
    Organisation,
    PublishedProfile,
    PublishedValue,
    Record,
    Visit,
    VisitMember,
)
from desktop_app.store.repositories.audits import audit_owner
from desktop_app.store.repositories.counted import visit_cases
from desktop_app.store.repositories.findings import sqlite_connection
from desktop_app.store.repositories.records import (
    answers_of_records,
    canonical_json,
    shared_answers,
)
from desktop_app.store.vocabulary import AuditStatus, BundleType
from forms import FormDefinition, Question
from forms.answer_checks import is_attachment
from forms.relevance import relevant_answers

DOCUMENT_FORMAT = "critical-friend-bundle"
DOCUMENT_FORMAT_VERSION = 1
_FROZEN_STATUSES = ("ready", "shared", "closed")


class ExportContentError(Exception):
    """What was asked for cannot go into a bundle; the message says why and what to do."""


@dataclass(frozen=True)
class DocumentOptions:
    include_case_notes: bool = False
    include_drafts: bool = False


@dataclass
class BundleContent:
    """The document being built and the attachment files it names."""

    definitions: dict[str, dict[str, Any]] = field(default_factory=dict)
    assessments: list[dict[str, Any]] = field(default_factory=list)
    visits: list[dict[str, Any]] = field(default_factory=list)
    data_profile: list[dict[str, Any]] = field(default_factory=list)
    attachments: dict[str, dict[str, Any]] = field(default_factory=dict)
    attachment_files: dict[str, Path] = field(default_factory=dict)


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


class BundleDocumentBuilder:
    """Collects assessments and visits from one session into a bundle document."""

    def __init__(
        self,
        session: Session,
        *,
        attachments_dir: Path,
        pseudonyms: CasePseudonyms,
        options: DocumentOptions,
        on_attachment: Callable[[Path], None] | None = None,
    ) -> None:
        """`on_attachment` is told each attachment file as it is taken (e.g. to start hashing
        it while the rest of the document is built)."""
        self.session = session
        self.on_attachment = on_attachment
        self.attachments_dir = Path(attachments_dir)
        self.pseudonyms = pseudonyms
        self.options = options
        self.content = BundleContent()
        self._organisations: set[int] = set()
        self._parsed: dict[int, tuple[str, FormDefinition]] = {}
        self._by_digest: dict[str, FormDefinition] = {}
        # Each definition's privacy rules, worked out once (not per audit).
        self._privacy: dict[str, AnswerPrivacy] = {}

    # definitions and attachments ------------------------------------------------------------
    def _definition(self, definition_id: int) -> tuple[str, FormDefinition]:
        if definition_id in self._parsed:
            return self._parsed[definition_id]
        row = self.session.get(FormDefinitionRow, definition_id)
        if row is None:
            raise ExportContentError(f"Form definition {definition_id} is missing from the store.")
        snapshot = json.loads(row.snapshot)
        self.content.definitions[row.sha256] = snapshot
        parsed = FormDefinition.from_snapshot(snapshot)
        self._parsed[definition_id] = (row.sha256, parsed)
        self._by_digest[row.sha256] = parsed
        return row.sha256, parsed

    def _take_attachments(self, value: Any) -> None:
        items = value if isinstance(value, list) else [value]
        for item in items:
            if not is_attachment(item):
                continue
            digest = str(item["sha256"]).lower()
            source = self.attachments_dir / digest
            if not source.is_file():
                raise ExportContentError(
                    f"The attached file {item['name']!r} is missing from {self.attachments_dir}; "
                    "attach it again or remove it before exporting."
                )
            if self.on_attachment is not None and digest not in self.content.attachment_files:
                self.on_attachment(source)
            self.content.attachment_files[digest] = source
            self.content.attachments[digest] = {
                "sha256": digest,
                "name": item["name"],
                "size": item["size"],
                "mime": item["mime"],
                "path": f"data/attachments/{digest}",
            }

    # assessments ----------------------------------------------------------------------------
    def add_assessment(self, assessment_id: int) -> str:
        assessment = self.session.get(Assessment, assessment_id)
        if assessment is None:
            raise ExportContentError(f"There is no self-assessment {assessment_id}.")
        snapshot = self.session.exec(
            select(AssessmentSnapshot)
            .where(AssessmentSnapshot.assessment_id == assessment_id)
            .order_by(col(AssessmentSnapshot.created_at).desc(), col(AssessmentSnapshot.id).desc())
        ).first()
        entry: dict[str, Any] = {
            "title": assessment.title,
            "period": assessment.period,
            "status": assessment.status,
            "organisation": self._organisation_name(assessment.organisation_id),
        }
        if snapshot is not None and assessment.status in _FROZEN_STATUSES:
            digest, _definition = self._definition(snapshot.definition_id)
            answers = json.loads(snapshot.answers)
            entry.update(
                frozen=True,
                frozen_at=_iso(snapshot.created_at),
                frozen_by=snapshot.created_by,
                snapshot_sha256=snapshot.sha256,
            )
        elif self.options.include_drafts:
            record = self.session.get(Record, assessment.record_id)
            if record is None:
                raise ExportContentError(f"Self-assessment {assessment_id} has no record.")
            digest, _definition = self._definition(record.definition_id)
            answers = shared_answers(self.session, assessment.record_id)
            entry.update(frozen=False, draft_as_of=datetime.now(UTC).isoformat(timespec="seconds"))
        else:
            raise ExportContentError(
                f"{assessment.title!r} is still a draft: mark it ready for challenge (which "
                "freezes what peers see), or choose to share the draft as it stands."
            )
        self._take_attachments([item for value in answers.values() for item in _as_list(value)])
        entry.update(definition=digest, answers=answers)
        self.content.assessments.append(entry)
        self._organisations.add(assessment.organisation_id)
        return f"self-assessment {assessment.title}"

    def _organisation_name(self, organisation_id: int) -> str:
        organisation = self.session.get(Organisation, organisation_id)
        return organisation.name if organisation is not None else ""

    # visits ---------------------------------------------------------------------------------
    def add_visit(self, visit_id: int) -> str:
        visit = self.session.get(Visit, visit_id)
        if visit is None:
            raise ExportContentError(f"There is no visit {visit_id}.")
        members = self.session.exec(
            select(VisitMember)
            .where(VisitMember.visit_id == visit_id)
            .order_by(col(VisitMember.id))
        )
        audits = list(
            self.session.exec(
                select(Audit).where(Audit.visit_id == visit_id).order_by(col(Audit.id))
            )
        )
        for audit in audits:  # every reference known first, so any text naming one is caught
            self.pseudonyms(audit.case_reference)
        answers = answers_of_records(self.session, [audit.record_id for audit in audits])
        definitions: dict[int, int] = {}
        for record_id, definition_id in self.session.connection().execute(
            sa_select(col(Record.id), col(Record.definition_id))
            .join(Audit, col(Audit.record_id) == col(Record.id))
            .where(col(Audit.visit_id) == visit_id)
        ):
            if record_id is not None:
                definitions[record_id] = definition_id
        moderations: dict[int, list[Moderation]] = {}
        for row in self.session.exec(
            select(Moderation)
            .join(Audit, col(Audit.id) == col(Moderation.audit_id))
            .where(Audit.visit_id == visit_id)
            .order_by(col(Moderation.id))
        ):
            moderations.setdefault(row.audit_id, []).append(row)
        audit_entries = [
            self._audit_entry(
                audit,
                definitions.get(audit.record_id),
                answers.get(audit.record_id, {}),
                moderations.get(audit.id or 0, []),
            )
            for audit in audits
        ]
        self.content.visits.append(
            {
                "title": visit.title,
                "kind": visit.kind,
                "host": self._organisation_name(visit.host_organisation_id),
                "lead_name": visit.lead_name,
                "start_date": _iso(visit.start_date),
                "end_date": _iso(visit.end_date),
                "line_of_enquiry": visit.line_of_enquiry,
                "status": visit.status,
                "members": [
                    {"name": m.name, "role": m.role, "organisation": m.organisation}
                    for m in members
                ],
                "audits": audit_entries,
                "findings": _findings(
                    self._counted(visit_id, audits, audit_entries), self._by_digest
                ),
            }
        )
        return f"visit {visit.title} ({len(audits)} audits)"

    def _counted(
        self, visit_id: int, audits: list[Audit], entries: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """One entry per case for the findings: its counted audit's, at risk when any audit of
        the case escalated (a case kept as two audits is one child; ``counted``)."""
        by_id = {audit.id: entry for audit, entry in zip(audits, entries, strict=True)}
        return [
            {**by_id[case.counted_id], "escalated": case.escalated}
            for case in visit_cases(sqlite_connection(self.session), visit_id)
            if case.counted_id in by_id
        ]

    def _audit_entry(
        self,
        audit: Audit,
        definition_id: int | None,
        stored_answers: dict[str, Any],
        moderation: list[Moderation],
    ) -> dict[str, Any]:
        if definition_id is None:
            raise ExportContentError(f"Audit {audit.id} has no record.")
        pseudonym = self.pseudonyms(audit.case_reference)
        digest, definition = self._definition(definition_id)
        # answers hidden by a later answer never leave the form (forms.relevance.relevant_answers)
        privacy = self._privacy.get(digest)
        if privacy is None:
            privacy = self._privacy[digest] = AnswerPrivacy(
                definition.iter_questions(),
                case_notes=self.options.include_case_notes,
                pseudonyms=self.pseudonyms,
                take_attachments=self._take_attachments,
            )
        answers = privacy.private(relevant_answers(definition, stored_answers))
        return {
            "title": f"Audit of case {pseudonym}",
            "case": pseudonym,
            "auditor": audit_owner(audit),
            "status": audit.status,
            "escalated": audit.escalated,
            "audited_on": _iso(audit.audited_on),
            "definition": digest,
            "answers": answers,
            "moderation": [
                {
                    "question_id": m.question_id,
                    "auditor_value": m.auditor_value,
                    "moderator_value": m.moderator_value,
                    "rationale": m.rationale if self.options.include_case_notes else LEFT_OUT,
                    "moderator": m.moderator,
                    "moderated_at": _iso(m.moderated_at),
                }
                for m in moderation
            ],
        }

    # data profile and the whole document ------------------------------------------------------
    def la_codes(self, organisation_id: int) -> dict[str, str]:
        """The council's LA codes as the DfE publishes them (``la_code`` the old 3-digit code,
        ``new_la_code`` the ONS E-code), from its imported published figures; empty when it
        imported none. Receivers match the council's Ofsted outcomes by these codes."""
        profile = self.session.get(PublishedProfile, organisation_id)
        if profile is None or not profile.old_la_code:
            return {}
        return {"la_code": profile.old_la_code, "new_la_code": profile.new_la_code}

    def _neighbours_figures(self, organisation_id: int) -> tuple[str, set[tuple[str, str]]]:
        """(mean or median, the (indicator, period) pairs whose neighbours' value is that
        published figure) for a council with imported published figures; ("", set()) else."""
        profile = self.session.get(PublishedProfile, organisation_id)
        if profile is None:
            return "", set()
        rows = self.session.connection().execute(
            sa_select(col(PublishedValue.indicator_id), col(PublishedValue.period))
            .where(col(PublishedValue.organisation_id) == organisation_id)
            .distinct()
        )
        figure = "mean" if profile.neighbours_shown == "mean" else "median"
        return figure, {(str(indicator), str(period)) for indicator, period in rows}

    def add_data_profile(self) -> None:
        """Every value of the councils' data profiles; a neighbours' value taken from the DfE's
        published figures says which figure it is (``neighbours_figure``: mean or median; a
        hand-typed one, or one from an older version, does not say)."""
        indicators = {row.id: row for row in self.session.exec(select(Indicator))}
        for organisation_id in sorted(self._organisations):
            figure, published = self._neighbours_figures(organisation_id)
            values = self.session.exec(
                select(IndicatorValue)
                .where(IndicatorValue.organisation_id == organisation_id)
                .order_by(IndicatorValue.indicator_id, IndicatorValue.period, IndicatorValue.series)
            )
            for value in values:
                indicator = indicators.get(value.indicator_id)
                self.content.data_profile.append(
                    {
                        "organisation": self._organisation_name(organisation_id),
                        "indicator": value.indicator_id,
                        "title": indicator.title if indicator else value.indicator_id,
                        "unit": indicator.unit if indicator else "",
                        "higher_is_better": indicator.higher_is_better if indicator else None,
                        "period": value.period,
                        "series": value.series,
                        "value": value.value,
                    }
                )
                if value.series == "neighbours" and (value.indicator_id, value.period) in published:
                    self.content.data_profile[-1]["neighbours_figure"] = figure

    def document(self, *, bundle_type: str, organisation: dict[str, str]) -> dict[str, Any]:
        notes = "included" if self.options.include_case_notes else "left out"
        return {
            "format": DOCUMENT_FORMAT,
            "format_version": DOCUMENT_FORMAT_VERSION,
            "bundle_type": bundle_type,
            "organisation": organisation,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "privacy": {"case_references": "pseudonymised", "case_notes": notes},
            "definitions": self.content.definitions,
            "assessments": self.content.assessments,
            "visits": self.content.visits,
            "data_profile": self.content.data_profile,
            "attachments": [
                self.content.attachments[key] for key in sorted(self.content.attachments)
            ],
        }


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _findings(
    audits: list[dict[str, Any]], definitions: dict[str, FormDefinition]
) -> dict[str, Any]:
    """How the visit's audits came out: overall grades, % good or better, escalations; ``audits``
    holds one entry per case (``_counted``), so every figure counts a case once."""
    grades: dict[str, int] = {}
    counted = good = 0
    overall: dict[str, list[Question]] = {}  # by definition digest, looked up once
    for audit in audits:
        digest = audit["definition"]
        definition = definitions[digest]
        if digest not in overall:
            overall[digest] = definition.questions_with_role("overall_grade")
        for question in overall[digest]:
            value = audit["answers"].get(question.id)
            scale = definition.scale_for(question)
            if not isinstance(value, str) or scale is None:
                continue
            label = scale.label_of(value)
            grades[label] = grades.get(label, 0) + 1
            if scale.counts_in_statistics(value):
                counted += 1
                good += int(scale.is_good_or_better(value))
    return {
        "audits": len(audits),
        "complete": sum(1 for audit in audits if AuditStatus(audit["status"]).finished),
        "escalated": sum(1 for audit in audits if audit["escalated"]),
        "overall_grades": grades,
        "good_or_better_percent": round(100 * good / counted, 1) if counted else None,
    }


def self_assessment_document(
    *,
    organisation: dict[str, str],
    title: str,
    period: str,
    definition_snapshot: dict[str, Any],
    answers: dict[str, Any],
    frozen_by: str,
) -> dict[str, Any]:
    """A bundle document for one frozen self-assessment given directly (not from the store),
    e.g. the demo's bundles from peer councils."""
    digest = hashlib.sha256(canonical_json(definition_snapshot).encode("utf-8")).hexdigest()
    frozen = canonical_json(answers)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return {
        "format": DOCUMENT_FORMAT,
        "format_version": DOCUMENT_FORMAT_VERSION,
        "bundle_type": BundleType.SELF_ASSESSMENT.value,
        "organisation": organisation,
        "created": now,
        "privacy": {"case_references": "pseudonymised", "case_notes": "left out"},
        "definitions": {digest: definition_snapshot},
        "assessments": [
            {
                "title": title,
                "period": period,
                "status": "ready",
                "organisation": organisation.get("name", ""),
                "frozen": True,
                "frozen_at": now,
                "frozen_by": frozen_by,
                "snapshot_sha256": hashlib.sha256(frozen.encode("utf-8")).hexdigest(),
                "definition": digest,
                "answers": answers,
            }
        ],
        "visits": [],
        "data_profile": [],
        "attachments": [],
    }
