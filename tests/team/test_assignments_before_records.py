"""An older home: the lead packed an auditor's assignment before assignments recorded the cases
they carried (``team_given``) and their visit (``team_sent``). A case the lead then moves to
someone else still goes back in that auditor's return, and is accepted as one she was given (the
audit carries the UUID the lead's laptop made for it); a case she was never given is refused."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from uuid import uuid4

import pytest

from desktop_app.app.context import AppContext
from desktop_app.exchange.audit_return import check_return_cases
from desktop_app.exchange.import_bundle import ImportRefusedError
from desktop_app.home import Home
from desktop_app.store.repositories.team import member_named
from desktop_app.store.repositories.team_merge import audit_states
from tests.team.laptops import Laptop, audit_sheet, three_laptops


def _forget_records(machine: Laptop) -> None:
    """Take away what newer versions record at pack time, as an older version left the home."""
    context = AppContext(Home(machine.root))
    try:
        with context.database.session() as session:
            session.connection().exec_driver_sql(
                "DELETE FROM setting WHERE key LIKE 'team_cases_given.%' "
                "OR key = 'team_bundles_sent'"
            )
    finally:
        context.close()


@pytest.mark.slow
def test_a_case_moved_after_an_older_assignment_comes_back_in_the_return(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, ann, bob = three_laptops(
        tmp_path, capsys, title="SAV: older home", kind="SAV", size=4, seed=5
    )
    lead.ok("visits", "assign", "--visit", "1", "--split")
    held = {str(r["case_reference"]): str(r["auditor"]) for r in lead.audits()}
    anns = sorted(case for case, who in held.items() if who == ann.name)
    bobs = sorted(case for case, who in held.items() if who == bob.name)
    for person, out in ((ann, tmp_path / "a"), (bob, tmp_path / "b")):
        lead.ok("visits", "pack", "--visit", "1", "--auditor", person.name, "--out", str(out))
        person.ok("import", str(out))
    _forget_records(lead)

    # The lead moves one of Ann's cases to Bob; Ann, not told yet, audits all hers.
    moved = anns[0]
    lead.ok("visits", "assign", "--visit", "1", "--auditor", bob.name, "--cases", moved)
    sheet = audit_sheet(tmp_path, "ann.csv", ann.name, dict.fromkeys(anns, "Good"))
    ann.ok("audits", "import", "--visit", "1", str(sheet))
    ann.ok("audits", "return", "--visit", "1", "--out", str(tmp_path / "ann.return"))

    # Her return is accepted: the moved case comes back as her work, the rest as before.
    merged = lead.cli("import", str(tmp_path / "ann.return"))
    assert merged.code == 0, merged.err
    rows = {str(r["case_reference"]): r for r in lead.audits()}
    assert all(rows[case]["overall_grade"] == "good" for case in anns), rows
    assert rows[moved]["auditor"] == bob.name  # the holder stays who the lead gave it to
    assert rows[anns[1]]["auditor"] == ann.name

    # A case she was never given is still refused, under a UUID of her own or of another case.
    context = AppContext(Home(ann.root))
    try:
        with context.database.session() as session:
            states, _definitions = audit_states(session, 1)
    finally:
        context.close()
    mine = states[0]
    context = AppContext(Home(lead.root))
    try:
        with context.database.session() as session:
            member = member_named(session, 1, ann.name)
            for uuid in (str(uuid4()), mine.uuid):
                forged = replace(mine, uuid=uuid, case_reference=bobs[0])
                with pytest.raises(ImportRefusedError, match="never assigned to Ann Ryder"):
                    check_return_cases(session, 1, "SAV: older home", member, [forged])
            session.rollback()
    finally:
        context.close()
