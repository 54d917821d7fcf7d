"""The demo's inbox: a trusted bundle from Oxtown and one from Munbridge's not-yet-trusted key."""

from __future__ import annotations

from typing import Any

from desktop_app.store.repositories.listing import bundle_rows
from desktop_app.store.schema import connect_read_only


def test_demo_imports_one_trusted_and_one_unknown_signer_bundle(demo_database: Any) -> None:
    connection = connect_read_only(demo_database.home.database)
    try:
        rows = {row["organisation"]: row for row in bundle_rows(connection)}
        read_only = connection.execute(
            "SELECT COUNT(*) FROM record WHERE kind = 'imported-assessment' AND read_only"
        ).fetchone()[0]
    finally:
        connection.close()
    assert rows["Oxtown Borough Council"]["trusted"] is True
    assert rows["Munbridge City Council"]["trusted"] is False
    assert read_only == 2
    stored = list(demo_database.home.bundles.glob("*.cfbundle"))
    assert len(stored) == 2
