"""Read exported files into raw tables of text: CSV/TSV/TXT (encoding and delimiter detected), xlsx/xlsm and xls.

Nothing here knows about CRMs; it only finds the header row and returns every cell as text, with the
spreadsheet row number of each record so warnings can point at the row a user sees in Excel.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import sys
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from .. import parsing
from ..errors import InputError
from ..i18n import agree
from ..problems import EXAMPLE_ROWS, DataWarning, rows_listed
from ..workers import start_in_thread
from . import markup
from .formulas import UNCOMPUTED_CONSEQUENCE, UNCOMPUTED_FORMULA, uncomputed_formulas
from .number_formats import column_currencies, opendocument_currencies
from .trailer import (LOOKED_AT, TOTAL_LABEL, is_subtotal_label, label_columns, last_csv_rows, left_out_note,
                      subtotals_note, totals_label, trailing_non_records, trailing_totals)

csv.field_size_limit(2**31 - 1)  # exports carry long notes; the csv module's default limit is 128 KiB
MAX_NUL_SHARE = 0.001
SPARE = "\x00spare"  # names of the spare columns (no header can contain a NUL)
SPARE_COLUMNS = 8  # a few stray NUL bytes are removed; more mean the file is binary

CSV_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
WORKBOOK_SUFFIXES = EXCEL_SUFFIXES | {".xls", ".ods"}
SUPPORTED_SUFFIXES = CSV_SUFFIXES | WORKBOOK_SUFFIXES
OLE_CONTAINER = b"\xd0\xcf\x11\xe0"  # how an Excel 97–2003 workbook, or an encrypted one, begins
# an OpenDocument spreadsheet (LibreOffice, Google Sheets' .ods download): a zip whose first member, stored as it
# is, names its kind
OPENDOCUMENT_SPREADSHEET = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
SNIFF_BYTES = 1 << 20
HEADER_SEARCH_ROWS = 20
DELIMITERS = ",;\t|"
REPLACEMENT = "\ufffd"  # what a byte that does not decode becomes
# Characters that decode per sequence that does not, for a file to be read with its few bad bytes replaced. UTF-8
# text is rarely valid by chance (GB18030 text read as UTF-8 gives 0.2-0.4); GB18030 and cp1252 decode most bytes
# of anything (random bytes: 3-25 per bad one), so they must decode far more.
VALID_PER_BAD = {"utf-8": 3, "utf-8-sig": 3, "gb18030": 100, "cp1252": 100}

# Given a file's headers, the ones to read (None: all). Reading fewer columns saves time and memory on big exports.
ColumnChooser = Callable[[list[str]], "list[str] | None"]


@dataclass
class RawTable:
    """One table as read from a file (or one sheet of a workbook): text cells under the file's own headers."""

    path: str
    frame: pd.DataFrame
    header_row: int  # spreadsheet row number (1-based) of the header; record i is on row header_row + 1 + i
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)
    warnings: list[DataWarning] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # every header of the file, read or not
    # what every report says of how the records were read: rows left out as not records (totals, an export's footer,
    # the header repeated), cells filled from a group's first row or a merged cell
    reading_notes: list[str] = field(default_factory=list)
    record_rows: np.ndarray | None = None  # the spreadsheet row of each record, when rows between them were left out
    rows_left_out: dict[int, str] = field(default_factory=dict)  # spreadsheet row -> why it is no record
    formatted_currencies: dict[str, str] = field(default_factory=dict)  # header -> the currency a workbook's number
    # format shows its amounts in (see loaders.number_formats)

    def __post_init__(self) -> None:
        if not self.headers:
            self.headers = list(self.frame.columns)

    @property
    def label(self) -> str:
        """The path, with the sheet name for workbooks."""
        return f"{self.path} [{self.sheet}]" if self.sheet else self.path


def expand_paths(paths: list[Path]) -> list[Path]:
    """Every file named, with folders replaced by the supported files directly inside them (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                           and not p.name.startswith(("~$", ".")))
            if not found:
                raise InputError(f"{path}: the folder holds no .csv, .tsv, .txt, .xlsx, .xlsm, .xls or .ods file")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


# Memory a file takes once read, as a multiple of its size on disk (measured: a 88 MB CSV peaks near 1 GB).
MEMORY_PER_BYTE = {"csv": 12, "xlsx": 40}


def _parse_size(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*", text.upper())
    if not match:
        raise InputError(f"CRMREPORT_MEMORY_LIMIT={text!r}: expected a size such as 4G or 500M")
    return int(float(match[1]) * 1024 ** " KMGT".index(match[2] or " "))


def available_memory() -> int | None:
    """Bytes this process may use: CRMREPORT_MEMORY_LIMIT if set, else the kernel's MemAvailable."""
    limit = os.environ.get("CRMREPORT_MEMORY_LIMIT")
    if limit:
        return _parse_size(limit)
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def check_memory(files: list[Path]) -> None:
    """Fail early, with a clear message, when reading the inputs would need more memory than there is."""
    available = available_memory()
    if available is None:
        return
    size = sum(path.stat().st_size for path in files if path.is_file())
    needed = sum(path.stat().st_size * MEMORY_PER_BYTE["xlsx" if path.suffix.lower() in WORKBOOK_SUFFIXES else "csv"]
                 for path in files if path.is_file())
    if needed > available:
        raise InputError(f"the inputs ({_human(size)}) need about {_human(needed)} of memory to read, but "
                         f"{_human(available)} are available; split the export by period, or raise "
                         "CRMREPORT_MEMORY_LIMIT if more memory is free")


def _human(size: int) -> str:
    return f"{size / 2**30:,.1f} GB" if size >= 2**30 else f"{size / 2**20:,.1f} MB"


def read_tables(path: Path, encoding: str | None = None, choose: ColumnChooser | None = None) -> list[RawTable]:
    """Read a file into raw tables (one per non-empty sheet for workbooks); ``choose`` picks the columns read."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not head.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        raise InputError(f"{path}: the file is empty")
    suffix = path.suffix.lower()
    if suffix == ".xls" or head.startswith(OLE_CONTAINER):
        return _read_old_excel(path, head, encoding, choose)
    if head.startswith(b"PK\x03\x04") or (suffix in EXCEL_SUFFIXES and not _looks_like_text(head)):
        return _read_excel(path, choose)
    return [_read_csv(path, head, encoding, choose)]


def _delimited_text(head: bytes) -> bool:
    """Whether a file that is no workbook (no OLE or zip signature) is delimited text: no NUL byte unless after a
    UTF-16 BOM (Excel's "Unicode text")."""
    if head.startswith((OLE_CONTAINER, b"PK\x03\x04")):
        return False
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" not in head[:4096]


def _looks_like_text(head: bytes) -> bool:
    try:
        head[:4096].decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


# --- CSV ---------------------------------------------------------------------------------------------

def detect_encoding(sample: bytes) -> str:
    """Guess the encoding of an export: BOMs first, then strict UTF-8, UTF-16 without BOM, GB18030 or cp1252."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and _decodes(sample, "utf-16-le"):
        return "utf-16-le"
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4 and _decodes(sample, "utf-16-be"):
        return "utf-16-be"
    if _decodes(sample, "utf-8"):
        return "utf-8"
    valid, bad = _sample_counts(sample, "utf-8")
    if valid >= VALID_PER_BAD["utf-8"] * bad:  # UTF-8 with a few corrupt bytes (see _reading_after_failure)
        return "utf-8"
    candidates = [enc for enc in ("gb18030", "cp1252") if _decodes(sample, enc)]
    if not candidates:  # a corrupt byte in either: the one with fewer bad sequences (see _reading_after_failure)
        return min(("gb18030", "cp1252"), key=lambda enc: _sample_counts(sample, enc)[1])
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        # Both decode. Chinese exports are mostly GB2312 characters (lead and trail byte 0xA1-0xFE); Latin-1 text
        # read as GB18030 pairs an accented letter with the ASCII byte after it, outside that range.
        pairs = re.findall(rb"[\x81-\xfe][\x40-\xfe]", sample)
        common = sum(1 for pair in pairs if pair[0] >= 0xA1 and pair[1] >= 0xA1)
        if pairs and common / len(pairs) < 0.5:
            return "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=["gb18030", "cp1252"]).best()
    return best.encoding if best is not None else "cp1252"


def _decodes(sample: bytes, encoding: str) -> bool:
    """True when the sample decodes strictly (a multi-byte character cut at the sample's end is allowed)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        decoder.decode(sample, final=False)
        return True
    except UnicodeDecodeError:
        return False


def sniff_delimiter(lines: list[str], preferred: str | None = None) -> str:
    """Pick the delimiter that splits the sample lines into the most fields, most consistently."""
    best, best_score = preferred or ",", (0, 0.0)
    for delimiter in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        if mode < 2:
            continue
        score = (counts.count(mode) / len(counts) >= 0.6, mode + (0.5 if delimiter == preferred else 0.0))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def find_header_row(rows: list[list[object]]) -> int:
    """Index of the header row: the first row nearly as wide as the widest (skips title rows above it)."""
    widths = [sum(1 for cell in row if cell is not None and str(cell).strip() != "") for row in rows]
    if not widths or max(widths) == 0:
        return 0
    needed = max(1, int(max(widths) * 0.6 + 0.999))
    return next(i for i, width in enumerate(widths) if width >= needed)


def _chosen(names: list[str], choose: ColumnChooser | None) -> list[str] | None:
    """The names to read, in file order (None: all), asking ``choose`` with the headers as tidied."""
    if choose is None:
        return None
    tidy_names = _tidy_names(names)
    wanted = choose(tidy_names)
    if wanted is None:
        return None
    chosen = [name for name, tidy in zip(names, tidy_names) if tidy in set(wanted)]
    return chosen or None


class Undecodable(InputError):
    """The file's bytes are not all text in the encoding it was read with."""


def _undecodable(path: Path, encoding: str, exc: Exception) -> Undecodable:
    return Undecodable(f"{path}: not readable as {encoding} ({exc}); try another --encoding")


def _read_csv(path: Path, head: bytes, encoding: str | None, choose: ColumnChooser | None = None) -> RawTable:
    """A delimited text file in the given encoding, else the one detected from its head; when the file turns out
    not to decode, in the encoding or with the replacements ``_reading_after_failure`` finds."""
    chosen_encoding = encoding or detect_encoding(head)
    try:
        return _read_csv_as(path, head, chosen_encoding, choose)
    except Undecodable:
        fallback = _reading_after_failure(path, chosen_encoding, detected=encoding is None)
        if fallback is None:
            raise
    fallback_encoding, errors = fallback
    return _read_csv_as(path, head, fallback_encoding, choose, errors)


def _read_csv_as(path: Path, head: bytes, encoding: str, choose: ColumnChooser | None = None,
                 errors: str = "strict") -> RawTable:
    """The file read in ``encoding``. With ``errors="replace"`` bytes that do not decode become U+FFFD, and each
    column holding some is named in a warning."""
    try:
        sample = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)
    except LookupError as exc:
        raise InputError(f"{path}: unknown encoding {encoding!r}") from exc
    except UnicodeError as exc:
        raise _undecodable(path, encoding, exc) from exc
    source: Path | io.StringIO | io.BytesIO = path
    read_as = encoding  # what the reader decodes (UTF-8 once the bad bytes are replaced)
    nul_count = sample.count("\x00")
    if nul_count > max(1, len(sample) * MAX_NUL_SHARE):
        raise InputError(f"{path}: looks like a binary file, not a table (NUL bytes in a {encoding} text)")
    if nul_count:
        source, nul_count = _without_nul(path, encoding, errors)
        sample = sample.replace("\x00", "")
    elif errors == "replace":
        source, read_as = _with_replacements(path, encoding), "utf-8"
    lines = sample.lstrip("\ufeff").splitlines()[:HEADER_SEARCH_ROWS + 30]
    if sample.endswith(("\n", "\r")) is False and len(head) == SNIFF_BYTES:
        lines = lines[:-1]
    delimiter = sniff_delimiter(lines, preferred="\t" if path.suffix.lower() in {".tsv", ".tab"} else None)
    first_rows = list(csv.reader(lines[:HEADER_SEARCH_ROWS], delimiter=delimiter))
    header_index = find_header_row(first_rows)
    if not first_rows:
        raise InputError(f"{path}: the file is empty")
    names = _unique_names([cell.strip() for cell in first_rows[header_index]])
    chosen = _chosen(names, choose)
    last_rows = last_csv_rows(path, encoding, delimiter)
    trailing = trailing_non_records(last_rows)
    searched, at_end = _subtotal_label_columns(last_rows, trailing[0], names)
    decodes = None
    utf8_file = source is path and codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    if utf8_file and chosen is not None:
        # Arrow checks only the columns it reads; a bad file is bad whatever is read. Checked beside the read.
        decodes = start_in_thread(_check_decodes, path, encoding)
    arrow = not isinstance(source, io.StringIO)
    # with bad bytes replaced every column is read: the warnings name each column that holds one
    fast = _read_csv_arrow(source, read_as, delimiter, header_index, names,
                           _with_columns(names, chosen, searched) if errors == "strict" else None) if arrow else None
    if decodes is not None:
        decodes()  # raises the InputError of a file that does not decode
    elif fast is None and utf8_file:
        _check_decodes(path, encoding)  # before pandas' slower read, which would fail only at the bad byte
    if fast is not None:
        frame, caught = fast, []
    else:
        frame, caught = _read_csv_pandas(path, source, read_as, delimiter, header_index, names)
    if frame.empty:
        raise InputError(f"{path}: the file has a header but no data rows")
    replaced = _replaced_text_warnings(str(path), frame, names, header_index, encoding) if errors == "replace" else []
    read_rows = len(frame)
    frame, left_out = _without_trailer(frame, last_rows, trailing, names)
    after_records = _rows_after_records(len(frame), read_rows - len(frame), header_index + 1)
    repeated = _repeated_header_rows(frame, first_rows[header_index], names)
    headings = _group_heading_rows(lambda row: frame.iloc[row].tolist(), repeated)  # of the columns read
    blank = [row for row in _blank_rows(frame) if row not in headings]
    frame, subtotals = _with_group_cells_filled(frame, _subtotal_rows(frame, searched, at_end),
                                                repeated + blank + list(headings))
    spare = [name for name in frame.columns if name.startswith(SPARE)]
    long_rows = frame.index[frame[spare].notna().any(axis=1)] if spare else frame.index[:0]
    frame = frame.drop(columns=spare if chosen is None else [c for c in frame.columns if c not in chosen])
    frame, record_rows, between, between_rows = _without_rows_between(frame, subtotals, repeated, blank, headings,
                                                                      header_index + 1)
    table = RawTable(str(path), _tidy_columns(frame), header_row=header_index + 1, encoding=encoding,
                     delimiter=delimiter, headers=_all_headers(names, frame, chosen), reading_notes=left_out + between,
                     record_rows=record_rows, rows_left_out={**between_rows, **after_records})
    if header_index:
        table.notes.append(f"skipped {header_index} line(s) above the header")
    if len(long_rows):
        rows = [int(i) + header_index + 2 for i in long_rows]
        table.warnings.append(DataWarning(str(path), "rows", "had more cells than the header",
                                          "the cells beyond the header were dropped", len(rows), rows[:5],
                                          all_rows=rows, noun="row"))
    table.warnings += _parser_warnings(str(path), caught) + replaced
    if nul_count:
        table.warnings.append(DataWarning(str(path), "file", "found in the text", "removed before reading",
                                          nul_count, noun="NUL byte"))
    table.warnings += _duplicate_headers(str(path), table.headers)
    return table


def _without_trailer(frame: pd.DataFrame, last_rows: list[list[str]], trailing: tuple[int, str | None, str | None],
                     names: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """The frame without its last rows that hold totals or an export's footer (``trailing``: trailing_non_records of
    ``last_rows``, the file's last rows, every column); they are dropped only where the columns read hold the same
    cells, and never all the rows."""
    count, label, footer = trailing
    if not count or count >= len(frame):
        return frame, []
    tail = frame.iloc[-count:]
    for name in tail.columns:
        if name not in names:
            continue
        position = names.index(name)
        read = tail[name].fillna("").astype(str).str.strip().tolist()
        parsed = [row[position].strip() if position < len(row) else "" for row in last_rows[-count:]]
        if read != parsed:
            return frame, []
    return frame.iloc[:-count], [left_out_note(count, label, footer)]


def _rows_after_records(records: int, dropped: int, header_row: int) -> dict[int, str]:
    """The spreadsheet rows of the ``dropped`` rows below the ``records`` (totals, an export's footer), with why."""
    first = header_row + 1 + records
    return {row: "totals or the export's footer" for row in range(first, first + dropped)}


def _subtotal_label_columns(last_rows: list[list[str]], count: int, names: list[str]) -> tuple[list[str], list[str]]:
    """The columns that hold the labels of the totals rows the file ends with (among its last ``count`` rows), where
    a grouped export's subtotals between the records are looked for (none when it does not end with totals); and
    those of them that hold a subtotal above the last total: group columns, even where no subtotal stands between
    records (one group)."""
    totals = trailing_totals(last_rows, count)

    def named(rows: list[list[str]]) -> list[str]:
        return [names[position] for position in label_columns(rows) if position < len(names)]

    return named(totals), named(totals[:-1])


def _with_columns(names: list[str], chosen: list[str] | None, more: list[str]) -> list[str] | None:
    """``chosen`` and ``more``, in file order (None: all columns, as for ``chosen``)."""
    return None if chosen is None else [name for name in names if name in chosen or name in more]


@dataclass
class Subtotals:
    """A grouped export's subtotal rows between its records: their positions in the frame, the column holding each
    one's label, the first label, and the group columns whose blank cells were filled (_with_group_cells_filled)."""

    rows: list[int] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    at_end: list[str] = field(default_factory=list)  # columns of the subtotals among the rows the file ends with
    filled: list[str] = field(default_factory=list)

    def group_columns(self) -> set[str]:
        """The columns that hold a group's subtotal label ("Subtotal", "小计"; not a grand total such as "Total", which
        a file of joined exports holds between its records too) or a subtotal above the file's last total."""
        return {column for column, label in zip(self.columns, self.labels) if is_subtotal_label(label)} \
            | set(self.at_end)


def _subtotal_rows(frame: pd.DataFrame, searched: list[str], at_end: list[str]) -> Subtotals:
    """The rows between the records that hold subtotals: a totals label in one of the ``searched`` columns, nothing
    before it and only numbers after it (in the columns read, in file order); ``at_end``: the group columns the
    file's last subtotals name (both from _subtotal_label_columns)."""
    from ..parsing import matches

    candidates = sorted({int(row) for name in searched if name in frame
                         for row in np.flatnonzero(matches(frame[name], TOTAL_LABEL.pattern))})
    found = Subtotals(at_end=at_end)
    if not candidates:  # taking no rows still costs a pass over each column (50 ms on 1M rows)
        return found
    for row, values in zip(candidates, frame.iloc[candidates].fillna("").astype(str).itertuples(index=False)):
        if label := totals_label(list(values)):
            found.rows.append(row)
            found.columns.append(frame.columns[next(i for i, value in enumerate(values) if value.strip())])
            found.labels.append(label)
    return found


def _with_group_cells_filled(frame: pd.DataFrame, subtotals: Subtotals,
                             repeated: list[int]) -> tuple[pd.DataFrame, Subtotals]:
    """The frame with the cells a grouped export leaves blank filled, and the subtotals with the columns filled: a
    column that holds subtotal labels and is filled only on the first record of each of its groups (ended by its own
    subtotals or an outer group's) is the group's column, and its value holds for the group's other records too.
    Spreadsheets write it so, or as one merged cell. Subtotal rows and ``repeated`` header rows are not records."""
    if not subtotals.rows and not subtotals.at_end:
        return frame, subtotals
    order = list(frame.columns)
    all_rows = np.arange(len(frame))
    records = ~np.isin(all_rows, subtotals.rows + repeated)
    grouping = subtotals.group_columns()
    filled = []
    for column in [name for name in order if name in grouping]:
        ends = np.array([row for row, label_column in zip(subtotals.rows, subtotals.columns)
                         if order.index(label_column) <= order.index(column)], dtype=np.int64)
        group = np.searchsorted(ends, all_rows, side="right")
        first_records = pd.Series(all_rows[records]).groupby(group[records]).min()
        starts = np.full(len(ends) + 1, -1)
        starts[first_records.index.to_numpy()] = first_records.to_numpy()
        group_start = np.where(starts[group] >= 0, starts[group], all_rows)
        blank = (frame[column].isna() | frame[column].str.strip().eq("")).to_numpy(dtype=bool, na_value=True)
        later = records & (all_rows != group_start)
        if (later & ~blank).any():
            continue
        taking = later & blank & ~blank[group_start]
        if taking.any():
            frame[column] = _taken_from(frame[column], group_start, taking)
            filled.append(column)
    return frame, replace(subtotals, filled=filled)


def _taken_from(cells: pd.Series, sources: np.ndarray, where: np.ndarray) -> pd.Series:
    """``cells`` with the cell of row ``sources[i]`` put in each row ``i`` that ``where`` selects."""
    values = cells.to_numpy(dtype=object)
    return pd.Series(np.where(where, values[sources], values), index=cells.index, dtype=cells.dtype)


def _repeated_header_rows(frame: pd.DataFrame, header: list[str], names: list[str]) -> list[int]:
    """Positions of the rows that repeat the header cell for cell (exports joined with ``cat`` or pasted one under
    another). One column is compared over all rows (not the first: a joined file's BOM sits there); the few rows it
    finds, over every column read."""
    positions = {name: position for position, name in enumerate(names)}
    columns = [(name, positions[name]) for name in frame.columns
               if name in positions and header[positions[name]].strip()]
    probe = next(((name, position) for name, position in columns if position > 0), None)
    if len(columns) < 2 or probe is None:
        return []
    candidates = np.flatnonzero((frame[probe[0]] == header[probe[1]]).to_numpy(dtype=bool, na_value=False))
    return [int(row) for row in candidates
            if all(str(frame[name].iat[row]).lstrip("\ufeff").strip() == header[position].strip()
                   for name, position in columns)]


def _blank_rows(frame: pd.DataFrame) -> list[int]:
    """Positions of the rows without a value in any column read: a hand-kept sheet's separator rows, the ``,,,,``
    lines a spreadsheet writes below its table. Column by column, only the rows still blank are looked at (after
    the first column, seldom any)."""
    candidates = np.arange(len(frame))
    for place in range(frame.shape[1]):
        column = frame.iloc[:, place]
        if len(candidates) < len(frame):
            column = parsing.rows_at(column, candidates)
        text = parsing.arrow_chunks(column)
        blank = pc.fill_null(pc.or_(pc.equal(text, ""), pc.utf8_is_space(text)), True)
        candidates = candidates[np.asarray(blank, dtype=bool)]
        if not len(candidates):
            return []
    return [int(row) for row in candidates] if frame.shape[1] else []


def _group_heading_rows(cells_of: Callable[[int], list], repeated: list[int]) -> dict[int, str]:
    """The rows that name a group of rows, with the name: one filled cell, right above a repeated header (empty rows
    between), as a board export (monday.com's) writes each group's name over the group's own header. ``cells_of``
    gives a row's cells, every column's where the reader has them; only rows above the few repeated headers are
    looked at."""
    def filled(row: int) -> list[str]:
        return [cell.strip() for cell in cells_of(row) if isinstance(cell, str) and cell.strip()]

    headings = {}
    for row in repeated:
        above = row - 1
        while above >= 0 and not filled(above):
            above -= 1
        if above >= 0 and above not in repeated and len(names := filled(above)) == 1:
            headings[above] = names[0]
    return headings


def _without_rows_between(frame: pd.DataFrame, subtotals: Subtotals, repeated: list[int], blank: list[int],
                          headings: dict[int, str], header_row: int
                          ) -> tuple[pd.DataFrame, np.ndarray | None, list[str], dict[int, str]]:
    """The frame without the rows between its records that are not records: the ``subtotals``, the ``repeated``
    header rows, the ``blank`` rows and the groups' ``headings`` (positions; to names). Returns it with the
    spreadsheet row of each record left (None when none was left out), a note on each kind left out, and the
    spreadsheet row of each row left out with why."""
    notes = []
    if subtotals.rows or subtotals.filled:
        first_label = subtotals.labels[0] if subtotals.labels else None
        notes.append(subtotals_note([row + header_row + 1 for row in subtotals.rows], first_label, subtotals.filled))
    if not subtotals.rows and not repeated and not blank:
        return frame, None, notes, {}
    if headings:
        rows = [row + header_row + 1 for row in headings]
        names = ", ".join(repr(name) for name in list(headings.values())[:3]) + (", …" if len(headings) > 3 else "")
        which = f"row {rows[0]} names the group" if len(rows) == 1 else \
            f"{len(rows)} rows ({rows_listed(rows)}) name the groups"
        notes.append(f"{which} of rows below {'it' if len(rows) == 1 else 'them'} ({names}), not "
                     f"{'a record' if len(rows) == 1 else 'records'}: left out")
    if repeated:
        rows = [row + header_row + 1 for row in repeated]
        listed = rows_listed(rows)
        which = f"row {listed} repeats" if len(rows) == 1 else f"{len(rows)} rows ({listed}) repeat"
        why = "over each group" if headings else "(files joined together?)"
        notes.append(f"{which} the header {why}, not records: left out")
    if blank:
        rows = [row + header_row + 1 for row in blank]
        listed = rows_listed(rows)
        which = f"row {listed} is" if len(rows) == 1 else f"{len(rows)} rows ({listed}) are"
        notes.append(f"{which} empty, not {'a record' if len(rows) == 1 else 'records'}: left out")
    kept = np.setdiff1d(np.arange(len(frame)), subtotals.rows + repeated + blank + list(headings))
    why = {**dict.fromkeys(subtotals.rows, "a subtotal"), **dict.fromkeys(repeated, "the header repeated"),
           **dict.fromkeys(blank, "empty"), **dict.fromkeys(headings, "a group's name")}
    left_out = {position + header_row + 1: reason for position, reason in sorted(why.items())}
    return frame.iloc[kept].reset_index(drop=True), kept + header_row + 1, notes, left_out


def _check_decodes(path: Path, encoding: str) -> None:
    """InputError unless the whole file decodes (chunk by chunk; pure-ASCII chunks need no decoding)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    with path.open("rb") as stream:
        try:
            while chunk := stream.read(1 << 20):  # 1 MB: more chunks are pure ASCII, and little is held
                if not chunk.isascii():
                    decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise _undecodable(path, encoding, exc) from exc


def _reading_after_failure(path: Path, encoding: str, detected: bool) -> tuple[str, str] | None:
    """How to read a file that did not decode as ``encoding``: (encoding, errors), or None to refuse it.

    A few corrupt bytes, as an export cut or patched by another tool can hold, do not make a file another encoding's:
    UTF-8 with a BOM, or a file with enough characters that decode for each sequence that does not (VALID_PER_BAD),
    is read with U+FFFD in place of the bad bytes (and a warning naming them). A file whose head decoded as UTF-8
    (plain ASCII) while later bytes are mostly not UTF-8 is read in the encoding detected from its lines that are not
    ASCII — unless the encoding was given (--encoding), which is then refused as before."""
    codec = codecs.lookup(encoding).name
    if codec not in VALID_PER_BAD:
        return None
    valid, bad = _decoding_evidence(path, codec)
    if bad == 0:
        return encoding, "strict"
    if codec == "utf-8-sig" or valid >= VALID_PER_BAD[codec] * bad:
        return encoding, "replace"
    # the lines end there: a byte that starts a character at their very end is not one cut by the sample
    if detected and codec == "utf-8" and (other := detect_encoding(_foreign_lines(path) + b"\n")) != "utf-8":
        return _reading_after_failure(path, other, detected=False)
    return None


def _decoding_evidence(path: Path, encoding: str) -> tuple[int, int]:
    """Over the whole file read in ``encoding``: non-ASCII characters that decode, and sequences that do not."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    valid = bad = 0
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            if not chunk.isascii():
                chunk_valid, chunk_bad = _decoded_counts(decoder.decode(chunk))
                valid, bad = valid + chunk_valid, bad + chunk_bad
    bad += _decoded_counts(decoder.decode(b"", final=True))[1]  # a character cut at the end of the file
    return valid, bad


def _foreign_lines(path: Path) -> bytes:
    """Up to SNIFF_BYTES of the file's lines that hold bytes that are not ASCII, to detect their encoding by."""
    lines: list[bytes] = []
    kept = 0
    with path.open("rb") as stream:
        while kept < SNIFF_BYTES and (chunk := stream.read(1 << 20)):
            if not chunk.isascii():
                found = [line for line in chunk.split(b"\n") if not line.isascii()]
                lines += found
                kept += sum(len(line) + 1 for line in found)
    return b"\n".join(lines)[:SNIFF_BYTES]


def _sample_counts(sample: bytes, encoding: str) -> tuple[int, int]:
    """_decoded_counts of the sample read in ``encoding`` (a character cut at its end is not counted)."""
    return _decoded_counts(codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample, final=False))


def _decoded_counts(text: str) -> tuple[int, int]:
    """In text decoded with errors="replace": the non-ASCII characters that decoded, and the replacements of
    sequences that did not."""
    bad = text.count(REPLACEMENT)
    return len(text) - len(text.encode("ascii", "ignore")) - bad, bad


def _replaced_text_warnings(path: str, frame: pd.DataFrame, names: list[str], header_index: int, encoding: str) \
        -> list[DataWarning]:
    """For a file read with U+FFFD in place of bytes that did not decode: a warning for the header when names
    hold one, and one for each column whose cells do (with their rows)."""
    codec = codecs.lookup(encoding).name
    problem = f"held bytes that are not {'UTF-8' if codec.startswith('utf-8') else codec.upper()}"
    consequence = f"read with {REPLACEMENT} in their place"
    found = []
    bad_names = [name for name in names if REPLACEMENT in name]
    if bad_names:
        found.append(DataWarning(path, "header", problem, consequence, len(bad_names), noun="column name"))
    for column in frame.columns:
        if column.startswith(SPARE):
            continue
        hit = frame[column].str.contains(REPLACEMENT, regex=False).fillna(False).to_numpy(dtype=bool)
        if hit.any():
            rows = (np.flatnonzero(hit) + header_index + 2).tolist()
            found.append(DataWarning(path, column, problem, consequence, len(rows), rows[:5], all_rows=rows))
    return found


def _read_csv_arrow(path: Path, encoding: str, delimiter: str, header_index: int,
                    names: list[str], chosen: list[str] | None = None) -> pd.DataFrame | None:
    """The fast path: Arrow's multi-threaded CSV reader, every cell (of the ``chosen`` columns) as text.

    Returns None (the caller then reads with pandas, which reports odd rows) when any row has another number
    of cells than the header, or when Arrow cannot read the file for any other reason.
    """
    import pyarrow as pa
    import pyarrow.csv as arrow_csv

    from ..parsing import STR

    odd_rows: list[object] = []

    def on_odd_row(row: object) -> str:
        odd_rows.append(row)
        return "skip"

    def on_unhandled_row(unraisable: object) -> None:
        # Arrow decodes an odd row's text before calling on_odd_row; when it cannot, Python would print the
        # error and a traceback to stderr. The row is odd all the same: pandas then reads the file and says why.
        odd_rows.append(unraisable)

    previous_hook, sys.unraisablehook = sys.unraisablehook, on_unhandled_row
    try:
        table = arrow_csv.read_csv(
            path,
            read_options=arrow_csv.ReadOptions(skip_rows=header_index + 1, column_names=names,
                                               encoding=encoding.replace("-sig", "")),
            parse_options=arrow_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                                 invalid_row_handler=on_odd_row),
            # large_string: what pandas' str dtype holds, so that handing the table to pandas copies no text
            convert_options=arrow_csv.ConvertOptions(column_types={name: pa.large_string() for name in names},
                                                     include_columns=chosen, null_values=[""],
                                                     strings_can_be_null=True, quoted_strings_can_be_null=True))
    except (pa.ArrowException, UnicodeError, LookupError, ValueError):
        return None
    finally:
        sys.unraisablehook = previous_hook
    if odd_rows:
        return None
    return table.to_pandas(types_mapper={pa.string(): STR, pa.large_string(): STR}.get)


def _read_csv_pandas(path: Path, source: Path | io.StringIO | io.BytesIO, encoding: str, delimiter: str,
                     header_index: int, names: list[str]) -> tuple[pd.DataFrame, list]:
    """pandas' C reader with spare columns after the header's, so cells of rows longer than the header can be
    reported rather than lost quietly; returns the frame and the parser's warnings."""
    names = names + [f"{SPARE}{i}" for i in range(SPARE_COLUMNS)]
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if isinstance(source, io.BytesIO):
                source.seek(0)  # Arrow may have read it
            frame = pd.read_csv(source, sep=delimiter, encoding=None if isinstance(source, io.StringIO) else encoding,
                                dtype=str, keep_default_na=False, na_values=[""], skiprows=header_index + 1,
                                header=None, names=names, skip_blank_lines=True, index_col=False,
                                on_bad_lines="warn", engine="c")
    except UnicodeError as exc:
        raise _undecodable(path, encoding, exc) from exc
    except pd.errors.EmptyDataError as exc:
        raise InputError(f"{path}: the file is empty") from exc
    except pd.errors.ParserError as exc:
        raise InputError(f"{path}: not a well-formed table ({_first_line(exc)})") from exc
    return frame, caught


def _with_replacements(path: Path, encoding: str) -> io.BytesIO:
    """The file as UTF-8 with U+FFFD in place of each sequence that does not decode in ``encoding`` (converted a
    megabyte at a time), for Arrow to read."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    converted = io.BytesIO()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            converted.write(chunk if chunk.isascii() and not decoder.getstate()[0] else
                            decoder.decode(chunk).encode("utf-8"))
    converted.write(decoder.decode(b"", final=True).encode("utf-8"))
    converted.seek(0)
    return converted


def _without_nul(path: Path, encoding: str, errors: str = "strict") -> tuple[io.StringIO, int]:
    """The file's text without NUL characters (a stray NUL ends a field early in most readers)."""
    try:
        text = path.read_bytes().decode(encoding, errors)
    except UnicodeError as exc:
        raise _undecodable(path, encoding, exc) from exc
    return io.StringIO(text.replace("\x00", "")), text.count("\x00")


def _parser_warnings(path: str, caught) -> list[DataWarning]:
    """Rows longer than the header plus every spare column: pandas leaves them out and says which."""
    skipped = [int(n) for w in caught for n in re.findall(r"Skipping line (\d+)", str(w.message))]
    if not skipped:
        return []
    return [DataWarning(path, "rows", "had far more cells than the header", "those rows are left out",
                        len(skipped), skipped[:5], all_rows=skipped, noun="row")]


def _duplicate_headers(path: str, columns: list[str]) -> list[DataWarning]:
    """Header names that appear more than once (pandas renames the repeats 'Name.1')."""
    repeated = [c for c in columns if re.fullmatch(r".+\.\d+", str(c)) and str(c).rsplit(".", 1)[0] in columns]
    return [DataWarning(path, name.rsplit(".", 1)[0], "with the same name in the header",
                        f"the first is used; this one is read as {name!r}", 2, noun="column")
            for name in repeated]


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _tidy_names(names: list) -> list[str]:
    return [str(name).strip().lstrip("\ufeff") for name in names]


def _all_headers(names: list[str], frame: pd.DataFrame, chosen: list[str] | None) -> list[str]:
    """Every header of a table: those read (tidied), or when only some columns were read, all named ones."""
    if chosen is None:
        return list(frame.columns)
    return [name for name in _tidy_names(names) if name and not name.startswith(("Unnamed:", SPARE))]


def _tidy_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Strip header names and drop unnamed, entirely empty columns (trailing delimiters in exports)."""
    names = _tidy_names(frame.columns)
    frame.columns = names
    empty_unnamed = [name for name in names if (name == "" or name.startswith("Unnamed:")) and frame[name].isna().all()]
    return frame.drop(columns=empty_unnamed)


# --- Excel -------------------------------------------------------------------------------------------

class Sheet(NamedTuple):
    """A worksheet as read: its title, the rows of its cell values (from A1), and its merged cells that span rows
    (first row, last row, column: 0-based)."""

    title: str
    rows: list[list[object]]
    merged: tuple[tuple[int, int, int], ...] = ()
    hidden: bool = False  # hidden in the workbook (Excel's Hide, or "very hidden" by a macro)


HIDDEN_SHEET = "the sheet is hidden in the workbook: read as any other (delete it to leave it out)"


def _sheet_tables(path: Path, sheets: list[Sheet], choose: ColumnChooser | None) -> list[RawTable]:
    """The table of each sheet that holds one; a hidden sheet's says so in every report (an old copy of the data or
    a working sheet kept out of sight would count without a word)."""
    tables = []
    for sheet in sheets:
        table = _sheet_table(path, sheet.title, sheet.rows, sheet.merged, choose=choose)
        if table is not None:
            table.reading_notes += [HIDDEN_SHEET] if sheet.hidden else []
            tables.append(table)
    return tables


def _read_excel(path: Path, choose: ColumnChooser | None = None) -> list[RawTable]:
    """Every non-empty sheet of a workbook, read with python-calamine when installed (Rust, several times faster),
    else with openpyxl."""
    try:
        sheets = _calamine_sheets(path)
    except ImportError:
        if _is_opendocument(path):
            raise InputError(f"{path}: an OpenDocument spreadsheet (.ods) needs python-calamine (pip install "
                             "python-calamine), or save it as .xlsx or CSV") from None
        sheets = _openpyxl_sheets(path)
    tables = _sheet_tables(path, sheets, choose)
    if not tables:
        raise InputError(f"{path}: every sheet of the workbook is empty")
    uncomputed = uncomputed_formulas(path)
    header_rows = {table.sheet: table.header_row for table in tables}
    shown = opendocument_currencies(path, header_rows) if _is_opendocument(path) else \
        column_currencies(path, header_rows)
    for table in tables:
        table.warnings += _uncomputed_warnings(table, uncomputed.get(table.sheet, {}))
        table.formatted_currencies = {table.headers[column]: currency for column, currency
                                      in shown.get(table.sheet, {}).items() if column < len(table.headers)}
    return tables


def _is_opendocument(path: Path) -> bool:
    """Whether a zip file is an OpenDocument spreadsheet, by its first member (not by its name)."""
    with path.open("rb") as handle:
        return OPENDOCUMENT_SPREADSHEET in handle.read(128)


def _uncomputed_warnings(table: RawTable, cells: dict[int, list[int]]) -> list[DataWarning]:
    """A warning per column of ``table`` whose records hold formulas the workbook keeps no result for (``cells``:
    per column, the sheet rows of such cells)."""
    warnings = []
    for column, rows in sorted(cells.items()):
        rows = [row for row in rows if row > table.header_row]
        if rows and column < len(table.headers):
            warnings.append(DataWarning(table.label, table.headers[column], UNCOMPUTED_FORMULA,
                                        UNCOMPUTED_CONSEQUENCE, len(rows), rows[:EXAMPLE_ROWS], all_rows=rows,
                                        noun="cell"))
    return warnings


def _read_old_excel(path: Path, head: bytes, encoding: str | None = None,
                    choose: ColumnChooser | None = None) -> list[RawTable]:
    """An Excel 97–2003 workbook (.xls) through python-calamine, which tells the format from the bytes. Some CRMs'
    "Excel" export under that name is no workbook: a web page or an Excel 2003 XML spreadsheet is read through lxml,
    tab-separated text (or Excel's UTF-16 "Unicode text") as text. An encrypted workbook is refused with what to do."""
    if markup.is_xml_spreadsheet(head) or markup.is_web_page(head):
        return _read_markup(path, head, choose)
    if _delimited_text(head):
        return [_read_csv(path, head, encoding, choose)]
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        raise InputError(f"{path}: an old Excel .xls workbook needs python-calamine (pip install python-calamine), "
                         "or save it as .xlsx or CSV") from None
    try:
        with path.open("rb") as handle:
            workbook = CalamineWorkbook.from_filelike(handle)
    except Exception:  # python-calamine's CalamineError: no format it knows
        raise InputError(f"{path}: a password-protected (encrypted) workbook or not a workbook at all, which cannot "
                         "be read; save it without a password as .xlsx or CSV") from None
    sheets = _calamine_worksheets(path, workbook)
    tables = _sheet_tables(path, sheets, choose)
    if not tables:
        raise InputError(f"{path}: every sheet of the workbook is empty")
    return tables


def _read_markup(path: Path, head: bytes, choose: ColumnChooser | None) -> list[RawTable]:
    """The tables of a web page or an Excel 2003 XML spreadsheet saved under an .xls name (see loaders.markup)."""
    payload = path.read_bytes()
    if markup.is_xml_spreadsheet(head):
        sheets, kind = markup.xml_spreadsheet_sheets(path, payload), "Excel 2003 XML spreadsheet"
    else:
        sheets, kind = markup.web_page_sheets(path, payload, detect_encoding(head)), "web page"
    tables = _sheet_tables(path, [Sheet(*grid) for grid in sheets], choose)
    if not tables:
        raise InputError(f"{path}: a {kind} saved under an .xls name with no table in it")
    return tables


def _unreadable_workbook(path: Path, exc: Exception) -> InputError:
    return InputError(f"{path}: not a readable .xlsx workbook (corrupt, password-protected or another format: "
                      f"{_first_line(exc)})")


def _calamine_sheets(path: Path) -> list[Sheet]:
    """Each worksheet, by python-calamine."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # python-calamine raises its own CalamineError, ZipError, XmlError, PasswordError
        raise _unreadable_workbook(path, exc) from exc
    return _calamine_worksheets(path, workbook)


def _calamine_worksheets(path: Path, workbook) -> list[Sheet]:
    """Each worksheet of an open python-calamine workbook (chart sheets left out), with its merged cells."""
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    try:
        worksheets = [(workbook.get_sheet_by_name(sheet.name), sheet.visible != SheetVisibleEnum.Visible)
                      for sheet in workbook.sheets_metadata if sheet.typ == SheetTypeEnum.WorkSheet]
        return [Sheet(sheet.name, sheet.to_python(skip_empty_area=False), _merged_down(sheet.merged_cell_ranges),
                      hidden) for sheet, hidden in worksheets]
    except Exception as exc:
        raise _unreadable_workbook(path, exc) from exc


def _merged_down(ranges: list[tuple[tuple[int, int], tuple[int, int]]] | None) -> tuple[tuple[int, int, int], ...]:
    """(first row, last row, column) of each merged range over more than one row (0-based): its first column, where
    the merged value stands."""
    return tuple((first_row, last_row, column) for (first_row, column), (last_row, _last_column) in ranges or ()
                 if last_row > first_row)


def _openpyxl_sheets(path: Path) -> list[Sheet]:
    """Each worksheet by openpyxl (its read-only mode, which does not see merged cells)."""
    from openpyxl import load_workbook

    try:
        with path.open("rb") as stream:  # a file object: openpyxl then does not judge the file by its name
            payload = io.BytesIO(stream.read())
        workbook = load_workbook(payload, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, openpyxl's InvalidFileException and friends
        raise _unreadable_workbook(path, exc) from exc
    try:
        return [Sheet(sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)],
                      hidden=sheet.sheet_state != "visible") for sheet in workbook.worksheets]
    finally:
        workbook.close()


def _sheet_table(path: Path, sheet: str, rows: list[list[object]], merged: tuple[tuple[int, int, int], ...] = (),
                 choose: ColumnChooser | None = None) -> RawTable | None:
    while rows and all(_is_blank(cell) for cell in rows[-1]):
        rows.pop()
    if not rows:
        return None
    header_index = find_header_row(rows[:HEADER_SEARCH_ROWS])
    header = [_cell_text(cell) or "" for cell in rows[header_index]]
    body = rows[header_index + 1:]
    names = _unique_names(header)
    last_rows = [[_cell_text(cell) or "" for cell in row] for row in body[-LOOKED_AT:]]
    count, label, footer = trailing_non_records(last_rows)
    searched, at_end = _subtotal_label_columns(last_rows, count, names)
    left_out = [left_out_note(count, label, footer)] if 0 < count < len(body) else []
    body = body[:-count] if left_out else body
    after_records = _rows_after_records(len(body), count if left_out else 0, header_index + 1)
    width = len(header)
    chosen = _chosen(names, choose)
    read = _with_columns(names, chosen, searched)
    data = {}
    for position, name in enumerate(names):
        if read is None or name in read:
            data[name] = pd.Series([_cell_text(row[position]) if position < len(row) else None for row in body],
                                   dtype="str")
    frame = pd.DataFrame(data, index=range(len(body)))
    repeated = _repeated_header_rows(frame, header, names)
    headings = _group_heading_rows(lambda row: [_cell_text(cell) for cell in body[row]], repeated)
    blank = [row for row in _blank_rows(frame) if row not in headings]
    frame, subtotals = _with_group_cells_filled(frame, _subtotal_rows(frame, searched, at_end),
                                                repeated + blank + list(headings))
    frame, spread = _with_merged_cells_filled(frame, names, merged, header_index + 1,
                                              subtotals.rows + repeated + blank + list(headings))
    frame = frame[[name for name in frame.columns if chosen is None or name in chosen]]
    frame, record_rows, between, between_rows = _without_rows_between(frame, subtotals, repeated, blank, headings,
                                                                      header_index + 1)
    frame = _tidy_columns(frame)
    if frame.shape[1] == 0 or width == 0:
        return None
    return RawTable(str(path), frame, header_row=header_index + 1, sheet=sheet,
                    headers=_all_headers(names, frame, chosen), reading_notes=left_out + between + spread,
                    record_rows=record_rows, rows_left_out={**between_rows, **after_records})


def _with_merged_cells_filled(frame: pd.DataFrame, names: list[str], merged: tuple[tuple[int, int, int], ...],
                              first_row: int, not_records: list[int]) -> tuple[pd.DataFrame, list[str]]:
    """The frame with each cell merged over several rows (a hand-kept sheet's owner or customer written once beside
    their rows) holding its value on every row it covers, and a note per column filled. ``first_row``: the sheet
    row (0-based) of the frame's first row; ``not_records`` (subtotals, repeated headers) take no value."""
    source_rows: dict[str, np.ndarray] = {}
    for first, last, column in merged:
        name = names[column] if column < len(names) else None
        start, end = first - first_row, min(last - first_row, len(frame) - 1)
        if name not in frame or start < 0 or end <= start:
            continue
        rows = source_rows.setdefault(name, np.arange(len(frame)))
        rows[start + 1:end + 1] = start
    notes = []
    for name, rows in source_rows.items():
        rows[not_records] = np.asarray(not_records, dtype=rows.dtype)
        blank = frame[name].isna().to_numpy()
        spread = blank & ~blank[rows] & (rows != np.arange(len(frame)))
        if spread.any():
            frame[name] = _taken_from(frame[name], rows, spread)
            notes.append(f"{name!r}: " + agree(int(spread.sum()), "cell lies under a merged cell and takes its value",
                                                "cells lie under merged cells and take their value"))
    return frame, notes


def _unique_names(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        count = seen.get(name, 0)
        unique.append(name if count == 0 else f"{name}.{count}")
        seen[name] = count + 1
    return unique


def _is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip() == "")


def _cell_text(cell: object) -> str | None:
    """A workbook cell as the text a CSV export would hold: dates as ISO, whole floats without '.0'."""
    if _is_blank(cell):
        return None
    if isinstance(cell, dt.datetime):
        return cell.isoformat(sep=" ") if (cell.hour, cell.minute, cell.second) != (0, 0, 0) else cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)

