"""Stored published figures: a council's DfE values with their neighbours' mean and median,
the neighbour model in use, the neighbour figure shown, and Ofsted's outcomes.

The data profile's own values (``indicator_value``) are kept in step: importing published
figures writes the council's, region's and England's values and the neighbours' figure the user
chose (mean or median) as the ``neighbours`` series, so every screen, report and bundle that
reads the profile shows them; choosing the other figure rewrites that series from
``published_value``. A suppressed cell is stored with its code and no value.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import delete
from sqlmodel import Session, col, select

from audit_tool.published.figures import CouncilFigure, LocalAuthority
from audit_tool.published.measures import Measure, PublishedTable
from audit_tool.published.ofsted import OfstedOutcome
from desktop_app.store.models import (
    IndicatorSource,
    IndicatorValue,
    OfstedOutcomeRow,
    PublishedProfile,
    PublishedValue,
)
from desktop_app.store.models.core import utcnow

NeighbourFigure = Literal["mean", "median"]
NEIGHBOUR_FIGURES: tuple[NeighbourFigure, ...] = ("median", "mean")
PUBLISHED_SERIES = ("council", "region", "england", "neighbours_mean", "neighbours_median")
_PROFILE_SERIES = ("council", "region", "england", "neighbours")


@dataclass(frozen=True)
class PublishedCell:
    """A stored published figure: the number (None if suppressed) and the suppression code."""

    value: float | None
    suppressed: str | None
    neighbours_counted: int | None = None


def store_published(
    session: Session,
    organisation_id: int,
    authority: LocalAuthority,
    model_name: str,
    neighbours: Sequence[str],
    figures: Iterable[CouncilFigure],
    sources: dict[str, str],
    shown: NeighbourFigure | None = None,
) -> int:
    """Replace the council's published figures with ``figures`` (all in one bulk insert) and
    bring the profile's values in step; returns the number of figures stored.

    ``sources`` maps indicator id to the file it came from; ``shown`` keeps the earlier choice
    when None (the median for a first import, as the DfE's current dashboard shows).
    """
    profile = session.get(PublishedProfile, organisation_id)
    chosen: NeighbourFigure = shown or (
        "mean" if profile is not None and profile.neighbours_shown == "mean" else "median"
    )
    if profile is None:
        profile = PublishedProfile(organisation_id=organisation_id, old_la_code=authority.old_code)
    profile.old_la_code = authority.old_code
    profile.new_la_code = authority.new_code
    profile.la_name = authority.name
    profile.region_code = authority.region_code
    profile.region_name = authority.region_name
    profile.neighbour_model = model_name
    profile.neighbour_codes = json.dumps(list(neighbours))
    profile.neighbours_shown = chosen
    profile.imported_at = utcnow()
    session.add(profile)
    session.flush()
    rows: list[tuple[object, ...]] = []
    for figure in figures:
        source = sources.get(figure.indicator_id, "")
        for series, value in (
            ("council", figure.council),
            ("region", figure.region),
            ("england", figure.england),
            ("neighbours_mean", figure.neighbours_mean),
            ("neighbours_median", figure.neighbours_median),
        ):
            code = figure.suppressed.get(series)
            if value is None and code is None:
                continue
            counted = figure.neighbours_counted if series.startswith("neighbours") else None
            rows.append(
                (
                    organisation_id,
                    figure.indicator_id,
                    figure.period,
                    series,
                    value,
                    code,
                    counted,
                    source,
                )
            )
    table = PublishedValue.__table__  # type: ignore[attr-defined]
    session.execute(delete(table).where(table.c.organisation_id == organisation_id))
    session.connection().exec_driver_sql(
        "INSERT INTO published_value (organisation_id, indicator_id, period, series, value, "
        "suppressed, neighbours_counted, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    _sync_profile_values(session, organisation_id, chosen)
    return len(rows)


def set_neighbours_shown(session: Session, organisation_id: int, shown: NeighbourFigure) -> None:
    """Show the neighbours' ``shown`` figure in the profile from now on (rewrites the
    ``neighbours`` series from the stored published figures)."""
    profile = session.get(PublishedProfile, organisation_id)
    if profile is None:
        raise LookupError(
            "No published figures are imported yet; import the DfE's files first "
            "(data import-published)."
        )
    profile.neighbours_shown = shown
    session.add(profile)
    session.flush()
    _sync_profile_values(session, organisation_id, shown)


def _sync_profile_values(session: Session, organisation_id: int, shown: NeighbourFigure) -> None:
    """Make indicator_value hold the published figures (the chosen neighbours' figure as the
    ``neighbours`` series) for every indicator and period that has published figures."""
    published = session.exec(
        select(PublishedValue).where(PublishedValue.organisation_id == organisation_id)
    ).all()
    wanted: dict[tuple[str, str, str], float] = {}
    covered: set[tuple[str, str]] = set()
    neighbour_series = f"neighbours_{shown}"
    for row in published:
        covered.add((row.indicator_id, row.period))
        series = "neighbours" if row.series == neighbour_series else row.series
        if series in _PROFILE_SERIES and row.value is not None:
            wanted[(row.indicator_id, row.period, series)] = row.value
    table = IndicatorValue.__table__  # type: ignore[attr-defined]
    existing = session.exec(
        select(IndicatorValue).where(IndicatorValue.organisation_id == organisation_id)
    ).all()
    stale = [
        row.id
        for row in existing
        if (row.indicator_id, row.period) in covered and row.series in _PROFILE_SERIES
    ]
    for start in range(0, len(stale), 500):
        session.execute(delete(table).where(table.c.id.in_(stale[start : start + 500])))
    session.connection().exec_driver_sql(
        "INSERT INTO indicator_value (organisation_id, indicator_id, period, series, value) "
        "VALUES (?, ?, ?, ?, ?)",
        [(organisation_id, *key, value) for key, value in wanted.items()],
    )
    session.expire_all()


def published_profile(session: Session, organisation_id: int) -> PublishedProfile | None:
    """The council's LA codes, neighbours and neighbour figure shown, if it imported any."""
    return session.get(PublishedProfile, organisation_id)


def neighbour_codes(profile: PublishedProfile) -> list[str]:
    """The profile's neighbours, old LA codes, closest first."""
    return [str(code) for code in json.loads(profile.neighbour_codes or "[]")]


def published_cells(
    session: Session, organisation_id: int
) -> dict[tuple[str, str], dict[str, PublishedCell]]:
    """{(indicator id, period): {series: cell}} of the council's stored published figures."""
    cells: dict[tuple[str, str], dict[str, PublishedCell]] = {}
    for row in session.exec(
        select(PublishedValue).where(PublishedValue.organisation_id == organisation_id)
    ):
        cells.setdefault((row.indicator_id, row.period), {})[row.series] = PublishedCell(
            row.value, row.suppressed, row.neighbours_counted
        )
    return cells


def store_ofsted_outcomes(
    session: Session, outcomes: Iterable[OfstedOutcome], old_codes: dict[str, str], source: str
) -> int:
    """Replace the stored Ofsted outcomes with ``outcomes``; ``old_codes`` maps E-codes to old
    3-digit LA codes (from the DfE files) so neighbours can be matched. Returns how many."""
    table = OfstedOutcomeRow.__table__  # type: ignore[attr-defined]
    session.execute(delete(table))
    count = 0
    for outcome in outcomes:
        session.add(
            OfstedOutcomeRow(
                la_code=outcome.la_code,
                old_la_code=old_codes.get(outcome.la_code, ""),
                la_name=outcome.la_name,
                region=outcome.region,
                inspection_date=outcome.inspection_date,
                publication_date=outcome.publication_date,
                overall=outcome.overall,
                leaders=outcome.leaders,
                help_and_protection=outcome.help_and_protection,
                children_in_care=outcome.children_in_care,
                care_leavers=outcome.care_leavers,
                source=source,
            )
        )
        count += 1
    session.flush()
    return count


def ofsted_outcomes(session: Session, old_codes: Sequence[str] = ()) -> list[OfstedOutcomeRow]:
    """Stored Ofsted outcomes (all, or those of the LAs with these old codes, in that order)."""
    rows = list(session.exec(select(OfstedOutcomeRow).order_by(col(OfstedOutcomeRow.la_name))))
    if not old_codes:
        return rows
    by_code = {row.old_la_code: row for row in rows if row.old_la_code}
    return [by_code[code] for code in old_codes if code in by_code]


def ofsted_outcome_named(session: Session, name: str) -> OfstedOutcomeRow | None:
    """The stored outcome of the LA called ``name`` (case-insensitive), if any."""
    wanted = " ".join(name.split()).casefold()
    for row in session.exec(select(OfstedOutcomeRow)):
        if row.la_name.casefold() == wanted:
            return row
    return None


def store_indicator_source(session: Session, indicator_id: str, measure: Measure) -> None:
    """Record (or replace) the published source of a user's own indicator."""
    row = session.get(IndicatorSource, indicator_id) or IndicatorSource(
        indicator_id=indicator_id, published_table=measure.table.value, measure_column=""
    )
    row.published_table = measure.table.value
    row.measure_column = measure.column
    row.filters = json.dumps(measure.filters)
    row.per_10000 = measure.per_10000
    row.census_30_september = measure.census_30_september
    session.add(row)
    session.flush()


def indicator_sources(session: Session) -> dict[str, Measure]:
    """The users' own indicators' published sources, by indicator id."""
    return {
        row.indicator_id: Measure(
            PublishedTable(row.published_table),
            row.measure_column,
            {str(k): str(v) for k, v in json.loads(row.filters or "{}").items()},
            per_10000=row.per_10000,
            census_30_september=row.census_30_september,
        )
        for row in session.exec(select(IndicatorSource))
    }
