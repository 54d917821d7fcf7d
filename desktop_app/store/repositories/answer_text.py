"""Answers as words: moved to ``forms.answer_words`` (the one answer-to-words function)."""

from forms.answer_words import (
    YES_NO_WORDS,
    all_scales,
    answer_text,
    answer_text_of,
    people_date,
    question_index,
)

__all__ = [
    "YES_NO_WORDS",
    "all_scales",
    "answer_text",
    "answer_text_of",
    "people_date",
    "question_index",
]
