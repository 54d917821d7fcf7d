"""Grade distribution per area as stacked horizontal bars, drawn with QPainter (no QtCharts)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True)
class GradeBand:
    label: str
    colour: str


@dataclass(frozen=True)
class GradeBar:
    title: str
    counts: list[int]  # one per band
    percent_good: float | None


class GradeDistributionChart(QWidget):
    """One bar per area: segments coloured by grade, % good or better at the right."""

    ROW = 26
    LABEL_WIDTH = 300
    PERCENT_WIDTH = 120

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GradeDistributionChart")
        self.setAccessibleName("Grade distribution by area")
        self.bands: list[GradeBand] = []
        self.bars: list[GradeBar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_data(self, bands: list[GradeBand], bars: list[GradeBar]) -> None:
        self.bands = bands
        self.bars = bars
        self.setMinimumHeight(self.sizeHint().height())
        self.setAccessibleDescription(
            "; ".join(
                f"{bar.title}: "
                + ", ".join(f"{band.label} {n}" for band, n in zip(bands, bar.counts, strict=True))
                for bar in bars
            )
        )
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(760, 36 + self.ROW * len(self.bars) + 28)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        painter.setFont(font)
        metrics = QFontMetrics(font)
        width = self.width()
        bar_left = self.LABEL_WIDTH
        bar_width = max(80, width - bar_left - self.PERCENT_WIDTH)
        y = 8.0
        painter.setPen(QColor("#52667a"))
        painter.drawText(
            QRectF(bar_left + bar_width + 8, y, self.PERCENT_WIDTH, 18),
            Qt.AlignmentFlag.AlignLeft,
            "% good or better",
        )
        y += 24
        for bar in self.bars:
            painter.setPen(QColor("#1b2733"))
            title = metrics.elidedText(bar.title, Qt.TextElideMode.ElideRight, bar_left - 12)
            painter.drawText(
                QRectF(0, y, bar_left - 10, self.ROW - 6),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                title,
            )
            total = sum(bar.counts)
            x = float(bar_left)
            for band, count in zip(self.bands, bar.counts, strict=True):
                if not total or not count:
                    continue
                span = bar_width * count / total
                painter.fillRect(QRectF(x, y + 2, span, self.ROW - 10), QColor(band.colour))
                if span > 18:
                    painter.setPen(QColor("#ffffff"))
                    painter.drawText(
                        QRectF(x, y + 2, span, self.ROW - 10),
                        Qt.AlignmentFlag.AlignCenter,
                        str(count),
                    )
                x += span
            painter.setPen(QColor("#1f3b57"))
            text = "–" if bar.percent_good is None else f"{bar.percent_good:.0f}%"
            painter.drawText(
                QRectF(bar_left + bar_width + 8, y, self.PERCENT_WIDTH, self.ROW - 6),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            y += self.ROW
        x = float(bar_left)
        for band in self.bands:
            painter.fillRect(QRectF(x, y + 6, 12, 12), QColor(band.colour))
            painter.setPen(QColor("#52667a"))
            painter.drawText(
                QRectF(x + 16, y + 2, 220, 20), Qt.AlignmentFlag.AlignVCenter, band.label
            )
            x += 24 + metrics.horizontalAdvance(band.label)
        painter.end()
