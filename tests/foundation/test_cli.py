"""The command line: exit codes and one plain sentence for every mistake."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from desktop_app import __version__
from desktop_app.home import Home
from tests.helpers import run_cli


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "--version")
    assert result.code == 0
    assert __version__ in result.out


def test_unknown_option_is_one_plain_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "--frobnicate")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1
    assert "--frobnicate is not an option" in lines[0]
    assert "--help" in lines[0]


def test_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "frobnicate")
    assert result.code == 2
    assert "not a Critical Friend command" in result.err


def test_demo_fills_the_trio_and_second_run_changes_nothing(
    capsys: pytest.CaptureFixture[str], home_dir: Path
) -> None:
    first = run_cli(capsys, "--home", str(home_dir), "demo")
    assert first.code == 0
    assert "Midthorpe Council" in first.out
    connection = sqlite3.connect(home_dir / "critical-friend.db")
    names = [row[0] for row in connection.execute("SELECT name FROM organisation ORDER BY name")]
    people = connection.execute("SELECT COUNT(*) FROM person").fetchone()[0]
    connection.close()
    assert names == ["Midthorpe Council", "Munbridge City Council", "Oxtown Borough Council"]
    second = run_cli(capsys, "--home", str(home_dir), "demo")
    assert second.code == 0
    assert "already" in second.out
    connection = sqlite3.connect(home_dir / "critical-friend.db")
    assert connection.execute("SELECT COUNT(*) FROM person").fetchone()[0] == people
    connection.close()


@pytest.mark.parametrize("what", ["assessments", "visits", "audits", "bundles"])
def test_list_json_is_an_array_of_objects_with_id_and_title(
    capsys: pytest.CaptureFixture[str], home_dir: Path, what: str
) -> None:
    assert run_cli(capsys, "--home", str(home_dir), "demo").code == 0
    result = run_cli(capsys, "--home", str(home_dir), "list", what, "--json")
    assert result.code == 0
    rows = json.loads(result.out)
    assert isinstance(rows, list)
    for row in rows:
        assert "id" in row and "title" in row
        if what == "audits":
            assert "visit_id" in row
        if what == "bundles":
            assert "in_response_to" in row


def test_list_table_on_an_empty_home_says_none(
    capsys: pytest.CaptureFixture[str], home_dir: Path
) -> None:
    result = run_cli(capsys, "--home", str(home_dir), "list", "visits")
    assert result.code == 0
    assert "(none)" in result.out


def test_home_from_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "from-env"
    monkeypatch.setenv("CRITICAL_FRIEND_HOME", str(target))
    assert run_cli(capsys, "demo").code == 0
    assert (target / "critical-friend.db").exists()


def test_doctor_reports_paths_schema_keyring_and_integrity(
    capsys: pytest.CaptureFixture[str], home_dir: Path
) -> None:
    result = run_cli(capsys, "--home", str(home_dir), "doctor")
    assert result.code == 0
    for label in ("Home", "Database", "Schema revision", "Keyring backend", "PySide6", "SQLite"):
        assert label in result.out
    assert "Integrity check  ok" in result.out.replace("   ", "  ")
    assert str(home_dir) in result.out


def test_home_that_is_a_file_is_refused_plainly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("I am a file")
    result = run_cli(capsys, "--home", str(not_a_folder), "demo")
    assert result.code != 0
    assert len(result.err.strip().splitlines()) == 1
    assert str(not_a_folder) in result.err
    assert not_a_folder.read_text() == "I am a file"


def test_corrupt_database_is_refused_and_left_alone(
    capsys: pytest.CaptureFixture[str], home_dir: Path
) -> None:
    damaged = home_dir / "critical-friend.db"
    damaged.write_bytes(b"this is not a database at all" * 100)
    before = damaged.read_bytes()
    result = run_cli(capsys, "--home", str(home_dir), "list", "visits")
    assert result.code == 5
    assert "not a Critical Friend database" in result.err
    assert damaged.read_bytes() == before


def test_newer_database_is_refused_untouched(
    capsys: pytest.CaptureFixture[str], home_dir: Path
) -> None:
    assert run_cli(capsys, "--home", str(home_dir), "demo").code == 0
    path = home_dir / "critical-friend.db"
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    before = path.read_bytes()
    for command in (["list", "visits"], ["doctor"], ["demo"]):
        result = run_cli(capsys, "--home", str(home_dir), *command)
        assert result.code == 5, command
        assert "newer version" in result.err
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("error_number", "expected"),
    [(28, "is full; free some space"), (13, "cannot write to")],
)
def test_full_disk_or_no_permission_says_what_to_do(
    capsys: pytest.CaptureFixture[str],
    home_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    error_number: int,
    expected: str,
) -> None:
    def refuse(self: Path, data: bytes) -> int:
        raise OSError(error_number, os.strerror(error_number))

    monkeypatch.setattr(Path, "write_bytes", refuse)
    result = run_cli(capsys, "--home", str(home_dir), "demo")
    assert result.code != 0
    assert expected in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not (home_dir / "critical-friend.db").exists()


def test_each_command_is_parsed_by_the_module_the_quick_table_names() -> None:
    import argparse
    import importlib

    from desktop_app.cli import COMMAND_MODULES, PlainArgumentParser, build_parser, command_modules

    everything = build_parser()._subparsers
    assert everything is not None
    registered = {
        name
        for action in everything._group_actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }
    assert registered == set(COMMAND_MODULES)  # a new command gets its line in the table
    for command, module in COMMAND_MODULES.items():
        assert f"desktop_app.commands.{module}" in command_modules()
        parser = PlainArgumentParser()
        sub = parser.add_subparsers(dest="command")
        importlib.import_module(f"desktop_app.commands.{module}").register(sub)
        assert command in sub.choices


def test_list_audits_json_matches_the_audit_rows_of_every_visit(
    capsys: pytest.CaptureFixture[str], home_dir: Path
) -> None:
    from desktop_app.app.context import AppContext
    from desktop_app.app.team import list_audits

    assert run_cli(capsys, "--home", str(home_dir), "demo").code == 0
    app = AppContext(Home(home_dir))
    try:
        visits = sorted({row.visit_id for row in list_audits(app)})
        assert visits
        for visit in (None, *visits):
            expected = [row.to_json() for row in list_audits(app, visit)]
            argv = ["list", "audits", "--json"] + ([] if visit is None else ["--visit", str(visit)])
            result = run_cli(capsys, "--home", str(home_dir), *argv)
            assert result.code == 0
            assert json.loads(result.out) == expected
            if visit is None:
                assert any(row["overall_grade"] for row in expected)
    finally:
        app.close()
