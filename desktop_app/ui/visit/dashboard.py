"""The findings dashboard: % good or better per area and overall, grade distribution bars,
cohort and team figures, moderation agreement (with weighted kappa) and themes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.app.visits import VisitFindings
from desktop_app.ui.visit.grade_chart import GradeBand, GradeBar, GradeDistributionChart
from desktop_app.ui.widgets import Card, Column, RowsTableModel


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


CASES_GRADED = "cases with an overall grade"
"""The caption of the dashboard's "N of M" figure: ``Findings.n_audits`` counts each case once
(its counted audit, ``store.repositories.counted``), so the figure is of cases, not audits."""


def _figure(title: str) -> tuple[QWidget, QLabel, QLabel]:
    box = QWidget()
    box.setObjectName("FigureTile")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(14, 10, 14, 10)
    value = QLabel("–")
    value.setObjectName("FigureValue")
    caption = QLabel(title)
    caption.setObjectName("FigureCaption")
    caption.setWordWrap(True)
    layout.addWidget(value)
    layout.addWidget(caption)
    value.setAccessibleName(title)
    return box, value, caption


def _small_table(columns: list[Column]) -> tuple[QTableView, RowsTableModel]:
    model = RowsTableModel(columns)
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view, model


class FindingsDashboard(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        body.setObjectName("ScrollContent")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 8, 8, 8)
        tiles = QHBoxLayout()
        self.figures: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        for key, title in (
            ("good", "of cases good or better overall"),
            ("audits", CASES_GRADED),
            ("moderated", "of cases moderated"),
            ("exact", "exact agreement on the overall grade"),
            ("kappa", "weighted kappa (quadratic), auditor vs moderator"),
            ("escalations", "children at risk now (escalated)"),
        ):
            tile, value, caption = _figure(title)
            self.figures[key] = value
            self.captions[key] = caption
            tiles.addWidget(tile)
        layout.addLayout(tiles)

        chart_card = Card("Grades by area of practice")
        self.chart = GradeDistributionChart()
        chart_card.body.addWidget(self.chart)
        layout.addWidget(chart_card)

        groups = QHBoxLayout()
        group_columns = [
            Column("name", "Group"),
            Column("audits", "Cases"),
            Column("graded", "Graded"),
            Column("good", "% good or better"),
        ]
        self.cohort_card = Card("By cohort")
        self.cohort_view, self.cohort_model = _small_table(group_columns)
        self.cohort_card.body.addWidget(self.cohort_view)
        self.team_card = Card("By team")
        self.team_view, self.team_model = _small_table(group_columns)
        self.team_card.body.addWidget(self.team_view)
        groups.addWidget(self.cohort_card, 1, Qt.AlignmentFlag.AlignTop)  # both titles level
        groups.addWidget(self.team_card, 1, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(groups)

        lower = QGridLayout()
        moderation = Card("Moderation: how grades moved")
        self.moderation_text = QLabel()
        self.moderation_text.setWordWrap(True)
        moderation.body.addWidget(self.moderation_text)
        self.shift_view, self.shift_model = _small_table(
            [
                Column("from", "Auditor's grade"),
                Column("to", "Moderator's grade"),
                Column("n", "Audits"),
            ]
        )
        moderation.body.addWidget(self.shift_view)
        moderation.body.addStretch(1)
        shift_header = self.shift_view.horizontalHeader()
        shift_header.setStretchLastSection(False)
        for column, mode in enumerate(
            (QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.Stretch)
        ):
            shift_header.setSectionResizeMode(column, mode)
        shift_header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.shift_view.setWordWrap(True)
        themes = Card("Themes tagged by the auditors")
        self.theme_view, self.theme_model = _small_table(
            [Column("kind", "Kind"), Column("theme", "Theme"), Column("n", "Audits")]
        )
        themes.body.addWidget(self.theme_view)
        themes.body.addStretch(1)
        lower.addWidget(moderation, 0, 0, Qt.AlignmentFlag.AlignTop)
        lower.addWidget(themes, 0, 1, Qt.AlignmentFlag.AlignTop)
        lower.setColumnStretch(0, 1)
        lower.setColumnStretch(1, 1)
        layout.addLayout(lower)
        layout.addStretch(1)
        self.setWidget(body)

    def show_findings(self, found: VisitFindings) -> None:
        findings = found.findings
        frame = found.frame
        self.figures["good"].setText(percent(findings.overall.percent_good_or_better))
        self.figures["audits"].setText(f"{findings.n_graded} of {findings.n_audits}")
        twice = len({fact.audit_id for fact in found.uncounted})
        self.captions["audits"].setText(
            CASES_GRADED + (f" ({twice} more audit(s) of cases audited twice)" if twice else "")
        )
        self.figures["moderated"].setText(percent(found.percent_moderated))
        exact = found.agreement.exact
        self.figures["exact"].setText(percent(None if exact is None else exact * 100))
        kappa = found.agreement.kappa
        self.figures["kappa"].setText("–" if kappa is None else f"{kappa:.2f}")
        self.figures["escalations"].setText(str(findings.escalations))
        self.figures["escalations"].setProperty("alert", findings.escalations > 0)
        self.figures["escalations"].style().polish(self.figures["escalations"])
        order = list(reversed(frame.order))
        scale = frame.scale
        bands = []
        for grade in order:
            value = scale.value(grade) if scale else None
            bands.append(GradeBand(frame.grade_label(grade), value.colour if value else "#8a8f98"))
        bars = [
            GradeBar(
                frame.sections[section_id],
                [item.distribution.get(grade, 0) for grade in order],
                item.percent_good_or_better,
            )
            for section_id, item in findings.sections.items()
        ]
        bars.append(
            GradeBar(
                "Overall",
                [findings.overall.distribution.get(grade, 0) for grade in order],
                findings.overall.percent_good_or_better,
            )
        )
        self.chart.set_data(bands, bars)
        for model, view, groups in (
            (self.cohort_model, self.cohort_view, findings.by_cohort),
            (self.team_model, self.team_view, findings.by_team),
        ):
            model.set_rows(
                [
                    {
                        "name": name,
                        "audits": item.audits,
                        "graded": item.graded,
                        "good": percent(item.percent_good_or_better),
                    }
                    for name, item in groups.items()
                ]
            )
            _fit_height(view, len(groups))
        agreement = found.agreement
        self.moderation_text.setText(
            f"{found.moderated_audits} of {findings.n_audits} cases moderated. On {agreement.n} "
            f"overall grades the moderator agreed exactly in {percent(None if exact is None else exact * 100)}; "
            f"grades moved up {agreement.up} and down {agreement.down} time(s). The moderator's "
            "grade is the one counted."
        )
        shifts: list[dict[str, Any]] = [
            {"from": frame.grade_label(a), "to": frame.grade_label(b), "n": n}
            for (a, b), n in agreement.shifts.items()
        ]
        self.shift_model.set_rows(shifts)
        _fit_height(self.shift_view, len(shifts))
        themes: list[dict[str, Any]] = [
            {"kind": "Strength", "theme": name, "n": n} for name, n in findings.strength_themes
        ] + [
            {"kind": "To develop", "theme": name, "n": n} for name, n in findings.development_themes
        ]
        self.theme_model.set_rows(themes)
        _fit_height(self.theme_view, min(len(themes), 12))


def _fit_height(view: QTableView, rows: int) -> None:
    header = view.horizontalHeader().sizeHint().height()
    view.setFixedHeight(header + max(rows, 1) * view.verticalHeader().defaultSectionSize() + 4)
