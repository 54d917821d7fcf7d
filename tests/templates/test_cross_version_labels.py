"""Exports across template versions show each audit's answers with its own version's labels:
a choice that a later version removed is still shown by its label, never its raw id."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from desktop_app.app.templates import InstallTemplate, install_template
from desktop_app.store.repositories.visits import add_case, draw_visit_sample
from forms import templates_dir
from tests.audits.builders import audits_of, fill, grade_answers, visit_with_cases
from tests.helpers import run_cli

REMAND = "          - {id: remand, label: Remanded to local authority accommodation}\n"


def test_a_removed_choice_is_exported_with_its_own_versions_label(
    capsys: pytest.CaptureFixture[str], app_context: Any, council_db: Any, tmp_path: Path
) -> None:
    with council_db.session() as session:
        visit_id = visit_with_cases(session, tmp_path)
        draw_visit_sample(session, visit_id, 1, 3)
        (old,) = audits_of(session, visit_id)
        fill(session, old, grade_answers("good", legal_status="remand"))
    text = (templates_dir() / "case-audit.yaml").read_text(encoding="utf-8")
    assert REMAND in text
    version_2 = tmp_path / "case-audit-v2.yaml"
    version_2.write_text(
        text.replace("version: 1\n", "version: 2\n", 1).replace(REMAND, ""), encoding="utf-8"
    )
    install_template(app_context, InstallTemplate(version_2))
    with council_db.session() as session:
        newer = add_case(session, visit_id, "V2-1", "added after version 2 was installed")
        fill(session, newer, grade_answers("good", legal_status="care_order"))
    out = tmp_path / "audits.csv"
    home = str(council_db.home.root)
    result = run_cli(
        capsys, "--home", home, "audits", "export", "--visit", str(visit_id), "--out", str(out)
    )
    assert result.code == 0, result.err
    rows = {row["audit.id"]: row for row in csv.DictReader(out.open(encoding="utf-8-sig"))}
    assert rows[str(old.id)]["audit.form_version"] == "1"
    assert rows[str(old.id)]["legal_status"] == "Remanded to local authority accommodation"
    assert rows[str(newer.id)]["audit.form_version"] == "2"
    assert rows[str(newer.id)]["legal_status"] == "Care order (section 31)"
