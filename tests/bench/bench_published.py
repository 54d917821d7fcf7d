"""Importing every file of the DfE's published statistics for one LA, next to its floor.

Run: ``python tests/bench/bench_published.py``. Times (median of 3) ``data import-published``'s
operation over every file in ``../shared/data/dfe/`` (8 tidy tables, the ONS population and both
neighbour models) for Barking and Dagenham into a fresh home, next to reading the same files with
plain ``csv.reader`` (the floor), and the benchmark built from the same files.
"""

from __future__ import annotations

import csv
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.helpers import SHARED_DATA

DFE = SHARED_DATA / "dfe"
RUNS = 3


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    if not DFE.is_dir():
        print(f"skipped: {DFE} is not here")
        return
    from desktop_app.app.benchmark import BenchmarkRequest, build_benchmark
    from desktop_app.app.context import AppContext
    from desktop_app.app.published_data import ImportPublished, import_published
    from desktop_app.home import Home
    from desktop_app.store.repositories.organisations import ensure_organisation

    files = tuple(sorted(DFE.glob("*.csv")))

    def floor() -> object:
        for path in files:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                for _row in csv.reader(handle):
                    pass
        return None

    with tempfile.TemporaryDirectory(prefix="bench-published-") as name:
        context = AppContext(home=Home(Path(name) / "home"))
        with context.database.session() as session:
            ensure_organisation(session, "Midthorpe Council", is_home=True)
        imports: list[float] = []
        floors: list[float] = []
        for _ in range(RUNS):
            floors.append(timed(floor))
            imports.append(timed(lambda: import_published(context, ImportPublished(files, "301"))))
        context.close()
    median, bottom = statistics.median(imports), statistics.median(floors)
    print(
        f"import every file of shared/data/dfe ({len(files)} files) for one LA: median "
        f"{median * 1000:.0f} ms; floor (csv.reader over the same files) {bottom * 1000:.0f} ms; "
        f"ratio {median / bottom:.2f}x"
    )
    built = statistics.median(
        timed(lambda: build_benchmark(BenchmarkRequest(files, "301"))) for _ in range(RUNS)
    )
    print(
        f"benchmark view from the same files: median {built * 1000:.0f} ms; "
        f"ratio {built / bottom:.2f}x the floor"
    )


if __name__ == "__main__":
    main()
