"""A peer's self-assessment under review: the read-only form, section by section, with the
challenge panel beside it; the data profile and audit findings the bundle carries in a tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.challenge.bundle_data import BundleDataView
from desktop_app.ui.challenge.challenge_panel import ChallengePanel
from desktop_app.ui.services import AppServices


class ChallengeReview(QWidget):
    def __init__(
        self,
        services: AppServices,
        bundle_id: int,
        document: dict[str, Any],
        record_id: int,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        from desktop_app.ui.form.form_screen import FormScreen

        super().__init__(parent)
        self.setObjectName("ChallengeReview")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("ChallengeTabs")
        layout.addWidget(self.tabs)
        self.form = FormScreen(services, record_id, read_only=True, title=title)
        self.panel = ChallengePanel(services, bundle_id)
        self.panel.setMinimumWidth(340)
        self.form.section_list.setFixedWidth(200)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.form)
        # On a short screen (1366x768) the panel scrolls rather than squeezing its editor.
        panel_scroll = QScrollArea()
        panel_scroll.setObjectName("ChallengePanelScroll")
        panel_scroll.setWidgetResizable(True)
        panel_scroll.setFrameShape(QFrame.Shape.NoFrame)
        panel_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        panel_scroll.setMinimumWidth(340)
        panel_scroll.setWidget(self.panel)
        splitter.addWidget(panel_scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([680, 340])
        self.tabs.addTab(splitter, "Self-assessment and challenge")
        self.data = BundleDataView(document)
        self.tabs.addTab(self.data, "Data profile and findings")
        self.form.section_list.currentRowChanged.connect(self._section_changed)
        self._section_changed(self.form.current_section())

    def _section_changed(self, index: int) -> None:
        sections = self.form.definition.sections
        if 0 <= index < len(sections):
            self.panel.set_section(sections[index].id, sections[index].title)

    def go_to_section(self, section_id: str) -> None:
        ids = [section.id for section in self.form.definition.sections]
        if section_id in ids:
            self.form.go_to_section(ids.index(section_id))
            self._section_changed(ids.index(section_id))
