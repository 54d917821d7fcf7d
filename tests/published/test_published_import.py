"""Importing the DfE's real published files: the stored figures equal the published cells, and
the neighbours' mean and median equal those worked out here from the model file itself."""

from __future__ import annotations

import csv
import json
import statistics
from pathlib import Path

import pytest

from desktop_app.app.context import AppContext
from desktop_app.app.published_data import (
    ChooseNeighbourFigure,
    ImportPublished,
    choose_neighbour_figure,
    import_published,
    published_summary,
)
from desktop_app.errors import UserError
from desktop_app.home import Home
from desktop_app.store.repositories.organisations import ensure_organisation
from desktop_app.store.repositories.published import published_cells
from tests.helpers import SHARED_DATA, run_cli

DFE = SHARED_DATA / "dfe"
MODEL_2025 = DFE / "sn_model_2025_wide.csv"
MODEL_2021 = DFE / "New_Statistical_Neighbour_Groupings_April_2021.csv"
OFSTED = SHARED_DATA / "ofsted" / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
TABLES = sorted(
    path
    for path in DFE.glob("*.csv")
    if "eighbour" not in path.name and "sn_model" not in path.name
)

pytestmark = pytest.mark.skipif(not DFE.is_dir(), reason="the shared data folder is not here")

# (indicator, file, measure column, filters) for the figures published as they are shown.
DIRECT = [
    (
        "re_referrals",
        "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        "rereferral_percent",
        {},
    ),
    ("cp_second_plan", "d3_cpps_subsequent_plan_2013_to_2025.csv", "CPP_subsequent_percent", {}),
    (
        "cp_two_years",
        "d5_cpps_at31march_by_duration_2013_to_2025.csv",
        "2_years_or_more_percent",
        {},
    ),
    (
        "cla_rate",
        "cla_number_and_rate_per_10k_children.csv",
        "rate_per_10000",
        {"population_type": "Children looked after on 31 March each year"},
    ),
    (
        "placement_moves_3plus",
        "la_cla_placement_stability.csv",
        "children_percent",
        {
            "cla_group": "CLA on 31 March",
            "placement_stability": "With 3 or more placements during the year",
        },
    ),
    (
        "care_leavers_accommodation",
        "la_care_leavers_accommodation_suitability.csv",
        "care_leaver_percent",
        {"care_leaver_age": "19 to 21 years", "breakdown": "Accommodation considered suitable"},
    ),
    ("sw_turnover", "csww_indicators_2017_to_2025.csv", "turnover_rate_fte", {}),
    ("average_caseload", "csww_indicators_2017_to_2025.csv", "caseload_fte", {}),
]
SUPPRESSION = {"c", "x", "z", "u", "low", "k"}


def published_rows(name: str, filters: dict[str, str]) -> list[dict[str, str]]:
    with (DFE / name).open(encoding="utf-8-sig", newline="") as handle:
        return [
            row
            for row in csv.DictReader(handle)
            if all(row[column] == value for column, value in filters.items())
        ]


def period_of(time_period: str, workforce: bool) -> str:
    start = int(time_period) if workforce else int(time_period) - 1
    return f"{start}-{str(start + 1)[2:]}"


def neighbours_in_model(old_code: str) -> list[str]:
    with MODEL_2025.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["old_la_code"] == old_code:
                return [row[f"SN_{n}"] for n in range(1, 11)]
    raise AssertionError(f"{old_code} is not in the model")


def as_number(text: str) -> float | None:
    return None if text in SUPPRESSION or text == "" else float(text)


@pytest.fixture
def app(home: Home) -> AppContext:
    context = AppContext(home=home)
    with context.database.session() as session:
        ensure_organisation(session, "Midthorpe Council", is_home=True)
    yield context  # type: ignore[misc]
    context.close()


def stored(app: AppContext) -> dict[tuple[str, str], dict[str, tuple[float | None, str | None]]]:
    with app.database.session() as session:
        cells = published_cells(session, 1)
    return {
        key: {series: (cell.value, cell.suppressed) for series, cell in value.items()}
        for key, value in cells.items()
    }


@pytest.mark.parametrize(
    ("code", "old_code"), [("E09000002", "301"), ("370", "370"), ("E10000015", "919")]
)
def test_stored_figures_equal_the_published_cells_and_neighbours_are_worked_out_from_the_model(
    app: AppContext, code: str, old_code: str
) -> None:
    result = import_published(app, ImportPublished(tuple(TABLES), code))
    assert result.old_la_code == old_code
    figures = stored(app)
    neighbours = neighbours_in_model(old_code)
    checked = 0
    for indicator, name, column, filters in DIRECT:
        workforce = name.startswith("csww")
        rows = published_rows(name, filters)
        council = [row for row in rows if row["old_la_code"] == old_code]
        assert council, f"{old_code} has no rows in {name}"
        for row in council:
            period = period_of(row["time_period"], workforce)
            series = figures[(indicator, period)]
            raw = row[column]
            if raw in SUPPRESSION:
                assert series["council"] == (None, raw)
            else:
                assert series["council"] == (float(raw), None)
            region = next(
                other
                for other in rows
                if other["geographic_level"] == "Regional"
                and other["region_code"] == row["region_code"]
                and other["time_period"] == row["time_period"]
            )
            england = next(
                other
                for other in rows
                if other["geographic_level"] == "National"
                and other["time_period"] == row["time_period"]
            )
            for label, source in (("region", region), ("england", england)):
                expected = as_number(source[column])
                if expected is not None:
                    assert series[label][0] == expected
            values = [
                number
                for other in rows
                if other["old_la_code"] in neighbours
                and other["time_period"] == row["time_period"]
                and (number := as_number(other[column])) is not None
            ]
            if values:
                assert series["neighbours_mean"][0] == pytest.approx(statistics.mean(values))
                assert series["neighbours_median"][0] == pytest.approx(statistics.median(values))
            checked += 1
    assert checked > 40


def test_rates_per_10000_use_the_ons_population_of_the_mid_year_before(app: AppContext) -> None:
    import_published(app, ImportPublished(tuple(TABLES), "301"))
    referrals = published_rows(DFE.joinpath(TABLES[0].name).name, {})
    population = published_rows("ons_mid-year_population_estimates_2012_to_2024.csv", {})
    row = next(r for r in referrals if r["old_la_code"] == "301" and r["time_period"] == "2025")
    children = next(
        r for r in population if r["old_la_code"] == "301" and r["time_period"] == "2024"
    )
    expected = round(int(row["referral_count"]) / int(children["population_estimate"]) * 1e4, 1)
    assert stored(app)[("referrals_rate", "2024-25")]["council"] == (expected, None)


def test_suppressed_cells_are_stored_with_their_code_and_listed_as_null(
    app: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    import_published(app, ImportPublished(tuple(TABLES), "301"))
    figures = stored(app)
    assert figures[("cp_two_years", "2017-18")]["council"] == (None, "c")
    listed = run_cli(capsys, "--home", str(app.home.root), "data", "list", "--json")
    row = next(
        item
        for item in json.loads(listed.out)
        if item["indicator"] == "cp_two_years" and item["period"] == "2017-18"
    )
    assert row["council"] is None
    assert row["suppressed"] == {"council": "c"}
    assert row["neighbours_shown"] == "median"
    assert row["neighbours"] == row["neighbours_median"]
    assert row["neighbour_codes"] == neighbours_in_model("301")


def test_choosing_the_mean_changes_the_profile_and_says_so(
    app: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    import_published(app, ImportPublished(tuple(TABLES), "301"))
    choose_neighbour_figure(app, ChooseNeighbourFigure("mean"))
    assert published_summary(app).neighbour_label == "Statistical neighbours (mean)"
    listed = json.loads(run_cli(capsys, "--home", str(app.home.root), "data", "list", "--json").out)
    row = next(r for r in listed if r["indicator"] == "sw_turnover" and r["period"] == "2024-25")
    assert row["neighbours_shown"] == "mean"
    assert row["neighbours"] == pytest.approx(row["neighbours_mean"])
    assert row["neighbours_mean"] != row["neighbours_median"]


def test_the_2021_model_can_be_chosen_by_giving_its_file(app: AppContext) -> None:
    result = import_published(app, ImportPublished((*TABLES, MODEL_2021), "301"))
    assert result.neighbour_model == "DfE 2021"
    with MODEL_2021.open(encoding="utf-8-sig", newline="") as handle:
        row = next(r for r in csv.reader(handle) if r and r[0] == "301")
    codes = [row[i] for i in range(5, 25, 2)]
    assert [code for code, _ in published_summary(app).neighbours] == codes


def test_ofsted_outcomes_are_shown_for_the_council_and_its_neighbours(app: AppContext) -> None:
    import_published(app, ImportPublished((*TABLES, OFSTED), "E09000002"))
    summary = published_summary(app)
    assert summary.council_ofsted is not None
    assert summary.council_ofsted.la_name == "Barking and Dagenham"
    assert summary.council_ofsted.overall == "Requires improvement to be good"
    assert summary.council_ofsted.care_leavers == "Good"
    assert len(summary.neighbours_ofsted) == 10
    assert all(item.inspection_date is not None for item in summary.neighbours_ofsted)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("cases.csv", "cases.csv is not a DfE tidy statistics file"),
        ("profile.xlsx", "profile.xlsx is not Ofsted's local authority inspection outcomes"),
        ("notes.pdf", "notes.pdf is not a CSV file"),
    ],
)
def test_a_wrong_file_is_refused_in_one_sentence_naming_it(
    app: AppContext, tmp_path: Path, name: str, problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / name
    if name.endswith(".xlsx"):
        from openpyxl import Workbook

        book = Workbook()
        book.save(wrong)
    else:
        wrong.write_text("Case reference,Team\nC1,North\n", encoding="utf-8")
    result = run_cli(
        capsys, "--home", str(app.home.root), "data", "import-published", str(wrong), "--la", "301"
    )
    assert result.code == 2
    assert problem in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    with app.database.session() as session:
        assert published_cells(session, 1) == {}


def test_an_unknown_la_code_is_refused(app: AppContext) -> None:
    with pytest.raises(UserError, match="No local authority has the code 'E99999999'"):
        import_published(app, ImportPublished((TABLES[0],), "E99999999"))


def test_a_users_own_indicator_with_its_mapping_is_filled_by_the_import(
    app: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    added = run_cli(
        capsys,
        "--home",
        str(app.home.root),
        "data",
        "add-indicator",
        "--title",
        "Referrals closed with no further action",
        "--table",
        "c1_referrals",
        "--column",
        "no_further_action_percent",
        "--unit",
        "%",
        "--higher-is-better",
        "no",
    )
    assert added.code == 0, added.err
    assert "Published: Children in need: referrals and re-referrals (table C1)" in added.out
    import_published(app, ImportPublished(tuple(TABLES), "301"))
    row = next(
        r
        for r in published_rows(TABLES[0].name, {})
        if r["old_la_code"] == "301" and r["time_period"] == "2025"
    )
    expected = float(row["no_further_action_percent"])
    figures = stored(app)
    assert figures[("referrals_closed_with_no_further_action", "2024-25")]["council"] == (
        expected,
        None,
    )
    refused = run_cli(
        capsys,
        "--home",
        str(app.home.root),
        "data",
        "add-indicator",
        "--title",
        "X",
        "--table",
        "c9",
        "--column",
        "y",
    )
    assert refused.code == 2 and "'c9' is not a published table" in refused.err
