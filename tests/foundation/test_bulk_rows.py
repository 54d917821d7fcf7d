"""Bulk record writing and reading (imports, exports) agree with the ORM's own rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import select

from desktop_app.store.models import Answer, Record
from desktop_app.store.repositories.records import (
    RecordRows,
    answers_of_records,
    ensure_definition,
    load_answers,
)

SNAPSHOT: dict[str, Any] = {
    "id": "bulk-test",
    "version": 1,
    "title": "Bulk test",
    "sections": [{"id": "s", "title": "S", "questions": [{"id": "q", "type": "text"}]}],
}


def test_rows_written_in_bulk_read_back_through_the_orm(database: Any) -> None:
    answers = [{"q": f"answer {n}", "n": n, "list": [n, "x"], "empty": ""} for n in range(1200)]
    with database.session() as session:
        definition = ensure_definition(session, SNAPSHOT)
        assert definition.id is not None
        rows = RecordRows(session, by="import")
        ids = [rows.add(definition.id, "imported-audit", a, read_only=True) for a in answers]
        rows.flush()
        session.commit()
    with database.session() as session:
        records = list(session.exec(select(Record).where(Record.kind == "imported-audit")))
        assert len(records) == 1200 and all(r.read_only for r in records)
        assert all(isinstance(r.created_at, datetime) for r in records)
        first = session.get(Answer, (ids[0], "q"))
        assert first is not None and isinstance(first.updated_at, datetime)
        assert first.updated_by == "import"
        assert load_answers(session, ids[7]) == {"q": "answer 7", "n": 7, "list": [7, "x"]}
        many = answers_of_records(session, ids)  # more ids than one IN (...) chunk
        assert len(many) == 1200
        assert many[ids[1199]] == {"q": "answer 1199", "n": 1199, "list": [1199, "x"]}
