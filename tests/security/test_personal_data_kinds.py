"""The personal-data check finds each kind the security review listed, each with its place."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.exchange.personal_data import find_in_text, find_personal_data


def _document(text: str) -> dict[str, object]:
    return {
        "organisation": {"name": "Midthorpe Council"},
        "assessments": [{"title": "Self-assessment 2026-27", "answers": {"evidence": text}}],
    }


@pytest.mark.parametrize(
    ("kind", "text", "found"),
    [
        ("name", "We spoke to Jane Smith about the plan and her school.", "Jane Smith"),
        ("phone number", "Her mother can be reached on 07700 900123 most days.", "07700 900123"),
        (
            "phone number",
            "The school office is on +44 (0)113 496 0000 for now.",
            "+44 (0)113 496 0000",
        ),
        ("phone number", "Call the team on 020 7946 0958 after ten.", "020 7946 0958"),
        (
            "e-mail address",
            "Write to j.smith@example.org.uk for the file.",
            "j.smith@example.org.uk",
        ),
        (
            "National Insurance number",
            "Benefits under AB 12 34 56 C were checked.",
            "AB 12 34 56 C",
        ),
        (
            "date written in words",
            "The child, born quietly on April 3, 2015 at home.",
            "April 3, 2015",
        ),
        ("date written in words", "Seen on 3rd of April 2015 by the worker.", "3rd of April 2015"),
        ("street address", "The family moved to 14 Acacia Road last spring.", "14 Acacia Road"),
        ("case reference", "Compare with CH-20931, which was not audited.", "CH-20931"),
    ],
)
def test_each_kind_is_found_with_its_place(kind: str, text: str, found: str) -> None:
    findings = find_personal_data(_document(text), case_references=["CH-20931", "CH-11111"])
    matching = [f for f in findings if f.kind == kind]
    assert matching, [(f.kind, f.match) for f in findings]
    (finding,) = matching
    assert finding.match == found
    assert finding.path == ("assessments", 0, "answers", "evidence")
    assert finding.where == "assessments › Self-assessment 2026-27 › answers › evidence"


@pytest.mark.parametrize(
    "text",
    [
        "Midthorpe Council and Oxtown Borough Council met in March 2026.",
        "Leaders know their services well; 12 of 20 audits were good.",
        "The NI team met QQ 12 34 56 C placeholder forms.",  # QQ is never issued by HMRC
        "Grace Period applies.",  # too short to be prose: not read as a name
        "Total 0123 cases.",
    ],
)
def test_ordinary_council_text_is_not_flagged(text: str) -> None:
    kinds = [kind for kind, *_rest in find_in_text(text)]
    assert kinds == []


def test_staff_names_in_short_fields_are_not_flagged_as_people() -> None:
    findings = find_personal_data({"assessments": [{"frozen_by": "Priya Lambert"}]})
    assert findings == []


@given(st.text(max_size=400))
def test_any_text_is_checked_without_error(text: str) -> None:
    for _kind, matched, start, end in find_in_text(text):
        assert text[start:end] == matched
