"""Annex A workbooks: each list read with its cohort, only the columns the audit needs, values
as the user reads them, and clear refusals naming the sheet, row and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from audit_tool import CaseListError, read_case_list
from audit_tool.annex_a import Cohort, age_band
from audit_tool.case_list import list_sheets
from tests.audit_tool.annex_a_workbook import write_annex_a
from tests.helpers import SHARED_DATA

SAMPLE = SHARED_DATA / "annex-a" / "Annex_A-sample.xlsx"
TODAY = dt.date(2021, 3, 31)

EXPECTED_COHORTS = {
    "List 1": None,
    "List 2": Cohort.EARLY_HELP,
    "List 3": None,
    "List 4": None,
    "List 5": None,
    "List 6": Cohort.CHILD_IN_NEED,
    "List 7": Cohort.CHILD_PROTECTION,
    "List 8": Cohort.CHILD_IN_CARE,
    "List 9": Cohort.CARE_LEAVER,
    "List 10": Cohort.CHILD_IN_CARE,
}


@pytest.mark.skipif(not SAMPLE.is_file(), reason="the shared data folder is not here")
@pytest.mark.parametrize(("sheet", "cohort"), list(EXPECTED_COHORTS.items()))
def test_each_list_of_the_real_sample_is_read_with_its_cohort(
    sheet: str, cohort: Cohort | None
) -> None:
    cases = read_case_list(SAMPLE, sheet, today=TODAY)
    assert cases.sheet == sheet
    assert cases.cohort == cohort
    assert cases.reference_column == "Child Unique ID"
    assert cases.rows and all(row.reference.isdigit() for row in cases.rows)
    assert "Date of Birth" not in cases.columns
    assert "Allocated Worker" not in cases.columns and "Worker" not in cases.columns
    assert not any("postcode" in column.casefold() for column in cases.columns)
    for row in cases.rows:
        assert not any(value.startswith(("a) ", "b) ", "q) ")) for value in row.fields.values())
    if cohort is not None:
        label = {"child_in_need": "Child in need", "child_protection": "Child protection"}
        assert all(row.fields["Cohort"] for row in cases.rows)
        if cohort.value in label:
            assert cases.rows[0].fields["Cohort"] == label[cohort.value]


@pytest.mark.skipif(not SAMPLE.is_file(), reason="the shared data folder is not here")
def test_the_real_sample_child_protection_list_keeps_team_and_age_band() -> None:
    cases = read_case_list(SAMPLE, "List 7", today=TODAY)
    first = cases.rows[0]
    assert first.reference == "10721552"
    assert first.fields["Team"] == "Locality 4 Unit 1"
    assert first.fields["Gender"] == "Female"
    assert first.fields["Age band"] == "Under 1"
    assert first.fields["Child Protection Plan Start Date"] == "2020-11-23"
    assert cases.dropped_columns == ["Date of Birth", "Age", "Allocated Worker"]
    kept = read_case_list(SAMPLE, "List 7", today=TODAY, keep_worker_names=True)
    assert kept.rows[0].fields["Worker"] == "Ezra Leigh"


@pytest.mark.skipif(not SAMPLE.is_file(), reason="the shared data folder is not here")
def test_the_sheets_offered_say_which_list_they_are() -> None:
    sheets = list_sheets(SAMPLE)
    assert [sheet.name for sheet in sheets][:2] == ["List 1", "List 2"]
    seven = next(sheet for sheet in sheets if sheet.name == "List 7")
    assert seven.annex_a is not None and seven.annex_a.title == "Child protection plans"


@pytest.mark.skipif(not SAMPLE.is_file(), reason="the shared data folder is not here")
def test_an_annex_a_workbook_needs_its_list_named_and_list_11_is_refused() -> None:
    with pytest.raises(CaseListError, match=r"Annex_A-sample\.xlsx is an Annex A workbook"):
        read_case_list(SAMPLE)
    with pytest.raises(CaseListError, match="lists adopters, not children"):
        read_case_list(SAMPLE, "List 11")
    with pytest.raises(CaseListError, match=r"has no sheet 'List 12'; its sheets are 'List 1'"):
        read_case_list(SAMPLE, "List 12")


def test_number_formatted_ids_keep_the_digits_the_user_sees(tmp_path: Path) -> None:
    path = write_annex_a(tmp_path / "annex.xlsx", 60, seed=3)
    cases = read_case_list(path, "List 7", today=dt.date(2025, 3, 31))
    assert all(len(row.reference) == 6 for row in cases.rows)
    assert any(row.reference.startswith("0") for row in cases.rows)
    assert all(row.fields["Child Unique ID"] == row.reference for row in cases.rows)


def test_headings_below_a_title_row_and_text_dates(tmp_path: Path) -> None:
    path = write_annex_a(tmp_path / "annex.xlsx", 10, seed=4)
    cases = read_case_list(path, "list 8", today=dt.date(2025, 3, 31))
    assert cases.cohort == Cohort.CHILD_IN_CARE
    assert cases.rows[0].number == 4
    assert "Placement postcode" in cases.dropped_columns
    assert all(row.fields["Age band"] for row in cases.rows)
    assert all(row.fields["Child's Legal Status"] for row in cases.rows)


def write_book(path: Path, rows: list[list[object]], title: str = "List 7") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_dashes_are_blank_and_formula_errors_name_sheet_row_and_column(tmp_path: Path) -> None:
    good = write_book(
        tmp_path / "a.xlsx",
        [["Child Unique ID", "Allocated Team", "Seen alone"], [11, "North", "-"]],
    )
    assert read_case_list(good).rows[0].fields == {
        "Child Unique ID": "11",
        "Team": "North",
        "Seen alone": "",
        "Cohort": "Child protection",
    }
    lookup = write_book(
        tmp_path / "b.xlsx",
        [["Child Unique ID", "Team"], [11, "North"], [12, "#N/A"], [13, "#N/A"]],
    )
    cases = read_case_list(lookup)
    assert cases.rows[1].fields["Team"] == ""
    assert cases.notes == ["2 cells of 'Team' show the formula error #N/A and are read as blank."]
    bad = write_book(tmp_path / "c.xlsx", [["Child Unique ID", "Team"], [11, "N"], ["#REF!", "S"]])
    with pytest.raises(CaseListError) as error:
        read_case_list(bad)
    assert str(error.value).startswith("c.xlsx, sheet 'List 7': Row 3, column 'Child Unique ID'")
    assert "formula error #REF!" in str(error.value)
    uncached = write_book(tmp_path / "d.xlsx", [["Child Unique ID", "Team"], [11, "=A1&A2"]])
    with pytest.raises(CaseListError, match=r"Row 2, column 'Team': the cell holds a formula with"):
        read_case_list(uncached)


def test_formula_cells_give_their_cached_values(tmp_path: Path) -> None:
    # A workbook saved by Excel holds each formula's last value; calamine reads that value.
    path = tmp_path / "f.xlsx"
    write_book(path, [["Child Unique ID", "Team"], [5, "placeholder"]])
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    start = sheet.index('<c r="B2"')
    end = sheet.index("</c>", start) + len("</c>")
    parts["xl/worksheets/sheet1.xml"] = (
        sheet[:start] + '<c r="B2" t="str"><f>"Ea"&amp;"st"</f><v>East</v></c>' + sheet[end:]
    ).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert read_case_list(path).rows[0].fields["Team"] == "East"


def test_title_rows_are_passed_over_and_the_advice_names_child_unique_id(tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "t.xlsx",
        [["Annex A return, March 2025"], [], ["Child Unique ID", "Team"], [7, "West"]],
        title="Children",
    )
    cases = read_case_list(path)
    assert cases.rows[0].number == 4 and cases.rows[0].reference == "7"
    missing = write_book(tmp_path / "m.xlsx", [["Name", "Team"], ["x", "y"]], title="Children")
    with pytest.raises(CaseListError, match="'Child Unique ID' or 'Case reference'"):
        read_case_list(missing)


@pytest.mark.parametrize(
    ("born", "band"),
    [
        ("2025-01-01", "Under 1"),
        ("2021-03-31", "1 to 4"),
        ("2015-06-01", "5 to 9"),
        ("2010-04-01", "10 to 15"),
        ("2008-01-01", "16 to 17"),
        ("2000-01-01", "18 and over"),
        ("not a date", ""),
    ],
)
def test_age_bands_follow_the_dfe_bands(born: str, band: str) -> None:
    assert age_band(born, dt.date(2025, 3, 31)) == band
