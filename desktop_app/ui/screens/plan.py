"""The improvement plan: every action with owner, due date, status and RAG, overdue first;
filters by source, owner, ILACS area and status; progress notes; PDF and XLSX for the DCS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QWidget,
)

from desktop_app.app.changes import Changed
from desktop_app.app.plan import (
    AddPlanAction,
    ExportPlan,
    PlanActionRow,
    PlanAreaChoices,
    PlanFilter,
    PlanSource,
    PlanStatus,
    UpdatePlanAction,
    add_plan_action,
    export_plan,
    list_plan,
    update_plan_action,
)
from desktop_app.errors import UserError
from desktop_app.ui.plan.progress_panel import ProgressPanel
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.services import AppServices
from desktop_app.ui.widgets import Column, RowsTableModel, primary_button, read_only_table
from forms.answer_words import people_date

RAG_COLOURS = {"red": "#b3261e", "amber": "#a86b00", "green": "#2e7d32"}
ANY = "Any"

COLUMNS = (
    Column("rag", "RAG", lambda v: str(v).replace("none", "—").upper(), RAG_COLOURS.get),
    Column("due_text", "Due", None, lambda v: "#b3261e" if "overdue" in str(v) else None),
    Column("what", "Action"),
    Column("owner", "Owner"),
    Column("status", "Status"),
    Column("source", "Source"),
    Column("area", "ILACS area"),
)


def _table_row(row: PlanActionRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "rag": row.rag.value,
        "due_text": people_date(row.due, short=True) + (" · overdue" if row.overdue else ""),
        "what": row.what,
        "owner": row.owner,
        "status": row.status.label,
        "source": row.source.label,
        "area": row.area_label if row.area else "—",
    }


class PlanScreen(Screen):
    title = "Improvement plan"
    subtitle = (
        "Where audits, visits, the self-assessment and accepted peer challenge go: each action "
        "with an owner and a date, tracked through the year. Overdue actions come first."
    )
    refresh_on = Changed.PLAN | Changed.CHALLENGE

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.rows: list[PlanActionRow] = []
        self.last_task: Any = None
        for label, handler in (
            ("Bring in…", self.bring_in),
            ("Export PDF…", self.export_pdf),
            ("Export XLSX…", self.export_xlsx),
        ):
            button = QPushButton(label)
            button.setAccessibleName(label.rstrip("…"))
            button.clicked.connect(handler)
            self.add_header_button(button)
        self.add_header_button(primary_button("Add action…", self.add_action))
        filters = QHBoxLayout()
        self.source = self._filter(filters, "Source", [(s.label, s.value) for s in PlanSource])
        self.owner = self._filter(filters, "Owner", [])
        self.area = self._filter(filters, "ILACS area", [(n, a) for a, n in PlanAreaChoices if a])
        self.status = self._filter(filters, "Status", [(s.label, s.value) for s in PlanStatus])
        filters.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("CardHint")
        filters.addWidget(self.summary)
        self.layout_.addLayout(filters)
        self.model = RowsTableModel(COLUMNS, self)
        self.table = read_only_table(self.model, "Improvement plan actions")
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.panel = ProgressPanel()
        self.panel.progress_recorded.connect(self.record_progress)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.panel)
        splitter.setSizes([380, 300])
        self.layout_.addWidget(splitter, 1)
        self.refresh()

    def _filter(self, row: QHBoxLayout, label: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(f"Filter by {label.lower()}")
        combo.addItem(ANY, "")
        for text, value in items:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(lambda _index: self.refresh())
        row.addWidget(QLabel(label))
        row.addWidget(combo)
        return combo

    # reading ---------------------------------------------------------------------------------
    def current_filter(self) -> PlanFilter:
        """The filter the combo boxes set."""
        source = str(self.source.currentData() or "")
        status = str(self.status.currentData() or "")
        return PlanFilter(
            source=PlanSource(source) if source else None,
            owner=str(self.owner.currentData() or ""),
            area=str(self.area.currentData() or ""),
            status=PlanStatus(status) if status else None,
        )

    def refresh(self) -> None:
        if not hasattr(self, "model"):
            return
        selected = self.panel.action_id
        everything = list_plan(self.services.context)
        owners = sorted({row.owner for row in everything})
        if owners != [self.owner.itemData(i) for i in range(1, self.owner.count())]:
            chosen = self.owner.currentData()
            self.owner.blockSignals(True)
            self.owner.clear()
            self.owner.addItem(ANY, "")
            for owner in owners:
                self.owner.addItem(owner, owner)
            self.owner.setCurrentIndex(max(0, self.owner.findData(chosen)))
            self.owner.blockSignals(False)
        wanted = self.current_filter()
        self.rows = [row for row in everything if wanted.keeps(row)]
        self.model.set_rows([_table_row(row) for row in self.rows])
        self.table.resizeColumnsToContents()
        for column, widest in ((2, 300), (5, 140), (6, 200)):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        overdue = sum(1 for row in self.rows if row.overdue)
        self.summary.setText(
            f"{len(self.rows)} of {len(everything)} actions · "
            + (f"{overdue} overdue" if overdue else "none overdue")
        )
        self.select_action(selected)

    def select_action(self, action_id: int | None) -> None:
        """Select the action's row (and show its progress), if it is shown."""
        for index, row in enumerate(self.rows):
            if row.id == action_id:
                self.table.selectRow(index)
                self.panel.show_action(row)
                return
        self.panel.show_action(None)

    def _selected(self, _now: QItemSelection, _before: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.panel.show_action(self.rows[rows[0].row()] if rows else None)

    # changing --------------------------------------------------------------------------------
    def add_action(self) -> None:
        from desktop_app.app.people import current_person
        from desktop_app.app.plan_sources import source_choices
        from desktop_app.ui.plan.action_dialog import AddActionDialog

        visits = tuple(
            (choice.id, choice.name)
            for choice in source_choices(self.services.context)
            if choice.kind == "visit"
        )
        person = current_person(self.services.context).name
        dialog = AddActionDialog(person, self, visits=visits)
        if dialog.exec():
            self.add_action_with(dialog.request(), visit_id=dialog.visit_id())

    def add_action_with(self, request: AddPlanAction, visit_id: int | None = None) -> int:
        """Add the action (the dialog-free twin of "Add action…"), as a finding of visit
        ``visit_id`` when given; returns its id."""
        from dataclasses import replace

        from desktop_app.app.plan_sources import visit_finding_source

        if visit_id is not None:
            why, ref = visit_finding_source(self.services.context, visit_id)
            request = replace(
                request, why=request.why or why, source=PlanSource.VISIT_FINDING, source_ref=ref
            )
        added = add_plan_action(self.services.context, request)
        self.services.announce(Changed.PLAN | Changed.CHALLENGE)
        self.select_action(added.action_id)
        return added.action_id

    def record_progress(self, action_id: int, status: str, note: str) -> bool:
        """Save a progress note and/or status; False (with the reason shown) when refused."""
        try:
            update_plan_action(
                self.services.context,
                UpdatePlanAction(action_id, PlanStatus(status) if status else None, note),
            )
        except UserError as error:
            self.panel.show_error(error.message)
            return False
        self.panel.note.clear()
        self.panel.status.setCurrentIndex(0)
        self.services.announce(Changed.PLAN | Changed.CHALLENGE)
        self.select_action(action_id)
        return True

    def bring_in(self) -> None:
        """Ask which visit's audit actions or self-assessment's priorities to bring in."""
        from PySide6.QtWidgets import QInputDialog

        from desktop_app.app.plan_sources import source_choices

        choices = source_choices(self.services.context)
        if not choices:
            QMessageBox.information(
                self, "Nothing to bring in", "There are no visits or self-assessments yet."
            )
            return
        titles = [choice.title for choice in choices]
        title, ok = QInputDialog.getItem(
            self, "Bring actions into the plan", "From:", titles, 0, False
        )
        if ok:
            self.bring_in_from(choices[titles.index(title)])

    def bring_in_from(self, choice: Any) -> str:
        """Bring in the chosen source's actions (the dialog-free twin); returns what happened."""
        from desktop_app.app.plan_sources import bring_in

        try:
            result = bring_in(self.services.context, choice)
        except UserError as error:
            self.summary.setText(error.message)
            return error.message
        self.services.announce(Changed.PLAN | Changed.CHALLENGE)
        told = f"{result.added} action(s) brought in; {result.already} were already in the plan."
        self.summary.setText(told)
        return told

    # documents -------------------------------------------------------------------------------
    def export_pdf(self) -> None:
        self._export("pdf", "PDF documents (*.pdf)")

    def export_xlsx(self) -> None:
        self._export("xlsx", "Excel workbooks (*.xlsx)")

    def _export(self, kind: str, pattern: str) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder or Path.home()) / f"Improvement plan.{kind}")
        path, _filter = QFileDialog.getSaveFileName(self, "Save the plan", suggested, pattern)
        if path:
            self.export_in_background(Path(path), kind)

    def export_in_background(self, path: Path, kind: str) -> Any:
        """Write the plan on a worker thread (a plan of thousands of actions takes seconds),
        then say where it went."""
        from desktop_app.ui.background import run_operation

        context = self.services.context

        def work(_progress: Any) -> Path:
            request = ExportPlan(format="pdf" if kind == "pdf" else "xlsx", out=path)
            return export_plan(context, request).path

        def done(written: Path) -> None:
            self.summary.setText(f"The plan was saved to {written}.")

        def failed(error: BaseException) -> None:
            message = error.message if isinstance(error, UserError) else str(error)
            QMessageBox.warning(self, "Not saved", message)

        self.last_task = run_operation(self, "Writing the plan", work, done, failed)
        return self.last_task
