"""The lead builds the team in the Team tab: add a person with their key card (its fingerprint and
the person it names shown first, a bad file in one sentence), change a role, reassign cases and
remove someone; the same operations as `visits team`, `visits assign` and `visits remove`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.home import Home
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import AppServices
from tests.team.laptops import COUNCIL, laptop, write_case_list


@pytest.mark.slow
def test_the_lead_adds_changes_reassigns_and_removes_people_in_the_team_tab(
    qtbot: QtBot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lead = laptop(tmp_path, capsys, "Lena Okafor")
    ann = laptop(tmp_path, capsys, "Ann Ryder")
    bob = laptop(tmp_path, capsys, "Bob Achebe")
    lead.ok("visits", "new", "--title", "SAV", "--kind", "SAV", "--host", COUNCIL)
    lead.ok("visits", "cases", "--visit", "1", str(write_case_list(tmp_path, 12)))
    lead.ok("visits", "sample", "--visit", "1", "--size", "4", "--seed", "5")
    services = AppServices(Home(lead.root))
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.show_screen_by_key("visits").open_visit(1)
    page.tabs.setCurrentIndex(3)
    team = page.team_tab
    assert team.add_person_button.isVisibleTo(team)

    # A bad file: one plain sentence in the dialog, nothing added.
    bad = tmp_path / "notes.card"
    bad.write_text("Dear Lena, here are my notes.\n", encoding="utf-8")
    dialog = team.add_person()
    assert dialog is not None
    assert dialog.choose_card(bad) is None
    assert (
        str(bad) in dialog.card_info.text() and "not a usable key card" in dialog.card_info.text()
    )
    assert "Traceback" not in dialog.card_info.text()
    dialog.reject()

    # Ann's card: whose it is and its fingerprint are shown; the name is taken from the card.
    dialog = team.add_person()
    assert dialog is not None
    card = dialog.choose_card(ann.card)
    assert card is not None and card.name == ann.name
    assert dialog.name.text() == ann.name
    assert f"Key card of {ann.name}, {COUNCIL}" in dialog.card_info.text()
    assert card.fingerprint.startswith("SHA256:") and card.fingerprint in dialog.card_info.text()
    dialog.accept()
    assert f"{ann.name} is on the team as auditor, key {card.fingerprint}" in team.notice.text()

    # Bob typed under another name than his card's: the dialog says so before adding.
    dialog = team.add_person()
    assert dialog is not None
    dialog.name.setText("Robert Achebe")
    dialog.choose_card(bob.card)
    assert f"The card names {bob.name}, not Robert Achebe" in dialog.card_info.text()
    dialog.name.setText(bob.name)
    dialog.accept()
    # A card already someone else's is refused with a sentence; the dialog stays open.
    dialog = team.add_person()
    assert dialog is not None
    dialog.name.setText("Cara Lowe")
    dialog.choose_card(ann.card)
    dialog.accept()
    assert dialog.isVisible() and "That key card is Ann Ryder's" in dialog.error.text()
    dialog.reject()
    # The lead herself, with her card.
    dialog = team.add_person()
    assert dialog is not None
    dialog.choose_card(lead.card)
    dialog.role.setCurrentIndex(dialog.role.findText("Lead"))
    dialog.accept()
    names = [m.name for m in team.overview.members]
    assert names == [ann.name, bob.name, lead.name]

    # Bob becomes a moderator, then an auditor again; his key stays.
    team.members_table.selectRow(1)
    dialog = team.edit_person()
    assert dialog is not None and dialog.name.isReadOnly()
    dialog.role.setCurrentIndex(dialog.role.findText("Moderator"))
    dialog.accept()
    assert [m.role for m in team.overview.members] == ["auditor", "moderator", "lead"]
    team.members_table.selectRow(1)
    dialog = team.edit_person()
    assert dialog is not None
    dialog.role.setCurrentIndex(dialog.role.findText("Auditor"))
    dialog.accept()
    assert all(m.has_card for m in team.overview.members)

    # Share the cases, then move two of Ann's to Bob with Reassign cases.
    team.split_button.click()
    anns = sorted(r["case_reference"] for r in lead.audits() if r["auditor"] == ann.name)
    reassign = team.reassign()
    assert reassign is not None
    for index in range(reassign.cases.count()):
        item = reassign.cases.item(index)
        if any(f"Case {reference} " in item.text() for reference in anns):
            item.setCheckState(Qt.CheckState.Checked)
    reassign.person.setCurrentText(bob.name)
    reassign.accept()
    assert f"2 case(s) are now {bob.name}'s" in team.notice.text()
    held = {r["case_reference"]: r["auditor"] for r in lead.audits()}
    assert set(held.values()) == {bob.name}

    # Removing someone who holds cases is refused with a sentence; Ann holds none now.
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    )
    team.members_table.selectRow(1)
    team.remove_person()
    assert f"{bob.name} holds 4 case(s) of this visit" in team.notice.text()
    team.members_table.selectRow(0)
    team.remove_person()
    assert f"{ann.name} is no longer on the team." == team.notice.text()
    assert [m.name for m in team.overview.members] == [bob.name, lead.name]
    services.close()

    # The command line sees the same team, and removes the same way.
    listed = json.loads(lead.ok("list", "audits", "--visit", "1", "--json").out)
    assert {row["auditor"] for row in listed} == {bob.name}
    refused = lead.cli("visits", "remove", "--visit", "1", "--member", bob.name)
    assert refused.code != 0 and "holds 4 case(s)" in refused.err
    assert "Traceback" not in refused.err
    lead.ok("visits", "team", "--visit", "1", "--add", ann.name, "--role", "auditor")
    removed = lead.ok("visits", "remove", "--visit", "1", "--member", ann.name)
    assert f"{ann.name} is no longer on the team of visit 1." in removed.out
