"""A visit's page: who, when and why; children at risk now first; the audits; findings; actions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app import visits
from desktop_app.ui.background import BackgroundTask, Progress, run_operation
from desktop_app.ui.flow_layout import FlowLayout
from desktop_app.ui.services import AppServices
from desktop_app.ui.visit.actions_tab import ActionsTab
from desktop_app.ui.visit.audit_view import AuditView
from desktop_app.ui.visit.audits_model import AuditsTableModel
from desktop_app.ui.visit.dashboard import FindingsDashboard
from desktop_app.ui.visit.moderation_dialog import ModerationDialog
from desktop_app.ui.visit.team_tab import TeamTab
from desktop_app.ui.visit.visit_actions import VisitActions
from desktop_app.ui.widgets import primary_button, read_only_table

# The buttons of what only the visit's lead does (``desktop_app.app.lead_only``): hidden on an
# auditor's laptop, where those operations are refused.
LEAD_ONLY_BUTTONS = ("import", "sample", "add", "swap", "moderate", "edit")

# From this many audits, a visit's first reading runs off the UI thread (about 25 ms per 1,000).
LARGE_VISIT = 2000


class VisitPage(QWidget):
    back_requested = Signal()

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.visit_id: int | None = None
        self.tasks: list[BackgroundTask] = []
        self.operations = VisitActions(services, self)
        self.stack = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        overview = QWidget()
        layout = QVBoxLayout(overview)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        back = QPushButton("← All visits")
        back.clicked.connect(self.back_requested.emit)
        self.title = QLabel()
        self.title.setObjectName("ScreenTitle")
        top.addWidget(back, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title, 1)
        layout.addLayout(top)
        self.meta = QLabel()
        self.meta.setObjectName("ScreenSubtitle")
        self.meta.setWordWrap(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.meta)
        self.escalations = QLabel()
        self.escalations.setObjectName("EscalationBanner")
        self.escalations.setWordWrap(True)
        self.escalations.setAccessibleName("Children at risk now")
        layout.addWidget(self.escalations)

        buttons = FlowLayout()  # wraps on a narrow window instead of cutting the buttons' text
        self.buttons: dict[str, QPushButton] = {}
        for key, text, handler in (
            ("import", "&Import case list…", self.operations.import_case_list),
            ("sample", "&Draw sample…", self.operations.draw_sample),
            ("add", "&Add case…", self.operations.add_case),
            ("swap", "S&wap case…", self.swap_selected),
            ("open", "&Open audit", self.open_selected),
            ("moderate", "&Moderate…", self.moderate_selected),
            ("export", "E&xport…", self.export),
            ("report", "&Report…", self.report),
            ("edit", "Edit visi&t…", self.edit_visit),
        ):
            button = primary_button(text, handler) if key == "open" else QPushButton(text)
            if key != "open":
                button.clicked.connect(handler)
            button.setAccessibleName(text.replace("&", "").rstrip("…"))
            self.buttons[key] = button
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.notice = QLabel()
        self.notice.setObjectName("ScreenSubtitle")
        self.notice.setVisible(False)
        layout.addWidget(self.notice)

        self.tabs = QTabWidget()
        self.model = AuditsTableModel(self)
        self.table = read_only_table(self.model, "Audits of this visit")
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.activated.connect(self._activated)
        self.dashboard = FindingsDashboard()
        self.actions_tab = ActionsTab()
        self.tabs.addTab(self.table, "Audits")
        self.tabs.addTab(self.dashboard, "Findings")
        self.tabs.addTab(self.actions_tab, "Actions")
        self.team_tab = TeamTab(services)
        self.team_tab.changed.connect(self.refresh)
        self.team_tab.selected_case = self._selected_case
        self.tabs.addTab(self.team_tab, "Team")
        layout.addWidget(self.tabs, 1)

        self.audit_view = AuditView(services)
        self.audit_view.back_requested.connect(self.show_overview)
        self.stack.addWidget(overview)
        self.stack.addWidget(self.audit_view)

    # loading ---------------------------------------------------------------------------------
    def load(self, visit_id: int) -> None:
        """Show a visit. A very large one is first read on a worker thread, with progress,
        so the window never freezes; afterwards only changed audits are re-read."""
        self.visit_id = visit_id
        count = visits.audit_count(self.services.context, visit_id)
        if count < LARGE_VISIT:
            self.refresh()
            return
        context = self.services.context
        cache = self.operations.findings_cache

        def work(progress: Progress) -> None:
            progress.report(0, 1, f"Reading {count:,} audits…")
            visits.read_findings_apart(context, cache, visit_id)

        self._start("Opening the visit", work, lambda _none: self.refresh())

    def refresh(self) -> None:
        if self.visit_id is None:
            return
        header = self.operations.header(self.visit_id)
        self.title.setText(header.title)
        self.meta.setText(header.meta)
        found, actions = self.operations.findings(self.visit_id)
        escalated = [row for row in found.facts if row.escalated]
        self.model.load(self.services.context, self.visit_id, found)
        if escalated:
            cases = [
                self.model.row_at(self.model.row_of(fact.audit_id)).case_reference
                for fact in escalated
            ]
            self.escalations.setText(
                f"● {len(escalated)} child(ren) at risk now, escalated by the auditor: case "
                + ", ".join(cases)
                + ". They are at the top of the list."
            )
        self.escalations.setVisible(bool(escalated))
        for column, width in ((0, 105), (1, 95), (2, 95), (3, 130), (4, 115), (5, 140), (6, 185)):
            self.table.setColumnWidth(column, width)
        self.dashboard.show_findings(found)
        self.actions_tab.show_actions(actions)
        self.tabs.setTabText(0, f"Audits ({len(found.facts)})")
        self.tabs.setTabText(2, f"Actions ({len(actions)})")
        team = self.team_tab.load(self.visit_id)
        self.model.mark_conflicts(team.open_conflicts)
        waiting = len(team.open_conflicts)
        self.tabs.setTabText(
            3,
            ("Your cases" if team.working_copy else "Team")
            + (f" ({waiting} conflict{'s' if waiting > 1 else ''})" if waiting else ""),
        )
        # an auditor's laptop (the visit came in an assignment) has no lead tools to show
        for key in LEAD_ONLY_BUTTONS:
            self.buttons[key].setVisible(not team.working_copy)
        has_cases = header.case_list_size > 0
        self.buttons["sample"].setEnabled(has_cases)
        for key in ("open", "moderate", "swap", "export", "report"):
            self.buttons[key].setEnabled(bool(found.facts) or key == "report")

    def show_overview(self) -> None:
        self.stack.setCurrentIndex(0)
        self.refresh()

    def say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(True)

    # the selected audit -----------------------------------------------------------------------
    def selected_audit_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows and self.model.rowCount():
            return None
        return self.model.row_at(rows[0].row()).id if rows else None

    def _selected_case(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).case_reference if rows else None

    def open_audit(self, audit_id: int) -> None:
        self.audit_view.open_audit(audit_id, self.model.audit_ids())
        self.stack.setCurrentIndex(1)

    def open_selected(self) -> None:
        audit_id = self.selected_audit_id()
        if audit_id is None:
            self.say("Choose an audit in the list first.")
            return
        self.open_audit(audit_id)

    def moderate_selected(self) -> None:
        audit_id = self.selected_audit_id()
        if audit_id is None:
            self.say("Choose an audit in the list to moderate.")
            return
        dialog = ModerationDialog(self.services, audit_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def swap_selected(self) -> None:
        audit_id = self.selected_audit_id()
        if audit_id is None:
            self.say("Choose the audit whose case should be swapped.")
            return
        self.operations.swap_case(audit_id)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_audit(self.model.row_at(index.row()).id)

    # long work off the UI thread ------------------------------------------------------------
    def edit_visit(self) -> None:
        """Change the visit's details, team or status (e.g. on to moderation)."""
        from desktop_app.ui.visit.visit_dialogs import VisitDialog, audit_template_choices

        context = self.services.context
        visit_id = self.operations.visit_id
        existing = visits.visit_details(context, visit_id)
        dialog = VisitDialog(
            visits.council_choices(context),
            audit_template_choices(self.services),
            self,
            existing=existing,
        )
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                changed = visits.update_visit(context, visit_id, dialog.details())
            except visits.VisitError as error:
                dialog.show_error(str(error))
                continue
            self.services.announce(changed)
            self.refresh()
            return

    def export(self) -> None:
        if self.visit_id is None:
            return
        name, chosen = QFileDialog.getSaveFileName(
            self, "Export the audits", "audits.xlsx", "Excel workbook (*.xlsx);;CSV (*.csv)"
        )
        if name:
            self.export_to(
                Path(name), "csv" if "csv" in chosen.lower() or name.endswith(".csv") else "xlsx"
            )

    def export_to(self, out: Path, fmt: str) -> BackgroundTask:
        from desktop_app.app.audit_export import export_audits

        visit_id = self.visit_id
        assert visit_id is not None
        context = self.services.context

        def work(progress: Progress) -> int:
            return export_audits(context, visit_id, fmt, out, progress)

        return self._start(
            "Exporting the audits",
            work,
            lambda count: self.say(f"Exported {count} audits to {out}."),
        )

    def report(self) -> None:
        if self.visit_id is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the visit report", "visit-report.pdf", "PDF (*.pdf)"
        )
        if name:
            self.report_to(Path(name))

    def report_to(self, out: Path) -> BackgroundTask:
        from desktop_app.app.reports import ReportKind, write_report

        visit_id = self.visit_id
        assert visit_id is not None
        context = self.services.context

        def work(progress: Progress) -> Path:
            return write_report(context, ReportKind.VISIT, visit_id, out, progress).path

        return self._start(
            "Writing the visit report", work, lambda path: self.say(f"The report is in {path}.")
        )

    def _start(self, title: str, work: object, on_done: object) -> BackgroundTask:
        task = run_operation(self, title, work, on_done, self._failed)  # type: ignore[arg-type]
        self.tasks.append(task)
        task.done.connect(lambda: self.tasks.remove(task) if task in self.tasks else None)
        return task

    def _failed(self, error: BaseException) -> None:
        QMessageBox.warning(self, "Critical Friend", f"That did not work: {error}")
