"""Reproducible, stratified case sampling that leaves out recently audited cases."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit_tool import (
    BLANK_STRATUM,
    CaseRow,
    SamplingError,
    allocate_proportionally,
    draw_sample,
    sample_to_csv,
)

TODAY = date(2025, 6, 30)
COLUMNS = ["Case reference", "Team", "Cohort"]


def make_cases(teams: list[str]) -> list[CaseRow]:
    return [
        CaseRow(
            number=index + 2,
            reference=f"C{index:04d}",
            fields={"Case reference": f"C{index:04d}", "Team": team, "Cohort": "CIN"},
        )
        for index, team in enumerate(teams)
    ]


TEAM_LISTS = st.lists(st.sampled_from(["North", "South", "East", "West", ""]), max_size=60)


def test_same_seed_gives_same_sample_and_other_seed_differs() -> None:
    cases = make_cases(["North"] * 200)
    first = draw_sample(cases, 20, seed=7, today=TODAY)
    again = draw_sample(cases, 20, seed=7, today=TODAY)
    other = draw_sample(cases, 20, seed=8, today=TODAY)
    assert [case.reference for case in first.chosen] == [case.reference for case in again.chosen]
    assert [case.reference for case in first.chosen] != [case.reference for case in other.chosen]
    assert len(first.chosen) == 20 and first.shortfall == 0


def test_sample_does_not_depend_on_row_order_and_is_returned_in_file_order() -> None:
    cases = make_cases(["North", "South"] * 50)
    forward = draw_sample(cases, 10, seed=3, by="Team", today=TODAY)
    backward = draw_sample(list(reversed(cases)), 10, seed=3, by="Team", today=TODAY)
    assert {c.reference for c in forward.chosen} == {c.reference for c in backward.chosen}
    numbers = [case.number for case in forward.chosen]
    assert numbers == sorted(numbers)


def test_recently_audited_cases_are_left_out_and_listed() -> None:
    cases = make_cases(["North"] * 5)
    last = {
        "C0000": TODAY - timedelta(days=10),
        "C0001": TODAY - timedelta(days=364),
        "C0002": TODAY - timedelta(days=365),
        "C0003": TODAY - timedelta(days=800),
    }
    result = draw_sample(cases, 10, seed=1, last_audited=last, today=TODAY)
    assert result.excluded_recently_audited == ["C0000", "C0001"]
    assert [case.reference for case in result.chosen] == ["C0002", "C0003", "C0004"]
    assert result.eligible == 3
    assert result.shortfall == 7
    assert any("all were taken" in note for note in result.notes)


def test_zero_days_excludes_nothing() -> None:
    cases = make_cases(["North"] * 3)
    result = draw_sample(
        cases, 3, seed=1, last_audited={"C0000": TODAY}, exclude_within_days=0, today=TODAY
    )
    assert result.excluded_recently_audited == []
    assert len(result.chosen) == 3


def test_stratified_allocation_is_proportional_with_largest_remainder() -> None:
    cases = make_cases(["North"] * 50 + ["South"] * 30 + ["East"] * 20)
    result = draw_sample(cases, 9, seed=11, by="Team", today=TODAY)
    # exact shares 4.5, 2.7, 1.8 -> floors 4, 2, 1; two left go to South (.7) and East (.8)
    assert result.strata == {"East": (20, 2), "North": (50, 4), "South": (30, 3)}
    chosen_teams = [case.fields["Team"] for case in result.chosen]
    assert chosen_teams.count("North") == 4 and chosen_teams.count("South") == 3


def test_every_stratum_gets_one_when_size_allows() -> None:
    cases = make_cases(["Big"] * 97 + ["Tiny A"] + ["Tiny B"] + ["Tiny C"])
    result = draw_sample(cases, 5, seed=2, by="Team", today=TODAY)
    assert result.strata == {"Big": (97, 2), "Tiny A": (1, 1), "Tiny B": (1, 1), "Tiny C": (1, 1)}


def test_sample_smaller_than_number_of_strata_is_explained() -> None:
    cases = make_cases(["A", "B", "C", "D"] * 5)
    result = draw_sample(cases, 2, seed=2, by="Team", today=TODAY)
    assert len(result.chosen) == 2
    assert any("some groups have no case" in note for note in result.notes)


def test_blank_stratum_has_a_name() -> None:
    cases = make_cases(["North", "", ""])
    result = draw_sample(cases, 3, seed=2, by="Team", today=TODAY)
    assert result.strata[BLANK_STRATUM] == (2, 2)


def test_stratify_column_is_matched_ignoring_case() -> None:
    cases = make_cases(["North", "South"])
    result = draw_sample(cases, 2, seed=1, by=" team", today=TODAY)
    assert result.by == "Team"
    assert result.strata == {"North": (1, 1), "South": (1, 1)}


def test_unknown_stratify_column_names_the_columns() -> None:
    with pytest.raises(SamplingError, match=r"no column 'Ward'.*'Case reference', 'Team'"):
        draw_sample(make_cases(["North"]), 1, seed=1, by="Ward", today=TODAY)


@pytest.mark.parametrize(("size", "days"), [(0, 365), (-3, 365), (5, -1)])
def test_bad_size_or_days_are_refused(size: int, days: int) -> None:
    with pytest.raises(SamplingError):
        draw_sample(make_cases(["A"]), size, seed=1, exclude_within_days=days, today=TODAY)


def test_sample_to_csv_writes_original_columns_and_quotes_commas() -> None:
    cases = make_cases(["North", "South, inner", "East"])
    result = draw_sample(cases, 3, seed=5, today=TODAY)
    text = sample_to_csv(result, COLUMNS)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == COLUMNS
    assert rows[1:] == [
        ["C0000", "North", "CIN"],
        ["C0001", "South, inner", "CIN"],
        ["C0002", "East", "CIN"],
    ]
    assert '"South, inner"' in text


@settings(max_examples=60, deadline=None)
@given(teams=TEAM_LISTS, size=st.integers(1, 80), seed=st.integers(0, 2**32), strat=st.booleans())
def test_property_same_seed_same_sample_no_duplicates(
    teams: list[str], size: int, seed: int, strat: bool
) -> None:
    cases = make_cases(teams)
    by = "Team" if strat else None
    first = draw_sample(cases, size, seed, by=by, today=TODAY)
    second = draw_sample(cases, size, seed, by=by, today=TODAY)
    references = [case.reference for case in first.chosen]
    assert references == [case.reference for case in second.chosen]
    assert len(references) == len(set(references))
    assert len(references) == min(size, len(cases))
    assert first.shortfall == max(0, size - len(cases))
    if strat:
        assert sum(chosen for _, chosen in first.strata.values()) == len(references)


@settings(max_examples=60, deadline=None)
@given(
    teams=TEAM_LISTS,
    size=st.integers(1, 80),
    seed=st.integers(0, 2**32),
    ages=st.lists(st.one_of(st.none(), st.integers(-5, 900)), max_size=60),
    within=st.integers(0, 730),
)
def test_property_recently_audited_never_sampled(
    teams: list[str], size: int, seed: int, ages: list[int | None], within: int
) -> None:
    cases = make_cases(teams)
    last = {
        case.reference: TODAY - timedelta(days=age)
        for case, age in zip(cases, ages, strict=False)
        if age is not None
    }
    result = draw_sample(
        cases, size, seed, by="Team", last_audited=last, exclude_within_days=within, today=TODAY
    )
    recent = {ref for ref, when in last.items() if (TODAY - when).days < within}
    assert set(result.excluded_recently_audited) == recent
    assert not recent & {case.reference for case in result.chosen}


@settings(max_examples=200, deadline=None)
@given(
    populations=st.dictionaries(st.text(min_size=1, max_size=4), st.integers(1, 500), min_size=1),
    data=st.data(),
)
def test_property_allocation_within_one_of_exact_share(
    populations: dict[str, int], data: st.DataObject
) -> None:
    total = sum(populations.values())
    size = data.draw(st.integers(1, total))
    places = allocate_proportionally(populations, size)
    assert sum(places.values()) == size
    for name, count in populations.items():
        exact = Fraction(size * count, total)
        assert abs(places[name] - exact) < 1
        assert places[name] <= count


@settings(max_examples=100, deadline=None)
@given(teams=st.lists(st.sampled_from("ABCDEFG"), min_size=1, max_size=80), data=st.data())
def test_property_stratified_sample_sizes(teams: list[str], data: st.DataObject) -> None:
    cases = make_cases(teams)
    size = data.draw(st.integers(1, len(cases)))
    result = draw_sample(cases, size, seed=data.draw(st.integers(0, 999)), by="Team", today=TODAY)
    assert len(result.chosen) == size
    for name, (population, chosen) in result.strata.items():
        assert chosen <= population
        assert sum(1 for case in result.chosen if case.fields["Team"] == name) == chosen
        if size >= len(result.strata):
            assert chosen >= 1
