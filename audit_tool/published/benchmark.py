"""Benchmarking a council against the LAs of its region and its statistical neighbours.

For one indicator and period, the comparison group is the council, every LA of its region (as
the DfE files give it) and its 10 neighbours. LAs whose cell is suppressed are listed but not
ranked. Rank 1 is the best figure when the indicator says whether higher is better, else the
highest; ties share a rank (competition ranking, "1, 2, 2, 4"). The quartile is 1 for the best
quarter: ``ceil(4 * rank / ranked)``. The England rank is the same among every LA in the file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from audit_tool.published.figures import ENGLAND, Key, LocalAuthority, PublishedData
from audit_tool.published.tidy import Cell, Suppressed


@dataclass(frozen=True, slots=True)
class BenchmarkEntry:
    """One LA in the comparison: its value (None if suppressed or missing), suppression code,
    rank among the ranked (None when not ranked), and why it is in the group."""

    old_code: str
    name: str
    value: float | None
    suppressed: str
    rank: int | None
    is_council: bool
    in_region: bool
    is_neighbour: bool

    @property
    def compared_as(self) -> str:
        """Why the LA is in the group: "council", "region", "neighbour" or "region and
        neighbour"."""
        if self.is_council:
            return "council"
        reasons = [
            word
            for word, flag in (("region", self.in_region), ("neighbour", self.is_neighbour))
            if flag
        ]
        return " and ".join(reasons)


@dataclass(frozen=True, slots=True)
class Benchmark:
    """The council's place for one indicator and period."""

    indicator_id: str
    period: str
    entries: list[BenchmarkEntry]  # best first, then unranked
    council_rank: int | None
    ranked: int
    quartile: int | None
    england_rank: int | None
    england_ranked: int
    region_value: float | None
    england_value: float | None


def competition_ranks(values: dict[str, float], higher_is_better: bool | None) -> dict[str, int]:
    """Rank ``values`` (key -> number), 1 the best (highest when ``higher_is_better`` is None or
    True, lowest when False); ties share the smallest rank."""
    descending = higher_is_better is not False
    ordered = sorted(values.values(), reverse=descending)
    first_at: dict[float, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_at.setdefault(value, position)
    return {key: first_at[value] for key, value in values.items()}


def quartile(rank: int, ranked: int) -> int:
    """1 (best quarter) to 4 for a rank among ``ranked`` values."""
    return max(1, min(4, math.ceil(4 * rank / ranked)))


def benchmark(
    data: PublishedData,
    cells: dict[Key, Cell],
    authority: LocalAuthority,
    neighbours: list[str],
    indicator_id: str,
    period: str,
    higher_is_better: bool | None,
) -> Benchmark:
    """The comparison for one indicator (its ``cells`` from
    :func:`audit_tool.published.figures.measure_cells`) and period."""
    group = {authority.old_code}
    region = {
        code for code, la in data.authorities.items() if la.region_code == authority.region_code
    }
    group |= region | set(neighbours)
    numbers: dict[str, float] = {}
    suppressed: dict[str, str] = {}
    for code in group:
        cell = cells.get((code, period))
        if isinstance(cell, float):
            numbers[code] = cell
        elif isinstance(cell, Suppressed):
            suppressed[code] = cell.code
    ranks = competition_ranks(numbers, higher_is_better)
    every = {
        code: cell
        for (code, each), cell in cells.items()
        if each == period and code in data.authorities and isinstance(cell, float)
    }
    england_ranks = competition_ranks(every, higher_is_better)
    entries = [
        BenchmarkEntry(
            old_code=code,
            name=data.authorities[code].name if code in data.authorities else code,
            value=numbers.get(code),
            suppressed=suppressed.get(code, ""),
            rank=ranks.get(code),
            is_council=code == authority.old_code,
            in_region=code in region,
            is_neighbour=code in neighbours,
        )
        for code in group
    ]
    entries.sort(key=lambda entry: (entry.rank is None, entry.rank or 0, entry.name))
    council_rank = ranks.get(authority.old_code)
    region_cell = cells.get((authority.region_code, period))
    england_cell = cells.get((ENGLAND, period))
    return Benchmark(
        indicator_id=indicator_id,
        period=period,
        entries=entries,
        council_rank=council_rank,
        ranked=len(numbers),
        quartile=quartile(council_rank, len(numbers)) if council_rank is not None else None,
        england_rank=england_ranks.get(authority.old_code),
        england_ranked=len(every),
        region_value=region_cell if isinstance(region_cell, float) else None,
        england_value=england_cell if isinstance(england_cell, float) else None,
    )


@dataclass(frozen=True, slots=True)
class IndicatorBenchmark:
    """One indicator's benchmarks, oldest period first."""

    indicator_id: str
    title: str
    unit: str
    higher_is_better: bool | None
    years: list[Benchmark]
