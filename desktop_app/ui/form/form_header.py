"""The top of a form: title, description, progress, the saved indicator and the escalation banner."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from desktop_app.ui.plain_label import plain

ESCALATION_TEXT = "Child at risk now — escalated: tell the team manager today"


def _restyle(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FormHeader(QWidget):
    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FormHeader")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 8)
        outer.setSpacing(8)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        self.title = plain(QLabel(title))
        self.title.setObjectName("FormTitle")
        self.title.setWordWrap(True)
        self.description = plain(QLabel(description))
        self.description.setObjectName("FormDescription")
        self.description.setWordWrap(True)
        self.description.setVisible(bool(description))
        self.indicator = QLabel()
        self.indicator.setObjectName("SavedIndicator")
        self.indicator.setAccessibleName("Save status")
        self.progress = QProgressBar()
        self.progress.setObjectName("FormProgress")
        self.progress.setRange(0, 100)
        self.progress.setFixedWidth(220)
        self.progress.setFormat("%p% answered")
        self.progress.setAccessibleName("Share of the required questions answered")
        grid.addWidget(self.title, 0, 0)
        grid.addWidget(self.indicator, 0, 1)
        grid.addWidget(self.description, 1, 0)
        grid.addWidget(self.progress, 1, 1)
        grid.setColumnStretch(0, 1)
        outer.addLayout(grid)
        self.banner = QLabel(ESCALATION_TEXT)
        self.banner.setObjectName("EscalationBanner")
        self.banner.setAccessibleName(ESCALATION_TEXT)
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        outer.addWidget(self.banner)

    def show_state(self, state: str, text: str) -> None:
        """state: saved, saving, error or info."""
        self.indicator.setText(text)
        if self.indicator.property("state") != state:
            self.indicator.setProperty("state", state)
            _restyle(self.indicator)

    def show_saved(self, moment: datetime) -> None:
        self.show_state("saved", f"Saved {moment.strftime('%H:%M:%S')}")

    def show_progress(self, fraction: float) -> None:
        self.progress.setValue(round(fraction * 100))
