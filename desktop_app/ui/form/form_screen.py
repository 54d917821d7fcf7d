"""FormScreen: a record's form on screen, saved to the home's database as the user works."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop_app.app.changes import Changed
from desktop_app.app.records import RecordAnswerStore
from desktop_app.ui.form.form_view import FormView
from desktop_app.ui.services import AppServices


class FormScreen(FormView):
    """Renders the record's own definition snapshot and autosaves each answer.

    `read_only` (or a read-only record, e.g. an imported bundle) shows the answers as text.
    """

    def __init__(
        self,
        services: AppServices,
        record_id: int,
        *,
        read_only: bool = False,
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        self.services = services
        self.record_id = record_id
        store = RecordAnswerStore(services.context, record_id)
        super().__init__(store, read_only=read_only, title=title, parent=parent)

    def _escalation_saved(self, escalated: bool) -> None:
        self.services.announce(Changed.VISITS)
