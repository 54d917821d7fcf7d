"""On an auditor's laptop "last return sent" (Your cases) belongs to the visit the return was
of, found by the visit's UUID: two visits of the same title each show only their own returns,
and a title the lead edits later keeps them. A return written by an older version (no such
record) is still found by the title it names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.app.context import AppContext
from desktop_app.app.your_cases import SentState, your_cases
from desktop_app.home import Home
from tests.team.laptops import audit_sheet, three_laptops, write_case_list

TITLE = "SAV: the front door"


def _ids_by_uuid(machine_root: Path) -> list[int]:
    """The auditor's visit ids, in the order they arrived."""
    context = AppContext(Home(machine_root))
    try:
        return [
            int(row[0])
            for row in context.reader().execute("SELECT id FROM visit ORDER BY id").fetchall()
        ]
    finally:
        context.close()


@pytest.mark.slow
def test_two_visits_of_one_title_each_show_only_their_own_return(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lead, ann, _bob = three_laptops(tmp_path, capsys, title=TITLE, kind="SAV", size=4, seed=11)
    # A second visit with the very same title, Ann on its team too.
    made = lead.ok(
        "visits", "new", "--title", TITLE, "--kind", "SAV", "--host", "Midthorpe Council"
    )
    second = made.out.splitlines()[0]
    lead.ok("visits", "cases", "--visit", second, str(write_case_list(tmp_path)))
    lead.ok("visits", "sample", "--visit", second, "--size", "2", "--seed", "3")
    for name, role, card in ((lead.name, "lead", lead.card), (ann.name, "auditor", ann.card)):
        lead.ok(
            "visits", "team", "--visit", second, "--add", name, "--role", role, "--card", str(card)
        )
    for visit in ("1", second):
        lead.ok(
            "visits",
            "assign",
            "--visit",
            visit,
            "--auditor",
            ann.name,
            "--cases",
            *[row["case_reference"] for row in lead.audits(int(visit))][:2],
        )
        out = tmp_path / f"ann-{visit}.assignment"
        lead.ok("visits", "pack", "--visit", visit, "--auditor", ann.name, "--out", str(out))
        ann.ok("import", str(out))
    first_here, second_here = _ids_by_uuid(ann.root)
    listed = json.loads(ann.ok("list", "visits", "--json").out)
    assert [row["title"] for row in listed] == [TITLE, TITLE]

    # Ann audits a case of each visit and sends the first visit's audits only.
    for visit_id in (first_here, second_here):
        case = ann.audits(visit_id)[0]["case_reference"]
        sheet = audit_sheet(tmp_path, f"{visit_id}.csv", ann.name, {case: "Good"})
        ann.ok("audits", "import", "--visit", str(visit_id), str(sheet))
    ann.ok("audits", "return", "--visit", str(first_here), "--out", str(tmp_path / "r1"))

    context = AppContext(Home(ann.root))
    try:
        sent_first = your_cases(context, first_here)
        sent_second = your_cases(context, second_here)
    finally:
        context.close()
    assert sent_first.returns_sent == 1 and sent_first.last_sent is not None
    assert [c.sent for c in sent_first.cases if c.sent != SentState.NOTHING_YET] == [SentState.SENT]
    # The other visit of the same title has sent nothing: its typed audit is still to send.
    assert sent_second.returns_sent == 0 and sent_second.last_sent is None
    assert [c.sent for c in sent_second.cases if c.sent != SentState.NOTHING_YET] == [
        SentState.NOT_SENT
    ]


def test_a_return_written_before_the_visit_record_is_found_by_its_title(
    tmp_path: Path,
) -> None:
    """An older home: the export log names the visit's title, and nothing records its UUID."""
    home, visit_id = _older_auditor_home(tmp_path)
    context = AppContext(home)
    try:
        shown = your_cases(context, visit_id)
    finally:
        context.close()
    assert shown.returns_sent == 1 and shown.last_sent is not None
    assert shown.last_sent.sequence == 3 and shown.last_sent.audits == 4


def _older_auditor_home(tmp_path: Path) -> tuple[Home, int]:
    """The demo's auditor laptop with the return's visit record taken away (as written by an
    older version)."""
    from desktop_app.app.showcase import auditor_laptop_home

    home, visit_id = auditor_laptop_home(tmp_path / "ann")
    context = AppContext(home)
    try:
        with context.database.session() as session:
            session.connection().exec_driver_sql(
                "DELETE FROM setting WHERE key = 'team_bundles_sent'"
            )
    finally:
        context.close()
    return home, visit_id
