"""Peer challenge: the inbox of signed bundles from the trio, and exporting our own.

Open a `.cfbundle` (or drop one on the screen): it is verified and imported off the UI thread,
then shown with a banner that says plainly whether it is trusted, from an unknown signer, or
altered. Bundles are always read-only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QPushButton, QStackedWidget, QWidget

from desktop_app.app import bundles
from desktop_app.app.changes import Changed
from desktop_app.errors import UserError
from desktop_app.ui.dates import shown_date
from desktop_app.ui.exchange.bundle_page import BundlePage
from desktop_app.ui.screens.base import ListScreen
from desktop_app.ui.services import AppServices
from desktop_app.ui.widgets import Column, EmptyState, primary_button

BUNDLE_SUFFIX = ".cfbundle"


def bundle_type_name(bundle_type: str) -> str:
    """A Bundle-Type as the screens spell it ("self-assessment" -> "Self-assessment", with its
    hyphen, as everywhere else; "visit-findings" -> "Visit findings")."""
    words = bundle_type.replace("self-assessment", "self\0assessment").replace("-", " ")
    return words.replace("\0", "-").capitalize()


def _bundle_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [
        Path(url.toLocalFile())
        for url in mime.urls()
        if url.isLocalFile() and url.toLocalFile().lower().endswith(BUNDLE_SUFFIX)
    ]


class PeerChallengeScreen(ListScreen):
    title = "Peer challenge"
    subtitle = (
        "Self-assessments and findings from the councils in your trio arrive as signed bundles. "
        "Open one (or drop it here): every file is checked before anything is shown. "
        "Review them read-only, and export your own."
    )
    refresh_on = Changed.BUNDLES | Changed.KEYS
    columns = (
        Column("organisation", "From"),
        Column("title", "Bundle"),
        Column("period", "Period"),
        Column("type", "Type", lambda value: bundle_type_name(str(value))),
        Column("trusted", "Signer", lambda value: "Trusted" if value else "Unknown signer"),
        Column("sequence", "No."),
        Column("imported_at", "Imported", shown_date),
        Column(
            "older_than_seen",
            "Note",
            lambda value: "Older than one already seen from them" if value else "",
        ),
    )

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.layout_.removeWidget(self.stack)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.stack)
        self.bundle_page = BundlePage(services)
        self.bundle_page.back_requested.connect(lambda: self.pages.setCurrentIndex(0))
        self.bundle_page.keep_requested.connect(self.keep_previewed)
        self.bundle_page.reopen_requested.connect(self.reopen_previewed)
        self.previewed: Path | None = None  # the unknown signer's file on show, not stored
        self.pages.addWidget(self.bundle_page)
        self.trio_page = QWidget()
        self.pages.addWidget(self.trio_page)
        self.trio_view: Any = None
        self.reply_page = QWidget()
        self.pages.addWidget(self.reply_page)
        self.reply_view: Any = None
        self.layout_.addWidget(self.pages, 1)
        self.pages.currentChanged.connect(self._show_screen_header)
        trio = QPushButton("Trio view")
        trio.setAccessibleName("Trio view")
        trio.clicked.connect(self.show_trio)
        self.add_header_button(trio)
        export = QPushButton("Export bundle…")
        export.setAccessibleName("Export bundle")
        export.clicked.connect(self.start_export)
        self.add_header_button(export)
        self.add_header_button(primary_button("Open bundle…", self.choose_bundle))
        self.setAcceptDrops(True)
        self.last_task: Any = None

    def empty_state(self) -> EmptyState:
        return EmptyState(
            "No bundles from your trio yet",
            "When a peer council sends you its signed bundle (a .cfbundle file), open it here or "
            "drop it on this window. Critical Friend checks the signature and every file before "
            "showing you anything.",
            [primary_button("Open bundle…", self.choose_bundle)],
        )

    def load_rows(self) -> list[dict[str, Any]]:
        return bundles.list_bundles(self.services.context)

    def refresh(self) -> None:
        super().refresh()
        page = getattr(self, "bundle_page", None)
        if page is not None and page.bundle and self.pages.currentIndex() == 1:
            page.show_bundle(int(page.bundle["id"]))
        if getattr(self, "trio_view", None) is not None and self.pages.currentIndex() == 2:
            self.trio_view.refresh()

    def _show_screen_header(self, page: int) -> None:
        """An open bundle or the trio view uses the whole height; the list shows the title."""
        for index in range(self.header_row.count()):
            item = self.header_row.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setVisible(page == 0)

    def _fill_page(self, page: QWidget, view: QWidget) -> None:
        """A page of its own for ``view``, under a "Back to bundles" button."""
        from PySide6.QtWidgets import QVBoxLayout

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        back = QPushButton("← Back to bundles")
        back.setAccessibleName("Back to bundles")
        back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        layout.addWidget(back, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(view, 1)

    # the trio view ---------------------------------------------------------------------------
    def show_trio(self) -> None:
        """The councils' self-assessments side by side (built when first asked for)."""

        from desktop_app.ui.challenge.trio_view import TrioView

        if self.trio_view is None:
            self.trio_view = TrioView(self.services)
            self._fill_page(self.trio_page, self.trio_view)
        self.trio_view.refresh()
        self.pages.setCurrentIndex(2)

    # opening -------------------------------------------------------------------------------
    def open_row(self, row: dict[str, Any]) -> None:
        if row.get("type") == bundles.BundleType.CHALLENGE_REPLY:
            self.show_reply(int(row["id"]), str(row.get("title") or "Reply to our challenge"))
            return
        self.show_bundle(int(row["id"]))

    def show_reply(self, bundle_id: int, title: str) -> None:
        """A peer's reply to our challenge: each of our notes, accepted or declined, and why."""

        from desktop_app.ui.challenge.reply_view import ReplyView

        if self.reply_view is None:
            self.reply_view = ReplyView(self.services)
            self._fill_page(self.reply_page, self.reply_view)
        self.reply_view.show_reply(bundle_id, title)
        self.pages.setCurrentIndex(self.pages.indexOf(self.reply_page))

    def show_bundle(self, bundle_id: int) -> None:
        self.bundle_page.show_bundle(bundle_id)
        self.pages.setCurrentIndex(1)

    def choose_bundle(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Open a bundle", "", f"Critical Friend bundles (*{BUNDLE_SUFFIX});;All files (*)"
        )
        if path:
            self.open_file(Path(path))

    def keep_previewed(self) -> None:
        """ "Keep it anyway": store the unknown signer's bundle on show, read-only and untrusted
        (the command line's ``import --keep-untrusted``), then show it stored."""
        if self.previewed is not None:
            self.open_file(self.previewed, keep_untrusted=True)

    def reopen_previewed(self) -> None:
        """The previewed bundle's key was just trusted: check it again and store it, trusted."""
        if self.previewed is not None:
            self.open_file(self.previewed)

    def open_file(self, path: Path, *, keep_untrusted: bool = False) -> None:
        """Verify `path` in the background, then show it (or why it was refused). A trusted
        signer's bundle is stored read-only; an unknown signer's is only shown, nothing stored,
        unless `keep_untrusted` (the user chose "Keep it anyway")."""
        from desktop_app.ui.background import run_operation
        from desktop_app.ui.exchange.identity_dialogs import identity_loader

        age_secret = None
        try:
            encrypted = bundles.is_encrypted(path)
        except OSError as error:
            self._show_failure(
                path, f"the file cannot be read ({error.strerror})", "", "unreadable"
            )
            return
        if encrypted:
            loader = identity_loader(self, self.services.home)
            if loader is None:
                self._show_failure(
                    path,
                    "it is encrypted, and your signing identity (which opens it) is not available",
                    "",
                    "encrypted",
                )
                return
            age_secret = lambda: loader().age_identity  # noqa: E731 - runs on the worker
        context = self.services.context

        def work(progress: Any) -> Any:
            return bundles.open_bundle(
                context,
                path,
                age_secret=age_secret,
                progress=progress.report,
                keep_untrusted=keep_untrusted,
                preview_unknown=True,
            )

        def done(result: Any) -> None:
            if hasattr(result, "signer_line"):  # an unknown signer's bundle: shown, not stored
                self.previewed = path
                self.bundle_page.show_preview(result)
                self.pages.setCurrentIndex(1)
                return
            self.previewed = None
            if not hasattr(result, "bundle_id"):  # an assignment or a return: show the visit
                self.last_team_import = result
                show_screen = getattr(self.window(), "show_screen_by_key", None)
                if show_screen is not None:
                    show_screen("visits").open_visit(int(result.visit_id))
                return
            self.show_bundle(int(result.bundle_id))
            if result.already_imported:
                self.bundle_page.warning.setText(
                    "This bundle was already imported; nothing was changed."
                )
                self.bundle_page.warning.setVisible(True)

        def failed(error: BaseException) -> None:
            if isinstance(error, UserError):  # a team bundle refused, in one sentence
                self._show_failure(path, error.message, "", "team")
                return
            failure = bundles.import_failure(error)
            self.services.announce(failure.changed)
            self._show_failure(path, failure.message, failure.inside, failure.check)

        self.last_task = run_operation(
            self, "Checking the bundle", work, done, failed, announces=Changed.BUNDLES
        )

    def _show_failure(self, path: Path, message: str, inside: str, check: str) -> None:
        self.previewed = None
        self.bundle_page.show_failure(path.name, message, inside, check)
        self.pages.setCurrentIndex(1)

    # drag and drop ---------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _bundle_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _bundle_paths(event)
        if paths:
            event.acceptProposedAction()
            self.open_file(paths[0])

    # exporting -----------------------------------------------------------------------------
    def start_export(self) -> None:
        from desktop_app.ui.exchange.export_wizard import ExportWizard

        wizard = ExportWizard(self.services, self)
        wizard.exec()
