"""Timing a piece of work next to its floor on a shared, noisy machine."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_pair(
    action: Callable[[], object], floor: Callable[[], object], runs: int
) -> tuple[float, float]:
    """Median seconds of ``action`` and of ``floor`` over ``runs`` runs, alternated in one loop
    so that both see the same load."""
    times: list[float] = []
    floors: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        floor()
        floors.append(time.perf_counter() - start)
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), statistics.median(floors)
