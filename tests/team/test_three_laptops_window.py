"""The team flow in the window (pytest-qt), three homes for three laptops: the lead shares and
packs the cases on the visit's Team tab; each auditor opens the assignment from Peer challenge,
audits, and sends their audits to the lead from "Your cases"; the lead merges the returns, sees
the child at risk first, decides the conflict, moderates and makes the PDF."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.app.team import Keep
from desktop_app.home import Home
from desktop_app.ui.background import BackgroundTask
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import AppServices
from tests.helpers import require_tool
from tests.team.laptops import Laptop, audit_sheet, clone_with_new_key, laptop, write_case_list


def _window(qtbot: QtBot, machine: Laptop) -> tuple[MainWindow, AppServices]:
    services = AppServices(Home(machine.root))
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window, services


def _visit_page(window: MainWindow, visit_id: int) -> Any:
    return window.show_screen_by_key("visits").open_visit(visit_id)


def _open_bundle(qtbot: QtBot, window: MainWindow, path: Path) -> Any:
    screen = window.show_screen_by_key("challenge")
    screen.open_file(path)
    qtbot.waitUntil(lambda: not BackgroundTask.running, timeout=20000)
    qtbot.wait(50)
    return screen


def _wait(qtbot: QtBot, page: Any) -> None:
    qtbot.waitUntil(lambda: not page.team_tab.tasks and not BackgroundTask.running, timeout=20000)


@pytest.mark.slow
def test_three_laptops_in_the_window(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead = laptop(tmp_path, capsys, "Lena Okafor")
    ann = laptop(tmp_path, capsys, "Ann Ryder")
    bob = laptop(tmp_path, capsys, "Bob Achebe")
    for auditor in (ann, bob):
        auditor.ok("keys", "trust", str(lead.card), "--yes")
    lead.ok(
        "visits", "new", "--title", "PCTR: neglect", "--kind", "PCTR", "--host", "Midthorpe Council"
    )
    lead.ok("visits", "cases", "--visit", "1", str(write_case_list(tmp_path)))
    lead.ok("visits", "sample", "--visit", "1", "--size", "6", "--seed", "3")
    lead.ok("visits", "team", "--visit", "1", "--add", lead.name, "--role", "lead")
    for auditor in (ann, bob):
        lead.ok(
            "visits",
            "team",
            "--visit",
            "1",
            "--add",
            auditor.name,
            "--role",
            "auditor",
            "--card",
            str(auditor.card),
        )

    # The lead's laptop: share the cases evenly and pack each auditor's assignment.
    lead_window, lead_services = _window(qtbot, lead)
    page = _visit_page(lead_window, 1)
    page.tabs.setCurrentIndex(3)
    team = page.team_tab
    team.split_button.click()
    assert "Ann Ryder 3" in team.notice.text() and "Bob Achebe 3" in team.notice.text()
    for auditor in (ann, bob):
        team.pack_to(auditor.name, tmp_path / f"{auditor.root.name}.assignment")
        _wait(qtbot, page)
        assert "encrypted for them" in team.notice.text()
    held = {row["case_reference"]: row["auditor"] for row in lead.audits()}
    anns = sorted(c for c, who in held.items() if who == ann.name)
    bobs = sorted(c for c, who in held.items() if who == bob.name)

    # Bob is also given one of Ann's cases (a later assignment), so both audit it.
    shared = anns[-1]
    page.table.selectRow(
        next(
            i for i in range(page.model.rowCount()) if page.model.row_at(i).case_reference == shared
        )
    )
    team.auditor_choice.setCurrentText(bob.name)
    team.give_button.click()
    assert f"Case {shared} is now {bob.name}'s" in team.notice.text()
    team.pack_to(bob.name, tmp_path / "bob2.assignment")
    _wait(qtbot, page)

    # Each auditor opens their assignment in Peer challenge; it becomes "Your cases".
    pages = {}
    for auditor, file_name in ((ann, "ann.assignment"), (bob, "bob2.assignment")):
        window, _services = _window(qtbot, auditor)
        screen = _open_bundle(qtbot, window, tmp_path / file_name)
        assert screen.last_team_import.kind == "visit-assignment"
        auditor_page = window.show_screen_by_key("visits")._page
        assert auditor_page.isVisible() and auditor_page.tabs.tabText(3) == "Your cases"
        assert auditor_page.team_tab.send_button.isVisibleTo(auditor_page.team_tab)
        assert not auditor_page.team_tab.pack_button.isVisibleTo(auditor_page.team_tab)
        pages[auditor.name] = auditor_page
    assert sorted(r["case_reference"] for r in bob.audits()) == sorted([*bobs, shared])

    # They audit (from their sheets), Ann escalating a child at risk now.
    at_risk = anns[0]
    ann.ok(
        "audits",
        "import",
        "--visit",
        "1",
        str(
            audit_sheet(
                tmp_path,
                "ann.csv",
                ann.name,
                dict.fromkeys(anns, "Good"),
                escalate={at_risk: "Toddler found alone at home; police and duty manager called."},
            )
        ),
    )
    bob_grades = dict.fromkeys(bobs, "Good")
    bob_grades[shared] = "Inadequate"
    bob.ok(
        "audits",
        "import",
        "--visit",
        "1",
        str(audit_sheet(tmp_path, "bob.csv", bob.name, bob_grades)),
    )

    # "Send my audits to the lead" on each auditor's laptop.
    for auditor in (ann, bob):
        auditor_page = pages[auditor.name]
        auditor_page.refresh()
        auditor_page.team_tab.send_to(tmp_path / f"{auditor.root.name}.return")
        _wait(qtbot, auditor_page)
        assert "encrypted for Lena Okafor" in auditor_page.team_tab.notice.text()

    # Someone outside the team: refused with a sentence, nothing stored.
    eve = clone_with_new_key(ann, tmp_path, capsys, "Eve Marsh")
    eve.ok("audits", "return", "--visit", "1", "--out", str(tmp_path / "eve.return"))
    before = lead.audits()
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    original = QMessageBox.warning
    QMessageBox.warning = staticmethod(lambda _parent, _title, text, *a, **k: shown.append(text))  # type: ignore[method-assign]
    try:
        team.merge_from(tmp_path / "eve.return")
        _wait(qtbot, page)
    finally:
        QMessageBox.warning = original  # type: ignore[method-assign]
    assert shown and "not on the team" in shown[0] and lead.audits() == before

    # The lead merges both returns: one visit with every audit, the child at risk first.
    for auditor in (ann, bob):
        team.merge_from(tmp_path / f"{auditor.root.name}.return")
        _wait(qtbot, page)
    assert page.escalations.isVisible() and at_risk in page.escalations.text()
    assert page.model.row_at(0).case_reference == at_risk
    assert team.conflict_list.count() == 1 and shared in team.conflict_list.item(0).text()
    sides = [label.text() for label in team.side_labels]
    assert "By Bob Achebe" in sides[0] and "Overall grade: inadequate" in sides[0]
    assert "By Ann Ryder" in sides[1] and "Overall grade: good" in sides[1]
    assert page.tabs.tabText(3) == "Team (1 conflict)"
    assert [r["member"] for r in team.returns._rows] == [bob.name, ann.name]
    # Merging Ann's return again changes nothing.
    team.merge_from(tmp_path / "ann.return")
    _wait(qtbot, page)
    assert "already merged" in team.notice.text()

    team.keep_buttons[Keep.FIRST].click()
    assert team.conflict_list.count() == 0 and page.tabs.tabText(3) == "Team"
    assert page.model.rowCount() == len(held)
    assert page.dashboard is not None and page.tabs.tabText(0) == f"Audits ({len(held)})"

    # One moderation and one PDF, the escalation on page 1.
    from desktop_app.store.database import open_database
    from desktop_app.store.repositories.audits import ModerationDecision, moderate_audit

    database = open_database(Home(lead.root))
    try:
        with database.session() as session:
            moderate_audit(
                session,
                page.model.row_at(1).id,
                [ModerationDecision("overall_grade", "good")],
                lead.name,
            )
    finally:
        database.close()
    page.refresh()
    out = tmp_path / "visit.pdf"
    page.report_to(out)
    qtbot.waitUntil(lambda: not BackgroundTask.running and out.exists(), timeout=30000)
    pdftotext = require_tool("pdftotext")
    text = subprocess.run(
        [pdftotext, "-f", "1", "-l", "1", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert at_risk in text and "not yet returned" not in text
    lead_services.close()
