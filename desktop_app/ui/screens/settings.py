"""Keys & settings: where the data lives, the home council and its people."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.changes import Changed
from desktop_app.app.settings import home_council_name, home_people, schema_revision
from desktop_app.ui.exchange.keys_cards import ExportLogCard, IdentityCard, TrustedKeysCard
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.services import AppServices
from desktop_app.ui.widgets import Card


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SettingsScreen(Screen):
    title = "Keys & settings"
    subtitle = (
        "Where this laptop keeps its data, your council and its people, and your signing keys."
    )
    refresh_on = Changed.KEYS | Changed.SETTINGS

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.content = QWidget()
        self.content.setObjectName("ScrollContent")
        self.cards = QVBoxLayout(self.content)
        self.cards.setContentsMargins(0, 0, 8, 0)
        scroll.setWidget(self.content)
        self.layout_.addWidget(scroll, 1)
        self.refresh()

    def refresh(self) -> None:
        while self.cards.count():
            item = self.cards.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.cards.addWidget(self._data_card())
        self.cards.addWidget(self._council_card())
        self.cards.addWidget(IdentityCard(self.services))
        self.cards.addWidget(TrustedKeysCard(self.services))
        self.cards.addWidget(ExportLogCard(self.services))
        self.cards.addStretch(1)

    def _data_card(self) -> Card:
        home = self.services.home
        card = Card("This laptop's data")
        form = QFormLayout()
        form.addRow("Data folder:", _selectable(str(home.root)))
        form.addRow("Database:", _selectable(str(home.database)))
        form.addRow("Schema revision:", QLabel(schema_revision(self.services.context) or "new"))
        backups = sorted(home.backups.glob("*.db")) if home.backups.exists() else []
        form.addRow("Backups:", QLabel(f"{len(backups)} in {home.backups}"))
        card.body.addLayout(form)
        open_folder = QPushButton("Open data folder")
        open_folder.setAccessibleName("Open data folder")
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(home.root)))
        )
        row = QHBoxLayout()
        row.addWidget(open_folder)
        row.addStretch(1)
        card.body.addLayout(row)
        return card

    def _council_card(self) -> Card:
        council = home_council_name(self.services.context)
        card = Card("Your council")
        if council is None:
            card.body.addWidget(QLabel("No home council is set yet."))
            return card
        card.body.addWidget(QLabel(council))
        form = QFormLayout()
        for name, role in home_people(self.services.context):
            form.addRow(f"{name}:", QLabel(role))
        card.body.addLayout(form)
        return card
