"""The improvement loop in the window: Midthorpe answers Oxtown's and Munbridge's challenge on the
received-challenge view (accepting one note into the plan, declining the other with a reason),
records progress on the Plan screen, sends its answers from the window, and each peer's Peer
challenge screen shows what became of its note; next year's self-assessment, started on the
Self-assessments screen, reports the progress.
Bundles travel between the homes by the same commands as in test_plan_loop_cli."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.app.plan import AddPlanAction, PlanSource, PlanStatus
from desktop_app.home import Home
from desktop_app.ui.challenge.received_view import ReceivedChallengeView
from desktop_app.ui.screens.assessments import AssessmentsScreen
from desktop_app.ui.screens.challenge import PeerChallengeScreen
from desktop_app.ui.screens.plan import PlanScreen
from desktop_app.ui.services import AppServices
from tests.bundles.cli_homes import Peer
from tests.helpers import require_tool
from tests.plan.test_plan_loop_cli import MIDTHORPE, MUNBRIDGE, OXTOWN, challenged_trio


def _services(peer: Peer) -> AppServices:
    return AppServices(Home(peer.root))


def test_the_plan_loop_in_the_window(
    qtbot: QtBot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CRITICAL_FRIEND_PASSPHRASE", "a long test passphrase")
    a, b, c = challenged_trio(tmp_path, capsys)
    rows = json.loads(a.cli("list", "bundles", "--json").out)
    responses = {row["organisation"]: int(row["id"]) for row in rows if row["type"] == "response"}

    services = _services(a)
    try:
        view = ReceivedChallengeView(services)
        qtbot.addWidget(view)
        view.resize(1100, 800)
        view.show()
        view.show_bundles([responses[OXTOWN], responses[MUNBRIDGE]])
        cards = {card.note.author: card for card in view.cards}
        assert set(cards) == {"Fiona Grant", "Tomasz Nowak"}  # names, never "Reviewer"
        from_oxtown = cards["Fiona Grant"]
        from_oxtown.answer.setPlainText("Agreed: we will audit supervision quality.")
        from_oxtown.action_what.setText("Audit the quality of supervision in every team")
        from_oxtown.accept_button.click()
        declined = {card.note.author: card for card in view.cards}["Tomasz Nowak"]
        # the new action can now be chosen for another note too
        assert declined.action_choice.count() == 2
        assert "Audit the quality of supervision" in declined.action_choice.itemText(1)
        declined.reject_button.click()  # no reason: refused, said on the card
        assert declined.error.isVisible() and "reason" in declined.error.text()
        declined.answer.setPlainText("The front door was judged good in May; no change now.")
        declined.reject_button.click()
        answered = {card.note.author: card for card in view.cards}
        assert all(card.decision.isVisible() for card in answered.values())

        plan = PlanScreen(services)
        qtbot.addWidget(plan)
        plan.resize(1280, 800)
        plan.show()
        assert [row.what for row in plan.rows] == ["Audit the quality of supervision in every team"]
        action = plan.rows[0]
        assert action.created_by == f"Priya Lambert, {MIDTHORPE}"
        plan.select_action(action.id)
        panel = plan.panel
        panel.status.setCurrentIndex(panel.status.findData(PlanStatus.DROPPED.value))
        panel.save.click()  # dropping without a reason is refused
        assert "reason" in panel.error.text()
        panel.status.setCurrentIndex(panel.status.findData(PlanStatus.ON_TRACK.value))
        panel.note.setPlainText("Four of seven teams audited.")
        panel.save.click()
        assert plan.rows[0].status is PlanStatus.ON_TRACK
        assert "Four of seven teams audited." in panel.notes.item(0).text()
        assert f"Priya Lambert, {MIDTHORPE}" in panel.notes.item(0).text()
        from desktop_app.app.plan_sources import source_choices

        visit = next(ch for ch in source_choices(services.context) if ch.kind == "visit")
        assert "action(s) brought in" in plan.bring_in_from(visit)
        assert "action(s) brought in; " in plan.bring_in_from(visit)  # a second time: none new
        finding = plan.add_action_with(
            AddPlanAction("Re-launch the threshold guidance", "Tom Reilly", date(2027, 6, 30)),
            visit_id=visit.id,
        )
        made = next(row for row in plan.rows if row.id == finding)
        assert made.source is PlanSource.VISIT_FINDING and visit.name in made.why
        plan.status.setCurrentIndex(plan.status.findData(PlanStatus.DONE.value))
        assert plan.rows == []  # the status filter
        plan.status.setCurrentIndex(0)

        told: list[str] = []
        monkeypatch.setattr(
            QMessageBox, "information", staticmethod(lambda _p, _t, text, *_a: told.append(text))
        )
        replies = {}
        for council, peer in ((OXTOWN, b), (MUNBRIDGE, c)):
            dialog = view.send_reply(responses[council], council)
            qtbot.waitUntil(lambda d=dialog: d.prepared is not None, timeout=10000)
            out = tmp_path / f"reply-{peer.root.name}.cfbundle"
            dialog.path.setText(str(out))
            dialog.send()
            qtbot.waitUntil(lambda d=dialog: d.result_ is not None, timeout=20000)
            replies[council] = out
        assert len(told) == 2 and "plan actions that follow" in told[0]

        pdf = tmp_path / "plan.pdf"
        plan.export_in_background(pdf, "pdf")
        qtbot.waitUntil(lambda: "saved to" in plan.summary.text(), timeout=20000)
        assert pdf.read_bytes()[:5] == b"%PDF-"

        assessments = AssessmentsScreen(services)
        qtbot.addWidget(assessments)
        next_year, _not_carried = assessments.create_assessment("2028-29", from_last_year=False)
    finally:
        services.close()

    for council, peer in ((OXTOWN, b), (MUNBRIDGE, c)):
        assert peer.cli("import", str(replies[council])).code == 0
        peer_services = _services(peer)
        try:
            screen = PeerChallengeScreen(peer_services)
            qtbot.addWidget(screen)
            screen.resize(1280, 800)
            screen.show()
            row = next(r for r in screen.model._rows if r["type"] == "challenge-reply")
            screen.open_row(row)
            (card,) = screen.reply_view.cards
            signers = screen.reply_view.signers
            assert signers is not None and signers.text().startswith("Signed by Priya Lambert")
            assert f"trusted (in your trust store for {MIDTHORPE})" in signers.text()
            assert f"Priya Lambert, {MIDTHORPE}" in card.reply.answered_by
            if peer is b:
                assert card.reply.decision == "Accepted into the plan"
                assert "Audit the quality of supervision" in card.action.text()
                assert "Four of seven teams audited." in card.action.text()
            else:
                assert card.reply.decision == "Declined" and "judged good" in card.reply.answer
                assert not card.action.isVisible()
        finally:
            peer_services.close()

    report = tmp_path / "next-year.pdf"
    assert a.cli("report", "--assessment", str(next_year), "--out", str(report)).code == 0
    words = subprocess.run(
        [require_tool("pdftotext"), str(report), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Progress on last year's plan" in words
    assert "Four of seven teams audited." in " ".join(words.split())
