"""Reading and storing a 20,000-row case list, next to its floor (issue 17).

Run: ``python tests/bench/bench_case_list.py``. Writes a realistic Annex A workbook (List 7,
20,000 children, IDs formatted ``000000``; see tests/audit_tool/annex_a_workbook.py) and the same
list as CSV, then prints medians, each floor timed in the same loop:

* reading List 7 with ``read_case_list`` next to plain python-calamine reading the same sheet;
* reading and storing it as a visit's case list (one bulk insert) next to the same floor
  (the bar: stored in at most 3x the time to read it);
* the CSV, read and stored, next to ``csv.reader`` over the file;
* where the CSV's time goes: reading and checking the file alone, and storing the list read
  (one ``visit_case_list`` row, see desktop_app/store/repositories/case_lists.py) alone, each
  next to the same ``csv.reader`` floor.

Each line gives wall-clock and CPU-time medians (CPU time is steadier on a shared machine).
The CSV is written as Excel writes one (whole numbers without ``.0``, dates dd/mm/yyyy).
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
from tests.bench.timing import PairTimes, median_pair_cpu

ROWS = 20_000
RUNS = 7
TODAY = dt.date(2025, 3, 31)


def timed(action: Callable[[], object], floor: Callable[[], object]) -> PairTimes:
    """Medians (wall and CPU) of ``action`` and of ``floor``, alternated in one loop."""
    return median_pair_cpu(action, floor, RUNS)


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
                    value.strftime("%d/%m/%Y")
                    if isinstance(value, dt.date)
                    else int(value)
                    if isinstance(value, float) and value.is_integer()
                    else value
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


def store_only_action(folder: Path, path: Path) -> Callable[[], object]:
    """Storing alone: the list read once, then stored as the visit's case list each run."""
    from desktop_app.home import Home
    from desktop_app.store.database import open_database
    from desktop_app.store.repositories.visits import store_case_list
    from tests.audits.builders import new_visit

    case_list = read_case_list(path, None, today=TODAY)
    database = open_database(Home(folder / "home"))
    with database.session() as session:
        visit_id = new_visit(session, "Visit")

    def store() -> object:
        with database.session() as session:
            store_case_list(session, visit_id, case_list)
        return None

    return store


def report(label: str, times: PairTimes, floor_label: str) -> None:
    print(
        f"{label}: median {times.wall * 1000:.0f} ms (CPU {times.cpu * 1000:.0f} ms); "
        f"floor ({floor_label}) {times.floor_wall * 1000:.0f} ms (CPU "
        f"{times.floor_cpu * 1000:.0f} ms); ratio {times.wall / times.floor_wall:.2f}x "
        f"(CPU {times.cpu / times.floor_cpu:.2f}x)"
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-case-list-") as name:
        folder = Path(name)
        workbook = write_annex_a(folder / "annex-a.xlsx", ROWS)
        text = write_csv(workbook, folder / "list-7.csv")
        calamine = calamine_floor(workbook)
        times = timed(lambda: read_case_list(workbook, "List 7", today=TODAY), calamine)
        report(f"Annex A List 7, {ROWS:,} rows, read", times, "python-calamine")
        times = timed(store_action(folder, workbook, "List 7"), calamine)
        report(f"Annex A List 7, {ROWS:,} rows, read and stored", times, "python-calamine")
        reader = csv_floor(text)
        times = timed(store_action(folder / "csv", text, None), reader)
        report(
            f"CSV case list, {ROWS:,} rows, read and stored, replacing the visit's list",
            times,
            "csv.reader",
        )
        times = timed(store_action(folder / "csv-new", text, None, replacing=False), reader)
        report(
            f"CSV case list, {ROWS:,} rows, read and stored, a first import", times, "csv.reader"
        )
        times = timed(lambda: read_case_list(text, None, today=TODAY), reader)
        report("  of it, reading and checking the file alone", times, "csv.reader")
        times = timed(store_only_action(folder / "csv-store", text), reader)
        report("  of it, storing alone (one visit_case_list row)", times, "csv.reader")
        print("bar: a 20,000-row case list stored in at most 3x the time to read it")


if __name__ == "__main__":
    main()
