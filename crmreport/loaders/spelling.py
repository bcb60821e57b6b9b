"""One spelling per value of a category column. A hand-kept sheet writes one owner as "Ann Lee", "ann lee" and
"Ann  Lee", one lead source as "Web" and "web": grouped as written, each spelling was an owner or a source of its
own, its deals and amounts split between them. Reports count such spellings as the usual one (the audit still lists
them, and ``clean`` writes the usual one in the copy), with a note saying which."""

from __future__ import annotations

import pandas as pd

from ..i18n import agree
from ..parsing import map_distinct, present_values

# the columns whose values name categories (people, teams, sources …) that reports group by
SPELLING_COLUMNS = ("owner", "team", "region", "pipeline", "lead_source", "industry", "type", "product",
                    "competitor", "lost_reason", "campaign", "agent", "channel", "category")
MAX_SPELLINGS = 1000  # distinct values of a column beyond which it is no category (names, notes)
# the table whose spelling of a value is the reference (a sales-team table's owners, a product list's products)
REFERENCE_TABLES = {"owner": "owners", "product": "products", "account": "accounts"}
SHOWN = 3  # spellings a note names


def spelling_key(values: pd.Series) -> pd.Series:
    """Values compared without case, spaces and punctuation ("GTX Pro" ~ "GTXPro", "ann lee" ~ "Ann Lee")."""
    return values.str.lower().str.replace(r"[\s_\-./&]+", "", regex=True)


def reference_spellings(spellings: pd.DataFrame) -> dict[str, str]:
    """Each spelling (``value``, with its ``rows`` and whether a ``master`` table holds it) to the spelling of its
    key that counts: the master table's, else the most frequent, else one without doubled spaces, else one in mixed
    case ("Ann Lee", not "ANN LEE" or "ann lee"), else the first in sorted order."""
    values = spellings["value"]
    table = spellings.assign(key=spelling_key(values), untidy=values.str.contains(r"\s\s", regex=True),
                             one_case=(values == values.str.upper()) | (values == values.str.lower()))
    ranked = table.sort_values(["master", "rows", "untidy", "one_case", "value"],
                               ascending=[False, False, True, True, True])
    best = ranked.drop_duplicates("key").set_index("key")["value"]
    return dict(zip(table["value"], table["key"].map(best)))


def spelling_counts(columns: list[tuple[str, pd.Series]], column: str) -> pd.DataFrame:
    """The spellings of ``column`` across tables (``columns``: each table's name and its column): ``value``, its
    ``rows`` over all of them, and whether the column's reference table holds it (``master``), as
    reference_spellings takes them."""
    counts = [values.value_counts().rename_axis("value").reset_index(name="rows")
              .assign(master=table == REFERENCE_TABLES.get(column)) for table, values in columns]
    return pd.concat(counts).astype({"value": "str"}).groupby("value", as_index=False) \
        .agg(rows=("rows", "sum"), master=("master", "max"))


def with_one_spelling(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """The tables with each SPELLING_COLUMNS value that differs from another only in case, spaces or punctuation
    written as the reference one (across the tables that have the column), and a note per column changed. Only the
    distinct values are looked at unless two of them share a key (then they are counted)."""
    notes = []
    for column in SPELLING_COLUMNS:
        holders = [name for name, frame in tables.items() if column in frame]
        if not holders:
            continue
        values = pd.Series(list(dict.fromkeys(value for name in holders
                                              for value in present_values(tables[name][column]))), dtype="str")
        if len(values) < 2 or len(values) > MAX_SPELLINGS or not spelling_key(values).duplicated().any():
            continue
        spellings = spelling_counts([(name, tables[name][column]) for name in holders], column)
        changed = {value: reference for value, reference in reference_spellings(spellings).items()
                   if value != reference}
        for name in holders:
            tables[name] = tables[name].assign(**{column: map_distinct(tables[name][column],
                                                                       lambda text: text.replace(changed))})
        shown = ", ".join(f"{value!r} → {reference!r}" for value, reference in list(changed.items())[:SHOWN])
        notes.append(f"{column}: {agree(len(changed), 'spelling', 'spellings')} counted as another that differs only "
                     f"in case, spaces or punctuation ({shown}{', …' if len(changed) > SHOWN else ''})")
    return tables, notes
