"""What leaves the laptop: frozen answers, pseudonymised cases, no case notes by default."""

from __future__ import annotations

import json
from typing import Any

import pytest

from desktop_app.exchange.bundle_document import LEFT_OUT, ExportContentError
from desktop_app.exchange.export import ExportRequest, prepare_export, without_findings
from desktop_app.exchange.personal_data import REMOVED

from .content import CASE_NOTE, add_content


def test_a_ready_assessment_travels_as_its_frozen_snapshot(database: Any) -> None:
    stored = add_content(database, "Midthorpe Council")
    prepared = prepare_export(database, ExportRequest(assessment_ids=(stored.assessment_id,)))
    document = prepared.document
    assert document["format"] == "critical-friend-bundle"
    assert document["format_version"] == 1
    assert document["organisation"]["name"] == "Midthorpe Council"
    (assessment,) = document["assessments"]
    assert assessment["frozen"] is True
    assert assessment["answers"]["leaders_know"] == "Leaders know their services well."
    assert assessment["definition"] in document["definitions"]
    assert prepared.findings == []


def test_a_draft_is_refused_unless_the_user_says_so(database: Any) -> None:
    stored = add_content(database, "Midthorpe Council")
    with pytest.raises(ExportContentError, match="still a draft"):
        prepare_export(database, ExportRequest(assessment_ids=(stored.draft_assessment_id,)))
    prepared = prepare_export(
        database, ExportRequest(assessment_ids=(stored.draft_assessment_id,), include_drafts=True)
    )
    assert prepared.document["assessments"][0]["answers"]["leaders_know"] == "Draft words."
    assert prepared.document["assessments"][0]["frozen"] is False


def test_case_references_are_pseudonymised_and_case_notes_left_out(database: Any) -> None:
    stored = add_content(database, "Midthorpe Council")
    prepared = prepare_export(database, ExportRequest(visit_ids=(stored.visit_id,)))
    text = json.dumps(prepared.document)
    assert "LL-100234" not in text and "LL-100777" not in text
    assert CASE_NOTE not in text
    audit = prepared.document["visits"][0]["audits"][0]
    assert audit["case"].startswith("C-") and len(audit["case"]) == 10
    assert audit["answers"]["case_reference"] == audit["case"]
    assert audit["answers"]["overall_rationale"] == LEFT_OUT
    assert audit["answers"]["team"] == f"Front door, case {audit['case']}"
    assert audit["moderation"][0]["rationale"] == LEFT_OUT
    assert prepared.document["visits"][0]["findings"]["overall_grades"] == {
        "Good": 1,
        "Inadequate": 1,
    }
    assert prepared.document["privacy"]["case_notes"] == "left out"
    assert prepared.findings == []


def test_pseudonyms_are_stable_across_exports_and_differ_between_councils(
    database: Any, tmp_path: Any
) -> None:
    from desktop_app.home import Home
    from desktop_app.store.database import open_database

    stored = add_content(database, "Midthorpe Council")
    request = ExportRequest(visit_ids=(stored.visit_id,))
    first = prepare_export(database, request).document["visits"][0]["audits"][0]["case"]
    second = prepare_export(database, request).document["visits"][0]["audits"][0]["case"]
    assert first == second
    other = open_database(Home(tmp_path / "other"))
    try:
        other_stored = add_content(other, "Oxtown Borough Council")
        theirs = prepare_export(other, ExportRequest(visit_ids=(other_stored.visit_id,)))
        assert theirs.document["visits"][0]["audits"][0]["case"] != first
    finally:
        other.close()


def test_opting_in_to_case_notes_brings_the_flagged_nhs_number_and_it_can_be_removed(
    database: Any,
) -> None:
    stored = add_content(database, "Midthorpe Council")
    prepared = prepare_export(
        database, ExportRequest(visit_ids=(stored.visit_id,), include_case_notes=True)
    )
    assert CASE_NOTE in json.dumps(prepared.document)
    kinds = {finding.kind for finding in prepared.findings}
    assert kinds == {"NHS number"}
    assert all("943 476 5919" in finding.excerpt for finding in prepared.findings)
    cleaned = without_findings(prepared, prepared.findings)
    assert cleaned.findings == []
    assert "943 476 5919" not in json.dumps(cleaned.document)
    assert REMOVED in json.dumps(cleaned.document)
