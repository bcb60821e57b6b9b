"""The quick all-clear test of the canonical tables agrees with pandera, and lets clean tables skip it."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from crmreport.parsing import STR
from crmreport.schema import RULES, _failure_cases, may_fail, table_schema

NUMBERS = st.one_of(st.none(), st.floats(-5, 15, allow_nan=False), st.sampled_from([0.0, 1.0, 10.0, -0.0]))
DAYS = st.one_of(st.none(), st.integers(0, 40))


@st.composite
def deal_frames(draw):
    rows = draw(st.integers(1, 12))
    created = [draw(DAYS) for _ in range(rows)]
    closed = [draw(DAYS) for _ in range(rows)]
    day = pd.Timestamp("2024-01-01")
    return pd.DataFrame({
        "status": pd.Series([draw(st.sampled_from(["open", "won", "lost", None, "Won"])) for _ in range(rows)],
                            dtype=STR),
        "amount": pd.Series([draw(NUMBERS) for _ in range(rows)], dtype="float64"),
        "probability": pd.Series([draw(NUMBERS) for _ in range(rows)], dtype="float64") / 10,
        "exchange_rate": pd.Series([draw(NUMBERS) for _ in range(rows)], dtype="float64"),
        "created_date": pd.Series([day + pd.Timedelta(hours=12 * d) if d is not None else pd.NaT for d in created],
                                  dtype="datetime64[us]"),
        "close_date": pd.Series([day + pd.Timedelta(hours=12 * d) if d is not None else pd.NaT for d in closed],
                                dtype="datetime64[us]"),
    })


@given(deal_frames())
def test_quick_test_of_deals_agrees_with_pandera(frame):
    pandera_fails = _failure_cases(table_schema("deals"), frame.copy()) is not None
    assert may_fail(frame, "deals") == pandera_fails


@given(st.sampled_from(sorted(set(RULES) - {"deals"})), st.lists(NUMBERS, min_size=1, max_size=10))
def test_quick_test_of_other_tables_agrees_with_pandera(table, values):
    columns = sorted({rule.column for rule in RULES[table]})
    frame = pd.DataFrame({column: pd.Series(np.roll(values, shift), dtype="float64")
                          for shift, column in enumerate(columns)})
    pandera_fails = _failure_cases(table_schema(table), frame.copy()) is not None
    assert may_fail(frame, table) == pandera_fails


def test_missing_values_pass_the_quick_test_as_they_pass_pandera():
    """A deal with nothing filled in breaks no rule (found by the property test above, once)."""
    frame = pd.DataFrame({"status": pd.Series([None, "won"], dtype=STR), "amount": [np.nan, 5.0],
                          "close_date": pd.Series([pd.NaT, pd.NaT], dtype="datetime64[us]"),
                          "created_date": pd.Series([pd.NaT, pd.Timestamp("2024-01-01")], dtype="datetime64[us]")})
    assert not may_fail(frame, "deals")
    assert _failure_cases(table_schema("deals"), frame.copy()) is None


def test_a_column_of_the_wrong_type_goes_to_pandera():
    frame = pd.DataFrame({"amount": pd.Series(["12"], dtype=STR)})
    assert may_fail(frame, "deals")
    assert _failure_cases(table_schema("deals"), frame) is not None


def test_clean_deals_load_without_importing_pandera(tmp_path):
    clean = tmp_path / "deals.csv"
    clean.write_text("Stage,Amount,Created Date,Close Date\nClosed Won,100,2024-01-02,2024-02-01\n"
                     "Prospecting,50,2024-01-05,2024-03-01\n")
    dirty = tmp_path / "dirty.csv"
    dirty.write_text("Stage,Amount,Created Date,Close Date\nClosed Won,-100,2024-01-02,2024-02-01\n")
    script = ("import sys; from pathlib import Path; from crmreport.loaders import load_dataset, LoadOptions; "
              "d = load_dataset([Path(sys.argv[1])], LoadOptions()); "
              "print('pandera' in sys.modules, len(d.warnings))")
    run = [subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True)
           for path in (clean, dirty)]
    assert run[0].stdout.split() == ["False", "0"]
    assert run[1].stdout.split() == ["True", "1"]
