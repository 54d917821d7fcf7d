"""The personal-data check flags the common slips and leaves ordinary prose alone."""

from __future__ import annotations

from typing import Any

from desktop_app.exchange.personal_data import (
    find_in_text,
    find_personal_data,
    nhs_number_is_valid,
    remove_findings,
)


def _kinds(text: str) -> list[str]:
    return [kind for kind, *_rest in find_in_text(text)]


def test_an_nhs_number_with_a_valid_check_digit_is_flagged_and_an_invalid_one_is_not() -> None:
    assert nhs_number_is_valid("9434765919")
    assert not nhs_number_is_valid("9434765918")
    assert _kinds("NHS 943 476 5919 on file") == ["NHS number"]
    assert _kinds("NHS 943-476-5919") == ["NHS number"]
    assert _kinds("reference 943 476 5918 on file") == []
    # digits inside a bundle's UUID or hash are not an NHS number, whatever their check digit
    assert nhs_number_is_valid("9609398421")
    assert _kinds("external identifier 278b2234-5cf6-4791-a643-9e9609398421") == []


def test_names_after_titles_dates_of_birth_and_postcodes_are_flagged() -> None:
    assert _kinds("Spoke with Mrs Jane Holloway about the plan") == ["name after a title"]
    assert _kinds("Dr. Okoro saw him") == ["name after a title"]
    assert _kinds("DOB 12/03/2015") == ["date of birth"]
    assert _kinds("she was born on 3 March 2014") == ["date of birth"]
    assert _kinds("lives at MT4 2AB with mum") == ["postcode"]
    assert _kinds("lives at sw1a 1aa") == ["postcode"]


def test_ordinary_self_assessment_prose_is_not_flagged() -> None:
    text = (
        "In 2026-27, 87% of assessments were completed within 45 working days; Q3 audits "
        "found 12 of 40 cases good. The meeting on 12/03/2026 agreed the plan."
    )
    assert find_in_text(text) == []


def test_findings_say_where_and_can_be_removed() -> None:
    document: dict[str, Any] = {
        "definitions": {"x": {"label": "Mr Template Wording"}},
        "assessments": [{"title": "Self-assessment 2026-27", "answers": {"q": "Met Mr Brown."}}],
    }
    (finding,) = find_personal_data(document)
    assert finding.where == "assessments › Self-assessment 2026-27 › answers › q"
    assert finding.match == "Mr Brown"
    cleaned = remove_findings(document, [finding])
    assert "Brown" not in cleaned["assessments"][0]["answers"]["q"]
    assert document["assessments"][0]["answers"]["q"] == "Met Mr Brown."
