"""The team flow in the window (pytest-qt), three homes for three laptops: the lead shares,
reassigns and packs the cases on the visit's Team tab; each auditor opens the assignment from
Peer challenge, TYPES the audits into the form, and sends them to the lead through the export
wizard; the lead merges the returns, sees the cases done and the child at risk on the banner,
keeps one side of the conflict (a later return repeating the other does not raise it again, and
the case counts once), reassigns a case holding returned work only after a confirm, moderates and
makes the PDF with the escalation on page 1."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.app.team import Keep
from desktop_app.home import Home
from desktop_app.ui.background import BackgroundTask
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import AppServices
from tests.helpers import require_tool
from tests.team.laptops import Laptop, clone_with_new_key, three_laptops
from tests.team.typed_audit import type_audit


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


def _send_with_the_wizard(
    qtbot: QtBot, page: Any, out: Path, monkeypatch: pytest.MonkeyPatch
) -> Any:
    """Send my audits to the lead: the export wizard, the lead preselected, then sign and save."""
    from PySide6.QtWidgets import QMessageBox, QWizard

    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *_a, **_k: None))
    wizard = page.team_tab.send()
    assert wizard.windowTitle() == "Send my audits to the lead"
    shown = wizard.audit_return
    listed = [shown.what.audits.item(i).text() for i in range(shown.what.audits.count())]
    recipients = [
        shown.recipient.recipients.item(i) for i in range(shown.recipient.recipients.count())
    ]
    assert len(recipients) == 1 and "Lena Okafor (lead)" in recipients[0].text()
    wizard.next()
    wizard.next()
    shown.save.path.setText(str(out))
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=20000)
    return listed, shown


def _type_every_audit(
    qtbot: QtBot, page: Any, grades: dict[str, str], at_risk: str | None = None
) -> None:
    """Open each case of "Your cases" and type its audit into the form."""
    for row in range(page.model.rowCount()):
        audit = page.model.row_at(row)
        page.open_audit(audit.id)
        form = page.audit_view.form
        assert form is not None
        given = type_audit(
            qtbot,
            form,
            overall=grades[audit.case_reference],
            escalate=audit.case_reference == at_risk,
        )
        assert given > 20  # every required answer, typed and clicked
        assert "this audit is complete" in page.audit_view.left.text()
        page.audit_view.go_back()
    page.refresh()


@pytest.mark.slow
def test_three_laptops_in_the_window(
    qtbot: QtBot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lead, ann, bob = three_laptops(
        tmp_path, capsys, title="PCTR: neglect", kind="PCTR", size=4, seed=3
    )

    # The lead's laptop: share the cases evenly and pack each auditor's assignment.
    lead_window, lead_services = _window(qtbot, lead)
    page = _visit_page(lead_window, 1)
    page.tabs.setCurrentIndex(3)
    team = page.team_tab
    team.split_button.click()
    assert "Ann Ryder 2" in team.notice.text() and "Bob Achebe 2" in team.notice.text()
    for auditor in (ann, bob):
        team.pack_to(auditor.name, tmp_path / f"{auditor.root.name}.assignment")
        _wait(qtbot, page)
        assert "encrypted for them" in team.notice.text()
    held = {row["case_reference"]: row["auditor"] for row in lead.audits()}
    anns = sorted(c for c, who in held.items() if who == ann.name)
    bobs = sorted(c for c, who in held.items() if who == bob.name)

    # Bob is also given one of Ann's cases (Reassign cases…, then a later assignment).
    shared = anns[-1]
    page.table.selectRow(
        next(
            i for i in range(page.model.rowCount()) if page.model.row_at(i).case_reference == shared
        )
    )
    dialog = team.reassign()
    assert dialog is not None
    ticked = [dialog.cases.item(i) for i in range(dialog.cases.count())]
    assert [i.text() for i in ticked if i.checkState().value] == [
        f"Case {shared} · {ann.name} · not started"
    ]
    dialog.person.setCurrentText(bob.name)
    dialog.accept()
    assert f"1 case(s) are now {bob.name}'s" in team.notice.text()
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

    # They type their audits into the form; Ann escalates a child at risk now.
    at_risk = anns[0]
    _type_every_audit(qtbot, pages[ann.name], dict.fromkeys(anns, "good"), at_risk)
    bob_grades = dict.fromkeys(bobs, "good") | {shared: "inadequate"}
    _type_every_audit(qtbot, pages[bob.name], bob_grades)
    assert all(row["status"] == "complete" for row in [*ann.audits(), *bob.audits()])

    # "Send my audits to the lead": the export wizard shows what goes, the lead preselected.
    for auditor in (ann, bob):
        listed, shown = _send_with_the_wizard(
            qtbot, pages[auditor.name], tmp_path / f"{auditor.root.name}.return", monkeypatch
        )
        assert len(listed) == len(auditor.audits())
        if auditor is ann:
            assert shown.what.escalations.isVisibleTo(shown.what)
            assert at_risk in shown.what.escalations.text()
            assert any(at_risk in text and "CHILD AT RISK NOW" in text for text in listed)
        notice = pages[auditor.name].team_tab.notice.text()
        assert "encrypted for Lena Okafor" in notice
        assert (tmp_path / f"{auditor.root.name}.return").read_bytes().startswith(b"age-")

    # Someone outside the team: refused with a sentence, nothing stored.
    eve = clone_with_new_key(ann, tmp_path, capsys, "Eve Marsh")
    eve.ok("audits", "return", "--visit", "1", "--out", str(tmp_path / "eve.return"))
    before = lead.audits()
    from PySide6.QtWidgets import QMessageBox

    shown_warnings: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        staticmethod(lambda _parent, _title, text, *a, **k: shown_warnings.append(text)),
    )
    team.merge_from(tmp_path / "eve.return")
    _wait(qtbot, page)
    assert shown_warnings and "not on the team" in shown_warnings[0] and lead.audits() == before

    # The lead merges both returns: every case done, the child at risk on the banner and first.
    for auditor in (bob, ann):
        team.merge_from(tmp_path / f"{auditor.root.name}.return")
        _wait(qtbot, page)
    assert page.escalations.isVisible() and at_risk in page.escalations.text()
    assert page.model.row_at(0).case_reference == at_risk
    done = {m.name: (m.cases, m.complete) for m in team.overview.members}
    assert done[ann.name] == (2, 2) and done[bob.name] == (3, 3)
    assert all(row["status"] == "complete" for row in lead.audits())
    assert team.conflict_list.count() == 1 and shared in team.conflict_list.item(0).text()
    sides = [label.text() for label in team.side_labels]
    assert "By Bob Achebe" in sides[0] and "Overall grade: Inadequate" in sides[0]
    assert "By Ann Ryder" in sides[1] and "Overall grade: Good" in sides[1]
    assert "answer(s) differ (Compare and decide…)" in sides[0]
    assert not any("_" in line.split(":")[0] for side in sides for line in side.splitlines())
    assert page.tabs.tabText(3) == "Team (1 conflict)"
    # The Audits tab names both audits of the undecided case; the arriving one, not counted
    # until the lead decides, still shows its grade in words.
    rows = [page.model.row_at(i) for i in range(page.model.rowCount())]
    marked = {row.conflict: row for row in rows if row.conflict}
    assert set(marked) == {"Conflict, 1st", "Conflict, 2nd"}
    assert {row.case_reference for row in marked.values()} == {shared}
    first, second = marked["Conflict, 1st"], marked["Conflict, 2nd"]
    assert (second.grade, second.cohort, second.team) == ("Good", first.cohort, first.team)
    arrived = page.model.index(rows.index(second), 0)
    assert page.model.data(arrived) == "Conflict, 2nd"
    tip = page.model.data(arrived, Qt.ItemDataRole.ToolTipRole)
    assert "second (arrived)" in tip and "Team tab" in tip
    from desktop_app.ui.fit_check import cut_texts

    assert not [cut for cut in cut_texts(page.table) if "Conflict" in cut.text]
    # Merging Ann's return again changes nothing.
    team.merge_from(tmp_path / "ann.return")
    _wait(qtbot, page)
    assert "already merged" in team.notice.text()

    # Keeping both is offered (counted once: test_keep_both_counts_once); keep Bob's, the
    # holder's. Ann's next return repeats her side, already set aside: no conflict again.
    # The lead decides in the Compare dialog: both sides in words, who made each, Keep buttons.
    compare = team.compare()
    assert compare is not None
    qtbot.addWidget(compare)
    assert set(compare.keep_buttons) == set(Keep)
    assert compare.keep_buttons[Keep.BOTH].accessibleName() == "Keep both as two audits"
    assert compare.keep_buttons[Keep.FIRST].text() == "Keep &first (Bob Achebe's)"
    compare.keep_buttons[Keep.FIRST].click()
    assert compare.result() == compare.DialogCode.Accepted and compare.kept == Keep.FIRST
    assert "kept Bob Achebe's audit" in team.notice.text()
    assert team.conflict_list.count() == 0 and page.tabs.tabText(3) == "Team"
    assert page.model.rowCount() == len(held)
    assert not any(page.model.row_at(i).conflict for i in range(len(held)))
    ann.ok("audits", "return", "--visit", "1", "--out", str(tmp_path / "ann.return2"))
    team.merge_from(tmp_path / "ann.return2")
    _wait(qtbot, page)
    assert "conflict" not in team.notice.text() and team.conflict_list.count() == 0
    assert page.model.rowCount() == len(held)
    assert page.dashboard is not None and page.tabs.tabText(0) == f"Audits ({len(held)})"
    assert next(r for r in lead.audits() if r["case_reference"] == shared)["auditor"] == bob.name

    # Moving a case that holds returned work asks first: "No" moves nothing, "Yes" moves it.
    moving = bobs[0]
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> Any:
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    for _attempt in range(2):
        dialog = team.reassign()
        assert dialog is not None
        for i in range(dialog.cases.count()):
            item = dialog.cases.item(i)
            item.setCheckState(
                Qt.CheckState.Checked if moving in item.text() else Qt.CheckState.Unchecked
            )
        dialog.person.setCurrentText(ann.name)
        dialog.accept()
        holder = next(r for r in lead.audits() if r["case_reference"] == moving)["auditor"]
        assert holder == (bob.name if len(asked) == 1 else ann.name)
        dialog.close()
    assert len(asked) == 2 and f"case {moving} (Bob Achebe's, with work by" in asked[0]
    assert f"1 case(s) are now {ann.name}'s" in team.notice.text()

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
