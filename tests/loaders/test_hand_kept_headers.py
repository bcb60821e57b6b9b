"""Headers hand-kept deal sheets use that crmreport did not know: the deal's value as its size or contract value, the
rep as the account manager or the person it is assigned to, a Chinese sheet's signing date and amount. Before, such
a sheet was refused (no amount or owner column) or its close dates were missing."""

from __future__ import annotations

import pytest

from tests.helpers import report_json, write_csv

ROWS = [["Acme renewal", "Ann", "Closed Won", "12000", "2024-03-05"],
        ["Beta pilot", "Bob", "Closed Won", "3000", "2024-04-10"],
        ["Gamma", "Bob", "Closed Lost", "5000", "2024-04-20"]]


@pytest.mark.parametrize("owner, amount", [("Account Manager", "Deal Size"), ("Assigned To", "Contract Value"),
                                           ("Sales Owner", "Opportunity Value")])
def test_english_headers(tmp_path, owner, amount):
    path = write_csv(tmp_path / "deals.csv", ["Deal Name", owner, "Stage", amount, "Close Date"], ROWS)
    report = report_json("performance", "--from", path)
    won = {}
    for _name, rep, stage, value, _date in ROWS:
        if stage == "Closed Won":
            won[rep] = won.get(rep, 0) + float(value)
    by_owner = {row["owner"]: row["won_amount"] for row in report["tables"]["by_owner"]}
    assert by_owner == won == {"Ann": 12000, "Bob": 3000}


def test_chinese_signing_date_and_amount(tmp_path):
    path = write_csv(tmp_path / "商机.csv", ["商机名称", "销售负责人", "阶段", "签约金额", "签约日期"],
                     [["华为项目", "张三", "赢单", "120000", "2024-03-05"], ["小米项目", "李四", "赢单", "30000", "2024-04-06"]])
    report = report_json("revenue", "--from", path, "--period", "month")
    by_period = {row["period"]: row["revenue"] for row in report["tables"]["by_period"]}
    assert by_period == {"2024-03": 120000, "2024-04": 30000}


def test_chinese_leads_converted_as_fxiaoke_writes_it(tmp_path):
    """纷享销客 and Salesforce's Chinese interface write a converted lead's status 已转换 (已转化 elsewhere); 未转换 is
    not converted. Read as any status, the leads below had none converted."""
    rows = [["张三", "华为", "13800000001", "官网", "已转换"], ["王五", "腾讯", "13800000002", "展会", "跟进中"],
            ["赵六", "阿里", "13800000003", "官网", "未转换"], ["钱七", "京东", "13800000004", "官网", "已转换"]]
    path = write_csv(tmp_path / "线索.csv", ["线索名称", "公司名称", "手机", "线索来源", "线索状态"], rows)
    report = report_json("conversion", "--from", path)
    assert (report["kpis"]["leads"], report["kpis"]["converted"]) == (4, sum(row[4] == "已转换" for row in rows))
    by_source = {row["lead_source"]: (row["leads"], row["converted"]) for row in report["tables"]["by_lead_source"]}
    assert by_source == {"官网": (3, 2), "展会": (1, 0)}
    flagged = write_csv(tmp_path / "flags.csv", ["线索名称", "手机", "是否已转换"],
                        [["张三", "13800000001", "是"], ["王五", "13800000002", "否"]])
    assert report_json("conversion", "--from", flagged)["kpis"]["converted"] == 1


def test_orders_named_by_customer_with_order_times_and_totals(tmp_path):
    """An order sheet keyed by the customer's name, with 下单时间 and 订单总额 (or Order Time, Order Total, Customer
    Name): it was not recognised as orders."""
    orders = [["DD01", "华为", "2024-01-05 10:00", 120_000], ["DD02", "腾讯", "2024-02-15 11:00", 80_000],
              ["DD03", "华为", "2024-03-01 09:00", 30_000], ["DD04", "阿里", "2024-03-20 15:00", 10_000]]
    for header in (["订单编号", "客户名称", "下单时间", "订单总额"], ["Order ID", "Customer Name", "Order Time", "Order Total"]):
        path = write_csv(tmp_path / "orders.csv", header, [[o, c, t, f"¥{a:,}.00"] for o, c, t, a in orders])
        kpis = report_json("clv", "--from", path)["kpis"]
        assert (kpis["customers"], kpis["purchases"]) == (len({row[1] for row in orders}), len(orders)) == (3, 4)
        assert kpis["avg_purchase_value"] == sum(row[3] for row in orders) / len(orders) == 60_000
        revenue = report_json("revenue", "--from", path, "--period", "month")["tables"]["by_period"]
        assert {row["period"]: row["revenue"] for row in revenue} == {"2024-01": 120_000, "2024-02": 80_000,
                                                                     "2024-03": 40_000}


def test_deals_as_chinese_interfaces_name_them(tmp_path):
    """HubSpot's and Pipedrive's Chinese interfaces call a deal 交易 (交易名称, 交易阶段, 交易金额, 交易所有者, 交易管道),
    Salesforce's 业务机会 (业务机会名称, 客户名, 结束日期, 可能性 (%), 业务机会所有人, 潜在客户来源): such exports were
    refused for want of a stage or an amount."""
    hubspot = write_csv(tmp_path / "交易.csv", ["交易名称", "交易阶段", "交易金额", "关闭日期", "交易所有者", "交易管道"],
                        [["A", "已成交", "1000", "2024-03-01", "张三", "销售管道"],
                         ["B", "已安排预约", "800", "2024-04-01", "李四", "销售管道"],
                         ["C", "已成交", "300", "2024-04-02", "李四", "销售管道"]])
    performance = report_json("performance", "--from", hubspot)
    assert (performance["kpis"]["won_count"], performance["kpis"]["won_amount"]) == (2, 1300)
    assert {row["owner"]: row["won_amount"] for row in performance["tables"]["by_owner"]} == {"张三": 1000, "李四": 300}
    salesforce = write_csv(tmp_path / "业务机会.csv", ["业务机会名称", "客户名", "阶段", "金额", "结束日期", "可能性 (%)",
                                                    "业务机会所有人", "潜在客户来源"],
                           [["A", "华为", "Closed Won", "1000", "2024-03-01", "100", "张三", "Web"],
                            ["B", "腾讯", "Negotiation/Review", "600", "2024-05-01", "90", "李四", "展会"]])
    pipeline = report_json("pipeline", "--from", salesforce, "--period", "month")
    assert (pipeline["kpis"]["open_amount"], pipeline["kpis"]["weighted_amount"]) == (600, 600 * 0.9)
    assert [row["period"] for row in pipeline["tables"]["by_close_period"]] == ["2024-05"]
    sources = report_json("lead-sources", "--from", salesforce)["tables"]
    assert {row["lead_source"] for row in next(iter(sources.values()))} == {"Web", "展会"}


@pytest.mark.parametrize("header", [
    ["Deal", "Client", "Value", "Stage", "Expected Close", "Likelihood", "Rep"],
    ["Opportunity", "Company", "Est. Value", "Status", "Forecast Close", "Confidence %", "Sales Rep"],
    ["Deal Name", "Account", "Estimated Amount", "Stage", "Target Close Date", "Win Chance", "Owner"],
])
def test_pipeline_sheets_with_likelihoods_and_estimates(tmp_path, header):
    """Estimated values, forecast or target close dates and likelihoods, as pipeline sheets name them: the deals had
    no probability (weighted pipeline 0), or the sheet was refused (no amount)."""
    rows = [["A", "Acme", "1000", "Proposal", "2024-05-01", "50", "Ann"],
            ["B", "Beta", "500", "Won", "2024-03-01", "100", "Bob"],
            ["C", "Gamma", "2000", "Negotiation", "2024-06-15", "80", "Ann"]]
    if header[3] == "Status":
        rows = [row[:3] + ["Open" if row[3] != "Won" else "Won"] + row[4:] for row in rows]
    report = report_json("pipeline", "--from", write_csv(tmp_path / "pipeline.csv", header, rows), "--period", "month")
    assert (report["kpis"]["open_amount"], report["kpis"]["weighted_amount"]) == (3000, 1000 * 0.5 + 2000 * 0.8)
    assert {row["period"]: row["open_amount"] for row in report["tables"]["by_close_period"]} == \
        {"2024-05": 1000, "2024-06": 2000}


def test_a_tickets_log_with_solved_times(tmp_path):
    """Ticket #, Requester, Assignee, Solved (times, not yes/no), First reply time (hrs): the sheet was not
    recognised; read as a yes/no column, Solved's times were unreadable and no resolution time was known."""
    rows = [["1", "Ann", "Bob", "High", "Solved", "2024-01-01 10:00", "2024-01-02 10:00", "2"],
            ["2", "Cy", "Bob", "Low", "Open", "2024-01-03 10:00", "", "1"],
            ["3", "Di", "Eve", "Low", "Solved", "2024-01-03 10:00", "2024-01-03 16:00", "0.5"]]
    path = write_csv(tmp_path / "tickets.csv", ["Ticket #", "Requester", "Assignee", "Priority", "Status", "Created",
                                                "Solved", "First reply time (hrs)"], rows)
    report = report_json("response", "--from", path)
    kpis = report["kpis"]
    hours = [24.0, 6.0]  # 10:00 to 10:00 the next day; 10:00 to 16:00
    assert (kpis["tickets"], kpis["mean_resolution_hours"], kpis["median_resolution_hours"]) == \
        (3, sum(hours) / 2, 15)
    assert abs(kpis["mean_first_response_hours"] - (2 + 1 + 0.5) / 3) < 1e-12
    assert not any("yes/no" in warning for warning in report["warnings"])


def test_a_contact_list_with_mobile_numbers_and_dates_added(tmp_path):
    rows = [["A B", "a@x.com", "+1 415 555 0100", "Web", "Converted", "2024-01-01", "2024-02-01"],
            ["C D", "c@x.com", "+1 415 555 0101", "Web", "Working", "2024-01-05", ""],
            ["E F", "", "+1 415 555 0102", "Ads", "Working", "2024-02-05", ""]]
    path = write_csv(tmp_path / "leads.csv", ["Full Name", "E-mail Address", "Mobile Number", "Source", "Status",
                                              "Date Added", "Converted On"], rows)
    monthly = report_json("conversion", "--from", path, "--period", "month")
    assert (monthly["kpis"]["leads"], monthly["kpis"]["converted"]) == (3, 1)
    by_period = {row["period"]: row["leads"] for row in next(table for name, table in monthly["tables"].items()
                                                              if "period" in name)}
    assert by_period == {"2024-01": 2, "2024-02": 1}  # by the date each was added
    audit = report_json("audit", "--from", path)
    assert "missing_contact" not in audit["kpis"]  # the third has its mobile number
