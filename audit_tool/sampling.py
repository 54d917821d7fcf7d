"""Draw a reproducible, optionally stratified, random sample of cases to audit.

The algorithm, so that anyone can reproduce a sample from the seed:

1. Cases audited recently are set aside: a case whose reference has a last-audit date ``d`` in
   ``last_audited`` is excluded when ``(today - d).days < exclude_within_days`` (a date in the
   future counts as recent). ``exclude_within_days=0`` excludes nothing.
2. The remaining (eligible) cases are put in order of case reference, so the sample does not
   depend on the order of rows in the exported file.
3. Unstratified: ``random.Random(seed).sample(eligible, size)``.
   Stratified by a column: cases are grouped by that column's value (blank values form the
   stratum :data:`BLANK_STRATUM`). Each stratum ``s`` with ``N_s`` of the ``N`` eligible cases
   gets ``floor(size * N_s / N)`` places; the places left over go one each to the strata with
   the largest remainders (ties: larger stratum first, then name). If ``size`` is at least the
   number of strata, every stratum that got none then takes one place from the stratum whose
   allocation most exceeds its exact share (ties: name). Then one ``random.Random(seed)`` draws
   ``random.sample(members, places)`` from each stratum in order of stratum name.
4. If fewer cases are eligible than asked for, all eligible cases are taken and ``shortfall``
   says how many are missing.

The chosen cases are returned in file order.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from audit_tool.case_list import CaseRow
from audit_tool.spreadsheet_text import csv_text

BLANK_STRATUM = "(blank)"


class SamplingError(ValueError):
    """The sample cannot be drawn as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class SampleResult:
    """A drawn sample and everything needed to explain and reproduce it."""

    chosen: list[CaseRow]
    excluded_recently_audited: list[str]
    strata: dict[str, tuple[int, int]]
    seed: int
    size: int
    by: str | None = None
    eligible: int = 0
    shortfall: int = 0
    notes: list[str] = field(default_factory=list)


def allocate_proportionally(populations: Mapping[str, int], size: int) -> dict[str, int]:
    """Share ``size`` places among strata in proportion to ``populations`` (largest remainder).

    Every allocation differs from its exact share ``size * N_s / N`` by less than one, and no
    stratum gets more places than it has members when ``size`` is at most the total.
    """
    total = sum(populations.values())
    if total == 0 or size <= 0:
        return dict.fromkeys(populations, 0)
    places = {name: size * count // total for name, count in populations.items()}
    left = size - sum(places.values())
    by_remainder = sorted(
        populations,
        key=lambda name: (-(size * populations[name] % total), -populations[name], name),
    )
    for name in by_remainder[:left]:
        places[name] += 1
    return places


def ensure_one_each(
    places: Mapping[str, int], populations: Mapping[str, int], size: int
) -> dict[str, int]:
    """Give every non-empty stratum at least one place when ``size`` allows, keeping the total.

    Each place is taken from the stratum whose allocation most exceeds its exact share.
    """
    adjusted = dict(places)
    non_empty = [name for name, count in populations.items() if count > 0]
    if size < len(non_empty):
        return adjusted
    total = sum(populations.values())
    for name in sorted(non_empty):
        if adjusted[name] > 0:
            continue
        donors = [other for other in adjusted if adjusted[other] > 1]
        donor = min(
            donors,
            key=lambda other: (-(adjusted[other] * total - size * populations[other]), other),
        )
        adjusted[donor] -= 1
        adjusted[name] = 1
    return adjusted


def draw_sample(
    cases: Sequence[CaseRow],
    size: int,
    seed: int,
    by: str | None = None,
    last_audited: Mapping[str, date] | None = None,
    exclude_within_days: int = 365,
    today: date | None = None,
) -> SampleResult:
    """Draw ``size`` cases reproducibly from ``seed``; see the module docstring for the method."""
    if size < 1:
        raise SamplingError(f"The sample size must be at least 1 (it was {size}).")
    if exclude_within_days < 0:
        raise SamplingError(
            f"The number of days since the last audit cannot be negative ({exclude_within_days})."
        )
    if by is not None and cases:
        by = resolve_column(by, list(cases[0].fields))
    on = today if today is not None else date.today()
    eligible, excluded = _split_recently_audited(cases, last_audited or {}, exclude_within_days, on)
    population = sorted(eligible, key=lambda case: case.reference)
    rng = random.Random(seed)
    notes: list[str] = []
    shortfall = max(0, size - len(population))
    if excluded:
        notes.append(
            f"{len(excluded)} case(s) audited in the last {exclude_within_days} days were left out."
        )
    if shortfall:
        notes.append(
            f"Only {len(population)} case(s) are eligible, so all were taken "
            f"({shortfall} fewer than the {size} asked for)."
        )
    strata: dict[str, tuple[int, int]] = {}
    if by is None:
        picked = rng.sample(population, min(size, len(population)))
    else:
        picked, strata = _draw_stratified(population, by, min(size, len(population)), rng)
        if min(size, len(population)) < len(strata):
            notes.append(
                f"The sample of {size} is smaller than the {len(strata)} groups in '{by}', "
                "so some groups have no case in it."
            )
    chosen_references = {case.reference for case in picked}
    chosen = [case for case in cases if case.reference in chosen_references]
    return SampleResult(
        chosen=chosen,
        excluded_recently_audited=excluded,
        strata=strata,
        seed=seed,
        size=size,
        by=by,
        eligible=len(population),
        shortfall=shortfall,
        notes=notes,
    )


def resolve_column(name: str, columns: Sequence[str]) -> str:
    """Return the column called ``name``, matched exactly or else ignoring case and spaces.

    Raise :class:`SamplingError` naming the available columns when there is no such column.
    """
    if name in columns:
        return name
    wanted = name.strip().casefold()
    matches = [column for column in columns if column.strip().casefold() == wanted]
    if len(matches) == 1:
        return matches[0]
    available = ", ".join(f"'{column}'" for column in columns)
    raise SamplingError(f"There is no column '{name}' to stratify by; the columns are {available}.")


def _split_recently_audited(
    cases: Sequence[CaseRow],
    last_audited: Mapping[str, date],
    within_days: int,
    today: date,
) -> tuple[list[CaseRow], list[str]]:
    eligible: list[CaseRow] = []
    excluded: list[str] = []
    for case in cases:
        audited_on = last_audited.get(case.reference)
        if audited_on is not None and (today - audited_on).days < within_days:
            excluded.append(case.reference)
        else:
            eligible.append(case)
    return eligible, excluded


def stratum_of(case: CaseRow, by: str) -> str:
    """Return the stratum a case falls in when sampling by column ``by``."""
    return case.fields.get(by, "").strip() or BLANK_STRATUM


def _draw_stratified(
    population: list[CaseRow], by: str, size: int, rng: random.Random
) -> tuple[list[CaseRow], dict[str, tuple[int, int]]]:
    members: dict[str, list[CaseRow]] = {}
    for case in population:
        members.setdefault(stratum_of(case, by), []).append(case)
    populations = {name: len(group) for name, group in sorted(members.items())}
    places = ensure_one_each(allocate_proportionally(populations, size), populations, size)
    picked: list[CaseRow] = []
    for name in populations:
        picked.extend(rng.sample(members[name], places[name]))
    return picked, {name: (populations[name], places[name]) for name in populations}


def sample_to_csv(result: SampleResult, columns: Sequence[str]) -> str:
    """Return the chosen cases as CSV text with ``columns`` as the header, in file order; a cell
    that begins with a formula starter gets a leading ``'`` (OWASP) and control characters are
    written as visible ``_xHHHH_`` escapes (`spreadsheet_text.csv_text`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_text(column) for column in columns])
    for case in result.chosen:
        writer.writerow([csv_text(case.fields.get(column, "")) for column in columns])
    return buffer.getvalue()
