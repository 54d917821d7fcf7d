"""Run by test_autosave_survives_kill: open a record's form offscreen, type into a field like a
user, wait until the screen says "Saved", print READY, then wait to be killed.

Usage: python autosave_child.py HOME RECORD_ID QUESTION_ID TEXT
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop_app.home import Home
    from desktop_app.ui.form import FormScreen
    from desktop_app.ui.services import AppServices

    home_dir, record_id, question_id, text = argv[1:5]
    app = QApplication([])
    services = AppServices(Home(Path(home_dir)))
    screen = FormScreen(services, int(record_id))
    screen.resize(1000, 700)
    screen.show()
    editor = screen.row(question_id).editor
    if editor is None:
        print(f"{question_id} has no editor", file=sys.stderr)
        return 2
    QTest.keyClicks(editor.focus_target(), text)
    deadline = time.monotonic() + 10
    while not screen.header.indicator.text().startswith("Saved "):
        if time.monotonic() > deadline:
            print("never saved", file=sys.stderr)
            return 1
        app.processEvents()
        time.sleep(0.005)
    print("READY", screen.header.indicator.text(), flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
