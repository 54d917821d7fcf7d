"""One audit on site: the form (autosaved), what's left to do, and the previous/next case."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.app.audits import AuditSummary, open_audit, refresh_audit_summary
from desktop_app.ui.form import FormScreen
from desktop_app.ui.services import AppServices


class AuditView(QWidget):
    """Shows one audit of a list; Alt+Left / Alt+Right move through the list."""

    back_requested = Signal()
    audit_changed = Signal(int)

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.audit_ids: list[int] = []
        self.audit_id: int | None = None
        self.form: FormScreen | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.back_button = QPushButton("← Back to visit")
        self.back_button.setShortcut(QKeySequence("Alt+Up"))
        self.back_button.setToolTip("Back to the visit page (Alt+Up)")
        self.back_button.clicked.connect(self.go_back)
        self.position = QLabel()
        self.position.setObjectName("CardTitle")
        self.left = QLabel()
        self.left.setObjectName("WhatsLeft")
        self.left.setWordWrap(True)
        self.previous_button = QPushButton("← Previous case")
        self.previous_button.setShortcut(QKeySequence("Alt+Left"))
        self.previous_button.setToolTip("Previous case (Alt+Left)")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QPushButton("Next case →")
        self.next_button.setShortcut(QKeySequence("Alt+Right"))
        self.next_button.setToolTip("Next case (Alt+Right)")
        self.next_button.clicked.connect(lambda: self.step(1))
        bar.addWidget(self.back_button)
        bar.addWidget(self.position)
        bar.addWidget(self.left, 1)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        layout.addLayout(bar)
        self.form_holder = QVBoxLayout()
        layout.addLayout(self.form_holder, 1)

    def open_audit(self, audit_id: int, audit_ids: list[int] | None = None) -> None:
        if audit_ids is not None:
            self.audit_ids = list(audit_ids)
        self.close_form()
        opened = open_audit(self.services.context, audit_id)
        summary, record_id, reference = opened.summary, opened.record_id, opened.case_reference
        self.audit_id = audit_id
        self.form = FormScreen(self.services, record_id, title=f"Audit of case {reference}")
        self.form.saved.connect(self._saved)
        self.form_holder.addWidget(self.form)
        index = self.audit_ids.index(audit_id) if audit_id in self.audit_ids else -1
        total = len(self.audit_ids)
        self.position.setText(f"Case {reference}" + (f" · {index + 1} of {total}" if total else ""))
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(0 <= index < total - 1)
        self._show_left(summary)

    def step(self, delta: int) -> None:
        if self.audit_id is None or self.audit_id not in self.audit_ids:
            return
        index = self.audit_ids.index(self.audit_id) + delta
        if 0 <= index < len(self.audit_ids):
            self.open_audit(self.audit_ids[index])

    def go_back(self) -> None:
        self.close_form()
        self.back_requested.emit()

    def close_form(self) -> None:
        if self.form is not None:
            self.form.flush()
            self.form_holder.removeWidget(self.form)
            self.form.hide()
            # Deleted after the form's own already-queued zero-delay work has run.
            QTimer.singleShot(0, self.form.deleteLater)
            self.form = None

    def _saved(self, _question_id: str) -> None:
        if self.audit_id is None:
            return
        summary = refresh_audit_summary(self.services.context, self.audit_id)
        self._show_left(summary)
        self.audit_changed.emit(self.audit_id)

    def _show_left(self, summary: AuditSummary) -> None:
        if summary.left:
            self.left.setText(f"{summary.progress:.0%} done · still to do: {summary.left_text}")
        else:
            self.left.setText("Every required answer is in: this audit is complete.")
