"""The command line for published data and Annex A case lists, end to end."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.home import Home
from tests.helpers import SHARED_DATA, run_cli

DFE = SHARED_DATA / "dfe"
ANNEX_A = SHARED_DATA / "annex-a" / "Annex_A-sample.xlsx"

pytestmark = pytest.mark.skipif(not DFE.is_dir(), reason="the shared data folder is not here")


def test_sample_from_an_annex_a_list_keeps_its_cohort_and_leaves_out_personal_columns(
    capsys: pytest.CaptureFixture[str], home: Home
) -> None:
    result = run_cli(
        capsys,
        "--home",
        str(home.root),
        "sample",
        "--cases",
        str(ANNEX_A),
        "--sheet",
        "List 7",
        "--size",
        "3",
        "--seed",
        "1",
        "--exclude-audited-within",
        "0",
    )
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert len(rows) == 3
    assert {row["Cohort"] for row in rows} == {"Child protection"}
    assert "Date of Birth" not in rows[0] and "Allocated Worker" not in rows[0]
    assert "Cohort from List 7: Child protection" in result.err  # the words, not the code
    refused = run_cli(
        capsys,
        "--home",
        str(home.root),
        "sample",
        "--cases",
        str(ANNEX_A),
        "--size",
        "3",
        "--seed",
        "1",
    )
    assert refused.code == 2
    assert "is an Annex A workbook with 11 lists; choose the list to read" in refused.err


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "pdf"])
def test_benchmark_exports_from_the_published_files_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"benchmark.{suffix}"
    files = [
        str(DFE / name)
        for name in (
            "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
            "ons_mid-year_population_estimates_2012_to_2024.csv",
        )
    ]
    result = run_cli(
        capsys,
        "--home",
        str(tmp_path / "empty-home"),
        "benchmark",
        *files,
        "--la",
        "E09000002",
        "--out",
        str(out),
    )
    assert result.code == 0, result.err
    assert "Barking and Dagenham against 2 indicators" in result.out
    if suffix == "csv":
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        council = [
            row
            for row in rows
            if row["group"] == "council"
            and row["indicator"] == "re_referrals"
            and row["period"] == "2024-25"
        ]
        assert council[0]["value"] == "21.8"
        assert council[0]["rank"] and council[0]["council_quartile"] in {"1", "2", "3", "4"}
        group = {row["la_name"] for row in rows if row["period"] == "2024-25"}
        assert {"Enfield", "Luton", "Havering"} <= group  # neighbours and Outer London
    elif suffix == "xlsx":
        sheet = load_workbook(out, read_only=True)["Benchmark"]
        assert "Barking and Dagenham" in str(next(sheet.iter_rows(values_only=True))[0])
    else:
        assert out.read_bytes().startswith(b"%PDF")


def test_data_import_published_prints_the_council_and_its_neighbours(
    capsys: pytest.CaptureFixture[str], home: Home
) -> None:
    assert run_cli(capsys, "--home", str(home.root), "demo").code == 0
    result = run_cli(
        capsys,
        "--home",
        str(home.root),
        "data",
        "import-published",
        str(DFE / "d3_cpps_subsequent_plan_2013_to_2025.csv"),
        str(SHARED_DATA / "ofsted" / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"),
        "--la",
        "301",
        "--neighbours",
        "mean",
    )
    assert result.code == 0, result.err
    assert "for Barking and Dagenham (301, E09000002; Outer London)" in result.out
    assert "Statistical neighbours (DfE 2025 model): Enfield, Luton" in result.out
    assert "Ofsted's latest judgements for 153 councils" in result.out
    listed = json.loads(run_cli(capsys, "--home", str(home.root), "data", "list", "--json").out)
    row = next(r for r in listed if r["indicator"] == "cp_second_plan" and r["period"] == "2024-25")
    assert row["council"] == 17.0 and row["neighbours_shown"] == "mean"
    indicators = json.loads(
        run_cli(capsys, "--home", str(home.root), "data", "list", "--indicators", "--json").out
    )
    sources = {item["id"]: item["source"] for item in indicators}
    assert sources["cp_second_plan"].startswith("Published: Child protection plans: second")
    assert sources["icpc_15_days"].startswith("Not in the published tables read")
