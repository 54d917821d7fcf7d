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
    keep_requested = Signal()  # "Keep it anyway": store an unknown signer's bundle, untrusted

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
        self.keep_button = QPushButton("Keep it anyway")
        self.keep_button.setAccessibleName("Keep it anyway")
        self.keep_button.setToolTip(
            "Store this bundle read-only, shown as from an unknown signer until you trust the key."
        )
        self.keep_button.clicked.connect(self.keep_requested)
        layout.addWidget(self.mark)
        layout.addLayout(text, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.trust_button)
        buttons.addWidget(self.keep_button)
        layout.addLayout(buttons)
        self.state = ""

    def show_state(self, state: str, headline: str, detail: str, *, keep: bool = False) -> None:
        """Show `state` (TRUSTED, UNKNOWN or ALTERED) with its sentences, as plain text; an
        unknown signer gets "Trust this key…", and "Keep it anyway" too when `keep` (the bundle
        was only verified, nothing stored). Raises ValueError for another state."""
        if state not in STATES:
            raise ValueError(f"unknown banner state {state!r}")
        self.state = state
        self.setProperty("state", state)
        self.mark.setText(_MARKS[state])
        self.headline.setText(headline)
        self.detail.setText(detail)
        self.trust_button.setVisible(state == UNKNOWN)
        self.keep_button.setVisible(state == UNKNOWN and keep)
        self.setAccessibleName(f"{headline}. {detail}")
        self.style().unpolish(self)
        self.style().polish(self)
        for child in (self.mark, self.headline, self.detail):
            child.style().unpolish(child)
            child.style().polish(child)
