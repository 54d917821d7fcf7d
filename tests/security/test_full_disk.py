"""A full disk part-way through the work that writes to the home: one plain sentence and an exit
code, no orphan file, no half row; the same work succeeds once there is space again.

The fault (ENOSPC) is injected at the k-th write point (``full_disk.disk_full_at``); hypothesis
chooses k across the whole of the work.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop_app.demo import demo_loaded, load_demo
from desktop_app.home import Home, HomeError
from desktop_app.store.database import Database, open_database
from tests.helpers import run_cli

from .full_disk import disk_full_at

DEMO_WRITE_POINTS = 373  # counted with fail_at=None on this demo; more points just pass


def home_files(home: Home) -> set[str]:
    """Every file of the home a user or the next start would see (the database's own -wal and
    -shm files, the lock file and logs aside)."""
    return {
        str(path.relative_to(home.root))
        for path in home.root.rglob("*")
        if path.is_file()
        and not path.name.endswith(("-wal", "-shm", ".lock"))
        and "logs" not in path.relative_to(home.root).parts
    }


def row_counts(database: Database) -> dict[str, int]:
    """Rows in every table of the home's database."""
    with database.engine.connect() as connection:
        tables = [
            row[0]
            for row in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: int(connection.exec_driver_sql(f'SELECT COUNT(*) FROM "{table}"').scalar_one())
            for table in tables
        }


# Up to four demo loads (about 20 s of CPU); the wall-clock limit is for a machine shared by many.
@pytest.mark.slow
@pytest.mark.timeout(900)
@settings(
    max_examples=1,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(fail_at=st.integers(min_value=0, max_value=DEMO_WRITE_POINTS - 1))
@example(fail_at=0)
@example(fail_at=DEMO_WRITE_POINTS - 1)  # the final commit
def test_demo_on_a_full_disk_keeps_nothing_and_says_so(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, fail_at: int
) -> None:
    home = Home(tmp_path_factory.mktemp("full") / "home")
    database = open_database(home)
    try:
        files, rows = home_files(home), row_counts(database)
        with disk_full_at(monkeypatch, fail_at) as disk, pytest.raises(HomeError) as refused:
            load_demo(database)
        assert disk.failed
        message = refused.value.message
        assert message.startswith(f"The disk holding {home.root} is full; free some space")
        assert message.endswith("(nothing of the demo data was kept).") and "\n" not in message
        assert home_files(home) == files  # no orphan attachment, bundle copy or part file
        assert row_counts(database) == rows  # no half row
        assert not demo_loaded(database)
        if fail_at == 0:
            load_demo(database)  # space again: the demo loads whole
            assert demo_loaded(database)
    finally:
        database.close()


def test_the_demo_command_on_a_full_disk_prints_one_sentence_and_exit_code_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = Home(tmp_path / "home")
    open_database(home).close()
    with disk_full_at(monkeypatch, 40) as disk:
        result = run_cli(capsys, "--home", str(home.root), "demo")
    assert disk.failed
    assert result.code == 2
    assert result.err == (
        f"critical-friend: The disk holding {home.root} is full; free some space and try again "
        "(nothing of the demo data was kept).\n"
    )
    assert "Traceback" not in result.out + result.err
    assert not [p for p in home.attachments.rglob("*") if p.is_file()]
    assert not [p for p in home.bundles.rglob("*") if p.is_file()]
