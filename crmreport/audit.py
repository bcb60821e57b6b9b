"""audit: what is wrong with the data before anyone reports on it.

Each check has a stable code and a severity, and reports a count and the offending rows (file, row, value).
The result is an ordinary Report (KPIs and tables), so every renderer can show it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .loaders import Dataset, Overlap
from .loaders.canonical import RECORD_IDS, CanonicalTable
from .loaders.profiles import LOST_STAGE_PATTERN, WON_STAGE_PATTERN, stage_keys
from .loaders.spelling import reference_spellings, spelling_counts, spelling_key
from .parsing import (arrow_chunks, arrow_text, ascii_digits, first_appearances, from_arrow, joined, matches, rows_at,
                      map_distinct, value_codes)
from .rates import Rates
from .report import Report
from .workers import run_jobs

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
CHECK_ROWS_SHOWN = 1000
REQUIRED_DEAL_COLUMNS = ("owner", "stage", "amount", "close_date")
PICKLIST_COLUMNS = ("stage", "status", "lead_source", "industry", "product", "region", "team", "type", "currency",
                    "pipeline", "series", "competitor", "lost_reason", "campaign", "forecast_category",
                    "owner", "agent")
MASTER_TABLES = {"product": "products", "account": "accounts"}  # tables that list every value: others are orphans
MAX_PICKLIST_VALUES = 1000
MAX_COMPANY_PEOPLE = 500
PHONE_BLOCK_ROWS = 1 << 16  # phones normalised a block at a time (see normalise_phone)
DENSE_PAIR_KEYS = 1 << 22  # up to 2048 distinct names, pairs of names are told apart by a table, not by hashing
PHONE_EXTENSION = r"(?i)\s*(?:ext\.?|x|#)\s*\d+$"  # "x23", "ext. 7", "#4" after the number
# a number of 12 digits or more as Excel's General format writes it to CSV (8.61381E+12): its last digits are gone
SCIENTIFIC_NUMBER = r"^\d(?:\.\d{1,14})?[Ee]\+(?:1[1-9]|[2-9]\d)$"
PARALLEL_FROM_ROWS = 100_000  # rows audited: from here on checks in Python (PYTHON_CHECKS) run in worker processes
# Common industry names (Salesforce's standard picklist); a value close to one of these is probably misspelt.
INDUSTRIES = ("agriculture", "apparel", "banking", "biotechnology", "chemicals", "communications", "construction",
              "consulting", "education", "electronics", "employment", "energy", "engineering", "entertainment",
              "environmental", "finance", "food & beverage", "government", "healthcare", "hospitality", "insurance",
              "machinery", "manufacturing", "marketing", "media", "medical", "not for profit", "recreation", "retail",
              "services", "shipping", "software", "technology", "telecommunications", "transportation", "utilities")
# Plain ASCII addresses that email-validator would accept; anything else goes to email-validator itself.
# (letters and digits of any script are fine in the local part: email-validator allows SMTPUTF8 by default).
# no look-aheads, so that Arrow's RE2 engine runs it; the length limits are checked apart
_SIMPLE_EMAIL = (r"^[\p{L}\p{N}_!#$%&'*+/=?^`{|}~-]+(?:\.[\p{L}\p{N}_!#$%&'*+/=?^`{|}~-]+)*"  # RE2: \p{L}\p{N}_ is \w
                 r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")
_ASCII_EMAIL = _SIMPLE_EMAIL.replace(r"\p{L}\p{N}_", "A-Za-z0-9_")  # the same, ASCII only: twice as fast to run


@dataclass
class AuditOptions:
    """Settings of the checks."""

    region: str = "US"  # phone numbers without a country code belong to this region
    name_threshold: float = 90.0  # rapidfuzz score (0–100) above which two names in one company are near-duplicates
    stale_days: int = 30  # an open deal whose expected close date is this many days past is stale
    as_of: dt.date = field(default_factory=dt.date.today)
    rates: Rates | None = None  # --rates: currencies it converts are not a problem


@dataclass
class Finding:
    """One check's result on one table (and column)."""

    code: str
    severity: str
    table: str
    column: str
    message: str
    rows: pd.DataFrame  # file, row, value: the offending rows
    fix: str = ""
    amount: float = 0.0  # money of the deals concerned: how much a fix can move report figures
    count: int | None = None  # defaults to the number of offending rows

    def __post_init__(self) -> None:
        if self.count is None:
            self.count = len(self.rows)


def _rows(source: CanonicalTable, mask: pd.Series, values: pd.Series | None = None) -> pd.DataFrame:
    """The offending rows: file, row number and the offending value (``values``: aligned with the table's rows; dates
    shown as YYYY-MM-DD). Only the first CHECK_ROWS_SHOWN can be shown, so only theirs are turned into text; the
    others' values are left empty (hundreds of thousands of stale deals would otherwise be formatted for nothing)."""
    frame = source.frame
    positions = np.flatnonzero(mask.to_numpy(dtype=bool))
    shown = rows_at(values, positions[:CHECK_ROWS_SHOWN]) if values is not None else pd.Series([], dtype="str")
    if pd.api.types.is_datetime64_any_dtype(shown):
        shown = shown.dt.strftime("%Y-%m-%d")
    empty = pa.nulls(len(positions) - len(shown), pa.large_string()).fill_null("")
    text = pa.concat_arrays([arrow_text(shown.astype("str").fillna("").reset_index(drop=True)), empty])
    return pd.DataFrame({"file": source.raw.label, "row": frame["_row"].to_numpy()[positions],
                         "value": from_arrow(text, pd.RangeIndex(len(positions)))})


def _amount(source: CanonicalTable, mask: pd.Series) -> float:
    frame = source.frame
    if source.table != "deals" or "amount" not in frame:
        return 0.0
    return float(frame.loc[mask, "amount"].abs().sum())


def _finding(source: CanonicalTable, code: str, severity: str, column: str, message: str, mask: pd.Series,
             values: pd.Series | None = None, fix: str = "") -> Finding | None:
    if not mask.any():
        return None
    return Finding(code, severity, source.raw.label, column, message, _rows(source, mask, values), fix,
                   _amount(source, mask))


# --- duplicates --------------------------------------------------------------------------------------------------

def duplicated_rows(frame: pd.DataFrame) -> np.ndarray:
    """``frame.duplicated(keep="first")``, narrowing column by column to the rows whose values so far repeat:
    after an id column few or none are left, so most columns are never compared."""
    candidates = np.arange(len(frame))
    for column in range(frame.shape[1]):
        values = frame.iloc[:, column]
        codes = value_codes(values if len(candidates) == len(frame) else rows_at(values, candidates))
        candidates = candidates[np.bincount(codes)[codes] > 1]
        if not len(candidates):
            break
    duplicated = np.zeros(len(frame), dtype=bool)
    duplicated[candidates] = rows_at(frame, candidates).duplicated(keep="first").to_numpy()
    return duplicated


def duplicates(source: CanonicalTable) -> list[Finding]:
    """Rows identical in every column to an earlier row (DUP_ROW), and rows that are not but share their record ID
    (RECORD_IDS: a deal's, a ticket's…) with an earlier row (DUP_ID): an export with a row per product line or per
    snapshot. Every report counts such rows as so many records."""
    duplicated = pd.Series(duplicated_rows(source.raw.frame), index=source.frame.index)
    first_cells = source.raw.frame.iloc[:, 0].set_axis(source.frame.index)
    found = _finding(source, "DUP_ROW", "warning", "", "rows identical to an earlier row", duplicated,
                     first_cells, "remove the repeated rows")
    findings = [found] if found else []
    column = RECORD_IDS.get(source.table)
    if column in source.frame:
        ids = without_scientific_notation(source.frame[column].mask(duplicated))  # a row repeated whole is DUP_ROW's
        findings += _duplicate_values(source, ids, "DUP_ID", column, "an ID",
                                      "keep one row per ID: reports count every row")
    return findings


def overlapping_records(sources: list[CanonicalTable], overlaps: list[Overlap]) -> list[Finding]:
    """Rows of a file whose record ID an earlier file of the same kind holds too (OVERLAP_ID: overlapping exports,
    which the loader notes and every report counts twice); DUP_ID looks within one file only."""
    by_label = {source.raw.label: source for source in sources}
    findings = []
    for overlap in overlaps:
        source = by_label[overlap.label]
        shared = pd.Series(overlap.shared, index=source.frame.index)
        findings.append(_finding(source, "OVERLAP_ID", "warning", overlap.column,
                                 "rows whose ID an earlier file holds too (overlapping exports?)", shared,
                                 source.frame[overlap.column],
                                 "give each record once: leave out the older export, or the rows both hold"))
    return [found for found in findings if found]


def normalise_email(emails: pd.Series) -> pd.Series:
    """Emails compared without case and surrounding spaces."""
    return from_arrow(pc.utf8_lower(pc.utf8_trim_whitespace(arrow_text(emails))), emails.index)


def lettered_phones(phones: pd.Series) -> np.ndarray:
    """True where a phone cell holds a letter or "#": the few that may carry an extension or words."""
    return matches(phones, "[A-Za-z#]")


def normalise_phone(phones: pd.Series, region: str, lettered: np.ndarray | None = None) -> pd.Series:
    """Phone numbers as E.164 digits (+CC…), vectorised: formatting stripped, 00 and trunk 0 prefixes handled,
    numbers without a country code given the region's (from phonenumbers' metadata). ``lettered`` is
    ``lettered_phones(phones)`` when the caller has it already.

    Done PHONE_BLOCK_ROWS at a time: each step makes a new column of strings, and over a million phones the
    steps' columns held together took some 200 MB."""
    import phonenumbers

    country = str(phonenumbers.country_code_for_region(region.upper()) or "")
    text = arrow_chunks(phones)
    lettered = lettered_phones(phones) if lettered is None else lettered
    blocks = [_e164(pc.utf8_trim_whitespace(joined(text.slice(start, PHONE_BLOCK_ROWS))),
                    pa.array(lettered[start:start + PHONE_BLOCK_ROWS]), country)
              for start in range(0, len(phones), PHONE_BLOCK_ROWS)]
    return from_arrow(pa.chunked_array(blocks, type=pa.large_string()), phones.index)


def _e164(text: pa.Array, lettered: pa.Array, country: str) -> pa.Array:
    """normalise_phone of one block of trimmed phone cells."""
    without_extension = pc.replace_with_mask(
        text, lettered, pc.replace_substring_regex(text.filter(lettered), PHONE_EXTENSION, ""))
    digits = ascii_digits(without_extension)
    international = pc.starts_with(text, "+")
    double_zero = pc.and_(pc.invert(international), pc.starts_with(digits, "00"))
    national = pc.if_else(pc.starts_with(digits, "0"), pc.utf8_slice_codeunits(digits, 1), digits)
    has_country = pc.and_(pc.starts_with(national, country), pc.greater(pc.utf8_length(national), 10))
    kind = digits.type  # large_string: the literals joined to it must be too
    with_country = pc.if_else(has_country, national,
                              pc.binary_join_element_wise(pa.scalar(country, kind), national, pa.scalar("", kind)))
    number = pc.if_else(international, digits,
                        pc.if_else(double_zero, pc.utf8_slice_codeunits(digits, 2), with_country))
    with_plus = pc.binary_join_element_wise(pa.scalar("+", kind), number, pa.scalar("", kind))
    return pc.if_else(pc.greater(pc.utf8_length(digits), 0), with_plus, pa.scalar(None, kind))


def _duplicate_values(source: CanonicalTable, key: pd.Series, code: str, column: str, label: str,
                      fix: str | None = None) -> list[Finding]:
    """Rows whose ``key`` (missing: no key) equals an earlier row's: all rows of such groups are listed, the repeats
    counted; deals' amount is that of the repeats (what reports count twice)."""
    present = key.notna().to_numpy()
    codes = value_codes(key)
    in_groups = present & (np.bincount(codes)[codes] > 1)
    repeated = in_groups & ~first_appearances(codes)  # the first of each value is not a repeat
    if not repeated.any():
        return []
    in_groups = pd.Series(in_groups, index=key.index)
    finding = Finding(code, "warning", source.raw.label, column, f"rows share {label} with an earlier row",
                      _rows(source, in_groups, source.frame[column]), fix or f"merge the records that share {label}",
                      amount=_amount(source, pd.Series(repeated, index=key.index)), count=int(repeated.sum()))
    return [finding]


def duplicate_emails(source: CanonicalTable) -> list[Finding]:
    """The same email (whatever its case and surrounding spaces) on several contacts."""
    if "email" not in source.frame:
        return []
    emails = normalise_email(source.frame["email"])
    return _duplicate_values(source, emails, "DUP_EMAIL", "email", "an email")


def phone_checks(source: CanonicalTable, options: AuditOptions) -> list[Finding]:
    """The same phone number (after normalisation) on several contacts, and numbers that cannot be real."""
    if "phone" not in source.frame:
        return []
    lettered = lettered_phones(source.frame["phone"])
    e164 = normalise_phone(source.frame["phone"], options.region, lettered)
    return (_duplicate_values(source, without_scientific_notation(e164, source.frame["phone"]), "DUP_PHONE", "phone",
                              "a phone number")
            + invalid_phones(source, e164, lettered))


def scientific_notation(values: pd.Series) -> pd.Series:
    """True where a cell is a long number a spreadsheet wrote in scientific notation (SCIENTIFIC_NUMBER); a substring
    search first, so that the pattern runs only on a column that may hold one."""
    if not pc.any(pc.match_substring(arrow_chunks(values), "E+", ignore_case=True)).as_py():
        return pd.Series(False, index=values.index)
    return pd.Series(matches(values, SCIENTIFIC_NUMBER), index=values.index)


def without_scientific_notation(keys: pd.Series, written: pd.Series | None = None) -> pd.Series:
    """The keys records are matched on, missing where the cell they come from (``written``, else the keys
    themselves) is in scientific notation: records sharing such a value are not known to be one (NUMBER_SCIENTIFIC
    says what happened to them)."""
    scientific = scientific_notation(keys if written is None else written)
    return keys.mask(scientific) if scientific.any() else keys


def scientific_numbers(source: CanonicalTable) -> list[Finding]:
    """IDs and phone numbers a spreadsheet rewrote in scientific notation (8.61381E+12): their last digits are lost,
    so records that differ share one ID and phones dial the wrong number (the digits left read as a valid one). Such
    values are no duplicates in DUP_ID and DUP_PHONE."""
    findings = []
    for column in [name for name in source.frame.columns if name.endswith("_id") or name == "phone"]:
        found = _finding(source, "NUMBER_SCIENTIFIC", "error", column,
                         "numbers a spreadsheet wrote in scientific notation, their last digits lost",
                         scientific_notation(source.frame[column]), source.frame[column],
                         "export again from the CRM, or format the column as text before saving")
        findings += [found] if found else []
    return findings


def _person_names(frame: pd.DataFrame) -> pd.Series | None:
    """The name column, else first and last name joined by a space (missing where both are)."""
    if "name" in frame:
        return frame["name"]
    parts = [arrow_text(frame[column]) for column in ("first_name", "last_name") if column in frame]
    if not parts:
        return None
    joined = pc.binary_join_element_wise(*parts, pa.scalar(" ", parts[0].type), null_handling="replace",
                                         null_replacement="")
    names = from_arrow(pc.utf8_trim_whitespace(joined), frame.index)
    return names.mask(names == "")


def _stable_order(codes: np.ndarray) -> np.ndarray:
    """``np.argsort(codes, kind="stable")`` for codes in 0..2**32-1, as two 16-bit passes: numpy radix-sorts
    16-bit keys (linear) but merge-sorts wider ones, five times slower on a million codes."""
    low_first = np.argsort((codes & 0xFFFF).astype(np.uint16), kind="stable")
    return low_first[np.argsort((codes[low_first] >> 16).astype(np.uint16), kind="stable")]


def _distinct_pairs(keys: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of ``keys`` (0 <= key < size) and, per key, the position of its value among them:
    by a table of every possible key when there are few (a lookup), else by hashing."""
    if size <= DENSE_PAIR_KEYS:
        seen = np.zeros(size, dtype=bool)
        seen[keys] = True
        return np.flatnonzero(seen), (np.cumsum(seen, dtype=np.int32) - 1)[keys]
    positions, distinct = pd.factorize(keys)
    return distinct, positions


def same_company_pairs(company: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every two people (a < b, positions in ``company``, a code per person) of the same company, for companies of
    2..MAX_COMPANY_PEOPLE people.

    Built with index arithmetic per company size (a handful of sizes), not a self-merge of the whole table, into
    32-bit arrays sized once: a million contacts can make millions of pairs.
    """
    order = _stable_order(company).astype(np.int32)  # by company, then by position
    company = company[order]
    starts = np.flatnonzero(np.r_[True, company[1:] != company[:-1]]).astype(np.int32)
    sizes = np.diff(np.r_[starts, len(company)])
    paired = np.unique(sizes[(sizes > 1) & (sizes <= MAX_COMPANY_PEOPLE)])
    groups = [starts[sizes == size] for size in paired]
    total = sum(len(group_starts) * (size * (size - 1) // 2) for size, group_starts in zip(paired, groups))
    a, b = np.empty(total, dtype=np.int32), np.empty(total, dtype=np.int32)
    filled = 0
    for size, group_starts in zip(paired, groups):
        first, second = (offsets.astype(np.int32) for offsets in np.triu_indices(size, 1))
        count = len(group_starts) * len(first)
        a[filled:filled + count] = (group_starts[:, None] + first).ravel()
        b[filled:filled + count] = (group_starts[:, None] + second).ravel()
        filled += count
    return order[a], order[b]


def near_duplicate_names(source: CanonicalTable, options: AuditOptions) -> list[Finding]:
    """Person names within one company that rapidfuzz scores at or above the threshold (and are not identical).

    Candidate pairs are every two people of the same company (companies of more than MAX_COMPANY_PEOPLE people
    are left out, to bound the pairs); rapidfuzz scores all pairs in one vectorised call.
    """
    from rapidfuzz import fuzz, process

    frame = source.frame
    names = _person_names(frame)
    if names is None or "company" not in frame:
        return []
    name_codes, distinct_names = pd.factorize(names.str.lower())
    company_codes, _ = pd.factorize(frame["company"].str.lower())
    named = np.flatnonzero((company_codes >= 0) & (name_codes >= 0)).astype(np.int32)  # people with both
    person_a, person_b = (named[positions] for positions in same_company_pairs(company_codes[named]))
    differ = name_codes[person_a] != name_codes[person_b]
    person_a, person_b = person_a[differ], person_b[differ]
    if not len(person_a):
        return []
    # score each distinct pair of names once (names repeat: far fewer distinct pairs than pairs)
    count = len(distinct_names)
    name_pairs = name_codes[person_a].astype(np.int64)
    name_pairs *= count  # in place: millions of pairs
    name_pairs += name_codes[person_b]
    pairs, pair_of_person = _distinct_pairs(name_pairs, count * count)
    del name_pairs
    distinct = np.asarray(distinct_names, dtype=object)
    scores = process.cpdist(distinct[pairs // count].tolist(), distinct[pairs % count].tolist(),
                            scorer=fuzz.token_sort_ratio, workers=-1)
    close = (scores >= options.name_threshold)[pair_of_person]
    if not close.any():
        return []
    label_a, label_b = frame.index[person_a[close]], frame.index[person_b[close]]
    partner = pd.concat([pd.Series(label_b, index=label_a), pd.Series(label_a, index=label_b)])
    partner = partner[~partner.index.duplicated()]
    mask = pd.Series(frame.index.isin(partner.index), index=frame.index)
    values = (names[mask] + " ~ " + names.reindex(partner.reindex(frame.index[mask]).to_numpy()).to_numpy())
    return [Finding("DUP_NAME", "warning", source.raw.label, "name",
                    f"names in the same company that look like one person (score ≥ {options.name_threshold:g})",
                    _rows(source, mask, values.reindex(frame.index)), "check whether these are the same person and merge")]


# --- invalid values --------------------------------------------------------------------------------------------------

def _between(values, lowest: int, highest: int) -> np.ndarray:
    """lowest <= value <= highest, element-wise on an Arrow integer array (missing: False)."""
    inside = pc.and_(pc.greater_equal(values, lowest), pc.less_equal(values, highest))
    return pc.fill_null(inside, False).to_numpy(zero_copy_only=False)


def _email_validator_accepts(address: str) -> bool:
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def invalid_emails(source: CanonicalTable) -> list[Finding]:
    """Email syntax: a strict pattern accepts plain addresses at once, an address without "@" is refused at once;
    email-validator judges the rest (no network)."""
    if "email" not in source.frame:
        return []
    emails = source.frame["email"]
    array = arrow_text(emails)
    length, at = pc.utf8_length(array), pc.find_substring(array, "@")  # "@" offset in bytes: RFC 5321's octets
    present = emails.notna().to_numpy()
    plain = matches(emails, _ASCII_EMAIL)
    others = np.flatnonzero(~plain & present)
    plain[others] = matches(rows_at(emails, others), _SIMPLE_EMAIL)
    plain &= _between(length, 3, 254) & _between(at, 1, 64)
    bad = present & pc.fill_null(pc.equal(at, -1), False).to_numpy(zero_copy_only=False)
    doubtful = np.flatnonzero(present & ~plain & ~bad)
    doubtful_emails = rows_at(emails, doubtful)
    refused = {value for value in doubtful_emails.unique() if not _email_validator_accepts(value)}
    bad[doubtful] = doubtful_emails.isin(refused).to_numpy()
    found = _finding(source, "INVALID_EMAIL", "error", "email", "email addresses that are not valid",
                     pd.Series(bad, index=emails.index), emails, "correct or remove the address")
    return [found] if found else []


def invalid_phones(source: CanonicalTable, e164: pd.Series, lettered: np.ndarray) -> list[Finding]:
    """Phone numbers whose digits cannot form an E.164 number (8 to 15 digits with the country code), and numbers
    with words in them (looked for among the ``lettered_phones`` only)."""
    phones = source.frame["phone"]
    digits = pc.subtract(pc.utf8_length(arrow_text(e164)), 1)
    words = np.zeros(len(phones), dtype=bool)
    with_letters = np.flatnonzero(lettered)
    without_extension = pc.replace_substring_regex(arrow_text(rows_at(phones, with_letters)), PHONE_EXTENSION, "")
    words[with_letters] = pc.fill_null(pc.match_substring_regex(without_extension, "[A-Za-z]{3,}"), False).to_numpy(
        zero_copy_only=False)
    bad = phones.notna() & pd.Series(~_between(digits, 8, 15) | words, index=phones.index)
    found = _finding(source, "INVALID_PHONE", "warning", "phone", "phone numbers that cannot be a real number", bad,
                     phones, "correct the number")
    return [found] if found else []


_LOADER_CODES = (  # what a loader or schema warning becomes in the audit
    ("could not be read as money", "AMOUNT_TEXT", "error", "fix the amount text"),
    ("could not be read as a date", "DATE_INVALID", "warning", "write the date in one format"),
    ("standing for no date", "DATE_PLACEHOLDER", "warning", "clear the date, or enter the real one"),
    ("could not be read as a percentage", "PROBABILITY_INVALID", "error", "write the probability as 0–100"),
    ("could not be read as", "VALUE_INVALID", "warning", "correct the value"),
    ("below zero", "AMOUNT_NEGATIVE", "error", "correct the sign of the amount"),
    ("outside 0–100%", "PROBABILITY_RANGE", "error", "keep probabilities within 0–100%"),
    ("dated after the close date", "CLOSE_BEFORE_CREATED", "warning", "correct the created or close date"),
    ("more cells than the header", "ROW_RAGGED", "warning", "repair the rows' quoting or delimiters"),
    ("found in the text", "FILE_NUL", "warning", "export the file again"),
    ("with the same name in the header", "HEADER_DUPLICATE", "warning", "give every column its own name"),
)
# loader warnings whose rows another check lists: deals with neither stage nor status are among missing_required's
# deals without stage, and counting them again would double them in the audit's totals
_LISTED_ELSEWHERE = ("missing, and no status either",)


def loader_findings(source: CanonicalTable) -> list[Finding]:
    """The values the loader could not read, and the schema's failed checks, as findings."""
    findings = []
    for warning in source.warnings:
        if any(text in warning.problem for text in _LISTED_ELSEWHERE):
            continue
        code, severity, fix = next(((c, s, f) for text, c, s, f in _LOADER_CODES if text in warning.problem),
                                   ("VALUE_INVALID", "warning", "correct the value"))
        values = warning.all_values or [""] * len(warning.all_rows)
        rows = pd.DataFrame({"file": source.raw.label, "row": warning.all_rows, "value": values})
        mask = source.frame["_row"].isin(warning.all_rows)
        findings.append(Finding(code, severity, source.raw.label, warning.canonical or warning.column,
                                warning.problem, rows, fix, _amount(source, mask)))
    return findings


def deal_values(source: CanonicalTable, options: AuditOptions) -> list[Finding]:
    """Zero amounts on won/open deals, stale open deals."""
    frame, findings = source.frame, []
    today = pd.Timestamp(options.as_of)
    if "amount" in frame:
        zero = (frame["amount"] == 0) & frame["status"].isin(["won", "open"])
        findings.append(_finding(source, "AMOUNT_ZERO", "warning", "amount", "won or open deals with a zero amount",
                                 zero, frame.get("deal_name", frame["amount"]), "enter the deal's amount"))
    if "close_date" in frame:
        stale = (frame["status"] == "open") & (frame["close_date"] < today - pd.Timedelta(days=options.stale_days))
        findings.append(_finding(source, "STALE_OPEN", "warning", "close_date",
                                 f"open deals whose expected close date passed more than {options.stale_days} days ago",
                                 stale, frame["close_date"],
                                 "close the deal or move its expected close date"))
    return [f for f in findings if f]


def future_created(source: CanonicalTable, options: AuditOptions) -> list[Finding]:
    """Records created after today (--as-of)."""
    frame = source.frame
    if "created_date" not in frame or not pd.api.types.is_datetime64_any_dtype(frame["created_date"]):
        return []
    future = frame["created_date"] > pd.Timestamp(options.as_of) + pd.Timedelta(days=1)
    found = _finding(source, "FUTURE_CREATED", "warning", "created_date", "created dates in the future", future,
                     frame["created_date"], "correct the created date")
    return [found] if found else []


def unknown_stages(source: CanonicalTable) -> list[Finding]:
    """Stages that the recognised source's stage table does not know (custom stages are worth a look)."""
    frame, stages = source.frame, source.profile.stages
    if not stages or "stage" not in frame:
        return []
    known = {key for key in stage_keys(pd.Series(list(stages), dtype="str"))}
    keys = stage_keys(frame["stage"])
    # by the words of each distinct name, with its spaces: "Deal Won" is won, its key "dealwon" has no word "won"
    by_words = map_distinct(frame["stage"], lambda names: names.str.lower().str.contains(
        WON_STAGE_PATTERN + "|" + LOST_STAGE_PATTERN, regex=True).fillna(False).astype(bool), fill=False)
    unknown = keys.notna() & ~keys.isin(known) & ~by_words
    found = _finding(source, "UNKNOWN_STAGE", "info", "stage",
                     f"stages that {source.profile.label}'s default pipeline does not have", unknown, frame["stage"],
                     "add the stage to a --map file with its status and probability")
    return [found] if found else []


# --- completeness ----------------------------------------------------------------------------------------------

def missing_required(source: CanonicalTable) -> list[Finding]:
    """Deals need owner, stage, amount and close date; contacts need an email or a phone."""
    frame, findings = source.frame, []
    if source.table == "deals":
        for column in REQUIRED_DEAL_COLUMNS:
            missing = frame[column].isna() if column in frame else pd.Series(True, index=frame.index)
            detail = "" if column in frame else " (the input has no such column)"
            findings.append(_finding(source, f"MISSING_{column.upper()}", "error", column,
                                     f"deals without {column.replace('_', ' ')}{detail}", missing,
                                     frame.get("deal_name", frame.get("deal_id")), f"fill in the {column}"))
    elif source.table == "contacts":
        nothing = pd.Series(True, index=frame.index)
        for column in ("email", "phone"):
            if column in frame:
                nothing &= frame[column].isna()
        names = _person_names(frame[nothing])  # only those rows are listed
        findings.append(_finding(source, "MISSING_CONTACT", "error", "email",
                                 "contacts with neither email nor phone", nothing,
                                 None if names is None else names.reindex(frame.index), "add an email or phone"))
    return [f for f in findings if f]


def completeness(source: CanonicalTable) -> pd.DataFrame:
    """Share of empty values per column of the file."""
    raw = source.raw.frame
    empty = raw.isna().sum()
    return pd.DataFrame({"file": source.raw.label, "column": [str(c) for c in raw.columns],
                         "empty": empty.to_numpy().astype(int),
                         "share_empty": (empty / max(len(raw), 1)).to_numpy()})


def empty_columns(source: CanonicalTable) -> list[Finding]:
    """Columns with no value at all (info: exports often carry them)."""
    raw = source.raw.frame
    if not len(raw):
        return []
    empty = [str(c) for c in raw.columns if raw[c].isna().all()]
    if not empty:
        return []
    rows = pd.DataFrame({"file": source.raw.label, "row": source.raw.header_row, "value": empty})
    return [Finding("EMPTY_COLUMN", "info", source.raw.label, "", "columns without any value", rows,
                    "drop the column from the export")]


# --- consistency -------------------------------------------------------------------------------------------------

def picklist_variants(sources: list[CanonicalTable]) -> list[Finding]:
    """Values of one picklist column (across all tables) that differ only in case, spacing or punctuation
    ("GTXPro" vs "GTX Pro"); the reference spelling is the master table's, else the most frequent one."""
    findings = []
    for column in dict.fromkeys(PICKLIST_COLUMNS + tuple(MASTER_TABLES)):
        holders = [s for s in sources if s.frame is not None and column in s.frame and s.table is not None]
        counted = [(source.table, source.frame[column]) for source in holders
                   if source.frame[column].nunique() <= MAX_PICKLIST_VALUES]
        if not counted:
            continue
        spellings = spelling_counts(counted, column)
        spellings["reference"] = spellings["value"].map(reference_spellings(spellings))
        for reference, group in spellings.groupby("reference"):
            if len(group) < 2:
                continue
            others = set(group["value"]) - {reference}
            for source in holders:
                mask = source.frame[column].isin(others)
                found = _finding(source, "PICKLIST_VARIANT", "warning", column,
                                 f"spelt differently from {reference!r}", mask, source.frame[column],
                                 f"use one spelling: {reference!r}")
                if found:
                    findings.append(found)
    return findings


def picklist_spelling(sources: list[CanonicalTable]) -> list[Finding]:
    """Industry values that look like a misspelt common industry name ("technolgy" → "technology")."""
    from rapidfuzz import fuzz, process

    findings = []
    for source in sources:
        if source.frame is None or "industry" not in source.frame:
            continue
        values = source.frame["industry"]
        distinct = values.dropna().unique()
        if len(distinct) > MAX_PICKLIST_VALUES:
            continue
        suggestions = {}
        for value in distinct:
            lowered = value.lower().strip()
            if lowered in INDUSTRIES:
                continue
            match = process.extractOne(lowered, INDUSTRIES, scorer=fuzz.ratio, score_cutoff=85)
            if match:
                suggestions[value] = match[0]
        if suggestions:
            mask = values.isin(list(suggestions))
            shown = values.map(lambda v: f"{v} → {suggestions[v]}?" if v in suggestions else v)
            findings.append(_finding(source, "PICKLIST_SPELLING", "warning", "industry",
                                     "values that look like a misspelt industry name", mask, shown,
                                     "correct the spelling: " + ", ".join(f"{k!r} → {v!r}" for k, v in suggestions.items())))
    return findings


def orphans(sources: list[CanonicalTable]) -> list[Finding]:
    """Deals whose account (or product) is missing from the accounts (or products) table given with them
    (compared like picklist values, so a mere spelling variant is not an orphan)."""
    findings = []
    for column, master in MASTER_TABLES.items():
        known = pd.Series([value for s in sources if s.table == master and s.frame is not None and column in s.frame
                           for value in s.frame[column].dropna()], dtype="str")
        if known.empty:
            continue
        for source in sources:
            if source.table != "deals" or column not in source.frame:
                continue
            values = source.frame[column]
            # a value spelt like a known one is a PICKLIST_VARIANT, not an orphan
            mask = values.notna() & ~spelling_key(values).isin(set(spelling_key(known)))
            findings.append(_finding(source, f"ORPHAN_{column.upper()}", "warning", column,
                                     f"deals whose {column} is not in the {master} table", mask, values,
                                     f"add the {column} to the {master} table or correct the deal"))
    return [f for f in findings if f]


def mixed_currencies(source: CanonicalTable, options: AuditOptions) -> list[Finding]:
    """Amounts in several currencies without an exchange rate to add them up (the export's or --rates) or the export's
    converted amounts beside them."""
    frame = source.frame
    if "currency" not in frame:
        return []
    currencies = sorted(frame["currency"].dropna().unique())
    with_amount = frame["amount"].notna() if "amount" in frame else frame["currency"].notna()
    if len(currencies) < 2 or any(column in frame and frame.loc[with_amount, column].notna().all()
                                  for column in ("exchange_rate", "converted_amount")):
        return []
    if options.rates is None:
        mask = frame["currency"].notna()
        problem = f"amounts in several currencies ({', '.join(currencies)}) without exchange rates"
    else:
        currencies = options.rates.missing(currencies)
        if not currencies:
            return []
        mask = frame["currency"].isin(currencies)
        problem = f"amounts in {', '.join(currencies)}, which {options.rates.source} gives no rate for"
    found = _finding(source, "CURRENCY_MIXED", "error", "currency", problem, mask, frame["currency"],
                     "give their rates with --rates, export converted amounts, or one currency per file")
    return [found] if found else []


# --- the audit -------------------------------------------------------------------------------------------------------

def _checks(source: CanonicalTable, options: AuditOptions) -> list[Callable[[], list[Finding]]]:
    """The checks of one table, each ready to run; the slowest first, so that workers finish close together."""
    checks = []
    if source.table == "contacts":
        checks += [partial(near_duplicate_names, source, options), partial(phone_checks, source, options)]
    checks.append(partial(duplicates, source))
    if source.table == "contacts":
        checks += [partial(duplicate_emails, source), partial(invalid_emails, source)]
    checks += [partial(empty_columns, source), partial(loader_findings, source), partial(missing_required, source),
               partial(future_created, source, options), partial(scientific_numbers, source)]
    if source.table == "deals":
        checks += [partial(deal_values, source, options), partial(unknown_stages, source),
                   partial(mixed_currencies, source, options)]
    return checks


# checks that spend their time in Python (names compared pair by pair, phones and emails read one by one)
PYTHON_CHECKS = (near_duplicate_names, phone_checks, invalid_emails)


def run_checks(dataset: Dataset, options: AuditOptions) -> list[Finding]:
    """Every check on every table read. The checks are independent: on big inputs they run in worker processes, one
    per core (``crmreport/workers.py``), when some of them are PYTHON_CHECKS (contacts'). The others are column-wise,
    and forking cost them more than it saved (1M deals: 1.34 s and 645 MB in workers, 1.36 s and 572 MB here; 5M
    deals: 7.1 s and 5.9 s)."""
    recognised = [s for s in dataset.sources if s.frame is not None]
    checks = [check for source in recognised for check in _checks(source, options)]
    checks += [partial(picklist_variants, recognised), partial(picklist_spelling, recognised),
               partial(orphans, recognised), partial(overlapping_records, recognised, dataset.overlaps)]
    big = sum(len(source.frame) for source in recognised) >= PARALLEL_FROM_ROWS
    in_workers = big and any(check.func in PYTHON_CHECKS for check in checks)
    findings = [finding for found in run_jobs(checks, None if in_workers else 1) for finding in found]
    return sorted(findings, key=lambda f: (SEVERITY_RANK[f.severity], -f.count, f.code, f.table))


def distinct_count(row_numbers: list[np.ndarray]) -> int:
    """How many distinct numbers (row numbers: small, non-negative) the arrays hold together; marked in a mask
    rather than sorted, as there may be millions."""
    filled = [numbers for numbers in row_numbers if len(numbers)]
    if not filled:
        return 0
    seen = np.zeros(max(int(numbers.max()) for numbers in filled) + 1, dtype=bool)
    for numbers in filled:
        seen[numbers] = True
    return int(seen.sum())


def _scores(dataset: Dataset, findings: list[Finding]) -> pd.DataFrame:
    """Per table: rows, rows with an error or warning, score = share of clean rows × 100."""
    rows = []
    for source in dataset.sources:
        label = source.raw.label
        flagged = distinct_count([finding.rows["row"].to_numpy(dtype=np.int64) for finding in findings
                                  if finding.table == label and finding.severity != "info"
                                  and finding.code != "EMPTY_COLUMN"])
        total = len(source.raw.frame)
        rows.append({"file": label, "table": source.table or "—", "rows": total, "rows_with_problems": flagged,
                     "score": 100.0 * (1 - flagged / total) if total else 100.0})
    return pd.DataFrame(rows)


def audit(dataset: Dataset, options: AuditOptions) -> Report:
    """Run every check and return the audit as a Report (KPIs, a checks table, a table of rows per check)."""
    findings = run_checks(dataset, options)
    scores = _scores(dataset, findings)
    problems = [f for f in findings if f.severity != "info"]
    total_rows = int(scores["rows"].sum())
    flagged_rows = int(scores["rows_with_problems"].sum())
    kpis = {
        "rows": total_rows,
        "problems": int(sum(f.count for f in problems)),
        "duplicate_rows": int(sum(f.count for f in findings if f.code == "DUP_ROW")),
        "invalid_emails": int(sum(f.count for f in findings if f.code == "INVALID_EMAIL")),
        "missing_required": int(sum(f.count for f in findings if f.code.startswith("MISSING_"))),
        "errors": int(sum(f.count for f in findings if f.severity == "error")),
        "warnings": int(sum(f.count for f in findings if f.severity == "warning")),
        "score": 100.0 * (1 - flagged_rows / total_rows) if total_rows else 100.0,
    }
    for code in sorted({f.code for f in findings}):
        kpis[code.lower()] = int(sum(f.count for f in findings if f.code == code))
    checks = pd.DataFrame([{"code": f.code, "severity": f.severity, "file": f.table, "column": f.column,
                            "count": f.count, "problem": f.message, "fix": f.fix,
                            "examples": ", ".join(str(r) for r in f.rows["row"].head(5))} for f in findings],
                          columns=["code", "severity", "file", "column", "count", "problem", "fix", "examples"])
    top = sorted(problems, key=lambda f: (-f.amount, -f.count))[:5]
    top_fixes = pd.DataFrame([{"fix": f.fix, "code": f.code, "file": f.table, "column": f.column, "count": f.count,
                               "amount_affected": f.amount} for f in top],
                             columns=["fix", "code", "file", "column", "count", "amount_affected"])
    tables = {"checks": checks, "scores": scores, "top_fixes": top_fixes,
              "completeness": pd.concat([completeness(s) for s in dataset.sources], ignore_index=True)}
    warnings = []
    for code in dict.fromkeys(f.code for f in findings):
        of_code = [f for f in findings if f.code == code]
        rows = pd.concat([f.rows.assign(column=f.column) for f in of_code], ignore_index=True)
        if len(rows) > CHECK_ROWS_SHOWN:
            warnings.append(f"{code}: {len(rows)} offending rows, the first {CHECK_ROWS_SHOWN} are listed")
            rows = rows.head(CHECK_ROWS_SHOWN)
        tables[code.lower()] = rows[["file", "row", "column", "value"]]
    warnings += dataset.notes + dataset.reading_notes
    return Report("audit", "Data audit", kpis, tables, warnings, inputs=dataset.inputs())


def fails(report: Report, fail_on: str) -> bool:
    """True when the audit found problems at or above ``fail_on`` (error or warning)."""
    severities = set(report.tables["checks"]["severity"])
    return any(SEVERITY_RANK[level] <= SEVERITY_RANK[fail_on] for level in severities)

