"""Amounts written with local currency signs and words (1,000円, NT$2,500, 100만원, 5,000美元, 1 200,50 kr),
through the CLI. They were unreadable (the deals counted without an amount), or NT$ stood as a currency of its own
that no rates file could name. The crowns' kr (Sweden, Norway, Denmark) is read but not guessed at."""

from __future__ import annotations

import pytest

from tests.helpers import assert_refused, report_json, write_csv

HEADER = ["Deal", "Owner", "Stage", "Amount"]


def _deals(tmp_path, amounts: list[str], header: list[str] = HEADER, extra: list[str] | None = None):
    """A won deal per amount, and one lost deal of the first amount."""
    rows = [[f"D{n}", "Ann", "Closed Won", amount, *(extra or [])] for n, amount in enumerate(amounts)]
    rows.append(["L", "Ann", "Closed Lost", amounts[0], *(extra or [])])
    return write_csv(tmp_path / "deals.csv", header, rows)


def _unreadable(doc: dict) -> list[str]:
    return [warning for warning in doc["warnings"] if "could not be read" in warning]


@pytest.mark.parametrize("amounts, currency, won", [
    (["1,000円", "JP¥2,500", "１２，０００円"], "JPY", 1000 + 2500 + 12000),  # yen with its Japanese sign
    (["100만원", "₩2,500,000", "350,000원"], "KRW", 100 * 10_000 + 2_500_000 + 350_000),  # 만: ten thousand
    (["1 200,50 kr", "kr 800", "2.000,00 kr."], "kr", 1200.50 + 800 + 2000),  # crowns, without guessing which
], ids=["yen", "won", "crowns"])
def test_local_signs(tmp_path, amounts, currency, won):
    doc = report_json("performance", "--from", _deals(tmp_path, amounts))
    assert (doc["kpis"]["currency"], doc["kpis"]["won_amount"]) == (currency, won)
    assert not _unreadable(doc)


def test_currency_named_in_chinese_after_the_amount(tmp_path):
    doc = report_json("performance", "--from", _deals(tmp_path, ["5,000美元", "美元 1,200.50", "300 美元"]))
    assert doc["kpis"]["currency"] == "USD"
    assert doc["kpis"]["won_amount"] == 5000 + 1200.50 + 300


def test_new_taiwan_dollars_are_twd_and_a_rates_file_converts_them(tmp_path):
    path = _deals(tmp_path, ["NT$3,200", "$100.00"])
    assert_refused(tmp_path, "performance", "--from", path, message="amounts are in several currencies (TWD, USD)")
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,rate\nUSD,1\nTWD,32\n", encoding="utf-8")
    doc = report_json("performance", "--from", path, "--rates", rates)
    assert doc["kpis"]["currency"] == "USD"
    assert doc["kpis"]["won_amount"] == 3200 / 32 + 100.00


def test_forint_ringgit_rupiah_and_roubles(tmp_path):
    cases = {"HUF": (["12 500 Ft", "1 000 Ft"], 13500), "MYR": (["RM1,250.00", "RM 80"], 1330),
             "IDR": (["Rp 1.500.000", "Rp 250.000"], 1_750_000), "RUB": (["1 200,50 руб.", "300 ₽"], 1500.50)}
    for currency, (amounts, won) in cases.items():
        doc = report_json("performance", "--from", _deals(tmp_path, amounts))
        assert (doc["kpis"]["currency"], doc["kpis"]["won_amount"]) == (currency, won)
        assert not _unreadable(doc), currency


def test_the_header_or_a_currency_column_names_the_crowns(tmp_path):
    by_header = _deals(tmp_path, ["1 200,50 kr", "kr 800"], header=["Deal", "Owner", "Stage", "Amount (SEK)"])
    doc = report_json("performance", "--from", by_header)
    assert (doc["kpis"]["currency"], doc["kpis"]["won_amount"]) == ("SEK", 2000.50)
    by_column = _deals(tmp_path, ["1 200,50 kr", "kr 800"], header=[*HEADER, "Currency"], extra=["NOK"])
    doc = report_json("performance", "--from", by_column)
    assert (doc["kpis"]["currency"], doc["kpis"]["won_amount"]) == ("NOK", 2000.50)


def test_crowns_beside_euros_are_not_added_as_euros(tmp_path):
    path = _deals(tmp_path, ["1 150 kr", "2 500,50 €"])  # the crowns were counted as euros: 3,650.50 EUR
    assert_refused(tmp_path, "performance", "--from", path, message="amounts are in several currencies (EUR, kr)")
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,rate\n€,1\nkr,11.5\n", encoding="utf-8")
    doc = report_json("performance", "--from", path, "--rates", rates)
    assert doc["kpis"]["currency"] == "EUR"
    assert doc["kpis"]["won_amount"] == 1150 / 11.5 + 2500.50
    assert "amounts in kr converted to EUR with the rates of " + str(rates) in doc["warnings"]


def test_scale_words_after_the_number(tmp_path):
    """Hand-kept sheets write large amounts with a word for the scale: German Mio./Mrd./Tsd., English mn, bn, MM,
    million, billion, Italian Mln/Mld, French Md, Russian тыс./млн/млрд. They were unreadable."""
    cases = {"EUR": (["1,5 Mio. €", "2 Mio €", "3 Tsd. €", "1,2 Mrd. €", "2,5 Mln €", "1 Mld €", "3 Md€"],
                     1_500_000 + 2_000_000 + 3_000 + 1_200_000_000 + 2_500_000 + 1_000_000_000 + 3_000_000_000),
             "RUB": (["5 тыс. руб.", "1,5 млн руб.", "2 млрд ₽"], 5_000 + 1_500_000 + 2_000_000_000),
             "USD": (["$1.5 mn", "$2.5bn", "USD 2.5 million", "$3 billion", "$1.5MM", "$2B"],
                     1_500_000 + 2_500_000_000 + 2_500_000 + 3_000_000_000 + 1_500_000 + 2_000_000_000)}
    for currency, (amounts, won) in cases.items():
        doc = report_json("performance", "--from", _deals(tmp_path, amounts))
        assert (doc["kpis"]["currency"], doc["kpis"]["won_amount"]) == (currency, won)
        assert not _unreadable(doc), currency
