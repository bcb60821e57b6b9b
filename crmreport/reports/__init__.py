"""The report registry. Each module here is one report and declares:

    NAME     the command name (``crmreport NAME``)
    TITLE    a one-line title
    NEEDS    {table: (canonical columns, ...)} that must be present ("orders|deals": either table will do)
    ORDER    optional: position in ``list`` and the dashboard (lower first; default 100, then by name)
    COLUMNS  optional: {table: (canonical columns, ...)} every column ``compute`` reads; when each report of a run
             declares it, only those columns (and the ones deriving them) are read from big exports
    LABELS_ZH optional: {English: Chinese} for the title and the keys (KPIs, tables, columns) only this report gives;
             words several reports share are in i18n.ZH
    STARTS_FIRST optional: True for a report much slower than the others; a dashboard hands it to a worker first
    GROUPS_BY optional: True when its tables group by ``--by``'s column (a single report is refused --by otherwise)
    compute(tables, options) -> Report   pure: canonical tables in, KPIs and tables out

Adding a report is adding a module; the CLI, ``list`` and the renderers find it here.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import replace
from types import ModuleType
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import InputError
from ..filters import (apply_period, apply_where_to_tables, by_columns, header_aliases, resolved_column,
                       where_columns)
from ..loaders import Dataset, require_tables
from ..parsing import map_distinct, present_values
from ..report import Report, ReportOptions

if TYPE_CHECKING:
    from ..rates import Rates


def registry() -> dict[str, ModuleType]:
    """Every report module by name, in their ORDER."""
    modules = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "compute"):
            modules.append(module)
    modules.sort(key=lambda module: (getattr(module, "ORDER", 100), module.NAME))
    return {module.NAME: module for module in modules}


def report_module(name: str) -> ModuleType:
    """One report's module, imported alone (the registry imports every report module: 30 ms of a run)."""
    from ..catalog import entries

    module = next((entry.module for entry in entries() if entry.name == name), None)
    return importlib.import_module(f"{__name__}.{module}") if module else registry()[name]


def columns_to_read(names: list[str], options: ReportOptions) -> dict[str, frozenset[str]] | None:
    """The canonical columns that the named reports read, per table, with those --by and --where name; a table is
    left out (read whole) when a report that may read it declares no COLUMNS for it. None: read everything."""
    modules = [report_module(name) for name in names]
    named = frozenset(where_columns(options.where)) | frozenset(by_columns(options.by))
    declared = {table for module in modules for table in getattr(module, "COLUMNS", {})}
    columns = {table: frozenset(c for module in modules for c in module.COLUMNS[table]) | named
               for table in declared if all(table in getattr(module, "COLUMNS", {}) for module in modules)}
    return columns or None


# the money columns of the tables whose amounts reports add up, converted together to one currency
MONEY_COLUMNS = {"deals": ("amount",), "orders": ("amount", "cost"), "ledger": ("amount",)}


def prepare_deals(deals: pd.DataFrame, options: ReportOptions) -> tuple[pd.DataFrame, list[str], str | None]:
    """Apply the period, and make sure amounts are in one currency (--where is applied before, to every table).

    Returns the deals, warnings, and the report currency (None when the export does not say).
    """
    deals, warnings = apply_period(deals, options.since, options.until)
    deals, converted, currency = one_currency(deals, "deals", options.rates)
    return deals, warnings + converted, currency


def one_currency(frame: pd.DataFrame, table: str, rates: Rates | None) -> tuple[pd.DataFrame, list[str], str | None]:
    """The table with its money columns in one currency — by --rates, else by the export's exchange-rate column, else
    with the export's converted amounts — a warning saying so, and that currency (None when the export does not
    say). InputError when they cannot be."""
    currencies = sorted(present_values(frame["currency"])) if "currency" in frame else []
    money = [column for column in MONEY_COLUMNS[table] if column in frame]
    if rates is not None and set(currencies) - {rates.home}:
        return convert_with_rates(frame, currencies, rates, money)
    if len(currencies) <= 1:
        return frame, [], currencies[0] if currencies else None
    if not _every_amount_has(frame, "exchange_rate") and _every_amount_has(frame, "converted_amount"):
        return with_converted_amounts(frame, currencies)
    if not _every_amount_has(frame, "exchange_rate"):
        raise InputError(f"amounts are in several currencies ({', '.join(currencies)}) and the export has no "
                         f"exchange rate for every row of the {table}; crmreport will not add up different "
                         "currencies. Give the rates with --rates rates.csv, filter with --where currency=XXX, or "
                         "export amounts converted to one currency.")
    converted = frame.assign(**{column: frame[column] / frame["exchange_rate"] for column in money}, currency=pd.NA)
    return converted, [f"amounts in {', '.join(currencies)} converted to the home currency with the export's "
                       "exchange rate column"], None


def _every_amount_has(frame: pd.DataFrame, column: str) -> bool:
    """Whether ``column`` has a value on every row that has an amount."""
    return column in frame and not frame.loc[frame["amount"].notna(), column].isna().any()


def with_converted_amounts(frame: pd.DataFrame, currencies: list[str]) -> tuple[pd.DataFrame, list[str], str | None]:
    """Deals in several currencies with the export's own amounts in one currency beside them (Salesforce's "Amount
    (converted)", HubSpot's "Amount in company currency"): those are the amounts, in their currency when it is one
    and known. InputError when they are in several currencies themselves."""
    targets = sorted(set(frame["converted_currency"].dropna())) if "converted_currency" in frame else []
    if len(targets) > 1:
        raise InputError(f"amounts are in several currencies ({', '.join(currencies)}) and so are the export's "
                         f"converted amounts ({', '.join(targets)}); give the rates with --rates rates.csv, or filter "
                         "with --where currency=XXX.")
    target = targets[0] if targets else None
    in_target = f" (in {target})" if target else " (in the company currency)"
    return frame.assign(amount=frame["converted_amount"], currency=target if target else pd.NA), \
        [f"amounts in {', '.join(currencies)}: the export's converted amounts{in_target} are used"], target


def convert_with_rates(frame: pd.DataFrame, currencies: list[str], rates: Rates,
                       money: list[str]) -> tuple[pd.DataFrame, list[str], str]:
    """The ``money`` columns in the report currency of ``rates`` (value / rate); a row with no currency is taken as
    in it."""
    missing = rates.missing(currencies)
    if missing:
        raise InputError(f"--rates {rates.source} has no rate for {', '.join(missing)} (amounts are in "
                         f"{', '.join(currencies)})")
    per_row = map_distinct(frame["currency"], lambda codes: codes.map(rates.per_home).astype("float64"),
                           fill=1.0).to_numpy()
    converted = [currency for currency in currencies if currency != rates.home]
    return frame.assign(**{column: frame[column] / per_row for column in money}, currency=rates.home), \
        [f"amounts in {', '.join(converted)} converted to {rates.home} with the rates of {rates.source}"], rates.home


class AskedTables(dict):
    """The tables handed to a report, noting each name it looks up (``in``, ``[]``, ``get``), present or not."""

    def __init__(self, tables: dict[str, pd.DataFrame]) -> None:
        super().__init__(tables)
        self.asked: set[str] = set()

    def __contains__(self, name) -> bool:
        self.asked.add(name)
        return super().__contains__(name)

    def __getitem__(self, name) -> pd.DataFrame:
        self.asked.add(name)
        return super().__getitem__(name)

    def get(self, name, default=None):
        self.asked.add(name)
        return super().get(name, default)


def run_report(name: str, dataset: Dataset, options: ReportOptions) -> Report:
    """Check the report's needs, filter, compute, and attach inputs, period and all warnings."""
    module = report_module(name)
    require_tables(dataset, module.NEEDS, name)
    aliases = header_aliases([source.columns for source in dataset.sources])
    if options.by:  # a header as the export writes it: --by "Closing Date" is close_date
        options = replace(options, by=",".join(resolved_column(column, dataset.tables, aliases)
                                               for column in by_columns(options.by)))
    tables, warnings = apply_where_to_tables(dataset.tables, options.where, aliases)
    left_out: dict[str, InputError] = {}
    currency = None
    for table in MONEY_COLUMNS:
        if table not in tables:
            continue
        try:
            if table == "deals":
                tables[table], more, currency = prepare_deals(tables[table], options)
            else:
                tables[table], more, _currency = one_currency(tables[table], table, options.rates)
            warnings += more
        except InputError as exc:
            if any(choices == [c for c in choices if c == table or c not in tables]
                   for choices in (needed.split("|") for needed in module.NEEDS) if table in choices):
                raise  # the report cannot run without this table
            del tables[table]  # only an optional extra for this report (attribution, deal effect, revenue source)
            left_out[table] = exc
    given = AskedTables(tables)
    report = module.compute(given, options)
    # said only by a report that looked for the table: the tickets' reports never read deals
    warnings += [f"{table} left out: {exc}" for table, exc in left_out.items() if table in given.asked]
    if currency and "currency" not in report.kpis:
        report.kpis["currency"] = currency
    report.warnings = dataset.reading_notes + list(dataset.warnings) + warnings + report.warnings
    report.since, report.until = options.since, options.until
    report.inputs = dataset.inputs()
    return report


def check_by_column(frame: pd.DataFrame, column: str, report: str, given: bool = True) -> None:
    """InputError when ``--by`` names a column the table does not have (``given``: the user named it, else it is the
    report's own default grouping)."""
    if column not in frame.columns:
        known = ", ".join(c for c in frame.columns if not c.startswith("_"))
        if given:
            raise InputError(f"{report} --by {column}: no such column in the table; columns: {known}")
        raise InputError(f"{report} groups by {column}, and the table has no {column} column: name its header in a "
                         f"--map file, or group by another column with --by; columns: {known}")


def require_values(frame: pd.DataFrame, column: str, report: str) -> None:
    """InputError when no row has a value in ``column``: every cell empty or unreadable (each unreadable cell is
    also a warning of the load)."""
    if not frame[column].notna().any():
        raise InputError(f"{report} needs {column}, and none of the {len(frame)} rows has one that could be read")


def grouping_columns(frame: pd.DataFrame, by: str | None, defaults: tuple[str, ...], report: str) -> list[str]:
    """The columns of ``--by a,b`` (each checked), else the first of ``defaults`` the table has, else none."""
    columns = [c.strip() for c in by.split(",")] if by else [c for c in defaults if c in frame][:1]
    for column in columns:
        check_by_column(frame, column, report)
    return columns
