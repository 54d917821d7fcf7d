"""A visit's case list cannot be replaced once its audits have started (a new user's trial found
that a second list silently dropped the sampled children)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.team.laptops import audit_sheet, laptop, write_case_list


def test_a_second_case_list_is_refused_once_audits_have_started(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = laptop(tmp_path, capsys, "Lena Okafor")
    lead.ok(
        "visits", "new", "--title", "QA: November", "--kind", "QA", "--host", "Midthorpe Council"
    )
    first = write_case_list(tmp_path, count=20)
    lead.ok("visits", "cases", "--visit", "1", str(first))
    # Before any audit starts, the lead may still change their mind.
    lead.ok("visits", "cases", "--visit", "1", str(first))
    lead.ok("visits", "sample", "--visit", "1", "--size", "3", "--seed", "5")
    sampled = {row["case_reference"]: "Good" for row in lead.audits()}
    sheet = audit_sheet(tmp_path, "lead.csv", lead.name, sampled)
    lead.ok("audits", "import", "--visit", "1", str(sheet))

    other = tmp_path / "other"
    other.mkdir()
    second = write_case_list(other, count=5)
    second.write_text(second.read_text().replace("MC", "ZZ"), encoding="utf-8")
    refused = lead.cli("visits", "cases", "--visit", "1", str(second))
    assert refused.code != 0 and "cannot be replaced" in refused.err
    assert "Traceback" not in refused.err
    assert sorted(row["case_reference"] for row in lead.audits()) == sorted(sampled)
