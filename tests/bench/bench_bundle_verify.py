"""Benchmark: how long verifying a bundle takes compared with plain `sha512sum` over its files.

Builds a bundle with a 1,000-record bundle.json and 100 MB of random attachments in a temp
folder, then times write_bundle, open_bundle (verify + extract) and `sha512sum` over the same
payload files. Prints the ratio verify / sha512sum (target: at most 2) and the peak RSS.
Run from the project root: PYTHONPATH=. .venv/bin/python tests/bench/bench_bundle_verify.py
Exit status 0 when the target is met, 1 when not.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop_app.exchange import PayloadItem, open_bundle, public_key_line, write_bundle

RECORDS = 1_000
ATTACHMENT_COUNT = 20
ATTACHMENT_BYTES = 5 * 1024 * 1024  # 20 x 5 MiB = 100 MiB
TARGET_RATIO = 2.0


def _bundle_document(rng: random.Random) -> bytes:
    grades = ["outstanding", "good", "requires_improvement", "inadequate"]
    records = [
        {
            "id": f"audit-{n:05d}",
            "form": {"id": "case-audit", "version": 3},
            "case_reference": f"PSEUDO-{rng.getrandbits(48):012x}",
            "answers": {
                f"q{q}": {
                    "grade": rng.choice(grades),
                    "evidence": "Seen alone; views recorded. " * 4,
                }
                for q in range(12)
            },
        }
        for n in range(RECORDS)
    ]
    return json.dumps(
        {"format": 1, "organisation": {"name": "Oxtown"}, "records": records}
    ).encode()


def _timed(label: str, action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    elapsed = time.perf_counter() - start
    print(f"{label:<34}{elapsed:8.2f} s")
    return elapsed


def main() -> int:
    sha512sum = shutil.which("sha512sum")
    if sha512sum is None:
        print("sha512sum is not installed", file=sys.stderr)
        return 2
    rng = random.Random(2025)
    with tempfile.TemporaryDirectory(prefix="cf-bench-") as temp:
        root = Path(temp)
        sources = root / "sources"
        sources.mkdir()
        document = _bundle_document(rng)
        (sources / "bundle.json").write_bytes(document)
        payload = [PayloadItem("data/bundle.json", sources / "bundle.json")]
        for n in range(ATTACHMENT_COUNT):
            path = sources / f"attachment-{n:02d}"
            path.write_bytes(os.urandom(ATTACHMENT_BYTES))
            payload.append(PayloadItem(f"data/attachments/{n:064x}", path))
        total = sum(p.stat().st_size for p in sources.iterdir())
        print(
            f"payload: {len(payload)} files, {total / 2**20:.1f} MiB; bundle.json "
            f"{len(document) / 2**20:.1f} MiB"
        )
        key = Ed25519PrivateKey.generate()
        out = root / "bench.cfbundle"
        bag_info = {"Source-Organization": "Oxtown Borough", "Bundle-Type": "case-audits"}

        def write() -> None:
            write_bundle(
                out,
                name="bench",
                bag_info=bag_info,
                payload=payload,
                signing_key=key,
                signer_line=public_key_line(key.public_key(), "Bench, Oxtown"),
            )

        def verify() -> None:
            work = Path(tempfile.mkdtemp(dir=root))
            open_bundle(out, work)

        def hash_only() -> None:
            files = sorted(str(p) for p in sources.iterdir())
            subprocess.run([sha512sum, *files], check=True, stdout=subprocess.DEVNULL)

        _timed("write_bundle", write)
        print(f"bundle size: {out.stat().st_size / 2**20:.1f} MiB")
        hash_only()  # warm the page cache for a fair comparison
        baseline = min(_timed("sha512sum over the payload", hash_only) for _ in range(2))
        verify_time = min(_timed("open_bundle (verify + extract)", verify) for _ in range(2))
    ratio = verify_time / baseline
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ratio verify / sha512sum: {ratio:.2f} (target <= {TARGET_RATIO})")
    print(f"peak RSS: {peak_mib:.0f} MiB")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
