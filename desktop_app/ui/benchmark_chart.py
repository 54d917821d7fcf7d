"""The benchmark distribution chart: one column of dots per year (every LA of the council's
region and its statistical neighbours), the group's median as a bar, the council in red."""

from __future__ import annotations

import statistics

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.app.benchmark import IndicatorBenchmark
from desktop_app.profile_rating import format_value

DOT = QColor("#2bb3a3")
MEDIAN = QColor("#1f3b57")
COUNCIL = QColor("#b3261e")
GRID = QColor("#dde4ec")
TEXT = QColor("#52667a")


def format_number(value: float, unit: str) -> str:
    """A figure as the profile shows it (see :func:`desktop_app.profile_rating.format_value`)."""
    return format_value(value, unit)


class DistributionChart(QWidget):
    """Paints an :class:`IndicatorBenchmark` over its years."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BenchmarkChart")
        self.setAccessibleName("Distribution of the indicator over the years")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.indicator: IndicatorBenchmark | None = None

    def sizeHint(self) -> QSize:
        return QSize(640, 240)

    def minimumSizeHint(self) -> QSize:
        return QSize(320, 180)

    def show_indicator(self, indicator: IndicatorBenchmark | None) -> None:
        self.indicator = indicator
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        indicator = self.indicator
        values = (
            [e.value for y in indicator.years for e in y.entries if e.value is not None]
            if indicator
            else []
        )
        if indicator is None or not values:
            painter.setPen(TEXT)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No published figures")
            painter.end()
            return
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1.5))
        painter.setFont(font)
        low, high = min(values), max(values)
        if high == low:
            high = low + 1
        left, right, top, bottom = 56.0, 12.0, 12.0, 26.0
        area = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)

        def y_of(value: float) -> float:
            return area.bottom() - (value - low) / (high - low) * area.height()

        for fraction in (0.0, 0.25, 0.5, 0.75, 1.0):
            value = low + fraction * (high - low)
            painter.setPen(QPen(GRID, 1))
            painter.drawLine(QPointF(area.left(), y_of(value)), QPointF(area.right(), y_of(value)))
            painter.setPen(TEXT)
            painter.drawText(
                QRectF(0, y_of(value) - 8, left - 6, 16),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                format_number(value, indicator.unit),
            )
        step = area.width() / len(indicator.years)
        label_every = max(1, int(60 // step) + 1)
        for index, year in enumerate(indicator.years):
            x = area.left() + step * (index + 0.5)
            ranked = [entry.value for entry in year.entries if entry.value is not None]
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(DOT)
            for entry in year.entries:
                if entry.value is not None and not entry.is_council:
                    painter.drawEllipse(QPointF(x, y_of(entry.value)), 2.6, 2.6)
            if ranked:
                middle = y_of(statistics.median(ranked))
                painter.setPen(QPen(MEDIAN, 2.5))
                painter.drawLine(QPointF(x - 9, middle), QPointF(x + 9, middle))
            council = next((e for e in year.entries if e.is_council), None)
            if council is not None and council.value is not None:
                painter.setPen(QPen(QColor("white"), 1.5))
                painter.setBrush(COUNCIL)
                painter.drawEllipse(QPointF(x, y_of(council.value)), 5, 5)
            if index % label_every == 0 or index == len(indicator.years) - 1:
                painter.setPen(TEXT)
                painter.drawText(
                    QRectF(x - 30, area.bottom() + 4, 60, 18),
                    int(Qt.AlignmentFlag.AlignCenter),
                    year.period,
                )
        painter.end()
