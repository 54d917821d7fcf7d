"""A stored snapshot read section by section (`FormDefinition.from_snapshot_text`) gives the
same form as one read whole: same questions, marks, calculations, validation and hidden answers,
whatever the labels say; a first open reads only the sections it needs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms import (
    FormDefinition,
    TemplateError,
    compute_calculated,
    hidden_answer_ids,
    load_scales,
    make_large_template,
    relevant_answers,
    section_progress,
    shipped_templates,
    validate_answers,
)
from forms.lazy_snapshot import LazyFormDefinition, LazySection
from forms.model import Choice, Question, Section
from forms.relevance import hidden_among
from forms.vocabulary import QuestionType

# As the store writes a snapshot (desktop_app.store.repositories.records.canonical_json).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _stored(definition: FormDefinition) -> str:
    return _CANONICAL.encode(definition.to_snapshot())


def _read(definition: FormDefinition) -> LazyFormDefinition:
    lazy = FormDefinition.from_snapshot_text(_stored(definition))
    assert isinstance(lazy, LazyFormDefinition)
    return lazy


def _read_sections(definition: FormDefinition) -> list[int]:
    return [
        index
        for index, section in enumerate(definition.sections)
        if isinstance(section, LazySection) and section.is_read()
    ]


def test_every_shipped_template_reads_the_same_lazily() -> None:
    for template in shipped_templates():
        lazy = _read(template)
        assert lazy == template and template == lazy
        assert lazy.to_snapshot() == template.to_snapshot()


def test_a_first_open_reads_only_the_first_section() -> None:
    big = make_large_template(1000)
    lazy = _read(big)
    assert [section.title for section in lazy.sections] == [s.title for s in big.sections]
    assert _read_sections(lazy) == []
    assert lazy.sections[0].questions == big.sections[0].questions
    assert lazy.questions_with_role("escalation") == []
    assert compute_calculated(lazy, {"q1": "yes"}) == {}
    assert _read_sections(lazy) == [0]
    assert lazy.section_of("q990").id == big.section_of("q990").id
    assert _read_sections(lazy) == [0, 49]
    assert not lazy.has_question("q1001")


def test_text_not_in_the_stored_layout_is_read_whole() -> None:
    template = make_large_template(40)
    indented = json.dumps(template.to_snapshot(), indent=1)
    read = FormDefinition.from_snapshot_text(indented)
    assert not isinstance(read, LazyFormDefinition)
    assert read == template


def test_a_damaged_section_is_refused_when_it_is_read() -> None:
    text = _stored(make_large_template(60)).replace('"type":"date"', '"type":"sundial"', 2)
    lazy = FormDefinition.from_snapshot_text(text)
    with pytest.raises(TemplateError, match="unknown type 'sundial'"):
        list(lazy.iter_questions())


def test_a_snapshot_that_is_not_json_is_refused() -> None:
    with pytest.raises(TemplateError, match="not JSON"):
        FormDefinition.from_snapshot_text('{"format": ')


# ----- generated forms ---------------------------------------------------------------------------

# Label text that looks like the patterns the lazy reader searches for.
_TRICKY = st.sampled_from(
    [
        "",
        "Seen",
        '},{"guidance":"x"',
        '"calculate":"q0"',
        '"role":"escalation"',
        ',"id":"q1","label":"x"',
        '],"title":"y"}',
        "back\\slash \\",
        "Grâce — “quoted”\n",
    ]
)
_LABELS = st.lists(_TRICKY, max_size=3).map("".join)
_KINDS = ["text", "number", "yes_no", "single_choice", "grade", "note", "calc", "repeat"]
_CHOICES = [Choice("low", "Low"), Choice("high", "High")]


@st.composite
def _forms(draw: st.DrawFn) -> FormDefinition:
    sizes = draw(st.lists(st.integers(0, 5), min_size=1, max_size=5))
    kinds = [draw(st.sampled_from(_KINDS)) for _ in range(sum(sizes))]
    ids = [f"q{number}" for number in range(len(kinds))]
    yes_nos = [qid for qid, kind in zip(ids, kinds, strict=True) if kind == "yes_no"]
    questions: list[Question] = []
    for number, (qid, kind) in enumerate(zip(ids, kinds, strict=True)):
        label, hint = draw(_LABELS), draw(_LABELS)
        relevant = None
        if yes_nos and draw(st.booleans()):
            relevant = f"{draw(st.sampled_from(yes_nos))} == 'yes'"
        required = draw(st.booleans())
        role = "escalation" if kind == "yes_no" and draw(st.booleans()) else None
        if kind == "calc":
            reads = draw(st.sampled_from(ids))
            question = Question(qid, QuestionType.TEXT, label, calculate=f"count({reads})")
        elif kind == "repeat":
            inner = [
                Question("what", QuestionType.TEXT, draw(_LABELS), required=required),
                Question("how_many", QuestionType.NUMBER, "", calculate="len(what)"),
            ]
            question = Question(qid, QuestionType.REPEAT, label, questions=inner, role="actions")
        else:
            question = Question(
                qid,
                QuestionType(kind),
                label,
                hint=hint,
                required=required,
                relevant=relevant,
                constraint="value >= 0" if kind == "number" else None,
                choices=list(_CHOICES) if kind == "single_choice" else [],
                scale="ofsted4" if kind == "grade" else None,
                role=role,
                line=number,
            )
        questions.append(question)
    sections: list[Section] = []
    start = 0
    for index, size in enumerate(sizes):
        sections.append(
            Section(
                f"s{index}",
                draw(_LABELS),
                guidance=draw(_LABELS),
                kind=draw(st.sampled_from([None, "graded"])),
                questions=questions[start : start + size],
                line=index,
            )
        )
        start += size
    scales = {"ofsted4": load_scales()["ofsted4"]}
    return FormDefinition("generated", 1, draw(_LABELS), draw(_LABELS), scales, sections)


_VALUES = st.sampled_from(
    [None, "", "yes", "no", "low", "high", "good", "inadequate", 3, -1, "text", ["low"]]
)


@st.composite
def _answers(draw: st.DrawFn, definition: FormDefinition) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in definition.iter_questions():
        if question.type == "repeat":
            rows = draw(st.lists(st.fixed_dictionaries({"what": _VALUES}), max_size=2))
            answers[question.id] = rows
        elif draw(st.booleans()):
            answers[question.id] = draw(_VALUES)
    return answers


@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), definition=_forms())
def test_a_generated_form_reads_the_same_lazily(
    data: st.DataObject, definition: FormDefinition
) -> None:
    answers = data.draw(_answers(definition))
    shown = {**answers, **compute_calculated(definition, answers)}
    # Each check on a fresh lazy read, so each lazy path is taken from nothing read.
    assert compute_calculated(_read(definition), answers) == compute_calculated(definition, answers)
    assert section_progress(_read(definition), shown) == section_progress(definition, shown)
    assert validate_answers(_read(definition), shown) == validate_answers(definition, shown)
    assert relevant_answers(_read(definition), shown) == relevant_answers(definition, shown)
    hidden = set(hidden_answer_ids(definition, shown))
    for section in definition.sections:  # as the screen asks, a section at a time
        ids = [question.id for question in section.questions]
        assert hidden_among(_read(definition), shown, ids) == hidden & set(ids)
    for role in ("escalation", "actions"):
        found = _read(definition).questions_with_role(role)
        assert found == definition.questions_with_role(role)
    lazy = _read(definition)
    for question in definition.iter_questions():
        assert lazy.has_question(question.id)
        assert lazy.section_of(question.id).id == definition.section_of(question.id).id
        assert lazy.question(question.id) == question
    assert not lazy.has_question("what")  # inside a repeat, not a top-level question
    assert not lazy.has_question("q999")
    assert _read(definition) == definition
    assert _read(definition).to_snapshot() == definition.to_snapshot()
