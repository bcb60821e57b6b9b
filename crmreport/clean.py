"""clean: a cleaned copy of one export, and a log of every cell it changed.

Rules, in order (each vectorised over a column; the log names the rule):
  not-a-record       rows the reader left out (empty, subtotals, the header repeated, totals or an export's footer
                     after the records) are not in the copy
  trim               surrounding spaces removed, runs of spaces inside text made one
  email-lowercase    emails in lower case
  phone-e164         phone numbers as E.164 (+14155550100), read with phonenumbers in --region
  date-placeholder   dates that stand for no date (9999-12-31, 1900-01-01, 1970-01-01 …) made blank, as every
                     report reads them
  date-iso           dates as YYYY-MM-DD (YYYY-MM-DD HH:MM:SS when a time is given)
  picklist-spelling  picklist values that differ only in case/spacing/punctuation take one spelling: the one in
                     a --reference table (e.g. products.csv), else the most frequent in the file
  duplicate-row      rows identical to an earlier row are removed
  dedupe-email / dedupe-phone   contacts sharing an email (then a phone; not one written in scientific notation,
                     8.61381E+12, whose digits are lost) are merged into one row: the row kept is
                     the latest (--dedupe keep-latest: latest created date, else the last row) or the most complete
                     (--dedupe keep-most-complete: most filled cells, else the first row); its empty cells are filled
                     from the merged rows in the same order of preference (merge-fill)
The input file is never written.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from .audit import (PICKLIST_COLUMNS, duplicated_rows, normalise_email, normalise_phone, scientific_notation,
                    without_scientific_notation)
from .errors import InputError
from .loaders.canonical import DATE_COLUMNS, CanonicalTable
from .loaders.spelling import reference_spellings
from .parsing import map_distinct
from .report import Report
from .workers import run_jobs

DEDUPE_RULES = ("keep-latest", "keep-most-complete")


@dataclass
class CleanOptions:
    """How to clean."""

    region: str = "US"
    dedupe: str = "keep-most-complete"


def _log(changes: list[pd.DataFrame], rows: pd.Series, column: str, old: pd.Series, new: pd.Series, rule: str) -> None:
    changed = ~((old == new) | (old.isna() & new.isna())).fillna(False).astype(bool)
    if changed.any():
        changes.append(pd.DataFrame({"row": rows[changed].to_numpy(), "column": column,
                                     "old": old[changed].astype("str").fillna("").to_numpy(),
                                     "new": new[changed].astype("str").fillna("").to_numpy(), "rule": rule}))


PHONES_PER_JOB = 20_000  # distinct phones: fewer are converted in this process (forking costs more than it saves)


def _e164(phones: pd.Series, region: str) -> pd.Series:
    """E.164 form of each distinct phone by phonenumbers; numbers it cannot read are left as they are. A big
    column's distinct phones are converted in forked workers, a share each: phonenumbers reads one number at a
    time, in Python (some 50 µs a number)."""

    def convert(values: pd.Series) -> pd.Series:
        texts = values.tolist()
        shares = [texts[start:start + PHONES_PER_JOB] for start in range(0, len(texts), PHONES_PER_JOB)]
        converted = run_jobs([partial(_e164_each, share, region) for share in shares])
        return pd.Series([phone for share in converted for phone in share], dtype="str")

    return map_distinct(phones, convert).astype("str")


def _e164_each(values: list[str], region: str) -> list[str]:
    import phonenumbers

    out = []
    for value in values:
        try:
            number = phonenumbers.parse(value, region)
            ok = phonenumbers.is_possible_number(number)
        except phonenumbers.NumberParseException:
            ok = False
        out.append(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if ok else value)
    return out


def _iso(dates: pd.Series, original: pd.Series) -> pd.Series:
    with_time = dates.dt.strftime("%Y-%m-%d %H:%M:%S")
    plain = dates.dt.strftime("%Y-%m-%d")
    iso = plain.where(dates == dates.dt.normalize(), with_time)
    return iso.where(dates.notna(), original)


def _reference_spelling(values: pd.Series, reference: set[str]) -> pd.Series:
    """Map each value to the spelling its picklist key group should use."""
    counts = values.value_counts()
    table = pd.DataFrame({"value": counts.index.astype(str), "rows": counts.to_numpy()})
    table["master"] = table["value"].isin(reference)
    extra = pd.DataFrame({"value": sorted(reference - set(table["value"])), "rows": 0, "master": True})
    return values.map(reference_spellings(pd.concat([table, extra], ignore_index=True)))


def _preference(frame: pd.DataFrame, source: CanonicalTable, rule: str) -> np.ndarray:
    """Row order in which duplicates are kept: the first of each group in this order stays."""
    if rule == "keep-latest":
        created = source.frame.get("created_date")
        key = created.reindex(frame.index) if created is not None else pd.Series(pd.NaT, index=frame.index)
        order = pd.DataFrame({"created": key, "position": np.arange(len(frame))})
        return order.sort_values(["created", "position"], ascending=[False, False], na_position="last").index.to_numpy()
    filled = frame.notna().sum(axis=1)
    order = pd.DataFrame({"filled": filled, "position": np.arange(len(frame))})
    return order.sort_values(["filled", "position"], ascending=[False, True]).index.to_numpy()


def clean_table(source: CanonicalTable, options: CleanOptions, references: list[CanonicalTable] = ()) \
        -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cleaned raw table (original headers) and the change log (row, column, old, new, rule)."""
    frame = source.raw.frame.copy()
    rows = source.frame["_row"]
    changes: list[pd.DataFrame] = []
    header_of = source.columns
    for column in frame.columns:
        old = frame[column]
        new = map_distinct(old, lambda s: s.str.strip().str.replace(r"\s{2,}", " ", regex=True)).astype("str")
        new = new.mask(new == "")
        _log(changes, rows, column, old, new, "trim")
        frame[column] = new
    if "email" in header_of:
        column = header_of["email"]
        old = frame[column]
        frame[column] = normalise_email(old)
        _log(changes, rows, column, old, frame[column], "email-lowercase")
    if "phone" in header_of:
        column = header_of["phone"]
        old = frame[column]
        frame[column] = _e164(old, options.region).mask(scientific_notation(old), old)  # digits lost: left as written
        _log(changes, rows, column, old, frame[column], "phone-e164")
    for canonical in DATE_COLUMNS:
        if canonical in header_of and pd.api.types.is_datetime64_any_dtype(source.frame[canonical]):
            column = header_of[canonical]
            if canonical in source.placeholder_dates:
                old = frame[column]
                frame[column] = old.mask(source.placeholder_dates[canonical])
                _log(changes, rows, column, old, frame[column], "date-placeholder")
            old = frame[column]
            frame[column] = _iso(source.frame[canonical], old)
            _log(changes, rows, column, old, frame[column], "date-iso")
    for canonical in PICKLIST_COLUMNS:
        if canonical not in header_of:
            continue
        column = header_of[canonical]
        reference = {v for r in references if r.frame is not None and canonical in r.frame for v in r.frame[canonical].dropna()}
        old = frame[column]
        frame[column] = _reference_spelling(old, reference).where(old.notna())
        _log(changes, rows, column, old, frame[column], "picklist-spelling")
    frame, removed = _dedupe(frame, rows, source, options, changes)
    log = pd.concat(changes, ignore_index=True) if changes else pd.DataFrame(columns=["row", "column", "old", "new", "rule"])
    return frame.drop(index=removed), log.sort_values(["row", "column"], kind="stable").reset_index(drop=True)


def _dedupe(frame: pd.DataFrame, rows: pd.Series, source: CanonicalTable, options: CleanOptions,
            changes: list[pd.DataFrame]) -> tuple[pd.DataFrame, list]:
    """Remove repeated rows, then merge contacts sharing an email, then a phone."""
    removed = list(frame.index[duplicated_rows(frame)])
    _log_rows(changes, rows, removed, "removed: identical to an earlier row", "duplicate-row")
    keys = []
    if "email" in source.columns:
        keys.append(("email", frame[source.columns["email"]]))
    if "phone" in source.columns:
        phones = frame[source.columns["phone"]]
        keys.append(("phone", without_scientific_notation(normalise_phone(phones, options.region), phones)))
    for name, key in keys:
        key = key.where(~frame.index.isin(removed))  # rows already removed take no part (no copy of the table)
        grouped = key.notna() & key.duplicated(keep=False)
        if not grouped.any():
            continue
        members = frame[grouped]
        preference = _preference(frame, source, options.dedupe)
        ordered = members.loc[preference[np.isin(preference, members.index)]]
        group_key = key[ordered.index]
        merged = ordered.groupby(group_key.to_numpy(), sort=False).first()  # first non-empty value per column
        keepers = ordered.index.to_series().groupby(group_key.to_numpy(), sort=False).first()
        filled = merged.loc[keepers.index]  # each group's merged values, in the order of its keeper
        gaps = frame.loc[keepers.to_numpy()].isna().to_numpy() & filled.notna().to_numpy()
        for place, column in enumerate(frame.columns):  # a keeper's empty cell takes its group's first value
            if gaps[:, place].any():
                targets, values = keepers.to_numpy()[gaps[:, place]], filled[column].to_numpy()[gaps[:, place]]
                changes.append(pd.DataFrame({"row": rows.loc[targets].to_numpy(), "column": column, "old": "",
                                             "new": [str(value) for value in values], "rule": "merge-fill"}))
                frame.loc[targets, column] = values
        dropped = ordered.index.difference(keepers.to_numpy())
        keeper_rows = rows.loc[group_key.map(keepers).loc[dropped].to_numpy()].to_numpy()
        _log_rows(changes, rows, dropped, [f"merged into row {row}" for row in keeper_rows], f"dedupe-{name}")
        removed += list(dropped)
    return frame, removed


def _row_lines(row_numbers, outcome, rule: str) -> pd.DataFrame:
    """Log lines for whole rows taken out (``outcome``: what became of them, one text or one per row)."""
    return pd.DataFrame({"row": row_numbers, "column": "*", "old": "(row)", "new": outcome, "rule": rule})


def _log_rows(changes: list[pd.DataFrame], rows: pd.Series, indexes, outcome, rule: str) -> None:
    """Log whole rows of the frame taken out (``indexes``: their places in the frame)."""
    if len(indexes):
        changes.append(_row_lines(rows.loc[list(indexes)].to_numpy(), outcome, rule))


LOG_COLUMNS = ["file", "row", "column", "old", "new", "rule"]


def _left_out_log(source: CanonicalTable) -> pd.DataFrame:
    """The rows the reader left out as no records (empty, subtotals, the header repeated, totals or an export's footer
    after the records): the copy does not have them either (rule not-a-record)."""
    left_out = source.raw.rows_left_out
    return _row_lines(list(left_out), [f"left out: {reason}" for reason in left_out.values()], "not-a-record")


LOG_ROWS_SHOWN = 1000


@dataclass
class Cleaned:
    """The cleaned tables of one file, the change log of all of them, and a summary report."""

    tables: list[tuple[CanonicalTable, pd.DataFrame]]
    log: pd.DataFrame
    report: Report


def clean_dataset(dataset, references: list[CanonicalTable], options: CleanOptions, output,
                  masking=None) -> Cleaned:
    """Clean every recognised table of the input (one file: a CSV, or the sheets of a workbook).

    With ``masking`` (--mask-pii) the cleaning is done on the real values, then the copy and the log are masked.
    """
    sources = [s for s in dataset.sources if s.frame is not None]
    if not sources:
        raise InputError(f"{dataset.sources[0].raw.path}: not recognised as any table; nothing to clean")
    tables, logs = [], []
    for source in sources:
        cleaned, log = clean_table(source, options, references)
        if masking is not None and masking.pii:
            from .privacy import mask_cells, mask_frame

            headers = {header: canonical for canonical, header in source.columns.items()}
            cleaned = mask_frame(cleaned, masking, headers)
            log = log.assign(old=mask_cells(log["old"], log["column"], masking, headers),
                             new=mask_cells(log["new"], log["column"], masking, headers))
        tables.append((source, cleaned))
        log = pd.concat([_left_out_log(source), log], ignore_index=True).sort_values(["row", "column"], kind="stable")
        logs.append(log.assign(file=source.raw.label))
    log = pd.concat(logs, ignore_index=True)[LOG_COLUMNS]
    rows_in = sum(len(s.raw.frame) + len(s.raw.rows_left_out) for s in sources)
    rows_out = sum(len(frame) for _, frame in tables)
    by_rule = log.groupby("rule").size().rename("changes").reset_index()
    kpis = {"rows_in": rows_in, "rows_out": rows_out, "rows_removed": rows_in - rows_out,
            "cells_changed": int((log["column"] != "*").sum())}
    # what reading changed (cells beyond the header dropped, bytes replaced, NULs removed, totals and an export's
    # footer left out) is in the copy too
    warnings = [warning.text() for source in sources for warning in source.raw.warnings]
    warnings += [f"{source.raw.label}: {note}" for source in sources for note in source.raw.reading_notes]
    # how the dates the copy writes in ISO form were read (Unix time: in UTC, or in the offset the header states)
    warnings += [f"{source.raw.label}: {note}" for source in sources for note in source.notes
                 if note.partition(": ")[0] in DATE_COLUMNS]
    if output is not None and output.suffix.lower() != ".xlsx":  # a workbook copy keeps them (write_workbook)
        warnings += [f"{source.raw.label}: {header}: the workbook shows the amounts in {currency}; the copy holds the "
                     "numbers alone (write it as .xlsx to keep the currency)"
                     for source in sources for header, currency in source.raw.formatted_currencies.items()]
    if len(log) > LOG_ROWS_SHOWN:
        warnings.append(f"{len(log)} changes; the first {LOG_ROWS_SHOWN} are listed, all are in the log file")
    title = f"Clean {sources[0].raw.path}" + (f" → {output}" if output else " (dry run: nothing written)")
    report = Report("clean", title, kpis, {"by_rule": by_rule, "changes": log.head(LOG_ROWS_SHOWN)}, warnings,
                    inputs=dataset.inputs())
    return Cleaned(tables, log, report)


CLEANED_SUFFIXES = (".xlsx", ".csv", ".tsv", ".txt", ".tab")  # what cleaned_bytes writes
LOG_SUFFIXES = (".csv", ".txt")  # what log_csv writes


def check_cleaned_names(output: Path | None, log: Path | None) -> None:
    """Refuse names whose suffix promises a format that clean does not write: a cleaned copy named .ods or .xls would
    hold delimited text, an .xlsm without macros does not open in Excel, and the change log is CSV."""
    if output is not None and (suffix := output.suffix.lower()) not in CLEANED_SUFFIXES:
        why = "the cleaned copy holds no macros (an .xlsm without them does not open in Excel)" if suffix == ".xlsm" \
            else f"crmreport writes no {suffix} file" if suffix else "a cleaned copy's name needs a suffix"
        raise InputError(f"{output}: {why}; name it with one of {', '.join(CLEANED_SUFFIXES)} (a workbook or "
                         "delimited text)")
    if log is not None and log.suffix.lower() not in LOG_SUFFIXES:
        raise InputError(f"--log {log}: the change log is CSV; name it with .csv or .txt")


def cleaned_bytes(cleaned: Cleaned, output) -> bytes:
    """The cleaned copy in the format -o names: a workbook for .xlsx, else delimited text like the input — in the
    input's encoding, or in UTF-8 (with a BOM, and a warning added to the summary) when that encoding cannot hold
    the cleaned text (U+FFFD in place of a corrupt byte has no cp1252 form)."""
    suffix = output.suffix.lower()
    if suffix == ".xlsx":
        return write_workbook({(source.raw.sheet or "Sheet1"): frame for source, frame in cleaned.tables},
                              {(source.raw.sheet or "Sheet1"): source.raw.formatted_currencies
                               for source, _frame in cleaned.tables})
    source, frame = cleaned.tables[0]
    delimiter = "\t" if suffix in (".tsv", ".tab") else (source.raw.delimiter or ",")
    text = write_delimited(frame, delimiter)
    encoding = source.raw.encoding or "utf-8"
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as exc:
        cleaned.report.warnings.append(f"the cleaned copy is written in UTF-8: {encoding} cannot hold "
                                       f"{exc.object[exc.start]!r}, which it contains")
        return text.encode("utf-8-sig")


def log_csv(cleaned: Cleaned) -> bytes:
    """The whole change log as CSV (as ``--format csv`` writes a table), encoded as it is written: a million-row
    log held as one Python string would take two or four bytes a character as soon as one is not Latin-1."""
    import io

    from .render.csv import write_table

    buffer = io.BytesIO()
    text = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    write_table(cleaned.log, text)
    text.flush()
    return buffer.getvalue()


def write_delimited(frame: pd.DataFrame, delimiter: str) -> str:
    """The cleaned table as delimited text in the input's dialect."""
    import csv
    import io

    from .render.csv import row_blocks

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(frame.columns)
    for block in row_blocks(frame):
        writer.writerows(block.astype(object).where(block.notna(), "").itertuples(index=False, name=None))
    return buffer.getvalue()


def write_workbook(sheets: dict[str, pd.DataFrame], currencies: dict[str, dict[str, str]] | None = None) -> bytes:
    """The cleaned tables as a workbook: numeric columns as numbers, everything else as text (never a formula).
    ``currencies``: per sheet, the columns whose amounts the input showed in a currency (loaders.number_formats),
    which the copy shows in it too."""
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, frame in sheets.items():
        sheet = workbook.create_sheet(name[:31])
        sheet.append([str(c) for c in frame.columns])
        numeric = {c: pd.to_numeric(frame[c], errors="coerce") for c in frame.columns}
        numeric = {c: v for c, v in numeric.items() if v.notna().sum() == frame[c].notna().sum() and v.notna().any()}
        shown = {c: f"[${code}] #,##0.00" for c, code in (currencies or {}).get(name, {}).items() if c in numeric}
        for position, row in enumerate(frame.itertuples(index=False, name=None), start=2):
            for column_number, (column, value) in enumerate(zip(frame.columns, row), start=1):
                if pd.isna(value):
                    continue
                cell = sheet.cell(row=position, column=column_number)
                cell.value = float(numeric[column].iloc[position - 2]) if column in numeric else str(value)
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text that starts with '=' stays text
                elif column in shown:
                    cell.number_format = shown[column]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
