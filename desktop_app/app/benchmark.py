"""The benchmark view's operations: a council against every LA of its region and its
statistical neighbours, for each indicator over the years, from the DfE's published files alone
(no council's bundle, no database), and its export as CSV, XLSX or PDF.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from audit_tool.published.benchmark import IndicatorBenchmark as IndicatorBenchmark
from audit_tool.published.benchmark import benchmark
from audit_tool.published.figures import LocalAuthority, measure_cells, read_published_files
from audit_tool.published.measures import CATALOGUE_SOURCES, Measure
from audit_tool.published.tidy import PublishedDataError
from desktop_app.app.changes import Changed
from desktop_app.app.context import AppContext
from desktop_app.app.published_data import (
    OFSTED_SUFFIXES,
    PUBLISHED_FILES,
    PUBLISHED_LA,
    shipped_model,
)
from desktop_app.errors import UserError
from desktop_app.output_files import describe_write_error, put_in_place
from desktop_app.progress import NoProgress, ProgressSink

ExportFormat = Literal["csv", "xlsx", "pdf"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "xlsx", "pdf")


@dataclass(frozen=True)
class BenchmarkRequest:
    """The DfE tidy CSVs (optionally with a neighbour model CSV; else the shipped 2025 model)
    and the LA (old 3-digit or new E-code) to benchmark."""

    files: tuple[Path, ...]
    la_code: str


@dataclass(frozen=True)
class BenchmarkResult:
    """The council, its neighbours, and each published indicator's benchmarks."""

    authority: LocalAuthority
    neighbour_model: str
    neighbours: list[tuple[str, str]]  # (old code, name)
    indicators: list[IndicatorBenchmark]
    changed: Changed = Changed.NONE


def build_benchmark(
    request: BenchmarkRequest, progress: ProgressSink | None = None
) -> BenchmarkResult:
    """Read the files and rank the council among its region's LAs and its neighbours for every
    catalogue indicator the files publish, in every year they hold.

    Raises UserError with one sentence naming a file that is not a DfE tidy CSV or neighbour
    model, or an LA code the files do not name.
    """
    from desktop_app.store.repositories.data_profile import load_catalogue

    sink = progress or NoProgress()
    for path in request.files:
        if not path.is_file():
            raise UserError(f"There is no file {path}; check the name and try again.")
    sink.report(0, 2, "Reading the published files")
    # Ofsted's outcomes workbook may be among the files imported; the benchmark does not use it.
    files = [path for path in request.files if path.suffix.lower() not in OFSTED_SUFFIXES]
    try:
        data, model = read_published_files(files)
        if not data.tables:
            raise PublishedDataError(
                "None of the files is a DfE statistics table; choose the tidy CSVs downloaded "
                "from Explore Education Statistics."
            )
        model = model or shipped_model()
        authority = data.authority(request.la_code)
        neighbours = model.of(authority.old_code)
        catalogue = {item["id"]: item for item in load_catalogue()}
        indicators: list[IndicatorBenchmark] = []
        sources = [
            (key, source)
            for key, source in CATALOGUE_SOURCES.items()
            if isinstance(source, Measure)
        ]
        for done, (indicator_id, source) in enumerate(sources):
            sink.report(done, len(sources), f"Ranking {indicator_id}")
            cells = measure_cells(data, source)
            if not cells:
                continue
            item = catalogue.get(indicator_id, {})
            higher = item.get("higher_is_better")
            periods = sorted({period for (code, period) in cells if code == authority.old_code})
            indicators.append(
                IndicatorBenchmark(
                    indicator_id=indicator_id,
                    title=str(item.get("title", indicator_id)),
                    unit=str(item.get("unit") or ""),
                    higher_is_better=higher if isinstance(higher, bool) else None,
                    years=[
                        benchmark(
                            data,
                            cells,
                            authority,
                            neighbours,
                            indicator_id,
                            period,
                            higher if isinstance(higher, bool) else None,
                        )
                        for period in periods
                    ],
                )
            )
    except PublishedDataError as exc:
        raise UserError(str(exc)) from exc
    names = {code: la.name for code, la in data.authorities.items()}
    return BenchmarkResult(
        authority=authority,
        neighbour_model=model.name,
        neighbours=[(code, names.get(code, model.names.get(code, code))) for code in neighbours],
        indicators=indicators,
    )


@dataclass(frozen=True)
class BenchmarkSources:
    """The published files and LA code last used (by an import or a benchmark), if any."""

    files: tuple[Path, ...]
    la_code: str
    changed: Changed = Changed.NONE


def benchmark_sources(ctx: AppContext) -> BenchmarkSources:
    """The files and LA the benchmark view starts with (those still on disk)."""
    from desktop_app.store.repositories.settings import get_setting

    with ctx.database.session() as session:
        files = get_setting(session, PUBLISHED_FILES, []) or []
        la_code = get_setting(session, PUBLISHED_LA, "") or ""
    return BenchmarkSources(
        tuple(Path(name) for name in files if Path(name).is_file()), str(la_code)
    )


def remember_benchmark_sources(ctx: AppContext, request: BenchmarkSources) -> BenchmarkSources:
    """Remember the files and LA chosen in the benchmark view for next time."""
    from desktop_app.store.repositories.settings import set_setting

    with ctx.database.session() as session:
        set_setting(session, PUBLISHED_FILES, [str(path.resolve()) for path in request.files])
        set_setting(session, PUBLISHED_LA, request.la_code)
    return BenchmarkSources(request.files, request.la_code, Changed.SETTINGS)


CSV_COLUMNS = (
    "indicator",
    "title",
    "unit",
    "period",
    "la_code",
    "la_name",
    "group",
    "value",
    "suppressed",
    "rank",
    "ranked",
    "council_quartile",
    "council_england_rank",
)


def benchmark_rows(result: BenchmarkResult) -> Iterator[list[object]]:
    """One row per indicator, period and LA of the comparison group (see :data:`CSV_COLUMNS`)."""
    for indicator in result.indicators:
        for year in indicator.years:
            for entry in year.entries:
                yield [
                    indicator.indicator_id,
                    indicator.title,
                    indicator.unit,
                    year.period,
                    entry.old_code,
                    entry.name,
                    entry.compared_as,
                    "" if entry.value is None else entry.value,
                    entry.suppressed,
                    "" if entry.rank is None else entry.rank,
                    year.ranked,
                    "" if year.quartile is None else year.quartile,
                    "" if year.england_rank is None else year.england_rank,
                ]


@dataclass(frozen=True)
class ExportBenchmark:
    """Write ``result`` to ``out`` as CSV, XLSX or PDF (from the suffix when ``fmt`` is None)."""

    result: BenchmarkResult
    out: Path
    fmt: ExportFormat | None = None


@dataclass(frozen=True)
class BenchmarkExported:
    path: Path
    rows: int
    changed: Changed = Changed.NONE


def export_benchmark(request: ExportBenchmark) -> BenchmarkExported:
    """Write the benchmark; the file appears whole or not at all (written to a temporary file
    beside it, then renamed). Raises UserError for an unknown format or a place that cannot be
    written."""
    fmt = request.fmt or request.out.suffix.lower().lstrip(".")
    if fmt not in EXPORT_FORMATS:
        raise UserError(
            f"{request.out.name}: choose a file ending .csv, .xlsx or .pdf for the benchmark."
        )
    folder = request.out.resolve().parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=".benchmark-", dir=folder)
        os.close(handle)
    except OSError as exc:
        raise UserError(describe_write_error(exc, request.out)) from exc
    rows = 0
    try:
        if fmt == "csv":
            with open(temporary, "w", newline="", encoding="utf-8") as stream:
                writer = csv.writer(stream)
                writer.writerow(CSV_COLUMNS)
                for row in benchmark_rows(request.result):
                    writer.writerow(row)
                    rows += 1
        elif fmt == "xlsx":
            rows = _write_xlsx(request.result, Path(temporary))
        else:
            from desktop_app.reports.benchmark_report import write_benchmark_pdf

            result = request.result
            rows = write_benchmark_pdf(
                result.authority,
                result.neighbour_model,
                result.neighbours,
                result.indicators,
                Path(temporary),
            )
        put_in_place(temporary, request.out)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise UserError(describe_write_error(exc, request.out)) from exc
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return BenchmarkExported(request.out, rows)


def _write_xlsx(result: BenchmarkResult, path: Path) -> int:
    from desktop_app.reports.workbook import write_only_workbook

    # abandon-safe: a write failing part-way (a full disk) leaves no stray stream behind
    with write_only_workbook() as workbook:
        sheet = workbook.create_sheet("Benchmark")
        sheet.append(
            [
                f"{result.authority.name} ({result.authority.old_code}) against the LAs of "
                f"{result.authority.region_name} and its statistical neighbours "
                f"({result.neighbour_model} model). Source: DfE published statistics."
            ]
        )
        sheet.append(list(CSV_COLUMNS))
        rows = 0
        for row in benchmark_rows(result):
            sheet.append(row)
            rows += 1
        workbook.save(path)
    return rows
