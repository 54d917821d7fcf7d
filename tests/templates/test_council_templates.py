"""Templates that councils own: installed from YAML or a spreadsheet, superseding the shipped
version, written out as a spreadsheet, and used by new records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop_app.app.templates import (
    ExportTemplate,
    InstallTemplate,
    export_template,
    install_template,
    list_templates,
)
from desktop_app.errors import UserError
from forms.xlsform_reader import load_xlsform
from tests.helpers import run_cli
from tests.templates.fixtures import UPGRADE_BLOCK

NEGLECT = Path(__file__).resolve().parents[2] / "forms" / "examples" / "neglect-audit.xlsx"


def test_installing_the_neglect_xlsform_from_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    home = str(tmp_path / "laptop")
    result = run_cli(capsys, "--home", home, "forms", "install", str(NEGLECT))
    assert result.code == 0, result.err
    assert "Installed neglect-audit version 1 (Thematic audit: neglect" in result.out
    again = run_cli(capsys, "--home", home, "forms", "install", str(NEGLECT))
    assert "already installed; nothing changed" in again.out
    listed = run_cli(capsys, "--home", home, "forms", "list", "--json")
    rows = {row["id"]: row for row in json.loads(listed.out)}
    assert rows["neglect-audit"]["from"] == "file" and rows["neglect-audit"]["current"]
    assert rows["case-audit"]["from"] == "shipped"


def test_a_broken_spreadsheet_is_refused_with_its_cells_and_nothing_installed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(NEGLECT)
    workbook["survey"]["A3"] = "geopoint"
    broken = tmp_path / "broken.xlsx"
    workbook.save(broken)
    home = str(tmp_path / "laptop")
    result = run_cli(capsys, "--home", home, "forms", "install", str(broken))
    assert result.code == 1
    assert f"{broken}:survey!A3: the type 'geopoint' is not supported" in result.err
    assert "was not installed" in result.err
    listed = run_cli(capsys, "--home", home, "forms", "list", "--json")
    assert "neglect-audit" not in listed.out


def test_a_higher_council_version_supersedes_the_shipped_one(
    app_context: Any, council_db: Any, v2_file: Path
) -> None:
    from desktop_app.store.repositories.assessments import (
        assessment_definition,
        create_assessment,
    )

    installed = install_template(app_context, InstallTemplate(v2_file))
    assert (installed.form_id, installed.version, installed.supersedes) == (
        "self-assessment",
        3,
        2,
    )
    current = {(row.form_id, row.version): row.current for row in list_templates(app_context)}
    assert current[("self-assessment", 2)] is False
    assert current[("self-assessment", 3)] is True
    with council_db.session() as session:
        created = create_assessment(session, "2026-27", by="Avery Lead")
        assert assessment_definition(session, created.assessment).version == 3


def test_the_same_version_with_other_questions_or_an_old_version_is_refused(
    app_context: Any, v2_file: Path, tmp_path: Path
) -> None:
    install_template(app_context, InstallTemplate(v2_file))
    changed = tmp_path / "changed.yaml"
    changed.write_text(
        v2_file.read_text(encoding="utf-8").replace("title: Self-assessment", "title: Changed"),
        encoding="utf-8",
    )
    with pytest.raises(UserError, match="already installed with different questions"):
        install_template(app_context, InstallTemplate(changed))
    old = tmp_path / "old.yaml"
    old.write_text(
        v2_file.read_text(encoding="utf-8")
        .replace("version: 3\n", "version: 2\n", 1)
        .replace(UPGRADE_BLOCK, ""),
        encoding="utf-8",
    )
    with pytest.raises(UserError, match="not newer than the shipped version 2"):
        install_template(app_context, InstallTemplate(old))


def test_an_installed_template_is_written_out_as_a_spreadsheet_that_reads_back(
    app_context: Any, v2_file: Path, tmp_path: Path
) -> None:
    install_template(app_context, InstallTemplate(v2_file))
    out = tmp_path / "sa-v2.xlsx"
    export_template(app_context, ExportTemplate("self-assessment", out))
    back = load_xlsform(out)
    assert back.version == 3
    assert back.upgrade is not None and back.upgrade.renamed == {
        "leaders_know": "leaders_understand"
    }
    assert back.has_question("leaders_understand") and not back.has_question("agreed_by")


def test_forms_export_and_preview_take_the_spreadsheet(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "case-audit.xlsx"
    result = run_cli(capsys, "forms", "export", "case-audit", "--format", "xlsx", "--out", str(out))
    assert result.code == 0, result.err
    checked = run_cli(capsys, "forms", "check", str(out))
    assert checked.code == 0 and checked.out.startswith(f"{out}: ok (77 questions)")
    png = tmp_path / "neglect.png"
    preview = run_cli(capsys, "forms", "preview", str(NEGLECT), "--out", str(png))
    assert preview.code == 0, preview.err
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_neglect_audit_opens_in_the_form_screen_for_a_visit(
    qtbot: Any, council_db: Any, app_context: Any
) -> None:
    from desktop_app.store.repositories.organisations import home_organisation
    from desktop_app.store.repositories.visits import VisitDetails, add_case, create_visit
    from desktop_app.ui.form import FormScreen
    from desktop_app.ui.services import AppServices
    from desktop_app.ui.visit.visit_dialogs import audit_template_choices

    install_template(app_context, InstallTemplate(NEGLECT))
    services = AppServices(council_db.home)
    try:
        assert ("neglect-audit", "Thematic audit: neglect (version 1)") in (
            audit_template_choices(services)
        )
        with council_db.session() as session:
            council = home_organisation(session)
            assert council is not None and council.id is not None
            visit = create_visit(
                session,
                VisitDetails(
                    "Neglect thematic audit, May",
                    "thematic",
                    council.id,
                    template_form_id="neglect-audit",
                ),
            )
            assert visit.id is not None
            audit = add_case(session, visit.id, "MC-40213", "chosen by the QA lead")
            record_id = audit.record_id
        screen = FormScreen(services, record_id)
        qtbot.addWidget(screen)
        screen.show()
        assert screen.definition.id == "neglect-audit"
        titles = [section.title for section in screen.definition.sections]
        assert titles[:2] == ["Case profile", "Signs of neglect in the child's lived experience"]
        assert screen.answers()["case_ref"] == "MC-40213"
    finally:
        services.close()
