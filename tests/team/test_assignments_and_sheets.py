"""A later assignment keeps what the auditor typed; pseudonyms are the council's on every laptop;
`audits import` is all or nothing and names the row and column of a problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.exchange.pseudonyms import pseudonym_secret
from desktop_app.store.database import Database
from tests.team.laptops import Laptop, audit_sheet, laptop, write_case_list


def _lead_and_ann(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Laptop, Laptop]:
    lead = laptop(tmp_path, capsys, "Lena Okafor")
    ann = laptop(tmp_path, capsys, "Ann Ryder")
    ann.ok("keys", "trust", str(lead.card), "--yes")
    lead.ok(
        "visits", "new", "--title", "QA: November", "--kind", "QA", "--host", "Midthorpe Council"
    )
    lead.ok("visits", "cases", "--visit", "1", str(write_case_list(tmp_path, 12)))
    lead.ok("visits", "sample", "--visit", "1", "--size", "4", "--seed", "5")
    lead.ok("visits", "team", "--visit", "1", "--add", lead.name, "--role", "lead")
    lead.ok(
        "visits",
        "team",
        "--visit",
        "1",
        "--add",
        ann.name,
        "--role",
        "auditor",
        "--card",
        str(ann.card),
    )
    return lead, ann


def test_a_later_assignment_keeps_what_was_typed_and_pseudonyms_are_the_councils(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, ann = _lead_and_ann(tmp_path, capsys)
    cases = [row["case_reference"] for row in lead.audits()]
    lead.ok("visits", "assign", "--visit", "1", "--auditor", ann.name, "--cases", *cases[:2])
    lead.ok("visits", "pack", "--visit", "1", "--auditor", ann.name, "--out", str(tmp_path / "a1"))
    ann.ok("import", str(tmp_path / "a1"))
    assert pseudonym_secret(ann.root / "keys", "Midthorpe Council") == pseudonym_secret(
        lead.root / "keys", "Midthorpe Council"
    )
    ann.ok(
        "audits",
        "import",
        "--visit",
        "1",
        str(audit_sheet(tmp_path, "s.csv", ann.name, {cases[0]: "Good"})),
    )
    # The lead gives Ann one more case: a new assignment, opened over the first.
    lead.ok("visits", "assign", "--visit", "1", "--auditor", ann.name, "--cases", cases[2])
    lead.ok("visits", "pack", "--visit", "1", "--auditor", ann.name, "--out", str(tmp_path / "a2"))
    opened = ann.ok("import", str(tmp_path / "a2"))
    assert "1 new case(s)" in opened.out and "1 kept as typed here" in opened.out
    rows = {row["case_reference"]: row for row in ann.audits()}
    assert set(rows) == set(cases[:3])
    assert rows[cases[0]]["overall_grade"] == "good"
    # An older assignment than the one opened is refused with a sentence.
    older = ann.cli("import", str(tmp_path / "a1"))
    assert older.code == 1 and "older than the one already opened" in older.err


def test_a_team_bundle_written_unencrypted_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop_app.exchange import decrypt_file
    from desktop_app.exchange.keys import KeyStore

    lead, ann = _lead_and_ann(tmp_path, capsys)
    lead.ok("visits", "assign", "--visit", "1", "--split")
    lead.ok("visits", "pack", "--visit", "1", "--auditor", ann.name, "--out", str(tmp_path / "a"))
    identity = KeyStore(ann.root).load_identity()
    assert identity is not None
    decrypt_file(tmp_path / "a", tmp_path / "plain.cfbundle", identity.age_identity)
    refused = ann.cli("import", str(tmp_path / "plain.cfbundle"))
    assert refused.code == 1 and "not encrypted" in refused.err
    assert ann.audits() == []


def test_audits_import_names_row_and_column_and_stores_nothing_on_a_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, _ann = _lead_and_ann(tmp_path, capsys)
    cases = [row["case_reference"] for row in lead.audits()]
    sheet = tmp_path / "bad.csv"
    sheet.write_text(
        "audit.case_reference,overall_grade,voice_grade\n"
        f"{cases[0]},Good,Good\n{cases[1]},Brilliant,Good\n",
        encoding="utf-8",
    )
    bad = lead.cli("audits", "import", "--visit", "1", str(sheet))
    assert bad.code == 2 and "Row 3, column 'overall_grade'" in bad.err
    assert all(row["overall_grade"] is None for row in lead.audits())
    sheet.write_text(f"audit.case_reference,made_up\n{cases[0]},x\n", encoding="utf-8")
    unknown = lead.cli("audits", "import", "--visit", "1", str(sheet))
    assert "Row 2, column 'made_up'" in unknown.err
    # The shape `audits export` writes imports back (xlsx), and the change log says so.
    lead.ok(
        "audits",
        "import",
        "--visit",
        "1",
        str(audit_sheet(tmp_path, "ok.csv", lead.name, {cases[0]: "Inadequate"})),
    )
    exported = tmp_path / "audits.xlsx"
    lead.ok("audits", "export", "--visit", "1", "--format", "xlsx", "--out", str(exported))
    again = lead.ok("audits", "import", "--visit", "1", str(exported))
    assert "0 audit(s) updated" in again.out
    from desktop_app.home import Home
    from desktop_app.store.database import open_database
    from desktop_app.store.repositories.records import answer_history

    database = open_database(Home(lead.root))
    try:
        with database.session() as session:
            audit_id = next(r["id"] for r in lead.audits() if r["case_reference"] == cases[0])
            from desktop_app.store.models import Audit

            audit = session.get(Audit, audit_id)
            assert audit is not None
            history = answer_history(session, audit.record_id, ["overall_grade"])
    finally:
        database.close()
    assert history[0].changed_by == "Lena Okafor (from ok.csv)"


def test_any_sheet_is_imported_or_refused_with_one_sentence(database: Database) -> None:
    import csv

    from desktop_app.app.audit_sheet import ImportAuditSheet, import_audit_sheet
    from desktop_app.app.context import AppContext
    from desktop_app.app.team import NewVisit, VisitKind, new_visit
    from desktop_app.errors import UserError

    context = AppContext(database.home, _database=database)
    visit = new_visit(context, NewVisit("Any", VisitKind.QA, "Midthorpe Council")).visit_id
    sheet = database.home.root / "any.csv"

    @settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.lists(st.text(max_size=10), max_size=4), max_size=4))
    def import_any(rows: list[list[str]]) -> None:
        with sheet.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([["audit.case_reference", "overall_grade"], *rows])
        try:
            import_audit_sheet(context, ImportAuditSheet(visit, sheet))
        except UserError as error:
            assert error.message and all(line.endswith(".") for line in error.message.splitlines())

    import_any()
