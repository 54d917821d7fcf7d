"""Figures from the DfE's published tables: a council's, its region's, England's and its
statistical neighbours' (mean and median), and every LA's for benchmarking.

The region is the one the DfE files give the LA (``region_code``; London boroughs are in Inner
or Outer London, as the files have them). Neighbours' mean and median are over the neighbours
whose cell is a number; suppressed neighbours are left out and counted. Rates per 10,000
children divide a count by the ONS mid-year estimate of children aged 0 to 17 for the mid-year
before the reporting year ends (time_period 2025, the year to 31 March 2025, uses mid-2024), as
the DfE does in its own rates.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from audit_tool.published.measures import (
    CATALOGUE_SOURCES,
    Measure,
    PublishedTable,
    Source,
    identify_table,
)
from audit_tool.published.neighbours import NeighbourModel
from audit_tool.published.tidy import (
    Cell,
    Level,
    PublishedDataError,
    Suppressed,
    TidyTable,
    product_period,
)

ENGLAND = "england"


@dataclass(frozen=True, slots=True)
class LocalAuthority:
    """An LA as the DfE files name it: old 3-digit code, new E-code, name and region."""

    old_code: str
    new_code: str
    name: str
    region_code: str
    region_name: str


@dataclass
class PublishedData:
    """The tables read so far (by table), and every LA the files name."""

    tables: dict[PublishedTable, TidyTable] = field(default_factory=dict)
    authorities: dict[str, LocalAuthority] = field(default_factory=dict)  # by old code
    region_names: dict[str, str] = field(default_factory=dict)

    def add(self, table: TidyTable) -> PublishedTable:
        """Add a tidy table; raises PublishedDataError naming the file when it is not one of
        the tables this app reads (see :mod:`audit_tool.published.measures`)."""
        kind = identify_table(table.columns)
        if kind is None:
            raise PublishedDataError(
                f"{table.name} is a DfE tidy file but not one of the tables this app reads "
                "(referrals, CP plans, children looked after, placement stability, care "
                "leavers, workforce, ONS population); add an indicator mapping for it first."
            )
        self.tables[kind] = table
        for row in table.rows:
            if row.level == Level.LOCAL_AUTHORITY and row.old_la_code:
                self.authorities.setdefault(
                    row.old_la_code,
                    LocalAuthority(
                        row.old_la_code,
                        row.new_la_code,
                        row.cells.get("la_name", ""),
                        row.region_code,
                        row.cells.get("region_name", ""),
                    ),
                )
            if row.level == Level.REGIONAL and row.region_code:
                self.region_names.setdefault(row.region_code, row.cells.get("region_name", ""))
        return kind

    def authority(self, code: str) -> LocalAuthority:
        """The LA with old code ``301`` or new code ``E09000002``; PublishedDataError if the
        files name no such LA."""
        code = code.strip()
        if code in self.authorities:
            return self.authorities[code]
        for authority in self.authorities.values():
            if authority.new_code.casefold() == code.casefold():
                return authority
        raise PublishedDataError(
            f"No local authority has the code '{code}' in the files read; use the DfE's "
            "3-digit code (e.g. 301) or the ONS E-code (e.g. E09000002)."
        )


def read_published_files(paths: Iterable[Path]) -> tuple[PublishedData, NeighbourModel | None]:
    """Read DfE tidy CSVs and neighbour models among ``paths`` (when several models are given,
    the newest by the year in its name is used); raises PublishedDataError for the first file
    that is neither (naming it)."""
    from audit_tool.published.neighbours import parse_neighbour_model
    from audit_tool.published.tidy import decode_text, parse_tidy_text

    data = PublishedData()
    model: NeighbourModel | None = None
    for path in paths:
        if path.suffix.lower() != ".csv":
            raise PublishedDataError(
                f"{path.name} is not a CSV file; choose the DfE's tidy CSV files."
            )
        try:
            text = decode_text(path.name, path.read_bytes())
        except OSError as exc:
            raise PublishedDataError(f"Cannot read {path.name}: {exc.strerror or exc}.") from exc
        first_line = text.split("\n", 1)[0].casefold().replace("_", "")
        if "sn1" in first_line and "timeperiod" not in first_line:
            found = parse_neighbour_model(path.name, text)
            if model is None or found.name > model.name:
                model = found
        else:
            data.add(parse_tidy_text(path.name, text))
    return data, model


def _matches(cells: Mapping[str, str], filters: list[tuple[str, str]]) -> bool:
    return all(cells.get(column, "").strip().casefold() == value for column, value in filters)


Key = tuple[str, str]  # (geography, product period): geography is an old LA code, a region code
# or ENGLAND


def measure_cells(data: PublishedData, measure: Measure) -> dict[Key, Cell]:
    """Every geography's and period's value of ``measure`` ({} when its table is not read)."""
    table = data.tables.get(measure.table)
    if table is None:
        return {}
    population = _population(data) if measure.per_10000 else {}
    cells: dict[Key, Cell] = {}
    filters = [(column, value.casefold()) for column, value in measure.filters.items()]
    for row in table.rows:
        if filters and not _matches(row.cells, filters):
            continue
        geography = _geography(row.level, row.old_la_code, row.region_code)
        if geography is None:
            continue
        period = product_period(row.time_period, census_30_september=measure.census_30_september)
        value = table.cell(row, measure.column)
        if measure.per_10000 and isinstance(value, float):
            children = population.get((geography, str(int(row.time_period[:4]) - 1)))
            value = round(value / children * 10_000, 1) if isinstance(children, float) else None
        cells.setdefault((geography, period), value)
    return cells


def _geography(level: str, old_code: str, region_code: str) -> str | None:
    if level == Level.NATIONAL:
        return ENGLAND
    if level == Level.REGIONAL and region_code:
        return region_code
    if level == Level.LOCAL_AUTHORITY and old_code:
        return old_code
    return None


def _population(data: PublishedData) -> dict[tuple[str, str], Cell]:
    table = data.tables.get(PublishedTable.POPULATION)
    if table is None:
        raise PublishedDataError(
            "Rates per 10,000 children need the ONS population file "
            "(ons_mid-year_population_estimates); add it to the files imported."
        )
    found: dict[tuple[str, str], Cell] = {}
    for row in table.rows:
        geography = _geography(row.level, row.old_la_code, row.region_code)
        if geography is not None and "0 to 17" in row.cells.get("age_group", "0 to 17"):
            found[(geography, row.time_period)] = table.cell(row, "population_estimate")
    return found


@dataclass(frozen=True, slots=True)
class CouncilFigure:
    """One indicator and period for a council: its cell, its region's, England's, and its
    neighbours' mean and median (None when no neighbour has a number), how many neighbours
    had a number, and the suppression codes of suppressed cells by series."""

    indicator_id: str
    period: str
    council: float | None
    region: float | None
    england: float | None
    neighbours_mean: float | None
    neighbours_median: float | None
    neighbours_counted: int
    suppressed: dict[str, str]


def council_figures(
    data: PublishedData,
    authority: LocalAuthority,
    neighbours: list[str],
    sources: Mapping[str, Source] = CATALOGUE_SOURCES,
) -> list[CouncilFigure]:
    """Every indicator and period the tables give for ``authority``, with its comparators.

    Periods where the council, region and England are all missing are left out.
    """
    figures: list[CouncilFigure] = []
    for indicator_id, source in sources.items():
        if not isinstance(source, Measure):
            continue
        cells = measure_cells(data, source)
        periods = sorted({period for geography, period in cells if geography == authority.old_code})
        for period in periods:
            suppressed: dict[str, str] = {}
            values: dict[str, float | None] = {}
            for series, geography in (
                ("council", authority.old_code),
                ("region", authority.region_code),
                ("england", ENGLAND),
            ):
                cell = cells.get((geography, period))
                if isinstance(cell, Suppressed):
                    suppressed[series] = cell.code
                values[series] = cell if isinstance(cell, float) else None
            numbers = [
                cell for code in neighbours if isinstance(cell := cells.get((code, period)), float)
            ]
            if all(value is None for value in values.values()) and not suppressed:
                continue
            figures.append(
                CouncilFigure(
                    indicator_id=indicator_id,
                    period=period,
                    council=values["council"],
                    region=values["region"],
                    england=values["england"],
                    neighbours_mean=statistics.fmean(numbers) if numbers else None,
                    neighbours_median=statistics.median(numbers) if numbers else None,
                    neighbours_counted=len(numbers),
                    suppressed=suppressed,
                )
            )
    return figures
