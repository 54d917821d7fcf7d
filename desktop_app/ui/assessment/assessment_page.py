"""One self-assessment: its status and actions above the form (or the comparison)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app import assessments
from desktop_app.ui.assessment.compare_view import CompareView
from desktop_app.ui.background import run_operation
from desktop_app.ui.form import FormScreen
from desktop_app.ui.services import AppServices
from desktop_app.ui.widgets import primary_button

# status -> (the next status, the button that moves there)
NEXT_STATUS_ACTIONS = {
    "draft": ("ready", "Mark ready for challenge"),
    "ready": ("shared", "Mark as shared"),
    "shared": ("closed", "Close the year"),
}
STATUS_NOTES = {
    "draft": "Draft: every change is saved as you type.",
    "ready": "Ready for challenge: peers will see the snapshot frozen on {frozen}. Editing makes "
    "it a draft again; the snapshot stays exactly as it was.",
    "shared": "Shared with peers (snapshot of {frozen}). Editing makes a new draft; what peers "
    "have does not change.",
    "closed": "Closed: kept as the record of the year, read-only.",
}


class AssessmentPage(QWidget):
    """Header (back, title, status, actions) above a stack: the form, or the comparison."""

    back = Signal()
    report_written = Signal(Path)

    def __init__(
        self, services: AppServices, row: dict[str, Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.assessment_id = int(row["id"])
        self.period = str(row["period"])
        self.status = str(row["status"])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.back_button = QPushButton("← Back")
        self.back_button.setAccessibleName("Back to the list of self-assessments")
        self.back_button.clicked.connect(self._back)
        self.status_chip = QLabel()
        self.status_chip.setObjectName("StatusChip")
        self.status_chip.setAccessibleName("Status")
        self.note = QLabel()
        self.note.setObjectName("StatusNote")
        self.note.setWordWrap(True)
        self.ready_button = primary_button("Mark ready for challenge", self.advance_status)
        top = QHBoxLayout()
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.status_chip, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.note, 1)
        top.addWidget(self.ready_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        self.compare_button = QPushButton("Compare with…")
        self.compare_button.clicked.connect(self.choose_comparison)
        self.report_button = QPushButton("Report…")
        self.report_button.clicked.connect(lambda: self.write_report())
        self.evidence_button = QPushButton("Evidence…")
        self.evidence_button.clicked.connect(self.show_evidence)
        self.cite_button = QPushButton("Cite an indicator…")
        self.cite_button.clicked.connect(self.cite_indicator)
        self.challenge_button = QPushButton()
        self.challenge_button.setObjectName("ChallengeReceivedButton")
        self.challenge_button.clicked.connect(self.show_received_challenge)
        self.move_button = QPushButton()
        self.move_button.setObjectName("MoveDraftButton")
        self.move_button.clicked.connect(lambda: self.move_to_newer_version())
        actions = QHBoxLayout()
        actions.addWidget(self.challenge_button)
        actions.addStretch(1)
        for button in (
            self.move_button,
            self.compare_button,
            self.cite_button,
            self.evidence_button,
            self.report_button,
        ):
            actions.addWidget(button)
        layout.addLayout(actions)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        self.record_id = int(row["record_id"])
        self.form_title = f"{row['title']} — {row['organisation']}"
        self.form = self._make_form(read_only=self.status == "closed")
        self.pages.addWidget(self.form)
        self.compare = CompareView()
        self.pages.addWidget(self.compare)
        self.received: Any = None
        self.update_challenge_button()
        self.report_task: Any = None
        self.last_report: Path | None = None
        self._show_status(self.status, int(row.get("carried", 0)))
        self.update_move_button()

    # status -------------------------------------------------------------------------------
    def _frozen_date(self) -> str:
        from desktop_app.ui.dates import shown_date

        return shown_date(assessments.frozen_date(self.services.context, self.assessment_id))

    def _show_status(self, status: str, carried: int | None = None) -> None:
        self.status = status
        self.status_chip.setText(assessments.status_label(status))
        self.status_chip.setProperty("status", status)
        self.status_chip.style().unpolish(self.status_chip)
        self.status_chip.style().polish(self.status_chip)
        note = STATUS_NOTES.get(status, "").format(frozen=self._frozen_date())
        if carried is None:
            carried = self._carried_count()
        if carried and status != "closed":
            note += (
                f" {carried} answers were carried over from last year and are marked as such "
                "until you edit them."
            )
        self.note.setText(note)
        label = NEXT_STATUS_ACTIONS.get(status)
        self.ready_button.setVisible(label is not None)
        if label is not None:
            self.ready_button.setText(label[1])
            self.ready_button.setAccessibleName(label[1])

    def _carried_count(self) -> int:
        return assessments.carried_count(self.services.context, self.assessment_id)

    def _answer_saved(self, _question_id: str) -> None:
        changed = assessments.note_edited(self.services.context, self.assessment_id)
        self._show_status("draft")
        self.services.announce(changed)

    def _make_form(self, *, read_only: bool) -> FormScreen:
        form = FormScreen(self.services, self.record_id, read_only=read_only, title=self.form_title)
        form.saved.connect(self._answer_saved)
        return form

    def advance_status(self) -> None:
        """The next step of the year: ready for challenge, then shared, then closed."""
        step = NEXT_STATUS_ACTIONS.get(self.status)
        if step is None:
            return
        if step[0] == "ready":
            self.mark_ready()
            return
        question = {
            "shared": "Mark this self-assessment as shared with your trio?\n\nDo this once the "
            "signed bundle has gone to your peers.",
            "closed": "Close this self-assessment?\n\nIt becomes read-only: the record of the "
            "year. Next year's can start from its answers.",
        }[step[0]]
        if QMessageBox.question(self, step[1], question) != QMessageBox.StandardButton.Yes:
            return
        self.form.flush()
        changed = assessments.change_status(
            self.services.context, self.assessment_id, step[0], by=self.services.current_user()
        )
        if step[0] == "closed":
            closed = self._make_form(read_only=True)
            self.pages.insertWidget(self.pages.indexOf(self.form), closed)
            self.pages.removeWidget(self.form)
            self.form.deleteLater()
            self.form = closed
            self.pages.setCurrentWidget(closed)
        self._show_status(step[0])
        self.services.announce(changed)

    def mark_ready(self) -> None:
        self.form.flush()
        incomplete = self.form.header.progress.value() < 100
        question = (
            "Mark this self-assessment ready for challenge?\n\nThis freezes what your trio "
            "peers will see. Later edits make a new draft and never change the frozen copy."
        )
        if incomplete:
            question += "\n\nSome required questions are not answered yet."
        answer = QMessageBox.question(self, "Mark ready for challenge", question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        changed = assessments.mark_ready(
            self.services.context, self.assessment_id, by=self.services.current_user()
        )
        self._show_status("ready")
        self.services.announce(changed)

    # a newer version of the form ----------------------------------------------------------
    def update_move_button(self) -> None:
        """Offer "Move to version N…" when a newer version of the form is installed."""
        from desktop_app.app.templates import newer_versions
        from desktop_app.ui.template_actions import context_of

        newer = (
            []
            if self.status == "closed"
            else newer_versions(context_of(self.services), self.assessment_id)
        )
        self.newest_version = newer[-1] if newer else None
        self.move_button.setVisible(self.newest_version is not None)
        if self.newest_version is not None:
            self.move_button.setText(f"Move to version {self.newest_version}…")
            self.move_button.setAccessibleName(
                f"Move this draft to version {self.newest_version} of its form"
            )

    def move_to_newer_version(self) -> Any:
        """Show what moving to the newest version does; Move applies it."""
        from desktop_app.app.templates import preview_move_draft
        from desktop_app.ui.assessment.move_draft_dialog import MoveDraftDialog
        from desktop_app.ui.template_actions import context_of

        if self.newest_version is None:
            return None
        self.form.flush()
        upgrade = preview_move_draft(
            context_of(self.services), self.assessment_id, self.newest_version
        )
        dialog = MoveDraftDialog(upgrade, self)
        dialog.accepted.connect(lambda: self._apply_move(upgrade.to_version))
        dialog.open()
        self.move_dialog = dialog
        return dialog

    def _apply_move(self, version: int) -> None:
        from desktop_app.app.templates import MoveDraft, move_draft
        from desktop_app.ui.template_actions import context_of

        moved_draft = move_draft(
            context_of(self.services),
            MoveDraft(self.assessment_id, version, self.services.current_user()),
        )
        moved = self._make_form(read_only=False)
        self.pages.insertWidget(self.pages.indexOf(self.form), moved)
        self.pages.removeWidget(self.form)
        self.form.deleteLater()
        self.form = moved
        self.pages.setCurrentWidget(moved)
        self._show_status("draft")
        self.update_move_button()
        self.services.announce(moved_draft.changed)

    # evidence and data -------------------------------------------------------------------
    def show_evidence(self) -> Any:
        from desktop_app.ui.assessment.evidence_dialog import EvidenceDialog

        self.form.flush()
        items = assessments.evidence_list(self.services.context, self.assessment_id)
        dialog = EvidenceDialog(items, self.services.context, self)
        dialog.open()
        return dialog

    def cite_indicator(self) -> Any:
        from desktop_app.ui.assessment.evidence_dialog import CiteIndicatorDialog

        citations = assessments.indicator_citations(
            self.services.context, self.assessment_id, self.period
        )
        dialog = CiteIndicatorDialog(citations, self)
        dialog.open()
        return dialog

    # compare ------------------------------------------------------------------------------
    def other_periods(self) -> list[tuple[int, str]]:
        return assessments.other_periods(self.services.context, self.assessment_id)

    def choose_comparison(self) -> None:
        others = self.other_periods()
        if not others:
            QMessageBox.information(
                self,
                "Compare",
                "There is no other self-assessment of this council to compare with.",
            )
            return
        period, ok = QInputDialog.getItem(
            self,
            "Compare with…",
            "Compare with the self-assessment for:",
            [p for _, p in others],
            0,
            False,
        )
        if ok:
            self.show_comparison(next(i for i, p in others if p == period))

    def show_comparison(self, other_id: int) -> None:
        self.form.flush()
        comparison = assessments.compare_assessments(
            self.services.context, self.assessment_id, other_id
        )
        self.compare.show_comparison(comparison)
        self.pages.setCurrentWidget(self.compare)
        self.back_button.setText("← Back to the form")

    # challenge received ---------------------------------------------------------------------
    def update_challenge_button(self) -> None:
        """ "Challenge received (n)" when peers' responses about this period were imported."""
        from desktop_app.app.received import received_count, responses_for_period

        notes, answered = received_count(
            self.services.context, responses_for_period(self.services.context, self.period)
        )
        self.challenge_button.setText(f"Challenge received ({notes})")
        self.challenge_button.setToolTip(f"{answered} of {notes} answered")
        self.challenge_button.setProperty("waiting", answered < notes)
        self.challenge_button.setVisible(notes > 0)

    def show_received_challenge(self) -> None:
        from desktop_app.app.received import responses_for_period
        from desktop_app.ui.challenge.received_view import ReceivedChallengeView

        self.form.flush()
        if self.received is None:
            self.received = ReceivedChallengeView(self.services)
            self.pages.addWidget(self.received)
        self.received.show_bundles(responses_for_period(self.services.context, self.period))
        self.pages.setCurrentWidget(self.received)
        self.back_button.setText("← Back to the form")

    def _back(self) -> None:
        if self.received is not None and self.pages.currentWidget() is self.received:
            self.update_challenge_button()
            self.pages.setCurrentWidget(self.form)
            self.back_button.setText("← Back")
            return
        if self.pages.currentWidget() is self.compare:
            self.pages.setCurrentWidget(self.form)
            self.back_button.setText("← Back")
            return
        self.form.flush()
        self.back.emit()

    # report -------------------------------------------------------------------------------
    def write_report(self, out: Path | None = None) -> None:
        self.form.flush()
        if out is None:
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            )
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                "Save the self-assessment report",
                os.path.join(folder, f"Self-assessment {self.period}.pdf"),
                "PDF (*.pdf)",
            )
            if not chosen:
                return
            out = Path(chosen)
        context = self.services.context
        assessment_id = self.assessment_id

        def work(progress: Any) -> Path:
            from desktop_app.app.reports import ReportKind, write_report

            return write_report(context, ReportKind.ASSESSMENT, assessment_id, out, progress).path

        self.report_task = run_operation(
            self, "Writing the report", work, self._report_done, self._report_failed
        )

    def _report_done(self, path: Path) -> None:
        self.last_report = path
        self.report_written.emit(path)
        offer = QMessageBox(
            QMessageBox.Icon.Information,
            "Report written",
            f"The report was saved to {path}.\n\nOpen it now?",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            self,
        )
        offer.setObjectName("ReportWrittenBox")
        offer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        offer.accepted.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
        offer.open()
        self.report_offer = offer

    def _report_failed(self, error: BaseException) -> None:
        QMessageBox.warning(self, "Report not written", f"The report could not be written: {error}")
