"""Answers as the words a reader expects, on screen: the store's `answer_text`, and a plain
"Not answered" where there is nothing yet."""

from __future__ import annotations

from typing import Any

from forms import FormDefinition, Question
from forms.answer_words import YES_NO_WORDS, answer_text_of

YES_NO_LABELS = YES_NO_WORDS
NOT_ANSWERED = "Not answered"


def answer_text(definition: FormDefinition, question: Question, value: Any) -> str:
    """One readable line (or a few, for repeats) for any answer; unknown ids are shown as they are."""
    return answer_text_of(definition, question, value) or NOT_ANSWERED
