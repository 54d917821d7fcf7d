"""Timing a piece of work next to its floor on a shared, noisy machine."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


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


@dataclass(frozen=True)
class PairTimes:
    """Medians, in seconds, of a piece of work and its floor timed in one loop: wall clock and
    this process's CPU time (steadier than the wall clock when other work shares the cores)."""

    wall: float
    floor_wall: float
    cpu: float
    floor_cpu: float


def median_pair_cpu(
    action: Callable[[], object], floor: Callable[[], object], runs: int
) -> PairTimes:
    """As :func:`median_pair`, with the CPU-time medians as well."""
    walls: list[float] = []
    floor_walls: list[float] = []
    cpus: list[float] = []
    floor_cpus: list[float] = []
    for _ in range(runs):
        for run, wall_times, cpu_times in (
            (floor, floor_walls, floor_cpus),
            (action, walls, cpus),
        ):
            wall, cpu = time.perf_counter(), time.process_time()
            run()
            wall_times.append(time.perf_counter() - wall)
            cpu_times.append(time.process_time() - cpu)
    median = statistics.median
    return PairTimes(median(walls), median(floor_walls), median(cpus), median(floor_cpus))
