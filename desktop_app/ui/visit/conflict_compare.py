"""The "Compare…" dialog of a conflict on the lead's laptop: the two sides of one case side by
side, with the answers that differ in words, who made each side, and the decision buttons.

The Team tab's conflict pane only summarises a conflict (on a 1366x768 laptop it has room for a
few lines); this dialog has the room to read every differing answer in full before deciding. The
rows come from ``ConflictRow.differing()`` (the same list ``visits conflicts`` prints), so the
window and the command line show the same differences. Deciding goes through the Team tab's
``resolve_conflict`` call (``visits resolve --keep first|second|both``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.team import Keep
from desktop_app.app.vocabulary import ConflictKind
from desktop_app.ui.flow_layout import FlowLayout
from desktop_app.ui.plain_label import plain
from desktop_app.ui.visit.visit_dialogs import _error_label

if TYPE_CHECKING:
    from desktop_app.app.team import ConflictSideView, ConflictView

FIRST_TITLE = "First (already here)"
SECOND_TITLE = "Second (arrived)"


def side_by(side: ConflictSideView) -> str:
    """Who made a side, as the lead reads it ("the lead" for the lead's own edit)."""
    return side.by or "the lead"


def kind_words(conflict: ConflictView) -> str:
    """What kind of conflict it is, in words ("audited by two people")."""
    try:
        return ConflictKind(conflict.kind).words
    except ValueError:
        return conflict.kind


def summary_rows(conflict: ConflictView) -> list[tuple[str, str, str]]:
    """(what, first side, second side) for who made each side, status, grade and risk."""
    first, second = conflict.first, conflict.second

    def risk(side: ConflictSideView) -> str:
        return "Yes: CHILD AT RISK NOW (escalated)" if side.escalated else "No"

    return [
        ("Made by", side_by(first), side_by(second)),
        (
            "Status",
            first.status.replace("_", " ").capitalize(),
            second.status.replace("_", " ").capitalize(),
        ),
        ("Overall grade", first.grade_words or "Not graded", second.grade_words or "Not graded"),
        ("Child at risk now", risk(first), risk(second)),
    ]


def whose(side: ConflictSideView) -> str:
    """Whose side it is, possessive: "Tom Reilly's", or for a side typed in from a sheet
    ("Tom Reilly (from a.csv)") "Tom Reilly's, from a.csv", never "(… (from a.csv)'s)"."""
    by = side_by(side)
    name, opening, rest = by.partition(" (")
    if opening and rest.endswith(")"):
        return f"{name}'s, {rest[:-1]}"
    return f"{by}'s"


def whose_audit(side: ConflictSideView) -> str:
    """ "Bob Achebe's audit", or "Tom Reilly's audit (from a.csv)" for a side typed in from a
    sheet."""
    by = side_by(side)
    name, opening, rest = by.partition(" (")
    if opening and rest.endswith(")"):
        return f"{name}'s audit ({rest}"
    return f"{by}'s audit"


def keep_words(conflict: ConflictView) -> dict[Keep, str]:
    """The decision buttons' words, each naming whose audit it keeps."""
    return {
        Keep.FIRST: f"Keep &first ({whose(conflict.first)})",
        Keep.SECOND: f"Keep s&econd ({whose(conflict.second)})",
        Keep.BOTH: "Keep &both as two audits",
    }


class ConflictCompareDialog(QDialog):
    """Both sides of ``conflict`` in full. A Keep button calls ``decide(keep)``, which stores
    the decision and returns None (the dialog then closes, ``kept`` says what was kept), or
    returns the refusal's one sentence, shown in the dialog, which stays open."""

    def __init__(
        self,
        conflict: ConflictView,
        decide: Callable[[Keep], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.decide = decide
        self.kept: Keep | None = None
        self.setWindowTitle(f"Compare the two audits of case {conflict.case_reference}")
        layout = QVBoxLayout(self)
        heading = plain(QLabel(f"Case {conflict.case_reference}: {kind_words(conflict)}"))
        heading.setObjectName("CardTitle")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        differing = conflict.differing()
        intro = QLabel(
            (
                f"{len(differing)} answer(s) differ. "
                if differing
                else "The answers are the same; only who made them and when differ. "
            )
            + "Keep one side (the other is archived with its change log, nothing is lost), "
            "or keep both as two audits of the case, counted once in the findings."
        )
        intro.setWordWrap(True)
        intro.setObjectName("ScreenSubtitle")
        layout.addWidget(intro)

        grid_host = QWidget()
        grid_host.setObjectName("ScrollContent")
        grid = QGridLayout(grid_host)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        for column, title in enumerate(("", FIRST_TITLE, SECOND_TITLE)):
            title_label = QLabel(title)
            title_label.setObjectName("CardTitle")
            grid.addWidget(title_label, 0, column)
        row = 1
        for what, first, second in summary_rows(conflict):
            self._add_row(grid, row, what, first, second)
            row += 1
        if differing:
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            grid.addWidget(line, row, 0, 1, 3)
            row += 1
            caption = QLabel("Answers that differ")
            caption.setObjectName("CardTitle")
            grid.addWidget(caption, row, 0, 1, 3)
            row += 1
            for question, first, second in differing:
                self._add_row(grid, row, question, first or "(no answer)", second or "(no answer)")
                row += 1
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 3)
        grid.setRowStretch(row, 1)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(grid_host)
        scroller.setAccessibleName("The two sides of the conflict")
        layout.addWidget(scroller, 1)

        self.error = _error_label()
        layout.addWidget(self.error)
        buttons = FlowLayout(spacing=6)
        self.keep_buttons: dict[Keep, QPushButton] = {}
        for keep, text in keep_words(conflict).items():
            button = QPushButton(text)
            button.setAccessibleName(text.replace("&", ""))
            button.clicked.connect(lambda _checked=False, k=keep: self.choose(k))
            buttons.addWidget(button)
            self.keep_buttons[keep] = button
        self.close_button = QPushButton("Decide &later")
        self.close_button.setAccessibleName("Close without deciding")
        self.close_button.clicked.connect(self.reject)
        row_box = QHBoxLayout()
        row_box.addLayout(buttons, 1)
        row_box.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(row_box)
        self._size_to_screen()

    @staticmethod
    def _add_row(grid: QGridLayout, row: int, what: str, first: str, second: str) -> None:
        for column, text in enumerate((what, first, second)):
            label = plain(QLabel(text))
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            if column == 0 or "AT RISK" in text:
                font = label.font()
                font.setBold(True)
                label.setFont(font)
            if "AT RISK" in text:
                label.setStyleSheet("color: #b3261e;")
            grid.addWidget(label, row, column)

    def _size_to_screen(self) -> None:
        """900x620, or a little less than the window (or screen) on a small laptop."""
        parent = self.parentWidget()
        screen = self.screen() or QGuiApplication.primaryScreen()
        width, height = 900, 620
        if parent is not None:
            area = parent.window().geometry()
        elif screen is not None:
            area = screen.availableGeometry()
        else:
            area = None
        if area is not None:
            width = min(width, area.width() - 40)
            height = min(height, area.height() - 40)
        self.resize(max(width, 480), max(height, 360))

    def choose(self, keep: Keep) -> None:
        """Store the decision through ``decide``; close when stored, else show why not."""
        refusal = self.decide(keep)
        if refusal:
            self.error.setText(refusal)
            self.error.setVisible(True)
            return
        self.kept = keep
        self.accept()
