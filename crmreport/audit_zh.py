"""The audit's problems and fixes, the warnings about cells that could not be used, and the reports' notes (how
the inputs were read, what a report could not compute) in Chinese for --lang zh (JSON keeps the English).

A finding's problem and fix are English sentences, some with values in them (a number of days, a spelling, a
profile's name, currencies); each pattern below matches one sentence whole and gives its Chinese, with the values
carried over. A data warning (problems.DataWarning) is one of those problems with its file, column, count, example,
rows and consequence around it. A sentence no pattern matches is shown as it is.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from .problems import DataWarning


def _column(name: str) -> str:
    """A canonical column named in a sentence ("close date", "close_date") in Chinese."""
    from .i18n import label

    return label(name.strip().replace(" ", "_"), "zh")


def _table(name: str) -> str:
    """A table named in a sentence ("accounts") in Chinese."""
    from .i18n import table_title

    return table_title(name, "zh")


_SHARED = {"an email": "邮箱", "a phone number": "电话号码", "an ID": "编号"}
_ENCODINGS = {"UTF-8": "UTF-8", "GB18030": "GB18030", "CP1252": "cp1252"}

Translation = Callable[[re.Match], str]
SENTENCES: tuple[tuple[str, str | Translation], ...] = (
    # problems
    (r"below zero", "小于零"),
    (r"could not be read as money", "无法识别为金额"),
    (r"names another currency than the currency column", "写的币种与币种列不同"),
    (r"could not be read as a date", "无法识别为日期"),
    (r"could not be read as a number", "无法识别为数字"),
    (r"could not be read as a percentage", "无法识别为百分比"),
    (r"could not be read as a month, quarter or year", "无法识别为月份、季度或年份"),
    (r"could not be read as (?:true/false|yes/no)", "无法识别为是/否"),
    (r"is not revenue, expense or budget", "不是收入、支出或预算"),
    (r"not open, won or lost", "不是进行中、赢单或输单"),
    (r"not a positive rate", "不是正数汇率"),
    (r"outside (\S+)–(\S+)", lambda m: f"超出 {m[1]}–{m[2]} 的范围"),
    (r"dated after the close date", "晚于成交日期"),
    (r"missing, and no status either", "缺失，且没有状态"),
    (r"stands beside an income on the same line", "与同一行的收入并列"),
    (r"matched no open, won or lost word", "不是表示进行中、赢单或输单的用词"),
    (r"had more cells than the header", "单元格比表头多"),
    (r"had far more cells than the header", "单元格远比表头多"),
    (r"found in the text", "出现在文本中"),  # said of NUL bytes
    (r"with the same name in the header", "与表头中另一列同名"),
    (r"with a formula whose result the workbook does not keep \(written by a program, never saved by a spreadsheet\)",
     "含公式，但工作簿未保存其结果（由程序写出，未经电子表格保存）"),
    (r"held bytes that are not (\S+)", lambda m: f"含有不属于 {_ENCODINGS.get(m[1], m[1])} 编码的字节"),
    (r"rows identical to an earlier row", "与前面某行完全相同的行"),
    (r"rows share (an email|a phone number|an ID) with an earlier row", lambda m: f"与前面的行{_SHARED[m[1]]}相同的行"),
    (r"rows whose ID an earlier file holds too \(overlapping exports\?\)", "编号也出现在前面某个文件中的行（导出有重叠？）"),
    (r"names in the same company that look like one person \(score ≥ (\S+)\)",
     lambda m: f"同一公司中看似同一人的姓名（相似度 ≥ {m[1]}）"),
    (r"email addresses that are not valid", "无效的邮箱地址"),
    (r"phone numbers that cannot be a real number", "不可能存在的电话号码"),
    (r"numbers a spreadsheet wrote in scientific notation, their last digits lost", "被电子表格写成科学计数法的数字，末几位已丢失"),
    (r"won or open deals with a zero amount", "金额为零的赢单或进行中商机"),
    (r"open deals whose expected close date passed more than (\d+) days ago",
     lambda m: f"预计成交日期已过去 {m[1]} 天以上的进行中商机"),
    (r"created dates in the future", "在未来的创建日期"),
    (r"standing for no date \(before 1900, a calendar's first day, from the year 9000 on\)",
     "是代表“无日期”的占位日期（1900 年以前、日历的起始日、9000 年及以后）"),
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
    (r"keep one row per ID: reports count every row", "每个编号只保留一行：报告按行计数"),
    (r"give each record once: leave out the older export, or the rows both hold",
     "每条记录只给一次：去掉较早的导出，或两份共有的行"),
    (r"check whether these are the same person and merge", "核实是否为同一人，是则合并"),
    (r"correct or remove the address", "更正或删除该地址"),
    (r"correct the number", "更正该号码"),
    (r"export again from the CRM, or format the column as text before saving", "从 CRM 重新导出，或在保存前把该列设为文本格式"),
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


def _translated(text: str, patterns) -> str | None:
    for pattern, chinese in patterns:
        match = pattern.fullmatch(text)
        if match:
            return chinese(match) if callable(chinese) else chinese
    return None


def sentence_zh(text: str) -> str:
    """The Chinese of one of the audit's problems or fixes; the text itself when no pattern matches it whole."""
    return _translated(text, _COMPILED) or text


CONSEQUENCES: tuple[tuple[str, str | Translation], ...] = (
    (r"amounts left unconverted", "金额未换算"),
    (r"the stage's default is used", "改用该阶段的默认赢率"),
    (r"the stage decides", "由阶段决定"),
    (r"counted as no", "按“否”计"),
    (r"those deals are left out of open/won/lost figures", "这些商机不计入进行中、赢单、输单的数字"),
    (r"those deals count as open", "这些商机按进行中计"),
    (r"those targets are left out", "这些目标不予计入"),
    (r"the income is read, the expense left out", "读取收入，支出不予计入"),
    (r"those deals count without an amount", "这些商机按无金额计"),
    (r"the currency column's is taken", "以币种列为准"),
    (r"left out of figures that need it", "不计入需要它的数字"),
    (r"read as no date: left out of figures that need it", "按无日期读取：不计入需要它的数字"),
    (r"those (lines|rows|values) are left out", lambda m: {"lines": "这些行", "rows": "这些行", "values": "这些值"}[m[1]]
     + "不计入"),
    (r"that stage is not counted as entered", "该阶段不算已进入"),
    (r"the cells beyond the header were dropped", "超出表头的单元格已舍弃"),
    (r"removed before reading", "已在读取前删除"),
    (r"read as empty or 0: open the workbook in Excel or LibreOffice, save it and read it again",
     "按空值或 0 读取：请在 Excel 或 LibreOffice 中打开并保存该工作簿后再读取"),
    (r"read with \ufffd in their place", "以 \ufffd 代替读取"),
    (r"the first is used; this one is read as ('.*')", lambda m: f"使用第一列；这一列按 {m[1]} 读取"),
    (r"the (\w+) of those deals is ignored", lambda m: f"这些商机的{_column(m[1])}不予采用"),
)
_CONSEQUENCES = tuple((re.compile(pattern), chinese) for pattern, chinese in CONSEQUENCES)
_NOUNS = {"value": "个值", "row": "行", "column": "列", "NUL byte": "个 NUL 字节", "column name": "个列名",
          "cell": "个单元格"}
_PLACES = {"rows": "行", "file": "文件", "header": "表头"}  # what a warning names when it is not about one column


def _warning_column(warning: "DataWarning") -> str:
    """What a warning is about in Chinese: the canonical column's word before the file's header ("金额 (Amount)"),
    a place (行, 文件, 表头), or the header alone."""
    if warning.canonical and warning.column.startswith(warning.canonical):
        return _column(warning.canonical) + warning.column[len(warning.canonical):]
    if re.fullmatch(r"[a-z_]+", warning.column):
        return _PLACES.get(warning.column) or _column(warning.column)
    return warning.column


def data_warning_zh(warning: "DataWarning") -> str:
    """A warning about cells that could not be used, in Chinese: file, column, count, problem, example, rows and
    consequence each in their Chinese; the English line when its problem or consequence has no pattern."""
    problem = _translated(warning.problem, _COMPILED)
    consequence = _translated(warning.consequence, _CONSEQUENCES)
    if problem is None or consequence is None:
        return warning.text()
    example = f"，例如 {warning.example!r}" if warning.example is not None else ""
    rows = f"（第 {warning.rows_listed()} 行）" if warning.rows else ""
    return (f"{warning.source}：{_warning_column(warning)}：{warning.count} {_NOUNS.get(warning.noun, warning.noun)}"
            f"{problem}{example}{rows}；{consequence}")


def _held(text: str) -> str | None:
    """What trailing rows hold ("totals ('Total') and the export's footer ('…')"), in Chinese."""
    match = re.fullmatch(r"(?:totals \(('.*?')\))?(?: and )?(?:the export's footer \(('.*')\))?", text)
    if not match or not (match[1] or match[2]):
        return None
    return "和".join(part for part in (match[1] and f"合计（{match[1]}）", match[2] and f"导出的页脚（{match[2]}）")
                    if part)


_RECORDS = {"deal": "商机", "customer": "客户", "activity": "活动", "ticket": "工单"}
_ONE_PERIOD = {"week": "周", "month": "个月", "quarter": "个季度", "year": "年"}
_PERIOD_UNITS = {"week": "周", "month": "月", "quarter": "季度", "year": "年"}
_LEDGER_KINDS = {"revenue": "收入", "expense": "支出", "budget": "预算"}
_SCALE_UNITS = {"thousands": "千", "tens of thousands": "万", "millions": "百万", "hundreds of millions": "亿",
                "billions": "十亿"}
_TICKET_TIMES = {"first response": "首次响应", "resolution": "解决"}

_PERIOD_ENDS = {"the start": "起始", "the end": "结束"}  # a period without --since or --until
# what dated_in_period counts, and the measure word its count takes: "3 个工单", "2 条订单明细"
_PERIOD_NOUNS = {"ticket": ("个", "工单"), "tickets": ("个", "工单"), "lead": ("条", "线索"), "leads": ("条", "线索"),
                 "order line": ("条", "订单明细"), "order lines": ("条", "订单明细"), "activity": ("个", "活动"),
                 "activities": ("个", "活动")}
# a report's notes on how its inputs were read (rows left out, cells filled, files overlapping, a funnel per
# pipeline) and on what it could not compute, clause by clause (clauses are joined by "; ")
NOTES: tuple[tuple[str, str | Translation], ...] = (
    (r"the last row holds (.+), not a record: left out",
     lambda m: f"最后一行是{held}，不是记录：已略去" if (held := _held(m[1])) else None),
    (r"the last (\d+) rows hold (.+), not records: left out",
     lambda m: f"最后 {m[1]} 行是{held}，不是记录：已略去" if (held := _held(m[2])) else None),
    (r"row (\d+) holds subtotals \(('.*')\) between the records \(a grouped export\?\), not records: left out",
     lambda m: f"第 {m[1]} 行是记录之间的小计（{m[2]}）（分组导出？），不是记录：已略去"),
    (r"(\d+) rows \((.+)\) hold subtotals \(('.*')\) between the records \(a grouped export\?\), not records: left out",
     lambda m: f"{m[1]} 行（第 {m[2]} 行）是记录之间的小计（{m[3]}）（分组导出？），不是记录：已略去"),
    (r"('.*') left blank below each group's first row( \(a grouped export: its subtotals end the file\))?: the group's "
     r"value is used",
     lambda m: f"{m[1]} 在每组首行以下留空" + ("（分组导出：其小计在文件末尾）" if m[2] else "") + "：取该组的值"),
    (r"row (\d+) is empty, not a record: left out", lambda m: f"第 {m[1]} 行是空行，不是记录：已略去"),
    (r"(\d+) rows \((.+)\) are empty, not records: left out",
     lambda m: f"{m[1]} 行（第 {m[2]} 行）是空行，不是记录：已略去"),
    (r"the sheet is hidden in the workbook: read as any other \(delete it to leave it out\)",
     "该工作表在工作簿中被隐藏：与其他工作表一样读取（如不需计入请删除）"),
    (r"row (\d+) repeats the header \(files joined together\?\), not records: left out",
     lambda m: f"第 {m[1]} 行重复了表头（多个文件拼接在一起？），不是记录：已略去"),
    (r"(\d+) rows \((.+)\) repeat the header \(files joined together\?\), not records: left out",
     lambda m: f"{m[1]} 行（第 {m[2]} 行）重复了表头（多个文件拼接在一起？），不是记录：已略去"),
    (r"row (\d+) repeats the header over each group, not records: left out",
     lambda m: f"第 {m[1]} 行是分组上方重复的表头，不是记录：已略去"),
    (r"(\d+) rows \((.+)\) repeat the header over each group, not records: left out",
     lambda m: f"{m[1]} 行（第 {m[2]} 行）是各分组上方重复的表头，不是记录：已略去"),
    (r"row (\d+) names the group of rows below it \((.+)\), not a record: left out",
     lambda m: f"第 {m[1]} 行是其下方各行的分组名（{m[2]}），不是记录：已略去"),
    (r"(\d+) rows \((.+?)\) name the groups of rows below them \((.+)\), not records: left out",
     lambda m: f"{m[1]} 行（第 {m[2]} 行）是其下方各行的分组名（{m[3]}），不是记录：已略去"),
    (r"('.*'): (\d+) cells? lies? under (?:a merged cell|merged cells) and takes? (?:its|their) value",
     lambda m: f"{m[1]}：{m[2]} 个单元格位于合并单元格之下，取其值"),
    (r"(\d+) rows?'s? (deal|customer|activity|ticket) IDs? (?:is|are) in (.+) too, e\.g\. ('.*') \(overlapping "
     r"exports\?\): reports count both rows",
     lambda m: f"{m[1]} 行的{_RECORDS[m[2]]}编号也出现在 {m[3]} 中，例如 {m[4]}（导出有重叠？）：报告会把两行都计入"),
    (r"the same (\d+) rows as (.+) \(one export given twice\?\): read once",
     lambda m: f"与 {m[2]} 的 {m[1]} 行相同（同一份导出给了两次？）：只读一次"),
    (r"one row per stage and no deal names, IDs, owners or dates: a summary of deals, not deals",
     "每个阶段一行，且没有商机名称、编号、负责人或日期：是商机汇总，不是商机"),
    (r"skipped", "已跳过"),
    (r"holds the other files' names and headers, not records \(a data dictionary's layout\)",
     "列出的是其他文件的名称和表头，不是记录（数据字典的版式）"),
    (r"deals from (\d+) pipelines \((.+)\): a funnel for each, as their stages are not one sequence",
     lambda m: f"商机来自 {m[1]} 个销售流程（{m[2]}）：各出一个漏斗，因为它们的阶段不构成同一序列"),
    (r"--where pipeline=NAME for one", "用 --where pipeline=名称 只看其中一个"),
    # what a report could not compute, and why
    (r"(\d+) won deals? lacks? a created or close date and (?:is|are) left out of the cycle",
     lambda m: f"{m[1]} 个赢单商机缺少创建日期或成交日期，不计入销售周期"),
    (r"(\d+) (?:person|people) from files without a (converted column|status) \(contacts, users, campaign members\): "
     r"not counted as leads",
     lambda m: f"{m[1]} 人来自没有{'是否转化列' if m[2] == 'converted column' else '状态列'}的文件（联系人、用户、"
               "营销活动成员）：不算作线索"),
    (r"(\d+) open deals? (?:has|have) no amount", lambda m: f"{m[1]} 个进行中商机没有金额"),
    (r"(?:it|they) counts? in open_count only", "只计入进行中商机数"),
    (r"([\d,]+) won deals? (?:has|have) no amount", lambda m: f"{m[1]} 个赢单商机没有金额"),
    (r"(?:it|they) counts? as 0 in (won_amount and avg_deal_size|won_amount|revenue)",
     lambda m: {"won_amount and avg_deal_size": "在赢单金额和平均成交额中按 0 计", "won_amount": "在赢单金额中按 0 计",
                "revenue": "在收入中按 0 计"}[m[1]]),
    (r"(\d+) open deals? (?:has|have) no stage", lambda m: f"{m[1]} 个进行中商机没有阶段"),
    (r"(?:it|they) counts? as having reached the first stage", "按已到达第一阶段计"),
    (r"(\d+) open deals? with an amount (?:has|have) no probability \(none in the export, stage unknown to the stage "
     r"table\)", lambda m: f"{m[1]} 个有金额的进行中商机没有赢率（导出中没有，阶段表也不认识其阶段）"),
    (r"(?:it is|they are) left out of weighted_amount", "不计入加权金额"),
    (r"(\d+) order lines? (?:has|have) no customer id and (?:is|are) left out",
     lambda m: f"{m[1]} 条订单明细没有客户编号，不予计入"),
    (r"(\d+) order lines? (?:has|have) no customer id", lambda m: f"{m[1]} 条订单明细没有客户编号"),
    (r"(?:it|they) counts? in revenue and orders but not in customer figures or RFM",
     "计入收入和订单数，但不计入客户相关数字和 RFM"),
    (r"(\d+) sales? (?:has|have) no cost", lambda m: f"{m[1]} 笔销售没有成本"),
    (r"(?:its|their) profit (?:is|are) unknown", "利润未知"),
    (r"(\d+) customers? (?:has|have) no churn flag or status", lambda m: f"{m[1]} 个客户没有流失标记或状态"),
    (r"left out", "不予计入"),
    (r"activities and deals share no deal_id: activities per won deal and stale deals left out",
     "活动与商机没有共同的商机编号：每个赢单商机的活动数和停滞商机不予计算"),
    (r"amount = quantity × unit price \(no amount column\)", "金额 = 数量 × 单价（没有金额列）"),
    (r"interactions carry no customer \(and no deal to find one\): counts per customer left out",
     "互动记录没有客户（也没有可据以找到客户的商机）：按客户的统计不予计算"),
    (r"no SLA hours column: SLA compliance left out \(add one, or name it in a --map file\)",
     "没有 SLA 时限列：不计算 SLA 达标率（请补上该列，或在 --map 文件中指定）"),
    (r"no account column: new customers left out", "没有客户列：不计算新客户"),
    (r"no activity names one of these deals \(its deal_id\): every open deal counts as stale",
     "没有任何活动指向这些商机（按商机编号）：所有进行中商机都算作停滞"),
    (r"check that both exports come from the same CRM", "请确认两份导出来自同一个 CRM"),
    (r"no (\w+) column in the deals: table by_(\w+) left out",
     lambda m: f"商机中没有{_column(m[1])}列：不生成按{_column(m[2])}的表" if m[1] == m[2] else None),
    (r"no cost column \(orders\) or product cost \(products table\): profit and margin unknown",
     "没有成本列（订单）或产品成本（产品表）：利润和利润率未知"),
    (r"no created and resolved times: same-day close left out", "没有创建和解决时间：不计算当日关闭率"),
    (r"no deals with deal ids given: the effect of interactions on deals is left out",
     "没有带商机编号的商机：不计算互动对商机的影响"),
    (r"no leads table: lead conversion needs one", "没有线索表：线索转化率需要它"),
    (r"only deal win rates by source are shown", "只显示按来源的商机赢单率"),
    (r"no revenue column: ROI cannot be computed", "没有收入列：无法计算 ROI"),
    (r"no churn could be measured \(one (week|month|quarter|year) of orders, or nobody left\)",
     lambda m: f"无法测得流失（只有一{_ONE_PERIOD[m[1]]}的订单，或无人流失）"),
    (r"(\d+) (revenue|expense|budget) lines? of the ledger (?:has|have) no date and (?:is|are) left out",
     lambda m: f"收支流水中有 {m[1]} 条{_LEDGER_KINDS[m[2]]}明细没有日期，不予计入"),
    (r"(\d+) order lines? (?:has|have) no order_date and (?:is|are) left out",
     lambda m: f"{m[1]} 条订单明细没有订单日期，不予计入"),
    (r"(\d+) (ticket|lead|order line|activity|activities|tickets|leads|order lines) (?:has|have) no (\w+) and "
     r"(?:is|are) left out of the period",
     lambda m: f"{m[1]} {''.join(_PERIOD_NOUNS[m[2]])}没有{_column(m[3])}，不计入该期间"),
    (r"the (tickets|leads|order lines|activities) have no (\w+): --since/--until not applied to them",
     lambda m: f"{_PERIOD_NOUNS[m[1]][1]}没有{_column(m[2])}：--since/--until 对其不适用"),
    (r"--where ('.+') keeps none of the ([\d,]+) rows of (\w+)",
     lambda m: f"--where {m[1]} 未保留{_table(m[3])}表 {m[2]} 行中的任何一行"),
    (r"no deal closed between (.+) and (.+)",  # a clause of the note apply_period gives a period without deals
     lambda m: f"{_PERIOD_ENDS.get(m[1], m[1])} 至 {_PERIOD_ENDS.get(m[2], m[2])} 之间没有结束的商机"),
    (r"the export's closed deals closed between (\S+) and (\S+)",
     lambda m: f"导出中已结束的商机结束于 {m[1]} 至 {m[2]} 之间"),
    (r"(\d+) closed deals? (?:has|have) no close date and (?:is|are) left out of the period",
     lambda m: f"{m[1]} 个已结束的商机没有成交日期，不计入该期间"),
    (r"(\d+) campaigns? (?:has|have) no start or end date and (?:is|are) left out of the period",
     lambda m: f"{m[1]} 个营销活动没有开始或结束日期，不计入该期间"),
    (r"(\d+) campaign\(s\) named by leads or deals are not in the campaigns table: (.+)",
     lambda m: f"线索或商机提到的 {m[1]} 个营销活动不在营销活动表中：{m[2]}"),
    (r"churn from a customers table is the base as exported \(flags, statuses\), in no period: --since/--until not "
     r"applied", "按客户表计算的流失即导出时的客户状况（标记、状态），不分期间：--since/--until 不适用"),
    (r"only (\d+) (week|month|quarter|year)\(s\) of won revenue: too little history for a trend forecast",
     lambda m: f"只有 {m[1]} 个{_PERIOD_UNITS[m[2]]}的赢单收入：历史太短，无法做趋势预测"),
    (r"(\d+) periods? of history: the forecast is the mean of the last 3, not a fitted model",
     lambda m: f"只有 {m[1]} 期历史：预测取最近 3 期的平均值，不是拟合的模型"),
    (r"(\d+) tickets? (?:has|have) a (first response|resolution) before (?:its|their) creation",
     lambda m: f"{m[1]} 个工单的{_TICKET_TIMES[m[2]]}早于创建"),
    (r"left out of the (first response|resolution) times", lambda m: f"不计入{_TICKET_TIMES[m[1]]}时间"),
    (r"ratings are good/bad: CSAT is the share of good", "评分为好/差：CSAT 为“好”的占比"),
    (r"no average rating, no NPS \(it needs 0–10 answers\)", "没有平均评分，也没有 NPS（它需要 0–10 分的回答）"),
    (r"unknown metric\(s\) (.+): known are revenue and deals",
     lambda m: f"未知的指标 {m[1]}：已知的是收入 (revenue) 和商机数 (deals)"),
    (r"CLV needs a lifespan — use a shorter --period or a longer export", "CLV 需要客户生命周期：请用更短的 --period 或更长的导出"),
    (r"ratings are on a 1–5 scale: no NPS \(it needs 0–10 answers\)", "评分为 1–5 分制：没有 NPS（它需要 0–10 分的回答）"),
    (r"revenue from orders", "收入来自订单"),
    (r"revenue from won deals", "收入来自赢单商机"),
    (r"the deals have no lead_source column: no win rate by source", "商机没有线索来源列：没有按来源的赢单率"),
    (r"expenses are written as negative amounts", "支出以负数金额书写"),
    (r"revenue and expenses are in two columns \(('.*'), ('.*')\): each line is the kind its amount stands under",
     lambda m: f"收入和支出分列两栏（{m[1]}、{m[2]}）：每行按其金额所在的栏计为收入或支出"),
    (r"read as positive spending", "按正数支出读取"),
    (r"satisfaction is written good/bad \(Zendesk\): good counts as satisfied",
     "满意度以好/差书写（Zendesk）：“好”计为满意"),
    (r"offered and unoffered are no answer", "offered 和 unoffered 为未作答"),
    (r"(\d+) 'Date entered' column\(s\) not used as stage history: the export has no deal ID column to link them to "
     r"their deals", lambda m: f"{m[1]} 个 'Date entered' 列未用作阶段历史：导出中没有商机编号列，无法将其对应到商机"),
    (r"(\w+): ('.+') gives the amounts in (" + "|".join(_SCALE_UNITS) + r"): read × ([\d,]+)",
     lambda m: f"{_column(m[1])}：表头 {m[2]} 表明金额以{_SCALE_UNITS[m[3]]}为单位：按 × {m[4]} 读取"),
    (r"(\w+): the workbook shows the amounts in (\w+) \(their number format\): read in (\w+)",
     lambda m: f"{_column(m[1])}：工作簿以 {m[2]} 显示金额（其数字格式）：按 {m[3]} 读取"),
    (r"(\w+): '\.' groups thousands, as no value in the column has decimals or a ',' \(1\.200 is read as 1200, not "
     r"1\.2\)", lambda m: f"{_column(m[1])}：'.' 为千位分隔符，因为该列没有带小数或 ',' 的值（1.200 读作 1200，而不是 1.2）"),
    (r"(\w+): (\d+) values? names? a month only, e\.g\. ('.+'): read as the month's (first|last) day",
     lambda m: f"{_column(m[1])}：{m[2]} 个值只写了月份，例如 {m[3]}：按该月{'第一天' if m[4] == 'first' else '最后一天'}读取"),
    (r"(\w+): ('.+') holds Unix time \(([\d,]+) values?\): read in UTC, as the header gives no offset from it",
     lambda m: f"{_column(m[1])}：{m[2]} 为 Unix 时间戳（{m[3]} 个值）：按 UTC 读取，因为表头未给出与 UTC 的时差"),
    (r"(\w+): ('.+') holds Unix time \(([\d,]+) values?\): read in (UTC(?:[+-]\d{2}:\d{2})?), as the header states",
     lambda m: f"{_column(m[1])}：{m[2]} 为 Unix 时间戳（{m[3]} 个值）：按表头所示的 {m[4]} 读取"),
    (r"amount: (?:1 won deal counts|([\d,]+) won deals count) ('.+') \(what (?:it was|they were) won for\)"
     r"(?:, not ('.+'))?",
     lambda m: f"金额：{m[1] or 1} 个赢单商机按 {m[2]}（实际成交金额）计" + (f"，而不是 {m[3]}" if m[3] else "")),
    (r"([\d,]+) deals? (?:is|are) on ([\d,]+) rows, one per product or contact, the deal's own columns repeated \(an "
     r"opportunities-with-products export\?\): each deal counted once",
     lambda m: f"{m[1]} 个商机分布在 {m[2]} 行上，每个产品或联系人一行，商机本身的各列重复（带产品的商机导出？）："
               "每个商机只计一次"),
    (r"status: ([\d,]+) deals? archived or with a lost reason counts? as lost, (?:their stages|its stage) as left",
     lambda m: f"状态：{m[1]} 个已归档或有输单原因的商机按输单计，阶段保持原样"),
    (r"(\w+): ([\d,]+) spellings? counted as another that differs only in case, spaces or punctuation \((.+)\)",
     lambda m: f"{_column(m[1])}：{m[2]} 种写法与另一写法仅有大小写、空格或标点之差，按该写法计（{m[3]}）"),
    (r"the file has a header but no data rows — skipped \(found in a folder\)", "文件只有表头，没有数据行——已跳过（在文件夹中找到）"),
)
_NOTES = tuple((re.compile(pattern), chinese) for pattern, chinese in NOTES)


def _clauses_zh(text: str) -> str | None:
    """``text`` clause by clause in Chinese; None unless every clause has its pattern."""
    chinese = [_translated(clause, _NOTES) for clause in text.split("; ")]
    return "；".join(chinese) if all(chinese) else None


def note_zh(text: str) -> str:
    """A report's note (NOTES: how its inputs were read, what it could not compute; a table left out, with the
    refusal's REASONS) in Chinese, after the file it names first when it names one; the text itself when a clause
    has no pattern."""
    table, left_out, refusal = text.partition(" left out: ")  # a table a report could not use, and why
    if left_out and (why := _translated(refusal, _REASONS)):
        return f"{_table(table)}不予计入：{why}"
    source, colon, rest = text.partition(": ")
    translated = _clauses_zh(rest) if colon else None
    if translated:
        return f"{source}：{translated}"
    return _clauses_zh(text) or text


def _tables(text: str) -> str:
    """Tables named in a sentence ("an orders or a customers") in Chinese, joined by 或."""
    return "或".join(_table(name) for name in re.findall(r"\ban? ([\w-]+)", text))


def _read(text: str) -> str:
    """The inputs a refusal lists ("deals.csv (deals), notes.txt (unrecognised)"), their tables in Chinese."""
    return re.sub(r" \(([a-z_]+)\)(?=, |$)",
                  lambda m: f"（{'未识别' if m[1] == 'unrecognised' else _table(m[1])}）", text)


_SEVERAL_CURRENCIES = (r"amounts are in several currencies \((.+)\) and the export has no exchange rate for every row "
                       r"of the (\w+); crmreport will not add up different currencies\. Give the rates with --rates "
                       r"rates\.csv, filter with --where currency=XXX, or export amounts converted to one currency\.")
# why a report could not run on the inputs (a dashboard's "not run" list), after the report's own name
REASONS: tuple[tuple[str, str | Translation], ...] = (
    (r"needs (.+) table, but none of the inputs is one \(read: (.*)\)\.( A deals table needs a stage column, or a "
     r"status column beside an amount or a close date\.)?",
     lambda m: f"需要{_tables(m[1])}表，但输入中没有（已读取：{_read(m[2])}）。"
               + ("商机表需要阶段列，或者状态列加上金额或成交日期。" if m[3] else "")),
    (r"needs column\(s\) (.+) in the (\w+) table, but no input has them\. Headers found: (.*)\. Headers tried: (.*)\. "
     r"Name the right header in a --map file, e\.g\. (.*)\.",
     lambda m: f"需要{_table(m[2])}表中的列 {m[1]}，但没有输入含有。找到的表头：{m[3]}。尝试过的表头：{m[4]}。"
               f"请在 --map 文件中指明对应的表头，例如 {m[5]}。"),
    (r"needs (\w+), and none of the (\d+) rows has one that could be read",
     lambda m: f"需要{_column(m[1])}，但 {m[2]} 行中没有一行有可读取的值"),
    (r"groups by (\w+), and the table has no \1 column: name its header in a --map file, or group by another column "
     r"with --by; columns: (.*)",
     lambda m: f"按{_column(m[1])}分组，但表中没有该列：请在 --map 文件中指明其表头，或用 --by 按其他列分组；现有列：{m[2]}"),
    (r"--by (\w+): no such column in the table; columns: (.*)", lambda m: f"--by {m[1]}：表中没有该列；现有列：{m[2]}"),
    (_SEVERAL_CURRENCIES,
     lambda m: f"金额有多种币种（{m[1]}），而导出中并非每行{_table(m[2])}都有汇率；crmreport 不会把不同币种相加。请用 "
               "--rates rates.csv 提供汇率、用 --where currency=XXX 筛选，或导出换算为同一币种的金额。"),
    (r"amounts are in several currencies \((.+)\) and so are the export's converted amounts \((.+)\); give the rates "
     r"with --rates rates\.csv, or filter with --where currency=XXX\.",
     lambda m: f"金额有多种币种（{m[1]}），导出中换算后的金额也是（{m[2]}）；请用 --rates rates.csv 提供汇率，或用 "
               "--where currency=XXX 筛选。"),
    (r"--rates (.+) has no rate for (.+) \(amounts are in (.+)\)",
     lambda m: f"--rates {m[1]} 中没有 {m[2]} 的汇率（金额的币种为 {m[3]}）"),
    (r"needs ticket times: created and first-response or resolved times, or a first-response duration column \(none "
     r"found\); name them in a --map file",
     "需要工单时间：创建时间加上首次响应或解决时间，或者首次响应时长列（均未找到）；请在 --map 文件中指明"),
    (r"needs orders, or a customers table with a churn flag, churn date or status \(none found\); name the column in "
     r"a --map file", "需要订单，或者带流失标记、流失日期或状态的客户表（均未找到）；请在 --map 文件中指明该列"),
    (r"needs customer_id and order_date in the orders table", "需要订单表中的客户编号和订单日期"),
    (r"needs a converted column \(or a status such as 'Converted'\) in the leads",
     "需要线索中的是否转化列（或如 'Converted' 的状态）"),
    (r"needs an owner or team column in the targets table", "需要目标表中的负责人或团队列"),
    (r"goals: the targets are per (\w+), but the deals have no \1 column",
     lambda m: f"目标按{_column(m[1])}设定，但商机中没有该列"),
    (r"needs the deals' close dates", "需要商机的成交日期"),
    (r"needs dated revenue: a ledger with revenue lines, orders, or won deals with a close date \(these deals have no "
     r"close date\)", "需要带日期的收入：有收入行的流水账、订单，或有成交日期的赢单商机（这些商机没有成交日期）"),
    (r"needs dated lines: a ledger with dated revenue or expense lines, orders, or won deals with a close date \(none "
     r"found\)", "需要带日期的明细：有带日期收支行的流水账、订单，或有成交日期的赢单商机（均未找到）"),
    (r"needs the amounts of won deals \(or an orders table\), and the deals table has no amount column",
     "需要赢单商机的金额（或订单表），但商机表没有金额列"),
    (r"revenue from won deals needs their amounts, and the deals table has no amount column",
     "来自赢单商机的收入需要其金额，但商机表没有金额列"),
    (r"failed: unexpected (\w+) \(a fault in crmreport; run again with --debug to see where\)",
     lambda m: f"失败：意外的 {m[1]}（crmreport 的缺陷；加 --debug 再运行可查看出错位置）"),
)
_REASONS = tuple((re.compile(pattern), chinese) for pattern, chinese in REASONS)

_MARKUP = {"web page": "网页", "Excel 2003 XML spreadsheet": "Excel 2003 XML 电子表格"}
# the errors a command stops with (exit 2) other than a report's refusal: files, encodings, options
ERRORS: tuple[tuple[str, str | Translation], ...] = (
    (r"(.+): no such file or folder", lambda m: f"{m[1]}：没有这个文件或文件夹"),
    (r"(.+): the folder holds no \.csv, \.tsv, \.txt, \.xlsx, \.xlsm, \.xls or \.ods file",
     lambda m: f"{m[1]}：文件夹中没有 .csv、.tsv、.txt、.xlsx、.xlsm、.xls 或 .ods 文件"),
    (r"(.+): cannot be read \((.+)\)", lambda m: f"{m[1]}：无法读取（{m[2]}）"),
    (r"(.+): the file is empty", lambda m: f"{m[1]}：文件是空的"),
    (r"(.+): the file has a header but no data rows", lambda m: f"{m[1]}：文件只有表头，没有数据行"),
    (r"(.+): every sheet of the workbook is empty", lambda m: f"{m[1]}：工作簿的每个工作表都是空的"),
    (r"(.+): unknown encoding (.+)", lambda m: f"{m[1]}：未知的编码 {m[2]}"),
    (r"(.+): not readable as (.+?) \((.+)\); try another --encoding",
     lambda m: f"{m[1]}：无法按 {m[2]} 读取（{m[3]}）；请用 --encoding 换一种编码"),
    (r"(.+): looks like a binary file, not a table \(NUL bytes in a (.+) text\)",
     lambda m: f"{m[1]}：看起来是二进制文件，不是表格（{m[2]} 文本中有 NUL 字节）"),
    (r"(.+): not a well-formed table \((.+)\)", lambda m: f"{m[1]}：不是格式正确的表格（{m[2]}）"),
    (r"(.+): not a readable \.xlsx workbook \(corrupt, password-protected or another format: (.+)\)",
     lambda m: f"{m[1]}：不是可读取的 .xlsx 工作簿（已损坏、有密码保护或是其他格式：{m[2]}）"),
    (r"(.+): a password-protected \(encrypted\) workbook or not a workbook at all, which cannot be read; save it "
     r"without a password as \.xlsx or CSV",
     lambda m: f"{m[1]}：有密码保护（已加密）的工作簿，或根本不是工作簿，无法读取；请不加密码另存为 .xlsx 或 CSV"),
    (r"(.+): a (web page|Excel 2003 XML spreadsheet) saved under an \.xls name with no table in it",
     lambda m: f"{m[1]}：以 .xls 为名保存的{_MARKUP[m[2]]}，其中没有表格"),
    (r"(.+): a web page saved under an \.xls name that cannot be read \((.+)\)",
     lambda m: f"{m[1]}：以 .xls 为名保存的网页无法读取（{m[2]}）"),
    (r"(.+): an Excel 2003 XML spreadsheet that is not well-formed \((.+)\)",
     lambda m: f"{m[1]}：Excel 2003 XML 电子表格格式不正确（{m[2]}）"),
    (r"(.+): an old Excel \.xls workbook needs python-calamine \(pip install python-calamine\), or save it as "
     r"\.xlsx or CSV",
     lambda m: f"{m[1]}：旧版 Excel .xls 工作簿需要 python-calamine（pip install python-calamine），或另存为 .xlsx 或 CSV"),
    (r"(.+): an OpenDocument spreadsheet \(\.ods\) needs python-calamine \(pip install python-calamine\), or save it "
     r"as \.xlsx or CSV",
     lambda m: f"{m[1]}：OpenDocument 电子表格（.ods）需要 python-calamine（pip install python-calamine），或另存为 .xlsx 或 CSV"),
    (r"(.+): no format crmreport writes has the suffix (\S+) \((.+)\); name the file with one of them, or choose the "
     r"format with --format",
     lambda m: f"{m[1]}：crmreport 写出的格式中没有后缀为 {m[2]} 的（{m[3]}）；请用其中之一命名文件，或用 --format 选择格式"),
    (r"--where ('.+'): (>=|<=|>|<) compares numbers and dates; (\w+) holds (text|yes or no)",
     lambda m: f"--where {m[1]}：{m[2]} 只比较数字和日期；{_column(m[3])} 为{'文本' if m[4] == 'text' else '是/否值'}"),
    (r"--where ('.+'): (>=|<=|>|<) takes one value", lambda m: f"--where {m[1]}：{m[2]} 只接受一个值"),
    (r"--where ('.+'): ('.+') is no date; write it as YYYY-MM-DD",
     lambda m: f"--where {m[1]}：{m[2]} 不是日期；请写作 YYYY-MM-DD"),
    (r"--where ('.+'): ('.+') is no number", lambda m: f"--where {m[1]}：{m[2]} 不是数字"),
    (r"--where ('.+'): ('.+') is no yes or no", lambda m: f"--where {m[1]}：{m[2]} 不是“是”或“否”"),
    (r"--where ('.+'): the amounts are in several currencies \((.+)\); compare within one, e\.g\. with "
     r"--where currency=(\w+)",
     lambda m: f"--where {m[1]}：金额有多种币种（{m[2]}）；请在一种币种内比较，例如加上 --where currency={m[3]}"),
    (r"(.+): \[columns\] names header\(s\) that no input has: (.+)",
     lambda m: f"{m[1]}：[columns] 中的表头没有任何输入含有：{m[2]}"),
    (r"the inputs \((.+)\) need about (.+) of memory to read, but (.+) are available; split the export by period, or "
     r"raise CRMREPORT_MEMORY_LIMIT if more memory is free",
     lambda m: f"输入（{m[1]}）读取约需 {m[2]} 内存，但只有 {m[3]} 可用；请按时段拆分导出，或在确有更多空闲内存时调高 "
               "CRMREPORT_MEMORY_LIMIT"),
    (r"(.+): the folder (.+) does not exist", lambda m: f"{m[1]}：文件夹 {m[2]} 不存在"),
    # --rates and --map files
    (r"--rates (.+): no such file", lambda m: f"--rates {m[1]}：没有这个文件"),
    (r"--rates (.+): not a readable CSV file \((.+)\)", lambda m: f"--rates {m[1]}：不是可读取的 CSV 文件（{m[2]}）"),
    (r"--rates (.+): needs a header with a currency and a rate column \(found: (.*)\)",
     lambda m: f"--rates {m[1]}：需要含 currency 和 rate 两列的表头（找到：{m[2]}）"),
    (r"--rates (.+): (.+) has the rate (.+); a rate is a positive number with a decimal point \(7\.24, 1,350\.5\)",
     lambda m: f"--rates {m[1]}：{m[2]} 的汇率为 {m[3]}；汇率须是用小数点书写的正数（7.24、1,350.5）"),
    (r"--rates (.+): (.+) has two different rates", lambda m: f"--rates {m[1]}：{m[2]} 有两个不同的汇率"),
    (r"--rates (.+): exactly one currency must have the rate 1 — the report currency \(found: (.+)\)",
     lambda m: f"--rates {m[1]}：须恰有一种币种的汇率为 1，即报告币种（找到：{'无' if m[2] == 'none' else m[2]}）"),
    (r"(.+): no such mapping file", lambda m: f"{m[1]}：没有这个映射文件"),
    (r"(.+): cannot read the mapping file \((.+)\)", lambda m: f"{m[1]}：无法读取映射文件（{m[2]}）"),
    (r"(.+): not valid TOML \((.+)\)", lambda m: f"{m[1]}：不是有效的 TOML（{m[2]}）"),
    (r"(.+): unknown section\(s\) (.+); expected \[columns\], \[stages\], \[options\]",
     lambda m: f"{m[1]}：未知的节 {m[2]}；应为 [columns]、[stages]、[options]"),
    (r"(.+): \[columns\] (.+) is not a canonical column; known: (.+)",
     lambda m: f"{m[1]}：[columns] {m[2]} 不是标准列；已知的列：{m[3]}"),
    (r"(.+): \[columns\] (.+) must name a header as a string", lambda m: f"{m[1]}：[columns] {m[2]} 须以字符串写出表头"),
    (r"(.+): \[stages\] (.+) needs status = \"open\", \"won\" or \"lost\"",
     lambda m: f"{m[1]}：[stages] {m[2]} 需要 status = \"open\"、\"won\" 或 \"lost\""),
    (r"(.+): \[stages\] (.+): probability must be a number from 0 to 100",
     lambda m: f"{m[1]}：[stages] {m[2]}：probability 须是 0 到 100 之间的数"),
    (r"(.+): \[options\] unknown key\(s\) (.+)", lambda m: f"{m[1]}：[options] 中有未知的键 {m[2]}"),
    (r"(.+): \[options\] probability_scale must be 1 or 100",
     lambda m: f"{m[1]}：[options] probability_scale 须为 1 或 100"),
    (r"(.+): \[options\] dayfirst must be true or false", lambda m: f"{m[1]}：[options] dayfirst 须为 true 或 false"),
    # options
    (r"(--since|--until|--as-of) (.+): expected a date as YYYY-MM-DD",
     lambda m: f"{m[1]} {m[2]}：应为 YYYY-MM-DD 格式的日期"),
    (r"--since (.+) is after --until (.+)", lambda m: f"--since {m[1]} 晚于 --until {m[2]}"),
    (r"--where (.+): expected column=value, column!=value, or column>value \(>=, <, <=\) for numbers and dates",
     lambda m: f"--where {m[1]}：应写作 列=值、列!=值，或对数字和日期写作 列>值（>=、<、<=）"),
    (r"--where (.+): no column (.+); columns: (.*)", lambda m: f"--where {m[1]}：没有列 {m[2]}；现有列：{m[3]}"),
    (r"--top must be 1 or more", "--top 须为 1 或以上"),
    (r"--fiscal-year-start must be a month number from 1 to 12, not (.+)",
     lambda m: f"--fiscal-year-start 须为 1 到 12 的月份数，而不是 {m[1]}"),
    (r"(\w+) does not group by a column: --by is for (.+)", lambda m: f"{m[1]} 不按列分组：--by 适用于 {m[2]}"),
    (r"--region (.+): not a region code such as US, CN, GB, DE", lambda m: f"--region {m[1]}：不是地区代码（如 US、CN、GB、DE）"),
    (r"--name-threshold must be between 0 and 100", "--name-threshold 须在 0 到 100 之间"),
    (r"--format (\w+) writes a binary file: name it with -o FILE\.\1",
     lambda m: f"--format {m[1]} 写出的是二进制文件：请用 -o FILE.{m[1]} 指定文件名"),
    (r"--table applies to --format csv", "--table 只用于 --format csv"),
    (r"(\S+) has no table (.+); tables: (.*)", lambda m: f"{m[1]} 没有表 {m[2]}；现有的表：{m[3]}"),
    (r"PDF output needs WeasyPrint, which is not installed \(or its system libraries, Pango, are missing\): pip "
     r"install 'crmreport\[pdf\]', or use --format html and print it from a browser",
     "PDF 输出需要 WeasyPrint，但它没有安装（或缺少其系统库 Pango）：请 pip install 'crmreport[pdf]'，或用 --format html "
     "再从浏览器打印"),
    (r"the dashboard is written as html, xlsx, pdf or json \(use -o dash\.html or --format\)",
     "仪表板可写为 html、xlsx、pdf 或 json（用 -o dash.html 或 --format 指定）"),
    (r"--strict: (\d+) data warning\(s\); the first: (.+)", lambda m: f"--strict：有 {m[1]} 条数据警告；第一条：{m[2]}"),
    (r"the dashboard was written without (.+): run again with --debug to see where",
     lambda m: f"仪表板已写出，但缺少 {m[1]}：加 --debug 再运行可查看出错位置"),
    (r"interrupted", "已中断"),
    (r"unexpected (\w+): (.*) \(run again with --debug to see where\)",
     lambda m: f"意外的 {m[1]}：{m[2]}（加 --debug 再运行可查看出错位置）"),
)
_ERRORS = tuple((re.compile(pattern, re.DOTALL), chinese) for pattern, chinese in ERRORS)


def other_error_zh(message: str) -> str | None:
    """An error other than a report's refusal (ERRORS) in Chinese; None when no pattern matches it whole."""
    return _translated(message, _ERRORS)


def reason_zh(report: str, reason: str) -> str | None:
    """Why ``report`` could not run (REASONS) in Chinese, without the report's name it begins with (a reason that
    only starts with the same word, "revenue from won deals …", is matched whole); None when no pattern matches."""
    return _translated(reason.removeprefix(f"{report} "), _REASONS) or _translated(reason, _REASONS)
