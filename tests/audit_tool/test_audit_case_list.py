"""Reading case lists exported from case systems, and refusing bad ones clearly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from audit_tool import CaseListError, find_reference_column, read_case_list


def write_text(tmp_path: Path, text: str, name: str = "cases.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(tmp_path: Path, rows: list[list[object]], name: str = "cases.xlsx") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def test_reads_a_simple_csv_with_row_numbers_as_a_spreadsheet_shows_them(tmp_path: Path) -> None:
    path = write_text(tmp_path, "Case reference,Team,Cohort\nC001,North,CIN\nC002,South,CP\n")
    cases = read_case_list(path)
    assert cases.columns == ["Case reference", "Team", "Cohort"]
    assert cases.reference_column == "Case reference"
    assert [(row.number, row.reference) for row in cases.rows] == [(2, "C001"), (3, "C002")]
    assert cases.rows[1].fields == {"Case reference": "C002", "Team": "South", "Cohort": "CP"}


def test_utf8_with_byte_order_mark_keeps_the_first_column_name_clean(tmp_path: Path) -> None:
    path = write_text(tmp_path, "\ufeffcase_ref,Team\nA1,Bridges\n")
    cases = read_case_list(path)
    assert cases.columns == ["case_ref", "Team"]
    assert cases.rows[0].reference == "A1"


def test_windows_1252_export_is_read(tmp_path: Path) -> None:
    path = write_text(tmp_path, "Child ID;Team\r\n77;Zoë’s team\r\n", encoding="cp1252")
    cases = read_case_list(path)
    assert cases.rows[0].fields["Team"] == "Zoë’s team"


@pytest.mark.parametrize(("delimiter", "name"), [(",", "a.csv"), (";", "b.csv"), ("\t", "c.tsv")])
def test_delimiter_is_sniffed(tmp_path: Path, delimiter: str, name: str) -> None:
    lines = [["Person ID", "Team", "Notes"], ["P1", "East", "seen, alone"], ["P2", "West", ""]]
    text = "\n".join(
        delimiter.join(f'"{cell}"' if "," in cell else cell for cell in line) for line in lines
    )
    cases = read_case_list(write_text(tmp_path, text + "\n", name=name))
    assert cases.columns == ["Person ID", "Team", "Notes"]
    assert cases.rows[0].fields["Notes"] == "seen, alone"


def test_reference_column_names_are_matched_loosely_and_most_specific_wins() -> None:
    assert find_reference_column(["ID", "CASE-REFERENCE", "Team"]) == "CASE-REFERENCE"
    assert find_reference_column(["Name", "person_id"]) == "person_id"
    assert find_reference_column(["Team", "Worker"]) is None


def test_blank_rows_are_skipped_but_counted(tmp_path: Path) -> None:
    path = write_text(tmp_path, "Ref,Team\nR1,A\n\n,\nR2,B\n")
    cases = read_case_list(path)
    assert [(row.number, row.reference) for row in cases.rows] == [(2, "R1"), (5, "R2")]


def test_values_are_trimmed_and_trailing_empty_cells_tolerated(tmp_path: Path) -> None:
    path = write_text(tmp_path, "Ref , Team,,\n R1 , North ,,\n")
    cases = read_case_list(path)
    assert cases.columns == ["Ref", "Team"]
    assert cases.rows[0].fields == {"Ref": "R1", "Team": "North"}


def test_empty_reference_names_row_and_column(tmp_path: Path) -> None:
    path = write_text(tmp_path, "Case reference,Team\nC1,A\nC2,B\nC3,C\nC4,D\nC5,E\n,F\n")
    with pytest.raises(CaseListError) as error:
        read_case_list(path)
    assert (
        str(error.value)
        == "cases.csv: Row 7, column 'Case reference': the case reference is empty."
    )


def test_duplicate_reference_names_both_rows(tmp_path: Path) -> None:
    path = write_text(tmp_path, "ref,team\nX9,A\nY1,B\nX9,C\n")
    with pytest.raises(CaseListError, match=r"Row 4, column 'ref'.*'X9'.*row 2"):
        read_case_list(path)


def test_missing_reference_column_lists_the_columns_found(tmp_path: Path) -> None:
    path = write_text(tmp_path, "Name,Team\nA,B\n")
    with pytest.raises(CaseListError, match=r"columns found: 'Name', 'Team'"):
        read_case_list(path)


@pytest.mark.parametrize("text", ["", "\n\n", " , \n"])
def test_empty_file_is_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(CaseListError, match="is empty"):
        read_case_list(write_text(tmp_path, text))


def test_header_without_cases_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CaseListError, match="no cases"):
        read_case_list(write_text(tmp_path, "Case reference,Team\n"))


def test_unnamed_column_in_header_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CaseListError, match=r"Row 1, column 2: the column has no name"):
        read_case_list(write_text(tmp_path, "Ref,,Team\nR1,x,y\n"))


def test_repeated_column_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CaseListError, match=r"'team' is used twice \(columns 2 and 3\)"):
        read_case_list(write_text(tmp_path, "Ref,Team,team\nR1,x,y\n"))


def test_short_ragged_row_is_refused(tmp_path: Path) -> None:
    path = write_text(tmp_path, "Ref,Team,Cohort\nR1,A,CIN\nR2,B\n")
    with pytest.raises(CaseListError, match=r"Row 3, column 'Cohort': this row has 2 values"):
        read_case_list(path)


def test_long_ragged_row_is_refused(tmp_path: Path) -> None:
    path = write_text(tmp_path, "Ref,Team\nR1,A\nR2,B,oops\n")
    with pytest.raises(CaseListError, match=r"Row 3, column 3: .*'oops'.*'Team'"):
        read_case_list(path)


def test_undecodable_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes(b"Ref,Team\nR1,\x81\x8d\n")
    with pytest.raises(CaseListError, match="not text in UTF-8 or Windows-1252"):
        read_case_list(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CaseListError, match=r"Cannot read missing\.csv"):
        read_case_list(tmp_path / "missing.csv")


def test_unknown_formats_and_damaged_old_excel_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CaseListError, match=r"old\.xls cannot be opened.*save it again as \.xlsx"):
        read_case_list(write_text(tmp_path, "x", name="old.xls"))
    with pytest.raises(CaseListError, match=r"use a \.csv or \.xlsx"):
        read_case_list(write_text(tmp_path, "x", name="cases.pdf"))


def test_reads_first_sheet_of_a_workbook_with_spreadsheet_values(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path,
        [
            ["Case Reference", "Team", "Opened", "Age", "Flag"],
            [1001, "North", dt.datetime(2024, 5, 1), 7.0, True],
            ["C-1002", "South", dt.date(2023, 12, 31), 12.5, None],
            ["C-1003", "East", None, 0.1 + 0.2, False],
        ],
    )
    cases = read_case_list(path)
    assert cases.columns == ["Case Reference", "Team", "Opened", "Age", "Flag"]
    first, second, third = cases.rows
    assert first.number == 2 and first.reference == "1001"
    assert first.fields["Opened"] == "2024-05-01"
    assert first.fields["Age"] == "7"
    assert first.fields["Flag"] == "TRUE"
    assert second.fields["Age"] == "12.5"
    assert third.fields["Age"] == "0.3"
    assert second.fields["Flag"] == ""


def test_workbook_empty_reference_names_the_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [["ID", "Team"], ["A", "x"], [None, "y"]])
    with pytest.raises(CaseListError, match=r"Row 3, column 'ID': the case reference is empty"):
        read_case_list(path)


def test_workbook_duplicate_reference_names_both_rows(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [["ID", "Team"], [5, "x"], [6, "y"], [5, "z"]])
    with pytest.raises(CaseListError, match=r"Row 4.*'5' also appears in row 2"):
        read_case_list(path)


def test_workbook_value_outside_named_columns_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [["ID", "Team"], ["A", "x", "stray"]])
    with pytest.raises(CaseListError, match=r"Row 2, column 3"):
        read_case_list(path)


def test_empty_workbook_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [])
    with pytest.raises(CaseListError, match="is empty"):
        read_case_list(path)


def test_corrupt_workbook_is_refused(tmp_path: Path) -> None:
    path = write_text(tmp_path, "this is not a zip file", name="broken.xlsx")
    with pytest.raises(CaseListError, match="cannot be opened as an Excel workbook"):
        read_case_list(path)
