"""Time the audit roll-ups on a large, random data set.

Run: ``python tests/bench/bench_audit_stats.py``. Builds 10,000 random audits of 8 sections
and prints the median time of ``compute_findings`` and of ``weighted_kappa`` over 10,000 pairs.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from audit_tool import AuditFacts, compute_findings, weighted_kappa

ORDER = ["inadequate", "requires_improvement", "good", "outstanding"]
GOOD = {"good", "outstanding"}
EXCLUDED = {"not_applicable"}
SECTIONS = [
    "voice",
    "assessment",
    "planning",
    "direct_work",
    "oversight",
    "multi_agency",
    "recording",
    "impact",
]
COHORTS = ["early_help", "child_in_need", "child_protection", "child_in_care", "care_leaver"]
TEAMS = [f"Team {n}" for n in range(1, 13)]
THEMES = ["voice heard", "timely visits", "drift", "chronology", "supervision", "plans SMART"]
RUNS = 21


def random_audits(count: int, rng: random.Random) -> list[AuditFacts]:
    """Build ``count`` plausible audits with some missing and not-applicable grades."""
    values: list[str | None] = [*ORDER, "not_applicable", None]
    audits: list[AuditFacts] = []
    for audit_id in range(1, count + 1):
        audits.append(
            AuditFacts(
                audit_id=audit_id,
                cohort=rng.choice(COHORTS),
                team=rng.choice(TEAMS),
                section_grades={section: rng.choice(values) for section in SECTIONS},
                overall=rng.choice(ORDER),
                moderated_overall=rng.choice([None, None, None, *ORDER]),
                escalated=rng.random() < 0.02,
                strength_themes=rng.sample(THEMES, 2),
                development_themes=rng.sample(THEMES, 1),
            )
        )
    return audits


def median_ms(action: Callable[[], object]) -> float:
    """Median wall time of ``RUNS`` calls of ``action``, in milliseconds."""
    times: list[float] = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def main() -> None:
    rng = random.Random(2024)
    audits = random_audits(10_000, rng)
    pairs = [(rng.choice(ORDER), rng.choice(ORDER)) for _ in range(10_000)]
    findings_ms = median_ms(lambda: compute_findings(audits, SECTIONS, GOOD, EXCLUDED, ORDER))
    kappa_ms = median_ms(lambda: weighted_kappa(pairs, ORDER))
    print(f"compute_findings, 10,000 audits x 8 sections: median {findings_ms:.1f} ms")
    print(f"weighted_kappa, 10,000 pairs: median {kappa_ms:.1f} ms")


if __name__ == "__main__":
    main()
