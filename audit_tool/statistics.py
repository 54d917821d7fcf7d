"""Findings of a set of case-file audits: grade distributions, % good or better, themes.

Rules, so that figures in a report can be explained:

* A grade is *graded* when it is present and not in ``excluded`` (e.g. ``not_applicable``).
  Missing grades (None or absent) and excluded grades are left out of every percentage.
* % good or better = graded grades in ``good_values`` / graded grades * 100, or None when
  nothing is graded. A grade outside ``order`` and ``excluded`` (say from an older scale) still
  counts as graded and, unless in ``good_values``, not good.
* An audit's overall grade is the moderator's (``moderated_overall``) when there is one, else
  the auditor's (``overall``). Cohort and team figures use that same overall grade.
* Distributions list every grade in ``order`` (worst to best), then the excluded values, then
  any other grades seen (alphabetically), each with its count (zero included).
* Themes are counted once per audit, trimmed of spaces; lists are sorted by count (most
  first), then by name.
* Audits with no cohort or team are grouped under :data:`NOT_RECORDED`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

NOT_RECORDED = "Not recorded"


@dataclass(frozen=True, slots=True)
class AuditFacts:
    """The few facts of one audit that the findings need (extracted by the store)."""

    audit_id: int
    cohort: str | None
    team: str | None
    section_grades: Mapping[str, str | None]
    overall: str | None
    moderated_overall: str | None
    escalated: bool
    strength_themes: Sequence[str] = ()
    development_themes: Sequence[str] = ()

    @property
    def final_overall(self) -> str | None:
        """The overall grade that counts: the moderator's if any, else the auditor's."""
        return self.moderated_overall if self.moderated_overall is not None else self.overall


@dataclass(frozen=True, slots=True)
class GradeFindings:
    """Distribution and % good or better of one set of grades."""

    distribution: dict[str, int]
    graded: int
    good_or_better: int
    missing: int

    @property
    def percent_good_or_better(self) -> float | None:
        """Percentage (0-100) of graded grades that are good or better; None if none graded."""
        if self.graded == 0:
            return None
        return 100.0 * self.good_or_better / self.graded


@dataclass(frozen=True, slots=True)
class GroupFindings:
    """Overall-grade figures for one cohort or team."""

    audits: int
    graded: int
    good_or_better: int

    @property
    def percent_good_or_better(self) -> float | None:
        """Percentage (0-100) of graded overall grades that are good or better."""
        if self.graded == 0:
            return None
        return 100.0 * self.good_or_better / self.graded


@dataclass(frozen=True, slots=True)
class Findings:
    """Roll-up of a visit's (or any set of) audits."""

    n_audits: int
    n_graded: int
    sections: dict[str, GradeFindings]
    overall: GradeFindings
    moderated_overall_used: int
    by_cohort: dict[str, GroupFindings]
    by_team: dict[str, GroupFindings]
    escalations: int
    escalated_audit_ids: list[int]
    strength_themes: list[tuple[str, int]] = field(default_factory=list)
    development_themes: list[tuple[str, int]] = field(default_factory=list)


def compute_findings(
    facts: Sequence[AuditFacts],
    sections: Sequence[str],
    good_values: Collection[str],
    excluded: Collection[str],
    order: Sequence[str],
) -> Findings:
    """Compute the findings of ``facts``; see the module docstring for the rules."""
    good = frozenset(good_values)
    left_out = frozenset(excluded)
    section_findings = {
        section: _grade_findings(
            Counter([audit.section_grades.get(section) for audit in facts]),
            good,
            left_out,
            order,
        )
        for section in sections
    }
    finals = [
        audit.moderated_overall if audit.moderated_overall is not None else audit.overall
        for audit in facts
    ]
    overall = _grade_findings(Counter(finals), good, left_out, order)
    escalated_ids = [audit.audit_id for audit in facts if audit.escalated]
    return Findings(
        n_audits=len(facts),
        n_graded=overall.graded,
        sections=section_findings,
        overall=overall,
        moderated_overall_used=sum(1 for audit in facts if audit.moderated_overall is not None),
        by_cohort=_group_findings([audit.cohort for audit in facts], finals, good, left_out),
        by_team=_group_findings([audit.team for audit in facts], finals, good, left_out),
        escalations=len(escalated_ids),
        escalated_audit_ids=escalated_ids,
        strength_themes=_theme_counts(audit.strength_themes for audit in facts),
        development_themes=_theme_counts(audit.development_themes for audit in facts),
    )


def _grade_findings(
    counts: Counter[str | None],
    good: frozenset[str],
    left_out: frozenset[str],
    order: Sequence[str],
) -> GradeFindings:
    missing = counts.pop(None, 0)
    present: Counter[str] = Counter({grade: n for grade, n in counts.items() if grade is not None})
    distribution = {grade: present.get(grade, 0) for grade in order}
    for grade in sorted(left_out):
        distribution.setdefault(grade, present.get(grade, 0))
    for grade in sorted(present):
        distribution.setdefault(grade, present[grade])
    graded = sum(n for grade, n in present.items() if grade not in left_out)
    good_count = sum(n for grade, n in present.items() if grade in good and grade not in left_out)
    return GradeFindings(
        distribution=distribution, graded=graded, good_or_better=good_count, missing=missing
    )


def _group_findings(
    groups: list[str | None],
    finals: list[str | None],
    good: frozenset[str],
    left_out: frozenset[str],
) -> dict[str, GroupFindings]:
    cells = Counter(zip(groups, finals, strict=True))
    audits: Counter[str] = Counter()
    graded: Counter[str] = Counter()
    good_count: Counter[str] = Counter()
    for (group, grade), n in cells.items():
        name = group.strip() if group and group.strip() else NOT_RECORDED
        audits[name] += n
        if grade is None or grade in left_out:
            continue
        graded[name] += n
        if grade in good:
            good_count[name] += n
    return {
        name: GroupFindings(
            audits=audits[name], graded=graded[name], good_or_better=good_count[name]
        )
        for name in sorted(audits)
    }


def _theme_counts(theme_lists: Iterable[Sequence[str]]) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for themes in theme_lists:
        counts.update({theme.strip() for theme in themes if theme.strip()})
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
