"""Time opening a form: construct the FormScreen, show it, and wait until its first section is
painted, for 20-, 1,000- and 5,000-question forms (half answered, in a temporary home).

Run: ``python tests/bench/bench_form_open.py``. Prints the median of several opens of each,
with the parsed-definition cache emptied before each open ("first open") and kept ("reopen"),
and each size's ratio to the 20-question form, the floor (issue 17: 5,000 questions within
1.5x of 20). Also printed, not held to the floor: how long after the first paint every
section's completion mark is shown (worked out in slices between events, so the window answers
meanwhile), and the longest of those slices.
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from desktop_app.home import Home
from desktop_app.store.database import Database, open_database
from desktop_app.store.definitions import forget_parsed_definitions
from desktop_app.store.repositories.records import create_record, save_answers
from desktop_app.ui.form import FormScreen
from desktop_app.ui.resources import style_sheet
from desktop_app.ui.services import AppServices
from forms import FormDefinition, make_large_template

RUNS = 15
SIZES = ("20", "1000", "5000")
AIM = 1.5


class _PaintWatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def _half_answers(definition: FormDefinition) -> dict[str, Any]:
    sample = {
        "text": "Seen at home",
        "long_text": "The child was seen alone and said what she wanted.",
        "number": 3,
        "date": "2026-03-01",
        "yes_no": "yes",
        "yes_no_partly": "partly",
        "grade": "good",
    }
    answers: dict[str, Any] = {}
    for index, question in enumerate(definition.iter_questions()):
        if index % 2 == 0 and question.type in sample:
            answers[question.id] = sample[question.type]
        elif index % 2 == 0 and question.type == "single_choice":
            answers[question.id] = question.choices[0].id
    return answers


def _record(database: Database, definition: FormDefinition) -> int:
    with database.session() as session:
        record = create_record(session, definition.to_snapshot(), "audit")
        assert record.id is not None
        save_answers(session, record.id, _half_answers(definition), by="Bench")
        return record.id


def _open_once(
    app: QApplication, services: AppServices, record_id: int, cold: bool
) -> tuple[float, float, float, float]:
    """(seconds to the first section's paint, then to every mark shown, longest event loop
    turn while the marks were worked out, CPU seconds of the process to the first paint)."""
    if cold:
        forget_parsed_definitions()
    watcher = _PaintWatcher()
    started = time.perf_counter()
    cpu = time.process_time()
    screen = FormScreen(services, record_id)
    screen.section_page(0).installEventFilter(watcher)
    screen.resize(1280, 800)
    screen.show()
    while not watcher.painted:
        app.processEvents()
    painted = time.perf_counter()
    cpu = time.process_time() - cpu
    longest = 0.0
    while not screen.marks_ready():
        turn = time.perf_counter()
        app.processEvents()
        longest = max(longest, time.perf_counter() - turn)
    marked = time.perf_counter()
    screen.close()
    screen.deleteLater()
    app.processEvents()
    return painted - started, marked - painted, longest, cpu


def main() -> None:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    app.setStyleSheet(style_sheet())
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Home(Path(folder)))
        records = {size: _record(database, make_large_template(int(size))) for size in SIZES}
        small = records["20"]
        services = AppServices(database.home)
        _open_once(app, services, small, cold=True)  # warm up Qt and the ORM
        results: dict[str, dict[str, tuple[float, ...]]] = {}
        for label, cold in (("first open", True), ("reopen", False)):
            times: dict[str, list[tuple[float, ...]]] = {size: [] for size in SIZES}
            for _ in range(RUNS):  # interleaved, so a busy machine slows all alike
                for name, record_id in records.items():
                    gc.collect()
                    times[name].append(_open_once(app, services, record_id, cold))
            results[label] = {
                name: tuple(statistics.median(column) for column in zip(*values, strict=True))
                for name, values in times.items()
            }
        services.close()
        database.close()
    for label, medians in results.items():
        floor, floor_cpu = medians["20"][0], medians["20"][3]
        print(
            f"form open ({label}): floor = the 20-question form, {floor * 1000:.1f} ms "
            f"(CPU {floor_cpu * 1000:.1f} ms)"
        )
        for size in SIZES:
            shown, marks, longest, cpu = medians[size]
            ratio = (
                f"ratio {shown / floor:.2f}, CPU {cpu / floor_cpu:.2f} (aim <= {AIM:.1f})"
                if size != "20"
                else " " * 32
            )
            print(
                f"  {int(size):>5,} questions {shown * 1000:7.1f} ms   {ratio}   "
                f"marks {marks * 1000:6.1f} ms later (longest turn {longest * 1000:.1f} ms)"
            )


if __name__ == "__main__":
    main()
