"""The database: migrations, refusals, answers and their change log, the home lock."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from desktop_app.home import Home, HomeInUseError, HomeLock
from desktop_app.store import database as database_module
from desktop_app.store.database import backup_database, open_database
from desktop_app.store.repositories.records import (
    ReadOnlyRecordError,
    answer_history,
    create_record,
    load_answers,
    save_answer,
)
from desktop_app.store.schema import HEAD_REVISION, KNOWN_REVISIONS, read_revision

SNAPSHOT = {"id": "tiny", "version": 1, "title": "Tiny form", "sections": []}


def test_known_revisions_match_the_alembic_scripts() -> None:
    config = Config()
    config.set_main_option(
        "script_location", str(Path(database_module.__file__).with_name("migrations"))
    )
    script = ScriptDirectory.from_config(config)
    chain = [revision.revision for revision in script.walk_revisions()]
    assert list(reversed(chain)) == list(KNOWN_REVISIONS)
    assert script.get_current_head() == HEAD_REVISION


def test_migrations_from_an_empty_file_create_every_table(home: Home) -> None:
    home.ensure()
    home.database.write_bytes(b"")
    db = open_database(home)
    db.close()
    assert read_revision(home.database) == HEAD_REVISION
    connection = sqlite3.connect(home.database)
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    connection.close()
    assert {
        "organisation",
        "record",
        "answer",
        "answer_change",
        "audit",
        "visit",
        "imported_bundle",
    } <= tables
    assert mode == "wal"


def test_backup_copies_the_whole_database(database, home: Home) -> None:  # type: ignore[no-untyped-def]
    with database.session() as session:
        create_record(session, SNAPSHOT, "test")
    copy = backup_database(home, "test")
    connection = sqlite3.connect(copy)
    assert connection.execute("SELECT COUNT(*) FROM record").fetchone()[0] == 1
    connection.close()


def test_answers_are_saved_and_every_change_is_logged(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as session:
        record = create_record(session, SNAPSHOT, "test")
        record_id = record.id
    with database.session() as session:
        assert save_answer(session, record_id, "q1", "first", by="Priya") is True
    with database.session() as session:
        assert save_answer(session, record_id, "q1", "first", by="Priya") is False
        assert save_answer(session, record_id, "q1", "second", by="Martin") is True
        assert save_answer(session, record_id, "q2", ["a", "b"], by="Martin") is True
        assert save_answer(session, record_id, "q2", [], by="Martin") is True
    with database.session() as session:
        assert load_answers(session, record_id) == {"q1": "second"}
        history = answer_history(session, record_id, ["q1"])
    assert [(h.changed_by, h.old_value, h.new_value) for h in history] == [
        ("Martin", "first", "second"),
        ("Priya", None, "first"),
    ]


def test_read_only_records_refuse_edits(database) -> None:  # type: ignore[no-untyped-def]
    with database.session() as session:
        record = create_record(session, SNAPSHOT, "imported", read_only=True)
        with pytest.raises(ReadOnlyRecordError):
            save_answer(session, record.id, "q1", "x", by="peer")


def test_a_second_instance_is_told_the_home_is_in_use(home: Home) -> None:
    home.ensure()
    first = HomeLock(home)
    first.acquire()
    try:
        with pytest.raises(HomeInUseError, match="already open"):
            HomeLock(home).acquire()
    finally:
        first.release()
    with HomeLock(home):
        pass


def test_a_copy_is_taken_before_any_migration(
    database, home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Pretend this version knows a newer revision: opening the old file backs it up first."""
    with database.session() as session:
        create_record(session, SNAPSHOT, "test")
    database.close()
    migrated: list[object] = []
    monkeypatch.setattr(database_module, "KNOWN_REVISIONS", (*KNOWN_REVISIONS, "9999"))
    monkeypatch.setattr(database_module, "HEAD_REVISION", "9999")
    monkeypatch.setattr(database_module, "run_migrations", migrated.append)
    reopened = open_database(home)
    reopened.close()
    assert len(migrated) == 1
    copies = list(home.backups.glob("*before-9999.db"))
    assert len(copies) == 1
    connection = sqlite3.connect(copies[0])
    assert connection.execute("SELECT COUNT(*) FROM record").fetchone()[0] == 1
    connection.close()
