"""Where each catalogue indicator comes from in the DfE's published tables.

Each shipped indicator (``desktop_app/data/indicators.yaml``) is either a :class:`Measure`: a
published table (recognised by its columns, whatever the file is called), the measure column,
the filter values that pick its rows, and, for a count, the ONS population it is divided by for
a rate per 10,000 children; or a :class:`NotPublished` saying why not. Definitions follow the
published measure (DfE, "Children in need" tables C1, D3, D5; "Children looked after in
England"; "Children's social work workforce", all on Explore Education Statistics).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class PublishedTable(StrEnum):
    """The DfE tables this app reads, recognised by the columns only they have."""

    REFERRALS = "c1_referrals"
    SECOND_PLANS = "d3_subsequent_plans"
    PLAN_DURATION = "d5_plans_by_duration"
    CHILDREN_LOOKED_AFTER = "cla_rate"
    PLACEMENT_STABILITY = "cla_placement_stability"
    CARE_LEAVERS_ACCOMMODATION = "care_leavers_accommodation"
    WORKFORCE = "csww_indicators"
    POPULATION = "ons_population"


TABLE_TITLES: dict[PublishedTable, str] = {
    PublishedTable.REFERRALS: "Children in need: referrals and re-referrals (table C1)",
    PublishedTable.SECOND_PLANS: "Child protection plans: second or subsequent plans (table D3)",
    PublishedTable.PLAN_DURATION: "Child protection plans at 31 March by duration (table D5)",
    PublishedTable.CHILDREN_LOOKED_AFTER: "Children looked after: numbers and rate per 10,000",
    PublishedTable.PLACEMENT_STABILITY: "Children looked after: placement stability",
    PublishedTable.CARE_LEAVERS_ACCOMMODATION: "Care leavers: suitability of accommodation",
    PublishedTable.WORKFORCE: "Children's social work workforce indicators (30 September)",
    PublishedTable.POPULATION: "ONS mid-year population estimates, children aged 0 to 17",
}

# The columns that mark each table (all must be present; checked in this order).
TABLE_SIGNATURES: tuple[tuple[PublishedTable, frozenset[str]], ...] = (
    (PublishedTable.REFERRALS, frozenset({"referral_count", "rereferral_percent"})),
    (PublishedTable.SECOND_PLANS, frozenset({"cpp_subsequent_percent"})),
    (PublishedTable.PLAN_DURATION, frozenset({"cpp_at31", "2_years_or_more_percent"})),
    (PublishedTable.PLACEMENT_STABILITY, frozenset({"placement_stability", "children_percent"})),
    (PublishedTable.CARE_LEAVERS_ACCOMMODATION, frozenset({"care_leaver_percent", "breakdown"})),
    (PublishedTable.WORKFORCE, frozenset({"turnover_rate_fte", "caseload_fte"})),
    (PublishedTable.CHILDREN_LOOKED_AFTER, frozenset({"population_type", "rate_per_10000"})),
    (PublishedTable.POPULATION, frozenset({"age_group", "population_estimate"})),
)


def identify_table(columns: list[str]) -> PublishedTable | None:
    """Which published table a tidy file is, from its (lower-case) columns; None if unknown."""
    present = set(columns)
    for table, needed in TABLE_SIGNATURES:
        if needed <= present:
            return table
    return None


@dataclass(frozen=True, slots=True)
class Measure:
    """An indicator's published source: ``column`` of ``table`` in the rows matching
    ``filters`` (column -> value, case-insensitive). With ``per_10000``, ``column`` is a count
    divided by the ONS population of children aged 0 to 17 (mid-year before the year's end)
    and multiplied by 10,000. ``census_30_september``: the workforce census date."""

    table: PublishedTable
    column: str
    filters: dict[str, str] = field(default_factory=dict)
    per_10000: bool = False
    census_30_september: bool = False

    def describe(self) -> str:
        """One sentence naming the table, measure and filters."""
        where = "; ".join(f"{column} = {value}" for column, value in self.filters.items())
        rate = ", per 10,000 children (ONS mid-year population)" if self.per_10000 else ""
        return f"{TABLE_TITLES[self.table]}: {self.column}{rate}" + (f" ({where})" if where else "")


@dataclass(frozen=True, slots=True)
class NotPublished:
    """An indicator with no published source among the tables read, and why."""

    reason: str


Source = Measure | NotPublished

CATALOGUE_SOURCES: dict[str, Source] = {
    "referrals_rate": Measure(PublishedTable.REFERRALS, "referral_count", per_10000=True),
    "re_referrals": Measure(PublishedTable.REFERRALS, "rereferral_percent"),
    "assessments_45_days": NotPublished(
        "published in the children in need table C2 (assessment timeliness), which is not "
        "among the tables read; enter it from the council's own return"
    ),
    "cp_plans_rate": Measure(PublishedTable.PLAN_DURATION, "cpp_at31", per_10000=True),
    "cp_second_plan": Measure(PublishedTable.SECOND_PLANS, "cpp_subsequent_percent"),
    "cp_two_years": Measure(PublishedTable.PLAN_DURATION, "2_years_or_more_percent"),
    "icpc_15_days": NotPublished(
        "published in the children in need table D1 (conference timeliness), which is not "
        "among the tables read; enter it from the council's own return"
    ),
    "cla_rate": Measure(
        PublishedTable.CHILDREN_LOOKED_AFTER,
        "rate_per_10000",
        {"population_type": "Children looked after on 31 March each year"},
    ),
    "placement_moves_3plus": Measure(
        PublishedTable.PLACEMENT_STABILITY,
        "children_percent",
        {
            "cla_group": "CLA on 31 March",
            "placement_stability": "With 3 or more placements during the year",
        },
    ),
    "placement_long_term_stability": Measure(
        PublishedTable.PLACEMENT_STABILITY,
        "children_percent",
        {
            "cla_group": "Children looked after continuously for at least 2.5 years on 31 March "
            "aged under 16 years",
            "placement_stability": "Living with the same carer for at least 2 years",
        },
    ),
    "care_leavers_accommodation": Measure(
        PublishedTable.CARE_LEAVERS_ACCOMMODATION,
        "care_leaver_percent",
        {"care_leaver_age": "19 to 21 years", "breakdown": "Accommodation considered suitable"},
    ),
    "care_leavers_eet": NotPublished(
        "published in the care leavers' activity table, which is not among the tables read; "
        "enter it from the council's own return"
    ),
    "sw_turnover": Measure(PublishedTable.WORKFORCE, "turnover_rate_fte", census_30_september=True),
    "sw_agency": Measure(PublishedTable.WORKFORCE, "agency_rate_fte", census_30_september=True),
    "sw_vacancy": Measure(PublishedTable.WORKFORCE, "vacancy_rate_fte", census_30_september=True),
    "average_caseload": Measure(PublishedTable.WORKFORCE, "caseload_fte", census_30_september=True),
}
"""The shipped indicators' published sources, by indicator id."""


def source_text(source: Source | None) -> str:
    """One sentence for a screen or report: where the figure is published, or why it is not."""
    if source is None:
        return "Entered by hand (no published source is mapped)."
    if isinstance(source, NotPublished):
        return f"Not in the published tables read: {source.reason}."
    return f"Published: {source.describe()}."
