"""What a bundle carries besides its self-assessment: the data profile and the audit findings."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QHeaderView, QLabel, QScrollArea, QTableView, QVBoxLayout, QWidget

from desktop_app.ui.plain_label import plain
from desktop_app.ui.widgets import Card, Column, RowsTableModel

SERIES = ("council", "neighbours", "region", "england")

PROFILE_COLUMNS = (
    Column("title", "Indicator"),
    Column("period", "Period"),
    Column("council", "Council"),
    Column("neighbours", "Statistical neighbours"),
    Column("region", "Region"),
    Column("england", "England"),
)

FINDING_COLUMNS = (
    Column("visit", "Visit"),
    Column("audits", "Cases audited"),
    Column("complete", "Complete"),
    Column("good", "Good or better"),
    Column("escalated", "Escalated"),
    Column("grades", "Overall grades"),
)


def latest_profile_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per indicator at its latest period, with the four series side by side."""
    from desktop_app.profile_rating import format_value

    latest: dict[str, str] = {}
    for entry in document.get("data_profile") or []:
        indicator, period = str(entry.get("indicator", "")), str(entry.get("period", ""))
        if period > latest.get(indicator, ""):
            latest[indicator] = period
    rows: dict[str, dict[str, Any]] = {}
    for entry in document.get("data_profile") or []:
        indicator = str(entry.get("indicator", ""))
        if str(entry.get("period", "")) != latest.get(indicator):
            continue
        row = rows.setdefault(
            indicator,
            {"title": entry.get("title") or indicator, "period": latest[indicator]}
            | dict.fromkeys(SERIES, "–"),
        )
        series = str(entry.get("series", "council"))
        if series in SERIES:
            row[series] = format_value(entry.get("value"), str(entry.get("unit") or ""))
        if series == "neighbours":
            figure = entry.get("neighbours_figure")
            row["neighbours_figure"] = figure if figure in ("mean", "median") else ""
    return list(rows.values())


def neighbours_figure_heading(rows: list[dict[str, Any]]) -> tuple[str, str]:
    """(the neighbours' column heading, a sentence under the card's title or "") saying whether
    the bundle's neighbours' figures are their mean or median. Bundles made before the figure
    was carried (and hand-typed values) do not say; then the heading says "not stated"."""
    figures = [row["neighbours_figure"] for row in rows if "neighbours_figure" in row]
    stated = {figure for figure in figures if figure}
    if not figures:
        return "Statistical neighbours", ""
    if len(stated) == 1 and all(figures):
        figure = stated.pop()
        return (
            f"Statistical neighbours ({figure})",
            f"The neighbours' figures are the {figure} of the council's statistical neighbours "
            "(DfE published figures).",
        )
    if not stated:
        return (
            "Statistical neighbours (not stated)",
            "The bundle does not say whether the neighbours' figures are their mean or median "
            "(typed by hand, or sent by an older version of Critical Friend).",
        )
    for row in rows:
        if row.get("neighbours_figure"):
            row["neighbours"] = f"{row['neighbours']} ({row['neighbours_figure']})"
    return (
        "Statistical neighbours",
        "Each neighbours' figure says whether it is their mean or median; those without a word "
        "do not say (typed by hand).",
    )


def finding_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for visit in document.get("visits") or []:
        findings = visit.get("findings") or {}
        good = findings.get("good_or_better_percent")
        grades = findings.get("overall_grades") or {}
        rows.append(
            {
                "visit": visit.get("title", "Visit"),
                "audits": findings.get("audits", 0),
                "complete": findings.get("complete", 0),
                "good": "–" if good is None else f"{good}%",
                "escalated": findings.get("escalated", 0),
                "grades": ", ".join(f"{label} {count}" for label, count in grades.items()),
            }
        )
    return rows


def _table(columns: tuple[Column, ...], rows: list[dict[str, Any]], name: str) -> QTableView:
    model = RowsTableModel(columns)
    model.set_rows(rows)
    table = QTableView()
    table.setModel(model)
    model.setParent(table)
    table.setAccessibleName(name)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setMinimumHeight(min(420, 40 + 30 * max(1, len(rows))))
    return table


class BundleDataView(QScrollArea):
    """Two cards: the data profile the bundle carries and its visits' audit findings."""

    def __init__(self, document: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setObjectName("BundleDataView")
        body = QWidget()
        body.setObjectName("ScrollContent")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 8, 8, 8)
        layout.setSpacing(12)
        self.profile_rows = latest_profile_rows(document)
        self.finding_rows = finding_rows(document)
        profile = Card("Data profile (latest period of each indicator)")
        if self.profile_rows:
            heading, note = neighbours_figure_heading(self.profile_rows)
            if note:
                hint = _empty(note)
                hint.setObjectName("NeighboursFigureNote")
                hint.setWordWrap(True)
                profile.body.addWidget(hint)
            columns = tuple(
                replace(column, title=heading) if column.key == "neighbours" else column
                for column in PROFILE_COLUMNS
            )
            profile.body.addWidget(_table(columns, self.profile_rows, "Data profile"))
        else:
            profile.body.addWidget(_empty("The bundle carries no data profile."))
        layout.addWidget(profile)
        findings = Card("Case-file audit findings")
        if self.finding_rows:
            findings.body.addWidget(_table(FINDING_COLUMNS, self.finding_rows, "Audit findings"))
        else:
            findings.body.addWidget(_empty("The bundle carries no visits or audit findings."))
        layout.addWidget(findings)
        layout.addStretch(1)
        self.setWidget(body)


def _empty(text: str) -> QLabel:
    label = plain(QLabel(text))
    label.setObjectName("CardHint")
    return label
