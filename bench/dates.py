"""Time crmreport's date parser on a column of distinct date-times, as activity and ticket exports write them.

    python bench/dates.py                   # 1,000,000 values, every format, median of 3 runs
    python bench/dates.py --rows 200000 --runs 5

A column of dates alone has a few thousand distinct values whatever its length; one of timestamps has as many as
it has rows, and every distinct value is parsed. Each line shows the format and the median seconds of
``parsing.parse_dates`` in this process (no CLI, no file: the parse alone).
"""

from __future__ import annotations

import argparse
import statistics
import time

import pandas as pd

from crmreport import parsing

FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.000Z", "%Y-%m-%d %H:%M", "%m/%d/%Y %I:%M %p",
           "%d.%m.%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%b %d, %Y %I:%M %p")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    moments = pd.Timestamp("2021-01-01") + pd.to_timedelta(range(0, args.rows * 61, 61), unit="s")  # all distinct
    for fmt in FORMATS:
        values = pd.Series(moments.strftime(fmt), dtype=parsing.STR)
        seconds = []
        for _ in range(args.runs):
            start = time.perf_counter()
            parsed, failed = parsing.parse_dates(values)
            seconds.append(time.perf_counter() - start)
        assert not failed.any(), fmt
        print(f"{fmt:<26} {statistics.median(seconds):6.2f} s  ({args.rows:,} distinct values)")


if __name__ == "__main__":
    main()
