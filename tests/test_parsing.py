"""Value parsers against values worked out by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from crmreport.parsing import parse_bool, parse_dates, parse_money, parse_percent, placeholder_dates


@pytest.mark.parametrize("text, amount, currency", [
    ("$1,200.50", 1200.50, "USD"),
    ("USD 1,200.50", 1200.50, "USD"),
    ("EUR 1.5", 1.5, "EUR"),
    ("(300)", -300.0, None),
    ("-$5.25", -5.25, "USD"),
    ("$-5.25", -5.25, "USD"),
    ("¥12,000", 12000.0, "CNY"),
    ("12,000元", 12000.0, "CNY"),
    ("$342.09K", 342090.0, "USD"),
    ("12万", 120000.0, None),
    ("1 200", 1200.0, None),
    ("1200", 1200.0, None),
    ("￥１，２００．５０", 1200.5, "CNY"),  # full-width digits and punctuation
    ("（３００）", -300.0, None),
])
def test_money_formats(text, amount, currency):
    values, currencies, failed = parse_money(pd.Series([text]))
    assert values.iloc[0] == pytest.approx(amount)
    assert (None if pd.isna(currencies.iloc[0]) else currencies.iloc[0]) == currency
    assert not failed.iloc[0]


def test_money_decimal_comma_is_decided_per_column():
    values, currencies, failed = parse_money(pd.Series(["1.200,50 €", "12,5", "3.000.000,00", "7"]))
    assert values.tolist() == [1200.50, 12.5, 3000000.0, 7.0]
    assert currencies.iloc[0] == "EUR"
    values, _, _ = parse_money(pd.Series(["12,000", "1,234.56"]))
    assert values.tolist() == [12000.0, 1234.56]


def test_plain_money_read_row_by_row():
    """A column of mostly plain cells (read in place, not by distinct values) with a few others."""
    values, currencies, failed = parse_money(pd.Series(
        ["USD 1200.50", "$80", "80", "$1,234.5", "RMB 12", "EUR1,000,000", "n/a", " 7 ", None, "1.200,5 €"]))
    assert values.tolist()[:6] == [1200.50, 80.0, 80.0, 1234.5, 12.0, 1000000.0]
    # the column writes decimal points: "1.200,5" cannot be read its way (it was misread as 1.2005), so it is flagged
    assert values.iloc[7] == 7.0 and np.isnan(values.iloc[9])
    assert currencies.fillna("-").tolist() == ["USD", "USD", "-", "USD", "CNY", "EUR", "-", "-", "-", "EUR"]
    assert failed.tolist() == [False] * 6 + [True] + [False] * 2 + [True]


def test_plain_cells_count_for_the_column_decimal_separator():
    """The other cells alone would read ',' as decimal; the plain cells' decimal points outvote them, or not. Outvoted,
    "12,5" is unreadable the column's way and flagged (it was misread as 125)."""
    outvoted, _, failed = parse_money(pd.Series(["1.50", "2.25", "3.75", "12,5"]))
    assert outvoted.tolist()[:3] == [1.5, 2.25, 3.75] and np.isnan(outvoted.iloc[3])
    assert failed.tolist() == [False, False, False, True]
    decided, _, _ = parse_money(pd.Series(["7", "8", "9", "1.200,50 €", "12,5"]))
    assert decided.tolist() == [7.0, 8.0, 9.0, 1200.5, 12.5]


def test_values_differing_only_in_spaces_count_once_for_the_decimal_separator():
    """One value with a decimal comma (written twice, once with a space) against one with a decimal point: no
    majority for the comma, so ',' groups thousands — and "1,50" is no grouping of thousands: flagged, not 150."""
    values, _, failed = parse_money(pd.Series(["1,50", " 1,50", "1.25"]))
    assert np.isnan(values.iloc[0]) and np.isnan(values.iloc[1]) and values.iloc[2] == 1.25
    assert failed.tolist() == [True, True, False]


@pytest.mark.parametrize("column, expected", [
    (["1,200.50", "1.200,50"], [1200.5, None]),  # the first decides: decimal points
    (["1.200,50", "1.300,25", "1,5"], [1200.5, 1300.25, 1.5]),  # decimal commas
    (["12,50", "3,25", "1.23"], [12.5, 3.25, None]),  # "1.23": no thousands grouping of a decimal-comma column
    (["1,234,567.5", "12,3456"], [1234567.5, None]),  # thousands go by threes (or in lakhs: 1,23,456)
])
def test_a_number_the_column_cannot_read_its_way_is_flagged_not_misread(column, expected):
    values, _, failed = parse_money(pd.Series(column))
    assert [None if np.isnan(v) else v for v in values] == expected
    assert failed.tolist() == [v is None for v in expected]


def test_money_failures_are_flagged_and_blanks_are_not():
    values, _, failed = parse_money(pd.Series(["abc", "", None, "(12", "1,200.00"]))
    assert failed.tolist() == [True, False, False, True, False]
    assert values.isna().tolist() == [True, True, True, True, False]


def test_percent_scales():
    values, failed = parse_percent(pd.Series(["75%", "50", "0", None, "x", "６０％"]))
    assert values.tolist()[:3] == [0.75, 0.5, 0.0] and values.iloc[5] == 0.6
    assert failed.tolist() == [False, False, False, False, True, False]
    fractions, _ = parse_percent(pd.Series(["0.5", "0.1"]))
    assert fractions.tolist() == [0.5, 0.1]
    forced, _ = parse_percent(pd.Series(["0.5", "1"]), scale=100)
    assert forced.tolist() == [0.005, 0.01]


@pytest.mark.parametrize("text, expected", [
    ("2024-03-05", dt.datetime(2024, 3, 5)),
    ("2024/3/5", dt.datetime(2024, 3, 5)),
    ("2024-01-22T16:14:25.000+0000", dt.datetime(2024, 1, 22, 16, 14, 25)),
    ("2024-01-22T16:14:25Z", dt.datetime(2024, 1, 22, 16, 14, 25)),
    ("2024-01-22 16:14:25+08:00", dt.datetime(2024, 1, 22, 16, 14, 25)),
    ("2024年3月5日", dt.datetime(2024, 3, 5)),
    ("15 Apr, 2021 00:02:00", dt.datetime(2021, 4, 15, 0, 2)),
    ("02/23/26 08:55 PM", dt.datetime(2026, 2, 23, 20, 55)),
    ("12/01/24 12:10 AM", dt.datetime(2024, 12, 1, 0, 10)),
    ("Mar 5, 2024", dt.datetime(2024, 3, 5)),
    ("20240305", dt.datetime(2024, 3, 5)),
    ("45356", dt.datetime(2024, 3, 5)),  # Excel serial: 1899-12-30 + 45356 days
    ("05.03.2024", dt.datetime(2024, 3, 5)),  # dots: day first
    ("２０２４－０３－０５", dt.datetime(2024, 3, 5)),  # full-width digits and separators, as typed with a Chinese IME
    ("２０２４年３月５日", dt.datetime(2024, 3, 5)),
    ("１２／０５／２０２４\u3000２０:１５", dt.datetime(2024, 12, 5, 20, 15)),  # an ideographic space before the time
])
def test_date_formats(text, expected):
    values, failed = parse_dates(pd.Series([text]))
    assert values.iloc[0] == pd.Timestamp(expected)
    assert not failed.iloc[0]


def test_day_month_order_is_decided_per_column():
    us, _ = parse_dates(pd.Series(["3/4/2024", "12/31/2024"]))
    assert us.tolist() == [pd.Timestamp(2024, 3, 4), pd.Timestamp(2024, 12, 31)]
    european, _ = parse_dates(pd.Series(["3/4/2024", "31/12/2024"]))
    assert european.tolist() == [pd.Timestamp(2024, 4, 3), pd.Timestamp(2024, 12, 31)]
    forced, _ = parse_dates(pd.Series(["3/4/2024"]), dayfirst=True)
    assert forced.iloc[0] == pd.Timestamp(2024, 4, 3)


def test_placeholder_dates_by_their_bounds():
    """Placeholders for "no date": before 1900-01-02 (Excel's first day and day 0, 0001-01-01), Unix's day 0 at any
    time, from 9000-01-01 on. The days either side of each bound are real dates; a missing date is not one."""
    text = ["9999-12-31", "9000-01-01", "8999-12-31", "0001-01-01", "1899-12-30", "1900-01-01 12:00", "1900-01-02",
            "1969-12-31 23:59", "1970-01-01", "1970-01-01 23:59", "1970-01-02", "2024-03-05", ""]
    dates, failed = parse_dates(pd.Series(text))
    assert not failed.any()
    assert dict(zip(text, placeholder_dates(dates))) == {
        "9999-12-31": True, "9000-01-01": True, "8999-12-31": False, "0001-01-01": True, "1899-12-30": True,
        "1900-01-01 12:00": True, "1900-01-02": False, "1969-12-31 23:59": False, "1970-01-01": True,
        "1970-01-01 23:59": True, "1970-01-02": False, "2024-03-05": False, "": False}


def test_unreadable_dates_are_flagged():
    values, failed = parse_dates(pd.Series(["not a date", "2024-13-45", "", None]))
    assert failed.tolist() == [True, True, False, False]
    assert values.isna().all()


def test_booleans():
    values, failed = parse_bool(pd.Series(["TRUE", "false", "1", "", "是", "maybe"]))
    assert values.tolist()[:3] == [True, False, True]
    assert pd.isna(values.iloc[3]) and values.iloc[4]
    assert failed.tolist() == [False, False, False, False, False, True]


def test_parsers_keep_the_index_of_the_input():
    series = pd.Series(["$1", "$2", "$1"], index=[10, 20, 30])
    values, _, _ = parse_money(series)
    assert values.to_dict() == {10: 1.0, 20: 2.0, 30: 1.0}


def _without_fast_path(pattern_name: str, parse, values: pd.Series):
    """``parse(values)`` with the fast path's pattern set to match no cell (hypothesis tests cannot take the
    monkeypatch fixture, hence by hand)."""
    from crmreport import parsing

    original = getattr(parsing, pattern_name)
    setattr(parsing, pattern_name, "^$")
    try:
        return parse(values)
    finally:
        setattr(parsing, pattern_name, original)


PLAIN_LOOKING = st.builds(
    "".join, st.tuples(st.sampled_from(["", "USD", "RMB", "EUR", "$", "US$", "£", "-"]), st.sampled_from(["", " "]),
                       st.sampled_from(["", "-"]), st.from_regex(r"\d{1,7}", fullmatch=True),
                       st.sampled_from(["", ".5", ".00", ".125", ",5", ",000", ".200", "e3"]),
                       st.sampled_from(["", " "]),
                       st.sampled_from(["", "USD", "CNY", "EUR", "€", "K", "x"])))


@given(st.lists(PLAIN_LOOKING, min_size=1, max_size=30))
def test_the_fast_pattern_for_plain_money_reads_as_the_full_one(cells):
    """Cells the plain-money pattern takes give the amount, currency and failure the full pattern gives."""
    from crmreport.parsing import _money_by_distinct

    values = pd.Series(cells, dtype="str")
    full = _without_fast_path("_PLAIN_MONEY_RE", _money_by_distinct, values)  # everything through _MONEY_RE
    for got, expected in zip(_money_by_distinct(values), full):
        pd.testing.assert_series_equal(got, expected)


MONEY_CELLS = st.one_of(
    PLAIN_LOOKING, st.none(), st.sampled_from(["", " ", "n/a", "1.200,50 €", "12,5", "(300)", "$342.09K", " 7 "]),
    st.builds("{}{:,}{}".format, st.sampled_from(["", "$", "USD ", "GBP"]), st.integers(0, 10**9),
              st.sampled_from(["", ".5", ".05", ".125"])))


@given(st.lists(MONEY_CELLS, min_size=1, max_size=40))
@example([None, "0"])  # a missing cell among plain ones
@example([" ", "1", "2"])  # a blank one
@example(["1", "2", "3", "1,50", " 1,50"])  # the rest votes for a decimal comma: read as a whole
def test_money_read_row_by_row_as_by_distinct_values(cells):
    """Reading plain cells in place gives what parsing every distinct value gives (decimal separator included)."""
    from crmreport.parsing import _money_by_distinct

    values = pd.Series(cells, dtype="str")
    for got, expected in zip(parse_money(values), _money_by_distinct(values)):
        pd.testing.assert_series_equal(got, expected)


@given(st.lists(st.one_of(st.none(), st.text()), max_size=30), st.integers(0, 5), st.booleans())
def test_ascii_digits_keeps_what_a_regex_keeps(cells, start, large):
    """Digits taken from the UTF-8 bytes equal Python's ``re.sub("[^0-9]", "", cell)``, on sliced arrays too."""
    import re

    import pyarrow as pa

    from crmreport.parsing import ascii_digits

    array = pa.array(cells, pa.large_string() if large else pa.string()).slice(min(start, len(cells)))
    digits = ascii_digits(array)
    digits.validate(full=True)
    assert digits.to_pylist() == [None if cell is None else re.sub("[^0-9]", "", cell) for cell in array.to_pylist()]


EDGE_TEXT = st.lists(st.one_of(st.none(), st.text(alphabet="a张é😀 \t\n\u00a0\u3000\u2003\u0085\u1680", max_size=6)),
                     max_size=12)


@given(EDGE_TEXT, EDGE_TEXT, st.integers(0, 4))
def test_clean_text_strips_as_python_does_on_chunked_sliced_columns(first, second, start):
    """Whatever the byte check lets through unchanged, the result equals Python's strip() per value."""
    import pyarrow as pa

    from crmreport.parsing import clean_text, from_arrow

    chunks = pa.chunked_array([pa.array(first, pa.large_string()).slice(min(start, len(first))),
                               pa.array(second, pa.large_string())])
    column = from_arrow(chunks, pd.RangeIndex(len(chunks)))
    expected = [None if value is None or not value.strip() else value.strip() for value in chunks.to_pylist()]
    assert [None if pd.isna(value) else value for value in clean_text(column)] == expected


PLAIN_ISO_LOOKING = st.builds(
    "{:04d}-{:02d}-{:02d}{}".format, st.integers(1, 9999), st.integers(0, 13), st.integers(0, 32),
    st.one_of(st.just(""), st.builds("{}{:02d}:{:02d}{}{}".format, st.sampled_from(["T", " "]),
                                     st.integers(0, 25), st.integers(0, 61),
                                     st.sampled_from(["", ":00", ":59", ":61", ":05.5", ":05.123456789"]),
                                     st.sampled_from(["", "Z"]))))


@given(st.lists(PLAIN_ISO_LOOKING, min_size=1, max_size=30))
def test_the_fast_path_for_plain_iso_dates_reads_as_the_general_one(cells):
    """Columns whose every value is a plain ISO date (or date and time) are read in one call: same dates, same failures."""
    values = pd.Series(cells, dtype="str")
    general = _without_fast_path("_PLAIN_ISO_RE", parse_dates, values)
    for got, expected in zip(parse_dates(values), general):
        pd.testing.assert_series_equal(got, expected)


@given(st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "A", "b ", "", "张"])), max_size=40),
       st.lists(st.one_of(st.none(), st.sampled_from(["a", "c", "张"])), max_size=10))
def test_value_codes_number_values_by_first_appearance_and_first_appearances_mark_them(first, second):
    """Checked against a plain loop over the cells, on a column of two Arrow chunks."""
    import pyarrow as pa

    from crmreport.parsing import first_appearances, from_arrow, value_codes

    column = from_arrow(pa.chunked_array([pa.array(first, pa.large_string()), pa.array(second, pa.large_string())]),
                        pd.RangeIndex(len(first) + len(second)))
    numbering, expected_codes, expected_first = {}, [], []
    for cell in first + second:
        expected_first.append(cell not in numbering)
        expected_codes.append(numbering.setdefault(cell, len(numbering)))
    codes = value_codes(column)
    assert codes.tolist() == expected_codes
    assert first_appearances(codes).tolist() == expected_first


DAY_TEXTS = st.one_of(
    st.builds("{}/{}/{}".format, st.integers(0, 32), st.integers(0, 32), st.sampled_from(["2024", "24", "1999"])),
    st.builds("{:02d}.{:02d}.2024".format, st.integers(0, 32), st.integers(0, 13)),
    st.builds("2024-{:02d}-{:02d}".format, st.integers(0, 13), st.integers(0, 32)),
    st.builds("2024年{}月{}日".format, st.integers(1, 12), st.integers(1, 31)),
    st.sampled_from(["05-Mar-24", "5-mrt-2024", "20240305", "45356", "45356.5", "1709596800", "2024/3/5,", "foo",
                     "2024.", "Mar"]))
TIME_TEXTS = st.one_of(
    st.builds("{}:{:02d}".format, st.integers(0, 25), st.integers(0, 61)),
    st.builds("{}:{:02d}:{:02d}{}".format, st.integers(0, 24), st.integers(0, 60), st.integers(0, 61),
              st.sampled_from(["", ".5", ".1234567", "Z", ".000Z", "+08:00", " PST",
                               " GMT+0800 (China Standard Time)"])),
    st.builds("{}:{:02d} {}".format, st.integers(0, 13), st.integers(0, 59), st.sampled_from(["AM", "PM", "p.m."])),
    st.builds("{}{}:{:02d}".format, st.sampled_from(["下午 ", "上午", "(火) 午後", "오후 "]), st.integers(0, 13),
              st.integers(0, 59)),
    st.sampled_from(["", "mars 2024", "14:30 14:30", "2024"]))
DATE_TIME_TEXTS = st.builds("{}{}{}".format, DAY_TEXTS, st.sampled_from([" ", "T", "  "]), TIME_TEXTS)


@given(st.lists(DATE_TIME_TEXTS, min_size=1, max_size=40), st.sampled_from([None, True, False]))
@example(["05.03.2024 10:00", "05.03.2024 11:00", "05.03.2024 12:00", "3/6/2024 10:00", "3/7/2024 10:00"], None)
def test_days_and_times_read_apart_as_whole(texts, dayfirst):
    """Many distinct date-times are read as their days and their times of day apart: the same dates and failures as
    reading each value whole, the day/month order included (above: dots on three values of one day outvote slashes on
    two days, as they do read whole)."""
    from crmreport.parsing import _days_and_times_apart, _parse_whole_dates

    values = pd.Series(list(dict.fromkeys(text.strip() for text in texts)), dtype="str")  # as columns hand them over
    apart = _days_and_times_apart(values, dayfirst)
    if apart is not None:  # most values split into a day and the rest
        pd.testing.assert_frame_equal(apart, _parse_whole_dates(values, dayfirst))
