"""A challenge we received: the peers' notes against our own sections, each for us to mark
"Accepted into the improvement plan" or "Not accepted", with an answer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.bundles import imported_bundle
from desktop_app.app.challenge import NoteView, bundle_notes
from desktop_app.app.changes import Changed
from desktop_app.app.received import SUMMARY_TITLE, in_response_to, own_section_titles
from desktop_app.ui.challenge.chips import chip
from desktop_app.ui.challenge.note_card import note_byline, note_header, note_text
from desktop_app.ui.plain_label import plain
from desktop_app.ui.services import AppServices
from desktop_app.ui.widgets import primary_button

ACCEPTED = "Accepted into the improvement plan"
NOT_ACCEPTED = "Not accepted"


class ReceivedNoteCard(QFrame):
    """One received note with our decision (or the controls to make it)."""

    answered = Signal(int, bool, str)
    # Which plan action an acceptance goes into, sent just before ``answered``: (note id, an
    # existing action's id or 0 for a new one, the new action's what).
    action_named = Signal(int, int, str)

    def __init__(
        self,
        note: NoteView,
        parent: QWidget | None = None,
        actions: tuple[tuple[int, str], ...] = (),
    ) -> None:
        super().__init__(parent)
        self.note = note
        self.setObjectName("ChallengeNote")
        self.setProperty("rag", note.rag or "none")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 10)
        layout.setSpacing(5)
        layout.addLayout(note_header(note))
        layout.addWidget(note_text(note))
        layout.addWidget(note_byline(note))
        self.answer = QPlainTextEdit(note.answer)
        self.answer.setAccessibleName("Your answer")
        self.answer.setPlaceholderText("Your answer: what you will do, or why not.")
        self.answer.setFixedHeight(58)
        self.action_choice = QComboBox()
        self.action_choice.setAccessibleName("Into the plan as")
        self.action_choice.addItem("A new plan action:", 0)
        for action_id, what in actions:
            short = what if len(what) <= 70 else what[:68] + "…"
            self.action_choice.addItem(f"Plan action {action_id}: {short}", action_id)
        self.action_choice.setVisible(bool(actions))
        self.action_what = QLineEdit()
        self.action_choice.currentIndexChanged.connect(
            lambda _i: self.action_what.setVisible(not self.action_choice.currentData())
        )
        self.action_what.setAccessibleName("Plan action")
        self.action_what.setPlaceholderText("Plan action if accepted (default: your answer)")
        self.error = QLabel()
        self.error.setObjectName("FieldError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.accept_button = primary_button(ACCEPTED, lambda: self._decide(True))
        self.reject_button = QPushButton(NOT_ACCEPTED)
        self.reject_button.setAccessibleName(NOT_ACCEPTED)
        self.reject_button.clicked.connect(lambda: self._decide(False))
        self.decision = QWidget()
        decided = QHBoxLayout(self.decision)
        decided.setContentsMargins(0, 2, 0, 0)
        if note.answered:
            kind = "accepted" if note.accepted else "declined"
            decided.addWidget(chip(ACCEPTED if note.accepted else NOT_ACCEPTED, kind))
            said = plain(
                QLabel(
                    (note.answer or "(no answer written)")
                    + (f" ({note.answered_by})" if note.answered_by else "")
                    + (
                        f"\nIn the improvement plan as action {note.action_id}."
                        if note.accepted and note.action_id is not None
                        else ""
                    )
                )
            )
            said.setObjectName("ChallengeAnswer")
            said.setWordWrap(True)
            decided.addWidget(said, 1)
            change = QPushButton("Change")
            change.setObjectName("ChallengeLink")
            change.setAccessibleName("Change the answer")
            change.clicked.connect(self._reopen)
            decided.addWidget(change, 0, Qt.AlignmentFlag.AlignTop)
        self.controls = QWidget()
        controls = QVBoxLayout(self.controls)
        controls.setContentsMargins(0, 2, 0, 0)
        controls.addWidget(self.answer)
        chosen = QHBoxLayout()
        chosen.addWidget(self.action_choice)
        chosen.addWidget(self.action_what, 1)
        controls.addLayout(chosen)
        controls.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.accept_button)
        controls.addLayout(buttons)
        layout.addWidget(self.decision)
        layout.addWidget(self.controls)
        self.decision.setVisible(note.answered)
        self.controls.setVisible(not note.answered)

    def _reopen(self) -> None:
        self.decision.setVisible(False)
        self.controls.setVisible(True)
        self.answer.setFocus()

    def _decide(self, accepted: bool) -> None:
        self.action_named.emit(
            self.note.id, int(self.action_choice.currentData() or 0), self.action_what.text()
        )
        self.answered.emit(self.note.id, accepted, self.answer.toPlainText())

    def show_error(self, message: str) -> None:
        """Why the answer was not recorded (e.g. declining without a reason)."""
        self.error.setText(message)
        self.error.setVisible(True)


class ReceivedChallengeView(QWidget):
    """Notes received in one or more response bundles, grouped by our sections."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReceivedChallenge")
        self.services = services
        self.bundle_ids: list[int] = []
        self.cards: list[ReceivedNoteCard] = []
        self.action_names: dict[int, tuple[int, str]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.heading = plain(QLabel())
        self.heading.setObjectName("ReceivedHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.counts = plain(QLabel())
        self.counts.setObjectName("CardHint")
        layout.addWidget(self.counts)
        self.signer_row = QVBoxLayout()  # who signed each response, by the trust store
        self.signer_row.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.signer_row)
        self.signers: QLabel | None = None
        self.reply_row = QHBoxLayout()
        layout.addLayout(self.reply_row)
        self.reply_dialog: object = None
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.scroller, 1)

    def show_bundles(self, bundle_ids: list[int]) -> None:
        self.bundle_ids = list(bundle_ids)
        position = self.scroller.verticalScrollBar().value()
        notes: list[NoteView] = []
        periods: set[str] = set()
        about: list[str] = []
        for bundle_id in bundle_ids:
            notes.extend(n for n in bundle_notes(self.services.context, bundle_id))
            original = in_response_to(self.services.context, bundle_id)
            periods.update(str(p) for p in original.get("periods") or [])
            if original.get("title") and original["title"] not in about:
                about.append(str(original["title"]))
        titles = own_section_titles(self.services.context, sorted(periods))
        senders = sorted({note.organisation for note in notes if note.organisation})
        self.heading.setText(
            f"Challenge received from {', '.join(senders) or 'a peer'}"
            + (f" on {', '.join(about)}" if about else "")
        )
        answered = sum(1 for note in notes if note.answered)
        self.counts.setText(
            f"{len(notes)} notes · {answered} answered · {len(notes) - answered} waiting for "
            "your decision. Accepted notes belong in your improvement plan."
        )
        self._show_signers(bundle_ids)
        self._build(notes, titles)
        self._reply_buttons(bundle_ids)
        self.scroller.verticalScrollBar().setValue(position)

    def _show_signers(self, bundle_ids: list[int]) -> None:
        """One line per response: its key's fingerprint, the trust store's name, trusted or not."""
        from desktop_app.ui.challenge.signer_line import show_signers

        self.signers = show_signers(self.signer_row, self.services, bundle_ids)

    def _reply_buttons(self, bundle_ids: list[int]) -> None:
        """One "Send answers to COUNCIL…" button per response shown."""
        while self.reply_row.count():
            item = self.reply_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for bundle_id in bundle_ids:
            row = imported_bundle(self.services.context, bundle_id)
            council = str(row["source_organisation"]) if row else "the peer"
            button = QPushButton(f"Send answers to {council}…")
            button.setAccessibleName(f"Send answers to {council}")
            button.clicked.connect(
                lambda _checked=False, b=bundle_id, c=council: self.send_reply(b, c)
            )
            self.reply_row.addWidget(button)
        self.reply_row.addStretch(1)

    def send_reply(self, bundle_id: int, council: str) -> object:
        """Open the send-reply dialog for one peer's response and start collecting it."""
        from desktop_app.ui.challenge.reply_dialog import SendReplyDialog

        dialog = SendReplyDialog(self.services, bundle_id, council, self)
        dialog.open()
        dialog.collect()
        self.reply_dialog = dialog
        return dialog

    def _build(self, notes: list[NoteView], titles: dict[str, str]) -> None:
        from desktop_app.app.plan import list_plan

        actions = tuple(
            (row.id, row.what)
            for row in list_plan(self.services.context)
            if row.status.value not in ("done", "dropped")
        )
        body = QWidget()
        body.setObjectName("ReceivedBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 4, 10, 10)
        layout.setSpacing(8)
        order = list(titles)
        groups: dict[str, list[NoteView]] = {}
        for note in notes:
            groups.setdefault(note.section_id, []).append(note)

        def rank(section_id: str) -> tuple[int, int]:
            if section_id == "":
                return (0, 0)
            return (1, order.index(section_id)) if section_id in order else (2, 0)

        self.cards = []
        for section_id in sorted(groups, key=rank):
            heading = plain(  # an unknown section id is the peer's own text
                QLabel(SUMMARY_TITLE if section_id == "" else titles.get(section_id, section_id))
            )
            heading.setObjectName("ReceivedSection")
            heading.setWordWrap(True)
            layout.addWidget(heading)
            for note in groups[section_id]:
                card = ReceivedNoteCard(note, actions=actions)
                card.answered.connect(self.answer)
                card.action_named.connect(self._name_action)
                self.cards.append(card)
                layout.addWidget(card)
        if not notes:
            empty = QLabel("No challenge notes were received in this response.")
            empty.setObjectName("CardHint")
            layout.addWidget(empty)
        layout.addStretch(1)
        self.scroller.setWidget(body)

    def _name_action(self, note_id: int, action_id: int, what: str) -> None:
        self.action_names[note_id] = (action_id, what)

    def answer(self, note_id: int, accepted: bool, text: str) -> bool:
        """Record the answer (accepting puts it into the improvement plan as an action; declining
        needs a reason). False, with the reason on the note's card, when refused."""
        from desktop_app.app.challenge_answers import AnswerChallengeNote, answer_challenge_note
        from desktop_app.errors import UserError

        action_id, what = self.action_names.pop(note_id, (0, ""))
        request = AnswerChallengeNote(
            note_id,
            accepted,
            text,
            action_id=action_id or None,
            new_action="" if action_id else what,
        )
        try:
            answer_challenge_note(self.services.context, request)
        except UserError as error:
            for card in self.cards:
                if card.note.id == note_id:
                    card.show_error(error.message)
            return False
        self.services.announce(Changed.PLAN | Changed.CHALLENGE)
        self.show_bundles(self.bundle_ids)
        return True
