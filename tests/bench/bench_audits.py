"""Benchmark the case-audit screens and export on a big home.

Run: ``python tests/bench/bench_audits.py``. Builds a temporary home holding one visit of
10,000 audits (every grade, cohort, team, theme and action answered, a tenth moderated) and
prints: the visit dashboard recompute (facts query + findings + agreement + actions), the audits
list model fill (plus "what's left" for one screenful), and the xlsx export of 1,000 audits.
Targets: dashboard < 200 ms, export < 5 s.

Then, next to their floors (issue 17; medians, each floor timed in the same loop):
- ``list audits --json`` on 10,000 audits: the command run in-process next to the bare SQL
  (the same columns as JSON objects, by Python's sqlite3), and as a process
  (``python -m desktop_app`` and the ``critical-friend`` script) next to ``sqlite3 -json`` of the
  bare SQL (the floor; target <= 3x), of the listing's own columns, and starting Python: wall
  and CPU medians;
- ``audits export`` (the command, in a fresh process) of 10,000 and 100,000 audits, CSV and XLSX:
  time and the process's own peak memory (VmHWM, see peak_memory.py; target < 200 MB at
  100,000, flat as audits grow). The
  100,000-audit home is made by SQLite copying 1,000 written audits (large_visit.py).
  ``--quick`` leaves out the 100,000.
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
from desktop_app.store.audit_grade import refresh_overall_grades
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
    # each audit's overall grade kept on its row, as the app's writers keep it (migration 0008)
    refresh_overall_grades(connection, [row[0] for row in audit_rows])
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


LISTING_RUNS = 7
_BARE_SQL = (
    "SELECT id, uuid, visit_id, case_reference, auditor, status, escalated, conflict "
    "FROM audit ORDER BY escalated DESC, visit_id, id"
)


# The listing's own columns as plain SQL (the overall grade kept on the audit row, 0008).
_SAME_SQL = (
    "SELECT a.id, 'Audit of case ' || a.case_reference AS title, a.uuid, a.visit_id, "
    "a.case_reference, COALESCE(NULLIF(a.assigned_to, ''), a.auditor) AS auditor, a.status, "
    "a.overall_grade, a.escalated, a.conflict FROM audit a "
    "ORDER BY a.escalated DESC, a.visit_id, a.id"
)
PROCESS_RUNS = 11


def _ratio_line(label: str, seconds: float, floor_label: str, floor: float, bar: str) -> None:
    print(
        f"{label}: median {seconds * 1000:.0f} ms; floor ({floor_label}) {floor * 1000:.0f} ms; "
        f"ratio {seconds / floor:.2f}x ({bar})"
    )


def listing(home: Home) -> None:
    """``list audits --json`` in-process and as a process, each next to its bare-SQL floor."""
    import contextlib
    import io
    import shutil

    from desktop_app.cli import run
    from tests.bench.timing import median_pair, median_processes

    def command() -> object:
        with contextlib.redirect_stdout(io.StringIO()) as out:
            run(["--home", str(home.root), "list", "audits", "--json"])
        return out

    def bare() -> object:
        connection = sqlite3.connect(home.database)
        rows = connection.execute(
            "SELECT json_object('id', id, 'uuid', uuid, 'visit_id', visit_id, 'case_reference', "
            "case_reference, 'auditor', auditor, 'status', status, 'escalated', escalated, "
            f"'conflict', conflict) FROM ({_BARE_SQL})"
        ).fetchall()
        connection.close()
        return rows

    count = sqlite3.connect(home.database).execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    command()  # the first run pays the one-off imports, as any later run in this process
    seconds, floor = median_pair(command, bare, LISTING_RUNS)
    _ratio_line(
        f"list audits --json, {count:,} audits, in-process",
        seconds,
        "the bare SQL as JSON objects, Python sqlite3",
        floor,
        "target <= 3x",
    )
    sqlite_cli = shutil.which("sqlite3")
    if sqlite_cli is None:
        print("  (no sqlite3 command here: the process figures are left out)")
        return
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    arguments = ["--home", str(home.root), "list", "audits", "--json"]
    database = str(home.database)
    commands = {
        "sqlite3 -json, the bare SQL (the floor)": [sqlite_cli, "-json", database, _BARE_SQL],
        "sqlite3 -json, the listing's own columns": [sqlite_cli, "-json", database, _SAME_SQL],
        "starting Python (python -c pass)": [sys.executable, "-c", "pass"],
        "python -m desktop_app list audits --json": [
            sys.executable,
            "-m",
            "desktop_app",
            *arguments,
        ],
    }
    script = Path(sys.executable).with_name("critical-friend")
    if script.exists():  # the installed console script
        commands["critical-friend list audits --json"] = [str(script), *arguments]
    medians = median_processes(commands, PROCESS_RUNS, env)
    floor_wall, floor_cpu = medians["sqlite3 -json, the bare SQL (the floor)"]
    print(f"list audits --json, {count:,} audits, as processes (medians of {PROCESS_RUNS}):")
    for name, (wall, cpu) in medians.items():
        print(
            f"  {name:<42} wall {wall * 1000:4.0f} ms ({wall / floor_wall:.2f}x)  "
            f"CPU {cpu * 1000:4.0f} ms ({cpu / floor_cpu:.2f}x)"
        )
    seconds, _ = medians["python -m desktop_app list audits --json"]
    _ratio_line(
        f"list audits --json, {count:,} audits, a new process",
        seconds,
        "sqlite3 -json",
        floor_wall,
        "target <= 3x",
    )


def export_peaks(folder: Path, sizes: tuple[int, ...]) -> None:
    """``audits export`` (the command) in a fresh process per run: seconds and peak memory."""
    import json
    import subprocess

    from tests.bench.large_visit import build_large_visit
    from tests.bench.peak_memory import PEAK_MIB_CODE

    peaks: dict[tuple[str, int], float] = {}
    for audits in sizes:
        home = Home(folder / f"export-{audits}")
        start = time.perf_counter()
        visit_id = build_large_visit(home, audits)
        print(f"made a visit of {audits:,} audits in {time.perf_counter() - start:.1f} s")
        for fmt in ("csv", "xlsx"):
            out = folder / f"audits-{audits}.{fmt}"
            child = PEAK_MIB_CODE + (
                "import contextlib, io, json, time\n"
                "from desktop_app.cli import run\n"
                "start = time.perf_counter()\n"
                "with contextlib.redirect_stdout(io.StringIO()):\n"
                f"    code = run(['--home', {str(home.root)!r}, 'audits', 'export', '--visit', "
                f"'{visit_id}', '--format', {fmt!r}, '--out', {str(out)!r}])\n"
                "seconds = time.perf_counter() - start\n"
                "print(json.dumps({'code': code, 'seconds': seconds, 'peak': peak_mib()}))\n"
            )
            done = subprocess.run(
                [sys.executable, "-c", child],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
            assert result["code"] == 0, done.stderr
            peaks[(fmt, audits)] = result["peak"]
            print(
                f"audits export {fmt.upper()}, {audits:,} audits: {result['seconds']:.1f} s, "
                f"peak memory {result['peak']:.0f} MiB ({out.stat().st_size / 1e6:.0f} MB file; "
                "target < 200 MB)"
            )
            out.unlink()
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        for fmt in ("csv", "xlsx"):
            print(
                f"audits export {fmt.upper()} peak memory, {small:,} -> {large:,} audits: "
                f"{peaks[(fmt, large)] / peaks[(fmt, small)]:.2f}x (flat is 1x)"
            )


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from desktop_app.app.audit_export import write_audit_export
    from desktop_app.app.context import AppContext
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
        context = AppContext(home)

        def fill_list() -> object:
            model.load(context, big, found)
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
        context.close()
        listing(home)
        export_peaks(Path(folder), (10_000,) if "--quick" in sys.argv else (10_000, 100_000))
    del app


if __name__ == "__main__":
    main()
