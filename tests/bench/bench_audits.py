"""Benchmark the case-audit screens and export on a big home.

Run: ``python tests/bench/bench_audits.py``. Builds a temporary home holding one visit of
10,000 audits (every grade, cohort, team, theme and action answered, a tenth moderated) and
prints: the visit dashboard recompute (facts query + findings + agreement + actions), the audits
list model fill (plus "what's left" for one screenful), and the xlsx export of 1,000 audits.
Targets: dashboard < 200 ms, export < 5 s.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.home import Home
from desktop_app.store.database import open_database
from desktop_app.store.repositories.organisations import ensure_organisation
from desktop_app.store.repositories.records import canonical_json, ensure_definition
from desktop_app.store.repositories.visits import VisitDetails, create_visit
from forms import shipped_template

GRADES = ["inadequate", "requires_improvement", "good", "outstanding"]
COHORTS = ["early_help", "child_in_need", "child_protection", "child_in_care", "care_leaver"]


def build_visit(home: Home, audits: int, *, full: bool, seed: int) -> int:
    """A visit of ``audits`` audits written straight into SQLite (fast), answers by role/type."""
    rng = random.Random(seed)
    database = open_database(home)
    definition = shipped_template("case-audit")
    with database.session() as session:
        council = ensure_organisation(session, "Benchshire Council", is_home=True)
        assert council.id is not None
        visit = create_visit(
            session,
            VisitDetails(title=f"Bench {audits}", kind="sav", host_organisation_id=council.id),
        )
        definition_id = ensure_definition(session, definition.to_snapshot()).id
        visit_id = visit.id
    database.close()
    assert visit_id is not None
    connection = sqlite3.connect(home.database)
    cursor = connection.cursor()
    record_start = (cursor.execute("SELECT COALESCE(MAX(id), 0) FROM record").fetchone()[0]) + 1
    audit_start = (cursor.execute("SELECT COALESCE(MAX(id), 0) FROM audit").fetchone()[0]) + 1
    now = "2026-01-01 00:00:00"
    records, answers, audit_rows, moderations = [], [], [], []
    for index in range(audits):
        record_id = record_start + index
        audit_id = audit_start + index
        records.append((record_id, definition_id, "audit", 0, now, now))
        values: dict[str, Any] = {}
        overall = rng.choices(GRADES, [0.1, 0.4, 0.42, 0.08])[0]
        for question in definition.iter_questions():
            role = question.role
            if question.type == "grade":
                values[question.id] = overall if role == "overall_grade" else rng.choice(GRADES)
            elif role == "cohort":
                values[question.id] = rng.choice(COHORTS)
            elif role == "team":
                values[question.id] = f"Team {rng.randrange(12)}"
            elif role in ("strength_themes", "development_themes"):
                values[question.id] = rng.sample(question.choice_ids(), 2)
            elif role == "actions":
                values[question.id] = [
                    {
                        inner.id: (
                            "2026-03-01"
                            if inner.type == "date"
                            else "open"
                            if inner.choices
                            else "Do the thing"
                        )
                        for inner in question.questions
                    }
                ]
            elif role == "escalation":
                values[question.id] = "yes" if index % 997 == 0 else "no"
            elif full and question.type == "yes_no_partly":
                values[question.id] = rng.choice(["yes", "no", "partly"])
            elif full and question.type == "long_text":
                values[question.id] = (
                    "The child was seen alone; the plan is specific and reviewed. " * 2
                )
        answers += [
            (record_id, qid, canonical_json(v), 0, now, "bench") for qid, v in values.items()
        ]
        audit_rows.append(
            (
                audit_id,
                visit_id,
                f"B{audit_id:06d}",
                record_id,
                "Auditor",
                "complete",
                int(index % 997 == 0),
                now,
                now,
            )
        )
        if index % 10 == 0:
            moderations.append(
                (audit_id, "overall_grade", overall, rng.choice(GRADES), "bench", "Mod", now)
            )
    cursor.executemany(
        "INSERT INTO record (id, definition_id, kind, read_only, created_at, updated_at) VALUES (?,?,?,?,?,?)",
        records,
    )
    cursor.executemany(
        "INSERT INTO answer (record_id, question_id, value, carried_over, updated_at, updated_by) VALUES (?,?,?,?,?,?)",
        answers,
    )
    cursor.executemany(
        "INSERT INTO audit (id, visit_id, case_reference, record_id, auditor, status, escalated, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
        audit_rows,
    )
    cursor.executemany(
        "INSERT INTO moderation (audit_id, question_id, auditor_value, moderator_value, rationale, moderator, moderated_at) VALUES (?,?,?,?,?,?,?)",
        moderations,
    )
    connection.commit()
    connection.close()
    return visit_id


def timed(
    label: str, work: Callable[[], object], repeat: int = 5, target: float | None = None
) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    verdict = (
        ""
        if target is None
        else ("  ok" if median < target else f"  SLOWER than {target * 1000:.0f} ms")
    )
    print(f"{label:<58} median {median * 1000:8.1f} ms (min {min(times) * 1000:.1f}){verdict}")
    return median


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from desktop_app.app.audit_export import write_audit_export
    from desktop_app.store.repositories.findings import (
        VisitFindingsCache,
        visit_actions,
        visit_findings,
    )
    from desktop_app.store.schema import connect_read_only
    from desktop_app.ui.visit.audits_model import AuditsTableModel

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        home = Home(Path(folder) / "home")
        start = time.perf_counter()
        big = build_visit(home, 10_000, full=False, seed=1)
        export_visit = build_visit(home, 1_000, full=True, seed=2)
        print(f"built 11,000 audits in {time.perf_counter() - start:.1f} s")
        reader = connect_read_only(home.database)

        timed("visit findings from scratch, 10,000 audits", lambda: visit_findings(reader, big))
        cache = VisitFindingsCache()
        cache.findings(reader, big)
        writer = sqlite3.connect(home.database)
        touched = iter(range(10_000))

        def after_one_save() -> object:
            audit_id = next(touched) + 1
            writer.execute(
                "UPDATE audit SET updated_at = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE id = ?",
                (audit_id,),
            )
            writer.commit()
            return cache.findings(reader, big), cache.actions()

        timed(
            "dashboard + actions recompute after a save, 10,000 audits", after_one_save, target=0.2
        )
        timed("action tracker from scratch, 10,000 audits", lambda: visit_actions(reader, big))
        found = visit_findings(reader, big)
        print(
            f"  (overall good or better {found.findings.overall.percent_good_or_better:.1f}%, kappa {found.agreement.kappa:.3f}, {found.findings.escalations} escalations)"
        )
        model = AuditsTableModel()

        def fill_list() -> object:
            model.load(reader, big, found)
            return [model.index(row, column).data() for row in range(30) for column in range(8)]

        timed("audits list model fill + one screenful, 10,000 audits", fill_list)
        out = Path(folder) / "audits.xlsx"
        timed(
            "xlsx export, 1,000 fully answered audits",
            lambda: write_audit_export(reader, export_visit, "xlsx", out),
            repeat=3,
            target=5.0,
        )
        print(f"  ({out.stat().st_size / 1e6:.1f} MB)")
        reader.close()
    del app


if __name__ == "__main__":
    main()
