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


def test_deals_dated_in_six_languages(tmp_path):
    path = write_csv(tmp_path / "deals.csv", HEADER, [list(row[:6]) for row in ROWS])
    cycle = report_json("cycle", "--from", path)
    days = [(closed - created).days for *_rest, created, closed in ROWS]
    assert cycle["kpis"]["avg_cycle_days"] == pytest.approx(statistics.mean(days), abs=1e-9)
    assert cycle["kpis"]["median_cycle_days"] == statistics.median(days)
    assert not any("date" in warning for warning in cycle["warnings"])
    march = report_json("performance", "--from", path, "--since", "2024-03-01", "--until", "2024-03-31")
    assert march["kpis"]["won_amount"] == sum(float(row[3]) for row in ROWS if row[7].month == 3) == 3000


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
    path = write_csv(tmp_path / "deals.csv", HEADER, [list(row[:6]) for row in MORE_ROWS])
    cycle = report_json("cycle", "--from", path)
    days = [(closed - created).days for *_rest, created, closed in MORE_ROWS]
    assert cycle["kpis"]["avg_cycle_days"] == pytest.approx(statistics.mean(days), abs=1e-9)
    assert cycle["kpis"]["median_cycle_days"] == statistics.median(days)
    assert not any("date" in warning for warning in cycle["warnings"])
    early_april = report_json("performance", "--from", path, "--since", "2024-04-01", "--until", "2024-04-10")
    assert early_april["kpis"]["won_amount"] == sum(float(row[3]) for row in MORE_ROWS
                                                    if dt.date(2024, 4, 1) <= row[7] <= dt.date(2024, 4, 10)) == 1200
