"""Saving answers into a home as the form's autosave does (the shared cases' set_answers.py)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from desktop_app.home import Home
from desktop_app.store.database import open_database


def set_audit_answers(home: Path, audit_id: int, answers: Mapping[str, Any]) -> None:
    """Save `answers` on audit `audit_id`, then bring its status and escalation up to date."""
    from desktop_app.store.repositories.audits import get_audit, refresh_audit_summary
    from desktop_app.store.repositories.records import save_answer

    database = open_database(Home(home))
    try:
        with database.session() as session:
            audit = get_audit(session, audit_id)
            for question_id, value in answers.items():
                save_answer(session, audit.record_id, question_id, value, by="Łucja Wójcik")
            refresh_audit_summary(session, audit_id)
    finally:
        database.close()


def set_assessment_answers(home: Path, assessment_id: int, answers: Mapping[str, Any]) -> None:
    """Save `answers` on self-assessment `assessment_id`."""
    from desktop_app.store.repositories.assessments import save_assessment_answer

    database = open_database(Home(home))
    try:
        with database.session() as session:
            for question_id, value in answers.items():
                save_assessment_answer(
                    session, assessment_id, question_id, value, by="Priya Lambert"
                )
    finally:
        database.close()
