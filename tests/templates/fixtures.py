"""A version 2 of the shipped self-assessment, as a council might install it: one question
renamed (with new wording), one removed, and the mapping that says so."""

from __future__ import annotations

from forms import templates_dir

NEW_LABEL = "What do leaders understand about the quality and impact of practice?"
OLD_LABEL = "What do we know about the quality and impact of practice?"
REMOVED_LABEL = "Agreed by (role)"

UPGRADE_BLOCK = """\
upgrade:
  from_version: 2
  renamed: {leaders_know: leaders_understand}
  removed: [agreed_by]
"""


def self_assessment_v2_yaml() -> str:
    """The shipped self-assessment YAML moved to version 3 (the shipped one is 2) with an upgrade mapping."""
    text = (templates_dir() / "self-assessment.yaml").read_text(encoding="utf-8")
    text = text.replace("version: 2\n", "version: 3\n", 1)
    text = text.replace("      - id: leaders_know\n", "      - id: leaders_understand\n", 1)
    text = text.replace(
        f"        label: {OLD_LABEL}\n        hint: Be candid.",
        f"        label: {NEW_LABEL}\n        hint: Be candid.",
        1,
    )
    removed = (
        "      - id: agreed_by\n"
        "        type: text\n"
        "        label: Agreed by (role)\n"
        '        hint: For example "Director of Children\'s Services".\n'
    )
    assert removed in text and NEW_LABEL in text
    text = text.replace(removed, "", 1)
    return text.replace("sections:\n", UPGRADE_BLOCK + "sections:\n", 1)
