"""Property tests: reading published files and case lists never fails in any other way than a
one-sentence refusal, and harmless differences in a file read the same."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from audit_tool import CaseListError, read_case_list
from audit_tool.published.figures import PublishedData, measure_cells
from audit_tool.published.measures import CATALOGUE_SOURCES, Measure
from audit_tool.published.tidy import (
    SUPPRESSION_CODES,
    PublishedDataError,
    Suppressed,
    parse_cell,
    parse_tidy_text,
)

COLUMNS = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
    "category",
    "CPP_start",
    "CPP_subsequent",
    "CPP_subsequent_percent",
]
cell_text = st.one_of(
    st.sampled_from(sorted(SUPPRESSION_CODES)),
    st.integers(0, 5000).map(str),
    st.floats(0, 100, allow_nan=False).map(lambda value: f"{value:.1f}"),
)


@st.composite
def tidy_tables(draw: st.DrawFn) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for year in draw(st.lists(st.integers(2013, 2025), min_size=1, max_size=3, unique=True)):
        base = {
            "time_period": str(year),
            "time_identifier": "Reporting year",
            "country_code": "E92",
            "country_name": "England",
            "category": "Child Protection Plans",
        }
        rows.append(
            {
                **base,
                "geographic_level": "National",
                "region_code": "",
                "region_name": "",
                "old_la_code": "",
                "new_la_code": "",
                "la_name": "",
            }
        )
        rows.append(
            {
                **base,
                "geographic_level": "Regional",
                "region_code": "E12000001",
                "region_name": "North East",
                "old_la_code": "",
                "new_la_code": "",
                "la_name": "",
            }
        )
        for code in ("841", "840"):
            rows.append(
                {
                    **base,
                    "geographic_level": "Local authority",
                    "region_code": "E12000001",
                    "region_name": "North East",
                    "old_la_code": code,
                    "new_la_code": f"E0600{code}",
                    "la_name": "LA",
                }
            )
        for row in rows[-4:]:
            row["CPP_start"] = draw(cell_text)
            row["CPP_subsequent"] = draw(cell_text)
            row["CPP_subsequent_percent"] = draw(cell_text)
    return rows


def as_csv(rows: list[dict[str, str]], columns: list[str], *, quote_empty: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        cells = [row[column] for column in columns]
        if quote_empty:
            out.write(",".join(f'"{c}"' if c == "" else c for c in cells) + "\r\n")
        else:
            writer.writerow(cells)
    return out.getvalue()


def figures_of(text: str) -> dict[object, object]:
    data = PublishedData()
    data.add(parse_tidy_text("d3.csv", text))
    measure = CATALOGUE_SOURCES["cp_second_plan"]
    assert isinstance(measure, Measure)
    return dict(measure_cells(data, measure))


@given(tidy_tables(), st.randoms(use_true_random=False), st.booleans())
def test_byte_order_mark_column_order_and_quoted_empty_cells_read_the_same(
    rows: list[dict[str, str]], order: object, quote_empty: bool
) -> None:
    plain = figures_of(as_csv(rows, COLUMNS, quote_empty=False))
    shuffled = list(COLUMNS)
    order.shuffle(shuffled)  # type: ignore[attr-defined]
    other = figures_of("\ufeff" + as_csv(rows, shuffled, quote_empty=quote_empty))
    assert other == plain
    for key, value in plain.items():
        assert value is None or isinstance(value, float | Suppressed), key


@given(st.text(max_size=300))
def test_any_text_is_a_table_or_one_refusal(text: str) -> None:
    try:
        parse_tidy_text("x.csv", text)
    except PublishedDataError as exc:
        assert str(exc).startswith("x.csv") and "\n" not in str(exc)


@given(st.text(max_size=12))
def test_a_cell_is_a_number_a_code_or_a_refusal_naming_where(text: str) -> None:
    try:
        value = parse_cell(text, "f.csv, row 2, x")
    except PublishedDataError as exc:
        assert str(exc).startswith("f.csv, row 2, x:")
        return
    if isinstance(value, Suppressed):
        assert value.code in SUPPRESSION_CODES
    elif value is not None:
        assert value == float(text.strip().replace(",", ""))


@given(st.binary(max_size=400))
@settings(max_examples=150)
def test_any_bytes_as_a_case_list_csv_are_a_list_or_one_refusal(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cases.csv"
        path.write_bytes(b"Child Unique ID,Team\n" + raw)
        try:
            cases = read_case_list(path)
        except CaseListError as exc:
            assert str(exc).startswith("cases.csv") and "\n" not in str(exc)
            return
        references = [row.reference for row in cases.rows]
        assert len(references) == len(set(references)) and all(references)


workbook_cell = st.one_of(
    st.none(),
    st.integers(0, 10**7),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8),
    st.dates(),
    st.sampled_from(["a) Male", "-", "31/03/2025", "b) No"]),
)


@given(st.lists(st.lists(workbook_cell, min_size=1, max_size=4), min_size=1, max_size=8))
@settings(max_examples=40)
def test_any_workbook_sheet_is_a_list_or_one_refusal(rows: list[list[object]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cases.xlsx"
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["Child Unique ID", "Team", "Gender", "Date"])
        for row in rows:
            sheet.append(row)
        try:
            book.save(path)
        except ValueError:
            return  # openpyxl refuses some characters; not our reader's concern
        try:
            cases = read_case_list(path)
        except CaseListError as exc:
            assert str(exc).startswith("cases.xlsx")
            return
        for case in cases.rows:
            assert case.reference
            assert not case.fields["Gender"].startswith(("a) ", "b) "))
            assert case.fields["Gender"] != "-"
