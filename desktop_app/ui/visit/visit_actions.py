"""What the visit page's buttons do to the data: case list, sample, cases added or swapped.

Each action has a dialog-free twin (``*_from``/``*_with``) that tests and scripts can call.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from audit_tool import ActionItem, CaseListError, SamplingError
from desktop_app.store.repositories.findings import (
    VisitFindings,
    VisitFindingsCache,
)
from desktop_app.store.repositories.listing import VISIT_KINDS
from desktop_app.store.repositories.visits import VisitError
from desktop_app.ui.services import AppServices
from desktop_app.ui.visit.visit_dialogs import CaseDialog, SampleDialog

if TYPE_CHECKING:
    from desktop_app.ui.visit.visit_page import VisitPage

STATUS_WORDS = {
    "planned": "Planned",
    "in_progress": "In progress",
    "moderation": "In moderation",
    "complete": "Complete",
}


@dataclass(frozen=True)
class VisitHeader:
    title: str
    meta: str
    case_list_size: int
    case_list_columns: list[str]


class VisitActions:
    def __init__(self, services: AppServices, page: VisitPage) -> None:
        self.services = services
        self.page = page
        self.findings_cache = VisitFindingsCache()

    @property
    def visit_id(self) -> int:
        assert self.page.visit_id is not None
        return self.page.visit_id

    def header(self, visit_id: int) -> VisitHeader:
        from desktop_app.store.models import Organisation
        from desktop_app.store.repositories.visits import case_list_columns, get_visit, team_of

        with self.services.database.session() as session:
            visit = get_visit(session, visit_id)
            host = session.get(Organisation, visit.host_organisation_id)
            team = team_of(session, visit_id)
            columns = case_list_columns(session, visit_id)
        size = self.services.reader.execute(
            "SELECT COUNT(*) FROM visit_case WHERE visit_id = ? AND source = 'case_list'",
            (visit_id,),
        ).fetchone()[0]
        dates = " – ".join(
            dict.fromkeys(
                day.strftime("%d %b %Y") for day in (visit.start_date, visit.end_date) if day
            )
        )
        people = ", ".join(f"{member.name} ({member.role})" for member in team)
        lines = [
            " · ".join(
                part
                for part in (
                    VISIT_KINDS.get(visit.kind, visit.kind),
                    host.name if host else "",
                    dates,
                    STATUS_WORDS.get(visit.status, visit.status),
                )
                if part
            ),
            f"Key line of enquiry: {visit.line_of_enquiry or 'not set'}",
            f"Team: {people or 'not set'}",
        ]
        if visit.sample_seed is not None:
            lines.append(
                f"Sample: {visit.sample_size} of {size} cases, seed {visit.sample_seed}"
                + (f", stratified by {visit.sample_by}" if visit.sample_by else "")
            )
        elif size:
            lines.append(f"Case list: {size} cases imported; the sample is not drawn yet.")
        return VisitHeader(visit.title, "\n".join(lines), int(size), columns)

    def findings(self, visit_id: int) -> tuple[VisitFindings, list[ActionItem]]:
        found = self.findings_cache.findings(self.services.reader, visit_id)
        return found, self.findings_cache.actions()

    # case list and sample ------------------------------------------------------------------
    def import_case_list(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.page,
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
        from desktop_app.errors import UserError

        try:
            options = case_list_sheets(path)
        except UserError as exc:
            self._warn(str(exc))
            return False, None
        if not options:
            return True, None
        labels = [option.label for option in options]
        label, ok = QInputDialog.getItem(
            self.page, "Which list?", f"The list of {path.name} to audit from:", labels, 0, False
        )
        if not ok or label not in labels:
            return False, None
        return True, options[labels.index(label)].name

    def import_case_list_from(self, path: Path, sheet: str | None = None) -> str | None:
        """Import (``sheet``: the workbook's list); returns the error sentence (also shown) or
        None when it worked."""
        from desktop_app.store.repositories.visits import import_case_list

        try:
            with self.services.database.session() as session:
                cases = import_case_list(session, self.visit_id, path, sheet)
        except (CaseListError, VisitError) as exc:
            self._warn(str(exc))
            return str(exc)
        self._changed(f"Imported {len(cases.rows)} cases from {path.name}.")
        return None

    def draw_sample(self) -> None:
        header = self.header(self.visit_id)
        dialog = SampleDialog(header.case_list_columns, header.case_list_size, self.page)
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
        from desktop_app.store.repositories.visits import draw_visit_sample

        try:
            with self.services.database.session() as session:
                result = draw_visit_sample(
                    session,
                    self.visit_id,
                    size,
                    seed,
                    by=by,
                    exclude_within_days=exclude_within_days,
                )
        except (SamplingError, VisitError) as exc:
            self._warn(str(exc))
            return str(exc)
        notes = " ".join(result.notes)
        self._changed(f"Drew {len(result.chosen)} cases with seed {seed}. {notes}".strip())
        return None

    # cases by hand -------------------------------------------------------------------------
    def add_case(self) -> None:
        dialog = CaseDialog(None, self.page)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_case_with(dialog.reference.text(), dialog.reason.text())

    def add_case_with(self, reference: str, reason: str) -> str | None:
        from desktop_app.store.repositories.visits import add_case

        try:
            with self.services.database.session() as session:
                add_case(session, self.visit_id, reference, reason)
        except VisitError as exc:
            self._warn(str(exc))
            return str(exc)
        self._changed(f"Added case {reference.strip()} to the audit list.")
        return None

    def swap_case(self, audit_id: int) -> None:
        from desktop_app.store.repositories.audits import get_audit

        with self.services.database.session() as session:
            audit = get_audit(session, audit_id)
        dialog = CaseDialog(audit.case_reference, self.page)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.swap_case_with(audit_id, dialog.reference.text(), dialog.reason.text())

    def swap_case_with(self, audit_id: int, reference: str, reason: str) -> str | None:
        from desktop_app.store.repositories.audits import AuditError, get_audit
        from desktop_app.store.repositories.visits import swap_case

        try:
            with self.services.database.session() as session:
                audit = get_audit(session, audit_id)
                if audit.visit_case_id is None:
                    raise VisitError("This audit is not linked to a case on the list.")
                swap_case(session, audit.visit_case_id, reference, reason)
        except (VisitError, AuditError) as exc:
            self._warn(str(exc))
            return str(exc)
        self._changed(f"Swapped in case {reference.strip()}; the old case is kept, marked removed.")
        return None

    def _changed(self, message: str) -> None:
        self.services.notify("visits")
        self.page.refresh()
        self.page.say(message)

    def _warn(self, message: str) -> None:
        parent: QWidget = self.page
        if parent.isVisible():
            QMessageBox.warning(parent, "Critical Friend", message)
        self.page.say(message)
