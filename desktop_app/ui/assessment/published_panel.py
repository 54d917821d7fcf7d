"""The data profile's published-data strip: which LA and neighbour model the published figures
are for, the neighbours' figure shown (mean or median, chosen here and named everywhere), and
the latest Ofsted judgements of the council and each of its statistical neighbours."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.context import AppContext
from desktop_app.app.published_data import (
    ChooseNeighbourFigure,
    CouncilOfsted,
    ImportPublished,
    OfstedJudgements,
    PublishedImported,
    PublishedSummary,
    choose_neighbour_figure,
    import_published,
    ofsted_for_councils,
    published_summary,
)
from desktop_app.errors import UserError
from desktop_app.ui.background import BackgroundTask, Progress, run_operation
from desktop_app.ui.services import AppServices

GRADE_SHORT = {
    "Outstanding": "Outstanding",
    "Good": "Good",
    "Requires improvement to be good": "Req. improvement",  # fits 1366x768; tooltip in full
    "Inadequate": "Inadequate",
}
GRADE_COLOURS = {
    "Outstanding": "#1f6f3f",
    "Good": "#2e7d32",
    "Requires improvement to be good": "#b26a00",
    "Inadequate": "#b3261e",
}
OFSTED_COLUMNS = (
    "Council",
    "Inspected",
    "Overall",
    "Leaders",
    "Help and protection",
    "Children in care",
    "Care leavers",
)
# The Ofsted table's headings (wrapped to two lines where long) and their tooltips: the
# judgements' full names in Ofsted's ILACS framework (Ofsted, "Inspecting local authority
# children's services", 2023).
OFSTED_HEADINGS = (
    ("Council", "The local authority"),
    ("Inspected", "When Ofsted's latest ILACS inspection began"),
    ("Overall", "Overall effectiveness"),
    ("Leaders", "The impact of leaders on social work practice with children and families"),
    (
        "Help and\nprotection",
        "The experiences and progress of children who need help and protection",
    ),
    ("Children\nin care", "The experiences and progress of children in care"),
    ("Care\nleavers", "The experiences and progress of care leavers"),
)


def fit_headings(table: QTableView, widths: Sequence[int] = ()) -> None:
    """Give each column of ``table`` the width asked for, but never less than its heading needs
    as drawn (bold, padded: the header's own size hint), so no heading is cut."""
    header = table.horizontalHeader()
    for column in range(header.count()):
        wanted = widths[column] if column < len(widths) else header.sectionSize(column)
        table.setColumnWidth(column, max(wanted, header.sectionSizeHint(column)))


def app_context(services: AppServices) -> AppContext:
    """The window's operation context."""
    return services.context


def ofsted_cells(judgements: OfstedJudgements) -> list[str]:
    """The row a table shows for one council's judgements."""
    when = judgements.inspection_date.strftime("%b %Y") if judgements.inspection_date else "–"
    return [
        judgements.la_name,
        when,
        *(
            GRADE_SHORT.get(grade, grade) or "–"
            for grade in (
                judgements.overall,
                judgements.leaders,
                judgements.help_and_protection,
                judgements.children_in_care,
                judgements.care_leavers,
            )
        ),
    ]


class PublishedPanel(QWidget):
    """Above the profile grid: the published figures' source and the neighbours' Ofsted grades.

    Emits ``neighbours_changed(label)`` when the user picks the mean or the median.
    """

    neighbours_changed = Signal(str)

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setObjectName("PublishedPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.source = QLabel()
        self.source.setObjectName("PublishedSource")
        self.source.setWordWrap(True)
        top.addWidget(self.source, 1)
        label = QLabel("&Neighbours' figure:")
        self.figure = QComboBox()
        self.figure.addItem("Median", "median")
        self.figure.addItem("Mean", "mean")
        self.figure.setAccessibleName("Neighbours' figure shown")
        label.setBuddy(self.figure)
        self.figure.currentIndexChanged.connect(self._figure_chosen)
        top.addWidget(label)
        top.addWidget(self.figure)
        layout.addLayout(top)
        self.ofsted = QTableWidget(0, len(OFSTED_COLUMNS))
        self.ofsted.setObjectName("OfstedTable")
        self.ofsted.setAccessibleName("Ofsted judgements of the council and its neighbours")
        for column, (heading, tip) in enumerate(OFSTED_HEADINGS):
            item = QTableWidgetItem(heading)
            item.setToolTip(tip)
            self.ofsted.setHorizontalHeaderItem(column, item)
        self.ofsted.verticalHeader().setVisible(False)
        self.ofsted.verticalHeader().setDefaultSectionSize(22)
        self.ofsted.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.ofsted.horizontalHeader()
        for column in range(len(OFSTED_COLUMNS)):
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.ResizeToContents
                if column < 2
                else QHeaderView.ResizeMode.Stretch,
            )
        self.ofsted.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.ofsted.setMaximumHeight(170)
        layout.addWidget(self.ofsted)
        self.summary = PublishedSummary()

    def refresh(self) -> PublishedSummary:
        """Re-read the summary and show it; returns it."""
        self.summary = published_summary(app_context(self.services))
        summary = self.summary
        self.figure.blockSignals(True)
        self.figure.setCurrentIndex(0 if summary.neighbours_shown == "median" else 1)
        self.figure.blockSignals(False)
        self.figure.setEnabled(summary.imported)
        if summary.imported:
            names = ", ".join(name for _, name in summary.neighbours)
            self.source.setText(
                f"Published DfE figures for <b>{summary.la_name}</b> ({summary.old_la_code}, "
                f"{summary.region_name}); {summary.neighbour_label.lower()} of the "
                f"{summary.neighbour_model} model: {names}."
            )
        else:
            self.source.setText(
                "No published figures yet: import the DfE's statistics files (and Ofsted's "
                "outcomes) to fill the profile, with neighbours from the DfE 2025 model."
            )
        rows = ([summary.council_ofsted] if summary.council_ofsted else []) + list(
            summary.neighbours_ofsted
        )
        self.ofsted.setRowCount(len(rows))
        for row, judgements in enumerate(rows):
            for column, text in enumerate(ofsted_cells(judgements)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                grade = [
                    "",
                    "",
                    judgements.overall,
                    judgements.leaders,
                    judgements.help_and_protection,
                    judgements.children_in_care,
                    judgements.care_leavers,
                ][column]
                if grade in GRADE_COLOURS:
                    item.setForeground(QColor(GRADE_COLOURS[grade]))
                if row == 0 and summary.council_ofsted is not None:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.ofsted.setItem(row, column, item)
        self.ofsted.setVisible(bool(rows))
        return summary

    def _figure_chosen(self) -> None:
        shown = self.figure.currentData()
        try:
            result = choose_neighbour_figure(
                app_context(self.services), ChooseNeighbourFigure(shown)
            )
        except UserError:
            return
        self.services.announce(result.changed)
        self.neighbours_changed.emit(result.shown)


class ImportPublishedDialog(QDialog):
    """Choose the DfE files (and Ofsted's outcomes) and the council's LA code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import published statistics")
        self.setObjectName("ImportPublishedDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Choose the DfE's tidy CSV files (Explore Education Statistics), the ONS population "
            "file for rates per 10,000, and optionally Ofsted's outcomes workbook and another "
            "neighbour model (the DfE 2025 model is built in)."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.files = QListWidget()
        self.files.setAccessibleName("Files to import")
        layout.addWidget(self.files, 1)
        choose = QPushButton("&Add files…")
        choose.clicked.connect(self.choose_files)
        layout.addWidget(choose, 0, Qt.AlignmentFlag.AlignLeft)
        form = QFormLayout()
        self.la_code = QLineEdit()
        self.la_code.setPlaceholderText("e.g. 301 or E09000002")
        self.la_code.setAccessibleName("LA code")
        form.addRow("&LA code:", self.la_code)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def choose_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(
            self, "Published files", "", "Statistics (*.csv *.ods *.xlsx);;All files (*)"
        )
        for name in chosen:
            self.files.addItem(name)

    def paths(self) -> tuple[Path, ...]:
        return tuple(Path(self.files.item(i).text()) for i in range(self.files.count()))


def import_outcome(result: PublishedImported) -> str:
    """The one sentence the window shows after an import."""
    if not result.old_la_code:
        return f"Stored Ofsted's latest judgements for {result.ofsted_outcomes} councils."
    return (
        f"Imported {result.figures_stored} published figures for {result.la_name} "
        f"({', '.join(result.periods[-1:])} latest); {result.suppressed} suppressed cells kept "
        "as suppressed."
    )


def start_import(
    parent: QWidget,
    services: AppServices,
    files: tuple[Path, ...],
    la_code: str,
    tell: Callable[[str, bool], None],
) -> BackgroundTask:
    """Import the files on a worker thread behind the window's progress dialog (reading every
    DfE table takes 1–3 s); afterwards, on the UI thread, the runner announces the change; then
    ``tell(sentence, refused)`` with the outcome or the refusal. Returns the running task."""
    context = app_context(services)
    request = ImportPublished(files, la_code.strip())

    def work(progress: Progress) -> PublishedImported:
        return import_published(context, request, progress)

    def done(result: PublishedImported) -> None:
        tell(import_outcome(result), False)

    def failed(error: BaseException) -> None:
        if not isinstance(error, UserError):
            raise error
        tell(str(error), True)

    return run_operation(parent, "Importing published statistics", work, done, failed)


def ofsted_line(found: CouncilOfsted) -> tuple[str, str]:
    """(one line, the full judgements for a tooltip) for a council's latest Ofsted inspection;
    a match by name (an older bundle without the LA code) says so."""
    judgements = found.judgements
    if judgements is None:
        return "Ofsted: no published judgement imported", ""
    when = judgements.inspection_date.strftime("%b %Y") if judgements.inspection_date else ""
    overall = GRADE_SHORT.get(judgements.overall, judgements.overall) or "not judged"
    details = "\n".join(
        f"{title}: {grade or 'not judged'}"
        for title, grade in zip(
            OFSTED_COLUMNS[2:],
            (
                judgements.overall,
                judgements.leaders,
                judgements.help_and_protection,
                judgements.children_in_care,
                judgements.care_leavers,
            ),
            strict=True,
        )
    )
    line = f"Ofsted {when}: {overall} overall"
    tip = f"{judgements.la_name}, inspected {when}\n{details}"
    if found.matched_by == "name":
        line += " (matched by name)"
        tip += (
            "\nMatched by the council's name: no LA code is known for it (its bundle was made "
            "by an older version of Critical Friend, or no published figures are imported)."
        )
    return line, tip


def trio_ofsted(services: AppServices, councils: list[tuple[str, str]]) -> list[CouncilOfsted]:
    """Each trio council's latest Ofsted judgements, by its (name, LA code): by the LA code
    where known (the home's published profile, a peer's bundle), else by name."""
    return ofsted_for_councils(app_context(services), councils)
