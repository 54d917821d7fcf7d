"""What the screen showed as saved survives the process being killed (SIGKILL, no clean-up)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.home import Home
from desktop_app.store.database import Database, open_database
from forms import FormDefinition
from tests.form_screen.conftest import MakeRecord
from tests.form_screen.helpers import stored

CHILD = Path(__file__).with_name("autosave_child.py")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_text_shown_as_saved_survives_sigkill(
    database: Database, make_record: MakeRecord, all_types: FormDefinition
) -> None:
    record_id = make_record(all_types)
    home: Home = database.home
    database.close()
    text = "Seen alone at school on 3 March; said she feels safe with her nan."
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(home.root), str(record_id), "story", text],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.startswith("READY Saved "), child.stderr.read() if child.stderr else line
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    reopened = open_database(home)
    try:
        assert stored(reopened, record_id)["story"] == text
    finally:
        reopened.close()
