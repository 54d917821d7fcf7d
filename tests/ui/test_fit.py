"""Every screen fits: rendered (with the demo data) at the window's first size on a 1366x768
laptop and maximised on a 1920x1080 screen, no label, button, placeholder, column heading or cell
has text it cannot show (unless elided with a tooltip), and nothing is squeezed or clipped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.ui.fit_check import CutText, cut_texts
from desktop_app.ui.screenshots import render_screenshots, window_size_for_screen

# (what the size stands for, window width, height)
SIZES = (
    ("first window on a 1366x768 laptop", *window_size_for_screen("1366x768")),
    ("maximised on a 1920x1080 screen", 1920, 1017),
)


def _grabbed_cuts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, CutText]]:
    """Check each picture the screenshots take, just before it is taken."""
    found: list[tuple[str, CutText]] = []
    original = QWidget.grab

    def grab(self: QWidget, *args: Any) -> Any:
        where = f"{type(self).__name__} {self.windowTitle()} (picture {len(found)})"
        found.extend((where, cut) for cut in cut_texts(self))
        return original(self, *args)

    monkeypatch.setattr(QWidget, "grab", grab)
    return found


@pytest.mark.parametrize(("label", "width", "height"), SIZES)
def test_every_screen_fits_without_cut_text(
    qtbot: QtBot,
    demo_database: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    label: str,
    width: int,
    height: int,
) -> None:
    found = _grabbed_cuts(monkeypatch)
    written = render_screenshots(demo_database.home, tmp_path, (width, height))
    assert len(written) >= 15
    problems = sorted({f"{where}: {cut}" for where, cut in found})
    assert not problems, f"cut text {label} ({width}x{height}):\n" + "\n".join(problems)


def _dialog_cuts(qtbot: QtBot, dialog: QDialog) -> list[str]:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return [f"{dialog.windowTitle()}: {cut}" for cut in cut_texts(dialog)]


def test_dialogs_fit_without_cut_text(qtbot: QtBot, demo_database: Any) -> None:
    from desktop_app.ui.assessment.evidence_dialog import EvidenceDialog
    from desktop_app.ui.assessment.indicator_dialog import IndicatorDialog
    from desktop_app.ui.assessment.new_dialog import NewAssessmentDialog
    from desktop_app.ui.first_start import FirstStartDialog
    from desktop_app.ui.services import AppServices
    from desktop_app.ui.visit.moderation_dialog import ModerationDialog

    services = AppServices(demo_database.home)
    audit_id = (
        services.context.reader().execute("SELECT id FROM audit ORDER BY id LIMIT 1").fetchone()[0]
    )
    problems: list[str] = []
    for dialog in (
        FirstStartDialog(services.context),
        EvidenceDialog([], services.context),
        IndicatorDialog(),
        NewAssessmentDialog("2027-28", "2026-27"),
        ModerationDialog(services, int(audit_id)),
        *_team_dialogs(services),
    ):
        problems += _dialog_cuts(qtbot, dialog)
        dialog.close()
    services.close()
    assert not problems, "\n".join(problems)


def _team_dialogs(services: Any) -> list[QDialog]:
    """The Team tab's dialogs and the return wizard, on the demo's team visit."""
    from desktop_app.app.team import list_audits, team_overview, visit_with_returns
    from desktop_app.ui.exchange.export_wizard import ExportWizard
    from desktop_app.ui.visit.team_dialogs import MemberDialog, ReassignDialog

    visit_id = visit_with_returns(services.context)
    assert visit_id is not None
    people = [m.name for m in team_overview(services.context, visit_id).members]
    audits = list_audits(services.context, visit_id)
    return [
        MemberDialog(services, visit_id),
        MemberDialog(services, visit_id, name=people[1]),
        ReassignDialog(services, visit_id, audits, people, ticked=audits[0].case_reference),
        ExportWizard(services, bundle_type="audit-return", visit_id=visit_id),
    ]


def test_an_empty_evidence_list_says_how_to_add_a_file(qtbot: QtBot, home: Any) -> None:
    from PySide6.QtWidgets import QLabel

    from desktop_app.app.context import AppContext
    from desktop_app.ui.assessment.evidence_dialog import EvidenceDialog

    dialog = EvidenceDialog([], AppContext(home))
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("No files attached yet" in text and "Add files" in text for text in texts)
