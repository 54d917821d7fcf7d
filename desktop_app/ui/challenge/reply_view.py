"""A peer council's reply to our challenge: for each of our notes, whether it was accepted into
their improvement plan or declined, why, who answered, and what action follows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop_app.app.challenge_reply import ReplyToNote, replies_to_our_notes
from desktop_app.ui.challenge.chips import chip
from desktop_app.ui.plain_label import plain
from desktop_app.ui.services import AppServices


class ReplyNoteCard(QFrame):
    """One of our notes with the owner's answer and the action that follows."""

    def __init__(self, reply: ReplyToNote, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reply = reply
        self.setObjectName("ChallengeNote")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        ours = plain(QLabel(reply.text))
        ours.setWordWrap(True)
        layout.addWidget(ours)
        byline = plain(QLabel(f"Our note, by {reply.author}"))
        byline.setObjectName("CardHint")
        layout.addWidget(byline)
        kind = "accepted" if reply.accepted else "declined"
        layout.addWidget(chip(reply.decision, kind), 0, Qt.AlignmentFlag.AlignLeft)
        answer = plain(QLabel(f"“{reply.answer}” ({reply.answered_by})" if reply.answer else ""))
        answer.setObjectName("ChallengeAnswer")
        answer.setWordWrap(True)
        layout.addWidget(answer)
        self.action = plain(
            QLabel(f"Action that follows: {reply.action_line}" if reply.action else "")
        )
        self.action.setWordWrap(True)
        self.action.setVisible(bool(reply.action))
        layout.addWidget(self.action)


class ReplyView(QWidget):
    """Every note we wrote that a reply answers, newest answers as they came."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.cards: list[ReplyNoteCard] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.heading = plain(QLabel())
        self.heading.setObjectName("ReceivedHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.counts = QLabel()
        self.counts.setObjectName("CardHint")
        layout.addWidget(self.counts)
        self.signer_row = QVBoxLayout()  # who signed the reply, by the trust store
        self.signer_row.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.signer_row)
        self.signers: QLabel | None = None
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.scroller, 1)

    def show_reply(self, bundle_id: int, title: str) -> None:
        """Show the notes answered in reply bundle ``bundle_id``."""
        replies = replies_to_our_notes(self.services.context, bundle_id)
        self.heading.setText(title)
        from desktop_app.ui.challenge.signer_line import show_signers

        self.signers = show_signers(self.signer_row, self.services, [bundle_id])
        accepted = sum(1 for reply in replies if reply.accepted)
        self.counts.setText(
            f"{len(replies)} of our notes answered · {accepted} accepted into their plan · "
            f"{len(replies) - accepted} declined"
        )
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 4, 10, 10)
        column.setSpacing(8)
        self.cards = [ReplyNoteCard(reply) for reply in replies]
        for card in self.cards:
            column.addWidget(card)
        if not replies:
            empty = QLabel("This reply answers none of the notes on this laptop.")
            empty.setObjectName("CardHint")
            column.addWidget(empty)
        column.addStretch(1)
        self.scroller.setWidget(body)
