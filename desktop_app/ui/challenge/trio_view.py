"""The trio view: the councils' self-assessments side by side per ILACS area (self-grade in the
scale's colour, the start of "what do we know" with the whole answer on hover), then key
indicators against each other."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.trio import AreaCell, IndicatorRow, TrioData, trio_data
from desktop_app.ui.plain_label import plain
from desktop_app.ui.services import AppServices

LABEL_WIDTH = 170
CELL_WIDTH = 220


def _label(text: str, name: str, *, wrap: bool = True) -> QLabel:
    label = plain(QLabel(text))
    label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


def _cell(name: str = "TrioCell") -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName(name)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(10, 8, 10, 8)
    layout.setSpacing(4)
    return frame, layout


def grade_chip(cell: AreaCell) -> QLabel:
    label = plain(QLabel(cell.grade or "No self-grade"))
    label.setObjectName("TrioGrade")
    if cell.colour:
        label.setStyleSheet(
            f"background: {cell.colour}; color: white; border-radius: 9px; padding: 2px 8px;"
        )
    else:
        label.setProperty("empty", True)
    label.setAccessibleName(f"Self-grade: {cell.grade or 'not given'}")
    return label


def best_index(row: IndicatorRow) -> int | None:
    """Which column has the best value (None when better is not higher or lower, or a tie)."""
    present = [(value, i) for i, value in enumerate(row.values) if value is not None]
    if row.higher_is_better is None or len(present) < 2:
        return None
    best = max(present) if row.higher_is_better else min(present)
    return None if sum(1 for value, _i in present if value == best[0]) > 1 else best[1]


class TrioView(QWidget):
    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TrioView")
        self.services = services
        self.data: TrioData | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(
            _label(
                "Each council's latest self-assessment side by side: its own grade for each "
                "ILACS area and what it says it knows (hover for the whole answer), then key "
                "indicators for the same period. Best value in green where better is clear.",
                "CardHint",
            )
        )
        self.scroller = QScrollArea()
        self.scroller.setObjectName("TrioScroll")
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.scroller, 1)

    def refresh(self) -> None:
        self.data = trio_data(self.services.context)
        body = QWidget()
        body.setObjectName("TrioBody")
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 4, 12, 12)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        grid.setColumnMinimumWidth(0, LABEL_WIDTH)
        grid.setColumnStretch(0, 0)
        data = self.data
        if not data.columns:
            grid.addWidget(_label("No self-assessments yet, yours or your peers'.", "CardHint"))
            self.scroller.setWidget(body)
            return
        from desktop_app.ui.assessment.published_panel import ofsted_line, trio_ofsted

        inspections = trio_ofsted(
            self.services, [(column.council, column.la_code) for column in data.columns]
        )
        for index, column in enumerate(data.columns, start=1):
            frame, cell = _cell("TrioHeader")
            frame.setProperty("home", index == 1 and column.source.startswith("Your"))
            cell.addWidget(_label(column.council, "TrioCouncil"))
            cell.addWidget(_label(column.source, "TrioSource"))
            line, details = ofsted_line(inspections[index - 1])
            ofsted = _label(line, "TrioSource")
            ofsted.setToolTip(details)
            cell.addWidget(ofsted)
            grid.addWidget(frame, 0, index)
            grid.setColumnMinimumWidth(index, CELL_WIDTH)
            grid.setColumnStretch(index, 1)
        row = 1
        for section_id, title in data.areas:
            area_title = _label(title, "TrioArea")
            area_title.setFixedWidth(LABEL_WIDTH)
            grid.addWidget(area_title, row, 0, Qt.AlignmentFlag.AlignTop)
            for index, column in enumerate(data.columns, start=1):
                area = column.cells.get(section_id)
                frame, cell = _cell()
                if area is None:
                    cell.addWidget(_label("Not in this self-assessment", "TrioMissing"))
                else:
                    cell.addWidget(grade_chip(area), 0, Qt.AlignmentFlag.AlignLeft)
                    know = _label(area.excerpt or "Nothing written yet.", "TrioExcerpt")
                    know.setToolTip(area.text)
                    cell.addWidget(know)
                cell.addStretch(1)
                grid.addWidget(frame, row, index)
            row += 1
        if data.indicators:
            grid.addWidget(_label("Key indicators", "TrioHeading"), row, 0, 1, -1)
            row += 1
        for indicator in data.indicators:
            self._indicator_row(grid, row, indicator)
            row += 1
        grid.setRowStretch(row, 1)
        self.scroller.setWidget(body)

    def _indicator_row(self, grid: QGridLayout, row: int, indicator: IndicatorRow) -> None:
        from desktop_app.profile_rating import format_value

        name, label = _cell("TrioIndicatorName")
        label.addWidget(_label(indicator.title, "TrioIndicator"))
        label.addWidget(_label(indicator.period, "TrioSource"))
        name.setFixedWidth(LABEL_WIDTH)
        grid.addWidget(name, row, 0)
        best = best_index(indicator)
        for index, value in enumerate(indicator.values):
            shown = QLabel(format_value(value, indicator.unit))
            shown.setObjectName("TrioValue")
            shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
            shown.setProperty("best", index == best)
            grid.addWidget(shown, row, index + 1)
