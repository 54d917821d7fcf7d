"""A council's first hour: the welcome until the council is set, the council set and renamed in
Keys & settings, the data template from the window and from the terminal while the window is open,
and an import that shows the period it brought."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.home import Home, HomeLock
from desktop_app.ui.app import open_main_window
from desktop_app.ui.first_start import first_start_needed
from desktop_app.ui.services import AppServices
from tests.helpers import run_cli_process


def test_the_welcome_appears_after_a_command_made_the_home_until_the_council_is_set(
    qtbot: QtBot, home: Home
) -> None:
    assert run_cli_process("--home", str(home.root), "doctor").code == 0
    services = AppServices(home)
    try:
        assert first_start_needed(services.context)  # doctor made the database; no council yet
    finally:
        services.close()
    assert run_cli_process("--home", str(home.root), "council", "set", "Anyshire Council").code == 0
    services = AppServices(home)
    try:
        assert not first_start_needed(services.context)
    finally:
        services.close()


def test_the_council_is_set_and_renamed_in_keys_and_settings(qtbot: QtBot, home: Home) -> None:
    from desktop_app.ui.screens.settings import SettingsScreen

    window, services = open_main_window(home, offer_first_start=False)
    qtbot.addWidget(window)
    assert window.council_label.text() == "No council set"
    screen = window.show_screen_by_key("settings")
    assert isinstance(screen, SettingsScreen)
    screen.council_name.setText("")
    assert "Type your council's name" in screen.save_council()
    screen.council_name.setText("Anyshire County Council")
    screen.save_council()
    assert window.council_label.text() == "Anyshire County Council"
    qtbot.waitUntil(lambda: screen.council_name.text() == "Anyshire County Council")
    screen.council_name.setText("Anyshire Council")
    screen.save_council()
    assert window.council_label.text() == "Anyshire Council"
    services.close()


def test_data_template_from_the_window_and_from_the_terminal_while_it_is_open(
    qtbot: QtBot, home: Home, tmp_path: Path
) -> None:
    from desktop_app.ui.screens.data_profile import DataProfileScreen

    window, services = open_main_window(home, offer_first_start=False)
    qtbot.addWidget(window)
    screen = window.show_screen_by_key("data")
    assert isinstance(screen, DataProfileScreen)
    saved = tmp_path / "from-window.csv"
    message = screen.save_template(saved)
    screen.last_message.close()
    assert "indicators × 4 series" in message
    assert saved.read_text(encoding="utf-8").startswith("indicator,period,series,value\n")
    with HomeLock(home):  # the window holds the home
        result = run_cli_process(
            "--home", str(home.root), "data", "template", str(tmp_path / "t.csv")
        )
        listed = run_cli_process("--home", str(home.root), "list", "assessments")
    assert result.code == 0, result.err
    assert listed.code == 0, listed.err
    services.close()


def test_after_an_import_the_grid_shows_the_imported_period(
    qtbot: QtBot, home: Home, tmp_path: Path
) -> None:
    from desktop_app.ui.screens.data_profile import DataProfileScreen

    assert run_cli_process("--home", str(home.root), "council", "set", "Anyshire Council").code == 0
    window, services = open_main_window(home, offer_first_start=False)
    qtbot.addWidget(window)
    screen = window.show_screen_by_key("data")
    assert isinstance(screen, DataProfileScreen)
    shown_before = screen.period.currentText()
    csv_file = tmp_path / "older.csv"
    csv_file.write_text(
        "indicator,period,series,value\nreferrals_rate,2021-22,council,512\n", encoding="utf-8"
    )
    assert shown_before != "2021-22"
    template = tmp_path / "template.csv"  # the template imported before it is filled in
    template.write_text("indicator,period,series,value\nreferrals_rate,2021-22,council,\n")
    nothing = screen.import_csv(template)
    assert screen.last_message.windowTitle() == "Nothing to import"
    screen.last_message.close()
    assert "has no values yet" in nothing and "fill in its value column" in nothing
    message = screen.import_csv(csv_file)
    screen.last_message.close()
    assert "Imported 1 values" in message
    assert screen.period.currentText() == "2021-22"
    services.close()


def test_screenshots_work_on_a_home_whose_bundles_hold_no_self_assessment(
    tmp_path: Path,
) -> None:
    from desktop_app.exchange.import_bundle import import_bundle
    from desktop_app.store.database import open_database
    from tests.bundles.sent_bundle import oxtown_bundle

    bundle = oxtown_bundle(tmp_path, "visits-only.cfbundle", assessment=False, visit=True)
    receiver = open_database(Home(tmp_path / "receiver"))
    try:
        import_bundle(receiver, bundle, keep_untrusted=True)
    finally:
        receiver.close()
    result = run_cli_process(
        "--home", str(tmp_path / "receiver"), "screenshots", str(tmp_path / "s")
    )
    assert result.code == 0, result.err
    assert (tmp_path / "s" / "32-bundle-altered.png").exists()
