"""Which questions of an audit form record a child-at-risk escalation's details.

Templates name them by role (``escalation_reason``, ``escalated_to``; see forms/README.md
"Roles"). Templates made before the ``escalated_to`` role existed (the shipped case audits up to
this change) still hold the question under the id ``escalated_to``: it is found by that id when
no question carries the role, so audits on old snapshots keep showing who was told.
"""

from __future__ import annotations

from forms.model import FormDefinition, Question

ESCALATED_TO = "escalated_to"


def escalated_to_questions(definition: FormDefinition) -> list[Question]:
    """The questions saying who was told of an escalation (name and role), in form order.

    By role ``escalated_to``; failing that, a top-level text question with the id
    ``escalated_to`` (older templates); empty when the form has neither.
    """
    found = definition.questions_with_role(ESCALATED_TO)
    if found:
        return found
    return [
        question
        for question in definition.iter_questions()
        if question.id == ESCALATED_TO and question.type in ("text", "long_text")
    ]
