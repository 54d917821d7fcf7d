"""The trio view: the councils' self-assessments side by side per ILACS area."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from desktop_app.app.trio import IndicatorRow, excerpt
from desktop_app.ui.challenge.trio_view import best_index
from desktop_app.ui.screens.challenge import PeerChallengeScreen


def test_trio_view_shows_each_councils_self_grades_and_indicators(
    challenge_screen: PeerChallengeScreen,
) -> None:
    challenge_screen.show_trio()
    assert challenge_screen.pages.currentIndex() == 2
    view = challenge_screen.trio_view
    data = view.data
    assert [column.council for column in data.columns] == [
        "Midthorpe Council",
        "Munbridge City Council",
        "Oxtown Borough Council",
    ]
    assert data.columns[0].source.startswith("Your self-assessment")
    assert [area for area, _title in data.areas] == [
        "leaders",
        "help_protection",
        "in_care",
        "care_leavers",
    ]
    grades = [label.text() for label in view.findChildren(QLabel, "TrioGrade")]
    assert len(grades) == len(data.areas) * len(data.columns)
    assert data.columns[2].cells["leaders"].grade in grades
    excerpts = view.findChildren(QLabel, "TrioExcerpt")
    assert any(label.toolTip() and len(label.text()) <= 201 for label in excerpts)
    assert data.indicators and all(len(row.values) == 3 for row in data.indicators)
    values = [label.text() for label in view.findChildren(QLabel, "TrioValue")]
    assert len(values) == 3 * len(data.indicators)


def test_excerpts_end_on_a_word_and_the_best_value_is_picked_by_direction() -> None:
    text = "word " * 100
    short = excerpt(text)
    assert len(short) <= 201 and short.endswith("word…")
    lower = IndicatorRow("re_referrals", "Re-referrals", "%", False, "2025-26", [24.0, 21.1, None])
    assert best_index(lower) == 1
    neutral = IndicatorRow("cla_rate", "Children in care", "", None, "2025-26", [64.0, 65.3, 76.4])
    assert best_index(neutral) is None
