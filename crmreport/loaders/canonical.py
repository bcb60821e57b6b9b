"""Turn a raw table into a canonical one: choose columns by profile, parse values, derive status and dates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .. import parsing
from ..i18n import agree
from ..metrics import period_freq
from ..problems import DataWarning, warning_for
from ..workers import map_in_threads, start_in_thread
from .files import RawTable
from .lines import DEAL_OWN_COLUMNS, has_line_headers
from .profiles import (GENERIC, LOST_STAGE_PATTERN, STATUS_WORDS, WON_STAGE_PATTERN, Profile, Stage,
                       normalise_header, stage_key, stage_keys)

if TYPE_CHECKING:
    from .mapping import Mapping

DEAL_COLUMNS = ("deal_id", "deal_name", "account", "owner", "team", "pipeline", "stage", "status", "amount", "currency",
                "probability", "lead_source", "campaign", "created_date", "close_date", "lost_reason", "competitor",
                "region", "industry", "product", "type", "lead_id")
# Columns read from exports that only help derive the canonical ones (kept in the table as well).
HELPER_COLUMNS = ("expected_close_date", "won_time", "lost_time", "is_won", "is_closed", "is_active", "exchange_rate",
                  "converted_amount", "converted_currency", "forecast_category", "actual_amount")
CANONICAL_COLUMNS = DEAL_COLUMNS + HELPER_COLUMNS
# The column that names each record of a table once. Not orders' (an order's ID repeats on its lines), campaigns' (on
# each of their ads) or contacts' (a person list's ID is often another record's: a campaign member's lead ID)
RECORD_IDS = {"deals": "deal_id", "customers": "customer_id", "activities": "activity_id", "tickets": "ticket_id"}
# Columns a deals table always reads, whatever a report asks for: they derive status, close date, probability, stage
# order and currency, and all date columns decide together whether dates are day first.
DERIVING_COLUMNS = {"deals": ("stage", "status", "is_won", "is_closed", "won_time", "lost_time", "amount", "currency",
                              "exchange_rate", "converted_amount", "converted_currency", "probability",
                              "created_date", "close_date", "expected_close_date", "actual_amount")}

DATE_COLUMNS = ("created_date", "close_date", "expected_close_date", "won_time", "lost_time", "converted_date",
                "order_date", "period_start", "period_end", "date", "created_at", "first_response_at", "resolved_at",
                "start_date", "end_date", "churn_date", "entered_at")
PLACEHOLDER_READ_AS = "read as no date: left out of figures that need it"
# dates that end something: a month alone there is the month's last day (a deal expected to close in March is not
# slipping in mid-March; a target "to 2024-03" runs to its end)
ENDING_DATE_COLUMNS = ("close_date", "expected_close_date", "won_time", "lost_time", "period_end", "end_date")
NUMBER_COLUMNS = ("amount", "cost", "quantity", "target", "price", "duration_min", "satisfaction", "sla_hours",
                  "budget", "actual_cost", "impressions", "clicks", "responses", "leads", "conversions", "revenue",
                  "first_response_seconds", "tenure_months", "monthly_charges", "total_charges",
                  "first_response_hours", "first_response_minutes", "resolution_hours", "resolution_minutes",
                  "resolution_days", "income", "expense")
# durations, and the hours one unit of each is: a value written as a clock (1:15:00, parsing.clock_hours) is read too
CLOCK_COLUMNS = {"duration_min": 1 / 60, "first_response_seconds": 1 / 3600, "first_response_minutes": 1 / 60,
                 "first_response_hours": 1, "resolution_minutes": 1 / 60, "resolution_hours": 1, "resolution_days": 24,
                 "sla_hours": 1}
BOOL_COLUMNS = ("is_won", "is_closed", "is_active")
CONVERTED_LIFECYCLE_STAGES = ("customer", "evangelist")  # HubSpot lifecycle stages of a converted lead
GOOD_BAD = (5.0, 1.0)  # Zendesk's good and bad satisfaction, on the 1–5 scale's ends (CSAT counts 4 and 5)
# amounts of money, which spreadsheets write in ways other numbers are not (parsing.parse_amounts)
MONEY_COLUMNS = frozenset(("amount", "cost", "price", "budget", "actual_cost", "revenue", "monthly_charges",
                           "total_charges", "actual_amount", "income", "expense"))
CURRENCY_TABLES = ("orders", "ledger")  # besides deals: the tables whose amounts reports add up
PARSED_DEAL_COLUMNS = frozenset(("amount", "exchange_rate", "converted_amount", "actual_amount", "probability",
                                 *DATE_COLUMNS, *BOOL_COLUMNS))

# Names an extra column may not take: every canonical column of any table, and the columns derived from them.
RESERVED_NAMES = frozenset(CANONICAL_COLUMNS + DATE_COLUMNS + NUMBER_COLUMNS + BOOL_COLUMNS
                           + tuple(c for table in GENERIC.columns.values() for c in table)
                           + ("stage_order", "resolved", "answered", "churned", "converted", "kind",
                              "resolution_seconds", "first_response_seconds"))
MAX_EXTRA_COLUMNS = 200  # headers no canonical column took that are kept (the first ones of very wide exports)

# HubSpot's per-stage columns of a deals export: 'Date entered "Qualified To Buy (Sales Pipeline)"'
ENTERED_STAGE_RE = re.compile(r"""^date entered\s*["“](?P<stage>.+?)(?:\s*\([^()]*\))?["”]\s*$""", re.IGNORECASE)

# Typical stage words in pipeline order, for ordering stages no stage table knows.
GENERIC_STAGE_ORDER = (r"lead|new|inbound", r"prospect", r"contact|engag|touch", r"qualif", r"discover|needs|analysis",
                       r"demo|present|value", r"decision", r"proposal|quote|offer|报价", r"negotiat|review|谈判",
                       r"contract|commit|closing|verbal")


@dataclass
class CanonicalTable:
    """A raw table recognised as one of the canonical tables."""

    raw: RawTable
    profile: Profile
    table: str | None  # "deals", "owners", or None when not recognised
    columns: dict[str, str]  # canonical column -> header it came from
    aliases: dict[str, tuple[str, ...]]  # canonical column -> headers tried
    frame: pd.DataFrame | None = None
    warnings: list[DataWarning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    history: pd.DataFrame | None = None  # deals: the stages entered, from per-stage date columns (HubSpot)
    stage_positions: dict[str, float] = field(default_factory=dict)  # deals: stage key -> pipeline position
    placeholder_dates: dict[str, pd.Series] = field(default_factory=dict)  # date column -> rows read as no date

    @property
    def unmapped(self) -> list[str]:
        """Headers of the file that no canonical column took."""
        used = set(self.columns.values())
        return [header for header in self.raw.headers if header not in used]


@dataclass(frozen=True)
class HeaderUnit:
    """The currency and scale an amount column's header gives in brackets at its end: ``Amount (EUR)``,
    ``Revenue ($K)``, ``Budget (in thousands)``, ``金额（万元）``."""

    stem: str  # the header without the brackets
    currency: str | None  # ISO code
    scale: float  # what one unit of the column is worth: 1, 1e3, 1e4 (万), 1e6, 1e8 (亿), 1e9


# a header's scales: parsing's scale words in any case, and the thousands that only a header writes as digits
_SCALES = {word.lower(): scale for word, scale in parsing.SCALE_WORDS.items()} | {
    "000": 1e3, "000s": 1e3, "'000": 1e3, "'000s": 1e3}
SCALE_NAMES = {1e3: "thousands", 1e4: "tens of thousands", 1e6: "millions", 1e8: "hundreds of millions",
               1e9: "billions"}
_BRACKETED_RE = re.compile(r"(?P<stem>.*?\S)\s*[(（\[]\s*(?:in\s+)?(?P<unit>[^()（）\[\]]+?)\s*[)）\]]", re.IGNORECASE)
# German's T before a currency is a thousand of it (TEUR, T€, TUSD); alone it may be tonnes or a trillion
_THOUSAND_OF = "T"
_SCALE = "(?i:" + "|".join(re.escape(word) for word in sorted(_SCALES, key=len, reverse=True)) + \
    rf")|{_THOUSAND_OF}(?=[^\sa-z])"
_KNOWN_CODES = "|".join(sorted(set(parsing.CURRENCY_SYMBOLS.values())))  # these count in small letters too
_UNIT_RE = re.compile(rf"(?P<before>{_SCALE})?\s*(?P<currency>{parsing.CURRENCY_SYMBOL_RE}|[A-Z]{{3}}|"
                      rf"(?i:{_KNOWN_CODES}))?\s*(?P<after>{_SCALE})?")


def header_unit(header: str) -> HeaderUnit | None:
    """The currency and scale in brackets at the end of a header; None when it has none (``Amount``, ``Amount
    (converted)``, ``Probability (%)``). Currency codes count in capitals (``(NET)`` would be one, ``(Net)`` is not),
    and those CURRENCY_SYMBOLS stand for in any case (``(usd)``); scales whatever their case (``K``, ``000s``,
    ``thousands``, ``M``, ``millions``, 千, 万, 百万, 亿)."""
    bracketed = _BRACKETED_RE.fullmatch(str(header).strip())
    if not bracketed:
        return None
    if re.fullmatch("[A-Z]{3}", bracketed["unit"]):  # a code, though it may begin or end with a scale (BMD, MMK)
        return HeaderUnit(bracketed["stem"], parsing.currency_of(bracketed["unit"]), 1.0)
    parts = _UNIT_RE.fullmatch(bracketed["unit"])
    scales = [parts[group] for group in ("before", "after") if parts and parts[group]]
    written = parts["currency"] if parts else None
    if len(scales) > 1 or not (scales or written):
        return None
    currency = parsing.currency_of(written) if written else None
    scale = (1e3 if scales[0] == _THOUSAND_OF else _SCALES[scales[0].lower()]) if scales else 1.0
    return HeaderUnit(bracketed["stem"], currency, scale)


# a percentage's header with its % at the end: "Win Probability (%)", "赢率（%）", "Probability %"
_PERCENT_HEADER_RE = re.compile(r"(?P<stem>.*?\S)\s*(?:[(（\[]\s*[%％]\s*[)）\]]|[%％])")
PERCENT_COLUMNS = frozenset(("probability",))
# a date's header with its format or time zone in brackets at its end: "Close Date (MM/DD/YYYY)", "Created (UTC)",
# "Created Time (GMT+8)", "创建时间（北京时间）"
_DATE_HEADER_RE = re.compile(
    r"(?P<stem>.*?\S)\s*[(（\[]\s*(?:(?P<format>(?i:[dmy]{1,4}(?:\s*[-/.]\s*[dmy]{1,4}){2})(?:\s+(?i:h{1,2}:mm(?::ss)?)"
    r"(?:\s*(?i:am/pm|am|pm))?)?)|(?i:utc|gmt|local time)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?|[A-Z]{3,4}|北京时间)\s*[)）\]]")


_UTC_OFFSET_RE = re.compile(r"(?i:utc|gmt)(?:\s*(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?"
                            r"|(?P<beijing>北京时间)")


def stated_utc_offset(header: str) -> pd.Timedelta | None:
    """The time zone a date header states as an offset from UTC (``Created Time (GMT+8)``, ``(UTC)``, ``（北京时间）``),
    None when it states none (or names a zone, ``(EST)``, whose offset changes over the year)."""
    found = _DATE_HEADER_RE.fullmatch(str(header).strip())
    bracketed = _BRACKETED_RE.fullmatch(str(header).strip()) if found and not found["format"] else None
    zone = _UTC_OFFSET_RE.fullmatch(bracketed["unit"]) if bracketed else None
    if not zone:
        return None
    if zone["beijing"]:
        return pd.Timedelta(hours=8)
    if not zone["sign"]:
        return pd.Timedelta(0)
    offset = pd.Timedelta(hours=int(zone["hours"]), minutes=int(zone["minutes"] or 0))
    return -offset if zone["sign"] == "-" else offset


def stated_dayfirst(headers: list[str]) -> bool | None:
    """The day/month order date headers state (``Close Date (DD/MM/YYYY)``: day first), when they state one and
    agree; None otherwise (``(YYYY-MM-DD)`` states none)."""
    stated = set()
    for header in headers:
        found = _DATE_HEADER_RE.fullmatch(str(header).strip())
        written = (found["format"] or "").lower() if found else ""
        if "d" in written and "m" in written and not written.startswith("y"):
            stated.add(written.index("d") < written.index("m"))
    return stated.pop() if len(stated) == 1 else None


def match_columns(headers: list[str], profile: Profile, table: str, mapping: "Mapping") -> tuple[dict, dict]:
    """Canonical column -> header, by the mapping file first, then the profile's aliases, then generic ones; an amount
    column's header may carry its currency and scale in brackets (header_unit), a percentage's its %, a date's its
    format or time zone."""
    by_normal, money_stems, percent_stems, date_stems, unprefixed = {}, {}, {}, {}, {}
    for header in headers:
        by_normal.setdefault(normalise_header(header), header)
        if (prefixed := _DEAL_PREFIX_RE.match(str(header))) and table == "deals":
            unprefixed.setdefault(normalise_header(prefixed["field"]), header)
        unit = header_unit(header)
        if unit is not None:
            money_stems.setdefault(normalise_header(unit.stem), header)
        for pattern, stems in ((_PERCENT_HEADER_RE, percent_stems), (_DATE_HEADER_RE, date_stems)):
            found = pattern.fullmatch(str(header).strip())
            if found:
                stems.setdefault(normalise_header(found["stem"]), header)
    aliases: dict[str, tuple[str, ...]] = {}
    for source in (profile, GENERIC):
        for canonical, names in source.columns.get(table, {}).items():
            aliases[canonical] = aliases.get(canonical, ()) + tuple(n for n in names if n not in aliases.get(canonical, ()))
    chosen: dict[str, str] = {}
    taken: set[str] = set()
    for canonical, header in mapping.columns.items():
        if header in headers:
            chosen[canonical] = header
            taken.add(header)
    # a header as written first, then one with a unit at its end, for the columns such a unit fits
    for lookup, only in ((by_normal, None), (unprefixed, None), (money_stems, MONEY_COLUMNS),
                         (percent_stems, PERCENT_COLUMNS), (date_stems, DATE_COLUMNS)):
        for source in (profile, GENERIC):
            for canonical, names in source.columns.get(table, {}).items():
                if canonical in chosen or (only is not None and canonical not in only):
                    continue
                for name in names:
                    header = lookup.get(normalise_header(name))
                    if header is not None and header not in taken:
                        chosen[canonical] = header
                        taken.add(header)
                        break
    return chosen, aliases


# Pipedrive's deal fields, "Deal - <field>" in every language its exports are written in (Deal - Titel, Affaire -
# Titre, Trato - Título …): matched by the field when no header matches as written
_DEAL_PREFIX_RE = re.compile(r"(?i)^\s*(?:deal|affaire|trato|neg[oó]cio|trattativa)\s+-\s+(?P<field>.+)$")


# Stage headers that other sheets use too (a project tracker's Phase, Fase, Etapa): a stage only beside an amount, a
# close date or a probability
AMBIGUOUS_STAGE_HEADERS = frozenset(("phase", "fase", "etapa", "étape"))


# Which canonical table a raw table holds: the first whose test its matched columns pass.
TABLE_TESTS = (
    ("stage_history", lambda c: {"deal_id", "stage", "entered_at"} <= c),
    ("deals", lambda c: bool({"stage", "is_won"} & c) or ("status" in c and bool({"amount", "close_date"} & c))),
    ("targets", lambda c: "target" in c and bool({"period_start", "metric", "period"} & c)),
    ("campaigns", lambda c: bool({"name", "campaign_id"} & c) and bool({"budget", "actual_cost", "impressions"} & c)),
    ("tickets", lambda c: len({"priority", "satisfaction", "first_response_at", "resolved_at", "channel", "category",
                               "first_response_seconds", "first_response_hours", "first_response_minutes",
                               "sla_hours"} & c) >= 3
                          or ({"agent", "status", "created_at", "channel"} <= c and "email" not in c)
                          or ({"named_ticket_id", "created_at"} <= c
                              and bool({"status", "agent", "resolved_at", "satisfaction", "priority"} & c))),
    ("contacts", lambda c: bool({"email", "phone", "converted"} & c)),
    ("customers", lambda c: "customer_id" in c and bool({"churned", "tenure_months", "monthly_charges"} & c)),
    ("ledger", lambda c: {"date", "kind", "amount"} <= c or {"date", "income", "expense"} <= c),
    ("orders", lambda c: "order_date" in c and ("amount" in c or {"quantity", "price"} <= c)),
    ("activities", lambda c: "date" in c and bool({"subject", "type", "duration_min"} & c) and "amount" not in c),
    ("owners", lambda c: "owner" in c and bool({"team", "region"} & c)),
    ("accounts", lambda c: "account" in c and bool({"industry", "employees", "revenue", "parent_account"} & c)),
    ("products", lambda c: "product" in c and bool({"price", "series"} & c)),
)


def _named_ids(columns: dict[str, str]) -> set[str]:
    """``named_ticket_id`` when the ticket ID's header names a ticket or case ("Ticket ID", "Case Number", "工单编号"),
    not a bare "ID": with a created time, it makes a table of tickets."""
    header = columns.get("ticket_id", "")
    return {"named_ticket_id"} if re.search(r"(?i)ticket|case|工单", header) else set()


def classify(headers: list[str], profile: Profile, mapping: "Mapping") -> tuple[str | None, dict, dict]:
    """The canonical table that headers make (None when none), with canonical column -> header and aliases tried."""
    deal_columns, deal_aliases = match_columns(headers, profile, "deals", mapping)
    for table, test in TABLE_TESTS:
        columns, aliases = (deal_columns, deal_aliases) if table == "deals" else \
            match_columns(headers, profile, table, mapping)
        found = set(columns) | _named_ids(columns)
        if table == "deals" and normalise_header(columns.get("stage", "")) in AMBIGUOUS_STAGE_HEADERS \
                and not found & {"amount", "close_date", "expected_close_date", "probability"}:
            found.discard("stage")  # a project tracker's Phase: no deals without an amount, a date or a probability
        if test(found):
            return table, columns, aliases
    return None, deal_columns, deal_aliases


def recognise(raw: RawTable, profile: Profile, mapping: "Mapping") -> CanonicalTable:
    """Decide which canonical table a raw table holds and which header feeds each canonical column."""
    return CanonicalTable(raw, profile, *classify(raw.headers, profile, mapping))


def headers_to_read(headers: list[str], profile: Profile, mapping: "Mapping",
                    wanted: dict[str, frozenset[str]]) -> list[str] | None:
    """The headers that feed the ``wanted`` columns of the table the headers make, with those every table of its kind
    reads (DERIVING_COLUMNS); None (read all) for tables that ``wanted`` does not name or that cannot be narrowed."""
    table, columns, _aliases = classify(headers, profile, mapping)
    if table not in wanted or table not in DERIVING_COLUMNS:
        return None
    keep = set(wanted[table]) | set(DERIVING_COLUMNS[table])
    if keep & {"team", "region"}:
        keep.add("owner")  # they may come from the owners table, joined by owner
    entered = set(entered_stage_headers(headers)) if "stage_history" in wanted else set()
    if entered:
        keep.add("deal_id")  # links the stages entered to the deal
    if profile.archived_is_lost and table == "deals":
        keep |= {"is_active", "lost_reason"}  # they tell lost deals (_mark_archived_lost)
    if has_line_headers(headers):
        keep |= {"deal_id", "product", *DEAL_OWN_COLUMNS}  # a row per product: its deals are told by them
    return [header for header in headers if header in {columns[c] for c in keep if c in columns}
            or extra_column_name(header) in keep or header in entered]


def entered_stage_headers(headers: list[str]) -> dict[str, str]:
    """Per-stage date columns of a deals export (HubSpot's 'Date entered "<stage> (<pipeline>)"'): header -> stage."""
    return {header: match["stage"].strip() for header in headers if (match := ENTERED_STAGE_RE.match(header))}


def build_frame(table: CanonicalTable, mapping: "Mapping", dayfirst: bool | None,
                history_stages: tuple[str, ...] = (), fiscal_year_start: int = 1) -> None:
    """Fill ``table.frame`` with the canonical columns, parsed, and ``table.warnings`` with what failed;
    ``history_stages``: stage names a stage history holds, placed in the pipeline with the deals' own stages;
    ``fiscal_year_start``: the month the quarters and years a quota sheet names start from."""
    raw = table.raw.frame
    frame = pd.DataFrame(index=raw.index)
    frame["_row"] = table.raw.record_rows if table.raw.record_rows is not None else \
        np.arange(len(raw), dtype="int64") + table.raw.header_row + 1
    # columns no report of this run reads may have been left unread
    canonical_headers = {canonical: header for canonical, header in table.columns.items() if header in raw}
    extra_headers: dict[str, str] = {}
    for header in table.unmapped[:MAX_EXTRA_COLUMNS]:  # SPEC: more columns are kept, for --by and --where
        name = extra_column_name(header)
        if name and name not in RESERVED_NAMES and name not in extra_headers and not _personal_header(header) \
                and header in raw:
            extra_headers[name] = header
    # the values parsed below are stripped where they are parsed, once per distinct value: not here, cell by cell
    parsed = PARSED_DEAL_COLUMNS if table.table == "deals" else ()
    kept = {canonical: header for canonical, header in canonical_headers.items() if canonical not in parsed}
    cleaned = map_in_threads(parsing.clean_text, [raw[header] for header in [*kept.values(), *extra_headers.values()]])
    cleaned_by_name = dict(zip([*kept, *extra_headers], cleaned))
    for canonical, header in canonical_headers.items():
        frame[canonical] = cleaned_by_name[canonical] if canonical in kept else raw[header]
    extras = {name: cleaned_by_name[name] for name in extra_headers}
    table.frame = pd.concat([frame, pd.DataFrame(extras, index=frame.index)], axis=1) if extras else frame
    table.warnings.extend(table.raw.warnings)
    if table.table == "deals":
        _parse_deal_values(table, mapping, dayfirst, history_stages)
        table.history = _entered_stages(table, dayfirst if dayfirst is not None else mapping.dayfirst)
    elif table.table is not None:
        _parse_dates(table, dayfirst if dayfirst is not None else mapping.dayfirst)
        _parse_other_values(table, fiscal_year_start)


def extra_column_name(header: str) -> str:
    """A header no canonical column took, as a snake_case column name (``PaymentMethod`` → ``payment_method``)."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", str(header).strip())
    return re.sub(r"[^0-9a-z\u4e00-\u9fff]+", "_", spaced.lower()).strip("_")


def _personal_header(header: str) -> bool:
    """Headers of personal data or free text stay out of the canonical table (nothing groups by them)."""
    return bool(re.search(r"e-?mail|phone|mobile|tel\b|name|address|note|comment|description|subject|remark|"
                          r"邮箱|电话|手机|姓名|名称|地址|备注|描述|说明", str(header), re.IGNORECASE))


def _clock_durations(text: pd.Series, values: pd.Series, failed: pd.Series,
                     hours_per_unit: float) -> tuple[pd.Series, pd.Series]:
    """A duration column's numbers with the unreadable cells that are a clock (1:15:00) read in the column's unit."""
    clock = parsing.map_distinct(text[failed], parsing.clock_hours) / hours_per_unit
    return values.fillna(clock), failed & ~failed.index.isin(clock.index[clock.notna()])


def _warn(table: CanonicalTable, mask: pd.Series, column: str, problem: str, consequence: str,
          values: pd.Series | None = None) -> None:
    warning = warning_for(mask, table.frame, table.raw.label, f"{column} ({table.columns.get(column, column)})",
                          problem, consequence, values)
    if warning is not None:
        warning.canonical = column
        table.warnings.append(warning)


def _parse_deal_values(table: CanonicalTable, mapping: "Mapping", dayfirst: bool | None,
                       history_stages: tuple[str, ...]) -> None:
    frame, profile = table.frame, table.profile
    dayfirst = dayfirst if dayfirst is not None else mapping.dayfirst
    # money is the slowest column and nothing below reads it: it is parsed in a thread meanwhile
    money = start_in_thread(parsing.parse_amounts, frame["amount"]) if "amount" in frame else None
    warnings_before = len(table.warnings)
    if "exchange_rate" in frame:
        rate, failed = parsing.parse_number(frame["exchange_rate"])
        _warn(table, failed, "exchange_rate", "could not be read as a number", "amounts left unconverted")
        frame["exchange_rate"] = rate
    if "converted_amount" in frame:
        _parse_converted_amounts(table)
    if "probability" in frame:
        text = frame["probability"]
        header = table.columns["probability"]
        usual_scale = 100.0 if "%" in header or "％" in header else profile.probability_scale
        probability, failed = parsing.parse_percent(text, mapping.probability_scale, usual_scale)
        _warn(table, failed, "probability", "could not be read as a percentage", "the stage's default is used", text)
        frame["probability"] = probability
    _parse_dates(table, dayfirst)
    for column in BOOL_COLUMNS:
        if column in frame:
            flags, failed = parsing.parse_bool(frame[column])
            _warn(table, failed, column, "could not be read as true/false", "the stage decides", frame[column])
            frame[column] = flags
    stage_table = {stage_key(name): stage for name, stage in {**profile.stages, **mapping.stages}.items()}
    stages = parsing.DistinctValues(frame["stage"]) if "stage" in frame else None  # status, probability, order
    written_status = frame.get("status")
    flag_status = _flag_status(frame) if {"is_won", "is_closed"} & set(frame.columns) else None
    frame["status"] = _derive_status(frame, profile, stage_table, stages, flag_status)
    if profile.archived_is_lost:
        _mark_archived_lost(table)
    if written_status is not None:  # a status no word, flag or stage reads ("Negotiating") is open, as such a stage is
        unknown = frame["status"].isna() & written_status.notna()
        _warn(table, unknown, "status", "matched no open, won or lost word", "those deals count as open",
              written_status)
        frame["status"] = frame["status"].mask(unknown, "open")
    _warn(table, frame["status"].isna(), "stage", "missing, and no status either",
          "those deals are left out of open/won/lost figures")
    _fill_probability(frame, stage_table, stages)
    _derive_close_date(frame)
    frame["stage_order"], table.stage_positions = _stage_order(frame, stage_table, stages, history_stages,
                                                               flag_status)
    if money is not None:
        _set_money(table, *_amounts_as_read(table, "amount", money()), warnings_before)
    if "actual_amount" in frame:
        _won_amounts(table)


def _parse_converted_amounts(table: CanonicalTable) -> None:
    """The export's amounts converted to one currency (Salesforce's "Amount (converted)", HubSpot's "Amount in company
    currency") and that currency (its own column, else the amount's text): reports use them when the amounts are in
    several currencies (reports.one_currency)."""
    frame = table.frame
    converted, in_text, failed = _amounts_as_read(table, "converted_amount",
                                                  parsing.parse_amounts(frame["converted_amount"]))
    _warn(table, failed, "converted_amount", "could not be read as money", "the amounts are converted otherwise or not",
          frame["converted_amount"])
    frame["converted_amount"] = converted
    frame["converted_currency"] = parsing.currency_codes(frame["converted_currency"]).fillna(in_text) \
        if "converted_currency" in frame else in_text


def _amounts_as_read(table: CanonicalTable, column: str,
                     amounts: tuple[pd.Series, pd.Series, pd.Series, bool]) -> tuple[pd.Series, pd.Series, pd.Series]:
    """parsing.parse_amounts' amounts, currencies and unreadable cells, in the currency and scale the column's header
    gives (header_unit) where the cells name none; the table's notes say when '.' was read as the thousands
    separator in a column without ',', and by how much the header's scale multiplied the amounts."""
    amount, currency, failed, dots_group = amounts
    if dots_group:
        table.notes.append(f"{column}: '.' groups thousands, as no value in the column has decimals or a ',' "
                           "(1.200 is read as 1200, not 1.2)")
    header = table.columns.get(column, column)
    unit = header_unit(header)
    # the header's currency, else the one the workbook's number format shows, where the cells name none, or write a
    # symbol of several currencies (kr)
    headed = unit.currency if unit is not None else None
    stated = headed or table.raw.formatted_currencies.get(header)
    unnamed = (currency.isna() | currency.isin(set(parsing.AMBIGUOUS_SYMBOLS.values()))) if stated else None
    if unnamed is not None and unnamed.any():
        currency = currency.where(~unnamed, stated)
        if not headed:
            table.notes.append(f"{column}: the workbook shows the amounts in {stated} (their number format): read in "
                               f"{stated}")
    if unit is not None and unit.scale != 1:
        amount = amount * unit.scale
        table.notes.append(f"{column}: {header!r} gives the amounts in {SCALE_NAMES[unit.scale]}: read × "
                           f"{unit.scale:,.0f}")
    return amount, currency, failed


def _set_money(table: CanonicalTable, amount: pd.Series, currency: pd.Series, failed: pd.Series,
               warning_position: int) -> None:
    """Put the parsed amounts and currencies in the frame; the warning about unreadable amounts goes where it would
    have gone had the amounts been parsed first (warnings follow the columns' order)."""
    frame = table.frame
    warnings_before = len(table.warnings)
    _warn(table, failed, "amount", "could not be read as money", "those deals count without an amount",
          frame["amount"])
    if len(table.warnings) > warnings_before:
        table.warnings.insert(warning_position, table.warnings.pop())
    frame["currency"] = _merged_currency(table, currency, frame["amount"])
    frame["amount"] = amount


def _won_amounts(table: CanonicalTable) -> None:
    """Won deals count the revenue they were won for where the export has it (Dynamics 365's "Actual Revenue"), not
    the estimate the amount column holds; their currency is then that revenue's."""
    frame = table.frame
    text = frame["actual_amount"]
    actual_amount, currency, failed = _amounts_as_read(table, "actual_amount", parsing.parse_amounts(text))
    _warn(table, failed, "actual_amount", "could not be read as money", "those won deals count their estimated amount",
          text)
    frame["actual_amount"] = actual_amount
    taking = parsing.equals(frame["status"], "won") & actual_amount.notna()
    if not taking.any():
        return
    estimate = frame["amount"] if "amount" in frame else pd.Series(np.nan, index=frame.index)
    frame["amount"] = estimate.mask(taking, actual_amount)
    currency = currency.fillna(parsing.currency_codes(frame["currency"])) if "currency" in frame else currency
    frame["currency"] = frame["currency"].mask(taking, currency) if "currency" in frame else currency.where(taking)
    count, header = int(taking.sum()), table.columns["actual_amount"]
    deals = f"1 won deal counts {header!r} (what it was" if count == 1 else \
        f"{count:,} won deals count {header!r} (what they were"
    table.notes.append(f"amount: {deals} won for)" + (f", not {table.columns['amount']!r}" if "amount" in table.columns
                                                      else ""))


def _parse_dates(table: CanonicalTable, dayfirst: bool | None) -> None:
    """Parse the table's date columns, one day/month order for all of them."""
    frame = table.frame
    columns = [column for column in DATE_COLUMNS if column in frame]
    stated = stated_dayfirst([table.columns.get(column, column) for column in columns])
    parsed = parsing.parse_date_columns([frame[column] for column in columns], dayfirst, stated)
    for column, (dates, failed, unix_time, month_only) in zip(columns, parsed):
        _warn(table, failed, column, "could not be read as a date", "left out of figures that need it", frame[column])
        if unix_time is not None:
            dates = _unix_time_as_read(table, column, dates, unix_time)
        if month_only is not None:
            dates = _months_as_read(table, column, dates, month_only)
        placeholder = parsing.placeholder_dates(dates)
        _warn(table, placeholder, column, parsing.PLACEHOLDER_DATE, PLACEHOLDER_READ_AS, frame[column])
        if placeholder.any():
            table.placeholder_dates[column] = placeholder
        frame[column] = dates.mask(placeholder)


def _months_as_read(table: CanonicalTable, column: str, dates: pd.Series, month_only: pd.Series) -> pd.Series:
    """A date column's values that name a month only (``Mar 2024``, ``2024-03``), read as its first day, or as its last
    in a column that ends something (ENDING_DATE_COLUMNS), with a note saying so."""
    example = table.frame.loc[month_only.to_numpy(), column].iloc[0]
    count = agree(int(month_only.sum()), "value names", "values name")
    if column in ENDING_DATE_COLUMNS:
        table.notes.append(f"{column}: {count} a month only, e.g. {example!r}: read as the month's last day")
        return dates.where(~month_only, dates + pd.offsets.MonthEnd(0))
    table.notes.append(f"{column}: {count} a month only, e.g. {example!r}: read as the month's first day")
    return dates


def _unix_time_as_read(table: CanonicalTable, column: str, dates: pd.Series, unix_time: pd.Series) -> pd.Series:
    """A date column's Unix times (UTC) in the zone its header states, with a note saying how they were read."""
    header = table.columns.get(column, column)
    offset = stated_utc_offset(header)
    count = int(unix_time.sum())
    zone = "in UTC, as the header gives no offset from it" if offset is None else \
        f"in UTC{_offset_text(offset)}, as the header states"
    values = f"{count:,} value{'s' if count != 1 else ''}"
    table.notes.append(f"{column}: {header!r} holds Unix time ({values}): read {zone}")
    return dates if not offset else dates.where(~unix_time, dates + offset)


def _offset_text(offset: pd.Timedelta) -> str:
    """``+08:00``, ``-05:30``; nothing for UTC itself."""
    if not offset:
        return ""
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _ledger_lines_of_columns(table: CanonicalTable) -> None:
    """A book kept in an income and an expense column: each line is revenue or an expense by the column its amount
    stands in. A line with both is read as its income, with a warning (the expense would need a line of its own)."""
    frame = table.frame
    income, expense = frame.pop("income"), frame.pop("expense")
    both = income.notna() & expense.notna()
    _warn(table, both, "expense", "stands beside an income on the same line",
          "the income is read, the expense left out", table.raw.frame[table.columns["expense"]])
    frame["kind"] = pd.Series(np.where(income.notna(), "revenue", np.where(expense.notna(), "expense", None)),
                              index=frame.index, dtype="str")
    frame["amount"] = income.fillna(expense)
    table.notes.append(f"revenue and expenses are in two columns ({table.columns['income']!r}, "
                       f"{table.columns['expense']!r}): each line is the kind its amount stands under")


# a period as quota sheets write it, in the form pandas' Period reads: Q1 2024 -> 2024Q1, 2024年3月 -> 2024-3
_PERIOD_FORMS = ((r"^[Qq]([1-4])[\s/-]*(\d{4})$", r"\2Q\1"), (r"^(\d{4})[\s/-]*[Qq]([1-4])$", r"\1Q\2"),
                 (r"^(\d{4})\s*年\s*第?\s*([1-4一二三四])\s*季度?$", r"\1Q\2"), (r"^(\d{4})\s*年\s*(\d{1,2})\s*月?$", r"\1-\2"),
                 (r"^(\d{4})\s*年$", r"\1"))
_CHINESE_QUARTERS = str.maketrans("一二三四", "1234")


def period_bounds(text: str, fiscal_year_start: int = 1) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a month, quarter or year as written (``2024-03``, ``Mar 2024``, ``Q1 2024``,
    ``2024-Q1``, ``2024年3月``, ``2024年第一季度``, ``2024``); NaT for anything else (a single day included). A quarter
    or year is the fiscal one when the year starts in another month (from April, ``Q1 2025`` is April to June 2024,
    as --period quarter labels it FY2025Q1)."""
    for pattern, form in _PERIOD_FORMS:
        text = re.sub(pattern, form, text.strip())
    if not re.search(r"\d{4}", text):  # a year is needed: pandas reads "March" as March of the year 1
        return pd.NaT, pd.NaT
    try:
        period = pd.Period(text.translate(_CHINESE_QUARTERS))
    except (ValueError, TypeError):
        return pd.NaT, pd.NaT
    if period is pd.NaT or period.freqstr not in ("M", "Q-DEC", "Y-DEC"):
        return pd.NaT, pd.NaT
    if period.freqstr != "M" and fiscal_year_start != 1:
        period = pd.Period(text.translate(_CHINESE_QUARTERS),
                           freq=period_freq("quarter" if period.freqstr[0] == "Q" else "year", fiscal_year_start))
    return period.start_time, period.end_time.normalize()


def _period_texts(table: CanonicalTable) -> pd.Series:
    """The period column's text; a month or quarter that names no year (``3``, ``Mar``, ``Q1``, ``3月``) beside a
    Year column (``2024``, ``FY2024``, ``2024年``) is written with that year (``2024-03``, ``Mar 2024``, ``Q1 2024``,
    ``2024年3月``); a number under a Quarter header is a quarter."""
    frame = table.frame
    period = frame["period"].str.strip()
    if "period_year" not in frame:
        return period
    year = frame["period_year"].str.extract(r"((?:19|20)\d{2})", expand=False)
    number = pd.to_numeric(period.where(period.str.fullmatch(r"\d{1,2}").fillna(False)), errors="coerce")
    quarters = bool(re.search(r"(?i)quarter|qtr|季", table.columns["period"]))
    by_number = ("Q" + number.astype("Int64").astype("str") + " " + year) if quarters else \
        (year + "-" + number.astype("Int64").astype("str").str.zfill(2))
    chinese = period.str.contains(r"[月季]", regex=True).fillna(False)
    named = (year + "年" + period).where(chinese, period + " " + year)
    joined = by_number.where(number.notna(), named)
    return period.where(period.str.contains(r"\d{4}", regex=True).fillna(True) | year.isna(), joined)


def _target_periods(table: CanonicalTable, fiscal_year_start: int = 1) -> None:
    """Targets that name their period in one column (a month, a quarter, a year; beside a Year column, a month or
    quarter alone) get its first and last day (a quarter's or year's of the fiscal year from ``fiscal_year_start``)."""
    frame = table.frame
    distinct = parsing.DistinctValues(_period_texts(table)).stripped()
    bounds = [period_bounds(text, fiscal_year_start) for text in distinct.uniques]  # a few dozen periods at most
    for position, column in enumerate(("period_start", "period_end")):
        frame[column] = distinct.spread(pd.Series([pair[position] for pair in bounds], dtype="datetime64[us]"))
    _warn(table, frame["period"].notna() & frame["period_start"].isna(), "period",
          "could not be read as a month, quarter or year", "those targets are left out", frame["period"])


def _resolved_times(table: CanonicalTable) -> bool:
    """A "Solved" or "Resolved" column of a tickets sheet in which no value reads as yes/no, and every one as a time,
    is when each was resolved (it becomes resolved_at); whether it was."""
    frame = table.frame
    times, failed = parsing.parse_dates(frame["resolved"])
    if not times.notna().any() or failed.any():
        return False
    frame["resolved_at"] = times.mask(parsing.placeholder_dates(times))
    del frame["resolved"]
    table.columns["resolved_at"] = table.columns.pop("resolved")
    return True


def _parse_other_values(table: CanonicalTable, fiscal_year_start: int = 1) -> None:
    """Numbers and flags of the tables other than deals (orders, targets, products, leads); a target's quarter or
    year is one of a fiscal year starting in ``fiscal_year_start``."""
    frame = table.frame
    ratings = parsing.good_bad_ratings(frame["satisfaction"], *GOOD_BAD) \
        if table.table == "tickets" and "satisfaction" in frame else None
    if ratings is not None:
        frame["satisfaction"] = ratings
        frame["satisfaction_good_bad"] = True
        table.notes.append("satisfaction is written good/bad (Zendesk): good counts as satisfied; offered and "
                           "unoffered are no answer")
    for column in NUMBER_COLUMNS:
        if column in frame and not (column == "satisfaction" and "satisfaction_good_bad" in frame):
            text = frame[column]
            values, currency, failed = _amounts_as_read(table, column, parsing.parse_amounts(text)) \
                if column in MONEY_COLUMNS else parsing.parse_money(text)
            if column in CLOCK_COLUMNS and failed.any():
                values, failed = _clock_durations(text, values, failed, CLOCK_COLUMNS[column])
            _warn(table, failed, column, "could not be read as a number", "left out of figures that need it", text)
            frame[column] = values
            if column == "amount" and table.table in CURRENCY_TABLES:
                _keep_currency(table, currency, text)
    if table.table == "targets" and "period" in frame and "period_start" not in frame:
        _target_periods(table, fiscal_year_start)
    if table.table == "customers":
        frame["churned"] = churned_flags(frame)
    if table.table == "ledger" and "kind" not in frame:
        _ledger_lines_of_columns(table)
    if table.table == "ledger":
        frame["kind"] = ledger_kinds(frame["kind"])
        _warn(table, frame["kind"].isna(), "kind", "is not revenue, expense or budget", "those lines are left out")
        expense = frame["kind"].eq("expense") & frame["amount"].notna()
        if (frame["amount"][expense] < 0).sum() * 2 > expense.sum():  # the sheet writes expenses as negatives
            frame["amount"] = frame["amount"].where(~expense, -frame["amount"])
            table.notes.append("expenses are written as negative amounts; read as positive spending")
    if table.table == "orders" and "amount" not in frame:
        frame["amount"] = frame["quantity"] * frame["price"]  # order lines (Online Retail): quantity × unit price
        table.notes.append("amount = quantity × unit price (no amount column)")
    if "converted" in frame:
        flags, failed = parsing.parse_bool(frame["converted"])
        frame["converted"] = flags
    if table.table == "activities":
        frame["type"] = activity_types(frame["type"] if "type" in frame else pd.Series(pd.NA, index=frame.index,
                                                                                        dtype="str"),
                                       table.raw.headers)
        if "status" in frame:
            frame["status"] = parsing.map_distinct(frame["status"], activity_statuses)
    if table.table == "tickets":
        for measure in ("first_response", "resolution"):  # durations in minutes, hours or days → seconds
            seconds = frame.get(f"{measure}_seconds", pd.Series(np.nan, index=frame.index))
            for unit, factor in (("minutes", 60), ("hours", 3600), ("days", 86400)):
                if f"{measure}_{unit}" in frame:
                    seconds = seconds.fillna(frame.pop(f"{measure}_{unit}") * factor)
            if seconds.notna().any():
                frame[f"{measure}_seconds"] = seconds
        for column in ("resolved", "answered"):
            if column in frame:  # a yes/no column (call-centre exports)
                flags, failed = parsing.parse_bool(frame[column])
                if column == "resolved" and "resolved_at" not in frame and flags.isna().all() \
                        and _resolved_times(table):
                    continue
                _warn(table, failed, column, "could not be read as yes/no", "counted as no", frame[column])
                frame[column] = flags.fillna(False).astype(bool)
        if "status" in frame and "resolved" not in frame:
            frame["resolved"] = parsing.map_distinct(frame["status"], lambda status: status.str.lower().str.contains(
                r"closed|resolved|solved|done|已解决|已关闭", regex=True), fill=False)
    if table.table == "contacts" and "lifecycle_stage" in frame and "converted" not in frame:
        # HubSpot: a contact is a converted lead once its lifecycle stage reached customer (or evangelist)
        frame["converted"] = stage_keys(frame["lifecycle_stage"]).isin(CONVERTED_LIFECYCLE_STAGES)
    if table.table == "contacts":  # how well the file tells converted leads: a flag, a status, nothing (a contact list)
        frame["_lead_evidence"] = np.int8(2 if "converted" in frame else 1 if "status" in frame else 0)
    if table.table == "contacts" and "status" in frame and "converted" not in frame:
        # no conversion flag (Salesforce IsConverted, Zoho CONVERTED): a status such as "Closed - Converted" says it
        also = table.profile.converted_statuses
        frame["converted"] = parsing.map_distinct(frame["status"], lambda statuses: _says_converted(statuses, also),
                                                  fill=False)


def _merged_currency(table: CanonicalTable, currency: pd.Series, text: pd.Series) -> pd.Series:
    """Each amount's currency: the table's currency column where it has one, else what the amount's ``text`` says; a
    warning names the amounts whose own symbol says another currency than the column (the column wins)."""
    if "currency" not in table.frame:
        return currency
    written = parsing.currency_codes(table.frame["currency"])
    _warn(table, written.notna() & currency.notna() & written.ne(currency)
          & ~currency.isin(set(parsing.AMBIGUOUS_SYMBOLS.values())), "amount",
          "names another currency than the currency column", "the currency column's is taken", text)
    return written.fillna(currency)


def _keep_currency(table: CanonicalTable, currency: pd.Series, text: pd.Series) -> None:
    """The currency column of a table other than deals, when it has one or its amounts name currencies (several in
    one table are converted or refused by reports.one_currency)."""
    if "currency" in table.frame or currency.notna().any():
        table.frame["currency"] = _merged_currency(table, currency, text)


def _says_converted(statuses: pd.Series, also: tuple[str, ...] = ()) -> pd.Series:
    """Lead statuses that say converted ("Closed - Converted", 已转化, 已转换 as 纷享销客 and Salesforce's Chinese
    write it; ``also``: a source's own words, Dynamics 365's "Qualified")."""
    status = statuses.str.lower()
    return (status.str.contains(r"\bconverted\b|已转化|已转换", regex=True)
            & ~status.str.contains(r"\bnot converted\b|unconverted", regex=True)) | status.str.strip().isin(also)


def churned_flags(customers: pd.DataFrame) -> pd.Series:
    """Whether each customer has left: a churn yes/no column, else a churn date, else a status such as "Churned",
    "Cancelled", "Inactive"; missing when nothing tells."""
    if "churned" in customers:
        flags, _failed = parsing.parse_bool(customers["churned"])
        return flags
    flags = pd.Series(pd.NA, index=customers.index, dtype="boolean")
    if "status" in customers:
        flags = parsing.map_distinct(customers["status"], lambda status: status.str.lower().str.contains(
            r"churn|cancel|inactive|lost|closed|former|流失|注销|停用", regex=True).astype("boolean"))
    if "churn_date" in customers:
        flags = flags.mask(customers["churn_date"].notna(), True)
    return flags


LEDGER_KINDS = (("revenue", r"revenue|income|sales|receipt|收入|营收|销售"), ("expense", r"expense|cost|spend|支出|费用|成本"),
                ("budget", r"budget|预算"))


def ledger_kinds(values: pd.Series) -> pd.Series:
    """revenue / expense / budget from a ledger's kind column; missing when the word is none of them."""
    return parsing.map_distinct(values, lambda kinds: _first_kind(kinds, LEDGER_KINDS, pd.NA))


ACTIVITY_TYPES = (("call", r"call|phone|电话"), ("email", r"e-?mail|邮件"),
                  ("meeting", r"meeting|event|visit|会议|拜访|面谈"),
                  ("chat", r"chat|message|im\b|聊天|微信|wechat|whatsapp|短信|sms"), ("task", r"task|to-?do|任务"))


def activity_types(values: pd.Series, headers: list[str]) -> pd.Series:
    """call / email / meeting / chat / task from a type column, else from what the file's headers say (Zoho exports
    calls, tasks and events as separate files)."""
    from_headers = next((kind for kind, pattern in ACTIVITY_TYPES
                         if any(re.search(pattern, h, re.IGNORECASE) for h in headers)), "task")
    return parsing.map_distinct(values, lambda types: _first_kind(types, ACTIVITY_TYPES, from_headers),
                                fill=from_headers)


def _first_kind(words: pd.Series, kinds: tuple[tuple[str, str], ...], otherwise) -> pd.Series:
    """The first of ``kinds`` (name, pattern) whose pattern each word contains (ignoring case), else ``otherwise``."""
    lowered = words.str.lower()
    result = pd.Series(otherwise, index=words.index, dtype="str")
    for kind, pattern in reversed(kinds):
        result = result.mask(lowered.str.contains(pattern, regex=True).fillna(False).astype(bool), kind)
    return result


def activity_statuses(statuses: pd.Series) -> pd.Series:
    """done / planned from an activity's status (``Completed``, ``Not Started``, ``已完成``); missing otherwise."""
    status = statuses.str.lower()
    done = status.str.contains(r"complete|done|held|closed|finished|已完成", regex=True)
    planned = status.str.contains(r"plan|not started|open|scheduled|progress|deferred|waiting|待", regex=True)
    return pd.Series(np.select([done, planned], ["done", "planned"], default=None), index=statuses.index, dtype="str")


def _derive_status(frame: pd.DataFrame, profile: Profile, stage_table: dict[str, Stage],
                   stages: parsing.DistinctValues | None, flag_status: pd.Series | None) -> pd.Series:
    """open/won/lost from, in turn: a status column, IsWon/IsClosed flags (``flag_status``), the stage table, stage
    words."""
    if stages is not None and "status" not in frame and flag_status is None:  # the stage says it all
        return stages.map(lambda names: _stage_status(names, stage_table))
    status = pd.Series(pd.NA, index=frame.index, dtype="str")
    if "status" in frame:
        words = {**STATUS_WORDS, **profile.status_values}
        status = parsing.map_distinct(frame["status"], lambda text: text.str.lower().str.strip().map(words).astype("str"))
    if flag_status is not None:
        status = status.fillna(flag_status)
    if stages is not None:
        status = status.fillna(stages.map(lambda names: _stage_status(names, stage_table)))
    return status


def _flag_status(frame: pd.DataFrame) -> pd.Series:
    """open/won/lost from IsWon/IsClosed flags where they tell it: won when won; open when not closed; lost when
    closed and not won. Missing where they don't (a Won flag alone is false for lost and open deals alike, a Closed
    flag alone is true for won and lost ones, an empty flag tells nothing): the stage decides there."""
    unknown = pd.Series(pd.NA, index=frame.index, dtype="boolean")
    won = frame["is_won"].astype("boolean") if "is_won" in frame else unknown
    closed = frame["is_closed"].astype("boolean") if "is_closed" in frame else unknown
    won_flag, closed_flag = won.fillna(False).to_numpy(bool), closed.fillna(True).to_numpy(bool)
    lost_flag = (closed.fillna(False) & won.eq(False).fillna(False)).to_numpy(bool)
    return pd.Series(np.select([won_flag, ~closed_flag, lost_flag], ["won", "open", "lost"], default=None),
                     index=frame.index, dtype="str")


def _mark_archived_lost(table: CanonicalTable) -> None:
    """Deals archived (Active false) or given a lost reason are lost, unless won: how Odoo marks a deal lost, leaving
    its stage as it was (restoring the deal clears the reason)."""
    frame = table.frame
    marked = frame["lost_reason"].notna() if "lost_reason" in frame else pd.Series(False, index=frame.index)
    if "is_active" in frame:
        marked |= frame["is_active"].eq(False).fillna(False)
    marking = marked & ~parsing.equals(frame["status"], "won") & ~parsing.equals(frame["status"], "lost")
    if marking.any():
        frame["status"] = frame["status"].mask(marking, "lost")
        table.notes.append("status: " + agree(int(marking.sum()),
                                              "deal archived or with a lost reason counts as lost, its stage as left",
                                              "deals archived or with a lost reason count as lost, their stages as "
                                              "left"))


def _closing_stages(codes: np.ndarray, keys: pd.Index, flag_status: pd.Series) -> dict[str, str]:
    """The stage keys whose deals' IsWon/IsClosed flags all say won, or all say lost: a pipeline's own closing stages
    ("Signed", "Gone dark"), which Salesforce and HubSpot close deals by (they set the flags from the stage)."""
    told = (codes >= 0) & flag_status.notna().to_numpy()
    by_stage = pd.DataFrame({"code": codes[told], "status": flag_status.to_numpy()[told]}).groupby("code")["status"]
    agreed = by_stage.agg(["nunique", "first"])
    agreed = agreed[(agreed["nunique"] == 1) & agreed["first"].isin(["won", "lost"])]
    return {keys[code]: status for code, status in agreed["first"].items()}


def _stage_status(stages: pd.Series, stage_table: dict[str, Stage]) -> pd.Series:
    """open/won/lost of each stage name: from the stage table, else from words such as "Closed Won"."""
    from_table = stage_keys(stages).map({key: stage.status for key, stage in stage_table.items()}).astype("str")
    text = stages.str.lower()
    by_words = pd.Series(np.select([text.str.contains(WON_STAGE_PATTERN, regex=True).fillna(False).astype(bool),
                                    text.str.contains(LOST_STAGE_PATTERN, regex=True).fillna(False).astype(bool),
                                    text.notna()], ["won", "lost", "open"], default=None),
                         index=stages.index, dtype="str")
    return from_table.fillna(by_words)


def _fill_probability(frame: pd.DataFrame, stage_table: dict[str, Stage], stages: parsing.DistinctValues | None) -> None:
    """Missing probabilities come from the stage table; a won deal's is 1 and a lost deal's 0, whatever the export says."""
    probability = frame["probability"] if "probability" in frame else pd.Series(np.nan, index=frame.index)
    if stages is not None:
        defaults = {k: s.probability for k, s in stage_table.items() if s.probability is not None}
        probability = probability.fillna(stages.map(lambda names: stage_keys(names).map(defaults).astype("float64")))
    status = frame["status"]
    probability = probability.mask(parsing.equals(status, "won"), 1.0).mask(parsing.equals(status, "lost"), 0.0)
    frame["probability"] = probability.astype("float64")


def _derive_close_date(frame: pd.DataFrame) -> None:
    """A closed deal closes when it was won or lost; an open deal's close date is the expected one (SPEC)."""
    close = frame["close_date"] if "close_date" in frame else pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us]")
    for status, column in (("won", "won_time"), ("lost", "lost_time")):
        if column in frame:
            close = close.mask(parsing.equals(frame["status"], status) & frame[column].notna(), frame[column])
    if "expected_close_date" in frame:
        close = close.mask(close.isna() & parsing.equals(frame["status"], "open"), frame["expected_close_date"])
    if "close_date" in frame or {"won_time", "lost_time", "expected_close_date"} & set(frame.columns):
        frame["close_date"] = close


def _stage_order(frame: pd.DataFrame, stage_table: dict[str, Stage], stages: parsing.DistinctValues | None,
                 also: tuple[str, ...] = (), flag_status: pd.Series | None = None
                 ) -> tuple[pd.Series, dict[str, float]]:
    """Pipeline position of each deal's stage, NaN for stages that mean won or lost ("Closed Won", "输单"); and the
    position of every stage key, the deals' and ``also``'s (stages only a stage history names), won stages at inf
    (a deal that was won passed every open stage) and lost ones NaN.

    Open stages are ordered by the numbers they are named with when every one has one (``1. Lead``, ``Stage 10 -
    Demo``, ``30% - Proposal``), else by the stage table, else by typical stage words, else by their deals' mean
    probability.
    """
    if stages is None:
        return pd.Series(np.nan, index=frame.index), {}
    # a code per stage key (names that differ only in case or spacing share one), -1 where there is no stage
    key_of_name = stage_keys(stages.uniques)
    code_of_name, keys = pd.factorize(key_of_name)
    codes = np.where(stages.present, code_of_name[stages.positions], -1) if len(keys) else np.full(len(frame), -1)
    known_rank = {key: rank for rank, key in enumerate(stage_table)}
    staged = codes >= 0
    probability = frame["probability"].to_numpy(dtype="float64")
    known = staged & ~np.isnan(probability)  # the mean of each stage's known probabilities
    counts = np.bincount(codes[known], minlength=len(keys))
    sums = np.bincount(codes[known], weights=probability[known], minlength=len(keys))
    # rounded: the order of summing must not order stages whose deals have the same probabilities
    mean_probability = {keys[code]: round(sums[code] / counts[code], 9) for code in np.flatnonzero(counts)}

    def word_rank(key: str) -> int:
        return next((i for i, pattern in enumerate(GENERIC_STAGE_ORDER) if re.search(pattern, key)),
                    len(GENERIC_STAGE_ORDER))

    known_words = [word_rank(key) for key in stage_table]

    def sort_key(key: str) -> tuple:
        probability = mean_probability.get(key, np.nan)
        probability = 2.0 if pd.isna(probability) else probability
        if key in known_rank:
            return (known_rank[key], 1, 0, probability, key)
        # a stage the table does not know ("New" in a pipeline of the user's own) goes before the first known stage
        # that typical stage words put later, not after them all
        words = word_rank(key)
        before = next((rank for rank, known in enumerate(known_words) if words < known < len(GENERIC_STAGE_ORDER)),
                      len(known_words))
        return (before, 0, words, probability, key)

    # each key's status from a name it stands for: stage words need the spaces a key drops ("Deal Won": "dealwon")
    name_of_key = dict(zip(key_of_name.iloc[::-1], stages.uniques.iloc[::-1]))  # the first name of each key
    for name in also:
        name_of_key.setdefault(stage_key(name), name)
    every_key = list(dict.fromkeys([*keys, *(stage_key(name) for name in also)]))
    names = pd.Series([name_of_key[key] for key in every_key], dtype="str")
    status = dict(zip(every_key, _stage_status(names, stage_table)))
    if flag_status is not None:
        closing = _closing_stages(codes, keys, flag_status)
        status.update({key: closing[key] for key in closing if status[key] == "open"})
    open_keys = [key for key in every_key if status[key] == "open"]
    numbers = _stage_numbers({key: name_of_key[key] for key in open_keys})
    ordered = sorted(open_keys, key=(lambda key: (numbers[key], *sort_key(key))) if numbers else sort_key)
    positions = {key: float(position) for position, key in enumerate(ordered)}
    by_code = np.array([positions.get(key, np.nan) for key in keys] + [np.nan])
    closing = {key: np.inf if status[key] == "won" else np.nan for key in every_key if status[key] != "open"}
    return pd.Series(by_code[codes], index=frame.index), {**positions, **closing}  # code -1 (no stage) takes the NaN


# a number a stage's name starts with: "1. Lead", "02 - Demo", "(3) Proposal", "Stage 10: Negotiation", "30% - Commit"
_STAGE_NUMBER_RE = re.compile(r"\s*[(\[]?\s*(?:(?:stage|phase|step)\s*)?(\d{1,3})\s*[.):\]%\-–_/]*\s*\S", re.IGNORECASE)


def _stage_numbers(names: dict[str, str]) -> dict[str, int] | None:
    """The number each stage (key: name) is named with, when every one is (a pipeline numbered by hand: its numbers
    order it, "10. Won back" after "9. Nurture"); None otherwise."""
    found = {key: _STAGE_NUMBER_RE.match(name) for key, name in names.items()}
    if not found or not all(found.values()):
        return None
    return {key: int(match[1]) for key, match in found.items()}


def _entered_stages(table: CanonicalTable, dayfirst: bool | None) -> pd.DataFrame | None:
    """The stage history that per-stage date columns of a deals export hold: a row (deal_id, stage, entered_at) for
    each stage a deal has a date for; None when the export has no such columns."""
    raw, frame = table.raw.frame, table.frame
    entered = entered_stage_headers(list(raw.columns))
    if not entered:
        return None
    if "deal_id" not in frame:
        table.notes.append(f"{len(entered)} 'Date entered' column(s) not used as stage history: the export has no deal "
                           "ID column to link them to their deals")
        return None
    parts = []
    parsed = parsing.parse_date_columns([parsing.clean_text(raw[header]) for header in entered], dayfirst)
    for (header, stage), (dates, failed, *_flags) in zip(entered.items(), parsed):
        placeholder = parsing.placeholder_dates(dates)
        warnings = [warning_for(failed, frame, table.raw.label, header, "could not be read as a date",
                                "that stage is not counted as entered", raw[header]),
                    warning_for(placeholder, frame, table.raw.label, header, parsing.PLACEHOLDER_DATE,
                                "that stage is not counted as entered", raw[header])]
        table.warnings.extend(warning for warning in warnings if warning is not None)
        dated = (dates.notna() & ~placeholder).to_numpy()
        parts.append(pd.DataFrame({"deal_id": frame["deal_id"][dated], "stage": stage, "entered_at": dates[dated]}))
    return pd.concat(parts, ignore_index=True).astype({"stage": "str"})
