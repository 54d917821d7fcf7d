"""`make bench`: run every tests/bench/bench_*.py script in turn and show what each prints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failures = 0
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_LOGGING_RULES": "qt.qpa.*=false",  # the offscreen plugin's notes are not figures
        "PYTHONPATH": str(HERE.parents[1]),
    }
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        result = subprocess.run([sys.executable, str(script)], env=env, cwd=HERE.parents[1])
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
