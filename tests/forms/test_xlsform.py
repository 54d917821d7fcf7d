"""Templates in a spreadsheet (the XLSForm layout): every shipped template round-trips, a
hand-written thematic audit reads, and problems name their cell."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from forms import TemplateError, shipped_templates
from forms.xlsform_expressions import from_xlsform, to_xlsform
from forms.xlsform_reader import load_xlsform, load_xlsform_bytes
from forms.xlsform_writer import xlsform_bytes

NEGLECT = Path(__file__).resolve().parents[2] / "forms" / "examples" / "neglect-audit.xlsx"


def _without_lines(value: Any) -> Any:
    """A snapshot without source lines (a YAML line and a spreadsheet cell differ)."""
    if isinstance(value, dict):
        return {key: _without_lines(item) for key, item in value.items() if key != "line"}
    if isinstance(value, list):
        return [_without_lines(item) for item in value]
    return value


def _workbook(
    survey: list[list[Any]], choices: list[list[Any]] | None = None, **settings: Any
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    if choices is not None:
        sheet = workbook.create_sheet("choices")
        for row in [["list_name", "name", "label"], *choices]:
            sheet.append(row)
    sheet = workbook.create_sheet("settings")
    values = {"form_id": "thematic", "version": 1, "form_title": "Thematic audit", **settings}
    sheet.append(list(values))
    sheet.append(list(values.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("definition", shipped_templates(), ids=lambda d: d.id)
def test_every_shipped_template_round_trips_through_the_spreadsheet(definition: Any) -> None:
    back = load_xlsform_bytes(xlsform_bytes(definition), f"{definition.id}.xlsx")
    assert _without_lines(back.to_snapshot()) == _without_lines(definition.to_snapshot())


def test_the_hand_written_neglect_audit_reads_with_its_types_and_rules() -> None:
    definition = load_xlsform(NEGLECT)
    assert (definition.id, definition.version) == ("neglect-audit", 1)
    types = {question.id: question.type for question in definition.iter_questions()}
    assert types["areas"] == "multi_choice"
    assert types["chronology_used"] == "yes_no"
    assert types["lived_experience"] == "long_text"
    assert types["overall_grade"] == "grade"
    assert types["missed_health"] == "number"
    gcp_date = definition.question("gcp_date")
    assert gcp_date.relevant == "gcp_used == 'yes'"
    assert gcp_date.constraint == "audit_date == null or value <= audit_date"
    assert definition.question("areas_count").calculate == "count(areas)"
    assert definition.question("overall_grade").role == "overall_grade"


def test_problems_are_named_by_sheet_and_cell() -> None:
    data = _workbook(
        [
            ["type", "name", "label", "relevant", "default"],
            ["begin_group", "signs", "Signs of neglect"],
            ["geopoint", "where", "Where was the child seen?"],
            ["text", "home", "Home conditions", "if(${where} = 1, true(), false())"],
            ["integer", "visits", "Visits", "${missing} > 1"],
            ["end_group"],
        ]
    )
    with pytest.raises(TemplateError) as refused:
        load_xlsform_bytes(data, "neglect.xlsx")
    messages = [str(problem) for problem in refused.value.problems]
    assert "neglect.xlsx:survey!E1: the column 'default' is not supported" in messages[0]
    assert any(
        message.startswith("neglect.xlsx:survey!A3: the type 'geopoint' is not supported")
        for message in messages
    )
    assert any(
        message.startswith("neglect.xlsx:survey!D4:") and "if() is not supported" in message
        for message in messages
    )
    assert any(
        message.startswith("neglect.xlsx:survey!D5:") and "'missing'" in message
        for message in messages
    )


def test_unsupported_sheets_and_settings_are_named_not_ignored() -> None:
    workbook = Workbook()
    workbook.active.title = "survey"
    workbook.active.append(["type", "name", "label"])
    workbook.active.append(["text", "seen", "Seen"])
    workbook.create_sheet("entities").append(["list_name"])
    settings_sheet = workbook.create_sheet("settings")
    settings_sheet.append(["form_id", "version", "form_title", "default_language"])
    settings_sheet.append(["thematic", 1, "Thematic", "English"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(TemplateError) as refused:
        load_xlsform_bytes(buffer.getvalue(), "t.xlsx")
    text = str(refused.value)
    assert "t.xlsx:entities!A1: the sheet 'entities' is not supported" in text
    assert "t.xlsx:settings!D1: the column 'default_language' is not supported" in text


def test_questions_outside_groups_make_one_section_and_select_lists_are_choices() -> None:
    data = _workbook(
        [
            ["type", "name", "label", "required"],
            ["select_one cohort", "cohort", "Cohort", "yes"],
            ["select_multiple needs", "needs", "Unmet needs", ""],
        ],
        [
            ["cohort", "cin", "Child in need"],
            ["cohort", "cp", "Child protection"],
            ["needs", "food", "Food"],
            ["needs", "home", "Home conditions"],
        ],
    )
    definition = load_xlsform_bytes(data, "t.xlsx")
    assert [section.title for section in definition.sections] == ["Thematic audit"]
    cohort = definition.question("cohort")
    assert (cohort.type, cohort.required, cohort.choice_ids()) == (
        "single_choice",
        True,
        ["cin", "cp"],
    )
    assert definition.question("needs").type == "multi_choice"


def test_a_workbook_that_is_not_a_workbook_is_refused_plainly() -> None:
    with pytest.raises(TemplateError, match="cannot read the workbook"):
        load_xlsform_bytes(b"PK\x03\x04 not really a zip", "broken.xlsx")


def test_shipped_expressions_survive_the_xlsform_spelling() -> None:
    texts = {
        text
        for definition in shipped_templates()
        for question in definition.iter_questions()
        for question in (question, *question.questions)
        for text in (question.relevant, question.constraint, question.warning, question.calculate)
        if text
    }
    assert texts
    for text in texts:
        spelled = to_xlsform(text, lambda name: False)
        assert "==" not in spelled
        assert from_xlsform(spelled) == text


_CELLS = st.sampled_from(
    [
        "",
        "text",
        "integer",
        "begin_group",
        "end_group",
        "begin_repeat",
        "end_repeat",
        "select_one l",
        "select_multiple l",
        "grade ofsted4",
        "note",
        "calculate",
        "range",
        "a",
        "b",
        "Label",
        "yes",
        "maybe",
        "${a} = 1",
        "${b} > ${a}",
        "count-selected(${a})",
        "concat(${a})",
        ". >= 2",
        "${",
        "'",
    ]
)


@settings(max_examples=40)
@given(rows=st.lists(st.lists(_CELLS, min_size=0, max_size=5), max_size=8))
def test_any_survey_sheet_reads_or_is_refused_with_cells(rows: list[list[str]]) -> None:
    header = ["type", "name", "label", "required", "relevant"]
    data = _workbook([header, *rows], [["l", "x", "X"], ["l", "y", "Y"]])
    try:
        definition = load_xlsform_bytes(data, "any.xlsx")
    except TemplateError as refused:
        for problem in refused.problems:
            assert str(problem).startswith("any.xlsx:")
            assert problem.message
    else:
        assert definition.id == "thematic"
