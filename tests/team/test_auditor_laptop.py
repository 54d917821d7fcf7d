"""On an auditor's laptop (a visit opened from an assignment) the visit page is theirs: "Your
cases" with progress, what the lead does not have yet and when a return was last sent, "Send my
audits to the lead"; the lead's tools are not shown, and the operations behind them refuse with
one sentence, in the window's functions and on the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.app import visits
from desktop_app.app.audits import moderate_audit
from desktop_app.app.context import AppContext
from desktop_app.app.your_cases import SentState, your_cases
from desktop_app.home import Home
from desktop_app.store.repositories.audits import ModerationDecision, ModerationError
from desktop_app.store.repositories.visits import VisitError
from desktop_app.ui.services import AppServices
from desktop_app.ui.visit.visit_page import LEAD_ONLY_BUTTONS
from tests.team.laptops import Laptop, audit_sheet, auditor_laptop, visit_window

REASON = "Baby left with a violent adult overnight; duty manager told at 14:10 today."


def _page(qtbot: QtBot, machine: Laptop) -> tuple[Any, AppServices]:
    _window, services, page = visit_window(qtbot, machine)
    page.tabs.setCurrentIndex(3)
    return page, services


@pytest.mark.slow
def test_the_auditors_visit_page_is_theirs(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _lead, ann, cases = auditor_laptop(tmp_path, capsys)
    page, services = _page(qtbot, ann)
    team = page.team_tab

    # Only what an auditor does is on the page.
    for key in LEAD_ONLY_BUTTONS:
        assert not page.buttons[key].isVisibleTo(page), key
    for key in ("open", "export", "report"):
        assert page.buttons[key].isVisibleTo(page), key
    assert page.tabs.tabText(3) == "Your cases"
    assert not team.lead_panes.isVisibleTo(team)  # no team editing, returns or conflicts
    assert team.your_cases.isVisibleTo(team) and team.send_button.isVisibleTo(team)
    panel = team.your_cases
    shown = [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())]
    assert sorted(shown) == cases
    assert "You hold 2 cases: 0 complete, 0 in progress, 2 not started." in panel.progress.text()
    assert panel.sent.text() == "Nothing sent to Lena Okafor yet."

    # Ann audits her first case (a child at risk): not yet sent.
    sheet = audit_sheet(
        tmp_path, "a.csv", ann.name, {cases[0]: "Inadequate"}, escalate={cases[0]: REASON}
    )
    ann.ok("audits", "import", "--visit", "1", str(sheet))
    page.refresh()
    assert "0 complete, 1 in progress, 1 not started." in panel.progress.text()
    assert f"Child at risk now: case {cases[0]}" in panel.progress.text()
    assert (
        panel.sent.text() == f"Nothing sent to Lena Okafor yet: 1 audit not yet sent ({cases[0]})."
    )

    # "Send my audits to the lead" opens the export wizard with the lead preselected.
    wizard = team.send()
    assert wizard.windowTitle() == "Send my audits to the lead"
    recipients = wizard.audit_return.recipient.recipients
    assert recipients.count() == 1 and "Lena Okafor (lead)" in recipients.item(0).text()
    wizard.reject()

    # Once sent, the page says when; a later change is "changed since sent".
    ann.ok("audits", "return", "--visit", "1", "--out", str(tmp_path / "ann.return"))
    page.refresh()
    assert panel.sent.text().startswith("Last sent to Lena Okafor on ")
    assert panel.sent.text().endswith("(2 audits, return number 1). Everything is sent.")
    again = audit_sheet(
        tmp_path,
        "b.csv",
        ann.name,
        {cases[0]: "Inadequate", cases[1]: "Good"},
        escalate={cases[0]: REASON + " Police informed."},
    )
    ann.ok("audits", "import", "--visit", "1", str(again))
    page.refresh()
    assert panel.sent.text().endswith(
        f"Since then: 2 audits not yet sent ({cases[0]}, {cases[1]})."
    )
    states = {c.case_reference: c.sent for c in your_cases(services.context, 1).cases}
    assert states == {cases[0]: SentState.CHANGED, cases[1]: SentState.CHANGED}
    services.close()


def test_lead_only_operations_refuse_on_an_auditors_laptop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, ann, _cases = auditor_laptop(tmp_path, capsys)
    before = ann.audits()
    for args, action in (
        (("visits", "sample", "--visit", "1", "--size", "2", "--seed", "1"), "draw its sample"),
        (("visits", "cases", "--visit", "1", str(tmp_path / "cases.csv")), "import its case list"),
        (("visits", "assign", "--visit", "1", "--split"), "assign its cases"),
        (
            ("visits", "team", "--visit", "1", "--add", "Cal Poole", "--role", "auditor"),
            "change its team",
        ),
        (
            (
                "visits",
                "pack",
                "--visit",
                "1",
                "--auditor",
                "Bob Achebe",
                "--out",
                str(tmp_path / "b.assignment"),
            ),
            "pack its assignments",
        ),
    ):
        refused = ann.cli(*args)
        assert refused.code != 0 and "Traceback" not in refused.err
        assert refused.err.strip() == "critical-friend: " + (
            "Visit 1 (SAV: the front door) is on this laptop as your assignment from Lena "
            f"Okafor, so only the lead can {action}; ask Lena Okafor to do it on their laptop."
        ), refused.err
    assert not (tmp_path / "b.assignment").exists()
    assert ann.audits() == before

    context = AppContext(Home(ann.root))
    try:
        audit_id = before[0]["id"]
        with pytest.raises(ModerationError, match="only the lead can moderate its audits"):
            moderate_audit(context, audit_id, [ModerationDecision("overall_grade", "good")], "Ann")
        with pytest.raises(VisitError, match="only the lead can add cases to it"):
            visits.add_case(context, 1, "MC0999", "Sibling of a sampled case")
        with pytest.raises(VisitError, match="only the lead can swap its cases"):
            visits.swap_case(context, audit_id, "MC0999", "Closed case")
        with pytest.raises(VisitError, match="only the lead can change its details"):
            visits.update_visit(context, 1, visits.visit_details(context, 1))
    finally:
        context.close()
    assert ann.audits() == before
    # The same operations work on the lead's laptop.
    lead.ok("visits", "assign", "--visit", "1", "--split")
