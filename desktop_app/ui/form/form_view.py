"""The one form renderer: any FormDefinition as sections, questions, live rules and autosave.

Every change is saved on its own: typing after a short pause or when the field is left, other
controls at once. The indicator says "Saved hh:mm:ss" only after the store has committed.
Sections are built the first time they are shown, so a 1,000-question form opens as fast as a
small one.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QHideEvent,
    QKeySequence,
    QPaintEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.form.answer_store import AnswerStore
from desktop_app.ui.form.answer_text import answer_text
from desktop_app.ui.form.attachment_editor import AttachmentEditor
from desktop_app.ui.form.editor_factory import make_editor
from desktop_app.ui.form.form_header import FormHeader
from desktop_app.ui.form.history_dialog import HistoryDialog
from desktop_app.ui.form.question_row import QuestionRow
from desktop_app.ui.form.section_list import SectionList
from desktop_app.ui.form.section_page import SectionPage, add_section_navigation
from forms import (
    FormDefinition,
    Question,
    SectionProgress,
    compute_calculated,
    is_answered,
    is_relevant,
    section_progress,
)
from forms.progress import progress_of_section
from forms.relevance import hidden_among
from forms.validation import question_issues

TYPING_PAUSE_MS = 400
MARKS_FALLBACK_MS = 200  # section marks when no paint has come (e.g. a form never shown)
MARKS_SLICE_S = 0.008  # the first marks are worked out in slices this long, between events


def overall_fraction(sections: Iterable[SectionProgress]) -> float:
    """As forms.overall_progress, from section progress already computed."""
    items = list(sections)
    required = sum(item.required for item in items)
    if required:
        return sum(item.required_answered for item in items) / required
    relevant = sum(item.relevant for item in items)
    return sum(item.answered for item in items) / relevant if relevant else 1.0


class FormView(QWidget):
    saved = Signal(str)
    progress_changed = Signal(float)

    def __init__(
        self,
        store: AnswerStore,
        *,
        read_only: bool = False,
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("FormView")
        self._store = store
        self._definition = store.definition
        self.read_only = read_only or store.read_only
        self._stored: dict[str, Any] = store.load()
        self._carried: set[str] = store.carried_over()
        self._answers: dict[str, Any] = {}
        self._pending: dict[str, Any] = {}
        self._pages: dict[int, SectionPage] = {}
        # position of each section (by identity: a big form's sections are read as used)
        self._positions = {
            id(section): index for index, section in enumerate(self._definition.sections)
        }
        self._first_pass: dict[str, SectionProgress] | None = None
        self._first_done = 0  # sections the first pass has worked out
        self._stale: set[int] = set()
        self._progress = -1.0
        self.history_dialog: HistoryDialog | None = None
        self._escalation_ids = [
            question.id
            for question in self._definition.questions_with_role("escalation")
            if self._definition.has_question(question.id)
        ]
        self._recalculate()
        self._escalated = self.is_escalated()

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(TYPING_PAUSE_MS)
        self._save_timer.timeout.connect(self.flush)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = FormHeader(title or self._definition.title, self._definition.description)
        layout.addWidget(self.header)
        body = QHBoxLayout()
        body.setSpacing(16)
        self.section_list = SectionList(self._definition)
        self.section_list.setFixedWidth(270)
        body.addWidget(self.section_list)
        self.stack = QStackedWidget()  # holds only the sections built so far
        self.stack.setObjectName("SectionStack")
        self._scrolls: dict[int, QScrollArea] = {}
        self._current = 0
        body.addWidget(self.stack, 1)
        layout.addLayout(body, 1)

        self.section_list.currentRowChanged.connect(self._section_chosen)
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(
                lambda step=step: self.go_to_section(self.current_section() + step, focus=True)
            )

        if self.read_only:
            self.header.show_state("info", "Read-only")
        else:
            self.header.show_state("saved", "All changes saved")
        self.header.banner.setVisible(self._escalated)
        self._marks_shown = False
        self.go_to_section(0)

    # ----- public API -------------------------------------------------------------------------

    @property
    def definition(self) -> FormDefinition:
        return self._definition

    def answers(self) -> dict[str, Any]:
        """The answers as shown now (including unsaved typing and calculated values)."""
        return dict(self._answers)

    def flush(self) -> None:
        """Commit every pending change now; each is its own transaction."""
        self._save_timer.stop()
        if not self._pending:
            return
        saved: list[str] = []
        for question_id, value in list(self._pending.items()):
            try:
                self._store.save(question_id, value)
            except Exception as error:
                self.header.show_state("error", f"Not saved — {error}")
                self._save_timer.start(2000)
                break
            if self._pending.get(question_id) is value:
                del self._pending[question_id]
            saved.append(question_id)
        if not self._pending:
            self.header.show_saved(datetime.now())
        for question_id in saved:
            self.saved.emit(question_id)
        if any(question_id in self._escalation_ids for question_id in saved):
            self._escalation_saved(self.is_escalated())

    def focus_question(self, question_id: str) -> None:
        index = self._section_index(question_id)
        self.go_to_section(index)
        page = self._pages[index]
        row = page.rows[question_id]
        row.focus_editor()
        scroll = self._scroll_of(index)
        if scroll is not None:
            scroll.ensureWidgetVisible(row, 0, 40)

    def current_section(self) -> int:
        return self._current

    def go_to_section(self, index: int, *, focus: bool = False) -> None:
        if not 0 <= index < len(self._definition.sections):
            return
        self.flush()
        page = self._page(index)
        if index in self._stale:
            self._refresh_page(index)
        self._current = index
        self.stack.setCurrentWidget(self._scrolls[index])
        if self.section_list.currentRow() != index:
            self.section_list.blockSignals(True)
            self.section_list.setCurrentRow(index)
            self.section_list.blockSignals(False)
        if focus:
            first = next((row for row in page.rows.values() if row.isVisibleTo(page)), None)
            if first is not None:
                first.focus_editor()

    def row(self, question_id: str) -> QuestionRow:
        """The row of a question, building its section if needed."""
        return self._page(self._section_index(question_id)).rows[question_id]

    def marks_ready(self) -> bool:
        """True once every section's completion mark has been worked out and shown."""
        return self._marks_shown and self._first_pass is None

    def section_page(self, index: int) -> SectionPage:
        return self._page(index)

    def built_sections(self) -> list[int]:
        return sorted(self._pages)

    def is_escalated(self) -> bool:
        return any(self._answers.get(question_id) == "yes" for question_id in self._escalation_ids)

    def show_history(self, question_id: str) -> HistoryDialog:
        self.flush()
        question = self._definition.question(question_id)
        history = list(self._store.history(question_id))
        dialog = HistoryDialog(self._definition, question, history, self)
        self.history_dialog = dialog
        dialog.open()
        return dialog

    # ----- hooks ------------------------------------------------------------------------------

    def _escalation_saved(self, escalated: bool) -> None:
        """Called after an escalation answer is committed; screens tell the lists."""

    # ----- building ---------------------------------------------------------------------------

    def _section_index(self, question_id: str) -> int:
        return self._positions[id(self._definition.section_of(question_id))]

    def _page(self, index: int) -> SectionPage:
        page = self._pages.get(index)
        if page is None:
            page = self._build_page(index)
        return page

    def _build_page(self, index: int) -> SectionPage:
        sections = self._definition.sections
        page = SectionPage(sections[index], index + 1, self._make_row)
        add_section_navigation(
            page,
            sections[index - 1].title if index > 0 else None,
            sections[index + 1].title if index + 1 < len(sections) else None,
            lambda: self.go_to_section(index - 1, focus=True),
            lambda: self.go_to_section(index + 1, focus=True),
        )
        for question_id, row in page.rows.items():
            row.set_answer(self._answers.get(question_id))
        scroll = QScrollArea()
        scroll.setObjectName("SectionScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        self.stack.addWidget(scroll)
        self._scrolls[index] = scroll
        self._pages[index] = page
        self._refresh_page(index)
        return page

    def _make_row(self, question: Question) -> QuestionRow:
        editor = None if self.read_only else make_editor(self._definition, question, self._store)
        viewer = (
            AttachmentEditor(question, self._store, read_only=True)
            if self.read_only and question.type == "attachment"
            else None
        )
        row = QuestionRow(
            self._definition,
            question,
            editor,
            with_history=self._store.keeps_history,
            viewer=viewer,
        )
        if editor is not None:
            editor.edited.connect(lambda immediate, qid=question.id: self._edited(qid, immediate))
            editor.finished.connect(self.flush)
        row.history_requested.connect(self.show_history)
        row.hidden_cleared.connect(self._clear_hidden)
        row.set_carried_over(question.id in self._carried)
        return row

    def _clear_hidden(self, question_id: str) -> None:
        """Remove an answer hidden by a later answer (saved at once, kept in the change log)."""
        self._stored[question_id] = None
        self._recalculate()
        self._pending[question_id] = None
        self.flush()
        self._refresh_page(self.current_section())
        self._refresh_marks()

    def _scroll_of(self, index: int) -> QScrollArea | None:
        return self._scrolls.get(index)

    # ----- live rules and autosave ------------------------------------------------------------

    def _recalculate(self) -> None:
        self._answers = {**self._stored, **compute_calculated(self._definition, self._stored)}

    def _edited(self, question_id: str, immediate: bool) -> None:
        row = self.row(question_id)
        row.touched = True
        if question_id in self._carried:
            self._carried.discard(question_id)
            row.set_carried_over(False)
        value = row.value()
        self._stored[question_id] = value
        self._recalculate()
        self._pending[question_id] = value
        self.header.show_state("saving", "Saving…")
        if immediate:
            self.flush()
        else:
            self._save_timer.start()
        current = self.current_section()
        self._stale.update(index for index in self._pages if index != current)
        self._refresh_page(current)
        self._refresh_marks()

    def _refresh_page(self, index: int) -> None:
        page = self._pages.get(index)
        if page is None:
            return
        self._stale.discard(index)
        hidden: set[str] | None = None
        for row in page.rows.values():
            question = row.question
            shown = is_relevant(self._definition, question, self._answers)
            kept = False
            if not shown and is_answered(self._answers.get(question.id)):
                if hidden is None:  # worked out once a page, only when needed
                    hidden = hidden_among(self._definition, self._answers, page.rows)
                kept = question.id in hidden
            row.setVisible(shown or kept)
            row.show_hidden_answer(
                answer_text(self._definition, question, self._answers.get(question.id))
                if kept
                else None
            )
            if shown:
                row.refresh(
                    self._answers, question_issues(self._definition, question, self._answers)
                )

    def _refresh_marks(self) -> None:
        self._first_pass = None  # an edit before the first pass ends: work them all out now
        self._marks_shown = True
        self._show_marks(section_progress(self._definition, self._answers))

    def _show_marks(self, progress: dict[str, SectionProgress]) -> None:
        order = [section.id for section in self._definition.sections]
        self.section_list.set_marks(progress, order)
        fraction = overall_fraction(progress.values())
        self.header.show_progress(fraction)
        if fraction != self._progress:
            self._progress = fraction
            self.progress_changed.emit(fraction)
        escalated = self.is_escalated()
        if escalated != self._escalated:
            self._escalated = escalated
            self.header.banner.setVisible(escalated)

    def _section_chosen(self, index: int) -> None:
        if index >= 0:
            self.go_to_section(index)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._marks_shown:
            # The marks need every section's rules: they are worked out just after the form
            # has been painted (see paintEvent), so a big form shows its first section as soon
            # as a small one does; this timer is the fallback should no paint come.
            QTimer.singleShot(MARKS_FALLBACK_MS, self, self._first_marks)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._marks_shown:
            QTimer.singleShot(0, self, self._first_marks)

    def _first_marks(self) -> None:
        if not self._marks_shown:
            self._marks_shown = True
            self._first_pass = {}
            self._first_done = 0
            self._mark_slice()

    def _mark_slice(self) -> None:
        """Work out the first marks a slice at a time (a big form reads its sections here),
        so the window answers between slices; they are shown when every section is done."""
        progress = self._first_pass
        if progress is None:
            return  # finished, or overtaken by an edit (which worked out every mark)
        sections = self._definition.sections
        ends = time.perf_counter() + MARKS_SLICE_S
        while self._first_done < len(sections) and time.perf_counter() < ends:
            section = sections[self._first_done]
            progress[section.id] = progress_of_section(self._definition, section, self._answers)
            self._first_done += 1
        if self._first_done < len(sections):
            QTimer.singleShot(0, self, self._mark_slice)
            return
        self._first_pass = None
        self._show_marks(progress)

    # ----- keep nothing unsaved ---------------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.flush()
        super().closeEvent(event)
