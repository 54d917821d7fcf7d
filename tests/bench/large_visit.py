"""A home with one visit of 100,000 audits, made in seconds and little memory, for the export
and listing benches (issue 17).

``build_visit`` (bench_audits) writes every answer from Python; at 100,000 audits (6.6 million
answers) that takes minutes and over a gigabyte. Here it writes the first 1,000 audits, then
SQLite copies them (records, answers, audits, moderations; ids shifted, case references renumbered)
with ``INSERT ... SELECT`` statements, so no row of the copies passes through Python.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop_app.home import Home
from tests.bench.bench_audits import build_visit

BLOCK = 1_000  # audits written from Python; the rest are copies of them


def build_large_visit(home: Home, audits: int, *, seed: int = 7) -> int:
    """A visit of ``audits`` audits (a multiple of 1,000) in ``home``, every question answered as
    in ``build_visit(full=True)``, a tenth moderated; returns the visit id."""
    if audits % BLOCK:
        raise ValueError(f"audits must be a multiple of {BLOCK:,}")
    visit_id = build_visit(home, BLOCK, full=True, seed=seed)
    copies = audits // BLOCK - 1
    if copies == 0:
        return visit_id
    connection = sqlite3.connect(home.database)
    try:
        _copy_blocks(connection, visit_id, copies)
        connection.commit()
    finally:
        connection.close()
    return visit_id


def _copy_blocks(connection: sqlite3.Connection, visit_id: int, copies: int) -> None:
    first_audit, last_audit, first_record, last_record = connection.execute(
        "SELECT MIN(id), MAX(id), MIN(record_id), MAX(record_id) FROM audit WHERE visit_id = ?",
        (visit_id,),
    ).fetchone()
    assert last_audit - first_audit + 1 == BLOCK and last_record - first_record + 1 == BLOCK
    top_audit = connection.execute("SELECT MAX(id) FROM audit").fetchone()[0]
    top_record = connection.execute("SELECT MAX(id) FROM record").fetchone()[0]
    assert top_audit == last_audit and top_record == last_record, "the block must be the last rows"
    connection.execute("PRAGMA synchronous = OFF")
    blocks = (
        "WITH RECURSIVE block(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM block WHERE n < :copies)"
    )
    shift = {"copies": copies, "size": BLOCK, "r0": first_record, "r1": last_record}
    connection.execute(
        f"{blocks} INSERT INTO record (id, definition_id, kind, read_only, created_at, updated_at) "
        "SELECT r.id + n * :size, r.definition_id, r.kind, r.read_only, r.created_at, "
        "r.updated_at FROM block, record r WHERE r.id BETWEEN :r0 AND :r1 ORDER BY n, r.id",
        shift,
    )
    connection.execute(
        f"{blocks} INSERT INTO answer (record_id, question_id, value, carried_over, updated_at, "
        "updated_by) SELECT a.record_id + n * :size, a.question_id, a.value, a.carried_over, "
        "a.updated_at, a.updated_by FROM block, answer a WHERE a.record_id BETWEEN :r0 AND :r1 "
        "ORDER BY n, a.record_id, a.question_id",
        shift,
    )
    audit_shift = {**shift, "a0": first_audit, "a1": last_audit}
    connection.execute(
        f"{blocks} INSERT INTO audit (id, visit_id, case_reference, record_id, auditor, status, "
        "escalated, created_at, updated_at, overall_grade) SELECT a.id + n * :size, a.visit_id, "
        "printf('B%06d', a.id + n * :size), a.record_id + n * :size, a.auditor, a.status, "
        "a.escalated, a.created_at, a.updated_at, a.overall_grade FROM block, audit a "
        "WHERE a.id BETWEEN :a0 AND :a1 ORDER BY n, a.id",
        audit_shift,
    )
    connection.execute(
        f"{blocks} INSERT INTO moderation (audit_id, question_id, auditor_value, "
        "moderator_value, rationale, moderator, moderated_at) SELECT m.audit_id + n * :size, "
        "m.question_id, m.auditor_value, m.moderator_value, m.rationale, m.moderator, "
        "m.moderated_at FROM block, moderation m WHERE m.audit_id BETWEEN :a0 AND :a1 "
        "ORDER BY n, m.id",
        audit_shift,
    )


def main() -> None:
    """``python tests/bench/large_visit.py FOLDER AUDITS``: make the home (for trying by hand)."""
    import sys
    import time

    start = time.perf_counter()
    build_large_visit(Home(Path(sys.argv[1])), int(sys.argv[2]))
    print(f"{int(sys.argv[2]):,} audits in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
