"""A larger fuzz round than the suite's, outside it: ``python -m tests.security.fuzz_round SEED
[SCALE]`` mutates the suite's genuine bundle SCALE times as often (default 2: 20,000 bundles)
with another seed and reports the first crashes (each then becomes a test, as in
test_fuzz_findings.py). Seeds 1616, 2727, 3838 and 4949 at scale 2 ran clean after the fix there.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from tests.security.test_fuzz_import import _fuzz, _work_folder


def main(argv: list[str]) -> int:
    """Run one round; 0 when nothing crashed, 1 (with the crashes printed) otherwise."""
    seed = int(argv[0]) if argv else 1616
    scale = int(argv[1]) if len(argv) > 1 else 2
    base = Path(tempfile.mkdtemp(prefix="cf-fuzz-round-"))
    work = _work_folder(base)  # on a RAM disk where there is one
    started = time.monotonic()
    try:
        _fuzz(work, seed=seed, scale=scale)
    except AssertionError as crashes:
        print(f"seed {seed}: {crashes}")
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(base, ignore_errors=True)
    print(
        f"seed {seed}: {10_000 * scale:,}+ mutated bundles, no crash ({time.monotonic() - started:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
