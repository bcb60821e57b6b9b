"""Time reading a workbook with python-calamine against openpyxl (the fallback), through crmreport's reader.

    python bench/generate.py deals 200000 bench/data/deals_200k.csv
    python bench/xlsx_readers.py bench/data/deals_200k.csv      # writes bench/data/deals_200k.xlsx once
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import pandas as pd

from crmreport.loaders import files


def main() -> None:
    """Convert the CSV to xlsx (once), then read it three times with each reader and print the medians."""
    source = Path(sys.argv[1])
    workbook = source.with_suffix(".xlsx")
    if not workbook.exists():
        pd.read_csv(source, dtype=str).to_excel(workbook, index=False)
    print(f"{workbook}: {workbook.stat().st_size / 1e6:.0f} MB")
    for name, reader in (("python-calamine", files._calamine_sheets), ("openpyxl", files._openpyxl_sheets)):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            tables = [files._sheet_table(workbook, *sheet) for sheet in reader(workbook)]
            times.append(time.perf_counter() - start)
        print(f"{name:<16} {statistics.median(times):6.2f} s  ({len(tables[0].frame):,} rows)")


if __name__ == "__main__":
    main()
