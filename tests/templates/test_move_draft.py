"""Moving a self-assessment draft to a newer version of its template: what carries over, maps
and is dropped is shown by label, and the old answers stay in the change log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop_app.app.templates import InstallTemplate, install_template
from tests.helpers import run_cli
from tests.templates.fixtures import NEW_LABEL, OLD_LABEL, REMOVED_LABEL

ANSWERS = {
    "period_covered": "April 2025 to March 2026",
    "agreed_by": "Director of Children's Services",
    "leaders_know": "Leaders know the front door well; the quality of plans is uneven.",
    "leaders_self_grade": "good",
}


def _draft_on_version_1(database: Any) -> tuple[int, int]:
    from desktop_app.store.repositories.assessments import create_assessment
    from desktop_app.store.repositories.records import save_answers

    with database.session() as session:
        created = create_assessment(session, "2026-27", by="Avery Lead")
        assessment = created.assessment
        assert assessment.id is not None
        save_answers(session, assessment.record_id, ANSWERS, by="Avery Lead")
        return assessment.id, assessment.record_id


def test_a_draft_moves_to_version_2_by_its_mapping_keeping_old_answers_in_the_log(
    council_db: Any, app_context: Any, v2_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop_app.store.repositories.records import (
        answer_history,
        load_answers,
        record_definition,
    )

    assessment_id, record_id = _draft_on_version_1(council_db)
    install_template(app_context, InstallTemplate(v2_file))
    home = str(council_db.home.root)
    args = ["--home", home, "forms", "move-draft", "--assessment", str(assessment_id)]
    dry = run_cli(capsys, *args, "--to-version", "3", "--dry-run")
    assert dry.code == 0, dry.err
    assert "would move from version 2 to version 3" in dry.out
    assert "Carried over: 2" in dry.out and "Mapped: 1" in dry.out
    assert f"  - {OLD_LABEL} (now asked as “{NEW_LABEL}”)" in dry.out
    assert f"  - {REMOVED_LABEL} (version 3 removes this question)" in dry.out
    assert "leaders_know" not in dry.out  # labels, never internal ids
    with council_db.session() as session:
        assert record_definition(session, record_id).version == 2  # a dry run changes nothing

    moved = run_cli(capsys, *args, "--to-version", "3", "--by", "Avery Lead")
    assert moved.code == 0, moved.err
    with council_db.session() as session:
        assert record_definition(session, record_id).version == 3
        answers = load_answers(session, record_id)
        history = answer_history(session, record_id, ["agreed_by", "leaders_know"])
    assert answers == {
        "period_covered": ANSWERS["period_covered"],
        "leaders_understand": ANSWERS["leaders_know"],
        "leaders_self_grade": "good",
    }
    kept = {entry.question_id: entry for entry in history if entry.new_value is None}
    assert kept["agreed_by"].old_value == ANSWERS["agreed_by"]
    assert kept["leaders_know"].old_value == ANSWERS["leaders_know"]
    assert kept["agreed_by"].changed_by == "Avery Lead (moved to version 3)"

    again = run_cli(capsys, *args, "--to-version", "3")
    assert again.code == 2
    assert "on version 3 of its template; choose a newer version" in again.err


def test_a_version_that_is_not_installed_is_named(
    council_db: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assessment_id, _record = _draft_on_version_1(council_db)
    result = run_cli(
        capsys,
        "--home",
        str(council_db.home.root),
        "forms",
        "move-draft",
        "--assessment",
        str(assessment_id),
        "--to-version",
        "3",
    )
    assert result.code == 2
    assert "There is no version 3 of 'self-assessment' (versions here: 2)" in result.err


def test_next_year_from_last_year_maps_the_renamed_question(
    council_db: Any, app_context: Any, v2_file: Path
) -> None:
    from desktop_app.store.repositories.assessments import create_assessment
    from desktop_app.store.repositories.records import load_answers

    _draft_on_version_1(council_db)
    install_template(app_context, InstallTemplate(v2_file))
    with council_db.session() as session:
        created = create_assessment(session, "2027-28", by="Avery Lead", from_last_year=True)
        answers = load_answers(session, created.assessment.record_id)
    assert answers["leaders_understand"] == ANSWERS["leaders_know"]
    assert created.not_carried == ["agreed_by"]
    assert created.not_carried_labels == [f"{REMOVED_LABEL} (version 3 removes this question)"]


def test_move_this_draft_in_the_window(
    qtbot: Any, council_db: Any, app_context: Any, v2_file: Path
) -> None:
    from desktop_app.ui.assessment.move_draft_dialog import MoveDraftDialog
    from desktop_app.ui.screens.assessments import AssessmentsScreen
    from desktop_app.ui.services import AppServices

    assessment_id, _record = _draft_on_version_1(council_db)
    services = AppServices(council_db.home)
    try:
        screen = AssessmentsScreen(services)
        qtbot.addWidget(screen)
        page = screen.open_assessment(assessment_id)
        assert page.move_button.isHidden()  # nothing newer yet
        install_template(app_context, InstallTemplate(v2_file))
        page = screen.open_assessment(assessment_id)
        assert not page.move_button.isHidden()
        assert page.move_button.text() == "Move to version 3…"
        page.move_button.click()
        dialog = page.findChild(MoveDraftDialog)
        assert dialog is not None and dialog.isVisible()
        leaders = "Impact of leaders on social work practice with children and families"
        assert dialog.texts("mapped") == [f"{leaders} › {OLD_LABEL}  →  {NEW_LABEL}"]
        assert dialog.texts("dropped") == [
            f"About this self-assessment › {REMOVED_LABEL}  (version 3 removes this question)"
        ]
        assert dialog.texts("carried")[0] == "About this self-assessment › Period covered"
        dialog.move_button.click()
        qtbot.waitUntil(lambda: page.form.definition.version == 3)
        assert page.form.answers()["leaders_understand"] == ANSWERS["leaders_know"]
        assert page.move_button.isHidden()
        assert page.status_chip.text() == "Draft"
    finally:
        services.close()
