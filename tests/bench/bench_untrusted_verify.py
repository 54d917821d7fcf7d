"""Benchmark: verifying an unknown sender's worst-case bundle stays flat in memory as it grows.

The bundle is the worst an unknown sender can send within the budgets (README "What a bundle
may hold"): the most records a bundle.json may hold (10,000), each of 100 answers, plus
incompressible attachments (which cannot be refused by their ratio) and a report compressed
close to the ratio limit. It is verified the way `critical-friend verify` does (nothing written
to the home), at two payload sizes, each in a fresh process. Printed: time, time per MiB next
to SHA-512 over the same bytes (the floor), and the peak resident memory of each run; the
ratio of the two peaks shows memory stays flat (floor 1.0) as the bundle grows 4 times.
Run from the project root: PYTHONPATH=. .venv/bin/python tests/bench/bench_untrusted_verify.py
Exit status 0 when the larger run's peak memory is within 1.25 times the smaller's.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES_MIB = (32, 128)
FLAT_LIMIT = 1.25
RECORDS = 10_000


def _make(out: Path, payload_mib: int) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from desktop_app.exchange.bundle_write import PayloadItem, write_bundle
    from desktop_app.exchange.sshsig import public_key_line

    document = {
        "format": "critical-friend-bundle",
        "format_version": 1,
        "organisation": {"name": "Nowhere Council"},
        "definitions": {},
        "assessments": [
            {
                "title": f"Record {n}",
                "definition": "d",
                "answers": {f"q{q}": "x" * 20 for q in range(100)},
            }
            for n in range(RECORDS)
        ],
        "attachments": [],
    }
    chunk_files = []
    attachment_mib = payload_mib - 8
    for number in range(attachment_mib // 16):
        chunk_files.append(
            PayloadItem(f"data/attachments/a{number}.bin", os.urandom(16 * 1024 * 1024))
        )
    report = (b"%PDF-1.4 " + bytes(range(256)) * 4) * (8 * 1024)  # 8 MiB, ~90:1
    key = Ed25519PrivateKey.generate()
    write_bundle(
        out,
        name="worst-case",
        bag_info={"Source-Organization": "Nowhere Council", "Bundle-Type": "self-assessment"},
        payload=[
            PayloadItem("data/bundle.json", json.dumps(document).encode()),
            PayloadItem("data/reports/report.txt", report[: 8 * 1024 * 1024]),
            *chunk_files,
        ],
        signing_key=key,
        signer_line=public_key_line(key.public_key(), "Una Untrusted, Nowhere Council"),
    )


def _child(bundle: str) -> None:
    """Verify in this fresh process and print seconds, bytes and peak RSS (KiB) as JSON."""
    from desktop_app.exchange.bundle_read import verify_bundle
    from desktop_app.exchange.imported_content import check_document_budgets

    start = time.perf_counter()
    verified = verify_bundle(Path(bundle))
    check_document_budgets(verified.document)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_kib": peak_kib}))


def _sha512_seconds(path: Path) -> float:
    start = time.perf_counter()
    digest = hashlib.sha512()
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return time.perf_counter() - start


def _run(*args: str) -> str:
    """This script in a fresh process (peak memory is inherited across fork, so the parent never
    holds bundle data itself)."""
    return subprocess.run(
        [sys.executable, __file__, *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    ).stdout


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        _child(sys.argv[2])
        return 0
    if len(sys.argv) == 4 and sys.argv[1] == "--make":
        _make(Path(sys.argv[2]), int(sys.argv[3]))
        return 0
    peaks: list[float] = []
    with tempfile.TemporaryDirectory() as temp:
        for size in SIZES_MIB:
            bundle = Path(temp) / f"worst-{size}.cfbundle"
            _run("--make", str(bundle), str(size))
            figures = json.loads(_run("--child", str(bundle)).strip().splitlines()[-1])
            floor = _sha512_seconds(bundle)
            mib = bundle.stat().st_size / 2**20
            peak = figures["peak_kib"] / 1024
            peaks.append(peak)
            print(
                f"{size:>4} MiB payload ({mib:6.1f} MiB file, {RECORDS} records): "
                f"verify {figures['seconds']:6.2f} s ({figures['seconds'] / mib * 1000:6.1f} ms/MiB; "
                f"SHA-512 floor {floor / mib * 1000:5.1f} ms/MiB, ratio "
                f"{figures['seconds'] / max(floor, 1e-9):4.1f}), peak memory {peak:6.1f} MiB",
                flush=True,
            )
            bundle.unlink()
    ratio = peaks[1] / peaks[0]
    print(
        f"peak memory {SIZES_MIB[1]} MiB / {SIZES_MIB[0]} MiB: {ratio:.2f} "
        f"(floor 1.00, flat if <= {FLAT_LIMIT})"
    )
    return 0 if ratio <= FLAT_LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
