"""Findings of a visit's audits: distributions, % good or better, groups, escalations, themes."""

from __future__ import annotations

import random

import pytest

from audit_tool import NOT_RECORDED, AuditFacts, Findings, compute_findings

ORDER = ["inadequate", "requires_improvement", "good", "outstanding"]
GOOD = {"good", "outstanding"}
EXCLUDED = {"not_applicable"}
SECTIONS = ["voice", "planning"]


def audit(
    audit_id: int,
    voice: str | None,
    planning: str | None,
    overall: str | None,
    *,
    moderated: str | None = None,
    cohort: str | None = "CIN",
    team: str | None = "North",
    escalated: bool = False,
    strengths: tuple[str, ...] = (),
    development: tuple[str, ...] = (),
) -> AuditFacts:
    return AuditFacts(
        audit_id=audit_id,
        cohort=cohort,
        team=team,
        section_grades={"voice": voice, "planning": planning},
        overall=overall,
        moderated_overall=moderated,
        escalated=escalated,
        strength_themes=strengths,
        development_themes=development,
    )


def findings_of(facts: list[AuditFacts]) -> Findings:
    return compute_findings(facts, SECTIONS, GOOD, EXCLUDED, ORDER)


def test_section_distribution_and_percent_leave_out_not_applicable_and_missing() -> None:
    facts = [
        audit(1, "good", "inadequate", "good"),
        audit(2, "outstanding", "not_applicable", "good"),
        audit(3, "requires_improvement", None, "requires_improvement"),
        audit(4, "not_applicable", "good", "good"),
    ]
    result = findings_of(facts)
    voice = result.sections["voice"]
    assert voice.distribution == {
        "inadequate": 0,
        "requires_improvement": 1,
        "good": 1,
        "outstanding": 1,
        "not_applicable": 1,
    }
    assert list(voice.distribution)[:4] == ORDER
    assert (voice.graded, voice.good_or_better, voice.missing) == (3, 2, 0)
    assert voice.percent_good_or_better == pytest.approx(200 / 3)
    planning = result.sections["planning"]
    assert (planning.graded, planning.good_or_better, planning.missing) == (2, 1, 1)
    assert planning.percent_good_or_better == pytest.approx(50.0)


def test_section_with_nothing_graded_has_no_percentage() -> None:
    result = findings_of([audit(1, "not_applicable", None, None)])
    assert result.sections["voice"].percent_good_or_better is None
    assert result.sections["planning"].percent_good_or_better is None
    assert result.overall.percent_good_or_better is None
    assert result.n_graded == 0


def test_overall_uses_moderated_grade_where_present() -> None:
    facts = [
        audit(1, "good", "good", "good", moderated="requires_improvement"),
        audit(2, "good", "good", "requires_improvement", moderated="good"),
        audit(3, "good", "good", "inadequate"),
        audit(4, "good", "good", None),
    ]
    result = findings_of(facts)
    assert result.n_audits == 4
    assert result.n_graded == 3
    assert result.moderated_overall_used == 2
    assert result.overall.distribution["requires_improvement"] == 1
    assert result.overall.distribution["good"] == 1
    assert result.overall.distribution["inadequate"] == 1
    assert result.overall.missing == 1
    assert result.overall.percent_good_or_better == pytest.approx(100 / 3)


def test_by_cohort_and_team_with_unrecorded_groups() -> None:
    facts = [
        audit(1, None, None, "good", cohort="CP", team="North"),
        audit(2, None, None, "inadequate", cohort="CP", team="South"),
        audit(3, None, None, "outstanding", cohort="CIN", team="South"),
        audit(4, None, None, "not_applicable", cohort=None, team=" "),
    ]
    result = findings_of(facts)
    assert list(result.by_cohort) == ["CIN", "CP", NOT_RECORDED]
    assert result.by_cohort["CP"].percent_good_or_better == pytest.approx(50.0)
    assert result.by_cohort["CIN"].percent_good_or_better == pytest.approx(100.0)
    assert result.by_cohort[NOT_RECORDED].audits == 1
    assert result.by_cohort[NOT_RECORDED].percent_good_or_better is None
    assert result.by_team["South"].audits == 2
    assert result.by_team["South"].good_or_better == 1
    assert NOT_RECORDED in result.by_team


def test_escalations_are_counted_and_named() -> None:
    facts = [audit(1, None, None, None), audit(7, None, None, None, escalated=True)]
    result = findings_of(facts)
    assert result.escalations == 1
    assert result.escalated_audit_ids == [7]


def test_themes_counted_once_per_audit_sorted_by_count_then_name() -> None:
    facts = [
        audit(1, None, None, None, strengths=("voice heard", "Voice heard", "voice heard ")),
        audit(2, None, None, None, strengths=("timely visits", "voice heard")),
        audit(3, None, None, None, strengths=("chronology", ""), development=("drift",)),
    ]
    result = findings_of(facts)
    assert result.strength_themes == [
        ("voice heard", 2),
        ("Voice heard", 1),
        ("chronology", 1),
        ("timely visits", 1),
    ]
    assert result.development_themes == [("drift", 1)]


def test_grade_from_an_older_scale_counts_as_graded_not_good() -> None:
    result = findings_of([audit(1, "adequate", "good", "good")])
    voice = result.sections["voice"]
    assert voice.distribution["adequate"] == 1
    assert (voice.graded, voice.good_or_better) == (1, 0)


def test_no_audits() -> None:
    result = findings_of([])
    assert result.n_audits == 0
    assert result.sections["voice"].distribution == dict.fromkeys([*ORDER, "not_applicable"], 0)
    assert result.by_team == {}


def test_ten_thousand_audits_are_all_counted() -> None:
    """Every audit is counted once per section (the speed is measured in tests/bench)."""
    rng = random.Random(1)
    values: list[str | None] = [*ORDER, "not_applicable", None]
    sections = [f"section{n}" for n in range(8)]
    facts = [
        AuditFacts(
            audit_id=n,
            cohort=rng.choice(["CIN", "CP", "CiC"]),
            team=rng.choice(["A", "B", "C"]),
            section_grades={section: rng.choice(values) for section in sections},
            overall=rng.choice(ORDER),
            moderated_overall=None,
            escalated=False,
            strength_themes=("voice",),
            development_themes=(),
        )
        for n in range(10_000)
    ]
    result = compute_findings(facts, sections, GOOD, EXCLUDED, ORDER)
    assert result.n_audits == 10_000
    assert (
        sum(result.sections["section0"].distribution.values()) + result.sections["section0"].missing
        == 10_000
    )
