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


def median_processes(
    commands: dict[str, list[str]], runs: int, env: dict[str, str] | None = None
) -> dict[str, tuple[float, float]]:
    """Median wall-clock and CPU seconds (user + system, from ``getrusage`` of the children) of
    each command run as a process, output discarded; all run in turn in one loop, ``runs`` times,
    after one untimed round that warms the file cache. CPU time is the steadier figure when
    others share the machine. POSIX only (``resource``)."""
    import resource
    import subprocess

    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for round_number in range(runs + 1):
        for name, command in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=env)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if round_number:
                walls[name].append(wall)
                cpus[name].append(
                    after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                )
    return {
        name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in commands
    }


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
