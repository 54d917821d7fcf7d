"""Moderation agreement: exact agreement and Cohen's (weighted) kappa against published tables."""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit_tool import (
    AgreementError,
    agreement_summary,
    cohen_kappa,
    exact_agreement,
    weighted_kappa,
)

Weighting = Literal["quadratic", "linear"]
OFSTED = ["inadequate", "requires_improvement", "good", "outstanding"]


def pairs_from_table(categories: list[str], table: list[list[int]]) -> list[tuple[str, str]]:
    """Expand a contingency table (rater 1 in rows, rater 2 in columns) into rating pairs."""
    pairs: list[tuple[str, str]] = []
    for row_category, row in zip(categories, table, strict=True):
        for column_category, count in zip(categories, row, strict=True):
            pairs.extend([(row_category, column_category)] * count)
    return pairs


SKIN = ["terrible", "poor", "marginal", "clear"]
SKIN_TABLE = [
    [10, 4, 1, 0],
    [5, 10, 12, 2],
    [2, 4, 12, 5],
    [0, 2, 6, 13],
]

XEROMAMMOGRAMS = ["normal", "benign", "suspected cancer", "cancer"]
XEROMAMMOGRAM_TABLE = [
    [21, 12, 0, 0],
    [4, 17, 1, 0],
    [3, 9, 15, 2],
    [0, 0, 0, 1],
]


def test_sas_skin_condition_example() -> None:
    """SAS/STAT User's Guide, The FREQ Procedure, Getting Started: "Agreement Study".

    Two dermatologists rate 88 patients terrible / poor / marginal / clear (table "Skin
    Condition Data", dermatologist 1 in rows):

        10  4  1  0 | 15
         5 10 12  2 | 29
         2  4 12  5 | 23
         0  2  6 13 | 21
        17 20 31 20 | 88

    SAS reports simple kappa 0.3449 and weighted kappa 0.5082 (its default Cicchetti-Allison
    weights, which are the linear weights 1 - |i-j|/(k-1)). By hand: p_o = 45/88,
    p_e = (15*17 + 29*20 + 23*31 + 21*20)/88^2 = 1968/7744, kappa = (p_o - p_e)/(1 - p_e)
    = 249/722 = 0.34488. Linear weighted kappa works out to 2273/4473 = 0.50816, and with
    quadratic weights to 1371/2075 = 0.66072 (both by hand from the same table).
    """
    pairs = pairs_from_table(SKIN, SKIN_TABLE)
    assert len(pairs) == 88
    assert exact_agreement(pairs) == pytest.approx(45 / 88)
    assert cohen_kappa(pairs, SKIN) == pytest.approx(float(Fraction(249, 722)))
    assert round(cohen_kappa(pairs, SKIN) or 0.0, 4) == 0.3449
    linear = weighted_kappa(pairs, SKIN, "linear")
    assert linear == pytest.approx(float(Fraction(2273, 4473)))
    assert round(linear or 0.0, 4) == 0.5082
    assert weighted_kappa(pairs, SKIN) == pytest.approx(float(Fraction(1371, 2075)))


def test_altman_xeromammogram_example() -> None:
    """Altman, D. G. (1991) Practical Statistics for Medical Research, pp. 403-405.

    Two radiologists classify 85 xeromammograms (Boyd et al. 1982, J Natl Cancer Inst 68:
    357-363) as normal / benign disease / suspicion of cancer / cancer (radiologist A in rows):

        21 12  0  0 | 33
         4 17  1  0 | 22
         3  9 15  2 | 29
         0  0  0  1 |  1
        28 38 16  3 | 85

    Altman reports kappa = 0.47; the same data in the Stata [R] kappa manual give 0.4728 and,
    with linear weights (wgt(w)), 0.5684. By hand: p_o = 54/85, p_e = 2227/7225,
    kappa = 139/294 = 0.47279; linear weighted kappa = 1903/3348 = 0.56840.
    """
    pairs = pairs_from_table(XEROMAMMOGRAMS, XEROMAMMOGRAM_TABLE)
    kappa = cohen_kappa(pairs, XEROMAMMOGRAMS)
    assert kappa == pytest.approx(float(Fraction(139, 294)))
    assert round(kappa or 0.0, 2) == 0.47
    linear = weighted_kappa(pairs, XEROMAMMOGRAMS, "linear")
    assert linear == pytest.approx(float(Fraction(1903, 3348)))
    assert round(linear or 0.0, 4) == 0.5684


def test_two_by_two_textbook_example() -> None:
    """The 2x2 example of the Wikipedia article "Cohen's kappa" (50 grant proposals).

        yes/yes 20  yes/no 5
        no/yes 10   no/no 15

    p_o = 35/50 = 0.7, p_e = (25*30 + 25*20)/50^2 = 0.5, kappa = (0.7-0.5)/(1-0.5) = 0.4.
    With two categories every weighting gives the same value.
    """
    pairs = pairs_from_table(["yes", "no"], [[20, 5], [10, 15]])
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    assert weighted_kappa(pairs, ["yes", "no"], "linear") == pytest.approx(0.4)
    assert weighted_kappa(pairs, ["yes", "no"], "quadratic") == pytest.approx(0.4)


@pytest.mark.parametrize("weights", ["linear", "quadratic"])
def test_perfect_agreement_is_one(weights: Weighting) -> None:
    pairs = [(grade, grade) for grade in OFSTED * 3]
    assert weighted_kappa(pairs, OFSTED, weights) == 1.0
    assert exact_agreement(pairs) == 1.0


def test_undefined_cases_return_none() -> None:
    assert exact_agreement([]) is None
    assert weighted_kappa([], OFSTED) is None
    same_single_grade = [("good", "good")] * 6
    assert weighted_kappa(same_single_grade, OFSTED) is None
    assert cohen_kappa(same_single_grade) is None
    assert exact_agreement(same_single_grade) == 1.0


def test_raters_each_stuck_on_a_different_grade_give_zero() -> None:
    pairs = [("good", "requires_improvement")] * 5
    assert weighted_kappa(pairs, OFSTED) == pytest.approx(0.0)


def test_nearer_disagreements_cost_less_with_weights() -> None:
    near = [("good", "outstanding"), ("good", "good"), ("inadequate", "inadequate")] * 4
    far = [("inadequate", "outstanding"), ("good", "good"), ("inadequate", "inadequate")] * 4
    assert (weighted_kappa(near, OFSTED) or 0.0) > (weighted_kappa(far, OFSTED) or 0.0)


def test_unknown_grade_and_bad_scales_are_refused() -> None:
    with pytest.raises(AgreementError, match=r"Pair 2: the grade 'great'"):
        weighted_kappa([("good", "good"), ("great", "good")], OFSTED)
    with pytest.raises(AgreementError, match="at least two"):
        weighted_kappa([("good", "good")], ["good"])
    with pytest.raises(AgreementError, match="listed once"):
        weighted_kappa([("good", "good")], ["good", "good"])


def test_summary_counts_shifts_and_direction() -> None:
    pairs = [
        ("good", "good"),
        ("good", "requires_improvement"),
        ("good", "requires_improvement"),
        ("requires_improvement", "good"),
        ("inadequate", "inadequate"),
    ]
    summary = agreement_summary(pairs, OFSTED)
    assert summary.n == 5
    assert summary.exact == pytest.approx(0.4)
    assert summary.kappa == pytest.approx(weighted_kappa(pairs, OFSTED) or 0.0)
    assert summary.shifts == {
        ("requires_improvement", "good"): 1,
        ("good", "requires_improvement"): 2,
    }
    assert (summary.up, summary.down) == (1, 2)


def test_summary_of_nothing() -> None:
    summary = agreement_summary([], OFSTED)
    assert (summary.n, summary.exact, summary.kappa, summary.shifts) == (0, None, None, {})


PAIRS = st.lists(st.tuples(st.sampled_from(OFSTED), st.sampled_from(OFSTED)), max_size=40)


@settings(max_examples=150, deadline=None)
@given(pairs=PAIRS, weights=st.sampled_from(["linear", "quadratic"]))
def test_property_kappa_symmetric_at_most_one_and_order_reversal_invariant(
    pairs: list[tuple[str, str]], weights: Weighting
) -> None:
    kappa = weighted_kappa(pairs, OFSTED, weights)
    swapped = weighted_kappa([(b, a) for a, b in pairs], OFSTED, weights)
    reversed_scale = weighted_kappa(pairs, OFSTED[::-1], weights)
    if kappa is None:
        assert swapped is None and reversed_scale is None
    else:
        assert swapped == pytest.approx(kappa)
        assert reversed_scale == pytest.approx(kappa)
        assert kappa <= 1.0 + 1e-9
