"""Benchmark: `crmreport audit` against ydata-profiling's minimal profile of the same file, whole processes.

    python bench/generate.py contacts 1000000 bench/data/contacts_1m.csv
    python bench/audit_vs_ydata.py bench/data/contacts_1m.csv --ydata-python /path/to/venv-with-ydata/bin/python

ydata-profiling is not a dependency of crmreport (it pins older pandas); give it its own virtual environment.
Prints wall time and peak RSS (median of --runs) of each, and the ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

YDATA = ("import sys, pandas as pd\n"
         "from ydata_profiling import ProfileReport\n"
         "frame = pd.read_csv(sys.argv[1])\n"
         "ProfileReport(frame, minimal=True, progress_bar=False).to_file(sys.argv[2])\n")


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    pid = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).pid
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # audit exits 1 when it finds problems
        raise SystemExit(f"failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("csv")
    parser.add_argument("--ydata-python", help="python of a venv with ydata-profiling installed")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    crmreport = shutil.which("crmreport") or os.path.join(os.path.dirname(sys.executable), "crmreport")
    out = tempfile.mkdtemp()
    commands = {"crmreport audit": [crmreport, "audit", "--from", args.csv, "-o", os.path.join(out, "audit.json")]}
    if args.ydata_python:
        script = os.path.join(out, "ydata_minimal.py")
        with open(script, "w", encoding="utf-8") as stream:
            stream.write(YDATA)
        commands["ydata-profiling minimal"] = [args.ydata_python, script, args.csv, os.path.join(out, "profile.html")]
    results = {}
    for name, command in commands.items():
        runs = [measure(command) for _ in range(args.runs)]
        results[name] = (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))
        print(f"{name:<26} wall {results[name][0]:7.2f} s   peak RSS {results[name][1]:7.0f} MB   ({args.runs} runs)")
    if len(results) == 2:
        ours, theirs = results["crmreport audit"], results["ydata-profiling minimal"]
        print(f"ydata-profiling / crmreport: {theirs[0] / ours[0]:.1f}x wall time, {theirs[1] / ours[1]:.1f}x memory")


if __name__ == "__main__":
    main()
