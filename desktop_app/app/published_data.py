"""Operations on published data: import the DfE's statistics (and Ofsted's outcomes) for the
home council, choose the neighbours' figure shown, and read what the data profile shows of them.

The DfE's 2025 statistical neighbour model ships with the app (``desktop_app/data/
sn_model_2025_wide.csv``); a model file among the files imported (such as the 2021 one)
replaces it for that import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from audit_tool.published.figures import PublishedData, council_figures, read_published_files
from audit_tool.published.measures import CATALOGUE_SOURCES, Measure, source_text
from audit_tool.published.neighbours import NeighbourModel, parse_neighbour_model
from audit_tool.published.ofsted import OfstedOutcome, read_ofsted_outcomes
from audit_tool.published.tidy import PublishedDataError
from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.errors import UserError
from desktop_app.progress import NoProgress, ProgressSink

NeighbourFigure = Literal["mean", "median"]
SHIPPED_MODEL = "data/sn_model_2025_wide.csv"
OFSTED_SUFFIXES = frozenset({".ods", ".xlsx", ".xls"})
PUBLISHED_FILES = "published_files"  # setting: the files last imported or benchmarked
PUBLISHED_LA = "published_la"  # setting: the LA code they were for


def neighbour_label(shown: str) -> str:
    """How the neighbours' figure is named on every screen and report."""
    return f"Statistical neighbours ({'mean' if shown == 'mean' else 'median'})"


def shipped_model() -> NeighbourModel:
    """The DfE 2025 statistical neighbour model shipped with the app."""
    text = resources.files("desktop_app").joinpath(SHIPPED_MODEL).read_text("utf-8-sig")
    return parse_neighbour_model("sn_model_2025_wide.csv", text)


@dataclass(frozen=True)
class ImportPublished:
    """DfE tidy CSVs (and optionally a neighbour model CSV and Ofsted's outcomes ODS) to import
    for the LA with ``la_code`` (old 3-digit or new E-code); ``shown`` the neighbours' figure
    (None keeps the earlier choice; the median at first)."""

    files: tuple[Path, ...]
    la_code: str
    shown: NeighbourFigure | None = None


@dataclass(frozen=True)
class PublishedImported:
    """What an import stored."""

    la_name: str
    old_la_code: str
    new_la_code: str
    region_name: str
    neighbour_model: str
    neighbour_names: list[str]
    figures_stored: int
    suppressed: int
    periods: list[str]
    ofsted_outcomes: int
    changed: Changed = Changed.PROFILE


def _read_files(
    files: tuple[Path, ...],
) -> tuple[PublishedData, NeighbourModel | None, list[OfstedOutcome], str]:
    tidy: list[Path] = []
    outcomes: list[OfstedOutcome] = []
    ofsted_name = ""
    for path in files:
        if not path.is_file():
            raise UserError(f"There is no file {path}; check the name and try again.")
        if path.suffix.lower() in OFSTED_SUFFIXES:
            outcomes = read_ofsted_outcomes(path)
            ofsted_name = path.name
        else:
            tidy.append(path)
    data, model = read_published_files(tidy)
    return data, model, outcomes, ofsted_name


def import_published(
    ctx: AppContext, request: ImportPublished, progress: ProgressSink | None = None
) -> PublishedImported:
    """Read the files, work out the council's, region's, England's and neighbours' figures for
    every indicator and year they hold, and store them (replacing an earlier import).

    Raises UserError (one sentence naming the file and what is wrong) for a file that is not a
    DfE tidy CSV, neighbour model or Ofsted outcomes workbook, an LA code the files do not
    name, or a home with no council set up. Nothing is stored unless every file is good.
    """
    from desktop_app.store.repositories.data_profile import ensure_catalogue
    from desktop_app.store.repositories.organisations import home_organisation
    from desktop_app.store.repositories.published import store_ofsted_outcomes, store_published

    sink = progress or NoProgress()
    if not request.files:
        raise UserError("Name at least one published file to import.")
    sink.report(0, 3, "Reading the published files")
    try:
        data, model, outcomes, ofsted_name = _read_files(request.files)
        if not data.tables and not outcomes:
            raise PublishedDataError(
                "None of the files is a DfE statistics table or Ofsted's outcomes workbook; "
                "choose the tidy CSVs downloaded from Explore Education Statistics."
            )
        model = model or shipped_model()
        authority = data.authority(request.la_code) if data.tables else None
        neighbours = model.of(authority.old_code) if authority is not None else []
        mapped = {**CATALOGUE_SOURCES, **_user_sources(ctx)}
        figures = council_figures(data, authority, neighbours, mapped) if authority else []
    except PublishedDataError as exc:
        raise UserError(str(exc)) from exc
    sink.report(1, 3, "Working out the figures")
    sources = {
        indicator_id: data.tables[source.table].name
        for indicator_id, source in mapped.items()
        if isinstance(source, Measure) and source.table in data.tables
    }
    old_codes = {la.new_code: la.old_code for la in data.authorities.values()}
    names = {code: data.authorities[code].name for code in neighbours if code in data.authorities}
    sink.report(2, 3, "Storing the figures")
    with ctx.database.session() as session:
        home = home_organisation(session)
        if home is None or home.id is None:
            raise UserError(
                "No home council is set up yet; set it with 'critical-friend council set NAME' (or in "
                "Keys & settings), then try again."
            )
        ensure_catalogue(session)
        stored = 0
        if authority is not None:
            stored = store_published(
                session,
                home.id,
                authority,
                model.name,
                neighbours,
                figures,
                sources,
                request.shown,
            )
        if outcomes:
            store_ofsted_outcomes(session, outcomes, old_codes, ofsted_name)
        if authority is not None:
            from desktop_app.store.repositories.settings import set_setting

            set_setting(session, PUBLISHED_FILES, [str(path.resolve()) for path in request.files])
            set_setting(session, PUBLISHED_LA, authority.old_code)
    sink.report(3, 3, "Done")
    return PublishedImported(
        la_name=authority.name if authority else "",
        old_la_code=authority.old_code if authority else "",
        new_la_code=authority.new_code if authority else "",
        region_name=authority.region_name if authority else "",
        neighbour_model=model.name,
        neighbour_names=[names.get(code, model.names.get(code, code)) for code in neighbours],
        figures_stored=stored,
        suppressed=sum(len(figure.suppressed) for figure in figures),
        periods=sorted({figure.period for figure in figures}),
        ofsted_outcomes=len(outcomes),
    )


def _user_sources(ctx: AppContext) -> dict[str, Measure]:
    from desktop_app.store.repositories.published import indicator_sources

    with ctx.database.session() as session:
        return indicator_sources(session)


def indicator_source_texts(ctx: AppContext) -> dict[str, str]:
    """For each mapped indicator (shipped and the users' own): one sentence saying where it is
    published, or why it is not."""
    sources: dict[str, Measure | Any] = {**CATALOGUE_SOURCES, **_user_sources(ctx)}
    return {indicator_id: source_text(source) for indicator_id, source in sources.items()}


def parse_filter(text: str) -> tuple[str, str]:
    """One row filter written ``column=value`` (e.g. ``population_type=Children looked
    after``) as (column, value); UserError naming the text when it has no ``=`` or column."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise UserError(f"'{text}' is not a filter like population_type=Children looked after.")
    return name.strip(), value.strip()


def parse_filters(text: str) -> tuple[tuple[str, str], ...]:
    """Filters written on one line, separated by semicolons (``a=b; c=d``); blank is none."""
    return tuple(parse_filter(item) for item in text.split(";") if item.strip())


@dataclass(frozen=True)
class AddPublishedIndicator:
    """A user's own indicator taken from a published table: ``table`` one of
    :class:`audit_tool.published.measures.PublishedTable`'s values (e.g. ``c1_referrals``),
    ``column`` the measure column, ``filters`` the rows' column values, ``per_10000`` to divide
    a count by the ONS population of children."""

    title: str
    table: str
    column: str
    filters: tuple[tuple[str, str], ...] = ()
    unit: str = ""
    higher_is_better: bool | None = None
    per_10000: bool = False


@dataclass(frozen=True)
class PublishedIndicatorAdded:
    indicator_id: str
    source: str  # one sentence: where it is published
    changed: Changed = Changed.PROFILE


def add_published_indicator(
    ctx: AppContext, request: AddPublishedIndicator
) -> PublishedIndicatorAdded:
    """Add an indicator with its own mapping to a published table; the next import fills it.

    Raises UserError for an unknown table or an empty title or column.
    """
    from audit_tool.published.measures import PublishedTable
    from desktop_app.store.repositories.assessments import AssessmentError
    from desktop_app.store.repositories.data_profile import add_indicator, ensure_catalogue
    from desktop_app.store.repositories.published import store_indicator_source

    try:
        table = PublishedTable(request.table)
    except ValueError:
        known = ", ".join(item.value for item in PublishedTable)
        raise UserError(
            f"'{request.table}' is not a published table; use one of {known}."
        ) from None
    column = request.column.strip().lower()
    if not column:
        raise UserError("Name the measure column of the published table (e.g. rereferral_percent).")
    measure = Measure(
        table,
        column,
        {name.strip().lower(): value.strip() for name, value in request.filters},
        per_10000=request.per_10000,
        census_30_september=table == PublishedTable.WORKFORCE,
    )
    with ctx.database.session() as session:
        ensure_catalogue(session)
        try:
            indicator = add_indicator(
                session,
                request.title,
                unit=request.unit,
                higher_is_better=request.higher_is_better,
                description=measure.describe(),
            )
        except AssessmentError as exc:
            raise UserError(str(exc)) from exc
        store_indicator_source(session, indicator.id, measure)
    return PublishedIndicatorAdded(indicator.id, source_text(measure))


@dataclass(frozen=True)
class ChooseNeighbourFigure:
    """Show the neighbours' mean or median from now on."""

    shown: NeighbourFigure


@dataclass(frozen=True)
class NeighbourFigureChosen:
    shown: NeighbourFigure
    changed: Changed = Changed.PROFILE


def choose_neighbour_figure(
    ctx: AppContext, request: ChooseNeighbourFigure
) -> NeighbourFigureChosen:
    """Switch the profile's neighbours' series to the stored mean or median; UserError when
    nothing is imported yet."""
    from desktop_app.store.repositories.organisations import home_organisation
    from desktop_app.store.repositories.published import set_neighbours_shown

    with ctx.database.session() as session:
        home = home_organisation(session)
        if home is None or home.id is None:
            raise UserError(
                "No home council is set up yet; set it with 'critical-friend council set NAME' "
                "(or in Keys & settings), then try again."
            )
        try:
            set_neighbours_shown(session, home.id, request.shown)
        except LookupError as exc:
            raise UserError(str(exc)) from exc
    return NeighbourFigureChosen(request.shown)


@dataclass(frozen=True)
class OfstedJudgements:
    """An LA's latest Ofsted judgements as shown in the profile and trio view."""

    la_name: str
    inspection_date: dt.date | None
    overall: str
    leaders: str
    help_and_protection: str
    children_in_care: str
    care_leavers: str


@dataclass(frozen=True)
class PublishedSummary:
    """What the data profile shows about published figures (empty when none imported)."""

    la_name: str = ""
    old_la_code: str = ""
    region_name: str = ""
    neighbour_model: str = ""
    neighbours_shown: NeighbourFigure = "median"
    neighbours: list[tuple[str, str]] = field(default_factory=list)  # (old code, name)
    council_ofsted: OfstedJudgements | None = None
    neighbours_ofsted: list[OfstedJudgements] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # indicator id -> one sentence

    @property
    def imported(self) -> bool:
        return bool(self.old_la_code)

    @property
    def neighbour_label(self) -> str:
        return neighbour_label(self.neighbours_shown)


def _judgements(row: Any) -> OfstedJudgements:
    return OfstedJudgements(
        la_name=row.la_name,
        inspection_date=row.inspection_date,
        overall=row.overall,
        leaders=row.leaders,
        help_and_protection=row.help_and_protection,
        children_in_care=row.children_in_care,
        care_leavers=row.care_leavers,
    )


def published_summary(ctx: AppContext) -> PublishedSummary:
    """The home council's published-data context for the data profile."""
    from desktop_app.store.repositories.organisations import home_organisation
    from desktop_app.store.repositories.published import (
        neighbour_codes,
        ofsted_outcomes,
        published_profile,
    )

    sources = {key: source_text(source) for key, source in CATALOGUE_SOURCES.items()}
    with ctx.database.session() as session:
        home = home_organisation(session)
        profile = published_profile(session, home.id) if home and home.id else None
        if profile is None:
            return PublishedSummary(sources=sources)
        codes = neighbour_codes(profile)
        outcomes = {row.old_la_code: row for row in ofsted_outcomes(session)}
        model_names = shipped_model().names
        council = outcomes.get(profile.old_la_code)
        return PublishedSummary(
            la_name=profile.la_name,
            old_la_code=profile.old_la_code,
            region_name=profile.region_name,
            neighbour_model=profile.neighbour_model,
            neighbours_shown="mean" if profile.neighbours_shown == "mean" else "median",
            neighbours=[
                (
                    code,
                    outcomes[code].la_name if code in outcomes else model_names.get(code, code),
                )
                for code in codes
            ],
            council_ofsted=_judgements(council) if council is not None else None,
            neighbours_ofsted=[_judgements(outcomes[code]) for code in codes if code in outcomes],
            sources=sources,
        )


OfstedMatch = Literal["code", "name", ""]


@dataclass(frozen=True)
class CouncilOfsted:
    """A council's latest Ofsted judgements for the trio view and how they were found:
    ``matched_by`` "code" (its LA code), "name" (its name, for a bundle from before bundles
    carried the LA code) or "" (not found)."""

    judgements: OfstedJudgements | None
    matched_by: OfstedMatch


def _plain_council_name(name: str) -> str:
    words = [
        word
        for word in name.casefold().replace(",", " ").split()
        if word not in {"council", "borough", "city", "county", "metropolitan", "of", "the"}
    ]
    return " ".join(words)


def ofsted_for_councils(ctx: AppContext, councils: list[tuple[str, str]]) -> list[CouncilOfsted]:
    """Each (council name, LA code) pair's stored Ofsted judgements, in order. A council with
    an LA code (old 3-digit or E-code) is matched by that code only; one without (an older
    bundle) by its name as Ofsted spells it, ignoring words such as "Council" and "Borough"."""
    from desktop_app.store.repositories.published import ofsted_outcomes

    with ctx.database.session() as session:
        rows = ofsted_outcomes(session)
    by_code = {code: row for row in rows for code in (row.old_la_code, row.la_code) if code}
    by_name = {_plain_council_name(row.la_name): row for row in rows}
    found: list[CouncilOfsted] = []
    for name, code in councils:
        if code:
            row = by_code.get(code.strip().upper())
            found.append(CouncilOfsted(_judgements(row) if row else None, "code" if row else ""))
        else:
            row = by_name.get(_plain_council_name(name))
            found.append(CouncilOfsted(_judgements(row) if row else None, "name" if row else ""))
    return found


def profile_listing(ctx: AppContext, period: str | None = None) -> list[dict[str, Any]]:
    """``data list`` rows: the profile's values with, for published figures, the neighbours'
    mean and median, which is shown, the neighbour codes, and suppressed cells as ``null``
    values with their codes under ``suppressed`` (e.g. ``{"council": "c"}``)."""
    from desktop_app.store.repositories.data_profile import profile_rows, profile_table
    from desktop_app.store.repositories.organisations import home_organisation
    from desktop_app.store.repositories.published import (
        neighbour_codes,
        published_cells,
        published_profile,
    )

    with ctx.database.session() as session:
        home = home_organisation(session)
        if home is None or home.id is None:
            raise UserError(
                "No home council is set up yet; set it with 'critical-friend council set NAME' (or in "
                "Keys & settings), then try again."
            )
        table = profile_table(session, home.id)
        rows = profile_rows(table, period)
        profile = published_profile(session, home.id)
        cells = published_cells(session, home.id) if profile else {}
        codes = neighbour_codes(profile) if profile else []
        shown = profile.neighbours_shown if profile else None
    listed = {(row["indicator"], row["period"]) for row in rows}
    by_id = {indicator.id: indicator for indicator in table.indicators}
    for indicator_id, each in sorted(cells):
        if (indicator_id, each) in listed or (period and each != period):
            continue
        indicator = by_id.get(indicator_id)
        rows.append(
            {
                "indicator": indicator_id,
                "title": indicator.title if indicator else indicator_id,
                "unit": indicator.unit if indicator else "",
                "period": each,
                "council": None,
                "neighbours": None,
                "region": None,
                "england": None,
                "rag": None,
                "trend": None,
            }
        )
    for row in rows:
        series = cells.get((row["indicator"], row["period"]), {})
        mean = series.get("neighbours_mean")
        median = series.get("neighbours_median")
        row["neighbours_mean"] = mean.value if mean else None
        row["neighbours_median"] = median.value if median else None
        row["neighbours_shown"] = shown if series else None
        row["neighbour_codes"] = codes if series else []
        suppressed = {
            name: cell.suppressed for name, cell in series.items() if cell.suppressed is not None
        }
        if suppressed:
            row["suppressed"] = suppressed
    return rows
