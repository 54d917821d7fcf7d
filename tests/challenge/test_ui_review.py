"""Reviewing a peer's bundle: the challenge panel beside the read-only self-assessment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.store.models import ChallengeNote
from desktop_app.ui.challenge.bundle_data import finding_rows, latest_profile_rows
from desktop_app.ui.challenge.review import ChallengeReview
from desktop_app.ui.screens.challenge import PeerChallengeScreen

from .conftest import OXTOWN, bundle_id_of


def _review(screen: PeerChallengeScreen, bundle_id: int) -> ChallengeReview:
    screen.show_bundle(bundle_id)
    page = screen.bundle_page
    assert page.review_button.isVisible() and page.respond_button.isVisible()
    page.review()
    (review,) = page.findChildren(ChallengeReview)
    assert review.form.read_only and review.isVisible()
    return review


def _given(screen: PeerChallengeScreen, bundle_id: int) -> list[ChallengeNote]:
    from sqlmodel import select

    with screen.services.context.database.session() as session:
        notes = session.exec(select(ChallengeNote).where(ChallengeNote.bundle_id == bundle_id))
        return [note.model_copy() for note in notes]


def test_a_note_added_in_the_panel_is_stored_on_the_section_shown(
    qtbot: QtBot, challenge_screen: PeerChallengeScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle_id = bundle_id_of(challenge_screen.services, OXTOWN, "self-assessment")
    before = len(_given(challenge_screen, bundle_id))
    review = _review(challenge_screen, bundle_id)
    in_care = [s.id for s in review.form.definition.sections].index("in_care")
    review.form.section_list.setCurrentRow(in_care)  # the user picks "children in care"
    section = review.form.definition.sections[in_care]
    panel = review.panel
    assert panel.section_id == section.id and panel.section_title.text() == section.title

    panel.editor.add_button.click()  # an empty note is refused with a plain sentence
    assert panel.problem.isVisible() and "empty" in panel.problem.text()

    panel.editor.text.setPlainText("How do you know placements are stable, beyond the figures?")
    panel.editor.rag.setCurrentIndex(panel.editor.rag.findData("amber"))
    panel.editor.line_of_enquiry.setChecked(True)
    panel.editor.add_button.click()
    assert not panel.problem.isVisible() and panel.editor.text.toPlainText() == ""
    notes = _given(challenge_screen, bundle_id)
    assert len(notes) == before + 1
    added = notes[-1]
    assert (added.section_id, added.rag, added.line_of_enquiry, added.needs_answer) == (
        section.id,
        "amber",
        True,
        False,
    )
    assert added.organisation == "Midthorpe Council" and added.direction == "given"
    cards = panel.note_cards
    assert [card.note.id for card in cards] == [added.id]

    cards[0].edit_button.click()  # edit: the box is filled, saving updates the same note
    assert panel.editor.add_button.text() == "Save changes"
    panel.editor.needs_answer.setChecked(True)
    panel.editor.add_button.click()
    assert _given(challenge_screen, bundle_id)[-1].needs_answer

    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.Yes)
    )
    (card,) = panel.note_cards
    card.delete_button.click()
    assert len(_given(challenge_screen, bundle_id)) == before


def test_the_overall_summary_saves_itself_after_a_pause_in_typing(
    qtbot: QtBot, challenge_screen: PeerChallengeScreen
) -> None:
    bundle_id = bundle_id_of(challenge_screen.services, "Munbridge City Council", "self-assessment")
    review = _review(challenge_screen, bundle_id)
    review.panel.summary.setPlainText(
        "Honest about care leavers; test the help and protection grade."
    )
    assert review.panel.summary_state.text() == "Saving…"

    def summary() -> list[str]:
        return [n.text for n in _given(challenge_screen, bundle_id) if n.section_id == ""]

    qtbot.waitUntil(lambda: summary() == [review.panel.summary.toPlainText()], timeout=3000)
    assert review.panel.summary_state.text() == "Summary saved"
    review.panel.summary.setPlainText("Changed my mind.")
    review.panel.save_summary()
    assert summary() == ["Changed my mind."]  # the same note, updated


def test_the_data_tab_shows_what_the_bundle_carries() -> None:
    document: dict[str, Any] = {
        "data_profile": [
            {
                "indicator": "re_referrals",
                "title": "Re-referrals",
                "unit": "%",
                "period": p,
                "series": s,
                "value": v,
            }
            for p, s, v in (
                ("2024-25", "council", 25.0),
                ("2025-26", "council", 21.5),
                ("2025-26", "england", 22.0),
            )
        ],
        "visits": [
            {
                "title": "SAV",
                "findings": {
                    "audits": 12,
                    "complete": 10,
                    "escalated": 1,
                    "good_or_better_percent": 58.3,
                    "overall_grades": {"Good": 7},
                },
            }
        ],
    }
    (profile,) = latest_profile_rows(document)
    assert (profile["period"], profile["council"], profile["england"]) == (
        "2025-26",
        "21.5%",
        "22%",
    )
    (finding,) = finding_rows(document)
    assert finding["good"] == "58.3%" and finding["grades"] == "Good 7"


def test_the_challenge_report_is_written_in_the_background(
    qtbot: QtBot, challenge_screen: PeerChallengeScreen, tmp_path: Path
) -> None:
    bundle_id = bundle_id_of(challenge_screen.services, OXTOWN, "self-assessment")
    challenge_screen.show_bundle(bundle_id)
    page = challenge_screen.bundle_page
    out = tmp_path / "challenge.pdf"
    page.write_challenge_report(out)
    qtbot.waitUntil(lambda: page.challenge_actions.last_report == out, timeout=20000)
    assert out.read_bytes().startswith(b"%PDF")
    offer = page.challenge_actions.offer
    assert offer is not None and str(out) in offer.text()
    offer.close()
