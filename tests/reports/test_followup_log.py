"""A Chinese CRM's follow-up log (跟进记录: 跟进时间, 跟进方式, 跟进内容, 客户名称) is activities; it was not
recognised. 微信 and 短信 are chats, 拜访 and 面谈 meetings. Interactions without a status count as done once their
day has come, as the activity report counts them (the interactions report counted none done). Campaign sheets'
实际花费 is the actual cost, and a ticket's 客户名称 its customer."""

from __future__ import annotations

import datetime as dt

from tests.helpers import cli, report_json, write_csv

HEADER = ["客户名称", "跟进时间", "跟进方式", "跟进内容", "负责人"]
LOG = [["华为", "2024-03-01 10:00", "电话", "沟通需求", "李四"], ["腾讯", "2024-03-02 11:00", "拜访", "现场演示", "王五"],
       ["华为", "2024-03-03 11:00", "微信", "发送报价", "李四"], ["阿里", "2024-03-04 11:00", "电话", "跟进", "李四"],
       ["腾讯", "2099-01-05 09:00", "面谈", "签约", "王五"], ["阿里", "2024-03-06 09:00", "短信", "提醒", "李四"]]
CHANNELS = {"电话": "call", "拜访": "meeting", "面谈": "meeting", "微信": "chat", "短信": "chat"}


def test_follow_up_log_by_channel(tmp_path):
    path = write_csv(tmp_path / "跟进记录.csv", HEADER, LOG)
    report = report_json("interactions", "--from", path)
    expected, today = {}, dt.date.today().isoformat()
    for customer, when, way, _what, _owner in LOG:  # interactions, customers, done (dated by today)
        count, customers, done = expected.get(CHANNELS[way], (0, set(), 0))
        expected[CHANNELS[way]] = (count + 1, customers | {customer}, done + (when[:10] <= today))
    got = {row["channel"]: (row["interactions"], row["customers"], row["done"])
           for row in report["tables"]["by_channel"]}
    assert got == {channel: (count, len(customers), done) for channel, (count, customers, done) in expected.items()}
    assert got["meeting"] == (2, 1, 1)  # the visit done, the 2099 meeting still planned
    assert report["kpis"]["customers"] == len({row[0] for row in LOG}) == 3


def test_campaign_actual_spend_and_ticket_customer(tmp_path):
    campaigns = write_csv(tmp_path / "营销活动.csv", ["活动名称", "开始日期", "结束日期", "预算", "实际花费", "收入"],
                          [["春季展会", "2024-03-01", "2024-03-05", "50,000", "48,000", "300,000"],
                           ["线上推广", "2024-03-01", "2024-03-31", "20,000", "22,000", "150,000"]])
    kpis = report_json("campaigns", "--from", campaigns)["kpis"]
    assert (kpis["cost"], kpis["revenue"]) == (48_000 + 22_000, 300_000 + 150_000)
    assert abs(kpis["roi"] - (450_000 - 70_000) / 70_000) < 1e-12
    tickets = write_csv(tmp_path / "工单.csv", ["工单编号", "客户名称", "创建时间", "解决时间", "优先级", "渠道", "状态"],
                        [["T1", "华为", "2024-03-01 09:00", "2024-03-01 12:00", "高", "电话", "已解决"]])
    assert "'客户名称'                           -> customer" in cli("inspect", "--from", tickets).stdout
