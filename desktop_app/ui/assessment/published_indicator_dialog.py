"""'Add indicator… › From a published table…': the user's own indicator taken from one of the
DfE's published tables (the same operation as ``data add-indicator``); the next import of the
published files fills it. A refusal is shown as one sentence and the dialog stays open."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from audit_tool.published.measures import TABLE_TITLES, PublishedTable
from desktop_app.app.published_data import (
    AddPublishedIndicator,
    PublishedIndicatorAdded,
    add_published_indicator,
    parse_filters,
)
from desktop_app.errors import UserError
from desktop_app.ui.assessment.indicator_dialog import IndicatorDialog
from desktop_app.ui.services import AppServices


class PublishedIndicatorDialog(IndicatorDialog):
    """The hand-made indicator's title, unit and direction, plus the published table, measure
    column, row filters and whether a count is turned into a rate per 10,000 children (ONS
    population). ``added`` holds the result once the indicator is stored."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.added: PublishedIndicatorAdded | None = None
        self.setWindowTitle("Add an indicator from a published table")
        self.setObjectName("PublishedIndicatorDialog")
        self.setMinimumWidth(560)
        intro = QLabel(
            "Take an indicator from one of the DfE's published tables: name the measure column "
            "and the rows it comes from, as they are written in the tidy CSV. The next import "
            "of the published files fills it for your council, region, England and neighbours."
        )
        intro.setWordWrap(True)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, intro)
        self.form.removeRow(self.description)  # the published measure describes it
        self.title_edit.setPlaceholderText("e.g. Referrals within 12 months of a previous one")
        self.table = QComboBox()
        self.table.setAccessibleName("Published table")
        for table in PublishedTable:
            if table is not PublishedTable.POPULATION:
                self.table.addItem(TABLE_TITLES[table], table.value)
        self.column = QLineEdit()
        self.column.setPlaceholderText("e.g. rereferral_percent")
        self.column.setAccessibleName("Measure column")
        self.filters = QLineEdit()
        self.filters.setPlaceholderText("column=value; column=value (blank: every row)")
        self.filters.setAccessibleName("Row filters")
        self.per_10000 = QCheckBox("A count: show it per 10,000 children (ONS population)")
        self.form.insertRow(1, "&Published table:", self.table)
        self.form.insertRow(2, "&Measure column:", self.column)
        self.form.insertRow(3, "&Rows:", self.filters)
        self.form.addRow("", self.per_10000)
        self.error.setWordWrap(True)
        self.resize(600, 420)  # room for the wrapped introduction above the fields

    def request(self) -> AddPublishedIndicator:
        """The operation's input from the fields; UserError for filters that cannot be read."""
        return AddPublishedIndicator(
            title=self.title_edit.text().strip(),
            table=str(self.table.currentData()),
            column=self.column.text(),
            filters=parse_filters(self.filters.text()),
            unit=self.unit.currentText().strip(),
            higher_is_better=self.higher_is_better(),
            per_10000=self.per_10000.isChecked(),
        )

    def _check(self) -> None:  # the Add button
        self.add()

    def add(self) -> None:
        """Store the indicator and close; or show the refusal (one sentence) and stay open."""
        if not self.title_edit.text().strip():
            self._refuse("Give the indicator a title.")
            return
        try:
            self.added = add_published_indicator(self.services.context, self.request())
        except UserError as error:
            self._refuse(str(error))
            return
        self.services.announce(self.added.changed)
        self.accept()

    def _refuse(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)
