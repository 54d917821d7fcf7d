"""Form templates in the window: the list of shipped and installed versions, installing a
council's template (YAML or XLSForm workbook) and writing one out as a spreadsheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop_app.app.context import AppContext
from desktop_app.app.templates import (
    ExportTemplate,
    InstallTemplate,
    TemplateInstalled,
    TemplateRefused,
    TemplateRow,
    export_template,
    install_from_bundle,
    install_template,
    list_templates,
)
from desktop_app.errors import UserError
from desktop_app.ui.services import AppServices
from desktop_app.ui.widgets import Card

_COLUMNS = ("Template", "Version", "Title", "Questions", "From", "New records use it")
_SHOWN_PROBLEMS = 12


def context_of(services: AppServices) -> AppContext:
    """The application layer's context the window holds (over its home and database)."""
    return services.context


def _documents() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def refusal_text(refused: TemplateRefused) -> str:
    """The refusal and its first problems, one per line (the rest counted)."""
    shown = refused.problems[:_SHOWN_PROBLEMS]
    more = len(refused.problems) - len(shown)
    lines = [refused.message, "", *shown]
    if more > 0:
        lines.append(f"…and {more} more.")
    return "\n".join(lines)


class TemplatesCard(Card):
    """Every template version, with Install and Export buttons."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__("Form templates", parent)
        self.services = services
        note = QLabel(
            "Audit tools and self-assessment forms. Install your council's or region's own "
            "template, written in YAML or in a spreadsheet (XLSForm layout); a higher version "
            "of a shipped template replaces it for new records."
        )
        note.setWordWrap(True)
        self.body.addWidget(note)
        self.table = QTableWidget(0, len(_COLUMNS))
        self.table.setObjectName("TemplatesTable")
        self.table.setAccessibleName("Form templates")
        self.table.setHorizontalHeaderLabels(list(_COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.body.addWidget(self.table)
        self.install_button = QPushButton("Install a template…")
        self.install_button.setAccessibleName("Install a form template")
        self.install_button.clicked.connect(lambda: self.install())
        self.export_button = QPushButton("Save as spreadsheet…")
        self.export_button.setToolTip("Write the selected template as an XLSForm workbook")
        self.export_button.setAccessibleName("Save the selected template as a spreadsheet")
        self.export_button.clicked.connect(lambda: self.export())
        row = QHBoxLayout()
        row.addWidget(self.install_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.rows: list[TemplateRow] = []
        self.load()

    def load(self) -> None:
        """(Re)fill the table from the shipped and installed templates."""
        self.rows = list_templates(context_of(self.services))
        self.table.setRowCount(len(self.rows))
        for index, item in enumerate(self.rows):
            origin = "shipped" if item.origin == "shipped" else f"installed ({item.origin})"
            cells = (
                item.form_id,
                str(item.version),
                item.title,
                str(item.questions),
                origin,
                "yes" if item.current else "",
            )
            for column, text in enumerate(cells):
                self.table.setItem(index, column, QTableWidgetItem(text))
        height = self.table.horizontalHeader().height() + 4
        height += sum(self.table.rowHeight(index) for index in range(len(self.rows)))
        self.table.setFixedHeight(min(height, 320))
        self.export_button.setEnabled(bool(self.rows))

    def install(self, path: Path | None = None) -> TemplateInstalled | None:
        """Ask for a file (unless given): a template (YAML, XLSForm) or a signed template bundle
        from another council (not encrypted; trusted signer); check and install it, and say
        what happened."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self,
                "Install a form template",
                _documents(),
                "Templates (*.yaml *.yml *.xlsx *.cfbundle)",
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            if path.suffix.lower() == ".cfbundle":
                carried = install_from_bundle(context_of(self.services), path)
                result = carried.installed[0]
            else:
                result = install_template(context_of(self.services), InstallTemplate(path))
        except TemplateRefused as refused:
            self._tell("Template not installed", refusal_text(refused), warning=True)
            return None
        except UserError as error:
            self._tell("Template not installed", error.message, warning=True)
            return None
        self.load()
        self.services.announce(result.changed)
        what = f"{result.title} (version {result.version}, {result.questions} questions)"
        if not result.new:
            message = f"{what} was already installed."
        elif result.supersedes is not None and result.supersedes < result.version:
            message = (
                f"Installed {what}. New records use it instead of version {result.supersedes}."
            )
        else:
            message = f"Installed {what}."
        self._tell("Template installed", message)
        return result

    def export(self, out: Path | None = None) -> Path | None:
        """Save the selected template (the first one when none is selected) as a workbook."""
        if not self.rows:
            return None
        selected = self.table.currentRow()
        item = self.rows[selected if selected >= 0 else 0]
        if out is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                "Save the template as a spreadsheet",
                str(Path(_documents()) / f"{item.form_id}-v{item.version}.xlsx"),
                "Excel workbook (*.xlsx)",
            )
            if not chosen:
                return None
            out = Path(chosen)
        try:
            done = export_template(
                context_of(self.services), ExportTemplate(item.form_id, out, item.version)
            )
        except UserError as error:
            self._tell("Template not saved", error.message, warning=True)
            return None
        self._tell(
            "Template saved", f"{item.title} (version {item.version}) was saved to {done.path}."
        )
        return done.path

    def _tell(self, title: str, text: str, *, warning: bool = False) -> None:
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("TemplateMessage")
        box.open()
        self.message = box
