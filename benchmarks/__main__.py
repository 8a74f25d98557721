"""Run the benchmarks and print one table of ratios against anchors measured in the same run.

.venv/bin/python -m benchmarks [--quick] [--only parse,crawl,store,scheduled,archive,distributed]
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from .common import Row, print_table

SECTIONS = ("parse", "crawl", "store", "scheduled", "archive", "distributed")


def machine() -> str:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "?")
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.1f} GB, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and smaller sizes (a smoke run)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="which sections, comma-separated")
    args = parser.parse_args()
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    print(f"machine: {machine()}")
    rows: list[Row] = []
    for section in chosen:
        start = time.perf_counter()
        module = __import__(f"benchmarks.{section}", fromlist=["rows"])
        found = module.rows(quick=args.quick)
        rows += found
        print(f"[{section}: {time.perf_counter() - start:.0f} s]", flush=True)
        print_table(found)
        print(flush=True)
    print("all sections:")
    print_table(rows)


if __name__ == "__main__":
    main()
