"""The lead's "Compare…" dialog of a conflict: each differing answer in words and in full, who
made each side, the child at risk, and Keep buttons that decide the conflict (or say why not).
It fits a 1366x768 laptop's window and a big screen without cut text."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.app.team import Keep
from desktop_app.store.repositories.team import ConflictRow, ConflictSide
from desktop_app.ui.fit_check import cut_texts
from desktop_app.ui.visit.conflict_compare import ConflictCompareDialog

LONG = (
    "The plan names the school nurse but not what she will do; the child's wishes are recorded "
    "only as 'happy at home', and nobody asked her about the bruise seen in September. "
) * 3


def _conflict() -> ConflictRow:
    first = ConflictSide(
        11,
        "Grace Adeyemi",
        "complete",
        "requires_improvement",
        False,
        {"grade": "requires_improvement", "voice": "partly", "evidence": LONG, "auditor": "G"},
        {
            "grade": ("Overall grade", "Requires improvement to be good"),
            "voice": ("Was the child seen alone?", "Partly"),
            "evidence": ("Evidence", LONG),
        },
        "Requires improvement to be good",
    )
    second = ConflictSide(
        12,
        "Tom Reilly",
        "in_progress",
        "inadequate",
        True,
        {"grade": "inadequate", "voice": "no", "auditor": "T"},
        {
            "grade": ("Overall grade", "Inadequate"),
            "voice": ("Was the child seen alone?", "No"),
        },
        "Inadequate",
    )
    return ConflictRow(7, 1, "same_case", "MC904482", "", first, second)


def _texts(widget: QWidget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisible()]


@pytest.mark.parametrize("size", [(1280, 688), (1920, 1017)])
def test_compare_shows_every_differing_answer_in_full_and_who_made_each_side(
    qtbot: QtBot, size: tuple[int, int]
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    decided: list[Keep] = []
    dialog = ConflictCompareDialog(_conflict(), lambda keep: decided.append(keep), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= size[0] and dialog.height() <= size[1]
    texts = _texts(dialog)
    assert "Case MC904482: audited by two people" in texts
    assert "3 answer(s) differ." in " ".join(texts)
    # who made each side, both grades in words, the escalation, every differing answer in full
    for expected in (
        "Grace Adeyemi",
        "Tom Reilly",
        "Requires improvement to be good",
        "Inadequate",
        "Yes: CHILD AT RISK NOW (escalated)",
        "Was the child seen alone?",
        "Partly",
        "No",
        LONG,
        "(no answer)",
    ):
        assert expected in texts, expected
    assert "auditor" not in texts  # the auditor's name differs whenever two people audit
    assert [b.text() for b in dialog.keep_buttons.values()] == [
        "Keep &first (Grace Adeyemi's)",
        "Keep s&econd (Tom Reilly's)",
        "Keep &both as two audits",
    ]
    assert cut_texts(dialog) == []
    dialog.keep_buttons[Keep.SECOND].click()
    assert decided == [Keep.SECOND] and dialog.kept == Keep.SECOND and not dialog.isVisible()


def test_a_refused_decision_stays_open_with_its_sentence(qtbot: QtBot) -> None:
    refusal = "Conflict 7 was already decided (kept first); nothing changed."

    def refuse(_keep: Keep) -> Any:
        return refusal

    dialog = ConflictCompareDialog(_conflict(), refuse)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.keep_buttons[Keep.BOTH].click()
    assert dialog.isVisible() and dialog.kept is None
    assert dialog.error.isVisible() and dialog.error.text() == refusal


def test_keep_buttons_name_a_side_typed_in_from_a_sheet_without_nested_brackets(
    qtbot: QtBot,
) -> None:
    from dataclasses import replace

    conflict = _conflict()
    conflict = replace(conflict, first=replace(conflict.first, by="Tom Reilly (from a2.csv)"))
    conflict = replace(conflict, second=replace(conflict.second, by=""))
    dialog = ConflictCompareDialog(conflict, lambda _keep: None)
    qtbot.addWidget(dialog)
    assert [b.text() for b in dialog.keep_buttons.values()] == [
        "Keep &first (Tom Reilly's, from a2.csv)",
        "Keep s&econd (the lead's)",
        "Keep &both as two audits",
    ]
    from desktop_app.ui.visit.conflict_compare import whose_audit

    assert whose_audit(conflict.first) == "Tom Reilly's audit (from a2.csv)"
    assert whose_audit(conflict.second) == "the lead's audit"
