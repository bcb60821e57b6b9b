"""The audit's problems and fixes in Chinese, for --lang zh (JSON keeps the English).

A finding's problem and fix are English sentences, some with values in them (a number of days, a spelling, a
profile's name, currencies); each pattern below matches one sentence whole and gives its Chinese, with the values
carried over. A sentence no pattern matches is shown as it is.
"""

from __future__ import annotations

import re
from typing import Callable


def _column(name: str) -> str:
    """A canonical column named in a sentence ("close date", "close_date") in Chinese."""
    from .i18n import label

    return label(name.strip().replace(" ", "_"), "zh")


def _table(name: str) -> str:
    """A table named in a sentence ("accounts") in Chinese."""
    from .i18n import table_title

    return table_title(name, "zh")


_SHARED = {"an email": "邮箱", "a phone number": "电话号码"}
_ENCODINGS = {"UTF-8": "UTF-8", "GB18030": "GB18030", "CP1252": "cp1252"}

Translation = Callable[[re.Match], str]
SENTENCES: tuple[tuple[str, str | Translation], ...] = (
    # problems
    (r"below zero", "小于零"),
    (r"could not be read as money", "无法识别为金额"),
    (r"could not be read as a date", "无法识别为日期"),
    (r"could not be read as a number", "无法识别为数字"),
    (r"could not be read as a percentage", "无法识别为百分比"),
    (r"could not be read as (?:true/false|yes/no)", "无法识别为是/否"),
    (r"is not revenue, expense or budget", "不是收入、支出或预算"),
    (r"not open, won or lost", "不是进行中、赢单或输单"),
    (r"not a positive rate", "不是正数汇率"),
    (r"outside (\S+)–(\S+)", lambda m: f"超出 {m[1]}–{m[2]} 的范围"),
    (r"dated after the close date", "晚于成交日期"),
    (r"missing, and no status either", "缺失，且没有状态"),
    (r"had more cells than the header", "单元格比表头多"),
    (r"had far more cells than the header", "单元格远比表头多"),
    (r"found in the text", "文本中含有 NUL 字节"),  # said of NUL bytes only
    (r"with the same name in the header", "与表头中另一列同名"),
    (r"held bytes that are not (\S+)", lambda m: f"含有不属于 {_ENCODINGS.get(m[1], m[1])} 编码的字节"),
    (r"rows identical to an earlier row", "与前面某行完全相同的行"),
    (r"rows share (an email|a phone number) with an earlier row", lambda m: f"与前面的行{_SHARED[m[1]]}相同的行"),
    (r"names in the same company that look like one person \(score ≥ (\S+)\)",
     lambda m: f"同一公司中看似同一人的姓名（相似度 ≥ {m[1]}）"),
    (r"email addresses that are not valid", "无效的邮箱地址"),
    (r"phone numbers that cannot be a real number", "不可能存在的电话号码"),
    (r"won or open deals with a zero amount", "金额为零的赢单或进行中商机"),
    (r"open deals whose expected close date passed more than (\d+) days ago",
     lambda m: f"预计成交日期已过去 {m[1]} 天以上的进行中商机"),
    (r"created dates in the future", "在未来的创建日期"),
    (r"placeholder dates \(before 1900, a calendar's first day, from the year 9000 on\)",
     "占位日期（1900 年以前、日历的起始日、9000 年及以后）"),
    (r"stages that (.+)'s default pipeline does not have", lambda m: f"{m[1]} 默认销售流程中没有的阶段"),
    (r"deals without (.+?)( \(the input has no such column\))?",
     lambda m: f"缺少{_column(m[1])}的商机" + ("（输入中没有该列）" if m[2] else "")),
    (r"contacts with neither email nor phone", "既无邮箱也无电话的联系人"),
    (r"columns without any value", "没有任何值的列"),
    (r"spelt differently from ('.*')", lambda m: f"与 {m[1]} 写法不同"),
    (r"values that look like a misspelt industry name", "看似拼错的行业名称"),
    (r"deals whose (\w+) is not in the (\w+) table", lambda m: f"{_column(m[1])}不在{_table(m[2])}表中的商机"),
    (r"amounts in several currencies \((.+)\) without exchange rates", lambda m: f"多种币种（{m[1]}）的金额没有汇率"),
    (r"amounts in (.+), which (.+) gives no rate for", lambda m: f"{m[1]} 的金额在 {m[2]} 中没有汇率"),
    # fixes
    (r"correct the sign of the amount", "更正金额的正负号"),
    (r"fix the amount text", "修正金额文本"),
    (r"write the date in one format", "统一日期格式"),
    (r"write the probability as 0–100", "以 0–100 填写赢率"),
    (r"keep probabilities within 0–100%", "将赢率保持在 0–100% 之内"),
    (r"correct the value", "更正该值"),
    (r"correct the created or close date", "更正创建日期或成交日期"),
    (r"give every deal a stage", "为每个商机填写阶段"),
    (r"repair the rows' quoting or delimiters", "修复这些行的引号或分隔符"),
    (r"export the file again", "重新导出文件"),
    (r"give every column its own name", "为每一列取不同的名称"),
    (r"remove the repeated rows", "删除重复的行"),
    (r"merge the records that share (an email|a phone number)", lambda m: f"合并{_SHARED[m[1]]}相同的记录"),
    (r"check whether these are the same person and merge", "核实是否为同一人，是则合并"),
    (r"correct or remove the address", "更正或删除该地址"),
    (r"correct the number", "更正该号码"),
    (r"enter the deal's amount", "填写商机金额"),
    (r"close the deal or move its expected close date", "关闭该商机，或调整其预计成交日期"),
    (r"correct the created date", "更正创建日期"),
    (r"clear the date, or enter the real one", "清空该日期，或填写真实日期"),
    (r"add the stage to a --map file with its status and probability", "在 --map 文件中加入该阶段及其状态和赢率"),
    (r"fill in the (\w+)", lambda m: f"填写{_column(m[1])}"),
    (r"add an email or phone", "补充邮箱或电话"),
    (r"drop the column from the export", "从导出中删去该列"),
    (r"use one spelling: ('.*')", lambda m: f"统一写法：{m[1]}"),
    (r"correct the spelling: (.+)", lambda m: f"更正拼写：{m[1]}"),
    (r"add the (\w+) to the (\w+) table or correct the deal",
     lambda m: f"将该{_column(m[1])}加入{_table(m[2])}表，或更正商机"),
    (r"give their rates with --rates, export converted amounts, or one currency per file",
     "用 --rates 提供汇率、导出换算后的金额，或每个文件只用一种币种"),
)
_COMPILED = tuple((re.compile(pattern), chinese) for pattern, chinese in SENTENCES)


def sentence_zh(text: str) -> str:
    """The Chinese of one of the audit's problems or fixes; the text itself when no pattern matches it whole."""
    for pattern, chinese in _COMPILED:
        match = pattern.fullmatch(text)
        if match:
            return chinese(match) if callable(chinese) else chinese
    return text
