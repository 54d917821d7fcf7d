"""The self-assessment PDF: renders quickly and says what a Director expects on each page."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import require_tool, run_cli


def _pages(path: Path) -> list[str]:
    tool = require_tool("pdftotext")
    text = subprocess.run(
        [tool, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def _ids(database: Any) -> dict[str, int]:
    from desktop_app.store.repositories.assessments import list_assessments

    with database.session() as session:
        return {s.period: s.id for s in list_assessments(session)}


def test_draft_report_has_every_part_and_draft_on_every_page(demo_db: Any, tmp_path: Path) -> None:
    from desktop_app.reports.assessment_report import write_assessment_report

    out = tmp_path / "draft.pdf"
    write_assessment_report(demo_db, _ids(demo_db)["2026-27"], out)
    pages = _pages(out)
    assert len(pages) >= 8
    for number, page in enumerate(pages, start=1):
        assert "Midthorpe Council" in page and "Draft" in page
        assert f"Page {number} of {len(pages)}" in page
    whole = "\n".join(pages)
    for part in (
        "Contents",
        "Impact of leaders on social work practice",
        "Experiences and progress of care leavers",
        "How do we know it?",
        "Strengths",
        "Areas for development",
        "Data profile",
        "Neighbours",
        "England",
        "Trends",
        "Priorities for the next 12 months",
        "Key lines of enquiry for peer challenge",
        "Evidence",
        "QA framework annual summary 2025-26.txt",
        "Carried over from last year",
        "Sign-off",
    ):
        assert part in whole, part
    assert "Red" in whole and "Green" in whole


def test_ready_report_shows_the_frozen_snapshot_not_later_edits(
    demo_db: Any, tmp_path: Path
) -> None:
    from desktop_app.reports.assessment_report import write_assessment_report
    from desktop_app.store.repositories.assessments import assessment_definition, get_assessment
    from desktop_app.store.repositories.records import save_answer

    assessment_id = _ids(demo_db)["2025-26"]
    frozen = tmp_path / "frozen.pdf"
    write_assessment_report(demo_db, assessment_id, frozen)
    frozen_text = "\n".join(_pages(frozen))
    assert "Ready for challenge" in frozen_text and "Frozen" in frozen_text
    assert "Not frozen" not in frozen_text

    with demo_db.session() as session:
        assessment = get_assessment(session, assessment_id)
        definition = assessment_definition(session, assessment)
        area = next(s for s in definition.sections if s.kind == "ilacs_area")
        know = next(q for q in area.questions if q.role is None)
        # bypassing the workflow on purpose: even a raw edit must not reach the frozen report
        save_answer(
            session, assessment.record_id, know.id, "A sentence written afterwards.", by="x"
        )
    again = tmp_path / "again.pdf"
    write_assessment_report(demo_db, assessment_id, again)
    assert "written afterwards" not in "\n".join(_pages(again))


def test_report_command_writes_the_pdf_and_names_a_missing_assessment(
    capsys: pytest.CaptureFixture[str], demo_db: Any, tmp_path: Path
) -> None:
    home = str(demo_db.home.root)
    out = tmp_path / "sa.pdf"
    done = run_cli(capsys, "--home", home, "report", "--assessment", "1", "--out", str(out))
    assert done.code == 0 and out.read_bytes().startswith(b"%PDF")
    missing = run_cli(capsys, "--home", home, "report", "--assessment", "99", "--out", str(out))
    assert missing.code == 2 and "no assessment with id 99" in missing.err


def test_report_pages_render_as_pictures(demo_db: Any, tmp_path: Path) -> None:
    from desktop_app.reports.assessment_report import write_assessment_report

    tool = require_tool("pdftoppm")
    out = tmp_path / "draft.pdf"
    write_assessment_report(demo_db, _ids(demo_db)["2026-27"], out)
    subprocess.run(
        [tool, "-png", "-r", "20", "-f", "1", "-l", "2", str(out), str(tmp_path / "p")], check=True
    )
    assert len(list(tmp_path.glob("p-*.png"))) == 2
