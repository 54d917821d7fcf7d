"""The template vocabulary: question types, section kinds and roles, in one place."""

from __future__ import annotations

from enum import StrEnum


class QuestionType(StrEnum):
    """A question's ``type`` in a template (equal to its text, so templates and snapshots keep
    plain strings). See "Adding a question type" in forms/README.md."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    DATE = "date"
    YES_NO = "yes_no"
    YES_NO_PARTLY = "yes_no_partly"
    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"
    GRADE = "grade"
    REPEAT = "repeat"
    ATTACHMENT = "attachment"
    NOTE = "note"


QUESTION_TYPES: frozenset[str] = frozenset(QuestionType)
CHOICE_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE})
FIXED_CHOICES: dict[str, tuple[str, ...]] = {
    "yes_no": ("yes", "no"),
    "yes_no_partly": ("yes", "no", "partly"),
}

SECTION_KINDS = frozenset({"profile", "graded", "overall", "ilacs_area", "plan", "summary"})

# role -> (question types it may have, whether it may appear more than once in a template)
ROLES: dict[str, tuple[frozenset[str], bool]] = {
    # case audit
    "case_reference": (frozenset({"text"}), False),
    "cohort": (frozenset({"single_choice"}), False),
    "legal_status": (frozenset({"single_choice", "text"}), False),
    "team": (frozenset({"text", "single_choice"}), False),
    "age_band": (frozenset({"single_choice"}), False),
    "audit_date": (frozenset({"date"}), False),
    "auditor": (frozenset({"text"}), False),
    "overall_grade": (frozenset({"grade"}), False),
    "overall_rationale": (frozenset({"long_text"}), False),
    "escalation": (frozenset({"yes_no"}), False),
    "escalation_reason": (frozenset({"long_text", "text"}), False),
    "escalated_to": (frozenset({"text", "long_text"}), False),
    "actions": (frozenset({"repeat"}), False),
    "strength_themes": (frozenset({"multi_choice"}), False),
    "development_themes": (frozenset({"multi_choice"}), False),
    # inside an actions repeat
    "action_what": (frozenset({"text", "long_text"}), False),
    "action_owner": (frozenset({"text"}), False),
    "action_due": (frozenset({"date"}), False),
    "action_status": (frozenset({"single_choice"}), False),
    # self-assessment
    "self_grade": (frozenset({"grade"}), True),
    "strengths": (frozenset({"long_text", "text"}), True),
    "areas_for_development": (frozenset({"long_text", "text"}), True),
    "priorities": (frozenset({"repeat"}), False),
    "lines_of_enquiry": (frozenset({"repeat"}), False),
    "evidence": (frozenset({"attachment"}), True),
}

# Words an id cannot be, because expressions would read them as something else.
RESERVED_IDS = frozenset({"value", "and", "or", "not", "in", "true", "false", "null"})
