"""Which editor answers which question type."""

from __future__ import annotations

from typing import assert_never

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
from forms.vocabulary import QuestionType


def make_editor(
    definition: FormDefinition, question: Question, store: AnswerStore
) -> AnswerEditor | None:
    """An editor for the question, or None for notes and calculated values (shown, not edited)."""
    if not question.is_answerable:
        return None
    kind = question.type
    match kind:
        case QuestionType.TEXT:
            return TextEditor(question)
        case QuestionType.LONG_TEXT:
            return LongTextEditor(question)
        case QuestionType.NUMBER:
            return NumberEditor(question)
        case QuestionType.DATE:
            return DateEditor(question)
        case QuestionType.YES_NO | QuestionType.YES_NO_PARTLY:
            return yes_no_editor(question)
        case QuestionType.SINGLE_CHOICE:
            return single_choice_editor(question)
        case QuestionType.MULTI_CHOICE:
            return MultiChoiceEditor(question)
        case QuestionType.GRADE:
            return grade_editor(definition, question)
        case QuestionType.ATTACHMENT:
            return AttachmentEditor(question, store)
        case QuestionType.REPEAT:
            return RepeatEditor(
                definition, question, lambda inner: make_editor(definition, inner, store)
            )
        case QuestionType.NOTE:
            return None  # shown as text, never edited (is_answerable is False)
        case _:
            assert_never(kind)
