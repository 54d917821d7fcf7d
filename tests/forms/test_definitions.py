import json

import pytest

from forms import (
    FormDefinition,
    TemplateError,
    load_scales,
    load_template_text,
    shipped_template,
    shipped_templates,
)
from forms.carry_over import carry_over

OLD = """\
id: f
version: 1
title: F
scales: [ofsted4]
sections:
  - id: s
    title: S
    questions:
      - {id: note_text, type: text, label: Note}
      - {id: seen, type: yes_no, label: Seen}
      - {id: cohort, type: single_choice, label: Cohort,
         choices: [{id: cin, label: CIN}, {id: cp, label: CP}]}
      - {id: grade, type: grade, scale: ofsted4}
      - {id: gone, type: text, label: Gone}
      - {id: count_of, type: number, label: Count}
      - id: actions
        type: repeat
        label: Actions
        questions:
          - {id: what, type: text, label: What}
          - {id: owner, type: text, label: Owner}
"""
NEW = (
    OLD.replace("version: 1", "version: 2")
    .replace("type: text, label: Note", "type: long_text, label: Note")
    .replace("type: yes_no,", "type: yes_no_partly,")
    .replace("{id: cp, label: CP}", "{id: cla, label: CLA}")
    .replace("      - {id: gone, type: text, label: Gone}\n", "")
    .replace("type: number, label: Count", "type: date, label: Count")
    .replace("          - {id: owner, type: text, label: Owner}\n", "")
)


def test_carry_over_keeps_compatible_answers_and_lists_the_rest() -> None:
    old_def = load_template_text(OLD, "old.yaml")
    new_def = load_template_text(NEW, "new.yaml")
    answers = {
        "note_text": "kept",
        "seen": "yes",
        "cohort": "cp",
        "grade": "good",
        "gone": "lost",
        "count_of": 3,
        "actions": [{"what": "Visit", "owner": "SW"}],
        "empty": "",
    }
    carried, dropped = carry_over(old_def, answers, new_def)
    assert carried == {
        "note_text": "kept",
        "seen": "yes",
        "grade": "good",
        "actions": [{"what": "Visit"}],
    }
    assert sorted(dropped) == ["actions[0].owner", "cohort", "count_of", "gone"]


def test_snapshot_round_trips_exactly_through_json() -> None:
    for definition in shipped_templates():
        snapshot = json.loads(json.dumps(definition.to_snapshot()))
        rebuilt = FormDefinition.from_snapshot(snapshot)
        assert rebuilt == definition
        assert rebuilt.to_snapshot() == snapshot
        assert set(snapshot["scales"]) == set(definition.scales)


def test_snapshot_with_bad_expression_or_missing_field_is_refused() -> None:
    snapshot = shipped_template("case-audit").to_snapshot()
    snapshot["sections"][0]["questions"][0]["relevant"] = "import os"
    with pytest.raises(TemplateError, match="malformed"):
        FormDefinition.from_snapshot(snapshot)
    del snapshot["sections"][0]["title"]
    with pytest.raises(TemplateError):
        FormDefinition.from_snapshot(snapshot)


def test_scales_are_data_with_labels_scores_and_good_or_better() -> None:
    scales = load_scales()
    ofsted = scales["ofsted4"]
    assert ofsted.ids() == [
        "outstanding",
        "good",
        "requires_improvement",
        "inadequate",
        "not_applicable",
    ]
    assert ofsted.label_of("requires_improvement") == "Requires improvement to be good"
    assert [ofsted.score_of(i) for i in ofsted.ids()] == [4, 3, 2, 1, None]
    assert ofsted.is_good_or_better("good") and not ofsted.is_good_or_better("inadequate")
    assert not ofsted.counts_in_statistics("not_applicable")
    sos = scales["sos10"]
    assert sos.ids()[:11] == [str(n) for n in range(11)]
    assert not sos.is_good_or_better("6") and sos.is_good_or_better("7")
    assert all(value.colour.startswith("#") for value in sos.values)


def test_case_audit_has_the_eight_graded_areas_overall_grade_and_escalation() -> None:
    audit = shipped_template("case-audit")
    graded = [s.title for s in audit.sections if s.kind == "graded"]
    assert len(graded) == 8
    assert graded[0] == "Voice and lived experience of the child"
    assert graded[-1].startswith("Impact")
    assert len(audit.grade_questions()) == 9
    assert audit.questions_with_role("overall_grade")[0].scale == "ofsted4"
    escalation = audit.questions_with_role("escalation")[0]
    assert escalation.type == "yes_no" and escalation.required
    reason = audit.questions_with_role("escalation_reason")[0]
    assert reason.relevant == "escalate == 'yes'"
    for role in (
        "case_reference",
        "cohort",
        "team",
        "age_band",
        "audit_date",
        "auditor",
        "actions",
        "strength_themes",
        "development_themes",
        "action_due",
    ):
        assert audit.questions_with_role(role), role
    cohort = audit.questions_with_role("cohort")[0]
    assert cohort.choice_ids() == [
        "early_help",
        "child_in_need",
        "child_protection",
        "child_in_care",
        "care_leaver",
    ]


def test_every_graded_section_has_prompts_and_conditional_evidence() -> None:
    audit = shipped_template("case-audit")
    for section in (s for s in audit.sections if s.kind == "graded"):
        prompts = [q for q in section.questions if q.type == "yes_no_partly"]
        assert 3 <= len(prompts) <= 5, section.id
        evidence = audit.question(f"{section.id}_evidence")
        assert evidence.required and evidence.relevant and evidence.constraint


def test_self_assessment_has_four_ilacs_areas_with_the_three_questions() -> None:
    assessment = shipped_template("self-assessment")
    areas = [s for s in assessment.sections if s.kind == "ilacs_area"]
    assert [s.title.split()[0] for s in areas] == [
        "Impact",
        "Experiences",
        "Experiences",
        "Experiences",
    ]
    for area in areas:
        labels = [q.label for q in area.questions]
        assert "What do we know about the quality and impact of practice?" in labels
        assert "How do we know it?" in labels
        assert "What are our plans for the next 12 months?" in labels
    assert len(assessment.questions_with_role("self_grade")) == 4
    assert len(assessment.questions_with_role("evidence")) == 4
    assert assessment.questions_with_role("lines_of_enquiry")[0].type == "repeat"


def test_all_shipped_templates_load_with_unique_ids_and_escalation() -> None:
    ids = [definition.id for definition in shipped_templates()]
    assert ids == ["case-audit", "case-audit-sos", "sav-front-door", "self-assessment"]
    for form_id in ("case-audit", "case-audit-sos", "sav-front-door"):
        definition = shipped_template(form_id)
        assert definition.questions_with_role("escalation")
        assert definition.questions_with_role("actions")
    assert shipped_template("case-audit-sos").scales.keys() == {"sos10"}
    with pytest.raises(KeyError, match="case-audit"):
        shipped_template("nope")
