"""Data profile: the council's indicators against statistical neighbours, region and England.

A grid per period: type a value and it is saved at once; the council's cell is tinted by its RAG
rating against statistical neighbours, and each row carries a small trend line over the years.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop_app.app import data_profile
from desktop_app.app.changes import Changed
from desktop_app.ui.assessment.profile_grid import (
    RAG_COLUMN,
    TREND_COLUMN,
    ProfileGridModel,
    SparklineDelegate,
)
from desktop_app.ui.background import BackgroundTask
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.services import AppServices

RULE_TEXT = (
    "RAG compares your value with statistical neighbours (the figure named in the column "
    "heading): green when better by more than 5%, "
    "amber within 5%, red when worse by more than 5%. Context measures are not rated. "
    "Click a value to change it; it is saved at once."
)


def _latest_period_in(path: Path) -> str:
    """The latest period named in an imported CSV's period column ("" if none can be read)."""
    import csv

    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            periods = {row.get("period", "").strip() for row in csv.DictReader(handle)}
    except (OSError, UnicodeDecodeError, csv.Error):
        return ""
    return max((period for period in periods if period), default="")


class DataProfileScreen(Screen):
    title = "Data profile"
    subtitle = (
        "Benchmarking: each indicator for your council against its statistical neighbours, the region "
        "and England, with a RAG rating and the trend over the years."
    )
    refresh_on = Changed.PROFILE

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.import_button = QPushButton("Import CSV…")
        self.import_button.clicked.connect(self.choose_csv)
        self.add_button = QPushButton("Add indicator…")
        adding = QMenu(self.add_button)
        adding.addAction("Values typed in by hand…", self.add_indicator)
        adding.addAction("From a DfE published table…", self.add_published_indicator)
        self.add_button.setMenu(adding)
        self.template_button = QPushButton("Template to fill…")
        self.template_button.setAccessibleName("Save a CSV template to fill")
        self.template_button.setToolTip(
            "Save a CSV listing every indicator and series for a year; fill in the values and "
            "import it."
        )
        self.template_button.clicked.connect(self.choose_template)
        self.add_header_button(self.template_button)
        self.published_button = QPushButton("Import published…")
        self.published_button.clicked.connect(self.choose_published)
        self.add_header_button(self.published_button)
        self.add_header_button(self.import_button)
        self.add_header_button(self.add_button)
        from desktop_app.ui.assessment.published_panel import PublishedPanel

        self.published = PublishedPanel(services, self)
        self.layout_.addWidget(self.published)
        controls = QHBoxLayout()
        label = QLabel("&Period:")
        self.period = QComboBox()
        self.period.setAccessibleName("Period")
        label.setBuddy(self.period)
        self.period.currentTextChanged.connect(self._period_chosen)
        controls.addWidget(label)
        controls.addWidget(self.period)
        self.rule = QLabel(RULE_TEXT)
        self.rule.setObjectName("ProfileRule")
        self.rule.setWordWrap(True)
        controls.addWidget(self.rule, 1)
        self.layout_.addLayout(controls)
        self.model = ProfileGridModel(self._save_value, self)
        self.table = QTableView()
        self.table.setObjectName("ProfileGrid")
        self.table.setAccessibleName("Data profile values")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(TREND_COLUMN, SparklineDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, RAG_COLUMN + 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(column, 110 if column == 2 else 96)  # Neighbours (median)
        header.setSectionResizeMode(TREND_COLUMN, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(TREND_COLUMN, 230)
        self.layout_.addWidget(self.table, 1)
        self._organisation_id: int | None = None
        self.published_outcome = ""
        self.refresh()

    # loading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        profile = data_profile.load_profile(self.services.context)
        if profile is None:
            self._organisation_id = None
            self.model.load([], [], {}, "", "Council")
            self._set_enabled(False)
            return
        self._organisation_id = profile.organisation_id
        periods = sorted({*profile.periods, profile.current_period}, reverse=True)
        chosen = self.period.currentText() or profile.latest_period or periods[0]
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItems(periods)
        self.period.setCurrentText(chosen if chosen in periods else periods[0])
        self.period.blockSignals(False)
        self.model.load(
            profile.indicators,
            profile.periods,
            dict(profile.values),
            self.period.currentText(),
            profile.council,
        )
        summary = self.published.refresh()
        self.model.neighbours_header = f"Neighbours ({summary.neighbours_shown})"
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 1, 2)
        header = self.table.horizontalHeader()
        for column, least in ((1, 96), (2, 110)):  # never narrower than the heading as drawn
            self.table.setColumnWidth(column, max(least, header.sectionSizeHint(column)))
        self._set_enabled(True)

    def choose_published(self) -> None:
        from desktop_app.ui.assessment.published_panel import ImportPublishedDialog

        dialog = ImportPublishedDialog(self)
        if dialog.exec() and dialog.paths():
            self.import_published(dialog.paths(), dialog.la_code.text())

    def import_published(self, files: tuple[Path, ...], la_code: str) -> BackgroundTask:
        """Import the DfE's (and Ofsted's) files for the LA on a worker thread, with progress;
        the outcome (or refusal) is shown, and kept in ``published_outcome``, when it ends."""
        from desktop_app.ui.assessment.published_panel import start_import

        self.published_button.setEnabled(False)
        self.published_task = start_import(self, self.services, files, la_code, self._imported)
        self.published_task.done.connect(lambda: self.published_button.setEnabled(True))
        return self.published_task

    def _imported(self, message: str, refused: bool) -> None:
        self.published_outcome = message
        self._tell("Published statistics", message, warning=refused)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.import_button, self.add_button, self.period, self.table):
            widget.setEnabled(enabled)

    def _period_chosen(self, period: str) -> None:
        if period:
            self.model.set_period(period)

    # editing ---------------------------------------------------------------------------------
    def _save_value(self, indicator_id: str, period: str, series: str, value: float | None) -> None:
        assert self._organisation_id is not None
        data_profile.set_value(
            self.services.context, self._organisation_id, indicator_id, period, series, value
        )

    def add_indicator(self) -> None:
        from desktop_app.ui.assessment.indicator_dialog import IndicatorDialog

        dialog = IndicatorDialog(self)
        if dialog.exec():
            self.create_indicator(
                dialog.title_edit.text(),
                unit=dialog.unit.currentText(),
                higher_is_better=dialog.higher_is_better(),
                description=dialog.description.toPlainText(),
            )

    def add_published_indicator(self) -> None:
        """The dialog for an indicator taken from a published table (``data add-indicator``);
        it stores the indicator itself and says where it is published."""
        from desktop_app.ui.assessment.published_indicator_dialog import PublishedIndicatorDialog

        dialog = PublishedIndicatorDialog(self.services, self)
        if dialog.exec() and dialog.added is not None:
            self._tell(
                "Indicator added",
                f"Added {dialog.title_edit.text().strip()}. {dialog.added.source} Import the "
                "published files again to fill it.",
                warning=False,
            )

    def create_indicator(self, title: str, **details: Any) -> str:
        indicator_id, changed = data_profile.add_indicator(self.services.context, title, **details)
        self.services.announce(changed)
        return indicator_id

    def choose_csv(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Import the data profile", "", "CSV files (*.csv)"
        )
        if chosen:
            self.import_csv(Path(chosen))

    def import_csv(self, path: Path) -> str:
        """Import all or nothing; returns (and shows) the one-sentence outcome."""
        if self._organisation_id is None:
            return ""
        try:
            stored, changed = data_profile.import_profile_csv(
                self.services.context, path, self._organisation_id
            )
        except data_profile.ProfileImportError as exc:
            message = f"{path.name}: {exc}"
            self._tell("The file was not imported", message, warning=True)
            return message
        except OSError as exc:
            message = f"{path.name} could not be read ({exc.strerror}); check the file."
            self._tell("The file was not imported", message, warning=True)
            return message
        self.services.announce(changed)
        latest = _latest_period_in(path)
        if latest and self.period.findText(latest) >= 0:
            self.period.setCurrentText(latest)  # show what was just imported
        if stored == 0:
            message = (
                f"{path.name} has no values yet, so nothing was imported; fill in its value "
                "column (a plain number per row) and import it again."
            )
            self._tell("Nothing to import", message, warning=True)
            return message
        message = f"Imported {stored} values from {path.name}" + (
            f" (shown: {latest})." if latest else "."
        )
        self._tell("Data profile imported", message, warning=False)
        return message

    def choose_template(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the data profile template", "data-profile.csv", "CSV files (*.csv)"
        )
        if chosen:
            self.save_template(Path(chosen))

    def save_template(self, path: Path) -> str:
        """Write the CSV template for the period shown; returns (and shows) the outcome."""
        from desktop_app.app.profile_template import WriteProfileTemplate, write_profile_template
        from desktop_app.errors import UserError

        try:
            written = write_profile_template(
                self.services.context,
                WriteProfileTemplate(path, self.period.currentText() or None),
            )
        except UserError as error:
            self._tell("The template was not saved", error.message, warning=True)
            return error.message
        message = (
            f"Saved {written.path.name}: {written.indicators} indicators × 4 series for "
            f"{written.period}. Fill in the value column, then use Import CSV…."
        )
        self._tell("Template saved", message, warning=False)
        return message

    def _tell(self, title: str, message: str, *, warning: bool) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information,
            title,
            message,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("ProfileImportBox")
        box.open()
        self.last_message = box
