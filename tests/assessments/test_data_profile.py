"""Data profile: catalogue, values, the CSV template and its all-or-nothing import."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from desktop_app.store.models import IndicatorValue
from desktop_app.store.repositories import data_profile as profile
from desktop_app.store.repositories.organisations import home_organisation


def _home_id(session: Any) -> int:
    home = home_organisation(session)
    assert home is not None and home.id is not None
    return home.id


def test_catalogue_is_shipped_as_data_and_stored_once(council_database: Any) -> None:
    catalogue = profile.load_catalogue()
    ids = {item["id"] for item in catalogue}
    assert {"re_referrals", "cp_second_plan", "average_caseload", "sw_agency"} <= ids
    assert all({"title", "unit", "higher_is_better", "description"} <= set(i) for i in catalogue)
    with council_database.session() as session:
        assert profile.ensure_catalogue(session) == len(catalogue)
        assert profile.ensure_catalogue(session) == 0
        stored = profile.list_indicators(session)
    assert [i.id for i in stored] == [item["id"] for item in catalogue]
    referrals = next(i for i in stored if i.id == "referrals_rate")
    assert referrals.higher_is_better is None


def test_users_add_their_own_indicator(council_database: Any) -> None:
    with council_database.session() as session:
        profile.ensure_catalogue(session)
        own = profile.add_indicator(
            session, "Children seen within 5 days", unit="%", higher_is_better=True
        )
        again = profile.add_indicator(session, "Children seen within 5 days", unit="%")
        listed = profile.list_indicators(session)
    assert own.user_defined and own.id == "children_seen_within_5_days"
    assert again.id == "children_seen_within_5_days_2"
    assert listed[-2:] == [own, again]


def test_current_period_is_the_last_full_year() -> None:
    assert profile.current_data_period(date(2026, 11, 24)) == "2025-26"
    assert profile.current_data_period(date(2026, 3, 31)) == "2024-25"
    assert profile.current_data_period(date(2026, 4, 1)) == "2025-26"


def test_template_lists_every_indicator_and_series_with_empty_values() -> None:
    text = profile.template_csv(["re_referrals", "sw_agency"], "2025-26")
    lines = text.splitlines()
    assert lines[0] == "indicator,period,series,value"
    assert lines[1:5] == [
        "re_referrals,2025-26,council,",
        "re_referrals,2025-26,neighbours,",
        "re_referrals,2025-26,region,",
        "re_referrals,2025-26,england,",
    ]
    assert len(lines) == 1 + 2 * 4


def _import(database: Any, tmp_path: Path, text: str) -> int:
    path = tmp_path / "profile.csv"
    path.write_text(text, encoding="utf-8")
    with database.session() as session:
        return profile.import_profile_csv(session, path, _home_id(session))


def test_import_stores_values_and_replaces_older_ones(
    council_database: Any, tmp_path: Path
) -> None:
    good = (
        "\ufeffindicator,period,series,value\n"
        "re_referrals,2025-26,council,24\n"
        "re_referrals,2025-26,neighbours,21.0\n"
        "re_referrals,2025-26,region,\n"
        "\n"
    )
    assert _import(council_database, tmp_path, good) == 2
    assert _import(council_database, tmp_path, good.replace(",24\n", ",23.5\n")) == 2
    with council_database.session() as session:
        table = profile.profile_table(session, _home_id(session))
        referrals = next(i for i in table.indicators if i.id == "re_referrals")
        assert table.value("re_referrals", "2025-26") == 23.5
        assert table.rating(referrals, "2025-26") == "red"
        rows = profile.profile_rows(table)
    assert rows[0]["council"] == 23.5 and rows[0]["region"] is None


@pytest.mark.parametrize(
    ("bad_line", "row", "column", "says"),
    [
        ("re_referrals,2025-26,council,24%", 3, "value", '"24%" is not a number'),
        ("re_referrals,2025-26,council,n/a", 3, "value", '"n/a" is not a number'),
        ("re_referalls,2025-26,council,24", 3, "indicator", "not an indicator"),
        ("re_referrals,2025-26,statistical neighbours,24", 3, "series", "not one of"),
        ("re_referrals,2025/26,council,24", 3, "period", "not a period"),
        ("sw_agency,2025-26,england,18", 3, "indicator", "on row 2"),
    ],
)
def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(
    council_database: Any, tmp_path: Path, bad_line: str, row: int, column: str, says: str
) -> None:
    text = f"indicator,period,series,value\nsw_agency,2025-26,england,18\n{bad_line}\n"
    with pytest.raises(profile.ProfileImportError) as caught:
        _import(council_database, tmp_path, text)
    message = str(caught.value)
    assert message.startswith(f"Row {row}, column {column}: ")
    assert says in message and "nothing was imported" in message
    with council_database.session() as session:
        assert session.exec(select(IndicatorValue)).first() is None


def test_a_wrong_header_is_refused(council_database: Any, tmp_path: Path) -> None:
    with pytest.raises(
        profile.ProfileImportError, match="Row 1, column value: the column is missing"
    ):
        _import(council_database, tmp_path, "indicator,period,series\nsw_agency,2025-26,england\n")
    with pytest.raises(profile.ProfileImportError, match="Row 1, column title"):
        _import(council_database, tmp_path, "indicator,title,period,series,value\n")


def test_demo_profile_has_every_indicator_for_five_periods(demo_db: Any) -> None:
    with demo_db.session() as session:
        table = profile.profile_table(session, _home_id(session))
    assert table.periods == ["2021-22", "2022-23", "2023-24", "2024-25", "2025-26"]
    for indicator in table.indicators:
        for period in table.periods:
            for series in profile.SERIES:
                assert table.value(indicator.id, period, series) is not None
