"""Small builders for audit tests: a home council, a visit with a case list, filled audits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from desktop_app.store.models import Audit
from desktop_app.store.repositories.audits import refresh_audit_summary
from desktop_app.store.repositories.organisations import ensure_organisation
from desktop_app.store.repositories.records import save_answers
from desktop_app.store.repositories.visits import (
    TeamMember,
    VisitDetails,
    create_visit,
    import_case_list,
)


def write_cases(folder: Path, count: int = 40, name: str = "cases.csv") -> Path:
    cohorts = ["CIN", "CP", "CiC", "Early help"]
    lines = ["Case reference,Cohort,Team"]
    lines += [
        f"C{i:04d},{cohorts[i % 4]},Team {'North' if i % 2 else 'South'}" for i in range(count)
    ]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def new_visit(session: Session, title: str = "SAV: front door") -> int:
    council = ensure_organisation(session, "Anyshire County Council", is_home=True)
    assert council.id is not None
    visit = create_visit(
        session,
        VisitDetails(
            title=title,
            kind="sav",
            host_organisation_id=council.id,
            lead_name="A. Lead",
            team=[TeamMember("A. Lead", "lead"), TeamMember("M. Oderator", "moderator")],
        ),
    )
    assert visit.id is not None
    return visit.id


def visit_with_cases(session: Session, folder: Path, count: int = 40) -> int:
    visit_id = new_visit(session)
    import_case_list(session, visit_id, write_cases(folder, count))
    return visit_id


def audits_of(session: Session, visit_id: int) -> list[Audit]:
    return list(
        session.exec(select(Audit).where(Audit.visit_id == visit_id).order_by(col(Audit.id)))
    )


def grade_answers(overall: str, section: str = "good", **extra: Any) -> dict[str, Any]:
    """Answers for the shipped case-audit template (ids from that template; tests only)."""
    answers: dict[str, Any] = {
        f"{area}_grade": section
        for area in (
            "voice",
            "assessment",
            "planning",
            "direct_work",
            "oversight",
            "multi_agency",
            "recording",
            "impact",
        )
    }
    answers["overall_grade"] = overall
    answers["escalate"] = "no"
    answers.update(extra)
    return answers


def fill(session: Session, audit: Audit, answers: dict[str, Any], by: str = "Auditor A") -> None:
    assert audit.id is not None
    save_answers(session, audit.record_id, answers, by=by)
    refresh_audit_summary(session, audit.id)
