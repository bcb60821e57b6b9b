"""Loaders: files → raw tables → recognised source profile → validated canonical tables."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..i18n import agree
from ..problems import DataWarning
from ..schema import validate_table
from .canonical import RECORD_IDS, CanonicalTable, build_frame, entered_stage_headers, headers_to_read, recognise
from .files import check_memory, expand_paths, read_tables
from .lines import has_line_headers, lines_note, one_row_per_deal
from .mapping import Mapping, load_mapping
from .profiles import detect_profile, stage_keys
from .spelling import with_one_spelling

__all__ = ["Dataset", "LoadOptions", "load_dataset", "inspect_files"]


@dataclass
class LoadOptions:
    """How to read the inputs (forced encoding, day-first dates, a mapping file) and whether the invocation
    masks personal data in what it writes (masking itself happens on the finished report, see privacy.py)."""

    encoding: str | None = None
    dayfirst: bool | None = None
    map_file: Path | None = None
    mask_pii: bool = False
    mask_owners: bool = False
    columns: dict[str, frozenset[str]] | None = None  # canonical columns to read per table; None: every column
    fiscal_year_start: int = 1  # --fiscal-year-start: the month a quota sheet's quarters and years start from
    keep_cells: bool = True  # keep the cells as read once parsed (the audit and clean show them; reports do not)


@dataclass
class Overlap:
    """The records of one file whose IDs an earlier file of the same kind holds too (overlapping exports: last
    month's beside this week's), which every report counts twice."""

    label: str  # the later file
    column: str  # the record ID column (RECORD_IDS)
    shared: np.ndarray  # True for each of the file's rows whose ID an earlier file holds
    earlier: list[str]  # the files that hold them
    example: str

    def note(self) -> str:
        """The reading note every report gives."""
        noun = self.column.replace("_id", " ID")
        repeats = agree(int(self.shared.sum()), f"row's {noun} is", f"rows' {noun}s are")
        return (f"{self.label}: {repeats} in {', '.join(self.earlier)} too, e.g. {self.example!r} (overlapping "
                "exports?): reports count both rows")


@dataclass
class Dataset:
    """The canonical tables of one invocation, with where each came from and what was wrong in them."""

    tables: dict[str, pd.DataFrame]
    sources: list[CanonicalTable]
    warnings: list[DataWarning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the inputs were taken (the audit lists them, and the
    # reading notes after them)
    reading_notes: list[str] = field(default_factory=list)  # what every report says too: files of a folder skipped,
    # values read in a way worth knowing (expenses written as negative amounts)
    skipped: dict[str, str] = field(default_factory=dict)  # file of a folder that could not be read -> why
    overlaps: list[Overlap] = field(default_factory=list)  # records a file shares with an earlier one (the audit's)

    def inputs(self) -> list[dict]:
        """The JSON ``inputs`` entries: one per table read."""
        return [{"path": s.raw.label, "rows": int(len(s.raw.frame)), "table": s.table, "profile": s.profile.name}
                for s in self.sources]


def use_jemalloc() -> None:
    """Have Arrow allocate with jemalloc, handing freed memory back after 100 ms: the parsers' temporaries then do
    not stay in the process, and peak memory of a 1M-row report is 10–20% lower than with the default mimalloc at
    the same speed (measured with bench/run.py). ARROW_DEFAULT_MEMORY_POOL, when set, is left to rule."""
    import pyarrow as pa

    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
        pa.jemalloc_set_decay_ms(100)
    except NotImplementedError:  # a pyarrow built without jemalloc
        pass


def read_sources(paths: list[Path], options: LoadOptions) -> tuple[list[CanonicalTable], Mapping, dict[str, str]]:
    """Read every input and recognise its table and source profile (values not yet parsed). A file found in a
    folder that cannot be read as a table (a LICENSE.txt, a locked workbook) is skipped, and returned with why;
    a file named on its own, or a folder of which no file can be read, is an InputError."""
    use_jemalloc()
    mapping = load_mapping(options.map_file)
    files = expand_paths(paths)
    check_memory(files)

    def read(path: Path, wanted: dict[str, frozenset[str]] | None) -> list[CanonicalTable]:
        def choose(headers: list[str]) -> list[str] | None:
            return headers_to_read(headers, detect_profile(headers), mapping, wanted or {})

        return [recognise(raw, detect_profile(raw.headers), mapping)
                for raw in read_tables(path, options.encoding, choose if wanted else None)]

    named = {path for path in paths if not path.is_dir()}
    by_file, refusals = [], {}
    for path in files:
        try:
            by_file.append(read(path, options.columns))
        except InputError as exc:
            if path in named:
                raise
            by_file.append([])
            refusals[str(path)] = exc
    if refusals and not any(by_file):
        raise next(iter(refusals.values()))
    unread = _ids_needed(by_file, options.columns)
    if unread:
        wanted = {table: columns | {RECORD_IDS[table]} if table in unread else columns
                  for table, columns in options.columns.items()}
        by_file = [read(path, wanted) if any(_without_ids(source, unread) for source in found) else found
                   for path, found in zip(files, by_file)]
    sources = [source for found in by_file for source in found]
    all_headers = {h for s in sources for h in s.raw.headers}
    unknown = {c: h for c, h in mapping.columns.items() if h not in all_headers}
    if unknown:
        wanted = ", ".join(f"{c} = {h!r}" for c, h in unknown.items())
        raise InputError(f"{mapping.path}: [columns] names header(s) that no input has: {wanted}")
    return sources, mapping, {path: str(exc) for path, exc in refusals.items()}


def _ids_needed(by_file: list[list[CanonicalTable]], wanted: dict[str, frozenset[str]] | None) -> set[str]:
    """The tables whose record IDs a read narrowed to a report's columns left out, though they are needed: the
    deals' beside a stage history (it links to deals by them), and those of a table that several files of one kind
    give (id_kind: overlapping exports are told by their IDs, see overlapping_ids)."""
    if not wanted:
        return set()
    found = [source for sources in by_file for source in sources]
    needed = set()
    if "stage_history" in wanted and any(source.table == "stage_history" for source in found):
        needed.add("deals")
    files_per_kind = Counter((source.table, *id_kind(source)) for source in found)
    needed |= {table for (table, *_kind), files in files_per_kind.items() if files > 1}
    return {table for table in needed & set(wanted) if any(_without_ids(source, {table}) for source in found)}


def id_kind(source: CanonicalTable) -> tuple[str, str | None]:
    """What makes two files' record IDs comparable: the same source, and the IDs under the same header."""
    return source.profile.name, source.columns.get(RECORD_IDS.get(source.table, ""))


def _without_ids(source: CanonicalTable, tables: set[str]) -> bool:
    """A table of one of ``tables`` whose record IDs were left unread (a read narrowed to a report's columns)."""
    column = RECORD_IDS.get(source.table)
    return source.table in tables and column in source.columns and source.columns[column] not in source.raw.frame


def load_dataset(paths: list[Path], options: LoadOptions) -> Dataset:
    """Load, recognise, parse and validate every input; join the owners table onto deals; place the stages a stage
    history names in the deals' pipeline order."""
    sources, mapping, skipped = read_sources(paths, options)
    reading_notes = [f"{reason} — skipped (found in a folder)" for reason in skipped.values()]
    warnings: list[DataWarning] = []
    notes: list[str] = []
    frames: dict[str, list[tuple[str, pd.DataFrame]]] = {}  # table -> (where from, rows)
    histories = [source for source in sources if source.table == "stage_history"]
    for source in histories:  # first: the deals' pipeline order takes in the stages they name
        build_frame(source, mapping, options.dayfirst)
    history_stages = _history_stages(histories, sources)
    layouts = {id(source) for source in sources if source.table is not None and is_layout_sheet(source, sources)}
    for source in sources:
        not_data = LAYOUT_SHEET if id(source) in layouts else \
            SUMMARY_OF_DEALS if source.table == "deals" and is_summary_by_stage(source) else None
        if not_data:
            source.table = None
            source.notes.append(not_data)
            reading_notes.append(f"{source.raw.label}: {not_data}")
            if not options.keep_cells:
                source.raw.frame = source.raw.frame.iloc[:, :0]
            continue
        if source.table is None:
            notes.append(f"{source.raw.label}: not recognised as any table; skipped")
            continue
        if source.table != "stage_history":
            build_frame(source, mapping, options.dayfirst, history_stages, options.fiscal_year_start)
        if not options.keep_cells:
            source.raw.frame = source.raw.frame.iloc[:, :0]  # rows counted still; parsed text freed
        source.warnings.extend(validate_table(source.frame, source.table, source.raw.label))
        warnings.extend(source.warnings)
        reading_notes.extend(f"{source.raw.label}: {note}" for note in source.raw.reading_notes + source.notes)
        frames.setdefault(source.table, []).append((source.raw.label, _records(source, reading_notes)))
        if source.history is not None:
            entered = (f"{source.raw.label} (Date entered columns)", source.history)
            frames.setdefault("stage_history", []).append(entered)
    tables = {}
    # files compared for overlapping records: same source, and their IDs under the same header (not Lead.csv's Id
    # against a CampaignMember.csv's LeadId)
    kinds = {source.raw.label: id_kind(source) for source in sources}
    overlaps = []
    for name, parts in frames.items():
        kept, repeated = without_repeats(parts)
        overlapping = overlapping_ids(name, kept, kinds)
        overlaps += overlapping
        reading_notes += repeated + [overlap.note() for overlap in overlapping]
        frames_kept = [frame for _label, frame in kept]
        tables[name] = pd.concat(frames_kept, ignore_index=True) if len(kept) > 1 else frames_kept[0]
    if "stage_history" in tables:
        tables["stage_history"] = with_stage_order(tables["stage_history"], sources)
    tables, spelling_notes = with_one_spelling(tables)
    reading_notes += spelling_notes
    if "deals" in tables and "owners" in tables and "owner" in tables["deals"]:
        tables["deals"] = join_owners(tables["deals"], tables["owners"])
        notes.append("team and region joined onto deals by owner from the sales-team table")
    return Dataset(tables, sources, warnings, notes, reading_notes, skipped, overlaps)


def _records(source: CanonicalTable, reading_notes: list[str]) -> pd.DataFrame:
    """The rows of a table that reports count: a deal with a row per product once (the audit and clean see every
    row, in ``source.frame``)."""
    if source.table != "deals" or "deal_id" not in source.frame or not has_line_headers(source.raw.headers):
        return source.frame
    deals, on_lines, left_out = one_row_per_deal(source.frame)
    if left_out:
        reading_notes.append(lines_note(source.raw.label, on_lines, left_out))
    return deals


SUMMARY_OF_DEALS = "one row per stage and no deal names, IDs, owners or dates: a summary of deals, not deals; skipped"
DEAL_IDENTITY = ("deal_id", "deal_name", "account", "owner", "created_date", "close_date", "expected_close_date",
                 "won_time", "lost_time")  # what every export of deals has some of


LAYOUT_SHEET = "holds the other files' names and headers, not records (a data dictionary's layout); skipped"
LAYOUT_MAX_ROWS = 200


def is_layout_sheet(source: CanonicalTable, sources: list[CanonicalTable]) -> bool:
    """A small table whose headers and at least 90% of its other cells (five or more) are the names and headers of
    the other inputs: a sheet that lays the data out, not data (Maven's data_dictionary.csv sets its four tables'
    headers side by side, read as a table of owners: 'account' the owner, 'deal_stage' the team)."""
    frame = source.raw.frame
    if len(frame) > LAYOUT_MAX_ROWS:
        return False
    others = [other for other in sources if other is not source]
    names = {str(header).strip().lower() for other in others for header in other.raw.headers} \
        | {Path(other.raw.path).stem.lower() for other in others}
    headers = {str(header).strip().lower() for header in source.raw.headers} - {""}
    headers = {header for header in headers if not re.fullmatch(r"\.\d+", header)}  # blank ones, numbered
    cells = frame.stack().dropna().astype(str).str.strip().str.lower()
    cells = cells[cells != ""]
    return bool(headers) and headers <= names and len(cells) >= 5 and cells.isin(names).mean() >= 0.9


def is_summary_by_stage(source: CanonicalTable) -> bool:
    """A deals-like table that sums deals up rather than listing them: none of DEAL_IDENTITY's columns, and each
    stage on one row of several (a workbook's "Summary" sheet of Stage and Amount beside its deals, which read as
    deals counted every amount twice)."""
    if any(column in source.columns for column in DEAL_IDENTITY) or "stage" not in source.columns:
        return False
    stages = stage_keys(source.raw.frame[source.columns["stage"]])
    return len(stages) > 1 and not stages.duplicated().any()


def without_repeats(parts: list[tuple[str, pd.DataFrame]]) -> tuple[list[tuple[str, pd.DataFrame]], list[str]]:
    """The tables of one kind to add up (where from, rows), leaving out any that repeats an earlier one row for row
    (the same export given twice, as CSV and as xlsx), with a note for each left out."""
    kept: list[tuple[str, pd.DataFrame]] = []
    notes = []
    for label, frame in parts:
        earlier = next((first for first, other in kept if same_rows(other, frame)), None)
        if earlier is None:
            kept.append((label, frame))
        else:
            notes.append(f"{label}: the same {len(frame)} rows as {earlier} (one export given twice?): read once")
    return kept, notes


def overlapping_ids(table: str, parts: list[tuple[str, pd.DataFrame]], kinds: dict[str, tuple]) -> list[Overlap]:
    """Each file of a table that holds records (by RECORD_IDS) an earlier file of the same kind (source and ID
    header) holds too. Files from different sources are not compared: their IDs are unrelated (Pipedrive's 1, 2, 3
    and a sheet's)."""
    column = RECORD_IDS.get(table)
    overlaps = []
    for position, (label, frame) in enumerate(parts):
        if column not in frame:
            continue
        ids = frame[column]
        earlier = [(other, other_frame[column]) for other, other_frame in parts[:position]
                   if column in other_frame and kinds.get(other) == kinds.get(label)]
        sharing = [(other, (ids.notna() & ids.isin(other_ids.dropna())).to_numpy()) for other, other_ids in earlier]
        shared = np.logical_or.reduce([found for _other, found in sharing], initial=False)
        if shared.any():
            overlaps.append(Overlap(label, column, shared, [other for other, found in sharing if found.any()],
                                    ids[shared].iloc[0]))
    return overlaps


def same_rows(first: pd.DataFrame, second: pd.DataFrame) -> bool:
    """Whether two parsed tables hold the same values row for row (their spreadsheet row numbers aside). Numbers
    agree to 12 significant digits: a workbook's binary doubles and a CSV's decimal text of one export differ in the
    last bit."""
    if len(first) != len(second) or list(first.columns) != list(second.columns):
        return False
    for column in first.columns.drop("_row", errors="ignore"):
        one, other = first[column], second[column]
        if one.dtype.kind == "f" and other.dtype.kind == "f":
            if not np.allclose(one.to_numpy(), other.to_numpy(), rtol=1e-12, atol=0, equal_nan=True):
                return False
        elif not one.equals(other):
            return False
    return True


def _history_stages(histories: list[CanonicalTable], sources: list[CanonicalTable]) -> tuple[str, ...]:
    """The stage names that stage histories hold: their stage column, and deals exports' per-stage date columns."""
    names = [name for source in histories if "stage" in source.frame
             for name in source.frame["stage"].dropna().unique()]
    names += [name for source in sources if source.table == "deals"
              for header, name in entered_stage_headers(source.raw.headers).items() if header in source.raw.frame]
    return tuple(dict.fromkeys(names))


def with_stage_order(history: pd.DataFrame, sources: list[CanonicalTable]) -> pd.DataFrame:
    """The stage history with each entry's pipeline position in the deals' order (``stage_order``: inf for a won
    stage, NaN for a lost one or a stage no deals table orders)."""
    positions: dict[str, float] = {}
    for source in reversed(sources):  # the first deals table's order wins
        if source.table == "deals":
            positions.update(source.stage_positions)
    order = stage_keys(history["stage"]).map(positions)
    return history.assign(stage_order=pd.to_numeric(order, errors="coerce").astype("float64"))


def join_owners(deals: pd.DataFrame, owners: pd.DataFrame) -> pd.DataFrame:
    """Fill each deal's team and region from the owners table (a deal's own value wins)."""
    attributes = [c for c in ("team", "region") if c in owners]
    lookup = owners.dropna(subset=["owner"]).drop_duplicates("owner").set_index("owner")[attributes]
    joined = deals.copy()
    for column in attributes:
        from_owner = joined["owner"].map(lookup[column])
        joined[column] = joined[column].fillna(from_owner) if column in joined else from_owner
    return joined


def inspect_files(paths: list[Path], options: LoadOptions) -> list[dict]:
    """What ``crmreport inspect`` shows: per table read, its reading, profile, column mapping and parse failures."""
    dataset = load_dataset(paths, options)
    described = []
    for source in dataset.sources:
        described.append({
            "path": source.raw.label,
            "encoding": source.raw.encoding,
            "delimiter": source.raw.delimiter,
            "header_row": source.raw.header_row,
            "rows": int(len(source.raw.frame)),
            "profile": source.profile.name,
            "profile_label": source.profile.label,
            "table": source.table,
            "columns": dict(source.columns),
            "unmapped": source.unmapped,
            "problems": [w.text() for w in source.warnings],
            "notes": source.raw.notes + source.raw.reading_notes + source.notes,
        })
    described += [{"path": path, "table": None, "skipped": reason} for path, reason in dataset.skipped.items()]
    return described


def missing_columns_message(report: str, table: str, missing: list[str], dataset: Dataset) -> str:
    """The one line a user sees when a report needs a column no input provides."""
    found = [s for s in dataset.sources if s.table == table] or dataset.sources
    headers = sorted({h for s in found for h in s.raw.headers})
    tried = sorted({alias for s in found for c in missing for alias in s.aliases.get(c, ())}) or ["(none)"]
    shown = ", ".join(headers[:40]) + (" …" if len(headers) > 40 else "")
    return (f"{report} needs column(s) {', '.join(missing)} in the {table} table, but no input has them. "
            f"Headers found: {shown or '(none)'}. Headers tried: {', '.join(tried[:30])}. "
            f"Name the right header in a --map file, e.g. [columns] {missing[0]} = \"Your Header\".")


def require_tables(dataset: Dataset, needs: dict[str, tuple[str, ...]], report: str) -> None:
    """Raise InputError when a needed table or column is absent ("a|b": either table will do)."""
    for table, columns in needs.items():
        choices = table.split("|")
        if not any(choice in dataset.tables for choice in choices):
            names = ", ".join(f"{s.raw.label} ({s.table or 'unrecognised'})" for s in dataset.sources) or "none"
            hint = (" A deals table needs a stage column, or a status column beside an amount or a close date."
                    if "deals" in choices else "")
            wanted = " or ".join(f"{'an' if choice[0] in 'aeiou' else 'a'} {choice}" for choice in choices)
            raise InputError(f"{report} needs {wanted} table, but none of the inputs is one "
                             f"(read: {names}).{hint}")
        if len(choices) > 1:
            continue
        missing = [c for c in columns if c not in dataset.tables[table].columns]
        if missing:
            raise InputError(missing_columns_message(report, table, missing, dataset))
