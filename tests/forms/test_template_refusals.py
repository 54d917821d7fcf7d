import textwrap
from pathlib import Path

import pytest

from forms import TemplateError, TemplateProblem, load_template, load_template_text

GOOD = """\
id: tiny
version: 1
title: Tiny
scales: [ofsted4]
sections:
  - id: main
    title: Main
    questions:
      - id: seen
        type: yes_no
        label: Seen?
      - id: grade
        type: grade
        scale: ofsted4
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(TemplateError) as caught:
        load_template_text(textwrap.dedent(text), "t.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_a_good_template_loads() -> None:
    definition = load_template_text(GOOD, "t.yaml")
    assert definition.id == "tiny"
    assert definition.question("seen").line == 9
    assert list(definition.scales) == ["ofsted4"]


def test_problem_string_is_file_line_message() -> None:
    assert str(TemplateProblem("a.yaml", 7, "bad")) == "a.yaml:7: bad"


def test_yaml_syntax_error_reports_yamls_line() -> None:
    found = problems_of("id: x\nversion: 1\ntitle: [unclosed\nsections: []\n")
    assert len(found) == 1
    assert found[0].startswith("t.yaml:4: YAML syntax error")


def test_empty_file_is_refused() -> None:
    assert problems_of("") == ["t.yaml:1: the file is empty"]


def test_unknown_key_is_refused_on_its_line() -> None:
    found = problems_of(
        GOOD.replace("        label: Seen?", "        label: Seen?\n        colour: red")
    )
    assert found == [
        "t.yaml:12: unknown key 'colour' in a question (allowed: calculate, choices, "
        "constraint, constraint_message, hint, id, label, questions, relevant, required, role, "
        "scale, text, type, warning, warning_message)"
    ]


def test_unknown_type_is_refused() -> None:
    found = problems_of(GOOD.replace("type: yes_no", "type: yes_maybe"))
    assert len(found) == 1
    assert found[0].startswith("t.yaml:10: unknown question type 'yes_maybe'")


def test_duplicate_question_ids_are_refused() -> None:
    assert problems_of(GOOD.replace("id: grade", "id: seen")) == [
        "t.yaml:12: the question id 'seen' is used twice"
    ]


def test_unknown_scale_in_list_and_on_grade_are_refused() -> None:
    found = problems_of(GOOD.replace("scales: [ofsted4]", "scales: [ofsted5]"))
    assert found[0].startswith("t.yaml:4: unknown scale 'ofsted5'")
    assert found[1] == "t.yaml:14: the scale 'ofsted4' is not listed in the template's 'scales'"


def test_grade_without_scale_is_refused() -> None:
    assert problems_of(GOOD.replace("        scale: ofsted4\n", "")) == [
        "t.yaml:13: the question 'grade' is a grade but has no scale"
    ]


def test_choice_type_without_choices_is_refused() -> None:
    assert problems_of(GOOD.replace("type: yes_no", "type: single_choice")) == [
        "t.yaml:10: the question 'seen' is a single_choice but has no choices"
    ]


def test_malformed_expression_is_refused_with_the_reason() -> None:
    found = problems_of(
        GOOD.replace("        label: Seen?", "        label: Seen?\n        relevant: grade ===")
    )
    assert len(found) == 1
    assert found[0].startswith(
        "t.yaml:12: the relevant expression of the question 'seen' is malformed"
    )


def test_expression_naming_an_unknown_id_is_refused() -> None:
    found = problems_of(
        GOOD.replace(
            "        label: Seen?", "        label: Seen?\n        relevant: grde == 'good'"
        )
    )
    assert found == [
        "t.yaml:12: the relevant expression 'grde == 'good'' refers to 'grde', which is not a "
        "question id in this template"
    ]


@pytest.mark.parametrize("version", ["0", "-2", "1.5", "'one'", "true"])
def test_version_must_be_a_positive_whole_number(version: str) -> None:
    found = problems_of(GOOD.replace("version: 1", f"version: {version}"))
    assert len(found) == 1
    assert found[0].startswith("t.yaml:2: version must be a")


def test_every_problem_is_reported_not_only_the_first() -> None:
    text = GOOD.replace("type: yes_no", "type: nope").replace("scale: ofsted4", "scale: sos99")
    text = text.replace("version: 1", "version: 0")
    found = problems_of(text)
    assert [line.split(":")[1] for line in found] == ["2", "10", "14"]


def test_more_than_one_grade_per_section_is_refused_except_overall() -> None:
    two_grades = GOOD + "      - id: grade2\n        type: grade\n        scale: ofsted4\n"
    assert problems_of(two_grades) == [
        "t.yaml:15: the section 'main' has more than one grade question (only a section of "
        "kind 'overall' may)"
    ]
    overall = two_grades.replace("    title: Main\n", "    title: Main\n    kind: overall\n")
    assert len(load_template_text(overall, "t.yaml").grade_questions()) == 2


def test_role_on_wrong_type_and_repeated_unique_role_are_refused() -> None:
    text = GOOD.replace("        label: Seen?", "        label: Seen?\n        role: escalation")
    text += (
        "      - id: again\n        type: yes_no\n        label: Again\n        role: escalation\n"
    )
    found = problems_of(text)
    assert found == ["t.yaml:19: the role 'escalation' is already given on line 12"]
    found = problems_of(
        GOOD.replace("        scale: ofsted4\n", "        scale: ofsted4\n        role: cohort\n")
    )
    assert found == ["t.yaml:15: the role 'cohort' needs a question of type single_choice"]


def test_repeat_ids_need_only_be_unique_inside_the_repeat() -> None:
    text = GOOD + textwrap.indent(
        textwrap.dedent(
            """\
            - id: actions
              type: repeat
              label: Actions
              questions:
                - {id: seen, type: text, label: What}
                - {id: due, type: date, label: Due, constraint: "value >= today() or seen == 'yes'"}
                - {id: due, type: date, label: Due again}
            """
        ),
        "      ",
    )
    assert problems_of(text) == ["t.yaml:21: the question id 'due' is used twice"]


def test_load_template_reports_the_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert str(caught.value.problems[0]).startswith(f"{path}:1: the template is missing")
