"""Page 1 of the visit report: each child at risk now with the case, the auditor, the risk, who
was told and when; and templates made before the ``escalated_to`` role still show who was told."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from forms import shipped_template
from forms.escalation import escalated_to_questions
from forms.shipped import templates_dir
from forms.template_loader import load_template_text
from tests.helpers import require_tool, run_cli
from tests.reports.answers import set_audit_answers


def _first_page(path: Path) -> str:
    tool = require_tool("pdftotext")
    done = subprocess.run(
        [tool, "-enc", "UTF-8", "-raw", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=120,
    )
    return " ".join(done.stdout.decode("utf-8").split())


def test_page_one_names_who_was_told_and_when(
    demo_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_audit_answers(
        demo_home,
        2,
        {
            "escalate": "yes",
            "escalation_reason": "Bruising seen at the home visit was not followed up by the "
            "social worker; a strategy discussion is needed today.",
            "escalated_to": "Priya Nandi, duty team manager",
            "auditor": "Ruth Hallam",
        },
    )
    out = tmp_path / "visit.pdf"
    done = run_cli(capsys, "--home", str(demo_home), "report", "--visit", "1", "--out", str(out))
    assert done.code == 0, done.err
    text = _first_page(out)
    for heading in ("Case", "Auditor", "The risk and what was done", "Who was told", "When (UTC)"):
        assert heading in text
    assert "Priya Nandi, duty team manager" in text
    assert "Ruth Hallam" in text and "strategy discussion is needed today" in text
    # the demo's own escalation names who was told too
    assert "Service Manager, Safeguarding North" in text
    assert "2 child(ren) at risk now" in text


@pytest.mark.parametrize("form_id", ["case-audit", "case-audit-sos"])
def test_who_was_told_has_a_role_and_old_templates_are_read_by_id(form_id: str) -> None:
    shipped = shipped_template(form_id)
    assert [q.id for q in shipped.questions_with_role("escalated_to")] == ["escalated_to"]
    text = (templates_dir() / f"{form_id}.yaml").read_text(encoding="utf-8")
    old_text = text.replace("        role: escalated_to\n", "")
    assert old_text != text
    old = load_template_text(old_text, f"{form_id}.yaml")
    assert old.questions_with_role("escalated_to") == []
    assert [q.id for q in escalated_to_questions(old)] == ["escalated_to"]
