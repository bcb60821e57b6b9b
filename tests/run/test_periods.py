"""Relative periods, worked out by hand on a calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from crmreport.periods import resolve

D = dt.date


@pytest.mark.parametrize("name, fiscal, expected", [
    ("last-week", 1, (D(2024, 11, 11), D(2024, 11, 17))),  # 2024-11-20 is a Wednesday
    ("this-week", 1, (D(2024, 11, 18), D(2024, 11, 20))),
    ("last-month", 1, (D(2024, 10, 1), D(2024, 10, 31))),
    ("this-month", 1, (D(2024, 11, 1), D(2024, 11, 20))),
    ("this-quarter", 1, (D(2024, 10, 1), D(2024, 11, 20))),
    ("last-quarter", 1, (D(2024, 7, 1), D(2024, 9, 30))),
    ("ytd", 1, (D(2024, 1, 1), D(2024, 11, 20))),
    ("last-year", 1, (D(2023, 1, 1), D(2023, 12, 31))),
    # fiscal year from April: Q3 is Oct–Dec, the year began 2024-04-01
    ("this-quarter", 4, (D(2024, 10, 1), D(2024, 11, 20))),
    ("ytd", 4, (D(2024, 4, 1), D(2024, 11, 20))),
    ("last-year", 4, (D(2023, 4, 1), D(2024, 3, 31))),
    # fiscal year from February: quarters Feb–Apr, May–Jul, Aug–Oct, Nov–Jan
    ("this-quarter", 2, (D(2024, 11, 1), D(2024, 11, 20))),
    ("last-quarter", 2, (D(2024, 8, 1), D(2024, 10, 31))),
    ("all", 1, (None, None)),
])
def test_resolve(name, fiscal, expected):
    assert resolve(name, D(2024, 11, 20), fiscal) == expected


def test_last_month_in_january_and_leap_february():
    assert resolve("last-month", D(2024, 1, 15)) == (D(2023, 12, 1), D(2023, 12, 31))
    assert resolve("last-month", D(2024, 3, 1)) == (D(2024, 2, 1), D(2024, 2, 29))
    assert resolve("last-quarter", D(2024, 2, 10)) == (D(2023, 10, 1), D(2023, 12, 31))
