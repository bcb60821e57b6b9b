"""Dates with the month named in French, German, Spanish, Portuguese, Italian, Dutch and eleven more languages, as a
spreadsheet with a long date format writes them ("5 mars 2024", "Dienstag, 5. März 2024", "5 марта 2024 г."), and the
long dates of Chinese, Japanese and Korean spreadsheets (a weekday after the date, 오후 before the time): every such
date was unreadable, the deals without dates. The cycle is worked out with datetime."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest

from tests.helpers import report_json, write_csv

HEADER = ["Deal", "Owner", "Stage", "Amount", "Created", "Closed"]
ROWS = [  # deal, owner, stage, amount, created, closed (written), closed (the day)
    ("A", "Ann", "Won", "1000", "1er février 2024", "5 mars 2024", dt.date(2024, 2, 1), dt.date(2024, 3, 5)),
    ("B", "Ann", "Won", "2000", "Montag, 15. Januar 2024", "Dienstag, 5. März 2024", dt.date(2024, 1, 15),
     dt.date(2024, 3, 5)),
    ("C", "Bob", "Won", "1500", "2 de enero de 2024", "1 de abril de 2024", dt.date(2024, 1, 2), dt.date(2024, 4, 1)),
    ("D", "Bob", "Won", "700", "10 de março de 2024", "20 de maio de 2024", dt.date(2024, 3, 10),
     dt.date(2024, 5, 20)),
    ("E", "Cy", "Won", "300", "05-mrt-2024", "12-jun-2024", dt.date(2024, 3, 5), dt.date(2024, 6, 12)),
    ("F", "Cy", "Won", "400", "martedì 5 marzo 2024", "3 luglio 2024", dt.date(2024, 3, 5), dt.date(2024, 7, 3)),
]


def _read_as_dated(tmp_path, rows, since: dt.date, until: dt.date) -> float:
    """The deals' cycle as datetime counts it, with no warning about dates; returns the won amount closed from
    ``since`` to ``until``, which the caller checks against its own sum."""
    path = write_csv(tmp_path / "deals.csv", HEADER, [list(row[:6]) for row in rows])
    cycle = report_json("cycle", "--from", path)
    days = [(closed - created).days for *_rest, created, closed in rows]
    assert cycle["kpis"]["avg_cycle_days"] == pytest.approx(statistics.mean(days), abs=1e-9)
    assert cycle["kpis"]["median_cycle_days"] == statistics.median(days)
    assert not any("date" in warning for warning in cycle["warnings"])
    window = report_json("performance", "--from", path, "--since", since.isoformat(), "--until", until.isoformat())
    return window["kpis"]["won_amount"]


def test_deals_dated_in_six_languages(tmp_path):
    won_in_march = _read_as_dated(tmp_path, ROWS, dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert won_in_march == sum(float(row[3]) for row in ROWS if row[7].month == 3) == 3000


def test_a_word_that_names_no_month_is_still_unreadable(tmp_path):
    rows = [list(ROWS[0][:6]), ["G", "Ann", "Won", "10", "5 mars 2024", "31 foo 2024"]]
    doc = report_json("cycle", "--from", write_csv(tmp_path / "deals.csv", HEADER, rows))
    assert any("could not be read as a date, e.g. '31 foo 2024'" in warning for warning in doc["warnings"])


MORE_ROWS = [  # as ROWS: Nordic, Slavic, Turkish, Romanian and Indonesian long dates; Chinese, Japanese, Korean ones
    ("H", "Ann", "Won", "100", "tisdag 5 mars 2024", "2 april 2024", dt.date(2024, 3, 5), dt.date(2024, 4, 2)),
    ("I", "Ann", "Won", "200", "5 marca 2024 r.", "wtorek, 9 kwietnia 2024", dt.date(2024, 3, 5), dt.date(2024, 4, 9)),
    ("J", "Bob", "Won", "300", "5 марта 2024 г.", "16 апреля 2024 г.", dt.date(2024, 3, 5), dt.date(2024, 4, 16)),
    ("K", "Bob", "Won", "400", "5 Mart 2024 Salı", "5. 4. 2024", dt.date(2024, 3, 5), dt.date(2024, 4, 5)),
    ("L", "Cy", "Won", "500", "2024年3月5日 星期二", "2024/04/10 (水) 午後2:30", dt.date(2024, 3, 5),
     dt.date(2024, 4, 10)),
    ("M", "Cy", "Won", "600", "2024. 3. 5.", "2024년 4월 20일 토요일", dt.date(2024, 3, 5), dt.date(2024, 4, 20)),
]


def test_more_languages_and_east_asian_long_dates(tmp_path):
    since, until = dt.date(2024, 4, 1), dt.date(2024, 4, 10)
    won_early_april = _read_as_dated(tmp_path, MORE_ROWS, since, until)
    assert won_early_april == sum(float(row[3]) for row in MORE_ROWS if since <= row[7] <= until) == 1200
