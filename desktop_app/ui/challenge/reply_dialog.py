"""Send our answers back to a peer: a signed ``challenge-reply`` bundle with each note's answer
and the improvement plan action that follows (the response dialog, collecting a reply)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from desktop_app.ui.challenge.response_dialog import SendResponseDialog
from desktop_app.ui.services import AppServices


class SendReplyDialog(SendResponseDialog):
    """Encrypt for the peer, check for personal data, sign and save the reply."""

    also_sent = ", with the plan actions that follow"

    def __init__(
        self, services: AppServices, bundle_id: int, organisation: str, parent: QWidget | None
    ) -> None:
        super().__init__(services, bundle_id, organisation, f"challenge to {organisation}", parent)
        self.setWindowTitle(f"Send your answers to {organisation} as a signed reply")
        self.path.setText(self.path.text().replace("Response to challenge to", "Reply to"))

    def collect(self) -> None:
        """Collect the reply in the background (called once the dialog is shown)."""
        from desktop_app.app.challenge_reply import prepare_reply
        from desktop_app.ui.background import run_operation

        context, bundle_id = self.services.context, self.bundle_id

        def work(_progress: Any) -> Any:
            return prepare_reply(context, bundle_id)

        self.task = run_operation(self, "Collecting the reply", work, self._ready, self._failed)
