"""What the visit page's buttons do to the data: case list, sample, cases added or swapped.

Each action has a dialog-free twin (``*_from``/``*_with``) that tests and scripts can call.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from desktop_app.app import visits
from desktop_app.app.audits import AuditError
from desktop_app.app.visits import (
    ActionItem,
    CaseListError,
    SamplingError,
    VisitChanged,
    VisitError,
    VisitFindings,
    VisitFindingsCache,
    VisitHeader,
    visit_header,
)
from desktop_app.errors import UserError
from desktop_app.ui.services import AppServices
from desktop_app.ui.visit.visit_dialogs import CaseDialog, SampleDialog


class VisitPageLike(Protocol):
    """What the visit's buttons need of the page (so this module need not import the page)."""

    visit_id: int | None

    def refresh(self) -> None: ...

    def say(self, text: str) -> None: ...

    def isVisible(self) -> bool: ...


class VisitActions:
    def __init__(self, services: AppServices, page: VisitPageLike) -> None:
        self.services = services
        self.page = page
        assert isinstance(page, QWidget)
        self.widget: QWidget = page  # parent of the dialogs
        self.findings_cache = VisitFindingsCache()

    @property
    def visit_id(self) -> int:
        assert self.page.visit_id is not None
        return self.page.visit_id

    def header(self, visit_id: int) -> VisitHeader:
        return visit_header(self.services.context, visit_id)

    def findings(self, visit_id: int) -> tuple[VisitFindings, list[ActionItem]]:
        return visits.visit_findings(self.services.context, self.findings_cache, visit_id)

    # case list and sample ------------------------------------------------------------------
    def import_case_list(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.widget,
            "Import the case list",
            "",
            "Case lists and Annex A (*.csv *.xlsx *.xls *.ods *.tsv *.txt)",
        )
        if name:
            chosen, sheet = self.choose_sheet(Path(name))
            if chosen:
                self.import_case_list_from(Path(name), sheet)

    def choose_sheet(self, path: Path) -> tuple[bool, str | None]:
        """Ask which list (sheet) of a workbook to read; (False, None) when the user cancels."""
        from PySide6.QtWidgets import QInputDialog

        from desktop_app.app.case_lists import case_list_sheets

        try:
            options = case_list_sheets(path)
        except UserError as exc:
            self._warn(str(exc))
            return False, None
        if not options:
            return True, None
        labels = [option.label for option in options]
        label, ok = QInputDialog.getItem(
            self.widget, "Which list?", f"The list of {path.name} to audit from:", labels, 0, False
        )
        if not ok or label not in labels:
            return False, None
        return True, options[labels.index(label)].name

    def import_case_list_from(self, path: Path, sheet: str | None = None) -> str | None:
        """Import (``sheet``: the workbook's list); returns the error sentence (also shown) or
        None when it worked."""
        try:
            result = visits.import_case_list(self.services.context, self.visit_id, path, sheet)
        except (CaseListError, VisitError, UserError) as exc:
            self._warn(str(exc))
            return str(exc)
        self._changed(result)
        return None

    def draw_sample(self) -> None:
        header = self.header(self.visit_id)
        dialog = SampleDialog(header.case_list_columns, header.case_list_size, self.widget)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.draw_sample_with(
                dialog.sample_size.value(),
                dialog.seed.value(),
                dialog.stratify_by(),
                dialog.exclude.value(),
            )

    def draw_sample_with(
        self, size: int, seed: int, by: str | None = None, exclude_within_days: int = 365
    ) -> str | None:
        try:
            result = visits.draw_sample(
                self.services.context,
                self.visit_id,
                size,
                seed,
                by=by,
                exclude_within_days=exclude_within_days,
            )
        except (SamplingError, VisitError, UserError) as exc:
            self._warn(str(exc))
            return str(exc)
        self._changed(result)
        return None

    # cases by hand -------------------------------------------------------------------------
    def add_case(self) -> None:
        dialog = CaseDialog(None, self.widget)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_case_with(dialog.reference.text(), dialog.reason.text())

    def add_case_with(self, reference: str, reason: str) -> str | None:
        try:
            result = visits.add_case(self.services.context, self.visit_id, reference, reason)
        except (VisitError, UserError) as exc:  # UserError: a damaged stored case list
            self._warn(str(exc))
            return str(exc)
        self._changed(result)
        return None

    def swap_case(self, audit_id: int) -> None:
        reference = visits.case_reference(self.services.context, audit_id)
        dialog = CaseDialog(reference, self.widget)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.swap_case_with(audit_id, dialog.reference.text(), dialog.reason.text())

    def swap_case_with(self, audit_id: int, reference: str, reason: str) -> str | None:
        try:
            result = visits.swap_case(self.services.context, audit_id, reference, reason)
        except (VisitError, AuditError, UserError) as exc:
            self._warn(str(exc))
            return str(exc)
        self._changed(result)
        return None

    def _changed(self, result: VisitChanged) -> None:
        self.services.announce(result.changed)
        self.page.refresh()
        self.page.say(result.message)

    def _warn(self, message: str) -> None:
        if self.widget.isVisible():
            QMessageBox.warning(self.widget, "Critical Friend", message)
        self.page.say(message)
