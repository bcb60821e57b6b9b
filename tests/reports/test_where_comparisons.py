"""``--where`` on numbers and dates: ``amount=1000`` compared the text "1000.0" with "1000" and kept nothing, without a
word; ``amount>=10000`` and ``close_date<2017-07-01`` were refused. Numbers now compare as numbers, written as
amounts are (``$10,000``, ``10k``), a probability as a percentage or a fraction; dates by day; and a condition that
keeps no row of a table says so. The expected figures come from a loop over Maven's CSV."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from helpers import EXAMPLES, MAVEN, assert_refused, cli, report_json, write_csv

PIPELINE = MAVEN / "sales_pipeline.csv"


def _maven_won(keep) -> tuple[int, int]:
    """Won deals of Maven's pipeline that ``keep`` accepts (close value, close day): their count and value."""
    with PIPELINE.open(newline="", encoding="utf-8") as handle:
        won = [row for row in csv.DictReader(handle) if row["deal_stage"] == "Won"]
    kept = [int(row["close_value"]) for row in won
            if keep(int(row["close_value"]), dt.datetime.strptime(row["close_date"], "%m/%d/%Y").date())]
    return len(kept), sum(kept)


@pytest.mark.parametrize("conditions, keep", [
    (["amount>=5000"], lambda value, day: value >= 5000),
    (["amount>$5,000"], lambda value, day: value > 5000),
    (["amount<1k"], lambda value, day: value < 1000),
    (["amount=4514"], lambda value, day: value == 4514),
    (["amount!=4514"], lambda value, day: value != 4514),
    (["close_date>=2017-06-01", "close_date<2017-07-01"], lambda value, day: dt.date(2017, 6, 1) <= day
     < dt.date(2017, 7, 1)),
    (["close_date=2017-03-01,2017-03-11"], lambda value, day: day in (dt.date(2017, 3, 1), dt.date(2017, 3, 11))),
    (["close_date<=2017-03-31", "amount>=1000"], lambda value, day: day <= dt.date(2017, 3, 31) and value >= 1000),
])
def test_numbers_and_dates_compare_as_such(conditions, keep):
    args = [part for condition in conditions for part in ("--where", condition)]
    kpis = report_json("performance", "--from", PIPELINE, *args)["kpis"]
    count, value = _maven_won(keep)
    assert count > 0
    assert (kpis["won_count"], kpis["won_amount"]) == (count, value)


DEALS = [["A", "Ann", "Negotiation", "1000", "60", "2026-12-20"], ["B", "Bob", "Proposal", "3000", "25", "2026-12-21"],
         ["C", "Bob", "Negotiation", "2500", "75", "2026-12-22"]]
HEADER = ["Deal Name", "Owner", "Stage", "Amount", "Probability (%)", "Close Date"]


@pytest.mark.parametrize("condition, kept", [("probability=60", "A"), ("probability>=60", "AC"),
                                             ("probability>=0.6", "AC"), ("probability<60%", "B"),
                                             ("amount=1000", "A"), ("amount=1,000", "A")])
def test_a_probability_as_a_percentage_or_a_fraction(tmp_path, condition, kept):
    path = write_csv(tmp_path / "deals.csv", HEADER, DEALS)
    kpis = report_json("pipeline", "--from", path, "--where", condition)["kpis"]
    rows = [row for row in DEALS if row[0] in kept]
    assert kpis["open_count"] == len(rows)
    assert kpis["open_amount"] == sum(float(row[3]) for row in rows)


def test_amounts_in_several_currencies_are_compared_within_one(tmp_path):
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date"],
                     [["A", "Ann", "Closed Won", "€1,200", "2024-03-01"],
                      ["B", "Bob", "Closed Won", "$900", "2024-03-02"],
                      ["C", "Bob", "Closed Won", "€800", "2024-03-03"]])
    assert_refused(tmp_path, "performance", "--from", path, "--where", "amount>1000",
                   message="--where 'amount>1000': the amounts are in several currencies (EUR, USD); compare within "
                           "one, e.g. with --where currency=EUR")
    for order in (["currency=EUR", "amount>1000"], ["amount>1000", "currency=EUR"]):  # either order
        kpis = report_json("performance", "--from", path, *[p for c in order for p in ("--where", c)])["kpis"]
        assert (kpis["won_count"], kpis["won_amount"], kpis["currency"]) == (1, 1200, "EUR")


def test_a_condition_that_keeps_nothing_says_so(tmp_path):
    path = write_csv(tmp_path / "deals.csv", HEADER, DEALS)
    doc = report_json("pipeline", "--from", path, "--where", "owner=Zed")
    assert doc["kpis"]["open_count"] == 0
    assert "--where 'owner=Zed' keeps none of the 3 rows of deals" in doc["warnings"]
    chinese = cli("pipeline", "--from", path, "--where", "owner=Zed", "--lang", "zh").stdout
    assert "--where 'owner=Zed' 未保留商机表 3 行中的任何一行" in " ".join(chinese.split())


@pytest.mark.parametrize("condition, message", [
    ("owner>A", "--where 'owner>A': > compares numbers and dates; owner holds text"),
    ("close_date<2024-13-01", "--where 'close_date<2024-13-01': '2024-13-01' is no date; write it as YYYY-MM-DD"),
    ("amount>=lots", "--where 'amount>=lots': 'lots' is no number"),
    ("close_date>2024-01-01,2024-02-01", "--where 'close_date>2024-01-01,2024-02-01': > takes one value"),
    ("amount=>5", "--where 'amount=>5': '>5' is no number"),
])
def test_a_comparison_that_cannot_be_made_is_refused(tmp_path, condition, message):
    path = write_csv(tmp_path / "deals.csv", HEADER, DEALS)
    assert_refused(tmp_path, "pipeline", "--from", path, "--where", condition, message=message)


def test_a_column_no_canonical_one_took_compares_as_numbers_when_it_holds_them(tmp_path):
    rows = [["A", "Ann", "Closed Won", "100", "2024-03-01", "5"],
            ["B", "Bob", "Closed Won", "200", "2024-03-02", "1,200"],
            ["C", "Bob", "Closed Won", "50", "2024-03-03", ""], ["D", "Cy", "Closed Won", "70", "2024-03-04", "10"]]
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Close Date", "Seats"], rows)
    for condition, keep in (("seats>=10", lambda seats: seats >= 10), ("seats<10", lambda seats: seats < 10)):
        kept = [row for row in rows if row[5] and keep(float(row[5].replace(",", "")))]
        kpis = report_json("performance", "--from", path, "--where", condition)["kpis"]
        assert (kpis["won_count"], kpis["won_amount"]) == (len(kept), sum(float(row[3]) for row in kept))
    assert_refused(tmp_path, "performance", "--from", path, "--where", "deal_name>B",
                   message="--where 'deal_name>B': > compares numbers and dates; deal_name holds text")


@pytest.mark.parametrize("condition", ["converted=true", "converted=yes", "converted=1", "converted!=no",
                                       "Converted=是"])
def test_a_yes_no_column_by_any_yes_or_no(condition):
    """``converted=yes`` kept no lead (the flags compared as the text True/False), and ``converted!=no`` kept all."""
    with (EXAMPLES / "leads.csv").open(newline="", encoding="utf-8") as handle:
        converted = [row for row in csv.DictReader(handle) if row["Converted"] == "TRUE"]
    kpis = report_json("conversion", "--from", EXAMPLES / "leads.csv", "--where", condition)["kpis"]
    assert (kpis["leads"], kpis["converted"]) == (len(converted), len(converted)) and len(converted) > 0


@pytest.mark.parametrize("condition, message", [
    ("converted=maybe", "--where 'converted=maybe': 'maybe' is no yes or no"),
    ("converted>1", "--where 'converted>1': > compares numbers and dates; converted holds yes or no"),
])
def test_a_yes_no_column_refuses_what_is_no_yes_or_no(tmp_path, condition, message):
    assert_refused(tmp_path, "conversion", "--from", EXAMPLES / "leads.csv", "--where", condition, message=message)
