"""Store content for the bundle tests: a home council, a frozen self-assessment, a visit."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop_app.store.database import Database
from desktop_app.store.models import Assessment, AssessmentSnapshot, Audit, Moderation, Visit
from desktop_app.store.repositories.organisations import ensure_organisation
from desktop_app.store.repositories.records import canonical_json, create_record, save_answers
from forms import shipped_template

CASE_NOTE = "Seen at home with her brother; the plan was reviewed on time and she was heard."
NHS_NOTE = "Health records checked under NHS number 943 476 5919 at the GP."


@dataclass(frozen=True)
class StoredContent:
    assessment_id: int
    draft_assessment_id: int
    visit_id: int


def add_content(
    database: Database, council: str, *, know: str = "Leaders know their services well."
) -> StoredContent:
    """A ready (frozen) self-assessment, a draft one and a visit with two audits."""
    sa = shipped_template("self-assessment").to_snapshot()
    audit_form = shipped_template("case-audit").to_snapshot()
    with database.session() as session:
        home = ensure_organisation(session, council, is_home=True)
        assert home.id is not None
        answers: dict[str, Any] = {
            "leaders_know": know,
            "leaders_self_grade": "good",
            "period_covered": "April 2026 to March 2027",
        }
        record = create_record(session, sa, "self-assessment")
        assert record.id is not None
        save_answers(session, record.id, answers, by="Priya Lambert")
        ready = Assessment(
            organisation_id=home.id,
            period="2026-27",
            title="Self-assessment 2026-27",
            status="ready",
            record_id=record.id,
        )
        session.add(ready)
        session.flush()
        frozen = canonical_json(answers)
        assert ready.id is not None and record.definition_id is not None
        session.add(
            AssessmentSnapshot(
                assessment_id=ready.id,
                definition_id=record.definition_id,
                answers=frozen,
                sha256=hashlib.sha256(frozen.encode()).hexdigest(),
                created_by="Priya Lambert",
            )
        )
        draft_record = create_record(session, sa, "self-assessment")
        assert draft_record.id is not None
        save_answers(session, draft_record.id, {"leaders_know": "Draft words."}, by="Priya")
        draft = Assessment(
            organisation_id=home.id,
            period="2027-28",
            title="Self-assessment 2027-28",
            status="draft",
            record_id=draft_record.id,
        )
        session.add(draft)
        visit = Visit(
            title="SAV: front door",
            kind="sav",
            host_organisation_id=home.id,
            lead_name="Helen Marsh",
            start_date=date(2026, 5, 12),
        )
        session.add(visit)
        session.flush()
        assert visit.id is not None and draft.id is not None
        for reference, note, grade in (
            ("LL-100234", CASE_NOTE, "good"),
            ("LL-100777", NHS_NOTE, "inadequate"),
        ):
            audit_record = create_record(session, audit_form, "case-audit")
            assert audit_record.id is not None
            save_answers(
                session,
                audit_record.id,
                {
                    "case_reference": reference,
                    "overall_grade": grade,
                    "overall_rationale": note,
                    "team": f"Front door, case {reference}",
                },
                by="Tom Reilly",
            )
            audit = Audit(
                visit_id=visit.id,
                case_reference=reference,
                record_id=audit_record.id,
                auditor="Tom Reilly",
                status="complete",
            )
            session.add(audit)
            session.flush()
            assert audit.id is not None
            session.add(
                Moderation(
                    audit_id=audit.id,
                    question_id="overall_grade",
                    auditor_value=grade,
                    moderator_value=grade,
                    rationale=f"Agreed; {note}",
                    moderator="Martin Cole",
                )
            )
        return StoredContent(ready.id, draft.id, visit.id)


def bundle_json_text(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False)


def attach_evidence(
    database: Database, assessment_id: int, content: bytes, *, name: str, mime: str
) -> str:
    """Store `content` as an attachment of the frozen assessment's leaders' evidence (as its
    snapshot holds it); its SHA-256, the stored file's name."""
    from sqlmodel import select

    digest = hashlib.sha256(content).hexdigest()
    database.home.attachments.mkdir(parents=True, exist_ok=True)
    (database.home.attachments / digest).write_bytes(content)
    with database.session() as session:
        snapshot = session.exec(
            select(AssessmentSnapshot).where(AssessmentSnapshot.assessment_id == assessment_id)
        ).one()
        answers = json.loads(snapshot.answers)
        answers["leaders_evidence"] = [
            {"sha256": digest, "name": name, "size": len(content), "mime": mime}
        ]
        snapshot.answers = canonical_json(answers)
        session.add(snapshot)
    return digest
