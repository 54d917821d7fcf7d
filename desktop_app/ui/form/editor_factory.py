"""Which editor answers which question type."""

from __future__ import annotations

from desktop_app.ui.form.answer_store import AnswerStore
from desktop_app.ui.form.attachment_editor import AttachmentEditor
from desktop_app.ui.form.choice_editors import (
    MultiChoiceEditor,
    grade_editor,
    single_choice_editor,
    yes_no_editor,
)
from desktop_app.ui.form.editor_base import AnswerEditor
from desktop_app.ui.form.repeat_editor import RepeatEditor
from desktop_app.ui.form.text_editors import DateEditor, LongTextEditor, NumberEditor, TextEditor
from forms import FormDefinition, Question


def make_editor(
    definition: FormDefinition, question: Question, store: AnswerStore
) -> AnswerEditor | None:
    """An editor for the question, or None for notes and calculated values (shown, not edited)."""
    if not question.is_answerable:
        return None
    kind = question.type
    if kind == "text":
        return TextEditor(question)
    if kind == "long_text":
        return LongTextEditor(question)
    if kind == "number":
        return NumberEditor(question)
    if kind == "date":
        return DateEditor(question)
    if kind in ("yes_no", "yes_no_partly"):
        return yes_no_editor(question)
    if kind == "single_choice":
        return single_choice_editor(question)
    if kind == "multi_choice":
        return MultiChoiceEditor(question)
    if kind == "grade":
        return grade_editor(definition, question)
    if kind == "attachment":
        return AttachmentEditor(question, store)
    if kind == "repeat":
        return RepeatEditor(
            definition, question, lambda inner: make_editor(definition, inner, store)
        )
    raise ValueError(f"no editor for question type '{kind}'")
