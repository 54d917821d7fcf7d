"""One section of the form: its title, guidance on demand, and its questions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui.form.question_row import QuestionRow
from desktop_app.ui.plain_label import plain
from forms import Question, Section


class SectionPage(QWidget):
    def __init__(
        self,
        section: Section,
        number: int,
        make_row: Callable[[Question], QuestionRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.section = section
        self.setObjectName("SectionPage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 12, 16)
        layout.setSpacing(10)
        header = QHBoxLayout()
        title = plain(QLabel(f"{number}. {section.title}"))
        title.setObjectName("SectionTitle")
        title.setWordWrap(True)
        header.addWidget(title, 1)
        self.guidance_button: QPushButton | None = None
        self.guidance = plain(QLabel(section.guidance))
        self.guidance.setObjectName("GuidanceText")
        self.guidance.setWordWrap(True)
        self.guidance.setVisible(False)
        if section.guidance:
            self.guidance_button = QPushButton("Guidance")
            self.guidance_button.setObjectName("GuidanceButton")
            self.guidance_button.setCheckable(True)
            self.guidance_button.setAccessibleName(f"Show guidance for {section.title}")
            self.guidance_button.toggled.connect(self.guidance.setVisible)
            header.addWidget(self.guidance_button)
        layout.addLayout(header)
        layout.addWidget(self.guidance)
        self.rows: dict[str, QuestionRow] = {}
        for question in section.questions:
            row = make_row(question)
            self.rows[question.id] = row
            layout.addWidget(row)
        layout.addStretch(1)

    def show_guidance(self, shown: bool) -> None:
        if self.guidance_button is not None:
            self.guidance_button.setChecked(shown)


def _short(title: str, limit: int = 30) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def add_section_navigation(
    page: SectionPage,
    previous_title: str | None,
    next_title: str | None,
    go_previous: Callable[[], None],
    go_next: Callable[[], None],
) -> None:
    """Buttons at the end of a section to the previous and next one (Ctrl+PgUp / Ctrl+PgDown)."""
    layout = page.layout()
    if not isinstance(layout, QVBoxLayout):
        return
    row = QHBoxLayout()
    if previous_title is not None:
        back = QPushButton(f"← {_short(previous_title)}")
        back.setAccessibleName(f"Previous section: {previous_title}")
        back.setToolTip(f"Previous section: {previous_title} (Ctrl+PgUp)")
        back.clicked.connect(go_previous)
        row.addWidget(back)
    row.addStretch(1)
    if next_title is not None:
        forward = QPushButton(f"Next: {_short(next_title)} →")
        forward.setProperty("primary", True)
        forward.setAccessibleName(f"Next section: {next_title}")
        forward.setToolTip(f"Next section: {next_title} (Ctrl+PgDown)")
        forward.clicked.connect(go_next)
        row.addWidget(forward)
    layout.insertLayout(layout.count() - 1, row)
