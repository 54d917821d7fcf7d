"""The data-profile grid: one row per indicator for a period, values editable in place (saved at
once), the council's cell tinted by its RAG rating, and a small trend line drawn with QPainter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop_app.profile_rating import RAG_LABELS, format_value, rag_rating, recent_trend

SERIES = ("council", "neighbours", "region", "england")


def two_lines(heading: str, longest: int = 12) -> str:
    """A heading longer than ``longest`` characters broken at the space nearest its middle
    ("Barking and\nDagenham"), so a column of figures need not be as wide as a council's name."""
    if len(heading) <= longest or " " not in heading:
        return heading
    middle = len(heading) / 2
    spaces = [index for index, letter in enumerate(heading) if letter == " "]
    cut = min(spaces, key=lambda index: abs(index - middle))
    return f"{heading[:cut]}\n{heading[cut + 1 :]}"


HEADERS = ("Indicator", "Midthorpe", "Neighbours", "Region", "England", "RAG", "Trend")
RAG_COLUMN, TREND_COLUMN = 5, 6
RAG_TINTS = {"green": "#d7eedb", "amber": "#fdeccb", "red": "#f6d5d2"}
RAG_INKS = {"green": "#1e5e22", "amber": "#6b4800", "red": "#8c1d17"}
SPARK_COUNCIL = QColor("#1f6f8b")
SPARK_NEIGHBOURS = QColor("#f0a202")

SaveValue = Callable[[str, str, str, float | None], None]


class ProfileGridModel(QAbstractTableModel):
    """Rows are indicators (dicts: id, title, unit, higher_is_better, description)."""

    def __init__(self, save: SaveValue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self.indicators: list[dict[str, Any]] = []
        self.periods: list[str] = []
        self.values: dict[tuple[str, str, str], float] = {}
        self.period = ""
        self.council = "Council"
        self.neighbours_header = HEADERS[2]  # says which figure: "Neighbours (median)"

    def load(
        self,
        indicators: list[dict[str, Any]],
        periods: list[str],
        values: dict[tuple[str, str, str], float],
        period: str,
        council: str,
    ) -> None:
        self.beginResetModel()
        self.indicators, self.periods, self.values = indicators, periods, values
        self.period, self.council = period, council
        self.endResetModel()

    def set_period(self, period: str) -> None:
        self.beginResetModel()
        self.period = period
        self.endResetModel()

    # what a row shows ------------------------------------------------------------------------
    def value(self, row: int, series: str) -> float | None:
        return self.values.get((self.indicators[row]["id"], self.period, series))

    def rating(self, row: int) -> str | None:
        indicator = self.indicators[row]
        return rag_rating(
            self.value(row, "council"), self.value(row, "neighbours"), indicator["higher_is_better"]
        )

    def series_over_periods(self, row: int, series: str) -> list[float | None]:
        indicator_id = self.indicators[row]["id"]
        return [self.values.get((indicator_id, period, series)) for period in self.periods]

    def trend_text(self, row: int) -> str:
        periods = self.periods
        end = periods.index(self.period) if self.period in periods else len(periods) - 1
        trend = recent_trend(
            self.series_over_periods(row, "council"), end, self.indicators[row]["higher_is_better"]
        )
        return "" if trend is None else f"{trend.arrow} {trend.label}"

    # Qt model ---------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.indicators)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == 2:  # "Neighbours (median)" on two lines, so the column stays narrow
                return self.neighbours_header.replace(" (", "\n(", 1)
            return two_lines(self.council) if section == 1 else HEADERS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if 1 <= index.column() <= 4:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        indicator = self.indicators[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return indicator["title"]
            if 1 <= column <= 4:
                value = self.value(row, SERIES[column - 1])
                return "" if value is None else format_value(value, indicator["unit"])
            if column == RAG_COLUMN:
                rating = self.rating(row)
                return RAG_LABELS.get(
                    rating or "", "Not rated" if indicator["higher_is_better"] is None else ""
                )
            return self.trend_text(row)
        if role == Qt.ItemDataRole.EditRole and 1 <= column <= 4:
            value = self.value(row, SERIES[column - 1])
            return "" if value is None else f"{value:g}"
        if role == Qt.ItemDataRole.ToolTipRole:
            direction = {
                True: "Higher is better.",
                False: "Lower is better.",
                None: "A context measure: not RAG rated.",
            }
            return f"{indicator['title']} ({indicator['unit'] or 'number'}). {direction[indicator['higher_is_better']]}\n{indicator['description']}"
        rating = self.rating(row)
        if role == Qt.ItemDataRole.BackgroundRole and rating and column in (1, RAG_COLUMN):
            return QBrush(QColor(RAG_TINTS[rating]))
        if role == Qt.ItemDataRole.ForegroundRole and rating and column == RAG_COLUMN:
            return QBrush(QColor(RAG_INKS[rating]))
        if role == Qt.ItemDataRole.TextAlignmentRole and 1 <= column <= 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not 1 <= index.column() <= 4:
            return False
        text = str(value).strip().rstrip("%").strip()
        try:
            number = None if text == "" else float(text)
        except ValueError:
            return False
        indicator_id = self.indicators[index.row()]["id"]
        series = SERIES[index.column() - 1]
        self._save(indicator_id, self.period, series, number)
        key = (indicator_id, self.period, series)
        if number is None:
            self.values.pop(key, None)
        else:
            self.values[key] = number
        if self.period not in self.periods:
            self.periods = sorted([*self.periods, self.period])
        self.dataChanged.emit(self.index(index.row(), 1), self.index(index.row(), TREND_COLUMN))
        return True


class SparklineDelegate(QStyledItemDelegate):
    """Draws the council's values over the periods (and the neighbours' in amber) in the cell."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().paint(painter, option, index)
        model = index.model()
        if not isinstance(model, ProfileGridModel):
            return
        rect: QRect = option.rect.adjusted(6, 6, -110, -6)
        if rect.width() < 20:
            return
        council = model.series_over_periods(index.row(), "council")
        neighbours = model.series_over_periods(index.row(), "neighbours")
        known = [v for v in council + neighbours if v is not None]
        if len(known) < 2:
            return
        low, high = min(known), max(known)
        span = (high - low) or 1.0
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for values, colour, width in (
            (neighbours, SPARK_NEIGHBOURS, 1.2),
            (council, SPARK_COUNCIL, 2.0),
        ):
            count = max(len(values) - 1, 1)
            points = [
                QPointF(
                    rect.left() + rect.width() * i / count,
                    rect.bottom() - rect.height() * (v - low) / span,
                )
                for i, v in enumerate(values)
                if v is not None
            ]
            painter.setPen(QPen(colour, width))
            if len(points) > 1:
                painter.drawPolyline(points)
            if colour == SPARK_COUNCIL and points:
                painter.setBrush(colour)
                painter.drawEllipse(points[-1], 2.5, 2.5)
        painter.restore()

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.displayAlignment = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
