"""The moderator's view of one audit: for each grade, agree or change it, with a rationale."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.audits import (
    GradeLine,
    ModerationDecision,
    ModerationError,
    audit_grade_lines,
    moderate_audit,
)
from desktop_app.ui.services import AppServices

NOT_GRADED = "Not graded"


class GradeModerationRow:
    """The widgets for one grade."""

    def __init__(self, line: GradeLine) -> None:
        self.line = line
        self.choice = QComboBox()
        self.choice.setAccessibleName(f"Moderator's grade for {line.section_title}")
        values = line.scale.values if line.scale is not None else []
        for value in values:
            self.choice.addItem(value.label, value.id)
        self.choice.addItem(NOT_GRADED, None)
        current = line.moderator_value if line.moderated else line.auditor_value
        index = self.choice.findData(current) if current is not None else self.choice.count() - 1
        self.choice.setCurrentIndex(max(index, 0))
        self.rationale = QLineEdit(line.rationale)
        self.rationale.setPlaceholderText("Why (required when the grade is changed)")
        self.rationale.setAccessibleName(f"Rationale for {line.section_title}")
        self.choice.currentIndexChanged.connect(self._changed)
        self._changed()

    def moderator_value(self) -> str | None:
        value = self.choice.currentData()
        return None if value is None else str(value)

    def changed(self) -> bool:
        return self.moderator_value() != self.line.auditor_value

    def _changed(self) -> None:
        self.rationale.setProperty("required", self.changed())
        self.rationale.style().polish(self.rationale)


class ModerationDialog(QDialog):
    def __init__(self, services: AppServices, audit_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.audit_id = audit_id
        reference, lines = audit_grade_lines(services.context, audit_id)
        self.setWindowTitle(f"Moderate the audit of case {reference}")
        self.setMinimumWidth(860)
        grid = QGridLayout()
        for column, title in enumerate(
            ("Area", "Auditor's grade", "Moderator's grade", "Rationale")
        ):
            heading = QLabel(title)
            heading.setObjectName("CardTitle")
            grid.addWidget(heading, 0, column)
        self.rows: list[GradeModerationRow] = []
        for index, line in enumerate(lines, start=1):
            row = GradeModerationRow(line)
            self.rows.append(row)
            area = QLabel(line.section_title)
            area.setWordWrap(True)
            grid.addWidget(area, index, 0)
            grid.addWidget(QLabel(line.label_of(line.auditor_value)), index, 1)
            grid.addWidget(row.choice, index, 2)
            grid.addWidget(row.rationale, index, 3)
        grid.setColumnStretch(3, 1)
        holder = QWidget()
        holder.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        intro = QLabel(
            "Agree with each grade or change it. A changed grade needs a rationale; the auditor's "
            "grade is kept beside yours, and yours is the one counted in the findings."
        )
        intro.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("DialogError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Save moderation")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(900, 560)

    def save(self) -> bool:
        missing = [row for row in self.rows if row.changed() and not row.rationale.text().strip()]
        if missing:
            self._show_error(
                "Say why you changed the grade for "
                + ", ".join(f"'{row.line.section_title}'" for row in missing)
                + "."
            )
            missing[0].rationale.setFocus()
            return False
        decisions = [
            ModerationDecision(row.line.question_id, row.moderator_value(), row.rationale.text())
            for row in self.rows
        ]
        try:
            changed = moderate_audit(
                self.services.context, self.audit_id, decisions, self.services.current_user()
            )
        except ModerationError as exc:
            self._show_error(str(exc))
            return False
        self.services.announce(changed)
        self.accept()
        return True

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)
