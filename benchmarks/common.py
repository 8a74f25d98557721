"""What the benchmarks share: interleaved rounds, child processes measured for time and peak memory,
and the table they print."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass
class Row:
    """One line of the table: ours beside an anchor, the ratio taken per round (same conditions)."""

    what: str
    ours: str
    anchor: str
    ratios: list[float]
    goal: str
    met: bool | None = None
    notes: list[str] = field(default_factory=list)

    def cells(self) -> list[str]:
        low, high = min(self.ratios), max(self.ratios)
        ratio = f"{statistics.median(self.ratios):.2f}" + (f" ({low:.2f}-{high:.2f})" if len(self.ratios) > 1 else "")
        verdict = "" if self.met is None else "met" if self.met else "NOT met"
        return [self.what, self.ours, self.anchor, ratio, self.goal, verdict]


def print_table(rows: Sequence[Row]) -> None:
    header = ["what", "ours", "anchor", "ratio: median (range over rounds)", "goal", ""]
    lines = [header, ["---"] * len(header), *[r.cells() for r in rows]]
    for line in lines:
        print("| " + " | ".join(line) + " |")


def interleaved(contenders: dict[str, Callable[[], int]], rounds: int) -> dict[str, list[float]]:
    """Seconds per unit of each contender in each round; the contenders take turns within a round
    (the order rotating), so a slow moment of the machine falls on all of them alike. Each callable
    does one measured slice of work and returns how many units it did."""
    names = list(contenders)
    found: dict[str, list[float]] = {name: [] for name in names}
    for n in range(rounds):
        for name in names[n % len(names) :] + names[: n % len(names)]:
            start = time.perf_counter()
            units = contenders[name]()
            found[name].append((time.perf_counter() - start) / units)
    return found


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


@dataclass
class Child:
    seconds: float
    peak_rss_mb: float
    cpu_seconds: float  # user + system, this process and the children it waited for
    returncode: int
    stderr: str


def run_child(command: Sequence[str], cwd: Path | None = None, env: dict | None = None, timeout: float = 1800) -> Child:
    """Run a process to its end: wall seconds, its peak resident memory (from wait4) and exit code."""
    start = time.perf_counter()
    log = (cwd or ROOT) / f".bench-{os.getpid()}-{time.monotonic_ns()}.log"
    with open(log, "w+b") as err:
        process = subprocess.Popen(
            command, cwd=cwd or ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    log.unlink()
    return Child(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, process.returncode, text)
