"""Reading and storing a 20,000-row case list, next to its floor (issue 17).

Run: ``python tests/bench/bench_case_list.py``. Writes a realistic Annex A workbook (List 7,
20,000 children, IDs formatted ``000000``; see tests/audit_tool/annex_a_workbook.py) and the same
list as CSV, then prints medians, each floor timed in the same loop:

* reading List 7 with ``read_case_list`` next to plain python-calamine reading the same sheet;
* reading and storing it as a visit's case list (one bulk insert) next to the same floor
  (the bar: stored in at most 3x the time to read it);
* the CSV, read and stored, next to ``csv.reader`` over the file;
* what storing alone costs at best: the same 20,000 rows (reference and fields as JSON text, as
  stored) inserted by one ``executemany`` into a bare table with the visit_case columns and
  indexes, in one transaction, next to the same ``csv.reader`` floor: the part of the bar that
  one row per case leaves for reading and checking the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from audit_tool import read_case_list
from tests.audit_tool.annex_a_workbook import write_annex_a

ROWS = 20_000
RUNS = 5
TODAY = dt.date(2025, 3, 31)


def median_s(action: Callable[[], object], floor: Callable[[], object]) -> tuple[float, float]:
    """Median seconds of ``action`` and of ``floor``, alternated in one loop."""
    from tests.bench.timing import median_pair

    return median_pair(action, floor, RUNS)


def calamine_floor(path: Path) -> Callable[[], object]:
    from python_calamine import CalamineWorkbook

    def read() -> object:
        workbook = CalamineWorkbook.from_path(str(path))
        rows = workbook.get_sheet_by_name("List 7").to_python()
        workbook.close()
        return rows

    return read


def csv_floor(path: Path) -> Callable[[], object]:
    def read() -> object:
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.reader(handle))

    return read


def write_csv(workbook: Path, path: Path) -> Path:
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(workbook)).get_sheet_by_name("List 7").to_python()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        for row in rows:
            writer.writerow(
                [
                    value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else value
                    for value in row
                ]
            )
    return path


def store_action(
    folder: Path, path: Path, sheet: str | None, *, replacing: bool = True
) -> Callable[[], object]:
    """Read and store the list as a visit's case list, as the window and ``visits cases`` do:
    ``replacing`` the same visit's earlier list each run (20,000 rows deleted first), or into a
    new visit each run (a first import)."""
    from desktop_app.home import Home
    from desktop_app.store.database import open_database
    from desktop_app.store.repositories.visits import import_case_list
    from tests.audits.builders import new_visit

    database = open_database(Home(folder / "home"))
    with database.session() as session:
        visit_ids = [new_visit(session, f"Visit {run}") for run in range(1 if replacing else RUNS)]
    runs = iter(range(RUNS))

    def store() -> object:
        visit_id = visit_ids[0] if replacing else visit_ids[next(runs)]
        with database.session() as session:
            return import_case_list(session, visit_id, path, sheet)

    return store


def bare_insert_action(folder: Path, path: Path) -> Callable[[], object]:
    """One executemany of the case list's rows into a fresh bare table (no ORM, no checks)."""
    import json
    import sqlite3

    rows = [
        (1, row.reference, json.dumps(row.fields, ensure_ascii=False), "case_list", "", 0, "", "")
        for row in read_case_list(path, None, today=TODAY).rows
    ]
    database = folder / "bare.db"
    runs = iter(range(1_000))

    def insert() -> object:
        connection = sqlite3.connect(database)
        table = f"visit_case_{next(runs)}"
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(
            f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, visit_id INTEGER NOT NULL, "
            "case_reference VARCHAR NOT NULL, fields VARCHAR NOT NULL, source VARCHAR NOT NULL, "
            "reason VARCHAR NOT NULL, removed BOOLEAN NOT NULL, removed_reason VARCHAR NOT NULL, "
            "added_at DATETIME NOT NULL)"
        )
        connection.execute(f"CREATE INDEX ix_{table}_reference ON {table} (case_reference)")
        connection.execute(f"CREATE INDEX ix_{table}_visit ON {table} (visit_id)")
        connection.commit()
        connection.executemany(
            f"INSERT INTO {table} (visit_id, case_reference, fields, source, reason, removed, "
            "removed_reason, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        connection.commit()
        connection.close()
        return None

    return insert


def report(label: str, seconds: float, floor_label: str, floor: float) -> None:
    print(
        f"{label}: median {seconds * 1000:.0f} ms; floor ({floor_label}) {floor * 1000:.0f} ms; "
        f"ratio {seconds / floor:.2f}x"
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-case-list-") as name:
        folder = Path(name)
        workbook = write_annex_a(folder / "annex-a.xlsx", ROWS)
        text = write_csv(workbook, folder / "list-7.csv")
        read, floor = median_s(
            lambda: read_case_list(workbook, "List 7", today=TODAY), calamine_floor(workbook)
        )
        report(f"Annex A List 7, {ROWS:,} rows, read", read, "python-calamine", floor)
        stored, floor = median_s(store_action(folder, workbook, "List 7"), calamine_floor(workbook))
        report(f"Annex A List 7, {ROWS:,} rows, read and stored", stored, "python-calamine", floor)
        stored, floor = median_s(store_action(folder / "csv", text, None), csv_floor(text))
        report(
            f"CSV case list, {ROWS:,} rows, read and stored, replacing the visit's list",
            stored,
            "csv.reader",
            floor,
        )
        first = store_action(folder / "csv-new", text, None, replacing=False)
        stored, floor = median_s(first, csv_floor(text))
        report(
            f"CSV case list, {ROWS:,} rows, read and stored, a first import",
            stored,
            "csv.reader",
            floor,
        )
        stored, floor = median_s(bare_insert_action(folder, text), csv_floor(text))
        report(
            f"  of it, storing alone at best (bare executemany of {ROWS:,} rows)",
            stored,
            "csv.reader",
            floor,
        )
        print("bar: a 20,000-row case list stored in at most 3x the time to read it")


if __name__ == "__main__":
    main()
