"""Benchmark the CLI as a user runs it: whole processes, wall time and peak RSS, against a pyarrow yardstick.

    python bench/generate.py deals 1000000 bench/data/deals_1m.csv
    python bench/run.py bench/data/deals_1m.csv                  # every deal report, dashboard, audit
    python bench/run.py bench/data/deals_1m.csv --only funnel,pipeline --runs 5

The yardstick is a process that only imports pyarrow and reads the same file with ``pyarrow.csv.read_csv``.
Each line shows the medians of --runs (wall time, CPU time of the process and its workers, peak memory) and the
ratios to the yardstick's medians, with the targets of issue #9
(each deal report within 2x the yardstick's wall time, the dashboard within 3x, peak memory within 1.5x; the
audit's time has no target).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

YARDSTICK = "import sys, pyarrow.csv\npyarrow.csv.read_csv(sys.argv[1])\n"
DEAL_REPORTS = ("pipeline", "funnel", "performance", "cycle")
TARGET_WALL = {**{report: 2.0 for report in DEAL_REPORTS}, "dashboard": 3.0}  # the audit has no time target
TARGET_MEMORY = 1.5


def measure(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system, its workers' included) of one child process
    (exit 1 is allowed: audit found problems)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(command)}\n{child.stderr.read().decode(errors='replace')}")
    child.stderr.close()
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def commands(path: str, out: str, only: set[str] | None) -> dict[str, list[str]]:
    """The command of each benchmarked path, the yardstick first."""
    crmreport = str(Path(sys.executable).with_name("crmreport"))
    wanted = {"yardstick (pyarrow read_csv)": [sys.executable, "-c", YARDSTICK, path]}
    for report in DEAL_REPORTS:
        wanted[report] = [crmreport, report, "--from", path, "-F", "json", "-o", os.path.join(out, f"{report}.json")]
    wanted["dashboard"] = [crmreport, "dashboard", "--from", path, "-F", "html", "-o", os.path.join(out, "dash.html")]
    wanted["audit"] = [crmreport, "audit", "--from", path, "-F", "json", "-o", os.path.join(out, "audit.json")]
    if only:
        wanted = {name: command for name, command in wanted.items() if name in only or name.startswith("yardstick")}
    return wanted


def main() -> None:
    """Run every command --runs times and print medians and ratios to the yardstick.

    The runs go round by round (each command once per round, after one warm-up round that is not counted), so that
    a slow spell of a shared machine falls on the yardstick as on the reports instead of on one of them."""
    parser = argparse.ArgumentParser()
    parser.add_argument("csv")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", help="comma-separated names: pipeline,funnel,performance,cycle,dashboard,audit")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    size = Path(args.csv).stat().st_size / 1e6
    print(f"{args.csv}: {size:.0f} MB, {args.runs} runs each (after a warm-up), medians")
    with tempfile.TemporaryDirectory() as out:
        wanted = commands(args.csv, out, only)
        for command in wanted.values():
            measure(command)
        runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in wanted}
        for _ in range(args.runs):
            for name, command in wanted.items():
                runs[name].append(measure(command))
        base_wall = base_memory = None
        for name in wanted:
            wall = statistics.median(r[0] for r in runs[name])
            memory = statistics.median(r[1] for r in runs[name])
            cpu = statistics.median(r[2] for r in runs[name])
            if base_wall is None:
                base_wall, base_memory = wall, memory
                print(f"{name:<30} wall {wall:6.2f} s   cpu {cpu:5.1f} s   peak {memory:6.0f} MB")
                continue
            target = f"target {TARGET_WALL[name]:.0f}x" if name in TARGET_WALL else "no target"
            print(f"{name:<30} wall {wall:6.2f} s   cpu {cpu:5.1f} s   peak {memory:6.0f} MB   "
                  f"x{wall / base_wall:4.1f} time ({target})   x{memory / base_memory:4.2f} memory "
                  f"(target {TARGET_MEMORY}x)")


if __name__ == "__main__":
    main()
