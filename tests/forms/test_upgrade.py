"""Upgrade mappings between template versions: renamed ids, renamed and merged choices,
removed questions, each answer's fate said by label."""

from __future__ import annotations

import pytest

from forms import TemplateError, load_template_text
from forms.carry_over import carry_over
from forms.upgrade import UpgradeOutcome, plan_upgrade

V1 = """\
id: thematic
version: 1
title: Thematic audit
scales: [ofsted4]
sections:
  - id: s
    title: S
    questions:
      - {id: seen_alone, type: yes_no, label: 'Was the child seen alone?'}
      - id: legal_status
        type: single_choice
        label: Legal status
        choices:
          - {id: section_20, label: Accommodated under section 20}
          - {id: care_order, label: Care order}
          - {id: interim_care_order, label: Interim care order}
          - {id: remand, label: Remanded to local authority accommodation}
      - {id: agreed_by, type: text, label: Agreed by}
      - {id: quality, type: grade, scale: ofsted4, label: Quality}
"""
V2 = """\
id: thematic
version: 2
title: Thematic audit
scales: [ofsted4]
upgrade:
  from_version: 1
  renamed: {seen_alone: child_seen_alone}
  choices:
    legal_status: {care_order: care_order_any, interim_care_order: care_order_any}
  removed: [agreed_by]
sections:
  - id: s
    title: S
    questions:
      - {id: child_seen_alone, type: yes_no_partly, label: 'Was the child seen on their own?'}
      - id: legal_status
        type: single_choice
        label: Legal status
        choices:
          - {id: section_20, label: Accommodated under section 20}
          - {id: care_order_any, label: Care order (interim or full)}
      - {id: quality, type: grade, scale: ofsted4, label: Quality}
"""


def test_a_draft_maps_by_the_declared_upgrade_and_says_so_by_label() -> None:
    old = load_template_text(V1, "v1.yaml")
    new = load_template_text(V2, "v2.yaml")
    plan = plan_upgrade(
        old,
        {
            "seen_alone": "yes",
            "legal_status": "interim_care_order",
            "agreed_by": "DCS",
            "quality": "good",
        },
        new,
    )
    assert plan.mapping_used
    assert plan.answers == {
        "child_seen_alone": "yes",
        "legal_status": "care_order_any",
        "quality": "good",
    }
    fates = {item.old_label: item.outcome for item in plan.items}
    assert fates == {
        "Was the child seen alone?": UpgradeOutcome.MAPPED,
        "Legal status": UpgradeOutcome.MAPPED,
        "Agreed by": UpgradeOutcome.DROPPED,
        "Quality": UpgradeOutcome.CARRIED,
    }
    seen = next(item for item in plan.items if item.path == "seen_alone")
    assert seen.new_label == "Was the child seen on their own?"
    assert "Was the child seen on their own?" in seen.reason


def test_a_removed_choice_is_dropped_naming_its_label() -> None:
    old = load_template_text(V1, "v1.yaml")
    new = load_template_text(V2, "v2.yaml")
    plan = plan_upgrade(old, {"legal_status": "remand"}, new)
    (item,) = plan.items
    assert item.outcome is UpgradeOutcome.DROPPED
    assert "Remanded to local authority accommodation" in item.reason
    assert carry_over(old, {"legal_status": "remand"}, new) == ({}, ["legal_status"])


def test_without_a_mapping_from_that_version_only_same_ids_carry() -> None:
    old = load_template_text(V1, "v1.yaml")
    v3 = V2.replace("version: 2", "version: 3", 1).replace("from_version: 1", "from_version: 2")
    other = load_template_text(v3, "v3.yaml")
    plan = plan_upgrade(old, {"seen_alone": "yes", "quality": "good"}, other)
    assert not plan.mapping_used
    assert plan.answers == {"quality": "good"}
    assert plan.dropped_paths() == ["seen_alone"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("from_version: 1", "from_version: 2"),
        ("{seen_alone: child_seen_alone}", "{seen_alone: nowhere}"),
        ("interim_care_order: care_order_any", "interim_care_order: no_such_choice"),
        ("removed: [agreed_by]", "removed: [quality]"),
    ],
)
def test_a_mapping_that_does_not_fit_the_version_is_refused(change: str, message: str) -> None:
    with pytest.raises(TemplateError) as refused:
        load_template_text(V2.replace(change, message), "v2.yaml")
    assert all(str(problem).startswith("v2.yaml:") for problem in refused.value.problems)


def test_the_mapping_travels_in_the_snapshot() -> None:
    new = load_template_text(V2, "v2.yaml")
    again = type(new).from_snapshot(new.to_snapshot())
    assert again.upgrade == new.upgrade
    old = load_template_text(V1, "v1.yaml")
    assert "upgrade" not in old.to_snapshot()
