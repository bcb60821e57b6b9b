"""Dynamics 365 Sales opportunities as its "Export to Excel" writes a view: hidden "(Do Not Modify)" columns first,
"Topic", "Potential Customer", "Est. Revenue", "Actual Revenue", "Pipeline Phase", "Status" (Open/Won/Lost),
"Status Reason", a "Currency" named in words, and a hidden sheet of metadata. Such a file was not recognised as
deals at all ("needs a stage or status column"). The figures are worked out by hand from the rows below."""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook

from crmreport.parsing import currency_codes
from tests.helpers import report_json, write_csv

HEADER = ["(Do Not Modify) Opportunity", "(Do Not Modify) Row Checksum", "(Do Not Modify) Modified On", "Topic",
          "Potential Customer", "Est. Close Date", "Est. Revenue", "Probability", "Status", "Status Reason",
          "Pipeline Phase", "Owner", "Actual Revenue", "Actual Close Date", "Created On", "Currency",
          "Forecast Category"]
ROWS = [  # id, checksum, modified, topic, customer, est close, est revenue, probability, status, reason, phase, owner,
    #       actual revenue, actual close, created, currency, forecast category
    ["a-1", "x", "3/10/2024 10:00 AM", "Fabrikam expansion", "Fabrikam", "3/31/2024", "$25,000.00", "80", "Open",
     "In Progress", "3-Propose", "Ann Lee", "", "", "1/15/2024 9:00 AM", "US Dollar", "Pipeline"],
    ["a-2", "x", "3/10/2024 10:00 AM", "Contoso renewal", "Contoso", "2/28/2024", "$40,000.00", "100", "Won", "Won",
     "4-Close", "Bob Ray", "$42,000.00", "2/20/2024", "1/2/2024 9:00 AM", "US Dollar", "Won"],
    ["a-3", "x", "3/10/2024 10:00 AM", "Litware pilot", "Litware", "2/15/2024", "$10,000.00", "0", "Lost",
     "Out-Sold", "2-Develop", "Ann Lee", "", "2/10/2024", "12/20/2023 9:00 AM", "US Dollar", "Lost"],
    ["a-4", "x", "3/10/2024 10:00 AM", "Adatum upgrade", "Adatum", "4/30/2024", "$8,000.00", "30", "Open",
     "On Hold", "1-Qualify", "Bob Ray", "", "", "2/1/2024 9:00 AM", "US Dollar", "Committed"],
    ["a-5", "x", "3/10/2024 10:00 AM", "Tailspin fleet", "Tailspin", "3/1/2024", "$15,000.00", "100", "Won", "Won",
     "4-Close", "Ann Lee", "", "3/1/2024", "1/20/2024 9:00 AM", "US Dollar", "Won"],  # won, no actual revenue
    ["a-6", "x", "3/10/2024 10:00 AM", "Northwind trial", "Northwind", "2/20/2024", "$5,000.00", "0", "Lost",
     "Canceled", "2-Develop", "Bob Ray", "", "2/18/2024", "1/5/2024 9:00 AM", "US Dollar", "Lost"],
]
WON = 42_000 + 15_000  # a-2 was won for its actual revenue; a-5 has none, so its estimate counts
OPEN, WEIGHTED = 25_000 + 8_000, 25_000 * 0.8 + 8_000 * 0.3


def _workbook(path, header, rows):
    """The export as Dynamics writes it: the first three columns hidden, and a hidden metadata sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = "My Opportunities"
    for row in [header, *rows]:
        sheet.append(row)
    for column in "ABC":
        sheet.column_dimensions[column].hidden = True
    hidden = book.create_sheet("hiddenSheet")
    hidden.sheet_state = "hidden"
    hidden.append(["opportunity", "<metadata/>"])
    book.save(path)
    return path


def test_a_view_exported_to_csv_and_excel(tmp_path):
    for path in (write_csv(tmp_path / "Opportunities.csv", HEADER, ROWS),
                 _workbook(tmp_path / "Opportunities.xlsx", HEADER, ROWS)):
        performance = report_json("performance", "--from", path)
        assert performance["inputs"][0]["profile"] == "dynamics"
        kpis = performance["kpis"]
        assert (kpis["won_count"], kpis["lost_count"], kpis["won_amount"], kpis["currency"]) == (2, 2, WON, "USD")
        by_owner = {row["owner"]: row["won_amount"] for row in performance["tables"]["by_owner"]}
        assert by_owner == {"Bob Ray": 42_000, "Ann Lee": 15_000}
        assert any(warning.endswith("amount: 1 won deal counts 'Actual Revenue' (what it was won for), not "
                                    "'Est. Revenue'") for warning in performance["warnings"])
        pipeline = report_json("pipeline", "--from", path)["kpis"]
        assert (pipeline["open_count"], pipeline["open_amount"]) == (2, OPEN)
        assert abs(pipeline["weighted_amount"] - WEIGHTED) < 1e-6
        lost = report_json("lost-deals", "--from", path)["tables"]["by_lost_reason"]
        assert {row["lost_reason"]: row["lost_amount"] for row in lost} == {"Out-Sold": 10_000, "Canceled": 5_000}


def test_close_dates_stages_and_categories(tmp_path):
    path = write_csv(tmp_path / "Opportunities.csv", HEADER, ROWS)
    cycle = report_json("cycle", "--from", path)["kpis"]
    # a-2: 2 Jan → 20 Feb (Actual Close Date), 49 days; a-5: 20 Jan → 1 Mar, 41 days (2024 is a leap year)
    assert (cycle["min_cycle_days"], cycle["max_cycle_days"]) == (41, 49)
    stages = report_json("funnel", "--from", path)["tables"]["stages"]
    reached = {row["stage"]: row["reached"] for row in stages if row["status"] == "open"}
    # each deal reached its phase and those before it: all six the first, the lost at 2-Develop stopped there
    assert reached == {"1-Qualify": 6, "2-Develop": 5, "3-Propose": 3, "4-Close": 2}
    categories = report_json("forecast", "--from", path)["tables"]["by_category"]
    # the export's categories, not the probability bands (80%: commit, 30%: pipeline)
    assert {row["category"]: row["amount"] for row in categories} == {"closed": WON, "commit": 8_000,
                                                                      "pipeline": 25_000}


def test_a_closed_opportunities_view(tmp_path):
    """The closed view has "Actual Revenue" and no estimate: it is the amount, of lost deals too."""
    keep = [HEADER.index(name) for name in ("(Do Not Modify) Opportunity", "Topic", "Status", "Owner",
                                            "Actual Revenue", "Actual Close Date")]
    rows = [[row[i] for i in keep] for row in ROWS if row[8] != "Open"]
    rows[2][4] = "$15,500.00"  # a-5 with its actual revenue
    rows[1][4] = rows[3][4] = "$0.00"  # a-3 and a-6, lost at 0
    path = write_csv(tmp_path / "Closed Opportunities.csv", [HEADER[i] for i in keep], rows)
    kpis = report_json("performance", "--from", path)["kpis"]
    assert (kpis["won_count"], kpis["won_amount"], kpis["lost_count"]) == (2, 42_000 + 15_500, 2)


def test_unreadable_actual_revenue_counts_the_estimate(tmp_path):
    rows = [list(row) for row in ROWS]
    rows[1][12] = "forty-two thousand"
    path = write_csv(tmp_path / "Opportunities.csv", HEADER, rows)
    report = report_json("performance", "--from", path)
    assert report["kpis"]["won_amount"] == 40_000 + 15_000
    assert f"{path}: actual_amount (Actual Revenue): 1 value could not be read as money, e.g. 'forty-two thousand' " \
           "(rows 3); those won deals count their estimated amount" in report["warnings"]


def test_currency_names():
    """Currency columns that name their currency: CLDR's names in English and Chinese, ISO's "Pound Sterling"."""
    written = pd.Series(["US Dollar", "euro", "Pound Sterling", "人民币", "美元", "US dollars", "usd", "€", "Bitcoin"])
    assert currency_codes(written).tolist() == ["USD", "EUR", "GBP", "CNY", "USD", "USD", "USD", "EUR", "BITCOIN"]


def test_a_hand_kept_sheet_naming_its_currency(tmp_path):
    """Bare amounts beside a currency column of names are in that currency (with rates: converted by hand here)."""
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", "Owner", "Stage", "Amount", "Currency", "Close Date"],
                     [["A", "Ann", "Closed Won", "1000", "Euro", "2024-03-01"],
                      ["B", "Ann", "Closed Won", "500", "US Dollar", "2024-03-02"]])
    rates = write_csv(tmp_path / "rates.csv", ["currency", "rate"], [["USD", "1"], ["EUR", "0.8"]])
    kpis = report_json("performance", "--from", path, "--rates", rates)["kpis"]
    assert (kpis["won_amount"], kpis["currency"]) == (1000 / 0.8 + 500, "USD")


LEAD_HEADER = ["(Do Not Modify) Lead", "(Do Not Modify) Row Checksum", "(Do Not Modify) Modified On", "Name", "Topic",
               "Status Reason", "Created On", "Company Name", "Email", "Business Phone", "Lead Source", "Owner",
               "Status"]
LEADS = [  # Status: Qualified is a lead qualified into an opportunity (converted); reasons are the Status Reason's
    ["l-1", "x", "3/1/2024", "Ann Smith", "Chairs", "Qualified", "1/3/2024", "Fabrikam", "ann@fabrikam.com",
     "555-0100", "Web", "Ann Lee", "Qualified"],
    ["l-2", "x", "3/1/2024", "Bo Chen", "Refit", "New", "1/4/2024", "Contoso", "bo@contoso.com", "555-0101",
     "Trade Show", "Bob Ray", "Open"],
    ["l-3", "x", "3/1/2024", "Cy Diaz", "Desks", "No Longer Interested", "1/5/2024", "Litware", "cy@litware.com",
     "555-0102", "Web", "Ann Lee", "Disqualified"],
    ["l-4", "x", "3/1/2024", "Di Eve", "Sofas", "Qualified", "1/6/2024", "Adatum", "di@adatum.com", "555-0103",
     "Web", "Bob Ray", "Qualified"],
    ["l-5", "x", "3/1/2024", "Ed Fu", "Lamps", "Contacted", "1/7/2024", "Tailspin", "ed@tailspin.com", "555-0104",
     "Trade Show", "Bob Ray", "Open"],
]


def test_leads_qualified_into_opportunities_are_converted(tmp_path):
    """Read as any status, Qualified was no conversion: 0 of 5 converted."""
    path = write_csv(tmp_path / "Leads.csv", LEAD_HEADER, LEADS)
    report = report_json("conversion", "--from", path)
    qualified = [row for row in LEADS if row[-1] == "Qualified"]
    assert report["inputs"][0]["profile"] == "dynamics"
    assert (report["kpis"]["leads"], report["kpis"]["converted"]) == (len(LEADS), len(qualified)) == (5, 2)
    by_source = {row["lead_source"]: (row["leads"], row["converted"]) for row in report["tables"]["by_lead_source"]}
    assert by_source == {"Web": (3, 2), "Trade Show": (2, 0)}
