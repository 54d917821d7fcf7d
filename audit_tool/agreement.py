"""Agreement between auditors and moderators on graded judgements.

Each pair is ``(auditor's grade, moderator's grade)``. Categories are given in ordinal order
(worst to best, or best to worst: weighted kappa is the same either way).

Cohen's weighted kappa (Cohen 1968) is ``1 - sum(w_ij * o_ij) / sum(w_ij * e_ij)`` where
``o_ij`` is the observed proportion of pairs in cell (i, j), ``e_ij = r_i * c_j`` the proportion
expected by chance from the two raters' marginal proportions, and ``w_ij`` the disagreement
weight: ``|i - j| / (k - 1)`` (linear) or ``(i - j)^2 / (k - 1)^2`` (quadratic). With weight 1
for every disagreement it is Cohen's (1960) unweighted kappa.

Kappa is undefined, and these functions return None, when there are no pairs or when the
expected disagreement is zero. In particular, when both raters used one and the same category
for every case, kappa is None (not 1.0): there is no spread for chance to be measured against,
so only the exact agreement (which is 1.0) is meaningful.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Weighting = Literal["quadratic", "linear"]


class AgreementError(ValueError):
    """The pairs or categories given cannot be compared; the message says which."""


@dataclass(frozen=True, slots=True)
class AgreementSummary:
    """How far moderators agreed with auditors, and which way grades moved.

    ``shifts`` counts each change of grade ``(auditor's, moderator's)`` where they differ.
    ``up`` counts changes towards the end of ``categories`` and ``down`` towards the start; with
    categories ordered worst to best, ``up`` means the moderator graded higher.
    """

    n: int
    exact: float | None
    kappa: float | None
    shifts: dict[tuple[str, str], int] = field(default_factory=dict)
    up: int = 0
    down: int = 0


def exact_agreement(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Return the proportion of pairs whose two grades are the same (None if no pairs)."""
    if not pairs:
        return None
    same = sum(1 for first, second in pairs if first == second)
    return same / len(pairs)


def weighted_kappa(
    pairs: Sequence[tuple[str, str]],
    categories: Sequence[str],
    weights: Weighting = "quadratic",
) -> float | None:
    """Return Cohen's weighted kappa over ``pairs`` (None when undefined, see module doc)."""
    index = _category_index(categories)
    k = len(categories)
    if weights == "quadratic":
        matrix = [[(i - j) ** 2 / (k - 1) ** 2 for j in range(k)] for i in range(k)]
    elif weights == "linear":
        matrix = [[abs(i - j) / (k - 1) for j in range(k)] for i in range(k)]
    else:
        raise AgreementError(f"Unknown weighting '{weights}'; use 'quadratic' or 'linear'.")
    return _kappa(pairs, index, matrix)


def cohen_kappa(
    pairs: Sequence[tuple[str, str]], categories: Sequence[str] | None = None
) -> float | None:
    """Return Cohen's unweighted kappa (categories default to those seen in the pairs)."""
    if categories is None:
        categories = sorted({grade for pair in pairs for grade in pair})
        if len(categories) < 2:
            return None
    index = _category_index(categories)
    k = len(categories)
    matrix = [[0.0 if i == j else 1.0 for j in range(k)] for i in range(k)]
    return _kappa(pairs, index, matrix)


def agreement_summary(
    pairs: Sequence[tuple[str, str]],
    categories: Sequence[str],
    weights: Weighting = "quadratic",
) -> AgreementSummary:
    """Summarise agreement: count, exact agreement, weighted kappa and grade shifts."""
    index = _category_index(categories)
    _check_pairs(pairs, index)
    shifts: Counter[tuple[str, str]] = Counter(
        (first, second) for first, second in pairs if first != second
    )
    up = sum(count for (first, second), count in shifts.items() if index[second] > index[first])
    down = sum(count for (first, second), count in shifts.items() if index[second] < index[first])
    ordered = dict(sorted(shifts.items(), key=lambda item: (index[item[0][0]], index[item[0][1]])))
    return AgreementSummary(
        n=len(pairs),
        exact=exact_agreement(pairs),
        kappa=weighted_kappa(pairs, categories, weights),
        shifts=ordered,
        up=up,
        down=down,
    )


def _category_index(categories: Sequence[str]) -> dict[str, int]:
    if len(categories) < 2:
        raise AgreementError("Kappa needs a scale of at least two categories.")
    index = {category: position for position, category in enumerate(categories)}
    if len(index) != len(categories):
        raise AgreementError("Each category must be listed once.")
    return index


def _check_pairs(pairs: Sequence[tuple[str, str]], index: dict[str, int]) -> None:
    for position, (first, second) in enumerate(pairs, start=1):
        for grade in (first, second):
            if grade not in index:
                known = ", ".join(f"'{category}'" for category in index)
                raise AgreementError(
                    f"Pair {position}: the grade '{grade}' is not one of the categories {known}."
                )


def _kappa(
    pairs: Sequence[tuple[str, str]], index: dict[str, int], weight: list[list[float]]
) -> float | None:
    if not pairs:
        return None
    cells = Counter(pairs)
    k = len(index)
    rows = [0] * k
    columns = [0] * k
    observed = 0.0
    for (first, second), count in cells.items():
        i = index.get(first)
        j = index.get(second)
        if i is None or j is None:
            _check_pairs(pairs, index)
            raise AgreementError("A grade is not one of the categories.")
        rows[i] += count
        columns[j] += count
        observed += weight[i][j] * count
    expected = 0.0
    for i in range(k):
        if rows[i]:
            row_weight = weight[i]
            expected += rows[i] * sum(row_weight[j] * columns[j] for j in range(k))
    n = len(pairs)
    expected /= n
    if expected == 0.0:
        return None
    return 1.0 - observed / expected
