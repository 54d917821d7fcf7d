"""A new home is made from the head schema's own SQL (no ORM, no Alembic), and that SQL is exactly
what the Alembic migrations make, so the two cannot drift."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from desktop_app.home import Home
from desktop_app.store import schema as schema_module
from desktop_app.store.database import open_database
from desktop_app.store.schema import HEAD_REVISION, read_revision
from desktop_app.store.schema_sql import (
    SCHEMA_FILE,
    comparable,
    dump_database,
    expected_schema_text,
    schema_file_revision,
)


def test_the_schema_file_is_what_the_migrations_make() -> None:
    assert schema_file_revision() == HEAD_REVISION, (
        "a migration was added: run `make schema-sql` to regenerate desktop_app/store/head_schema.sql"
    )
    assert comparable(SCHEMA_FILE.read_text(encoding="utf-8")) == comparable(
        expected_schema_text()
    ), "desktop_app/store/head_schema.sql differs from the migrations: run `make schema-sql`"


def test_a_new_home_from_the_schema_sql_equals_one_made_by_alembic(tmp_path: Path) -> None:
    fast = Home(tmp_path / "fast")
    fast.ensure()
    assert schema_module.create_new_database(fast.database)
    assert read_revision(fast.database) == HEAD_REVISION
    database = open_database(fast)  # current: nothing to migrate, and the ORM can use it
    database.close()
    assert comparable(dump_database(fast.database)) == comparable(
        SCHEMA_FILE.read_text(encoding="utf-8").split("\n", 1)[1]
    )


def test_a_stale_schema_file_falls_back_to_alembic(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    stale = tmp_path / "stale.sql"
    stale.write_text(SCHEMA_FILE.read_text(encoding="utf-8").replace(HEAD_REVISION, "0000", 1))
    monkeypatch.setattr("desktop_app.store.schema_sql.SCHEMA_FILE", stale)
    monkeypatch.setattr(
        "desktop_app.store.schema_sql.schema_file_revision",
        lambda path=stale: "0000",
    )
    home = Home(tmp_path / "home")
    home.ensure()
    assert not schema_module.create_new_database(home.database)
    database = open_database(home)
    database.close()
    assert read_revision(home.database) == HEAD_REVISION


def test_opening_the_window_on_a_new_folder_imports_neither_the_orm_nor_alembic(
    tmp_path: Path,
) -> None:
    script = (
        "import sys\n"
        "from desktop_app.cli import run\n"
        f"code = run(['--home', {str(tmp_path / 'new')!r}, '--smoke-test'])\n"
        "loaded = [m for m in ('sqlalchemy', 'sqlmodel', 'alembic') if m in sys.modules]\n"
        "print(code, loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "0 []", result.stderr
    assert read_revision(tmp_path / "new" / "critical-friend.db") == HEAD_REVISION
