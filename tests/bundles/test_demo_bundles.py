"""The demo's inbox: a trusted bundle from Oxtown and one from Munbridge's not-yet-trusted key."""

from __future__ import annotations

from typing import Any

from desktop_app.store.repositories.listing import bundle_rows
from desktop_app.store.schema import connect_read_only


def test_demo_imports_one_trusted_and_one_unknown_signer_bundle(demo_database: Any) -> None:
    connection = connect_read_only(demo_database.home.database)
    try:
        rows = {
            row["organisation"]: row
            for row in bundle_rows(connection)
            if row["type"] == "self-assessment"
        }
        read_only = connection.execute(
            "SELECT COUNT(*) FROM record WHERE kind = 'imported-assessment' AND read_only"
        ).fetchone()[0]
    finally:
        connection.close()
    assert rows["Oxtown Borough Council"]["trusted"] is True
    assert rows["Unknown signer (claims “Munbridge City Council”)"]["trusted"] is False
    assert read_only == 2
    stored = sorted(path.name for path in demo_database.home.bundles.glob("*.cfbundle"))
    # the two peers' bundles, Oxtown's response and its reply to Midthorpe's challenge, and
    # Midthorpe's own earlier export
    assert len(stored) == 5
    assert "midthorpe-self-assessment-2025-26.cfbundle" in stored


def test_demo_has_a_challenge_from_oxtown_partly_answered(demo_database: Any) -> None:
    from desktop_app.store.repositories.challenge import notes_on_bundle, received_notes

    connection = connect_read_only(demo_database.home.database)
    try:
        responses = [row for row in bundle_rows(connection) if row["type"] == "response"]
        exported = connection.execute("SELECT tagmanifest_sha512 FROM export_log").fetchall()
    finally:
        connection.close()
    assert len(responses) == 1
    assert responses[0]["organisation"] == "Oxtown Borough Council"
    assert responses[0]["in_response_to"] == exported[0][0]
    with demo_database.session() as session:
        received = received_notes(session)
        oxtown = next(
            row
            for row in bundle_rows(connect_read_only(demo_database.home.database))
            if row["organisation"] == "Oxtown Borough Council" and row["type"] == "self-assessment"
        )
        given = notes_on_bundle(session, oxtown["id"])
    assert len(received) == 5
    assert {note.section_id for note in received if note.line_of_enquiry} >= {
        "leaders",
        "care_leavers",
    }
    answered = [note for note in received if note.accepted is not None]
    assert len(answered) == 3 and all(note.answer for note in answered)
    assert len(given) == 2 and all(note.direction == "given" for note in given)
