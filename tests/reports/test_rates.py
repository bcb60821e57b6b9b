"""--rates rates.csv (SPEC): deals in several currencies added up in one, worked out by hand; and the files refused."""

from __future__ import annotations

import json

import pytest

from helpers import EXAMPLES, assert_refused, cli, report_json, write_csv

RATES = [["USD", "1"], ["EUR", ".9"], ["CNY", "7.2"], ["KRW", "1,350.5"]]  # units of each per US dollar


def _deals(tmp_path):
    # in dollars: won 100 + 100 + 100 (+ 40 with no currency, taken as dollars), lost 50
    return write_csv(tmp_path / "deals.csv", ["Deal ID", "Owner", "Stage", "Amount", "Close Date"],
                     [["1", "Ann", "Closed Won", "USD 100", "2024-03-01"],
                      ["2", "Ann", "Closed Won", "EUR 90", "2024-03-02"],
                      ["3", "Bob", "Closed Won", "CNY 720", "2024-03-03"],
                      ["4", "Bob", "Closed Lost", "EUR 45", "2024-03-04"],
                      ["5", "Bob", "Closed Won", "40", "2024-03-05"]])


def _rates(tmp_path, rows=RATES, header=("Currency", "Rate")):
    return write_csv(tmp_path / "rates.csv", list(header), rows)


def test_amounts_in_three_currencies_are_added_up_in_the_report_currency(tmp_path):
    doc = report_json("performance", "--from", _deals(tmp_path), "--rates", _rates(tmp_path))
    kpis = doc["kpis"]
    assert kpis["currency"] == "USD"
    assert kpis["won_amount"] == pytest.approx(340)
    assert kpis["win_rate_by_value"] == pytest.approx(340 / 390)
    owners = {r["owner"]: r["won_amount"] for r in doc["tables"]["by_owner"]}
    assert owners == pytest.approx({"Ann": 200, "Bob": 140})
    assert any("amounts in CNY, EUR converted to USD" in w for w in doc["warnings"])


def test_one_foreign_currency_is_converted_too(tmp_path):
    deals = write_csv(tmp_path / "deals.csv", ["Deal ID", "Owner", "Stage", "Amount"], [["1", "Ann", "Closed Won",
                                                                                       "EUR 180"]])
    doc = report_json("performance", "--from", deals, "--rates", _rates(tmp_path))
    assert (doc["kpis"]["currency"], doc["kpis"]["won_amount"]) == ("USD", pytest.approx(200))


def test_without_rates_the_refusal_names_the_option(tmp_path):
    assert_refused(tmp_path, "performance", "--from", _deals(tmp_path), message="--rates rates.csv")


def test_a_currency_without_a_rate_is_refused(tmp_path):
    rates = _rates(tmp_path, [["USD", "1"], ["EUR", "0.9"]])
    assert_refused(tmp_path, "funnel", "--from", _deals(tmp_path), "--rates", rates, message="has no rate for CNY")


@pytest.mark.parametrize("rows, header, message", [
    (RATES, ("Code", "Value"), "needs a header with a currency and a rate column"),
    ([["USD", "1"], ["EUR", "abc"]], ("currency", "rate"), "a rate is a positive number"),
    ([["USD", "1"], ["EUR", "0"]], ("currency", "rate"), "a rate is a positive number"),
    ([["USD", "1"], ["EUR", "0,92"]], ("currency", "rate"), "a rate is a positive number with a decimal point"),
    ([["USD", "1"], ["EUR", "1"]], ("currency", "rate"), "exactly one currency must have the rate 1"),
    ([["EUR", "0.9"]], ("currency", "rate"), "exactly one currency must have the rate 1"),
    ([["USD", "1"], ["EUR", "0.9"], ["eur", "0.8"]], ("currency", "rate"), "EUR has two different rates"),
])
def test_bad_rate_files_are_refused(tmp_path, rows, header, message):
    rates = _rates(tmp_path, rows, header)
    assert_refused(tmp_path, "performance", "--from", _deals(tmp_path), "--rates", rates, message=message)


def test_a_missing_rate_file_is_refused(tmp_path):
    assert_refused(tmp_path, "performance", "--from", _deals(tmp_path), "--rates", tmp_path / "nowhere.csv",
                   message="no such file")


def test_the_dashboard_and_a_scheduled_run_take_rates(tmp_path):
    deals, rates = _deals(tmp_path), _rates(tmp_path)
    target = tmp_path / "dash.json"
    assert cli("dashboard", "--from", deals, "--rates", rates, "-o", target).exit_code == 0
    funnel = next(r for r in json.loads(target.read_text(encoding="utf-8"))["dashboard"] if r["report"] == "funnel")
    assert funnel["kpis"]["won_amount"] == pytest.approx(340)
    config = tmp_path / "weekly.toml"
    config.write_text(f'inputs = ["{deals}"]\nrates = "rates.csv"\nformats = ["json"]\nname = "{{report}}"\n'
                      '[[report]]\nname = "performance"\n', encoding="utf-8")
    assert cli("run", config, "-q").exit_code == 0
    doc = json.loads((tmp_path / "reports" / "performance.json").read_text(encoding="utf-8"))
    assert doc["kpis"]["won_amount"] == pytest.approx(340)


def test_the_examples_in_four_currencies_add_up_with_the_bundled_rates():
    """Every deal export of examples/ at once (USD, EUR, CNY) with examples/rates/rates.csv: the won amount is the
    sum over the files of each file's won amount divided by its currency's rate."""
    rates = {row[0]: float(row[1]) for row in (line.split(",") for line in
             (EXAMPLES / "rates" / "rates.csv").read_text(encoding="utf-8").splitlines()[1:])}
    files = ["zoho_deals.csv", "pipedrive_deals.csv", "salesforce_opportunities.csv", "fxiaoke_商机.csv"]
    expected = 0.0
    for name in files:
        one = report_json("performance", "--from", EXAMPLES / name)["kpis"]
        expected += one["won_amount"] / rates[one["currency"]]
    together = report_json("performance", *[arg for name in files for arg in ("--from", EXAMPLES / name)],
                           "--rates", EXAMPLES / "rates" / "rates.csv")
    assert together["kpis"]["won_amount"] == pytest.approx(expected)


def test_the_audit_takes_rates_and_flags_only_the_currencies_without_one(tmp_path):
    deals = _deals(tmp_path)  # USD, EUR, CNY and one amount without a currency
    target = tmp_path / "audit.json"

    def mixed(*extra):
        result = cli("audit", "--from", deals, *extra, "--as-of", "2024-04-01", "-o", target)
        checks = json.loads(target.read_text(encoding="utf-8"))["tables"]["checks"]
        return result.exit_code, [(c["count"], c["problem"]) for c in checks if c["code"] == "CURRENCY_MIXED"]

    assert mixed() == (1, [(4, "amounts in several currencies (CNY, EUR, USD) without exchange rates")])
    assert mixed("--rates", _rates(tmp_path))[1] == []
    partial = write_csv(tmp_path / "partial.csv", ["currency", "rate"], [["USD", "1"], ["EUR", ".9"]])
    assert mixed("--rates", partial) == (1, [(1, f"amounts in CNY, which {partial} gives no rate for")])


def test_a_scheduled_run_with_rates_passes_the_audit_gate(tmp_path):
    """fail_on = "error": several currencies are an error, unless the run's rates convert them."""
    deals, _ = _deals(tmp_path), _rates(tmp_path)
    body = f'inputs = ["{deals}"]\nfail_on = "error"\nformats = ["json"]\nname = "{{report}}"\n' \
           '[[report]]\nname = "performance"\n'
    config = tmp_path / "weekly.toml"
    config.write_text(body, encoding="utf-8")
    assert cli("run", config, "-q").exit_code == 1  # the gate: no report written
    assert not (tmp_path / "reports" / "performance.json").exists()
    config.write_text('rates = "rates.csv"\n' + body, encoding="utf-8")
    assert cli("run", config, "-q").exit_code == 0
    assert json.loads((tmp_path / "reports" / "performance.json").read_text(encoding="utf-8"))["kpis"]["won_amount"] \
        == pytest.approx(340)


def test_orders_and_ledger_lines_in_several_currencies(tmp_path):
    """They were added up as they stood (USD 10 + EUR 20 = 30). Now refused, or converted with --rates; a table that
    is only an extra for the report is left out with the reason. Worked by hand."""
    orders = write_csv(tmp_path / "orders.csv", ["Order ID", "Customer ID", "Order Date", "Amount", "Cost"],
                       [["1", "a", "2024-01-05", "USD 10", "USD 4"], ["2", "b", "2024-01-06", "EUR 18", "EUR 9"]])
    assert_refused(tmp_path, "revenue", "--from", orders, message="several currencies (EUR, USD)")
    revenue = report_json("revenue", "--from", orders, "--rates", _rates(tmp_path))
    assert revenue["kpis"]["revenue"] == pytest.approx(10 + 18 / 0.9)
    margin = report_json("profitability", "--from", orders, "--rates", _rates(tmp_path))["kpis"]
    assert (margin["revenue"], margin["cost"]) == (pytest.approx(30), pytest.approx(4 + 9 / 0.9))
    only_euros = report_json("revenue", "--from", orders, "--where", "currency=EUR")
    assert only_euros["kpis"]["revenue"] == 18
    ledger = write_csv(tmp_path / "ledger.csv", ["Date", "Type", "Category", "Amount"],
                       [["2024-01-05", "revenue", "Sales", "USD 100"], ["2024-01-07", "expense", "Rent", "EUR 45"]])
    assert_refused(tmp_path, "profit", "--from", ledger, message="several currencies (EUR, USD)")
    profit = report_json("profit", "--from", ledger, "--rates", _rates(tmp_path))["kpis"]
    assert (profit["revenue"], profit["expenses"]) == (100, pytest.approx(50))
    single = write_csv(tmp_path / "single.csv", ["Date", "Type", "Category", "Amount"],
                       [["2024-01-05", "revenue", "Sales", "USD 100"]])
    from_ledger = report_json("revenue", "--from", single, "--from", orders)  # the ledger's revenue comes first
    assert from_ledger["kpis"]["revenue"] == 100
    assert not any("orders left out" in w for w in from_ledger["warnings"])  # never looked at: nothing to say
    deals = write_csv(tmp_path / "deals.csv", ["Deal Name", "Stage", "Amount", "Close Date"],
                      [["A", "Won", "USD 70", "2024-01-05"]])
    from_deals = report_json("profitability", "--from", deals, "--from", orders)  # orders first, then won deals
    assert from_deals["kpis"]["revenue"] == 70
    assert any(w.startswith("orders left out: amounts are in several currencies") for w in from_deals["warnings"])


SF_CONVERTED = ["Opportunity Name", "Stage", "Amount Currency", "Amount", "Amount (converted) Currency",
                "Amount (converted)", "Close Date"]
SF_ROWS = [["A", "Closed Won", "EUR", "1,000.00", "USD", "1,100.00", "3/1/2024"],
           ["B", "Closed Won", "USD", "500.00", "USD", "500.00", "3/2/2024"],
           ["C", "Prospecting", "GBP", "200.00", "USD", "250.00", "4/2/2024"],
           ["D", "Closed Lost", "EUR", "300.00", "USD", "330.00", "3/9/2024"]]


def test_a_salesforce_export_with_converted_amounts_is_read_in_its_corporate_currency(tmp_path):
    """A multi-currency org's report export has each deal's Amount in its own currency and "Amount (converted)" in the
    corporate one: those are added up, where the export's figures in three currencies were refused before."""
    path = write_csv(tmp_path / "opportunities.csv", SF_CONVERTED, SF_ROWS)
    funnel = report_json("funnel", "--from", path)
    assert funnel["kpis"]["currency"] == "USD"
    assert funnel["kpis"]["won_amount"] == 1100 + 500
    assert funnel["kpis"]["win_rate_by_value"] == pytest.approx(1600 / (1600 + 330))
    assert "amounts in EUR, GBP, USD: the export's converted amounts (in USD) are used" in funnel["warnings"]
    pipeline = report_json("pipeline", "--from", path)  # reads only some columns: the converted ones too
    assert pipeline["kpis"]["open_amount"] == 250
    audited = cli("audit", "--from", path, "-F", "json")
    assert audited.exit_code == 1  # errors (no owner column), but not the currencies: the converted amounts add up
    assert "CURRENCY_MIXED" not in {row["code"] for row in json.loads(audited.stdout)["tables"]["checks"]}
    # one currency picked with --where: that currency's own amounts
    euros = report_json("funnel", "--from", path, "--where", "currency=EUR")
    assert euros["kpis"]["currency"] == "EUR" and euros["kpis"]["won_amount"] == 1000


def test_converted_amounts_in_several_currencies_are_refused(tmp_path):
    rows = [row[:] for row in SF_ROWS]
    rows[1][4] = "CAD"
    assert_refused(tmp_path, "funnel", "--from", write_csv(tmp_path / "o.csv", SF_CONVERTED, rows),
                   message="so are the export's converted amounts (CAD, USD)")


def test_a_hubspot_export_with_amounts_in_company_currency(tmp_path):
    header = ["Record ID", "Deal Name", "Deal Stage", "Amount", "Currency", "Amount in company currency", "Close Date"]
    rows = [["1", "A", "Closed Won", "1000", "EUR", "1080", "2024-03-01"],
            ["2", "B", "Closed Won", "700", "USD", "700", "2024-03-02"]]
    funnel = report_json("funnel", "--from", write_csv(tmp_path / "hubspot.csv", header, rows))
    assert funnel["kpis"]["won_amount"] == 1780 and "currency" not in funnel["kpis"]
    assert "amounts in EUR, USD: the export's converted amounts (in the company currency) are used" \
        in funnel["warnings"]


def test_a_currency_column_of_symbols_and_lower_case_codes_is_one_currency(tmp_path):
    """'€', 'eur' and 'EUR' in a currency column were three currencies to the report (refused as 'EUR, €')."""
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Stage", "Amount", "Currency", "Close Date"],
                     [["A", "Won", "100", "€", "2024-03-05"], ["B", "Won", "200", " eur ", "2024-03-06"],
                      ["C", "Lost", "50", "EUR", "2024-03-06"], ["D", "Won", "7", "US$", "2024-03-06"],
                      ["E", "Won", "1000", "Rs.", "2024-03-06"], ["F", "Won", "2000", "₹", "2024-03-06"],
                      ["G", "Lost", "3000", "inr", "2024-03-06"], ["H", "Won", "9", "zł", "2024-03-06"]])
    euros = report_json("funnel", "--from", path, "--where", "currency=EUR")
    assert euros["kpis"]["currency"] == "EUR" and euros["kpis"]["won_amount"] == 300 and euros["kpis"]["deals"] == 3
    rupees = report_json("funnel", "--from", path, "--where", "currency=INR")
    assert rupees["kpis"]["won_amount"] == 3000 and rupees["kpis"]["lost_count"] == 1
    assert_refused(tmp_path, "funnel", "--from", path, message="amounts are in several currencies (EUR, INR, PLN, USD)")


@pytest.mark.parametrize("euro, dollar", [("EUR - Euro", "USD - US Dollar"), ("Euro (EUR)", "US Dollar (USD)"),
                                          ("EUR (€)", "USD ($)")])
def test_a_currency_column_that_writes_a_code_beside_its_name(tmp_path, euro, dollar):
    """Currency pickers write a code beside the name or symbol; such a column was read as currencies called
    'EUR - EURO', which no rates file names, and the report was refused."""
    deals = write_csv(tmp_path / "deals.csv", ["Deal ID", "Owner", "Stage", "Amount", "Currency", "Close Date"],
                      [["1", "Ann", "Closed Won", "100", dollar, "2024-03-01"],
                       ["2", "Bob", "Closed Won", "90", euro, "2024-03-02"],
                       ["3", "Bob", "Closed Lost", "45", euro, "2024-03-03"]])
    kpis = report_json("performance", "--from", deals, "--rates", _rates(tmp_path))["kpis"]
    assert (kpis["currency"], kpis["won_amount"]) == ("USD", pytest.approx(100 + 90 / 0.9))
    assert kpis["win_rate_by_value"] == pytest.approx(200 / (200 + 45 / 0.9))


def test_a_rates_file_may_name_its_currencies_as_currency_columns_do(tmp_path):
    rates = _rates(tmp_path, [["US Dollar", "1"], ["EUR - Euro", ".9"], ["人民币", "7.2"]])
    kpis = report_json("performance", "--from", _deals(tmp_path), "--rates", rates)["kpis"]
    assert (kpis["currency"], kpis["won_amount"]) == ("USD", pytest.approx(100 + 90 / 0.9 + 720 / 7.2 + 40))


def test_a_symbol_that_contradicts_the_currency_column_is_told(tmp_path):
    """The currency column is the amounts' currency; an amount written with another currency's symbol was taken in
    the column's currency without a word."""
    deals = write_csv(tmp_path / "deals.csv", ["Deal ID", "Owner", "Stage", "Amount", "Currency", "Close Date"],
                      [["1", "Ann", "Closed Won", "$100", "EUR", "2024-03-01"],
                       ["2", "Bob", "Closed Won", "€200", "EUR", "2024-03-02"],
                       ["3", "Bob", "Closed Won", "50", "EUR", "2024-03-03"]])
    doc = report_json("performance", "--from", deals)
    assert (doc["kpis"]["currency"], doc["kpis"]["won_amount"]) == ("EUR", 350)
    assert f"{deals}: amount (Amount): 1 value names another currency than the currency column, e.g. '$100' " \
           "(rows 2); the currency column's is taken" in doc["warnings"]
    chinese = " ".join(cli("performance", "--from", deals, "--lang", "zh").stdout.split())
    assert "金额 (Amount)：1 个值写的币种与币种列不同，例如 '$100'（第 2 行）；以币种列为准" in chinese


def test_orders_and_ledger_lines_with_a_currency_column(tmp_path):
    """Plain amounts beside a currency column: the column was not read for orders and ledgers, so euros and dollars
    were added up (100 + 200 = 300) without a word. Now refused, or converted with --rates; worked by hand."""
    orders = write_csv(tmp_path / "orders.csv", ["Order ID", "Customer ID", "Order Date", "Amount", "Currency"],
                       [["1", "a", "2024-01-05", "90", "EUR"], ["2", "b", "2024-01-06", "200", "USD"],
                        ["3", "c", "2024-01-07", "$50", "EUR"]])
    assert_refused(tmp_path, "revenue", "--from", orders, message="several currencies (EUR, USD)")
    doc = report_json("revenue", "--from", orders, "--rates", _rates(tmp_path))
    assert doc["kpis"]["revenue"] == pytest.approx(90 / 0.9 + 200 + 50 / 0.9)
    assert f"{orders}: amount (Amount): 1 value names another currency than the currency column, e.g. '$50' " \
           "(rows 4); the currency column's is taken" in doc["warnings"]
    ledger = write_csv(tmp_path / "ledger.csv", ["Date", "Type", "Category", "Amount", "Currency"],
                       [["2024-01-05", "revenue", "Sales", "100", "USD"],
                        ["2024-01-07", "expense", "Rent", "45", "EUR"]])
    assert_refused(tmp_path, "profit", "--from", ledger, message="several currencies (EUR, USD)")
    profit = report_json("profit", "--from", ledger, "--rates", _rates(tmp_path))["kpis"]
    assert (profit["revenue"], profit["expenses"]) == (100, pytest.approx(50))
