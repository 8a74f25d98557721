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
    peak_rss_mb: float  # the process itself, sampled every 0.1 s
    peak_tree_mb: float  # with every process it started (parse workers, their fork server), summed
    cpu_seconds: float  # user + system of the process itself
    returncode: int
    stderr: str


def _session_rss(session: int) -> tuple[float, float]:
    """(RSS of the session's leader, RSS of every process in the session), in MB, from /proc."""
    leader = total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) != session:  # field 6 of stat: the session id
                continue
            rss = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")  # field 24: resident pages
        except (OSError, IndexError, ValueError):
            continue
        total += rss
        if int(stat.parent.name) == session:
            leader = rss
    return leader / 2**20, total / 2**20


def run_child(command: Sequence[str], cwd: Path | None = None, env: dict | None = None, timeout: float = 1800) -> Child:
    """Run a process to its end in a session of its own: wall seconds, peak memory (its own and its
    process tree's, sampled), CPU seconds and exit code."""
    start = time.perf_counter()
    log = (cwd or ROOT) / f".bench-{os.getpid()}-{time.monotonic_ns()}.log"
    peak = tree = 0.0
    with open(log, "w+b") as err:
        process = subprocess.Popen(
            command, cwd=cwd or ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True
        )
        deadline = next_sample = time.monotonic()
        deadline += timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
            if time.monotonic() >= next_sample:
                own, everything = _session_rss(process.pid)
                peak, tree = max(peak, own), max(tree, everything)
                next_sample = time.monotonic() + 0.1
            time.sleep(0.005)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    log.unlink()
    return Child(seconds, peak, tree, usage.ru_utime + usage.ru_stime, process.returncode, text)
