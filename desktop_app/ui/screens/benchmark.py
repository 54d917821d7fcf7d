"""Benchmark view (for the regional improvement and data lead): a council against every LA of
its region and its statistical neighbours, indicator by indicator, over the years: its rank,
quartile and England rank, and the distribution as a chart. It works from the DfE's published
files alone; no council's bundle is needed. Exported as CSV, XLSX or PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.benchmark import (
    BenchmarkRequest,
    BenchmarkResult,
    BenchmarkSources,
    ExportBenchmark,
    IndicatorBenchmark,
    benchmark_sources,
    build_benchmark,
    export_benchmark,
    remember_benchmark_sources,
)
from desktop_app.app.changes import Changed
from desktop_app.errors import UserError
from desktop_app.ui.assessment.published_panel import app_context, fit_headings
from desktop_app.ui.background import Progress, run_operation
from desktop_app.ui.benchmark_chart import DistributionChart, format_number
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.services import AppServices
from desktop_app.ui.widgets import Column, EmptyState, RowsTableModel, read_only_table

YEAR_COLUMNS = (
    Column("period", "Year"),
    Column("value", "Council"),
    Column("rank", "Rank"),
    Column("quartile", "Quartile"),
    Column("england_rank", "England\nrank"),
    Column("region", "Region"),
    Column("england", "England"),
)
GROUP_COLUMNS = (
    Column("rank", "Rank"),
    Column("name", "Local authority"),
    Column("value", "Value"),
    Column("group", "Compared as"),
)


class BenchmarkScreen(Screen):
    title = "Benchmark"
    subtitle = (
        "A council against the LAs of its region and its statistical neighbours, from the DfE's "
        "published files: rank, quartile and the spread over the years."
    )
    refresh_on = Changed.PROFILE

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.files: tuple[Path, ...] = ()
        self.result: BenchmarkResult | None = None
        self.choose_button = QPushButton("Choose published files…")
        self.choose_button.clicked.connect(self.choose_files)
        self.export_button = QPushButton("Export…")
        self.export_button.clicked.connect(self.choose_export)
        self.add_header_button(self.choose_button)
        self.add_header_button(self.export_button)
        controls = QHBoxLayout()
        la_label = QLabel("&LA code:")
        self.la_code = QLineEdit()
        self.la_code.setAccessibleName("LA code")
        self.la_code.setPlaceholderText("301 or E09000002")
        self.la_code.setMaximumWidth(140)
        self.la_code.returnPressed.connect(self.rebuild)
        la_label.setBuddy(self.la_code)
        indicator_label = QLabel("&Indicator:")
        self.indicator = QComboBox()
        self.indicator.setAccessibleName("Indicator")
        self.indicator.setMinimumWidth(360)
        indicator_label.setBuddy(self.indicator)
        self.indicator.currentIndexChanged.connect(self._show_indicator)
        for widget in (la_label, self.la_code, indicator_label, self.indicator):
            controls.addWidget(widget)
        controls.addStretch(1)
        self.layout_.addLayout(controls)
        self.context_label = QLabel()
        self.context_label.setObjectName("BenchmarkContext")
        self.context_label.setWordWrap(True)
        self.layout_.addWidget(self.context_label)
        self.stack = QStackedWidget()
        self.empty = EmptyState(
            "No published files chosen",
            "Choose the DfE's tidy CSV files (from Explore Education Statistics) and the ONS "
            "population file, then give the LA code. The DfE 2025 neighbour model is built in.",
        )
        self.stack.addWidget(self.empty)
        self.loading = QLabel("Ranking against the region and the statistical neighbours…")
        self.loading.setObjectName("BenchmarkLoading")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading)
        body = QSplitter()
        body.setChildrenCollapsible(False)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.chart = DistributionChart()
        left_layout.addWidget(self.chart, 3)
        self.years_model = RowsTableModel(YEAR_COLUMNS, self)
        self.years = read_only_table(self.years_model, "Rank and quartile by year")
        fit_headings(self.years, (66, 88, 76, 64, 84, 64, 64))
        left_layout.addWidget(self.years, 2)
        body.addWidget(left)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.latest_label = QLabel()
        self.latest_label.setObjectName("BenchmarkLatest")
        right_layout.addWidget(self.latest_label)
        self.group_model = RowsTableModel(GROUP_COLUMNS, self)
        self.group = read_only_table(self.group_model, "The comparison group in the latest year")
        fit_headings(self.group, (48, 160, 70, 112))
        self.group.setWordWrap(True)
        self.group.setTextElideMode(Qt.TextElideMode.ElideNone)
        right_layout.addWidget(self.group, 1)
        body.addWidget(right)
        body.setSizes([560, 440])  # both tables' headings whole in a 1366x768 window
        self.stack.addWidget(body)
        self.layout_.addWidget(self.stack, 1)
        self.refresh()

    # loading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.result is not None:
            return
        sources = benchmark_sources(app_context(self.services))
        if sources.files and sources.la_code:
            self.files = sources.files
            self.la_code.setText(sources.la_code)
            self.rebuild()
        else:
            self._show_result(None)

    def rebuild(self) -> None:
        """Rank again from the chosen files and LA code, on a worker thread."""
        if not self.files or not self.la_code.text().strip():
            self._show_result(None)
            return
        request = BenchmarkRequest(self.files, self.la_code.text().strip())
        self.stack.setCurrentWidget(self.loading)

        def work(progress: Progress) -> BenchmarkResult:
            return build_benchmark(request, progress)

        self.task = run_operation(
            self, "Ranking against the region and neighbours", work, self._built, self._failed
        )

    def _built(self, result: BenchmarkResult) -> None:
        remember_benchmark_sources(
            app_context(self.services), BenchmarkSources(self.files, result.authority.old_code)
        )
        self._show_result(result)

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            raise error
        self.context_label.setText(str(error))
        self._show_result(None, keep_message=True)

    def show_result(self, result: BenchmarkResult, files: tuple[Path, ...] = ()) -> None:
        """Show a benchmark built elsewhere (the screenshots build it synchronously)."""
        self.files = files or self.files
        self.la_code.setText(result.authority.old_code)
        self._show_result(result)

    def _show_result(self, result: BenchmarkResult | None, *, keep_message: bool = False) -> None:
        self.result = result
        self.export_button.setEnabled(result is not None)
        self.indicator.blockSignals(True)
        self.indicator.clear()
        if result is None:
            self.indicator.blockSignals(False)
            self.stack.setCurrentWidget(self.empty)
            if not keep_message:
                self.context_label.setText("")
            return
        for item in result.indicators:
            self.indicator.addItem(item.title, item.indicator_id)
        self.indicator.blockSignals(False)
        la = result.authority
        self.context_label.setText(
            f"<b>{la.name}</b> ({la.old_code}, {la.new_code}) against the LAs of "
            f"{la.region_name} and its statistical neighbours ({result.neighbour_model} model: "
            + ", ".join(name for _, name in result.neighbours)
            + "). Rank 1 is the best figure (the highest for context measures); suppressed "
            "cells are not ranked."
        )
        self.stack.setCurrentIndex(2)
        self._show_indicator()

    def current(self) -> IndicatorBenchmark | None:
        if self.result is None or self.indicator.currentIndex() < 0:
            return None
        return self.result.indicators[self.indicator.currentIndex()]

    def _show_indicator(self) -> None:
        indicator = self.current()
        self.chart.show_indicator(indicator)
        if indicator is None:
            self.years_model.set_rows([])
            self.group_model.set_rows([])
            return
        unit = indicator.unit
        rows: list[dict[str, Any]] = []
        for year in reversed(indicator.years):
            council = next((entry for entry in year.entries if entry.is_council), None)
            if council is not None and council.value is not None:
                value = format_number(council.value, unit)
            else:
                value = (
                    f"suppressed ({council.suppressed})" if council and council.suppressed else "–"
                )
            rows.append(
                {
                    "period": year.period,
                    "value": value,
                    "rank": f"{year.council_rank} of {year.ranked}" if year.council_rank else "–",
                    "quartile": str(year.quartile or "–"),
                    "england_rank": (
                        f"{year.england_rank} of {year.england_ranked}"
                        if year.england_rank
                        else "–"
                    ),
                    "region": format_number(year.region_value, unit)
                    if year.region_value is not None
                    else "–",
                    "england": format_number(year.england_value, unit)
                    if year.england_value is not None
                    else "–",
                }
            )
        self.years_model.set_rows(rows)
        latest = indicator.years[-1]
        self.latest_label.setText(f"{latest.period}: the comparison group, best first")
        self.group_model.set_rows(
            [
                {
                    "rank": str(entry.rank) if entry.rank else "–",
                    "name": ("▶ " if entry.is_council else "") + entry.name,
                    "value": format_number(entry.value, unit)
                    if entry.value is not None
                    else (f"suppressed ({entry.suppressed})" if entry.suppressed else "–"),
                    "group": entry.compared_as,
                }
                for entry in latest.entries
            ]
        )
        # a long council name or "region and neighbour" wraps onto a second line, never cut
        self.group.resizeRowsToContents()

    # choosing and exporting ------------------------------------------------------------------
    def choose_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(
            self, "Published statistics files", "", "CSV files (*.csv);;All files (*)"
        )
        if chosen:
            self.files = tuple(Path(name) for name in chosen)
            self.result = None
            self.rebuild()

    def choose_export(self) -> None:
        if self.result is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Export the benchmark",
            f"benchmark-{self.result.authority.old_code}.xlsx",
            "Excel workbook (*.xlsx);;CSV (*.csv);;PDF (*.pdf)",
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> str:
        """Write the benchmark to ``path`` (format from its suffix); returns the outcome."""
        assert self.result is not None
        try:
            written = export_benchmark(ExportBenchmark(self.result, path))
        except UserError as exc:
            message = str(exc)
        else:
            message = f"Wrote {written.path.name} ({written.rows} rows)."
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Benchmark export",
            message,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.open()
        self.last_message = box
        return message
