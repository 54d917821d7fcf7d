"""A heavy self-assessment year: 50 evidence files (200 MB in all) and 40 indicators over 5 periods
with all four series, in a temporary home. Times the list (as the first screen reads it), opening
the assessment page with its form, and rendering the report (the aim: under 5 s).

Run: ``python tests/bench/bench_assessment.py``.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from desktop_app.app.assessments import assessment_overview
from desktop_app.app.context import AppContext
from desktop_app.demo import load_demo
from desktop_app.home import Home
from desktop_app.reports.assessment_report import write_assessment_report
from desktop_app.store.database import Database, open_database
from desktop_app.store.repositories.assessments import (
    assessment_definition,
    get_assessment,
    list_assessments,
    save_assessment_answer,
)
from desktop_app.store.repositories.attachments import store_attachment
from desktop_app.store.repositories.data_profile import (
    SERIES,
    add_indicator,
    list_indicators,
    set_value,
)
from desktop_app.store.repositories.organisations import home_organisation
from desktop_app.ui.resources import style_sheet
from desktop_app.ui.screens.assessments import AssessmentsScreen
from desktop_app.ui.services import AppServices

FILES = 50
TOTAL_BYTES = 200 * 1024 * 1024
INDICATORS = 40
PERIODS = ("2021-22", "2022-23", "2023-24", "2024-25", "2025-26")
RUNS = 5


def _median(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f} ms"


def build(database: Database, folder: Path) -> int:
    """The demo, then 50 evidence files on the draft and 40 indicators × 5 periods."""
    load_demo(database)
    rng = random.Random(7)
    with database.session() as session:
        draft = next(s for s in list_assessments(session) if s.status == "draft")
        assessment = get_assessment(session, draft.id)
        definition = assessment_definition(session, assessment)
        evidence = [q.id for q in definition.questions_with_role("evidence")]
        home = home_organisation(session)
        assert home is not None and home.id is not None
        chunk = rng.randbytes(1024 * 1024)
        files: dict[str, list[dict[str, Any]]] = {qid: [] for qid in evidence}
        for number in range(FILES):
            path = folder / f"Evidence {number + 1:02d} - audit summary.pdf"
            with path.open("wb") as handle:
                for block in range(TOTAL_BYTES // FILES // len(chunk)):
                    handle.write(bytes([number, block % 256]) + chunk[2:])
            item = store_attachment(database.home, session, path)
            files[evidence[number % len(evidence)]].append(item)
            path.unlink()
        for question_id, items in files.items():
            save_assessment_answer(session, draft.id, question_id, items, by="bench")
        for number in range(INDICATORS - len(list_indicators(session))):
            add_indicator(
                session, f"Local measure {number + 1}", unit="%", higher_is_better=number % 2 == 0
            )
        for indicator_id in [row.id for row in list_indicators(session)]:
            for period in PERIODS:
                for series in SERIES:
                    set_value(
                        session, home.id, indicator_id, period, series, round(rng.uniform(5, 95), 1)
                    )
    return draft.id


def main() -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([])
    app.setStyleSheet(style_sheet())
    with tempfile.TemporaryDirectory() as root, tempfile.TemporaryDirectory() as scratch:
        home = Home(Path(root))
        database = open_database(home)
        started = time.perf_counter()
        assessment_id = build(database, Path(scratch))
        print(
            f"setup: {FILES} evidence files ({TOTAL_BYTES // 2**20} MB), {INDICATORS} indicators × "
            f"{len(PERIODS)} periods × 4 series, in {time.perf_counter() - started:.1f} s"
        )

        list_times = []
        for _ in range(RUNS):
            context = AppContext(home)
            context.reader()
            started = time.perf_counter()
            rows = assessment_overview(context)
            list_times.append(time.perf_counter() - started)
            context.close()
        print(
            f"list self-assessments (status, progress, last change), {len(rows)} rows: {_median(list_times)}"
        )

        services = AppServices(home)
        screen = AssessmentsScreen(services)
        screen.resize(1280, 800)
        screen.show()
        app.processEvents()
        open_times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            page = screen.open_assessment(assessment_id)
            app.processEvents()
            open_times.append(time.perf_counter() - started)
            assert page is not None
            screen.show_list()
            app.processEvents()
        print(f"open the assessment page with its form: {_median(open_times)}")

        report_times = []
        for run in range(RUNS):
            out = Path(scratch) / f"report-{run}.pdf"
            started = time.perf_counter()
            write_assessment_report(database, assessment_id, out)
            report_times.append(time.perf_counter() - started)
        pages = len(re.findall(rb"/Type /Page[^s]", out.read_bytes()))
        slowest = max(report_times)
        print(
            f"render the report ({pages} pages, {out.stat().st_size // 1024} KB): median "
            f"{_median(report_times)}, slowest {slowest * 1000:.0f} ms (aim < 5000 ms)"
        )
        screen.close()
        services.close()
        database.close()
        return 0 if slowest < 5 else 1


if __name__ == "__main__":
    sys.exit(main())
