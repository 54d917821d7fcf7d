"""Cold start: `critical-friend --smoke-test` on the demo data against a bare PySide6 window.

Prints the median wall time of each over several runs and their ratio (target: at most 2x, aim 1.5x).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 15
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def timed(command: list[str]) -> float:
    # As installed: bytecode cached (this machine sets PYTHONDONTWRITEBYTECODE, which would make
    # every run recompile the app's modules but not PySide's, already compiled in site-packages).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    start = time.perf_counter()
    subprocess.run(
        command, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        subprocess.run(
            [sys.executable, "-m", "desktop_app", "--home", str(home), "demo"],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        app = [sys.executable, "-m", "desktop_app", "--home", str(home), "--smoke-test"]
        bare = [sys.executable, str(HERE / "bare_window.py")]
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", "desktop_app", "forms", "audit_tool"],
            check=True,
            cwd=ROOT,
        )
        timed(app), timed(bare)  # warm the file cache
        app_times, bare_times = [], []
        for _ in range(RUNS):
            bare_times.append(timed(bare))
            app_times.append(timed(app))
    app_median = statistics.median(app_times)
    bare_median = statistics.median(bare_times)
    print(
        f"cold start, median of {RUNS}: bare PySide6 window {bare_median * 1000:.0f} ms, "
        f"critical-friend --smoke-test (demo data) {app_median * 1000:.0f} ms, "
        f"ratio {app_median / bare_median:.2f}x (target <= 2.0x, aim 1.5x)"
    )


if __name__ == "__main__":
    main()
