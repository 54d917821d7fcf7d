"""Starting like a desktop program: a bundle passed on the command line (a double-click) opens in
the window, verified; a second start hands its file to the running window; no display is one
sentence; a native crash leaves a report that the next start offers."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.home import Home
from desktop_app.logs import start_crash_log, stop_crash_log
from desktop_app.ui.app import open_main_window
from desktop_app.ui.display import check_display
from desktop_app.ui.main_window import first_size
from desktop_app.ui.single_instance import InstanceServer, hand_over
from tests.bundles.sent_bundle import oxtown_bundle
from tests.helpers import run_cli_process


@pytest.fixture
def sent_bundle(tmp_path: Path) -> Path:
    return oxtown_bundle(tmp_path, "Oxtown self-assessment.cfbundle")


def test_a_bundle_passed_on_the_command_line_opens_verified(
    tmp_path: Path, sent_bundle: Path
) -> None:
    receiver = tmp_path / "receiver"
    result = run_cli_process("--home", str(receiver), "--smoke-test", str(sent_bundle))
    assert result.code == 0, result.err
    listed = run_cli_process("--home", str(receiver), "list", "bundles", "--json")
    assert "Oxtown" not in listed.out  # an unknown signer's bundle is shown, never stored


def test_a_damaged_bundle_on_the_command_line_fails_the_smoke_test_in_one_sentence(
    tmp_path: Path, sent_bundle: Path
) -> None:
    damaged = tmp_path / "damaged.cfbundle"
    damaged.write_bytes(sent_bundle.read_bytes()[:-200])
    result = run_cli_process("--home", str(tmp_path / "receiver"), "--smoke-test", str(damaged))
    assert result.code == 1
    assert result.err.count("\n") == 1 and "damaged.cfbundle" in result.err
    assert "Traceback" not in result.err


def test_the_window_opens_on_a_bundle_in_the_challenge_screen(
    qtbot: QtBot, home: Home, sent_bundle: Path
) -> None:
    window, services = open_main_window(home, offer_first_start=False)
    qtbot.addWidget(window)
    window.show()
    task = window.open_bundle(sent_bundle)
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=30000):
        pass
    screen = window.show_screen_by_key("challenge")
    qtbot.waitUntil(lambda: screen.bundle_page.preview is not None)
    assert window.stack.currentWidget() is screen
    assert screen.bundle_page.banner.state == "unknown"  # verified; signer not yet trusted
    services.close()


def test_a_second_start_hands_its_bundle_to_the_running_window(
    qtbot: QtBot, home: Home, sent_bundle: Path
) -> None:
    server = InstanceServer(home)
    assert server.listening
    received: list[object] = []
    server.file_received.connect(received.append)
    assert hand_over(home, sent_bundle)
    qtbot.waitUntil(lambda: received == [sent_bundle], timeout=5000)
    assert hand_over(home, None)
    qtbot.waitUntil(lambda: received == [sent_bundle, None], timeout=5000)
    server.close()
    assert not hand_over(Home(home.root / "elsewhere"), sent_bundle)


def test_the_window_started_with_no_display_exits_with_one_sentence(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = ""
    for args in ([], ["--smoke-test"]):
        result = run_cli_process("--home", str(tmp_path / "home"), *args, env=env)
        if sys.platform.startswith("linux"):
            assert result.code == 2
            assert result.err.count("\n") == 1
            assert "no display" in result.err
            assert "Traceback" not in result.err and "qt.qpa" not in result.err


def test_no_display_and_missing_libraries_are_plain_sentences(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.ui import display

    check_display({"QT_QPA_PLATFORM": "offscreen"}, "linux")  # explicit: trusted as it is
    check_display({}, "win32")
    with pytest.raises(display.NoDisplayError, match="no display"):
        check_display({}, "linux")
    monkeypatch.setattr(display, "missing_libraries", lambda: ["libxcb-cursor0"])
    with pytest.raises(display.NoDisplayError, match="apt-get install libxcb-cursor0"):
        check_display({"DISPLAY": ":0"}, "linux")


def test_a_native_crash_report_is_offered_once(home: Home) -> None:
    home.ensure()
    (home.logs / "native-crash.log").write_text("Fatal Python error: Segmentation fault\n")
    previous = start_crash_log(home)
    stop_crash_log()
    assert previous is not None and previous.name.startswith("crash-")
    assert "Segmentation fault" in previous.read_text()
    assert not (home.logs / "native-crash.log").exists()  # a clean exit leaves nothing
    assert start_crash_log(home) is None
    stop_crash_log()


def test_the_first_window_fits_a_1366x768_laptop() -> None:
    from PySide6.QtCore import QSize

    small = first_size(QSize(1366, 728))
    assert small.width() <= 1366 and small.height() <= 728 - 30
    assert first_size(QSize(1920, 1040)) == QSize(1280, 800)


def test_a_macos_file_open_event_reaches_the_window(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFileOpenEvent

    from desktop_app.ui.application import ensure_application, file_open_events

    ensure_application()
    events = file_open_events()
    assert events is not None
    bundle = tmp_path / "sent.cfbundle"
    qapp.sendEvent(qapp, QFileOpenEvent(str(bundle)))
    assert events.pending == [bundle]  # before the window is ready: kept
    opened: list[object] = []
    events.pending.clear()
    events.file_opened.connect(opened.append)
    events.ready = True
    try:
        qapp.sendEvent(qapp, QFileOpenEvent(str(bundle)))
        assert opened == [bundle]
    finally:
        events.ready = False
        events.file_opened.disconnect(opened.append)
