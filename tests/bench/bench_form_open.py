"""Time opening a form: construct the FormScreen, show it, and wait until its first section is
painted, for a 20-question and a 1,000-question form (half answered, in a temporary home).

Run: ``python tests/bench/bench_form_open.py``. Prints the median of several opens of each,
with the parsed-definition cache emptied before each open ("first open") and kept ("reopen"),
and the 1,000 / 20 ratio (the aim is well under 1.5).
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


def _open_once(app: QApplication, services: AppServices, record_id: int, cold: bool) -> float:
    if cold:
        forget_parsed_definitions()
    watcher = _PaintWatcher()
    started = time.perf_counter()
    screen = FormScreen(services, record_id)
    screen.section_page(0).installEventFilter(watcher)
    screen.resize(1280, 800)
    screen.show()
    while not watcher.painted:
        app.processEvents()
    elapsed = time.perf_counter() - started
    screen.close()
    screen.deleteLater()
    app.processEvents()
    return elapsed


def main() -> None:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    app.setStyleSheet(style_sheet())
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Home(Path(folder)))
        small = _record(database, make_large_template(20))
        large = _record(database, make_large_template(1000))
        services = AppServices(database.home)
        _open_once(app, services, small, cold=True)  # warm up Qt and the ORM
        results: dict[str, dict[str, float]] = {}
        for label, cold in (("first open", True), ("reopen", False)):
            times: dict[str, list[float]] = {"20": [], "1000": []}
            for _ in range(RUNS):  # interleaved, so a busy machine slows both alike
                for name, record_id in (("20", small), ("1000", large)):
                    gc.collect()
                    times[name].append(_open_once(app, services, record_id, cold))
            results[label] = {name: statistics.median(values) for name, values in times.items()}
        services.close()
        database.close()
    for label, medians in results.items():
        ratio = medians["1000"] / medians["20"]
        print(
            f"form open ({label}): 20 questions {medians['20'] * 1000:.1f} ms, "
            f"1,000 questions {medians['1000'] * 1000:.1f} ms, ratio {ratio:.2f}"
        )


if __name__ == "__main__":
    main()
