"""Labels and number formats of human outputs in English and Chinese (``--lang en|zh``).

JSON keys stay snake_case English whatever the language; only what a person reads is translated.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re

from .report import json_value

LANGS = ("en", "zh")

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CNY": "¥", "JPY": "¥", "INR": "₹"}

ZH = {
    # words of the page (each report's title is in its module's LABELS_ZH)
    "Dashboard": "仪表板", "CRM reports": "CRM 报表", "period": "期间", "inputs": "输入文件", "warnings": "数据警告", "generated": "生成时间",
    "start": "开始", "end": "至今", "rows": "行", "profile": "来源", "contents": "目录", "key figures": "关键指标",
    "not run": "未运行的报表", "report": "报表", "reason": "原因", "value": "数值", "table": "表",
    "summary": "摘要", "chart": "图表", "none": "无",
    # KPI and column names
    "open_count": "未结商机数", "open_amount": "未结金额", "weighted_amount": "加权金额",
    "open_without_amount": "无金额的未结商机", "open_without_probability": "无赢率的未结商机",
    "won_count": "赢单数", "lost_count": "输单数", "win_rate": "赢单率", "win_rate_by_value": "按金额赢单率",
    "won_amount": "赢单金额", "lost_amount": "输单金额", "avg_deal_size": "平均成交金额", "deals": "商机数",
    "overall_conversion": "总体转化率", "currency": "币种", "avg_cycle_days": "平均周期（天）",
    "median_cycle_days": "周期中位数（天）", "min_cycle_days": "最短周期（天）", "max_cycle_days": "最长周期（天）",
    "min_days": "最短（天）", "max_days": "最长（天）", "owner_count": "负责人数", "team_count": "团队数",
    "stage": "销售阶段", "status": "状态", "amount": "金额", "reached": "到达数", "conversion": "转化率",
    "drop_off": "流失率", "not_advanced": "未推进数", "owner": "负责人", "team": "团队", "region": "区域",
    "pipeline": "销售流程",
    "lead_source": "线索来源", "period_label": "期间", "probability": "赢率", "share_of_won_amount": "赢单金额占比",
    "stages": "阶段", "by_stage": "按阶段", "by_close_period": "按预计成交期间", "by_owner": "按负责人",
    "by_team": "按团队", "by_region": "按区域", "by_lead_source": "按线索来源", "by_stage_and_period": "按阶段与期间",
    # customers and finance
    "customers": "客户数", "customer_id": "客户编号", "orders": "订单数", "purchases": "购买次数", "revenue": "收入",
    "avg_order_value": "平均订单金额", "revenue_per_customer": "客均收入", "segment": "客户分群", "rfm_segments": "RFM 分群",
    "clv": "客户终身价值", "avg_purchase_value": "平均购买金额", "purchase_frequency": "每期购买次数",
    "avg_lifespan": "平均生命周期（期）", "expenses": "支出", "profit": "利润", "margin": "利润率",
    "category": "类别", "budget": "预算", "revenue_source": "收入来源", "profit_change": "利润变化", "variance": "差异",
    "budget_used": "预算使用率", "over_budget": "超预算", "over_budget_categories": "超预算类别数", "growth": "增长率",
    "change": "变化", "last_period": "最近期间", "last_period_revenue": "最近期间收入", "periods": "期间数",
    "source": "来源", "product": "产品", "lines": "笔数", "share_of_revenue": "收入占比",
    # columns of the canonical tables, and words several reports give
    "account": "客户", "customer": "客户", "name": "名称", "deal_id": "商机编号", "deal_name": "商机名称",
    "close_date": "成交日期", "created_at": "创建时间", "created_date": "创建日期", "expected_close_date": "预计成交日期",
    "competitor": "竞争对手", "exchange_rate": "汇率", "forecast_category": "预测类别", "industry": "行业",
    "converted_amount": "换算金额", "converted_currency": "换算币种", "actual_amount": "实际成交金额", "income": "收入栏",
    "expense": "支出栏",
    "is_closed": "是否关闭", "is_won": "是否赢单", "lead_id": "线索 ID", "won_time": "赢单时间", "lost_time": "输单时间",
    "type": "类型", "campaign": "营销活动", "channel": "渠道",
    "agent": "客服人员", "priority": "优先级", "ticket_id": "工单编号", "lost_reason": "输单原因",
    "leads": "线索数", "converted": "已转化数", "conversion_rate": "转化率", "cost": "成本", "responses": "回复数",
    "tickets": "工单数", "churn_rate": "客户流失率", "activities": "活动数", "interactions": "互动次数",
    "done": "已完成", "hours": "小时数", "new_customers": "新客户数", "actual": "实际值", "period_start": "期间开始",
    # the audit: its title, tables and columns, and the count of each check (the key is the check's code)
    "Data audit": "数据审计", "problems": "问题数", "errors": "错误数", "score": "质量得分", "checks": "检查结果",
    "scores": "各文件得分", "top_fixes": "优先修复", "completeness": "完整度", "code": "代码", "severity": "严重程度",
    "file": "文件", "column": "列", "count": "数量", "problem": "问题", "fix": "修复建议", "examples": "示例行",
    "row": "行号", "rows_with_problems": "有问题的行数", "amount_affected": "涉及金额", "empty": "空值数",
    "share_empty": "空值占比", "duplicate_rows": "重复行数", "invalid_emails": "无效邮箱数",
    "missing_required": "必填缺失数", "amount_negative": "负金额", "amount_text": "金额为文本", "amount_zero": "零金额",
    "close_before_created": "成交早于创建", "currency_mixed": "币种混用", "date_invalid": "无效日期",
    "date_placeholder": "占位日期", "dup_email": "重复邮箱", "dup_name": "重复名称", "dup_phone": "重复电话",
    "dup_row": "重复行", "overlap_id": "跨文件重复编号", "empty_column": "空列", "file_nul": "文件含空字节",
    "future_created": "创建日期在未来",
    "header_duplicate": "重复表头", "invalid_email": "无效邮箱", "invalid_phone": "无效电话",
    "number_scientific": "科学计数法数字",
    "missing_contact": "缺少联系方式", "missing_owner": "缺少负责人", "missing_stage": "缺少阶段",
    "missing_amount": "缺少金额", "missing_close_date": "缺少成交日期", "picklist_spelling": "选项拼写不一",
    "picklist_variant": "选项写法不一", "probability_invalid": "无效赢率", "probability_range": "赢率超出范围",
    "row_ragged": "列数不齐的行", "stale_open": "久未更新的商机", "unknown_stage": "未知阶段", "value_invalid": "无效值",
    "orphan_account": "客户表中没有的客户", "orphan_product": "产品表中没有的产品",
}
# values of text KPIs and cells that a reader meets in Chinese output: words the reports give, and under some keys
# words that mean something else there (a goal's metric "deals", the audit's table "deals", an RFM segment "lost")
ZH_VALUES = {"open": "进行中", "won": "赢单", "lost": "输单", "won deals": "赢单商机", "ledger": "收支流水",
             "orders": "订单", "customer status": "客户状态", "resolution": "解决", "first response": "首次响应",
             "(none)": "（无）", "(not recorded)": "（未记录）", "(no date)": "（无日期）", "closed": "已成交",
             "commit": "承诺", "best case": "乐观", "pipeline": "商机管道", "best": "最佳", "worst": "最差",
             "error": "错误", "warning": "警告", "info": "提示"}
KEYED_VALUES = {
    "segment": {"champions": "核心客户", "loyal": "忠诚客户", "new": "新客户", "potential loyalists": "潜力客户",
                "at risk": "流失风险", "hibernating": "沉睡客户", "lost": "已流失"},
    "metric": {"revenue": "收入", "deals": "成交数", "pipeline": "商机管道"},
    "table": {"deals": "商机", "contacts": "联系人", "customers": "客户", "activities": "活动", "orders": "订单",
              "campaigns": "营销活动", "tickets": "工单", "targets": "目标", "ledger": "收支流水", "owners": "负责人",
              "products": "产品", "accounts": "客户账户", "stage_history": "阶段历史"},
}
# English labels that are not just the key with spaces
EN = {"avg_lifespan": "Avg lifespan (periods)", "r_score": "R", "f_score": "F", "m_score": "M",
      "gamma_gamma_p": "Gamma-Gamma p", "gamma_gamma_q": "Gamma-Gamma q", "gamma_gamma_v": "Gamma-Gamma v"}
# words of a key written in capitals (or otherwise) in an English label: deal_id is "Deal ID", roi "ROI"
ACRONYMS = {"id": "ID", "roi": "ROI", "ctr": "CTR", "csat": "CSAT", "nps": "NPS", "sla": "SLA", "rfm": "RFM",
            "clv": "CLV", "mape": "MAPE", "yoy": "YoY", "p90": "P90", "bgnbd": "BG/NBD"}


UI_WORDS = {"period", "inputs", "warnings", "generated", "start", "end", "rows", "profile", "contents", "key figures",
            "not run", "report", "reason", "value", "table", "summary", "chart", "none"}
LOWER_WORDS = {"start", "end", "rows", "none"}  # words used inside sentences


def agree(count: int, singular: str, plural: str) -> str:
    """``count`` and the words that agree with it, for warnings: ``agree(1, "deal has", "deals have")`` is
    "1 deal has", ``agree(3, …)`` "3 deals have"."""
    return f"{count} {singular if count == 1 else plural}"


def label(key: str, lang: str = "en") -> str:
    """What a person reads for a key, title or word."""
    if lang == "en" and key in UI_WORDS:
        return key if key in LOWER_WORDS else key[:1].upper() + key[1:]
    if lang == "zh":
        chinese = _chinese(key)
        if chinese:
            return chinese
    if lang == "en" and key in EN:
        return EN[key]
    if not re.fullmatch(r"[a-z0-9_]+", key):
        return key  # a title or a sentence, not a key
    text = " ".join(ACRONYMS.get(word, word) for word in key.split("_"))
    return text[:1].upper() + text[1:]


@functools.cache
def _report_labels_zh() -> dict[str, str]:
    """The Chinese each report module gives for its title and its own keys (LABELS_ZH), read without importing
    the modules."""
    from .catalog import entries

    return {english: chinese for entry in entries() for english, chinese in entry.labels_zh.items()}


def _chinese(key: str) -> str | None:
    """The Chinese for a key or title: its own, or made of a key's known part (by_…, …_growth, …_yoy, month_N)."""
    known = ZH.get(key) or _report_labels_zh().get(key)
    if known:
        return known
    if key.startswith("by_") and (grouped := _chinese(key[3:])):
        return "按" + grouped
    change = re.fullmatch(r"(.+)_(growth|yoy)", key)
    if change and (changed := _chinese(change[1])):
        return changed + ("增长率" if change[2] == "growth" else "同比")
    month = re.fullmatch(r"month_(\d+)", key)
    return f"第 {month[1]} 个月" if month else None


MONEY_WORDS = ("amount", "revenue", "deal_size", "value", "cost", "profit", "clv", "expenses", "budget", "variance",
               "change", "charges", "overspend", "velocity", "forecast_next_period")
RATIO_KEYS = ("drop_off", "probability", "growth", "margin", "budget_used", "roi", "attributed_roi", "ctr", "csat", "nps",
              "attainment", "revenue_attainment", "pace", "probability_alive", "backtest_mape",
              "backtest_bias")
# a ratio whatever its first words: conversion rates, period-over-period changes (won_amount_growth, win_rate_yoy),
# shares, the retention of a cohort month after month (month_1 …)
RATIO_ENDINGS = ("rate", "rate_by_value", "conversion", "compliance", "_growth", "_yoy")
RATIO_PATTERN = re.compile(r"(.*_)?share(_.*)?|month_\d+")
COUNT_ENDINGS = ("count", "deals", "reached", "not_advanced", "categories", "periods", "customers", "orders", "tickets",
                 "lines", "changes")  # "changes": clean's cells changed by a rule, not a change in money
COUNT_STARTS = ("open_without", "won_without", "missing", "invalid", "duplicate", "dup_", "orphan", "picklist", "empty",
                "stale", "future", "unknown", "amount_negative", "amount_text", "amount_zero", "currency_mixed",
                "close_before", "probability_", "value_", "date_", "cells_", "rows")
DAY_WORDS = ("days",)
# a count or an amount by row (a goal of revenue beside a goal of deals; the forecast's backtest): written to the cent
COUNT_OR_AMOUNT_KEYS = ("target", "actual", "gap", "forecast", "error")


@functools.cache  # asked for every cell of a table: its column's name decides
def value_kind(key: str) -> str:
    """How a column or KPI is formatted: money, ratio, days, count, or text."""
    if key in RATIO_KEYS or key.endswith(RATIO_ENDINGS) or RATIO_PATTERN.fullmatch(key):
        return "ratio"
    if key.endswith(COUNT_ENDINGS) or key.startswith(COUNT_STARTS):
        return "number"
    if any(word in key for word in MONEY_WORDS):
        return "money"
    if any(word in key for word in DAY_WORDS):
        return "days"
    return "number"


def numeric_columns(frame) -> list[bool]:
    """Per column of a table: whether it holds numbers, right-aligned in the human formats (flags, text and dates
    are not). Asked once per table, not once per cell."""
    return [dtype.kind in "iuf" for dtype in frame.dtypes]


def table_title(name: str, lang: str = "en") -> str:
    """A table's heading. In Chinese a table named after a kind of record is a list of those records, 客户 for
    ``customers``, not 客户数, the count that a KPI or a column of the same key holds."""
    if lang == "zh" and name in KEYED_VALUES["table"]:
        return KEYED_VALUES["table"][name]
    return label(name, lang)


PROFILES_ZH = {"generic": "通用", "fxiaoke": "纷享销客"}  # the other sources' names are brands, the same in Chinese


def input_kind(item: dict, lang: str = "en") -> tuple[str, str]:
    """An input's table ("—" when it is none) and source profile as a reader sees them (an entry of Report.inputs)."""
    profile = PROFILES_ZH.get(item["profile"], item["profile"]) if lang == "zh" else item["profile"]
    return (table_title(item["table"], lang) if item["table"] else "—"), profile


def input_text(item: dict, lang: str = "en", table: bool = False) -> str:
    """One input as a report's header lists it: its path, then (its table, when ``table``), its source profile and
    its row count."""
    kind, profile = input_kind(item, lang)
    return f"{item['path']} ({kind + ', ' if table else ''}{profile}, {item['rows']} {label('rows', lang)})"


def chart_title(title: str | None, table: str, lang: str = "en", only: tuple[str, object] | None = None) -> str:
    """A chart's heading: its own title, else its table's; then the group it draws, when it draws one (``only``:
    the column and its value)."""
    heading = label(title, lang) if title else table_title(table, lang)
    return f"{heading} · {label(only[0], lang)}: {only[1]}" if only else heading


def warning_text(warning, lang: str = "en") -> str:
    """A report's warning as a reader sees it: one about cells that could not be used (a DataWarning) in ``lang``;
    in Chinese, a report's note (how the inputs were read, what it could not compute: audit_zh.NOTES) too; any other
    as written."""
    from .problems import DataWarning

    if isinstance(warning, DataWarning):
        return warning.text(lang)
    if lang == "zh":
        from .audit_zh import note_zh

        return note_zh(warning)
    return warning


def _report_zh(name: str) -> str:
    """A report by its Chinese title, the command beside it: 客户分群与 RFM (segments)."""
    from .catalog import entries

    title = next((entry.title for entry in entries() if entry.name == name), name)
    return f"{label(title, 'zh')} ({name})"


def skipped_text(report: str, reason: str, lang: str = "en") -> tuple[str, str]:
    """A report a dashboard could not run, and why, as a reader sees them: in Chinese, the report's title (its name
    beside it: the command) and the reason (audit_zh.REASONS), else as written."""
    if lang != "zh":
        return report, reason
    from .audit_zh import reason_zh

    return _report_zh(report), reason_zh(report, reason) or reason


def refusal_zh(message: str) -> str | None:
    """A report's refusal in Chinese ("销售漏斗 (funnel) 需要商机表，…"), when it is one audit_zh.REASONS knows; else
    None."""
    from .audit_zh import reason_zh
    from .catalog import entries

    report = next((entry.name for entry in entries() if message.startswith(f"{entry.name} ")), "")
    chinese = reason_zh(report, message)
    if chinese is None:
        return None
    return f"{_report_zh(report)} {chinese}" if report else chinese


def error_zh(error: Exception | str) -> str | None:
    """The error a command stops with, in Chinese: a report's refusal, a dashboard none of whose reports could run
    (each reason once, the reports it stopped beside it), or another error audit_zh.ERRORS knows (files, encodings,
    options); None when some part of it has no Chinese (it is then shown in English as a whole)."""
    from .audit_zh import other_error_zh, reason_zh
    from .errors import NoReportRan

    if isinstance(error, NoReportRan):
        from .dashboard import reasons_with_reports

        parts = [(names, reason_zh("", reason)) for reason, names in reasons_with_reports(error.skipped).items()]
        if any(chinese is None for _names, chinese in parts):
            return None
        reasons = "；".join(f"{'、'.join(names)}：{chinese.rstrip('。')}" for names, chinese in parts)
        return f"这些输入上没有一个报告能运行（{reasons}）"
    return refusal_zh(str(error)) or other_error_zh(str(error))


def value_text(key: str, value: str, lang: str = "en") -> str:
    """A text value as a reader sees it: in Chinese, the few words reports give (ZH_VALUES, KEYED_VALUES) and the
    audit's problems and fixes (audit_zh)."""
    if lang != "zh":
        return value
    if key in ("problem", "fix"):
        from .audit_zh import sentence_zh

        return sentence_zh(value)
    return KEYED_VALUES.get(key, ZH_VALUES).get(value, value)


def format_value(key: str, value, currency: str | None = None, lang: str = "en") -> str:
    """Human text for a KPI or cell: money with thousands separators (and symbol), ratios as percentages, times of
    day after the date with a space, flags as yes/no."""
    timed = isinstance(value, dt.datetime) and value == value  # NaT is a datetime that equals nothing
    if timed and (value.hour, value.minute, value.second) != (0, 0, 0):  # JSON's ISO text: "2024-09-25T23:45:00"
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    value = json_value(value)
    if value is None:
        return "—"
    if isinstance(value, str):
        return value_text(key, value, lang)
    if isinstance(value, bool):
        return {"en": "yes" if value else "no", "zh": "是" if value else "否"}[lang]
    if not isinstance(value, (int, float)):
        return str(value)
    kind = value_kind(key)
    if kind == "ratio":
        return f"{value * 100:.1f}%"
    if kind == "money":
        symbol = CURRENCY_SYMBOLS.get(currency or "", "")
        sign = "-" if value < 0 else ""
        return f"{sign}{symbol}{abs(value):,.2f}"
    if isinstance(value, float) and not value.is_integer() and not math.isnan(value):
        return f"{value:,.2f}" if key in COUNT_OR_AMOUNT_KEYS else f"{value:,.1f}"
    return f"{value:,.0f}"
