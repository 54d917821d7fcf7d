"""The visit page's Team tab: who holds which cases, progress, returns received, conflicts.

On the lead's laptop: the team with each member's progress, the returns received (when, from
whom), who has not returned, the open conflicts side by side with Keep buttons, and buttons to
share the cases evenly, pack an auditor's assignment and merge a return. On an auditor's laptop
(a visit opened from an assignment): "Your cases" and "Send my audits to the lead".
Every operation goes through ``desktop_app.app.team``; long ones run off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.context import AppContext
from desktop_app.app.team import (
    AssignCases,
    Keep,
    MemberProgress,
    PackAssignment,
    RemoveTeamMember,
    ResolveConflict,
    Role,
    TeamOverview,
    import_team_bundle,
    list_audits,
    pack_assignment,
    remove_team_member,
    resolve_conflict,
    team_overview,
)
from desktop_app.app.vocabulary import ConflictKind
from desktop_app.errors import UserError
from desktop_app.ui.background import BackgroundTask, run_operation
from desktop_app.ui.exchange.export_wizard import ExportWizard
from desktop_app.ui.services import AppServices
from desktop_app.ui.visit.conflict_compare import ConflictCompareDialog, side_by, whose_audit
from desktop_app.ui.visit.team_dialogs import MemberDialog, ReassignDialog, assign_with_confirm
from desktop_app.ui.visit.your_cases_panel import YourCasesPanel
from desktop_app.ui.widgets import Card, Column, RowsTableModel, primary_button, read_only_table
from forms.answer_words import people_moment

if TYPE_CHECKING:
    from desktop_app.app.team import ConflictSideView, ConflictView

_KIND_WORDS: dict[str, str] = {
    ConflictKind.SAME_AUDIT: ConflictKind.SAME_AUDIT.words,
    ConflictKind.SAME_CASE: ConflictKind.SAME_CASE.words,
}


@contextmanager
def app_context(services: AppServices) -> Iterator[AppContext]:
    """The window's one operation context."""
    yield services.context


def _when(value: Any) -> str:
    return "" if value is None else people_moment(value, year=False)


class TeamTab(QWidget):
    """The Team tab of one visit; ``changed`` asks the visit page to refresh."""

    changed = Signal()

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.visit_id: int | None = None
        self.overview: TeamOverview | None = None
        self.tasks: list[BackgroundTask] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.heading = QLabel()
        self.heading.setObjectName("CardTitle")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)

        buttons = QHBoxLayout()
        self.split_button = QPushButton("Share cases &evenly")
        self.split_button.setAccessibleName("Share cases evenly among the auditors")
        self.split_button.clicked.connect(self.split)
        self.auditor_choice = QComboBox()
        self.auditor_choice.setAccessibleName("Auditor to send an assignment to")
        self.auditor_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.give_button = QPushButton("&Reassign cases…")
        self.give_button.setAccessibleName("Give cases of the visit to another team member")
        self.give_button.clicked.connect(self.reassign)
        self.selected_case: Callable[[], str | None] = lambda: None
        self.pack_button = QPushButton("&Pack assignment…")
        self.pack_button.setAccessibleName("Pack the chosen auditor's assignment")
        self.pack_button.clicked.connect(self.pack)
        self.merge_button = primary_button("&Merge a return…", self.merge)
        self.merge_button.setAccessibleName("Merge an auditor's return")
        self.send_button = primary_button("&Send my audits to the lead…", self.send)
        self.send_button.setAccessibleName("Send my audits to the lead")
        for widget in (
            self.split_button,
            self.auditor_choice,
            self.give_button,
            self.pack_button,
            self.merge_button,
            self.send_button,
        ):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setObjectName("ScreenSubtitle")
        self.notice.setVisible(False)
        layout.addWidget(self.notice)

        self.your_cases = YourCasesPanel(services)
        self.your_cases.setVisible(False)
        layout.addWidget(self.your_cases, 1)
        splitter = QSplitter()
        self.lead_panes = splitter  # team, returns and conflicts: the lead's laptop only
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.left_layout = left_layout
        team_card = Card("Team and progress")
        self.members = RowsTableModel(
            [
                Column("name", "Name"),
                Column("role", "Role"),
                Column("cases", "Cases"),
                Column("started", "Started"),
                Column("complete", "Complete"),
                Column("escalations", "At risk", colour=lambda v: "#b3261e" if v else None),
                Column("returned", "Returned"),
            ],
            self,
        )
        self.members_table = read_only_table(self.members, "Team members and their progress")
        members_header = self.members_table.horizontalHeader()
        members_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        members_header.setStretchLastSection(False)  # scroll sideways rather than cut a heading
        team_card.body.addWidget(self.members_table, 1)
        # the people buttons sit beside the card's title, leaving the height to the team list
        card_title = team_card.findChild(QLabel, "CardTitle")
        assert card_title is not None
        team_card.body.removeWidget(card_title)
        people_row = QHBoxLayout()
        people_row.setSpacing(6)
        people_row.addWidget(card_title)
        people_row.addStretch(1)
        self.add_person_button = QPushButton("&Add a person…")
        self.add_person_button.setAccessibleName("Add a person to the team, with their key card")
        self.add_person_button.clicked.connect(self.add_person)
        self.edit_person_button = QPushButton("C&hange…")
        self.edit_person_button.setToolTip("Change the selected person's role or key card")
        self.edit_person_button.setAccessibleName("Change the selected person's role or key card")
        self.edit_person_button.clicked.connect(self.edit_person)
        self.remove_person_button = QPushButton("Remo&ve")
        self.remove_person_button.setToolTip("Remove the selected person from the team")
        self.remove_person_button.setAccessibleName("Remove the selected person from the team")
        self.remove_person_button.clicked.connect(self.remove_person)
        self.people_buttons = (
            self.add_person_button,
            self.edit_person_button,
            self.remove_person_button,
        )
        for button in self.people_buttons:
            people_row.addWidget(button)
        team_card.body.insertLayout(0, people_row)
        self.not_returned = QLabel()
        self.not_returned.setWordWrap(True)
        team_card.body.addWidget(self.not_returned)
        team_card.body.addStretch(0)  # on a big screen the room left goes below, not between
        left_layout.addWidget(team_card, 3)
        returns_card = Card("Returns received")
        self.returns = RowsTableModel(
            [
                Column("received", "Received"),
                Column("member", "From"),
                Column("sequence", "Number"),
                Column("audits", "Audits"),
                Column("conflicts", "Conflicts"),
            ],
            self,
        )
        self.returns_table = read_only_table(self.returns, "Returns received")
        self.returns_table.setMinimumHeight(90)  # the heading and two returns
        returns_header = self.returns_table.horizontalHeader()
        returns_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        returns_header.setStretchLastSection(False)  # names in full, never "Grace ..."
        returns_card.body.addWidget(self.returns_table)
        self.no_returns = QLabel(
            "None yet. Each auditor's return shows here, with when it came, once you merge it "
            "(Merge a return…)."
        )
        self.no_returns.setWordWrap(True)
        returns_card.body.addWidget(self.no_returns)
        self.returns_card = returns_card
        left_layout.addWidget(returns_card, 2)
        # on a small laptop screen the team and its returns scroll rather than squeeze
        left_scroll = QScrollArea()
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_scroll.setWidget(left)
        splitter.addWidget(left_scroll)

        conflicts_card = Card("Conflicts to decide")
        self.no_conflicts = QLabel(
            "None. A conflict shows here when a return changes an audit that was also changed "
            "on this laptop, or two people audit the same case; you decide which to keep."
        )
        self.no_conflicts.setWordWrap(True)
        self.no_conflicts_box = QWidget()  # the sentence at the top, the room below it empty
        no_conflicts_layout = QVBoxLayout(self.no_conflicts_box)
        no_conflicts_layout.setContentsMargins(0, 0, 0, 0)
        no_conflicts_layout.addWidget(self.no_conflicts)
        no_conflicts_layout.addStretch(1)
        conflicts_card.body.addWidget(self.no_conflicts_box, 1)
        self.conflict_body = QWidget()  # the list, both sides and the button, when there are any
        body = QVBoxLayout(self.conflict_body)
        body.setContentsMargins(0, 0, 0, 0)
        conflicts_card.body.addWidget(self.conflict_body, 1)
        self.conflict_list = QListWidget()
        self.conflict_list.setAccessibleName("Conflicts to decide")
        self.conflict_list.currentRowChanged.connect(self._show_conflict)
        self.conflict_list.itemActivated.connect(lambda _item: self.compare())
        self.conflict_list.setMaximumHeight(90)
        self.conflict_list.setWordWrap(True)
        body.addWidget(self.conflict_list)
        sides = QGridLayout()
        self.side_labels: list[QLabel] = []
        for column, title in enumerate(("First (already here)", "Second (arrived)")):
            heading = QLabel(title)
            heading.setObjectName("CardTitle")
            sides.addWidget(heading, 0, column)
            label = QLabel()
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            label.setAccessibleName(title)
            # a long answer list scrolls instead of being cut at a small window size
            scroller = QScrollArea()
            scroller.setWidgetResizable(True)
            scroller.setFrameShape(QFrame.Shape.NoFrame)
            scroller.setWidget(label)
            sides.addWidget(scroller, 1, column)
            self.side_labels.append(label)
        sides.setRowStretch(1, 1)
        body.addLayout(sides, 1)
        # the pane summarises; the decision is taken in the Compare dialog, where both sides
        # can be read in full (on a 1366x768 laptop the pane has room for a few lines only)
        self.compare_button = primary_button("&Compare and decide…", self.compare)
        self.compare_button.setAccessibleName("Compare the two sides in full and decide")
        compare_row = QHBoxLayout()
        compare_row.addWidget(self.compare_button)
        compare_row.addStretch(1)
        body.addLayout(compare_row)
        splitter.addWidget(conflicts_card)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([700, 350])
        self.splitter = splitter
        self._showing_conflicts: bool | None = None
        layout.addWidget(splitter, 1)

    # loading ----------------------------------------------------------------------------
    def load(self, visit_id: int) -> TeamOverview:
        """Show the team of ``visit_id`` as it stands now."""
        self.visit_id = visit_id
        with app_context(self.services) as context:
            overview = team_overview(context, visit_id)
        self.overview = overview
        lead_side = not overview.working_copy
        if overview.working_copy:
            self.heading.setText(
                f"Your cases, assigned by {overview.lead or 'the lead'}. Audit them here, then "
                "send your audits to the lead (as often as you like; the newest replaces the "
                "earlier)."
            )
        else:
            self.heading.setText(
                "Who holds which cases, how far each has come, and the returns merged into "
                "this visit."
            )
        for widget in (
            self.split_button,
            self.auditor_choice,
            self.give_button,
            self.pack_button,
            *self.people_buttons,
        ):
            widget.setVisible(lead_side)
        self.merge_button.setVisible(lead_side)
        self.send_button.setVisible(overview.working_copy)
        self.lead_panes.setVisible(lead_side)
        self.your_cases.setVisible(overview.working_copy)
        if overview.working_copy:
            self.your_cases.load(visit_id)
        self.auditor_choice.clear()
        for member in overview.members:
            if member.role != "lead":
                self.auditor_choice.addItem(member.name)
        self.members.set_rows(
            [
                {
                    # the lead's own card is taken from their laptop's key when they pack
                    "name": m.name + ("" if m.has_card or m.role == "lead" else " (no key card)"),
                    "role": m.role.capitalize(),
                    "cases": m.cases,
                    "started": m.started,
                    "complete": m.complete,
                    "escalations": m.escalations,
                    "returned": _when(m.last_return) or ("–" if m.role != "lead" else ""),
                }
                for m in overview.members
            ]
        )
        self.members_table.resizeColumnsToContents()
        rows_height = sum(
            self.members_table.rowHeight(row) for row in range(self.members.rowCount())
        )
        header_height = self.members_table.horizontalHeader().height()
        self.members_table.setMaximumHeight(rows_height + header_height + 24)
        shown_rows = min(3, self.members.rowCount())  # at least three people without scrolling
        self.members_table.setMinimumHeight(
            sum(self.members_table.rowHeight(row) for row in range(shown_rows)) + header_height + 4
        )
        if overview.not_returned:
            self.not_returned.setText(
                "Not returned yet: " + ", ".join(overview.not_returned) + ". The findings and the "
                "report cover only the audits merged so far."
            )
        else:
            self.not_returned.setText(
                "Every auditor holding cases has returned." if overview.returns else ""
            )
        self.returns_table.setVisible(bool(overview.returns))
        self.no_returns.setVisible(not overview.returns)
        self.left_layout.setStretchFactor(self.returns_card, 2 if overview.returns else 0)
        self.returns.set_rows(
            [
                {
                    "received": _when(r.received_at),
                    "member": r.member,
                    "sequence": r.sequence,
                    "audits": r.audits,
                    "conflicts": r.conflicts,
                }
                for r in overview.returns
            ]
        )
        self.conflict_list.clear()
        for conflict in overview.open_conflicts:
            item = QListWidgetItem(
                f"Case {conflict.case_reference}: {_KIND_WORDS.get(conflict.kind, conflict.kind)}"
                f" ({conflict.first.by} / {conflict.second.by})"
            )
            item.setData(256, conflict.id)
            self.conflict_list.addItem(item)
        # the list takes only the height of what it shows: up to two conflicts of two lines
        shown = max(1, min(2, self.conflict_list.count()))
        line = self.conflict_list.fontMetrics().lineSpacing()
        self.conflict_list.setFixedHeight(shown * (2 * line + 4) + 8)
        showing = bool(overview.open_conflicts)
        self.no_conflicts_box.setVisible(not showing)
        self.conflict_body.setVisible(showing)
        if showing != self._showing_conflicts:  # the team gets the room conflicts do not need
            self._showing_conflicts = showing
            self.splitter.setSizes([700, 350] if showing else [850, 200])
        if overview.open_conflicts:
            self.conflict_list.setCurrentRow(0)
        else:
            self._show_conflict(-1)
        return overview

    def _conflict_at(self, row: int) -> ConflictView | None:
        if self.overview is None or row < 0 or row >= len(self.overview.open_conflicts):
            return None
        return self.overview.open_conflicts[row]

    def _show_conflict(self, row: int) -> None:
        conflict = self._conflict_at(row)
        self.compare_button.setEnabled(conflict is not None)
        if conflict is None:
            for label in self.side_labels:
                label.setText("No conflicts to decide." if label is self.side_labels[0] else "")
            return
        differing = conflict.differing()
        for number, (label, side) in enumerate(
            zip(self.side_labels, (conflict.first, conflict.second), strict=True), start=1
        ):
            label.setText(self._side_text(side, [(row[0], row[number]) for row in differing]))

    @staticmethod
    def _side_text(side: ConflictSideView, differing: list[tuple[str, str]]) -> str:
        lines = [
            f"By {side_by(side)}",
            f"Status: {side.status.replace('_', ' ')}",
            f"Overall grade: {side.grade_words or 'not graded'}",
        ]
        if side.escalated:
            lines.append("CHILD AT RISK NOW (escalated)")
        if differing:
            lines.append(f"{len(differing)} answer(s) differ (Compare and decide…)")
        return "\n".join(lines)

    # operations ----------------------------------------------------------------------------
    def say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _run(self, title: str, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        def failed(error: BaseException) -> None:
            text = error.message if isinstance(error, UserError) else str(error)
            self.say(text)
            QMessageBox.warning(self, "Critical Friend", text)

        task = run_operation(self, title, lambda _progress: work(), done, failed)
        self.tasks.append(task)
        task.done.connect(lambda: self.tasks.remove(task) if task in self.tasks else None)

    def _identity(self) -> Callable[[], Any] | None:
        from desktop_app.ui.exchange.identity_dialogs import identity_loader

        loader = identity_loader(self, self.services.home)
        if loader is None:
            self.say("Create your signing identity in Keys & settings first.")
        return loader

    def split(self) -> None:
        """Share every case evenly among the auditors, strata balanced."""
        if self.visit_id is None:
            return
        try:
            with app_context(self.services) as context:
                done = assign_with_confirm(self, context, AssignCases(self.visit_id, split=True))
        except UserError as error:
            self.say(error.message)
            return
        if done is None:
            return
        self.say(
            "Shared: " + ", ".join(f"{name} {count}" for name, count in done.counts.items()) + "."
        )
        self.changed.emit()

    def reassign(self) -> ReassignDialog | None:
        """Give cases to another member; the case selected in the Audits tab starts ticked."""
        if self.visit_id is None or self.overview is None:
            return None
        with app_context(self.services) as context:
            audits = list_audits(context, self.visit_id)
        people = [m.name for m in self.overview.members if m.role != "lead"]
        if not people:
            self.say("Add auditors to the team first (Add a person…).")
            return None
        dialog = ReassignDialog(
            self.services, self.visit_id, audits, people, self, ticked=self.selected_case()
        )
        dialog.accepted.connect(lambda: self._reassigned(dialog))
        dialog.open()
        return dialog

    def _reassigned(self, dialog: ReassignDialog) -> None:
        self.say(
            f"{dialog.given} case(s) are now {dialog.person.currentText()}'s; pack their "
            "assignment to send them."
        )
        self.changed.emit()

    def _selected_member(self) -> MemberProgress | None:
        if self.overview is None:
            return None
        rows = self.members_table.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        return self.overview.members[row] if 0 <= row < len(self.overview.members) else None

    def add_person(self) -> MemberDialog | None:
        """Add a person (name, role, key card) to the team, as 'visits team --add' does."""
        if self.visit_id is None:
            return None
        dialog = MemberDialog(self.services, self.visit_id, self)
        dialog.accepted.connect(lambda: self._member_saved(dialog))
        dialog.open()
        return dialog

    def edit_person(self) -> MemberDialog | None:
        """Change the selected person's role, or attach their (new) key card."""
        member = self._selected_member()
        if self.visit_id is None or member is None:
            self.say("Choose a person in the team list first.")
            return None
        dialog = MemberDialog(
            self.services, self.visit_id, self, name=member.name, role=Role(member.role)
        )
        dialog.accepted.connect(lambda: self._member_saved(dialog))
        dialog.open()
        return dialog

    def _member_saved(self, dialog: MemberDialog) -> None:
        added = dialog.added
        if added is not None:
            key = f", key {added.fingerprint}" if added.fingerprint else ", no key card yet"
            self.say(f"{added.name} is on the team as {dialog.role.currentText().lower()}{key}.")
        self.changed.emit()

    def remove_person(self) -> None:
        """Take the selected person off the team (refused while they hold cases)."""
        member = self._selected_member()
        if self.visit_id is None or member is None:
            self.say("Choose a person in the team list first.")
            return
        answer = QMessageBox.question(
            self,
            "Remove from the team",
            f"Remove {member.name} from this visit's team? Audits already merged from them stay; "
            "a later return from them will be refused.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with app_context(self.services) as context:
                removed = remove_team_member(context, RemoveTeamMember(self.visit_id, member.name))
        except UserError as error:
            self.say(error.message)
            return
        self.say(f"{removed.name} is no longer on the team.")
        self.changed.emit()

    def pack(self) -> None:
        auditor = self.auditor_choice.currentText()
        if not auditor:
            self.say("Add auditors to the team first (Add a person…).")
            return
        name, _ = QFileDialog.getSaveFileName(
            self,
            f"Save {auditor}'s assignment",
            f"{auditor.split()[0].lower()}-assignment.cfbundle",
            "Critical Friend bundles (*.cfbundle)",
        )
        if name:
            self.pack_to(auditor, Path(name))

    def pack_to(self, auditor: str, out: Path) -> None:
        """Write ``auditor``'s assignment to ``out`` in the background."""
        loader = self._identity()
        if loader is None or self.visit_id is None:
            return
        request = PackAssignment(self.visit_id, auditor, out)
        services = self.services

        def work() -> Any:
            with app_context(services) as context:
                return pack_assignment(context, request, loader())

        self._run(
            "Packing the assignment",
            work,
            lambda made: self.say(
                f"{auditor}'s assignment ({made.audits} cases, encrypted for them) is in {made.path}."
            ),
        )

    def merge(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Merge an auditor's return", "", "Critical Friend bundles (*.cfbundle);;All (*)"
        )
        if name:
            self.merge_from(Path(name))

    def merge_from(self, path: Path) -> None:
        """Verify and merge the return at ``path`` in the background."""
        loader = self._identity()
        if loader is None:
            return
        services = self.services

        def work() -> Any:
            with app_context(services) as context:
                return import_team_bundle(context, path, lambda: loader().age_identity)

        def done(result: Any) -> None:
            if result is None:
                self.say(f"{path.name} is not an audit return; open it from Peer challenge.")
                return
            if result.already:
                self.say("That return was already merged; nothing changed.")
            else:
                text = (
                    f"Merged {result.sender}'s return: {result.replaced} updated, "
                    f"{result.added} added."
                )
                if result.escalations:
                    text += " CHILD AT RISK NOW: case " + ", ".join(result.escalations) + "."
                if result.conflicts:
                    text += f" {len(result.conflicts)} conflict(s) to decide."
                self.say(text)
            self.changed.emit()

        self._run("Merging the return", work, done)

    def send(self) -> ExportWizard | None:
        """Open the export wizard for an audit return, the visit's lead preselected."""
        if self.visit_id is None:
            return None
        wizard = ExportWizard(
            self.services, self, bundle_type="audit-return", visit_id=self.visit_id
        )
        wizard.accepted.connect(lambda: self._sent(wizard))
        wizard.open()
        return wizard

    def _sent(self, wizard: ExportWizard) -> None:
        made = wizard.audit_return.save.result
        if made is not None:
            lead = wizard.audit_return.preview.lead
            self.say(
                f"Your {made.audits} audits are in {made.path}, encrypted for {lead}; "
                "give them the file."
            )
            self.changed.emit()  # "Your cases" shows them as sent

    def compare(self) -> ConflictCompareDialog | None:
        """Open the chosen conflict's "Compare…" dialog: both sides in full, and the decision."""
        conflict = self._conflict_at(self.conflict_list.currentRow())
        if conflict is None:
            return None
        dialog = ConflictCompareDialog(
            conflict, lambda keep: self.decide(conflict, keep), self.window()
        )
        dialog.open()
        return dialog

    def decide(self, conflict: ConflictView, keep: Keep) -> str | None:
        """Keep ``keep`` of ``conflict``; None when stored, else the refusal (also shown)."""
        try:
            with app_context(self.services) as context:
                resolve_conflict(context, ResolveConflict(conflict.id, keep))
        except UserError as error:
            self.say(error.message)
            return error.message
        kept = {
            Keep.FIRST: f"kept {whose_audit(conflict.first)}",
            Keep.SECOND: f"kept {whose_audit(conflict.second)}",
            Keep.BOTH: "kept both as two audits",
        }[keep]
        self.say(f"Conflict over case {conflict.case_reference} decided: {kept}.")
        self.changed.emit()
        return None
