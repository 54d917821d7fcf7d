"""The challenge's two actions on a bundle: write the challenge feedback PDF, send a response."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop_app.ui.services import AppServices


class ChallengeActions:
    """Runs the actions for `parent` (a page), keeping the background task and dialog alive."""

    def __init__(self, parent: QWidget, services: AppServices) -> None:
        self.parent = parent
        self.services = services
        self.task: Any = None
        self.dialog: Any = None
        self.offer: QMessageBox | None = None
        self.last_report: Path | None = None

    def write_report(self, bundle_id: int, title: str, out: Path | None = None) -> None:
        """The challenge feedback PDF, written in the background; then offered to open."""
        from desktop_app.ui.background import run_operation

        if out is None:
            folder = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            )
            chosen, _ = QFileDialog.getSaveFileName(
                self.parent,
                "Save the challenge report",
                os.path.join(folder, f"Challenge on {title}.pdf"),
                "PDF (*.pdf)",
            )
            if not chosen:
                return
            out = Path(chosen)
        context, target = self.services.context, out

        def work(progress: Any) -> Path:
            from desktop_app.app.reports import ReportKind, write_report

            return write_report(context, ReportKind.BUNDLE, bundle_id, target, progress).path

        self.task = run_operation(
            self.parent, "Writing the challenge report", work, self._report_done, self._failed
        )

    def _report_done(self, path: Path) -> None:
        self.last_report = path
        offer = QMessageBox(
            QMessageBox.Icon.Information,
            "Challenge report written",
            f"The challenge report was saved to {path}.\n\nOpen it now?",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            self.parent,
        )
        offer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        offer.accepted.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
        offer.open()
        self.offer = offer

    def _failed(self, error: BaseException) -> None:
        QMessageBox.warning(
            self.parent, "Report not written", f"The report could not be written: {error}"
        )

    def send_response(self, bundle_id: int, organisation: str, title: str) -> Any:
        """Open the send-response dialog (non-modal) and start collecting the response."""
        from desktop_app.ui.challenge.response_dialog import SendResponseDialog

        dialog = SendResponseDialog(self.services, bundle_id, organisation, title, self.parent)
        dialog.open()
        dialog.collect()
        self.dialog = dialog
        return dialog
