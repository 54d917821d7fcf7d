"""The head schema as plain SQL, so a new home is made without importing SQLAlchemy or Alembic.

`head_schema.sql` (next to this module) is the SQL dump (Python's ``sqlite3.Connection.iterdump``)
of an empty database made by running every Alembic migration, including its ``alembic_version``
row. Creating a new home replays it in one transaction (about 10 ms), instead of importing the ORM
and Alembic (about 0.9 s). A test rebuilds the dump from the migrations and fails if the file
differs, so the two cannot drift; when a migration is added, regenerate the file with
``make schema-sql`` (``python -m desktop_app.store.schema_sql --write``). Until then a new home
falls back to Alembic, because the file names the revision it was made at.
"""

from __future__ import annotations

import re
import sqlite3
import sys
import tempfile
from pathlib import Path

SCHEMA_FILE = Path(__file__).with_name("head_schema.sql")
HEADER = "-- Critical Friend: an empty database at revision {revision}, generated from the Alembic migrations by `make schema-sql`. Do not edit.\n"
_HEADER_PATTERN = re.compile(r"-- Critical Friend: an empty database at revision (\S+),")


def schema_file_revision(path: Path = SCHEMA_FILE) -> str | None:
    """The revision named on the first line of the schema file, or None if there is no such file."""
    try:
        with path.open(encoding="utf-8") as handle:
            first = handle.readline()
    except OSError:
        return None
    match = _HEADER_PATTERN.match(first)
    return match.group(1) if match else None


def create_database_from_sql(database: Path, schema: Path = SCHEMA_FILE) -> None:
    """Create `database` (which must not exist, or be empty) from the schema file, all or nothing.

    Raises sqlite3.Error or OSError; on failure no database file is left behind. The file is put in
    WAL mode, as the engine would (DESIGN.md "Data").
    """
    script = schema.read_text(encoding="utf-8")
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        connection.executescript(script)
        connection.execute("PRAGMA journal_mode=WAL")
    except BaseException:
        connection.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        raise
    connection.close()


def dump_database(database: Path) -> str:
    """Every statement that rebuilds `database` (schema and rows), one per line, in a stable order."""
    connection = sqlite3.connect(database)
    try:
        statements = [_stable_table(line) for line in connection.iterdump()]
    finally:
        connection.close()
    # Alembic's batch mode (a table rebuilt by a migration) recreates indexes and foreign keys in
    # an order that varies from run to run; indexes come after every table, so sort them by text.
    indexes = sorted(s for s in statements if s.startswith(("CREATE INDEX", "CREATE UNIQUE INDEX")))
    others = [s for s in statements if not s.startswith(("CREATE INDEX", "CREATE UNIQUE INDEX"))]
    commit = others.index("COMMIT;") if "COMMIT;" in others else len(others)
    ordered = others[:commit] + indexes + others[commit:]
    return "".join(f"{line}\n" for line in ordered)


def _stable_table(statement: str) -> str:
    """A CREATE TABLE statement with its FOREIGN KEY clauses in sorted order (same meaning)."""
    if not statement.startswith("CREATE TABLE"):
        return statement
    lines = statement.split("\n")
    if len(lines) < 3:
        return statement
    body = [line.removesuffix(" ").removesuffix(",") for line in lines[1:-1]]
    places = [i for i, line in enumerate(body) if line.lstrip().startswith("FOREIGN KEY")]
    for place, clause in zip(places, sorted(body[i] for i in places), strict=True):
        body[place] = clause
    separated = [f"{line}, " for line in body[:-1]] + body[-1:]
    return "\n".join([lines[0], *separated, lines[-1]])


def dump_from_migrations() -> tuple[str, str]:
    """(revision, dump) of a fresh database migrated by Alembic to its head (imports the ORM)."""
    from desktop_app.store.database import make_engine, run_migrations
    from desktop_app.store.schema import HEAD_REVISION

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "migrated.db"
        engine = make_engine(path)
        try:
            run_migrations(engine)
        finally:
            engine.dispose()
        return HEAD_REVISION, dump_database(path)


def expected_schema_text() -> str:
    """The schema file's whole content as the migrations make it now."""
    revision, dump = dump_from_migrations()
    return HEADER.format(revision=revision) + dump


def comparable(text: str) -> list[str]:
    """The schema text as sorted lines without trailing commas: SQLAlchemy emits a table's
    constraints in no fixed order, so two dumps of the same schema may differ only in the order
    of a CREATE TABLE's lines."""
    return sorted(line.strip().rstrip(",") for line in text.splitlines() if line.strip())


def main(argv: list[str]) -> int:
    """`--write` regenerates the schema file; `--check` exits 1 if it is out of date."""
    expected = expected_schema_text()
    current = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
    if "--write" in argv:
        if comparable(current) != comparable(expected):
            SCHEMA_FILE.write_text(expected, encoding="utf-8")
            print(f"Wrote {SCHEMA_FILE}")
        return 0
    if comparable(current) != comparable(expected):
        print(f"{SCHEMA_FILE} is out of date; run `make schema-sql`.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
