"""'Add indicator… › From a published table…': the user's own indicator taken from one of the
DfE's published tables (the same operation as ``data add-indicator``); the next import of the
published files fills it. A refusal is shown as one sentence and the dialog stays open."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from audit_tool.published.measures import TABLE_TITLES, PublishedTable
from desktop_app.app.published_data import (
    AddPublishedIndicator,
    PublishedIndicatorAdded,
    add_published_indicator,
    parse_filters,
)
from desktop_app.errors import UserError
from desktop_app.ui.assessment.indicator_dialog import DIRECTIONS
from desktop_app.ui.services import AppServices


class PublishedIndicatorDialog(QDialog):
    """Title, published table, measure column, row filters, unit, direction and whether a count
    is turned into a rate per 10,000 children (ONS population). ``added`` holds the result once
    the indicator is stored."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.added: PublishedIndicatorAdded | None = None
        self.setWindowTitle("Add an indicator from a published table")
        self.setObjectName("PublishedIndicatorDialog")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Take an indicator from one of the DfE's published tables: name the measure column "
            "and the rows it comes from, as they are written in the tidy CSV. The next import "
            "of the published files fills it for your council, region, England and neighbours."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.title_edit = QLineEdit()
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
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(["%", "per 10,000", "days", "number"])
        self.direction = QComboBox()
        for label, _value in DIRECTIONS:
            self.direction.addItem(label)
        self.per_10000 = QCheckBox("A count: show it per 10,000 children (ONS population)")
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Published table:", self.table)
        form.addRow("&Measure column:", self.column)
        form.addRow("&Rows:", self.filters)
        form.addRow("&Unit:", self.unit)
        form.addRow("&Direction:", self.direction)
        form.addRow("", self.per_10000)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("ValidationMessage")
        self.error.setProperty("severity", "blocking")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add")
        buttons.accepted.connect(self.add)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(600, 420)  # room for the wrapped introduction above the fields

    def request(self) -> AddPublishedIndicator:
        """The operation's input from the fields; UserError for filters that cannot be read."""
        return AddPublishedIndicator(
            title=self.title_edit.text().strip(),
            table=str(self.table.currentData()),
            column=self.column.text(),
            filters=parse_filters(self.filters.text()),
            unit=self.unit.currentText().strip(),
            higher_is_better=DIRECTIONS[self.direction.currentIndex()][1],
            per_10000=self.per_10000.isChecked(),
        )

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
