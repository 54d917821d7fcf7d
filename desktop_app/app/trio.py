"""The trio side by side: each council's latest self-assessment per ILACS area, and key indicators.

Columns: our own latest self-assessment (its current answers) and, for each peer council, the
newest self-assessment bundle we imported from it. Indicators come from the home's data profile
and each bundle's data profile (or, when a bundle carries none, the values kept for that council
in our own data profile).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from desktop_app.app.context import AppContext
from desktop_app.store.vocabulary import BundleType

EXCERPT_CHARS = 200
KEY_INDICATORS = 8


@dataclass(frozen=True)
class AreaCell:
    grade: str  # the scale label, or "" when not given
    colour: str  # the scale's colour for the grade, or ""
    excerpt: str
    text: str  # the whole "what do we know" answer


@dataclass
class TrioColumn:
    council: str
    source: str  # e.g. "Your self-assessment 2026-27 (draft)" or "Bundle · 2025-26 · trusted"
    period: str
    cells: dict[str, AreaCell] = field(default_factory=dict)
    values: dict[str, dict[str, float]] = field(default_factory=dict)  # indicator → period → value
    # the council's LA code (old 3-digit) from its published figures or its bundle; "" when
    # unknown (no figures imported, or a bundle from before bundles carried it)
    la_code: str = ""


@dataclass(frozen=True)
class IndicatorRow:
    id: str
    title: str
    unit: str
    higher_is_better: bool | None
    period: str  # the period compared (the latest all columns have, else each one's latest)
    values: list[float | None]


@dataclass
class TrioData:
    areas: list[tuple[str, str]]  # (section id, title) of the ILACS areas
    columns: list[TrioColumn]
    indicators: list[IndicatorRow]


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def ilacs_areas(snapshot: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (str(section["id"]), str(section.get("title", section["id"])))
        for section in snapshot.get("sections") or []
        if section.get("kind") == "ilacs_area"
    ]


def area_cells(snapshot: dict[str, Any], answers: dict[str, Any]) -> dict[str, AreaCell]:
    """Each ILACS area's self-grade (label and colour) and "what do we know" answer."""
    scales = snapshot.get("scales") or {}
    cells: dict[str, AreaCell] = {}
    for section in snapshot.get("sections") or []:
        if section.get("kind") != "ilacs_area":
            continue
        questions = section.get("questions") or []
        grade_label = colour = know = ""
        for question in questions:
            if question.get("role") == "self_grade" and not grade_label:
                value = answers.get(question["id"])
                scale = scales.get(question.get("scale") or "") or {}
                for item in scale.get("values") or []:
                    if item.get("id") == value:
                        grade_label, colour = str(item["label"]), str(item.get("colour", ""))
            elif question.get("type") == "long_text" and not question.get("role") and not know:
                value = answers.get(question["id"])
                know = value if isinstance(value, str) else ""
        cells[str(section["id"])] = AreaCell(grade_label, colour, excerpt(know), know)
    return cells


def _home_column(session: Any) -> tuple[TrioColumn, list[tuple[str, str]]] | None:
    from sqlmodel import col, select

    from desktop_app.store.models import Assessment, IndicatorValue, Record
    from desktop_app.store.repositories.listing import ASSESSMENT_STATUSES
    from desktop_app.store.repositories.organisations import home_organisation
    from desktop_app.store.repositories.records import definition_snapshot, shared_answers

    home = home_organisation(session)
    if home is None:
        return None
    assessment = session.exec(
        select(Assessment)
        .where(Assessment.organisation_id == home.id)
        .order_by(col(Assessment.period).desc())
    ).first()
    column = TrioColumn(home.name, "Your council: no self-assessment yet", "")
    areas: list[tuple[str, str]] = []
    if assessment is not None:
        record = session.get(Record, assessment.record_id)
        snapshot = definition_snapshot(session, record.definition_id)
        status = ASSESSMENT_STATUSES.get(assessment.status, assessment.status).lower()
        column.source = f"Your self-assessment {assessment.period} ({status})"
        column.period = assessment.period
        column.cells = area_cells(snapshot, shared_answers(session, assessment.record_id))
        areas = ilacs_areas(snapshot)
    rows = session.exec(
        select(IndicatorValue).where(
            IndicatorValue.organisation_id == home.id, IndicatorValue.series == "council"
        )
    )
    for row in rows:
        column.values.setdefault(row.indicator_id, {})[row.period] = row.value
    from desktop_app.store.repositories.published import published_profile

    profile = published_profile(session, home.id) if home.id is not None else None
    column.la_code = profile.old_la_code if profile is not None else ""
    return column, areas


def _stored_values(session: Any, council: str) -> dict[str, dict[str, float]]:
    from sqlmodel import select

    from desktop_app.store.models import IndicatorValue, Organisation

    organisation = session.exec(select(Organisation).where(Organisation.name == council)).first()
    values: dict[str, dict[str, float]] = {}
    if organisation is None:
        return values
    rows = session.exec(
        select(IndicatorValue).where(
            IndicatorValue.organisation_id == organisation.id, IndicatorValue.series == "council"
        )
    )
    for row in rows:
        values.setdefault(row.indicator_id, {})[row.period] = row.value
    return values


def _peer_columns(session: Any) -> list[tuple[TrioColumn, list[tuple[str, str]]]]:
    from sqlmodel import col, select

    from desktop_app.store.models import ImportedBundle

    newest: dict[str, tuple[tuple[str, int], TrioColumn, list[tuple[str, str]]]] = {}
    bundles = session.exec(
        select(ImportedBundle).where(
            col(ImportedBundle.bundle_type).not_in(
                (BundleType.RESPONSE, BundleType.CHALLENGE_REPLY)
            )
        )
    )
    for bundle in bundles:
        document = json.loads(bundle.document)
        assessments = document.get("assessments") or []
        if not assessments:
            continue
        latest = max(assessments, key=lambda entry: str(entry.get("period", "")))
        council = str(latest.get("organisation") or bundle.source_organisation)
        key = (str(latest.get("period", "")), int(bundle.sequence or 0))
        if council in newest and newest[council][0] >= key:
            continue
        snapshot = (document.get("definitions") or {}).get(latest.get("definition")) or {}
        trust = "trusted" if bundle.trusted else "signer not trusted"
        column = TrioColumn(council, f"Bundle · {key[0]} · {trust}", key[0])
        sender = document.get("organisation") or {}
        if isinstance(sender, dict) and sender.get("name", council) == council:
            column.la_code = str(sender.get("la_code") or sender.get("new_la_code") or "")
        column.cells = area_cells(snapshot, latest.get("answers") or {})
        for entry in document.get("data_profile") or []:
            if _council_value(entry, council):
                by_period = column.values.setdefault(str(entry["indicator"]), {})
                by_period[str(entry["period"])] = float(entry["value"])
        if not column.values:
            column.values = _stored_values(session, council)
        newest[council] = (key, column, ilacs_areas(snapshot))
    return [(column, areas) for _key, column, areas in sorted(newest.values(), key=_by_council)]


def _council_value(entry: dict[str, Any], council: str) -> bool:
    return (
        entry.get("series", "council") == "council"
        and entry.get("value") is not None
        and entry.get("organisation", council) == council
    )


def _by_council(item: tuple[Any, TrioColumn, Any]) -> str:
    return item[1].council


def _indicator_rows(session: Any, columns: list[TrioColumn]) -> list[IndicatorRow]:
    from desktop_app.store.repositories.data_profile import list_indicators

    rows: list[IndicatorRow] = []
    for indicator in list_indicators(session):
        held = [column.values.get(indicator.id, {}) for column in columns]
        if sum(1 for values in held if values) < 2:
            continue
        shared = set.intersection(*(set(values) for values in held if values))
        period = max(shared) if shared else ""
        values = [
            values.get(period) if period else (values[max(values)] if values else None)
            for values in held
        ]
        rows.append(
            IndicatorRow(
                indicator.id,
                indicator.title,
                indicator.unit,
                indicator.higher_is_better,
                period or "latest of each",
                values,
            )
        )
    complete = [row for row in rows if all(v is not None for v in row.values)]
    partial = [row for row in rows if row not in complete]
    return (complete + partial)[:KEY_INDICATORS]


def trio_data(ctx: AppContext) -> TrioData:
    """Everything the trio view shows, read in one short session."""
    with ctx.database.session() as session:
        home = _home_column(session)
        pairs = ([home] if home is not None else []) + _peer_columns(session)
        columns = [column for column, _areas in pairs]
        areas: list[tuple[str, str]] = []
        for _column, column_areas in pairs:
            for area in column_areas:
                if area[0] not in {known for known, _title in areas}:
                    areas.append(area)
        return TrioData(areas, columns, _indicator_rows(session, columns))
