"""``list audits --json`` gives the listing operation's objects, the overall grade as stored on
each audit (migration 0008)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.app.context import AppContext
from desktop_app.app.team import list_audits
from desktop_app.home import Home
from desktop_app.store.repositories.records import save_answer
from tests.helpers import run_cli


def test_list_audits_json_gives_the_listing_operations_objects(
    capsys: pytest.CaptureFixture[str], home_dir: Path
) -> None:
    """Every audit of the demo home: the same objects, keys in the same order, as the listing
    operation gives (the team panel's rows)."""
    assert run_cli(capsys, "--home", str(home_dir), "demo").code == 0
    app = AppContext(Home(home_dir))
    try:
        # a long text grade (not a shipped grade id) is listed as it is
        long_grade = "x" * 80
        record_id = app.reader().execute("SELECT record_id FROM audit ORDER BY id").fetchone()[0]
        with app.database.session() as session:
            save_answer(session, record_id, "overall_grade", long_grade, by="Test")
        expected = [row.to_json() for row in list_audits(app)]
    finally:
        app.close()
    result = run_cli(capsys, "--home", str(home_dir), "list", "audits", "--json")
    assert result.code == 0
    listed = json.loads(result.out)
    assert listed == expected
    assert long_grade in {row["overall_grade"] for row in listed}
    assert {row["overall_grade"] for row in listed} - {None, long_grade}
    assert [list(row) for row in listed] == [list(row) for row in expected]  # key order too
