"""Ofsted's Annex A lists: which list a sheet is, the cohort it sets, and the columns kept.

Annex A is the workbook a council gives Ofsted before an ILACS inspection (Ofsted, "Inspecting
local authority children's services", Annex A: lists of children from the last six months).
Its sheets are "List 1" to "List 11", each with fixed headings that start with
``Child Unique ID``; coded values carry a letter prefix (``a) Male``, ``q) 6: Police``).

The list a user picks sets the audit cohort (the vocabulary of the shipped case-audit template's
``cohort`` question): List 2 early help, 6 child in need, 7 child protection, 8 and 10 child in
care, 9 care leaver. Lists 1, 3, 4 and 5 are front-door lists whose children have no settled
cohort yet, so the auditor records it. List 11 lists adopters, not children, and is refused.

Columns kept (DOMAIN.md "Annex A and case lists": keep only the columns the audit needs):
``Date of Birth`` becomes ``Age band`` (and the exact ``Age`` is dropped with it); workers'
names are kept only when the user asks; postcodes, placement addresses and identifiers of
placements, families and adopters are never kept; every other column is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class Cohort(StrEnum):
    """The audit cohorts (the case-audit template's ``cohort`` choices)."""

    EARLY_HELP = "early_help"
    CHILD_IN_NEED = "child_in_need"
    CHILD_PROTECTION = "child_protection"
    CHILD_IN_CARE = "child_in_care"
    CARE_LEAVER = "care_leaver"


COHORT_LABELS: dict[Cohort, str] = {
    Cohort.EARLY_HELP: "Early help",
    Cohort.CHILD_IN_NEED: "Child in need",
    Cohort.CHILD_PROTECTION: "Child protection",
    Cohort.CHILD_IN_CARE: "Child in care",
    Cohort.CARE_LEAVER: "Care leaver",
}
"""The words shown for each cohort (and stored in a case list's ``Cohort`` column)."""


@dataclass(frozen=True, slots=True)
class AnnexAList:
    """One Annex A list: its number, what it lists and the cohort it sets (None: not settled)."""

    number: int
    title: str
    cohort: Cohort | None
    children: bool = True


ANNEX_A_LISTS: dict[int, AnnexAList] = {
    item.number: item
    for item in (
        AnnexAList(1, "Contacts", None),
        AnnexAList(2, "Early help", Cohort.EARLY_HELP),
        AnnexAList(3, "Referrals", None),
        AnnexAList(4, "Assessments", None),
        AnnexAList(5, "Section 47 enquiries and initial conferences", None),
        AnnexAList(6, "Children in need", Cohort.CHILD_IN_NEED),
        AnnexAList(7, "Child protection plans", Cohort.CHILD_PROTECTION),
        AnnexAList(8, "Children in care", Cohort.CHILD_IN_CARE),
        AnnexAList(9, "Care leavers", Cohort.CARE_LEAVER),
        AnnexAList(10, "Adoption", Cohort.CHILD_IN_CARE),
        AnnexAList(11, "Adopters", None, children=False),
    )
}
"""The eleven lists of the ILACS Annex A (2023 version), by number."""

_LIST_SHEET = re.compile(r"^\s*list\s*[_\-]?\s*(\d{1,2})\b", re.IGNORECASE)
_CODE_PREFIX = re.compile(r"^[a-z]{1,2}\)\s+")
_TEXT_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")

COHORT_COLUMN = "Cohort"
TEAM_COLUMN = "Team"
WORKER_COLUMN = "Worker"
AGE_BAND_COLUMN = "Age band"

_TEAM_NAMES = frozenset({"allocated team", "team"})
_WORKER_NAMES = frozenset(
    {"allocated worker", "social worker", "worker", "allocated social worker"}
)
_BIRTH_NAMES = frozenset({"date of birth", "dob", "birth date"})
_EXACT_AGE_NAMES = frozenset({"age", "age of child (years)", "age of child"})
_NEVER_KEPT = re.compile(
    r"postcode|urn of placement|placement provider|placement location|family identifier|"
    r"adopter identifier|^(child )?(first |last |sur)?name$|^forename|^surname",
    re.IGNORECASE,
)


def annex_a_list(sheet_name: str) -> AnnexAList | None:
    """The Annex A list a sheet is ("List 7", "list_7", "List 7 - CP" are List 7), or None."""
    match = _LIST_SHEET.match(sheet_name)
    if match is None:
        return None
    return ANNEX_A_LISTS.get(int(match.group(1)))


def is_annex_a(sheet_names: list[str]) -> bool:
    """Whether a workbook's sheets look like Annex A (at least two sheets named "List N")."""
    return sum(1 for name in sheet_names if annex_a_list(name) is not None) >= 2


def without_code_prefix(value: str) -> str:
    """A coded value as a user reads it: ``a) Male`` is ``Male``, ``q) 6: Police`` ``6: Police``."""
    return _CODE_PREFIX.sub("", value, count=1)


def text_date(value: str) -> str:
    """A UK text date ``dd/mm/yyyy`` as ISO ``yyyy-mm-dd``; any other text unchanged."""
    if len(value) == 10 and value[2] == "/" and value[5] == "/":
        # The commonest shape, two-digit day and month: checked by the C date parser.
        iso = f"{value[6:]}-{value[3:5]}-{value[:2]}"
        digits = value[:2] + value[3:5] + value[6:]
        if digits.isascii() and digits.isdigit():
            try:
                return dt.date.fromisoformat(iso).isoformat()
            except ValueError:
                return value
    match = _TEXT_DATE.match(value)
    if match is None:
        return value
    day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return value


def age_band(born: str, on: dt.date) -> str:
    """The DfE's age band (children looked after tables) of a child born on ISO ``born`` at
    ``on``: "Under 1", "1 to 4", "5 to 9", "10 to 15", "16 to 17", "18 and over"; "" when
    ``born`` is not an ISO date."""
    try:
        birth = dt.date.fromisoformat(born[:10])
    except ValueError:
        return ""
    years = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    if years < 1:
        return "Under 1"
    if years < 5:
        return "1 to 4"
    if years < 10:
        return "5 to 9"
    if years < 16:
        return "10 to 15"
    if years < 18:
        return "16 to 17"
    return "18 and over"


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """What becomes of each source column: ``kept`` maps source position to output name."""

    kept: list[tuple[int, str]]
    birth_at: int | None
    dropped: list[str]


def plan_columns(
    columns: list[str], normalise: dict[str, str], *, keep_worker_names: bool
) -> ColumnPlan:
    """Decide which columns of a case list are kept (and under which name).

    ``normalise`` maps each column to its normalised form (lower case, single spaces).
    ``Allocated Team`` is kept as ``Team`` (so audits pre-fill their team) and ``Allocated
    Worker`` as ``Worker`` when ``keep_worker_names``; a date of birth is replaced by an age band.
    """
    kept: list[tuple[int, str]] = []
    dropped: list[str] = []
    birth_at = next((i for i, c in enumerate(columns) if normalise[c] in _BIRTH_NAMES), None)
    for position, column in enumerate(columns):
        name = normalise[column]
        if position == birth_at or (birth_at is not None and name in _EXACT_AGE_NAMES):
            dropped.append(column)
        elif name in _WORKER_NAMES:
            if keep_worker_names:
                kept.append((position, WORKER_COLUMN))
            else:
                dropped.append(column)
        elif _NEVER_KEPT.search(name):
            dropped.append(column)
        elif name in _TEAM_NAMES:
            kept.append((position, TEAM_COLUMN))
        else:
            kept.append((position, column))
    return ColumnPlan(kept, birth_at, dropped)
