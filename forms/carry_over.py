"""Moving answers from one version of a form to another without silently losing any."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forms.model import FormDefinition
from forms.upgrade import plan_upgrade


def carry_over(
    old_def: FormDefinition, old_answers: Mapping[str, Any], new_def: FormDefinition
) -> tuple[dict[str, Any], list[str]]:
    """Answers that still fit `new_def`, and the paths of those that could not be carried.

    The new version's upgrade mapping is applied when it is declared from the old version
    (renamed ids, renamed or merged options, removed questions); otherwise an answer is kept
    when its question id still exists with a compatible type and the value is valid for the new
    question (a removed choice or grade is not carried). Inside a repeat each row is carried
    field by field; a field that cannot be carried is reported as "actions[1].status". The
    caller shows the list: nothing is dropped silently. `forms.upgrade.plan_upgrade` gives the
    same with labels and reasons.
    """
    plan = plan_upgrade(old_def, old_answers, new_def)
    return plan.answers, plan.dropped_paths()
