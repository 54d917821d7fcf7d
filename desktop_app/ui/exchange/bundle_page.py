"""One imported bundle, read-only: the verification banner, what it holds, and each record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.bundles import BundleType, imported_bundle, signer_card_text
from desktop_app.ui.challenge.actions import ChallengeActions
from desktop_app.ui.exchange.banner import ALTERED, TRUSTED, UNKNOWN, BundleBanner
from desktop_app.ui.plain_label import plain
from desktop_app.ui.services import AppServices
from desktop_app.ui.widgets import Column, RowsTableModel, primary_button, read_only_table
from forms.answer_words import people_date

if TYPE_CHECKING:
    from desktop_app.app.bundles import BundlePreview

RESPONSE = BundleType.RESPONSE

CONTENT_COLUMNS = (
    Column("kind", "What"),
    Column("title", "Title"),
    Column("status", "Status"),
    Column("notes", "Notes"),
)

OPEN_HINT = (
    "Double-click a record (or select it and press Enter) to read it; the "
    "self-assessment opens with the challenge panel beside it."
)


def _signer_parts(comment: str, organisation: str) -> tuple[str, str]:
    name, _sep, org = comment.partition(",")
    return name.strip() or comment, org.strip() or organisation


def content_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per record the bundle carries (self-assessments first, then audits by visit)."""
    rows: list[dict[str, Any]] = []
    for entry in document.get("assessments", []):
        frozen = entry.get("frozen")
        rows.append(
            {
                "kind": "Self-assessment",
                "title": entry.get("title", ""),
                "status": "Frozen for challenge" if frozen else "Draft as it stood",
                "notes": entry.get("period", ""),
                "record_id": entry.get("local_record_id"),
            }
        )
    for visit in document.get("visits", []):
        for audit in visit.get("audits", []):
            rows.append(
                {
                    "kind": "Case audit",
                    "title": audit.get("title", ""),
                    "status": str(audit.get("status", "")).replace("_", " ").capitalize(),
                    "notes": ("ESCALATED · " if audit.get("escalated") else "")
                    + str(visit.get("title", "")),
                    "record_id": audit.get("local_record_id"),
                }
            )
    return rows


def visit_summaries(document: dict[str, Any]) -> list[str]:
    lines = []
    for visit in document.get("visits", []):
        findings = visit.get("findings", {})
        good = findings.get("good_or_better_percent")
        lines.append(
            f"{visit.get('title', 'Visit')}: {findings.get('audits', 0)} cases audited"
            + (f", {good}% good or better" if good is not None else "")
            + (f", {findings['escalated']} escalated" if findings.get("escalated") else "")
        )
    return lines


class BundlePage(QWidget):
    """Shows one bundle (or why a file was refused); `back_requested` returns to the list."""

    back_requested = Signal()
    # The unknown signer's bundle on show was only verified: keep it anyway (untrusted), or open
    # it again now that its key is trusted (then it is stored as trusted).
    keep_requested = Signal()
    reopen_requested = Signal()

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bundle: dict[str, Any] = {}
        self.preview: BundlePreview | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.back_button = QPushButton("← Back to bundles")
        self.back_button.setAccessibleName("Back to bundles")
        self.back_button.clicked.connect(self._back)
        self.heading = plain(QLabel())
        self.heading.setObjectName("BundleTitle")
        self.heading.setWordWrap(True)
        top.addWidget(self.back_button)
        top.addWidget(self.heading, 1)
        self.challenge_actions = ChallengeActions(self, services)
        self.review_button = primary_button("Review and challenge", self.review)
        self.report_button = QPushButton("Challenge report…")
        self.report_button.setAccessibleName("Challenge report")
        self.report_button.clicked.connect(lambda: self.write_challenge_report())
        self.respond_button = QPushButton("Send response…")
        self.respond_button.setAccessibleName("Send response")
        self.respond_button.clicked.connect(self.send_response)
        for button in (self.review_button, self.report_button, self.respond_button):
            button.setVisible(False)
            top.addWidget(button)
        layout.addLayout(top)
        self.banner = BundleBanner()
        self.banner.trust_requested.connect(self.trust_signer)
        self.banner.keep_requested.connect(self.keep_requested)
        layout.addWidget(self.banner)
        self.warning = plain(QLabel())
        self.warning.setObjectName("BundleWarning")
        self.warning.setWordWrap(True)
        layout.addWidget(self.warning)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        overview = QWidget()
        overview_layout = QVBoxLayout(overview)
        overview_layout.setContentsMargins(0, 6, 0, 0)
        self.facts = plain(QLabel())
        self.facts.setObjectName("BundleFacts")
        self.facts.setWordWrap(True)
        overview_layout.addWidget(self.facts)
        self.hint = QLabel(OPEN_HINT)
        self.hint.setObjectName("CardHint")
        overview_layout.addWidget(self.hint)
        self.model = RowsTableModel(CONTENT_COLUMNS, self)
        self.table = read_only_table(self.model, "What the bundle holds")
        self.table.activated.connect(self._open_index)
        overview_layout.addWidget(self.table, 1)
        self.pages.addWidget(overview)
        self.record_holder = QWidget()
        self.record_layout = QVBoxLayout(self.record_holder)
        self.record_layout.setContentsMargins(0, 0, 0, 0)
        self.pages.addWidget(self.record_holder)
        self.pages.currentChanged.connect(self._page_changed)

    # what is shown --------------------------------------------------------------------------
    def show_bundle(self, bundle_id: int) -> None:
        row = imported_bundle(self.services.context, bundle_id)
        if row is None:
            self.show_failure("", f"Bundle {bundle_id} is no longer stored.", "", "")
            return
        self.bundle = row
        self.preview = None
        document = json.loads(self.bundle["document"])
        name, org = _signer_parts(self.bundle["signer_comment"], self.bundle["source_organisation"])
        fingerprint = self.bundle["signer_fingerprint"]
        response = self.bundle["bundle_type"] == RESPONSE
        original = document.get("in_response_to") or {}
        self.heading.setText(
            f"Response to {original.get('title') or 'your bundle'}"
            if response
            else self.bundle["title"]
        )
        if self.bundle["trusted"]:
            self.banner.show_state(
                TRUSTED,
                f"Signed by {name}, {self.bundle['source_organisation']} · {fingerprint} · trusted",
                "The signature and every file check out, and you trust this key.",
            )
        else:
            self.banner.show_state(
                UNKNOWN,
                f"Valid, but signed by an unknown key that claims to be: {name}, {org}",
                f"Fingerprint {fingerprint}. Every file matches its signature, but you have not "
                f"trusted this key, so who sent it is only a claim. Compare the fingerprint with "
                f"{org} before relying on it.",
            )
        self.warning.setText(
            "This bundle is older than one already imported from this council; "
            "look at the newer one first."
            if self.bundle["flagged_older"]
            else ""
        )
        self.warning.setVisible(bool(self.bundle["flagged_older"]))
        privacy = document.get("privacy", {})
        facts = [
            f"From {self.bundle['source_organisation']}",
            f"created {people_date(str(self.bundle['created']))}",
            f"bundle number {self.bundle['sequence']}",
            f"case notes {privacy.get('case_notes', 'unknown')}",
        ]
        self.facts.setText(
            " · ".join(facts) + "".join(f"\n{line}" for line in visit_summaries(document))
        )
        self.model.set_rows(content_rows(document))
        self.table.resizeColumnsToContents()
        self.table.setVisible(True)
        self.hint.setText(OPEN_HINT)
        self.hint.setVisible(True)
        self.pages.setCurrentIndex(0)
        self._show_actions(response)
        if response:
            self.show_received()

    def _show_actions(self, response: bool) -> None:
        reviewable = not response and self._assessment_row() is not None
        self.review_button.setVisible(reviewable and self.pages.currentIndex() == 0)
        self.report_button.setVisible(response or reviewable)
        self.respond_button.setVisible(reviewable)

    def _assessment_row(self) -> dict[str, Any] | None:
        rows = (self.model.row_at(i) for i in range(self.model.rowCount()))
        return next((row for row in rows if row.get("kind") == "Self-assessment"), None)

    def show_preview(self, preview: BundlePreview) -> None:
        """An unknown signer's bundle, verified but not stored: what it holds, an amber banner
        saying the key is not in the trust store, "Trust this key…" and "Keep it anyway"."""
        self.bundle = {}
        self.preview = preview
        name, org = _signer_parts(preview.signer_comment, preview.claimed_organisation)
        self.heading.setText(preview.title)
        self.banner.show_state(
            UNKNOWN,
            f"Not in your trust store: signed by an unknown key that claims to be: {name}, {org}",
            f"Fingerprint {preview.fingerprint}. The signature and all {preview.files} files "
            "check out, but nothing of this bundle has been stored. Compare the fingerprint with "
            f"{org or 'the sender'} and trust their key, or keep the bundle anyway as from an "
            "unknown signer.",
            keep=True,
        )
        self.warning.setVisible(False)
        for button in (self.review_button, self.report_button, self.respond_button):
            button.setVisible(False)
        privacy = preview.document.get("privacy", {})
        facts = [
            f"From {preview.organisation}",
            f"created {people_date(preview.created)}",
            f"bundle number {preview.sequence}",
            f"case notes {privacy.get('case_notes', 'unknown')}",
        ]
        self.facts.setText(
            " · ".join(facts) + "".join(f"\n{line}" for line in visit_summaries(preview.document))
        )
        rows = [{**row, "record_id": None} for row in content_rows(preview.document)]
        self.model.set_rows(rows)  # not stored: its records cannot be opened yet
        self.table.resizeColumnsToContents()
        self.table.setVisible(True)
        self.hint.setText(
            "Not stored yet: trust the key or keep the bundle anyway to read its records."
        )
        self.hint.setVisible(True)
        self.pages.setCurrentIndex(0)

    def show_failure(self, file_name: str, message: str, path_in_bundle: str, check: str) -> None:
        self.bundle = {}
        self.preview = None
        self.heading.setText(file_name or "Bundle")
        where = f"Which file: {path_in_bundle}. " if path_in_bundle else ""
        which = f"Check that failed: {check}. " if check else ""
        self.banner.show_state(
            ALTERED,
            f"Altered or not acceptable: {message}",
            f"{where}{which}Nothing from this file was stored. Ask the sender for a fresh copy.",
        )
        self.warning.setVisible(False)
        for button in (self.review_button, self.report_button, self.respond_button):
            button.setVisible(False)
        self.facts.setText("")
        self.model.set_rows([])
        self.table.setVisible(False)
        self.hint.setVisible(False)
        self.pages.setCurrentIndex(0)

    # actions -------------------------------------------------------------------------------
    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_record(self.model.row_at(index.row()))

    def _clear_record_page(self) -> None:
        layout = self.record_layout
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def open_record(self, row: dict[str, Any]) -> None:
        from desktop_app.ui.challenge.review import ChallengeReview
        from desktop_app.ui.form.form_screen import FormScreen

        record_id = row.get("record_id")
        if not isinstance(record_id, int):
            return
        self._clear_record_page()
        title = str(row["title"])
        if row.get("kind") == "Self-assessment" and self.bundle.get("bundle_type") != RESPONSE:
            document = json.loads(self.bundle["document"])
            self.record_layout.addWidget(
                ChallengeReview(self.services, int(self.bundle["id"]), document, record_id, title)
            )
        else:
            self.record_layout.addWidget(
                FormScreen(self.services, record_id, read_only=True, title=title)
            )
        self.pages.setCurrentIndex(1)
        self.review_button.setVisible(False)

    def review(self) -> None:
        """Open the bundle's self-assessment with the challenge panel beside it."""
        row = self._assessment_row()
        if row is not None:
            self.open_record(row)

    def show_received(self) -> None:
        """A response bundle opens straight into its notes, to answer them."""
        from desktop_app.ui.challenge.received_view import ReceivedChallengeView

        self._clear_record_page()
        view = ReceivedChallengeView(self.services)
        self.record_layout.addWidget(view)
        view.show_bundles([int(self.bundle["id"])])
        self.pages.setCurrentIndex(1)

    def write_challenge_report(self, out: Path | None = None) -> None:
        if self.bundle:
            self.challenge_actions.write_report(
                int(self.bundle["id"]), str(self.bundle["title"]), out
            )

    def send_response(self) -> Any:
        if not self.bundle:
            return None
        return self.challenge_actions.send_response(
            int(self.bundle["id"]),
            str(self.bundle["source_organisation"]),
            str(self.bundle["title"]),
        )

    def _page_changed(self, index: int) -> None:
        to_bundle = index == 1 and self.bundle.get("bundle_type") != RESPONSE
        self.back_button.setText("← Back to the bundle" if to_bundle else "← Back to bundles")
        self.back_button.setAccessibleName(self.back_button.text()[2:])

    def _back(self) -> None:
        if self.pages.currentIndex() == 1 and self.bundle.get("bundle_type") != RESPONSE:
            self.pages.setCurrentIndex(0)
            self._show_actions(response=False)
            return
        self.back_requested.emit()

    def trust_signer(self) -> None:
        from desktop_app.app.keys import KeyCardError, parse_key_card
        from desktop_app.ui.exchange.trust_flow import ask_yes_no, trust_card

        if self.preview is not None:
            line: str | None = self.preview.signer_line
        elif self.bundle:
            line = signer_card_text(self.services.context, int(self.bundle["id"]))
        else:
            return
        try:
            card = parse_key_card(line or "")
        except KeyCardError:
            QMessageBox.warning(
                self,
                "Key not available",
                "The stored copy of this bundle is missing or changed, so its key cannot be "
                "trusted from here; trust the sender's key card in Keys & settings instead.",
            )
            return

        def tell(title: str, text: str) -> None:
            QMessageBox.information(self, title, text)

        if not trust_card(self.services, card, ask_yes_no(self), tell):
            return
        if self.preview is not None:
            self.reopen_requested.emit()  # now trusted: verified again and stored as trusted
        else:
            self.show_bundle(int(self.bundle["id"]))
