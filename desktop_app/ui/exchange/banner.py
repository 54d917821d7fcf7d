"""The verification banner: green (trusted signer), amber (valid, unknown signer), red (altered)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui.plain_label import plain

TRUSTED = "trusted"
UNKNOWN = "unknown"
ALTERED = "altered"
STATES = (TRUSTED, UNKNOWN, ALTERED)
_MARKS = {TRUSTED: "✔", UNKNOWN: "!", ALTERED: "✖"}


class BundleBanner(QFrame):
    """One clear sentence about a bundle's signature, with the fingerprint and what to do."""

    trust_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BundleBanner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        self.mark = plain(QLabel())
        self.mark.setObjectName("BundleBannerMark")
        self.mark.setAlignment(Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        self.headline = plain(QLabel())
        self.headline.setObjectName("BundleBannerTitle")
        self.headline.setWordWrap(True)
        self.detail = plain(QLabel())
        self.detail.setObjectName("BundleBannerDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.addWidget(self.headline)
        text.addWidget(self.detail)
        self.trust_button = QPushButton("Trust this key…")
        self.trust_button.setAccessibleName("Trust this key")
        self.trust_button.clicked.connect(self.trust_requested)
        layout.addWidget(self.mark)
        layout.addLayout(text, 1)
        layout.addWidget(self.trust_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.state = ""

    def show_state(self, state: str, headline: str, detail: str) -> None:
        if state not in STATES:
            raise ValueError(f"unknown banner state {state!r}")
        self.state = state
        self.setProperty("state", state)
        self.mark.setText(_MARKS[state])
        self.headline.setText(headline)
        self.detail.setText(detail)
        self.trust_button.setVisible(state == UNKNOWN)
        self.setAccessibleName(f"{headline}. {detail}")
        self.style().unpolish(self)
        self.style().polish(self)
        for child in (self.mark, self.headline, self.detail):
            child.style().unpolish(child)
            child.style().polish(child)
