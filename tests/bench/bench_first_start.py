"""First start in a new, empty folder: `critical-friend --home NEW --smoke-test` against a bare
PySide6 window (issue 17: at most 2.5x). The new home's database is made from the head schema's
SQL, so neither the ORM nor Alembic is imported."""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from bench_cold_start import HERE, ROOT, timed

RUNS = 11


def main() -> None:
    import subprocess

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "desktop_app", "forms", "audit_tool"],
        check=True,
        cwd=ROOT,
    )
    bare = [sys.executable, str(HERE / "bare_window.py")]
    app_times, bare_times = [], []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(RUNS + 1):
            home = Path(folder) / f"home-{run}"
            app = [sys.executable, "-m", "desktop_app", "--home", str(home), "--smoke-test"]
            bare_time, app_time = timed(bare), timed(app)
            if run:  # the first pair warms the file cache
                bare_times.append(bare_time)
                app_times.append(app_time)
    app_median = statistics.median(app_times)
    bare_median = statistics.median(bare_times)
    print(
        f"first start in a new folder, median of {RUNS}: bare PySide6 window "
        f"{bare_median * 1000:.0f} ms, critical-friend --smoke-test (new home) "
        f"{app_median * 1000:.0f} ms, ratio {app_median / bare_median:.2f}x (target <= 2.5x)"
    )


if __name__ == "__main__":
    main()
