"""Vectorised parsers for the values CRM exports write: money, percentages, dates, booleans.

Every parser takes a Series of text (missing values allowed) and works column-wise: the distinct
values are parsed once with Arrow compute functions (RE2 regular expressions, casts) through pandas'
Arrow-backed strings, and the result is spread back over the rows.
Each returns the parsed values and a boolean mask of cells that held text but could not be read.
"""

from __future__ import annotations

import copy
import functools
import re
from typing import Callable, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

CURRENCY_SYMBOLS = {
    "$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "￥": "CNY", "元": "CNY", "RMB": "CNY",
    "₹": "INR", "Rs": "INR", "Rs.": "INR", "R$": "BRL", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD",
    "HK$": "HKD", "S$": "SGD", "NZ$": "NZD", "₩": "KRW", "₽": "RUB", "₺": "TRY", "₱": "PHP", "₪": "ILS", "₫": "VND",
    "zł": "PLN", "Kč": "CZK",
    # CLDR's symbols that stand for one currency only, and the local words written after amounts
    "NT$": "TWD", "MX$": "MXN", "CN¥": "CNY", "JP¥": "JPY", "円": "JPY", "원": "KRW", "₴": "UAH", "₦": "NGN",
    "฿": "THB", "₸": "KZT", "₾": "GEL", "₡": "CRC", "৳": "BDT", "₼": "AZN", "Ft": "HUF", "RM": "MYR", "Rp": "IDR",
    "Fr.": "CHF", "SFr.": "CHF", "руб.": "RUB", "руб": "RUB", "р.": "RUB", "лв.": "BGN", "лв": "BGN", "lei": "RON",
    "人民币": "CNY", "美元": "USD", "欧元": "EUR", "港元": "HKD", "港币": "HKD", "日元": "JPY", "英镑": "GBP",
    "韩元": "KRW", "新台币": "TWD",
}
# crowns: Sweden, Norway, Denmark and Iceland all write kr. Such an amount is read and its currency stays "kr", not
# guessed, until a currency column or the amount's header (Amount (SEK)) names it; beside other currencies it is one
# more (converted by --rates' row for kr, or refused)
AMBIGUOUS_SYMBOLS = {"kr": "kr", "kr.": "kr"}
# scale words: what a number written before one is multiplied by, in a cell (1,5 Mio. €, $2.5bn, 3万) and, in any
# case, in a header's brackets (Amount (€ bn), Umsatz (Tsd. €), 金额（万元）). A cell reads them as written: B is a
# billion, b is not. Ambiguous words are left out: T (thousand in German sheets, trillion in English), mil (thousand
# in Spanish and Portuguese, million in US slang)
SCALE_WORDS = {
    "K": 1e3, "k": 1e3, "Tsd": 1e3, "Tsd.": 1e3, "thousand": 1e3, "thousands": 1e3, "тыс": 1e3, "тыс.": 1e3,
    "千": 1e3, "万": 1e4, "만": 1e4,
    "M": 1e6, "m": 1e6, "MM": 1e6, "mn": 1e6, "mln": 1e6, "Mln": 1e6, "Mio": 1e6, "Mio.": 1e6, "million": 1e6,
    "millions": 1e6, "млн": 1e6, "млн.": 1e6, "百万": 1e6,
    "亿": 1e8, "億": 1e8, "억": 1e8,
    "B": 1e9, "bn": 1e9, "Mrd": 1e9, "Mrd.": 1e9, "Mld": 1e9, "Md": 1e9, "Mds": 1e9, "billion": 1e9, "billions": 1e9,
    "млрд": 1e9, "млрд.": 1e9,
}
_SPACES = "'’ \u00a0\u202f"  # thousands separators besides , and . (’: Swiss Excel's; literal characters: valid in RE2)

# the scale words as written, the longest first (Mio. before Mio before M)
_SCALE_WORD_RE = "|".join(re.escape(word) for word in sorted(SCALE_WORDS, key=len, reverse=True))
_WS = "[\\s\u00a0\u202f\u3000]*"  # any run of spaces (RE2 matches only ASCII spaces with \s)
# a symbol of CURRENCY_SYMBOLS or AMBIGUOUS_SYMBOLS (the words longest first: NT$ before $; the signs of one character
# in a class, which RE2 matches faster than as alternatives), or any other X$ or XY$
_SYMBOLS_WRITTEN = sorted([*CURRENCY_SYMBOLS, *AMBIGUOUS_SYMBOLS], key=len, reverse=True)
CURRENCY_SYMBOL_RE = "(?:" + "|".join(re.escape(symbol) for symbol in _SYMBOLS_WRITTEN if len(symbol) > 1) + \
    "|[" + re.escape("".join(symbol for symbol in _SYMBOLS_WRITTEN if len(symbol) == 1)) + r"]|[A-Z]{1,2}\$)"
_MINUS = "[-\u2212]"  # a hyphen or the minus sign (U+2212) some spreadsheets write
_MONEY_RE = (  # the currency before or inside the brackets: "$(300.00)" is how Excel's accounting style writes -300
    r"^(?P<neg>" + _MINUS + "|[+])?" + _WS + r"(?P<outer>" + CURRENCY_SYMBOL_RE + r"|[A-Z]{3})?" + _WS +
    r"(?P<open>\()?" + _WS + r"(?P<pre>" + CURRENCY_SYMBOL_RE + r"|[A-Z]{3})?" + _WS +
    r"(?P<neg2>" + _MINUS + ")?" + _WS + r"(?P<num>\d[\d.," + _SPACES + r"]*)" + _WS
    + r"(?P<mult>" + _SCALE_WORD_RE + ")?" + _WS +
    r"(?P<trail>" + _MINUS + ")?" + _WS +  # an ERP's minus after the number: 1,234.50-
    r"(?P<post>[A-Z]{3}|" + CURRENCY_SYMBOL_RE + r")?" + _WS + r"(?P<close>\))?$"
)
# Most money cells are a plain number with at most a currency code: this simpler pattern reads them ~10x faster
# than _MONEY_RE and gives the same groups; the other cells go through _MONEY_RE.
_PLAIN_MONEY_RE = r"^(?P<pre>[A-Z]{3}|\$)? ?(?P<neg2>-)?(?P<num>\d+(?:\.\d+)?) ?(?P<post>[A-Z]{3})?$"
# Plain cells read row by row (_money_by_rows): a currency code or $, then digits, maybe grouped in thousands by
# commas, and a decimal point at most. None of them can be evidence for a decimal comma (see _decimal_comma).
_PLAIN_ROW_RE = r"^(?:[A-Z]{3} ?|\$)?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$"
_CODE_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ $"
_FLOAT_RE = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"

STR = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' default text dtype: Arrow strings, NaN for missing
_TO_PANDAS = {pa.string(): STR, pa.large_string(): STR}.get


def arrow_chunks(values: pd.Series) -> pa.Array | pa.ChunkedArray:
    """The column's Arrow strings as stored: the chunks of Arrow's CSV reader are not joined (no copy)."""
    return pa.array(values if values.dtype == STR else values.astype("str"), from_pandas=True)


def present_values(values: pd.Series) -> list[str]:
    """The column's distinct values, missing ones left out, in order of first appearance (Arrow's hash, no copy)."""
    return [value for value in pc.unique(arrow_chunks(values)).to_pylist() if value is not None]


def arrow_text(values: pd.Series) -> pa.Array:
    """The column as one Arrow string array (chunks joined: dictionary encoding and struct fields need one array)."""
    return joined(arrow_chunks(values))


def joined(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One Arrow array: the chunks of a chunked array joined (a copy), an array as it is."""
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def from_arrow(array: pa.Array, index: pd.Index) -> pd.Series:
    """An Arrow array as a Series on ``index`` (strings become pandas' str dtype, nulls NaN/NaT)."""
    series = array.to_pandas(types_mapper=_TO_PANDAS)
    series.index = index
    return series


def extract(text: pd.Series, pattern: str) -> pd.DataFrame:
    """``text.str.extract(pattern)`` run by Arrow's RE2 engine (Python's ``re`` is ~5x slower per value).

    A group that took part in no match is missing, as with pandas; patterns RE2 cannot run (back-references)
    go through pandas.
    """
    try:
        groups = pc.extract_regex(arrow_text(text), pattern)
    except pa.ArrowInvalid:
        return text.str.extract(pattern)
    columns = {}
    for position, field in enumerate(groups.type):
        values = pc.struct_field(groups, [position])
        columns[field.name] = from_arrow(pc.if_else(pc.equal(values, ""), pa.scalar(None, values.type), values),
                                         text.index)
    return pd.DataFrame(columns, index=text.index)


def _ascii_forms(text: pd.Series) -> pd.Series:
    """Full-width digits, separators and spaces (``２０２４／３／５``) as their ASCII forms (Unicode's NFKC); ASCII
    text as it is."""
    array = arrow_text(text)
    if pc.all(pc.string_is_ascii(array)).as_py() is not False:
        return text
    return from_arrow(pc.utf8_normalize(array, "NFKC"), text.index)


def to_float(text: pd.Series) -> pd.Series:
    """Plain decimal numbers (``-12.5``, ``3e4``) as float64; anything else is NaN. Vectorised in Arrow."""
    array = arrow_text(text)
    readable = pc.fill_null(pc.match_substring_regex(array, _FLOAT_RE), False)
    numbers = pc.cast(pc.if_else(readable, array, pa.scalar(None, array.type)), pa.float64())
    return pd.Series(numbers.to_numpy(zero_copy_only=False), index=text.index, dtype="float64")


def equals(text: pd.Series, value: str) -> np.ndarray:
    """True where a cell is ``value`` (missing cells False), compared in Arrow: half the time of pandas' comparison,
    which first builds a nullable result."""
    return pc.fill_null(pc.equal(arrow_chunks(text), value), False).to_numpy(zero_copy_only=False)


def matches(text: pd.Series, pattern: str) -> np.ndarray:
    """True where the RE2 ``pattern`` matches a cell (``re.search`` semantics; missing cells False)."""
    return pc.fill_null(pc.match_substring_regex(arrow_chunks(text), pattern), False).to_numpy(zero_copy_only=False)


def _utf8_views(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """A large_string array's offsets (int64, one more than its strings, from its own offset on) and its UTF-8 data
    buffer, as numpy views (nothing copied)."""
    _validity, offsets_buffer, data_buffer = array.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64, count=len(array) + 1, offset=array.offset * 8)
    return offsets, np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer else np.empty(0, np.uint8)


def ascii_digits(array: pa.Array) -> pa.Array:
    """Each string with every character but the ASCII digits 0-9 removed (``re.sub("[^0-9]", "", s)``), nulls kept.

    Done on the UTF-8 bytes with numpy (a digit byte is never part of a multi-byte character): about 4x faster
    than Arrow's regex replace.
    """
    array = array.cast(pa.large_string())
    offsets, data = _utf8_views(array)
    data = data[offsets[0]:offsets[-1]]
    is_digit = (data >= ord("0")) & (data <= ord("9"))
    # digits per string, summed between its offsets; a zero byte at the end keeps every start within the array
    starts = offsets[:-1] - offsets[0]
    digits_per_string = np.add.reduceat(np.append(is_digit.view(np.uint8), 0), starts, dtype=np.int32)
    digits_per_string[starts == offsets[1:] - offsets[0]] = 0  # reduceat gives an empty string its next byte
    # the validity bitmap is shared, so keep the array's offset: the slots before it become empty strings
    new_offsets = np.concatenate([np.zeros(array.offset + 1, np.int64), np.cumsum(digits_per_string, dtype=np.int64)])
    return pa.Array.from_buffers(pa.large_string(), len(array),
                                 [array.buffers()[0], pa.py_buffer(new_offsets), pa.py_buffer(data[is_digit])],
                                 array.null_count, array.offset)


def _may_need_stripping(array: pa.Array) -> bool:
    """Whether some string is empty or may start or end with whitespace, or be Excel's text formula (``="00123"``):
    its first or last byte is an ASCII control or space, or not ASCII (Unicode spaces such as U+3000 take several
    bytes), or its first is '='. Read from the UTF-8 bytes with numpy, a third of the time of Arrow's trim, which
    copies every string; only a column that may need it is trimmed."""
    array = array.cast(pa.large_string())
    if not len(array):
        return False
    offsets, data = _utf8_views(array)
    starts, ends = offsets[:-1], offsets[1:]
    filled = ends > starts
    present = array.is_valid().to_numpy(zero_copy_only=False) if array.null_count else True
    if (present & ~filled).any():
        return True
    first, last = data[starts[filled]], data[ends[filled] - 1]
    return bool(((first <= 0x20) | (first >= 0x7F) | (first == 0x3D) | (last <= 0x20) | (last >= 0x7F)).any())


def rows_at(data: pd.Series | pd.DataFrame, positions: np.ndarray) -> pd.Series | pd.DataFrame:
    """``data.iloc[positions]``, without copying whole text columns: to take rows by position from a column of
    several chunks, Arrow first joins its chunks (a copy of the column's text, for a handful of rows), whereas a
    boolean mask selects chunk by chunk. So the rows are selected by a mask (column by column: a frame's own boolean
    selection takes by position), then put in the order asked for."""
    unique, order = np.unique(positions, return_inverse=True)
    mask = np.zeros(len(data), dtype=bool)
    mask[unique] = True
    if len(unique) == len(data):
        selected = data.copy(deep=False)  # every row (copy-on-write: nothing is copied unless written to)
    elif isinstance(data, pd.DataFrame):
        selected = pd.DataFrame({place: data.iloc[:, place][mask] for place in range(data.shape[1])})
        selected.columns = data.columns
    else:
        selected = data[mask]
    return selected if np.array_equal(order, np.arange(len(order))) else selected.iloc[order]


def dictionary_encoded(text: pa.Array | pa.ChunkedArray,
                       null_encoding: str = "mask") -> tuple[pa.Array, pa.ChunkedArray]:
    """The distinct values of Arrow strings and, per row, the position of its value (Arrow's dictionary encoding).

    Encoded as stored, chunk by chunk, without first joining the chunks into one copy of the column's text: Arrow
    hashes all the chunks into one table and gives each chunk's dictionary as that whole table (a test holds it to
    that), so the last chunk's dictionary numbers every row's value."""
    encoded = pc.dictionary_encode(text, null_encoding=null_encoding)
    if isinstance(encoded, pa.Array):
        return encoded.dictionary, pa.chunked_array([encoded.indices])
    if not encoded.num_chunks:
        return pa.array([], text.type), pa.chunked_array([], pa.int32())
    indices = pa.chunked_array([chunk.indices for chunk in encoded.chunks])
    return encoded.chunk(encoded.num_chunks - 1).dictionary, indices


def value_codes(values: pd.Series) -> np.ndarray:
    """An integer per cell, the same for equal values (missing cells share one), by Arrow's hashing.

    Values are numbered in the order they first appear (0, 1, 2 …), as Arrow's dictionary encoding does."""
    return dictionary_encoded(arrow_chunks(values), null_encoding="encode")[1].to_numpy()


def first_appearances(codes: np.ndarray) -> np.ndarray:
    """True where a value of ``value_codes`` appears for the first time: there its code exceeds every code before
    it (one running maximum instead of sorting)."""
    if not len(codes):
        return np.zeros(0, dtype=bool)
    highest_before = np.maximum.accumulate(codes)[:-1]
    return np.concatenate([[True], codes[1:] > highest_before])


class DistinctValues:
    """A column encoded once as its distinct values and, per row, the position of its value: transforms then run
    on the distinct values only, as many times as needed, without hashing the column again."""

    def __init__(self, values: pd.Series):
        dictionary, indices = dictionary_encoded(arrow_chunks(values))
        self.index = values.index
        self.uniques = from_arrow(dictionary, pd.RangeIndex(len(dictionary)))
        self.present = indices.is_valid().to_numpy()
        self.positions = indices.fill_null(0).to_numpy()

    def spread(self, mapped: pd.Series) -> pd.Series:
        """One result per distinct value (aligned with ``uniques``) spread over the rows; missing where the row is."""
        keep = self.present
        if not len(self.uniques):  # all missing, in a dtype that holds missing values (a bool column cannot)
            return mapped.reset_index(drop=True).reindex(range(len(self.index))).set_axis(self.index)
        if mapped.dtype == STR:  # Arrow's take, nulls where the rows are missing: no second pass
            taken = arrow_text(mapped).take(pa.array(self.positions, mask=~keep))
            return from_arrow(taken, self.index)
        if isinstance(mapped.dtype, np.dtype) and mapped.dtype.kind in "fM":  # numpy floats, datetimes: numpy's take,
            values = mapped.to_numpy()[self.positions]
            values[~keep] = np.nan if mapped.dtype.kind == "f" else np.datetime64("NaT")  # then NaN/NaT in place
            return pd.Series(values, index=self.index, copy=False)
        result = mapped.take(self.positions).where(keep)
        result.index = self.index
        return result

    def stripped(self) -> DistinctValues:
        """The same rows with their values stripped of surrounding whitespace (empty ones missing): values that differ
        only in spaces become one distinct value, so that parsers counting distinct values count them once. Itself
        when no value needs stripping."""
        cleaned = _stripped(self.uniques)
        if cleaned is None:
            return self
        codes, merged = pd.factorize(cleaned)  # -1: stripped to nothing
        row_codes = codes[self.positions]
        result = copy.copy(self)
        result.uniques = pd.Series(merged, dtype=STR)
        result.present = self.present & (row_codes >= 0)
        result.positions = np.maximum(row_codes, 0)
        return result

    def map(self, transform: Callable[[pd.Series], pd.Series]) -> pd.Series:
        """``transform`` applied to the distinct values, spread over the rows."""
        return self.spread(transform(self.uniques))

    def spread_filled(self, mapped: pd.Series, fill) -> pd.Series:
        """``spread``, with ``fill`` where the row is missing (``mapped``'s dtype kept: a boolean stays boolean)."""
        extended = pd.concat([mapped.reset_index(drop=True), pd.Series([fill], dtype=mapped.dtype)], ignore_index=True)
        positions = np.where(self.present, self.positions, len(mapped))
        if extended.dtype == STR:
            return from_arrow(arrow_text(extended).take(pa.array(positions)), self.index)
        return pd.Series(extended.to_numpy()[positions], index=self.index, dtype=extended.dtype)


_MISSING = object()


def map_distinct(values: pd.Series, transform: Callable[[pd.Series], pd.Series], fill=_MISSING) -> pd.Series:
    """Apply a column transform to the distinct values only, and spread the result over the rows: missing where the
    cell is, or ``fill`` when given. For the many cells of a column with few distinct values (types, statuses, flags)."""
    distinct = DistinctValues(values)
    mapped = transform(distinct.uniques)
    return distinct.spread(mapped) if fill is _MISSING else distinct.spread_filled(mapped, fill)


# Excel's text formula, which some exports write around IDs, phone numbers and postcodes to keep their leading zeros
# (="00123": a cell that shows 00123)
_TEXT_FORMULA_RE = r'^="(.*)"$'


def clean_text(values: pd.Series) -> pd.Series:
    """Strip whitespace and Excel's text formula (``="00123"`` is 00123); empty strings become missing. A column with
    nothing to strip is returned as it is (its Arrow buffers shared with the raw table, not copied)."""
    text = values.astype("str")
    stripped = _stripped(text)
    return text if stripped is None else stripped


def _stripped(text: pd.Series) -> pd.Series | None:
    """clean_text of a column of strings, or None when no value needs stripping."""
    array = arrow_chunks(text)  # element-wise: chunk by chunk, without first copying the column into one array
    if not any(_may_need_stripping(chunk) for chunk in getattr(array, "chunks", [array])):
        return None
    trimmed = pc.utf8_trim_whitespace(array)
    if pc.any(pc.starts_with(trimmed, '="')).as_py():
        trimmed = pc.utf8_trim_whitespace(pc.replace_substring_regex(trimmed, _TEXT_FORMULA_RE, r"\1"))
    lengths = pc.binary_length(trimmed)
    if not pc.any(pc.or_(pc.not_equal(lengths, pc.binary_length(array)), pc.equal(lengths, 0))).as_py():
        return None
    cleaned = from_arrow(trimmed, text.index)
    return cleaned.mask(cleaned == "")


def _via_uniques(values: pd.Series, parse: Callable[[pd.Series], pd.DataFrame]) -> pd.DataFrame:
    """Run ``parse`` on the distinct values (stripped; empty ones missing) and broadcast its frame back to every row,
    with a ``_present`` column: the rows that held text."""
    return _spread_parsed(DistinctValues(values).stripped(), parse)


def _spread_parsed(distinct: DistinctValues, parse: Callable[[pd.Series], pd.DataFrame]) -> pd.DataFrame:
    """``parse`` run on the distinct values (already stripped), spread over the rows."""
    parsed = parse(distinct.uniques).reset_index(drop=True)
    spread = pd.DataFrame({name: distinct.spread(parsed[name]) for name in parsed.columns},
                          index=distinct.index, copy=False)
    spread["_present"] = distinct.present
    return spread


def _decimal_comma(num: pd.Series) -> bool:
    """Decide for a whole column whether ',' is the decimal separator (``1.200,50``, ``12,5``)."""
    # evidence: two digits after the last separator, or the last separator coming after the other kind
    with_comma = num[num.str.contains(",", regex=False)]  # only these can show comma evidence
    comma_evidence = with_comma.str.contains(r",\d{1,2}$|\.[^.]*,[^.]*$", regex=True).sum()
    if not comma_evidence:
        return False
    dot_evidence = num.str.contains(r"\.\d{1,2}$|,[^,]*\.[^,]*$", regex=True).sum()
    return bool(comma_evidence > dot_evidence)


# a number as a column writes it: thousands grouped by threes or not at all, then the decimal separator
# (or, with a decimal point, in India's lakhs and crores: 12,34,567.00)
_GROUPED_RE = {False: r"^(?:\d+|\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3})(?:\.\d*)?$",
               True: r"^(?:\d+|\d{1,3}(?:\.\d{3})+)(?:,\d*)?$"}


def _to_number(num: pd.Series, decimal_comma: bool) -> pd.Series:
    """Read digit strings with thousands separators (spaces already removed); ``decimal_comma``: the column writes
    ',' for decimals and '.' for thousands. A number the column's way cannot read (``12,5`` or ``1.200,50`` where ','
    groups thousands, ``1.23`` where '.' does) is missing — unreadable and reported, not misread as 125 or 1.2005."""
    readable = matches(num, _GROUPED_RE[decimal_comma])
    if decimal_comma:
        num = num.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        num = num.str.replace(",", "", regex=False)
    return to_float(num).where(readable)


_MONEY_PARTS = ["neg", "outer", "open", "pre", "neg2", "num", "mult", "trail", "post", "close"]  # _MONEY_RE's groups


class _DecimalCommaSeen(Exception):
    """Raised by _parse_money_uniques when values read apart from the rest of their column write a decimal comma."""


def _parse_money_uniques(text: pd.Series, points_elsewhere: bool = False) -> pd.DataFrame:
    """Amount and currency of distinct money texts: plain ones (``USD 1200.50``, ``$80``) by a faster pattern, the
    others by _MONEY_RE; the decimal separator is decided over all of them.

    ``points_elsewhere``: the texts are part of a column whose other values, read apart (_PLAIN_ROW_RE), can only be
    evidence for a decimal point. A decimal point decided here then holds for the whole column; a decimal comma
    may not (raises _DecimalCommaSeen)."""
    text = _ascii_forms(text)
    plain = matches(text, _PLAIN_MONEY_RE)
    subsets = [(rows, pattern) for rows, pattern in ((plain, _PLAIN_MONEY_RE), (~plain, _MONEY_RE)) if rows.any()]
    if not subsets:
        return pd.DataFrame({"value": pd.Series(dtype="float64"), "currency": pd.Series(dtype=STR)})
    parts = [_money_parts(text[rows]) if pattern == _MONEY_RE  # only these may group thousands with spaces
             else extract(text[rows], pattern).reindex(columns=_MONEY_PARTS) for rows, pattern in subsets]
    decimal_comma = _decimal_comma(pd.concat([found["num"] for found in parts]).dropna())
    if decimal_comma and points_elsewhere:
        raise _DecimalCommaSeen
    amounts = [_money_of_parts(found, decimal_comma) for found in parts]
    if len(amounts) == 1:
        return amounts[0]
    order = np.concatenate([np.flatnonzero(rows) for rows, _pattern in subsets])  # row of each concatenated value
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    combined = pd.concat(amounts, ignore_index=True).take(position)
    combined.index = text.index
    return combined


def _money_of_parts(parts: pd.DataFrame, decimal_comma: bool) -> pd.DataFrame:
    """Amount and currency from the groups of _MONEY_RE (a group the pattern did not have is all missing)."""
    number = _to_number(parts["num"], decimal_comma)
    if parts["mult"].notna().any():
        number = number * parts["mult"].map(SCALE_WORDS).astype("float64").fillna(1.0)
    negative = (parts["neg"].notna() & parts["neg"].ne("+")) | parts["neg2"].notna() | parts["trail"].notna() \
        | (parts["open"].notna() & parts["close"].notna())
    unbalanced = parts["open"].notna() != parts["close"].notna()
    number = number.where(~negative, -number).where(~unbalanced)
    code = parts["outer"].astype("str").fillna(parts["pre"].astype("str")).fillna(parts["post"].astype("str"))
    currency = DistinctValues(code).map(_currency_of_codes)  # a handful of distinct codes
    return pd.DataFrame({"value": number.astype("float64"), "currency": currency})


def parse_money(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse money as exports write it: ``$1,200.50``, ``USD 1,200.50``, ``1.200,50 €``, ``(300)``, ``$(300.00)``,
    ``−300``, ``¥12,000``, ``₹12,34,567.00``, ``$342.09K``, ``12万``.

    Returns (amount as float, ISO currency code or missing, mask of cells that could not be read).
    """
    if _repeats_much(values):
        return _money_by_distinct(values)
    plain = matches(values, _PLAIN_ROW_RE)
    parsed = _money_by_rows(values, plain) if plain.any() and plain.sum() * 2 >= len(plain) else None
    return parsed if parsed is not None else _money_by_distinct(values)


def parse_amounts(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series, bool]:
    """parse_money for a column of amounts of money (deal amounts, costs, prices, budgets, revenue; not rates,
    ratings or counts), which spreadsheets write in two more ways: a dash alone (``-``, ``$ -``) is zero in their
    accounting and comma styles, and where ',' is the decimal separator a whole amount is ``1.200`` (see
    _dot_grouped_column).

    Returns parse_money's three, and whether '.' was read as the thousands separator in a column that writes no ','
    (which the reader should be told: without a ',' the column could be read the other way).
    """
    grouped = _dot_grouped_column(values)
    if grouped is None:
        parsed = parse_money(values)
    else:
        distinct, parts = grouped
        parsed = _money_spread(distinct, lambda _text: _money_of_parts(parts, decimal_comma=True))
    return (*(_dashes_as_zero(values, *parsed) if parsed[2].any() else parsed), grouped is not None)


# a whole number as Excel writes it in locales whose decimal separator is ',' (1.200, 1.200.000), or up to three
# digits (800)
_DOT_GROUPED_RE = r"^(?:\d{1,3}|[1-9]\d{0,2}(?:\.\d{3})+)$"


def _money_parts(text: pd.Series) -> pd.DataFrame:
    """The groups of _MONEY_RE in distinct, stripped money texts in their ASCII forms (_ascii_forms), the number
    without spaces (missing: unreadable)."""
    parts = extract(text, _MONEY_RE).reindex(columns=_MONEY_PARTS)
    parts["num"] = parts["num"].str.replace("[" + _SPACES + "]", "", regex=True)
    return parts


def _dot_grouped(num: pd.Series) -> bool:
    """Whether every number is up to three digits, or a whole number with '.' between groups of three."""
    return bool(matches(num, _DOT_GROUPED_RE).all())


def _dot_grouped_column(values: pd.Series, sample: int = 1_000) -> tuple[DistinctValues, pd.DataFrame] | None:
    """The distinct values (stripped) of a money column that groups thousands with '.' and writes no decimals (and no
    ','), and their _money_parts: ``1.200``, ``25.000``, ``1.200.000`` beside ``800``, as German, Dutch, Italian …
    Excel saves a number format with a thousands separator to CSV; None for any other column. Read with decimal
    points (a column without ',' otherwise is), these would be 1.2 and 25, and the last unreadable. Amounts of 1 to
    999 written with three decimals each would look the same: money is not written so."""
    head = _ascii_forms(DistinctValues(values.iloc[:sample]).stripped().uniques)
    if not _dot_grouped(_money_parts(head)["num"].dropna()):  # most columns show a point or a ',' in their first rows
        return None
    distinct = DistinctValues(values).stripped()
    parts = _money_parts(_ascii_forms(distinct.uniques))
    numbers = parts["num"].dropna()
    return (distinct, parts) if _dot_grouped(numbers) and numbers.str.contains(".", regex=False).any() else None


# a dash alone, a currency beside it or not: zero in a spreadsheet's accounting or comma style ("$ -", " -   ")
_DASH_ZERO_RE = (r"^" + _WS + r"(?P<pre>" + CURRENCY_SYMBOL_RE + r"|[A-Z]{3})?" + _WS + "[-−–]" + _WS +
                 r"(?P<post>[A-Z]{3}|" + CURRENCY_SYMBOL_RE + r")?$")


def _dashes_as_zero(values: pd.Series, amount: pd.Series, currency: pd.Series,
                    failed: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """parse_money's result with the unreadable cells that are a dash alone read as 0 in their currency."""
    rows = np.flatnonzero(failed.to_numpy())
    unreadable = DistinctValues(rows_at(values, rows))  # a few distinct texts (n/a, TBD, -) over many rows
    text = _ascii_forms(unreadable.uniques)
    dash = matches(text, _DASH_ZERO_RE)
    if not dash.any():
        return amount, currency, failed
    parts = extract(text, _DASH_ZERO_RE)
    zero = unreadable.present & dash[unreadable.positions]
    zero_rows = rows[zero]
    amount, currency, failed = amount.copy(), currency.copy(), failed.copy()
    amount.iloc[zero_rows] = 0.0
    currency.iloc[zero_rows] = _currency_of_codes(parts["pre"].fillna(parts["post"])).to_numpy()[
        unreadable.positions[zero]]
    failed.iloc[zero_rows] = False
    return amount, currency, failed


def _repeats_much(values: pd.Series, sample: int = 10_000) -> bool:
    """Whether a long column holds few distinct values (durations, quantities, scores), judged by its first rows:
    parsing its distinct values then costs less than reading every cell where it stands. Either way of reading
    gives the same result (a test holds them to it); only the time differs."""
    if len(values) <= sample:
        return False
    head = arrow_chunks(values).slice(0, sample)
    return pc.count_distinct(head).as_py() * 10 < sample


def _money_by_distinct(values: pd.Series, points_elsewhere: bool = False) -> tuple[pd.Series, pd.Series, pd.Series]:
    """parse_money by the distinct values; ``points_elsewhere``: see _parse_money_uniques."""
    return _money_spread(DistinctValues(values).stripped(), lambda text: _parse_money_uniques(text, points_elsewhere))


def _money_spread(distinct: DistinctValues,
                  parse: Callable[[pd.Series], pd.DataFrame]) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Amounts, currencies and unreadable cells of a column, from ``parse`` run on its distinct values (stripped)."""
    parsed = _spread_parsed(distinct, parse)
    amount = parsed["value"].astype("float64")
    failed = parsed["_present"] & amount.isna()
    return amount, parsed["currency"].astype("str"), failed


def _money_by_rows(values: pd.Series, plain: np.ndarray) -> tuple[pd.Series, pd.Series, pd.Series] | None:
    """parse_money with the ``plain`` cells (``USD 1200.50``, ``$80``, ``80``: most cells of most columns) read where
    they are, by Arrow casts and slices, without hashing a million values; the other cells by their distinct values.

    None when those other cells write a decimal comma: the column must then be decided as a whole."""
    try:
        other_amount, other_currency, other_failed = _money_by_distinct(values[~plain], points_elsewhere=True)
    except _DecimalCommaSeen:
        return None
    # one temporary copy of the column's text at a time: these are the largest allocations of a deal report
    text = arrow_chunks(values)
    text = pc.if_else(pa.array(plain), text, pa.scalar(None, text.type))  # the plain cells, the others missing
    heads = pc.utf8_slice_codeunits(text, 0, 3)  # "USD", "$12", "123": a few distinct
    prefixes, prefix_of_row = dictionary_encoded(heads)
    del heads
    number = pc.utf8_ltrim(text, characters=_CODE_CHARACTERS)
    del text
    number = pc.replace_substring(number, ",", "")
    amount = np.array(pc.cast(number, pa.float64()).to_numpy(zero_copy_only=False), dtype="float64")  # writable
    del number
    amount[~plain] = other_amount.to_numpy()
    other_codes, other_code_of_row = dictionary_encoded(arrow_chunks(other_currency))
    currencies = pa.concat_arrays([_currency_of_prefix(prefixes), other_codes.cast(prefixes.type)])
    positions = prefix_of_row.fill_null(0).to_numpy().astype(np.int64)
    positions[~plain] = other_code_of_row.fill_null(0).to_numpy() + len(prefixes)
    missing = np.zeros(len(plain), dtype=bool)
    missing[~plain] = other_code_of_row.is_null().to_numpy()
    currency = currencies.take(pa.array(positions, mask=missing))
    failed = np.zeros(len(plain), dtype=bool)
    failed[~plain] = other_failed.to_numpy()
    return (pd.Series(amount, index=values.index, name="value"), from_arrow(currency, values.index).rename("currency"),
            pd.Series(failed, index=values.index))


def _currency_of_prefix(prefixes: pa.Array) -> pa.Array:
    """The currency of each distinct first three characters of a plain money cell (``USD``, ``$12``, ``123``)."""
    codes = from_arrow(pc.utf8_rtrim(prefixes, characters="0123456789.,"), pd.RangeIndex(len(prefixes)))
    return pa.array(_currency_of_codes(codes.mask(codes == "")), type=prefixes.type, from_pandas=True)


_CODES_OF_SYMBOLS = {symbol.upper(): code for symbol, code in CURRENCY_SYMBOLS.items()} \
    | {symbol.upper(): written for symbol, written in AMBIGUOUS_SYMBOLS.items()}


def currency_of(written: str) -> str:
    """The ISO code of one currency as written: a code whatever its case, or a symbol (``$`` → USD, ``Rs.`` → INR,
    ``円`` → JPY); ``kr`` for the crowns' symbol (AMBIGUOUS_SYMBOLS)."""
    code = written.strip().upper()
    return _CODES_OF_SYMBOLS.get(code, code)


@functools.cache
def _iso_codes() -> frozenset[str]:
    """ISO 4217 codes, from the CLDR data Babel holds."""
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def is_currency(written: str) -> bool:
    """Whether a text names a currency: a symbol crmreport knows (``€``, ``kr``, ``Rs.``) or an ISO code in
    capitals."""
    text = written.strip()
    return text.upper() in _CODES_OF_SYMBOLS or text in _iso_codes()


def _currency_of_codes(codes: pd.Series) -> pd.Series:
    """ISO currency codes of the codes and symbols money is written with (``$`` → USD, ``RMB`` → CNY, ``Rs.`` or
    ``RS.`` → INR)."""
    codes = codes.str.upper()
    return codes.mask(codes.isin(list(_CODES_OF_SYMBOLS)), codes.map(_CODES_OF_SYMBOLS)).astype("str")


NO_ANSWER_WORDS = ("offered", "unoffered", "not offered")  # a Zendesk survey sent, or not, without an answer


def good_bad_ratings(values: pd.Series, good: float, bad: float) -> pd.Series | None:
    """A rating column written good/bad (Zendesk's satisfaction) as the ratings ``good`` and ``bad``, its no-answer
    words missing; None when the column is not written so (some value is another word or a number)."""
    distinct = DistinctValues(values)
    words = distinct.uniques.str.strip().str.lower()
    found = set(words.dropna())
    if not found & {"good", "bad"} or not found <= {"good", "bad", *NO_ANSWER_WORDS}:
        return None
    return distinct.spread(words.map({"good": good, "bad": bad}).astype("float64"))


def currency_codes(values: pd.Series) -> pd.Series:
    """A currency column as ISO codes, whatever its case and whether it writes codes, symbols or names (``€``,
    ``eur``, ``EUR`` and ``Euro`` are EUR; Dynamics 365 writes its currency records' names, ``US Dollar``), computed
    once per distinct value."""
    return map_distinct(values, lambda written: _currency_of_written(written.str.strip()))


def _currency_of_written(written: pd.Series) -> pd.Series:
    """Codes of the distinct values of a currency column: a code or symbol, a name (``US Dollar``), or a code beside
    a name or symbol as currency pickers write them (``EUR - Euro``, ``Euro (EUR)``, ``USD ($)``)."""
    codes = _currency_of_codes(written)
    named = ~codes.str.fullmatch("[A-Z]{3}").fillna(True).astype(bool)
    if not named.any():
        return codes
    by_name = written.where(named).str.casefold().map(currency_names()).astype("str")
    codes = codes.mask(by_name.notna(), by_name)
    unread = ~codes.str.fullmatch("[A-Z]{3}").fillna(True).astype(bool)
    if unread.any():
        beside = written.where(unread).map(_one_code_in, na_action="ignore").astype("str")
        codes = codes.mask(beside.notna(), beside)
    return codes


def _one_code_in(text: str) -> str | None:
    """The one ISO currency code that stands as a word in a text (``EUR - Euro``), or None."""
    found = set(re.findall(r"\b[A-Z]{3}\b", text)) & _iso_codes()
    return found.pop() if len(found) == 1 else None


# ISO 4217's own names where CLDR's differ (CLDR: British Pound, Chinese Yuan)
_ISO_CURRENCY_NAMES = {"pound sterling": "GBP", "yuan renminbi": "CNY", "renminbi": "CNY"}


@functools.cache
def currency_names() -> dict[str, str]:
    """ISO code of each currency name, in English and Chinese, singular and plural, case-folded (``us dollar``,
    ``us dollars``, ``欧元``), from the Unicode CLDR data Babel holds (no name stands for two currencies there)."""
    from babel.numbers import get_currency_name, list_currencies

    names = dict(_ISO_CURRENCY_NAMES)
    for locale in ("en", "zh"):
        for code in sorted(list_currencies(locale)):
            for count in (None, 2):
                names.setdefault(get_currency_name(code, count, locale=locale).casefold(), code)
    return names


def parse_number(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse plain numbers (thousands separators allowed). Returns (float values, failed mask)."""
    amount, _currency, failed = parse_money(values)
    return amount, failed


_CLOCK_DURATION_RE = r"^(?P<hours>\d+):(?P<minutes>[0-5]\d):(?P<seconds>[0-5]\d(?:\.\d+)?)$"


def clock_hours(values: pd.Series) -> pd.Series:
    """Durations written as a clock, H:MM:SS (a spreadsheet's [h]:mm:ss cell as read, a call log's 00:02:23), in
    hours; missing for any other text. H:MM alone is left out: hours and minutes to a sheet, minutes and seconds to
    a call log."""
    parts = extract(values, _CLOCK_DURATION_RE)
    return to_float(parts["hours"]) + to_float(parts["minutes"]) / 60 + to_float(parts["seconds"]) / 3600


def parse_percent(values: pd.Series, scale: float | None = None,
                  usual_scale: float | None = None) -> tuple[pd.Series, pd.Series]:
    """Parse probabilities and other ratios into fractions: ``75%`` → 0.75, ``75`` → 0.75 on a 0–100 column.

    ``scale`` is 100 when the column is known to hold 0–100 values, 1 when it holds fractions; when it is
    None a column with any bare value above 1 is taken as 0–100. ``usual_scale``: the scale the column's header or
    source usually writes, which holds unless the column writes fractions — every bare value from 0 to 1, one at
    least between them (0.6: a workbook's percentage cell, under a ``Probability (%)`` header).
    """
    parsed = _via_uniques(values, lambda distinct: _percent_uniques(distinct, scale, usual_scale))
    fraction = parsed["value"].astype("float64")
    return fraction, parsed["_present"] & fraction.isna()


def _percent_uniques(text: pd.Series, scale: float | None, usual_scale: float | None) -> pd.DataFrame:
    text = _ascii_forms(text)
    has_sign = text.str.endswith("%").fillna(False).astype(bool)
    bare = text.str.rstrip("%").str.strip().str.replace(",", ".", regex=False)
    number = to_float(bare)
    written = number[~has_sign].dropna()  # conditions on the distinct values hold for the rows too
    if scale is None and usual_scale is not None:
        fractions = bool(len(written)) and written.between(0, 1).all() and (written % 1 != 0).any()
        scale = 1.0 if fractions else usual_scale
    if scale is None:
        scale = 100.0 if (written > 1).any() else 1.0
    return pd.DataFrame({"value": number.where(has_sign, number * 100.0 / scale) / 100.0})


_TRUE = {"true", "yes", "y", "1", "是", "t", "x", "✓"}
_FALSE = {"false", "no", "n", "0", "否", "f"}


def parse_bool(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse TRUE/FALSE, yes/no, 1/0, 是/否 into a nullable boolean. Empty cells are missing."""
    parsed = _via_uniques(values, _bool_uniques)
    result = parsed["value"].astype("boolean")
    return result, parsed["_present"] & result.isna()


def _bool_uniques(text: pd.Series) -> pd.DataFrame:
    lowered = text.str.lower()
    result = pd.Series(pd.NA, index=text.index, dtype="boolean")
    result[lowered.isin(_TRUE)] = True
    result[lowered.isin(_FALSE)] = False
    return pd.DataFrame({"value": result})


# --- dates -------------------------------------------------------------------------------------------

_TIME = r"(?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?)"
# a zone after the time, dropped (the wall-clock time is kept): Z, UTC, +08:00, GMT+0800, UTC-5, a zone's abbreviation
# (PST, CET …), and the zone's name in brackets that JavaScript's Date writes ("GMT+0800 (China Standard Time)")
_ZONE_NAMES = ("UTC|GMT|Z|PST|PDT|MST|MDT|CST|CDT|EST|EDT|AKST|AKDT|HST|AST|NST|CET|CEST|EET|EEST|WET|WEST|BST|IST|MSK|"
               "JST|KST|HKT|SGT|AWST|ACST|AEST|AEDT|NZST|NZDT")
_ZONE_RE = (_TIME + r"\s*(?:(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?|(?:" + _ZONE_NAMES + r"))(?:\s*\([^()]*\))?$")
# year first; Korean and Hungarian spreadsheets write "2024. 3. 5." (spaces after the dots, a dot after the day)
_ISO_RE = (r"^(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})\.?(?:[T\s]+" + _TIME
           + r")?$")
# RE2 has no back-references: both separators are captured, and _numeric_parts keeps the rows where they agree;
# a space may follow them (Czech and Slovak Excel: "5. 3. 2024")
_NUMERIC_RE = (r"^(?P<a>\d{1,2})(?P<sep>[-/.])\s?(?P<b>\d{1,2})(?P<sep2>[-/.])\s?(?P<y>\d{4}|\d{2})(?:[T\s,]+"
               + _TIME + r")?$")
# 2024年3月5日 (Chinese, Japanese), 2024년 3월 5일 (Korean)
_CJK_RE = (r"^(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]?(?:\s*" + _TIME
           + r")?$")
# a weekday beside a date, as Chinese, Japanese and Korean long dates write it, dropped: 星期二, 周二, 火曜日, 화요일,
# or a short word in brackets, (火), (화), (Tue), （二） (brackets already in their ASCII forms)
_WEEKDAY_BESIDE_RE = (r"\s*(?:\(\s*[^()\d\s]{1,5}\s*\)|(?:星期|礼拜|禮拜|周|週)[一二三四五六日天]|[月火水木金土日]曜日?"
                      r"|[월화수목금토일]요일)")
# what pandas' ISO8601 parser reads as _ISO_RE does, once a Z (UTC, dropped as _ZONE_RE drops it) is taken off:
# 2024-03-05, 2024-03-05 14:30, 2024-03-05T14:30:00.000Z (Salesforce's API)
_PLAIN_ISO_RE = r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?Z?)?$"
_SERIAL_RE = r"^\d{5}(?:\.\d+)?$"
_COMPACT_RE = r"^\d{8}$"
# Unix time as API dumps (HubSpot, 纷享销客) write it: seconds (with a fraction or not) or milliseconds since 1970,
# from 1,000,000,000 s (2001-09-09) to 2,000,000,000 s (2033-05-18): other digit runs in a date column are not dates
_UNIX_TIME_RE = r"^1\d{9}(?:\.\d{1,6}|\d{3})?$"
# English month names, whole or cut short (Sept too), before or after the day, a weekday before them, a time after:
# "15 Apr, 2021 00:02:00" (Zoho), "Tuesday, March 5, 2024" (Excel's long date), "05-Mar-24", "Mar 5, 2024 2:30 PM"
_MONTH_NAME = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
               r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_TIME_AFTER = r"(?:,?\s+(?:at\s+)?" + _TIME + r")?$"
_NAMED_MONTH_RES = (
    r"(?i)^" + _WEEKDAY + _MONTH_NAME + r"\s+" + _DAY + r",?\s+(?P<y>\d{4})" + _TIME_AFTER,
    r"(?i)^" + _WEEKDAY + _DAY + r"(?:\s+|-)" + _MONTH_NAME + r",?(?:\s+|-)(?P<y>\d{4}|\d{2})" + _TIME_AFTER,
)
# the languages whose month names (CLDR, through Babel) are read besides English: "5 mars 2024", "5. März 2024",
# "5 de marzo de 2024", "05-mrt-2024", "martedì 5 marzo 2024", "5 marca 2024 r.", "5 марта 2024 г.", "5 Mart 2024
# Salı"; no name or abbreviation stands for two months there (a test holds them to it)
FOREIGN_MONTH_LOCALES = ("fr", "de", "es", "pt", "it", "nl", "sv", "da", "nb", "fi", "pl", "cs", "ro", "tr", "id", "ru",
                         "uk")
_MONTH_NUMBERS = {name: str(number) for number, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
# a month and its year, no day (a hand-kept sheet's expected close: 2024-03, 03/2024, Mar 2024, 2024年3月): the month's
# first day, as Excel and pandas read them; the table says so (and a close date is taken at the month's end)
_MONTH_ONLY_RES = (r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})$", r"^(?P<m>\d{1,2})[-/.](?P<y>\d{4})$",
                   r"^(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]$",
                   r"(?i)^" + _MONTH_NAME + r"[\s,/-]*(?P<y>\d{4})$")
# morning / afternoon before a time, as Chinese (上午 / 下午), Japanese (午前 / 午後) and Korean (오전 / 오후)
# spreadsheets write a 12-hour clock
_MERIDIEM_WORDS = {"上午": "AM", "下午": "PM", "午前": "AM", "午後": "PM", "오전": "AM", "오후": "PM"}
_MERIDIEM_WORD_RE = r"({})\s*(\d{{1,2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?)"


def _full_year(year: pd.Series) -> pd.Series:
    """Four-digit years, two-digit ones in 1969–2068 (as Excel and Python read them)."""
    short = year.str.len() == 2
    if not short.any():
        return year
    century = pd.Series(np.where(pd.to_numeric(year.where(short)) < 69, "20", "19"), index=year.index)
    return year.where(~short, century + year)


def _local_words_as_latin(text: pd.Series) -> pd.Series:
    """``下午2:30`` as ``2:30 PM``, ``오전 10:00`` as ``10:00 AM``, with no weekday beside the date (``2024/3/5 周二``
    as ``2024/3/5``); other text as it is."""
    array = arrow_text(text)
    ascii_only = pc.all(pc.string_is_ascii(array)).as_py() is not False  # then only a bracketed weekday may be there
    written = [] if ascii_only else [word for word in _MERIDIEM_WORDS
                                     if pc.any(pc.match_substring(array, word)).as_py()]
    for word in written:
        array = pc.replace_substring_regex(array, _MERIDIEM_WORD_RE.format(word), r"\2 " + _MERIDIEM_WORDS[word])
    weekday = (not ascii_only or pc.any(pc.match_substring(array, "(")).as_py()) \
        and pc.any(pc.match_substring_regex(array, _WEEKDAY_BESIDE_RE)).as_py()
    if weekday:
        array = pc.replace_substring_regex(array, _WEEKDAY_BESIDE_RE, "")
    return from_arrow(array, text.index) if written or weekday else text


def _time_24h(time: pd.Series) -> pd.Series:
    """Turn ``8:55 PM`` / ``08:55:10`` into ``20:55:00`` / ``08:55:10``; missing stays missing."""
    parts = extract(time, r"^(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}(?:\.\d+)?))?\s*(?P<ap>[AaPp])?")
    hour = pd.to_numeric(parts["h"], errors="coerce")
    meridiem = parts["ap"].str.lower()
    hour = hour.where(~((meridiem == "p") & (hour < 12)), hour + 12)
    hour = hour.where(~((meridiem == "a") & (hour == 12)), 0)
    hours = hour.astype("Int64").astype("str").str.zfill(2)
    return hours + ":" + parts["mi"] + ":" + parts["s"].fillna("00").str.zfill(2)


def _assemble(year: pd.Series, month: pd.Series, day: pd.Series, time: pd.Series) -> pd.Series:
    iso = year + "-" + month.str.zfill(2) + "-" + day.str.zfill(2)
    if time.notna().any():
        iso = iso.where(time.isna(), iso + "T" + _time_24h(time))
    return pd.to_datetime(iso, format="ISO8601", errors="coerce")


def _evidence(first: pd.Series, second: pd.Series) -> bool | None:
    """True when some first part is above 12 (day first), False when some second part is, else None."""
    first, second = pd.to_numeric(first), pd.to_numeric(second)
    if (second > 12).any():
        return False
    if (first > 12).any():
        return True
    return None


def _numeric_parts(text: pd.Series) -> pd.DataFrame:
    """The parts of ``a/b/y`` dates (the groups of _NUMERIC_RE), missing in the rows that are not such a date."""
    parts = extract(text, _NUMERIC_RE)
    mixed = parts["sep"].notna() & (parts["sep"] != parts["sep2"])
    return parts.mask(mixed, axis=0) if mixed.any() else parts


def _proven_dayfirst(distinct: pd.Series) -> bool | None:
    """Day/month order that the ``a/b/yyyy`` values among ``distinct`` (stripped) prove, or None when they prove
    nothing."""
    parts = _numeric_parts(_ascii_forms(distinct.dropna())).dropna(subset=["a"])
    return _evidence(parts["a"], parts["b"]) if len(parts) else None


def _parse_dates_uniques(text: pd.Series, dayfirst: bool | None) -> pd.DataFrame:
    """The dates of distinct date texts (``value``), and ``unix_time`` (which were read from Unix time) when any was."""
    if matches(text, _PLAIN_ISO_RE)[text.notna().to_numpy()].all():  # the usual export: one call, no extraction
        array = arrow_text(text)
        if pc.any(pc.ends_with(array, "Z")).as_py():
            text = from_arrow(pc.utf8_rtrim(array, "Z"), text.index)
        return pd.DataFrame({"value": pd.to_datetime(text, format="ISO8601", errors="coerce").astype("datetime64[us]")})
    if len(text) >= _APART_FROM:
        apart = _days_and_times_apart(text, dayfirst)
        if apart is not None:
            return apart
    return _parse_whole_dates(text, dayfirst)


# From this many distinct values, the days and the times of a column's date-times are parsed apart: a million
# timestamps share a few thousand days and fewer times of day
_APART_FROM = 20_000
# a day without spaces, then spaces and the rest (a time of day, or not: _times_of_day decides); a simple pattern,
# which Arrow reads six times faster than one that says what a day and a time look like
_DAY_THEN_TIME_RE = r"^(?P<day>[^ ]+) +(?P<time>.*)$"
_CLOCK_RE = r"^(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?$"  # what an ISO 8601 time of day allows


def _days_and_times_apart(text: pd.Series, dayfirst: bool | None) -> pd.DataFrame | None:
    """_parse_whole_dates for many distinct date-times: ``day time`` values read as the day (each distinct one parsed
    once, the whole way) plus the time of day (each distinct one once); the values that do not split so, or whose
    parts do not read, the whole way. The day/month order is decided over all the values as _parse_whole_dates
    decides it (a test holds the two ways to the same result). None when fewer than half the values are a day and a
    time of day (judged on the first thousand values first)."""
    if len(text) > 1_000 and _days_and_times_apart(text.iloc[:1_000], dayfirst) is None:
        return None
    parts = extract(text, _DAY_THEN_TIME_RE)
    days, clocks = DistinctValues(parts["day"]), DistinctValues(parts["time"])
    if not len(clocks.uniques):
        return None
    clock_shaped, clock_times = _times_of_day(clocks.uniques)
    timed = clocks.present & clock_shaped[clocks.positions]  # the values that are something, then a time of day
    if timed.mean() < 0.5:
        return None
    if dayfirst is None:
        dayfirst = _day_first_of_column(days, timed, text)
    day_values = _parse_whole_dates(days.uniques, dayfirst)["value"]
    # not a day that has a time of its own, nor a number (a serial, YYYYMMDD, Unix time), which takes no time after it
    day_values = day_values.where((day_values == day_values.dt.normalize()) & ~matches(days.uniques, _FLOAT_RE))
    value = (days.spread(day_values) + clocks.spread(clock_times)).astype("datetime64[us]")
    redo = value.isna().to_numpy()
    if not redo.any():
        return pd.DataFrame({"value": value})
    whole = _parse_whole_dates(text[redo], dayfirst)
    value[redo] = whole["value"].to_numpy()
    parsed = pd.DataFrame({"value": value})
    for flag in whole.columns.drop("value"):  # unix_time, month_only
        parsed[flag] = False
        parsed.loc[redo, flag] = whole[flag].to_numpy()
    return parsed


def _times_of_day(text: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Whether each text is a time of day as _parse_whole_dates reads one after a date (``2:30 PM``, ``14:30:00.000Z``,
    ``下午 02:30``, ``25:00``), and that time as a duration since midnight (missing where it is none: ``25:00``)."""
    text = _normalised_dates(text).str.strip()
    shaped = matches(text, "^" + _TIME + "$")
    clock = _time_24h(text.where(shaped))
    return shaped, pd.to_timedelta(clock.where(matches(clock, _CLOCK_RE)), errors="coerce")


def _day_first_of_column(days: DistinctValues, timed: np.ndarray, text: pd.Series) -> bool | None:
    """The day/month order _parse_whole_dates decides for the distinct values ``text``, from the distinct days of
    those that are a day and a time of day (``timed``; each day weighing as many values as it has), and the other
    values whole; None when none is ``a/b/y``."""
    day_rows = _numeric_parts(_normalised_dates(days.uniques))
    day_only = (day_rows["a"].notna() & day_rows["time"].isna()).to_numpy()
    counted = timed & day_only[days.positions]  # a/b/y then a time of day: a/b/y read whole too
    other_rows = _numeric_parts(_normalised_dates(text[~counted]))
    weights = np.concatenate([np.bincount(days.positions[counted], minlength=len(days.uniques)),
                              np.ones(len(other_rows), dtype=np.int64)])
    rows = pd.concat([day_rows, other_rows], ignore_index=True)
    numeric = rows["a"].notna().to_numpy() & (weights > 0)
    return _day_first_of(rows[numeric], weights[numeric]) if numeric.any() else None


def _day_first_of(rows: pd.DataFrame, weights: np.ndarray | None = None) -> bool:
    """Day first or not for the ``a/b/y`` values of a column (_numeric_parts' rows): a part above 12 decides, else
    dots mean day first for most values (``weights``: how many values each row stands for), slashes month first."""
    evidence = _evidence(rows["a"], rows["b"])
    if evidence is not None:
        return evidence
    return bool(np.average((rows["sep"] == ".").to_numpy(), weights=weights) > 0.5)


def _normalised_dates(text: pd.Series) -> pd.Series:
    """Date texts in ASCII forms, with 12-hour clocks in Latin, no weekday beside the day and no zone after the time."""
    text = _local_words_as_latin(_ascii_forms(text))
    return from_arrow(pc.replace_substring_regex(arrow_text(text), _ZONE_RE, r"\1"), text.index)  # group 1: the time


def _parse_whole_dates(text: pd.Series, dayfirst: bool | None) -> pd.DataFrame:
    """_parse_dates_uniques, each value parsed whole."""
    text = _normalised_dates(text)
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")

    def fill(mask: pd.Series, parsed: pd.Series) -> None:
        result.loc[mask] = parsed.loc[mask].astype("datetime64[us]")

    for pattern in (_ISO_RE, _CJK_RE):
        found = extract(text, pattern)
        if found["y"].notna().any():
            fill(found["y"].notna(), _assemble(found["y"], found["m"], found["d"], found["time"]))

    numeric = _numeric_parts(text)
    has_numeric = numeric["a"].notna()
    if has_numeric.any():
        rows = numeric[has_numeric]
        day_first = dayfirst if dayfirst is not None else _day_first_of(rows)
        day, month = (numeric["a"], numeric["b"]) if day_first else (numeric["b"], numeric["a"])
        fill(has_numeric, _assemble(_full_year(numeric["y"]), month, day, numeric["time"]))

    compact = matches(text, _COMPACT_RE) & result.isna()
    fill(compact, pd.to_datetime(text.where(compact), format="%Y%m%d", errors="coerce"))

    serial = matches(text, _SERIAL_RE) & result.isna()
    if serial.any():
        days = pd.to_numeric(text.where(serial), errors="coerce")
        fill(serial, pd.Timestamp("1899-12-30") + pd.to_timedelta(days, unit="D"))

    unix_time = matches(text, _UNIX_TIME_RE) & result.isna()
    if unix_time.any():
        numbers = pd.to_numeric(text.where(unix_time), errors="coerce")
        per_unit = np.where(text.str.len() == 13, 1e3, 1e6)  # 13 digits: milliseconds, else seconds
        microseconds = (numbers * per_unit).round().astype("Int64")
        fill(unix_time, pd.to_datetime(microseconds, unit="us"))

    for pattern in _NAMED_MONTH_RES:
        remaining = result.isna() & text.notna()
        if not remaining.any():
            break
        named = extract(text[remaining], pattern)
        month = named["month"].str.lower().str[:3].map(_MONTH_NUMBERS).astype(STR)
        fill(named["y"].notna().reindex(text.index, fill_value=False),
             _assemble(_full_year(named["y"]), month, named["d"], named["time"]).reindex(text.index))
    unread = result.isna() & text.notna()
    remaining = unread.copy()
    if unread.any():  # of them, those with a word beside digits
        remaining[unread] = matches(text[unread], r"\d.*[^\s\d.,:/-]{3}|[^\s\d.,:/-]{3}.*\d")
    if remaining.any():
        named = extract(text[remaining], _foreign_month_re())
        month = named["month"].str.lower().map(_foreign_months()).astype(STR)
        fill(month.notna().reindex(text.index, fill_value=False),
             _assemble(_full_year(named["y"]), month, named["d"], named["time"]).reindex(text.index))
    month_only = pd.Series(False, index=text.index)
    for pattern in _MONTH_ONLY_RES:
        remaining = result.isna() & text.notna()
        if not remaining.any():
            break
        found = extract(text[remaining], pattern)
        month = found["m"] if "m" in found else found["month"].str.lower().str[:3].map(_MONTH_NUMBERS).astype(STR)
        read = found["y"].notna().reindex(text.index, fill_value=False)
        fill(read, _assemble(found["y"], month, pd.Series("1", index=found.index, dtype=STR),
                             pd.Series(pd.NA, index=found.index, dtype=STR)).reindex(text.index))
        month_only |= read & result.notna()
    parsed = pd.DataFrame({"value": result})
    for flag, rows in (("unix_time", unix_time), ("month_only", month_only)):
        if rows.any():
            parsed[flag] = rows.to_numpy()
    return parsed


@functools.cache
def _foreign_months() -> dict[str, str]:
    """Month names and abbreviations of FOREIGN_MONTH_LOCALES, lower case, with and without their accents
    (``février``, ``fevrier``, ``févr``, ``märz``, ``marz``, ``mrt``), to the month's number."""
    import unicodedata

    from babel.dates import get_month_names

    def unaccented(name: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))

    months = {}
    for locale in FOREIGN_MONTH_LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    name = name.lower().rstrip(".")
                    months[name] = months[unaccented(name)] = str(number)
    return months


@functools.cache
def _foreign_month_re() -> str:
    """A day, a month named in one of FOREIGN_MONTH_LOCALES and a year, a weekday before or after them and a time after
    them allowed: "5 mars 2024", "1er mars 2024", "Dienstag, 5. März 2024", "5 de marzo de 2024", "05-mrt-24",
    "5 mars 2024 14:30", "5 марта 2024 г." (the year's abbreviation: г., р., r.), "5 Mart 2024 Salı", "tirsdag den 5.
    marts 2024"."""
    names = "|".join(sorted(map(re.escape, _foreign_months()), key=len, reverse=True))
    # after the day: French "1er", Spanish and Portuguese "1º" (an o once NFKC has read it), "1°"
    return (r"(?i)^(?:[^\s\d,]+,?\s+(?:den\s+)?)?(?P<d>\d{1,2})(?:er|o|°)?\.?\s*(?:de\s+)?[-/]?\s*"
            r"(?P<month>" + names + r")\.?\s*(?:de\s+|del\s+)?[-/,]?\s*(?P<y>\d{4}|\d{2})(?:\s*[грr]\.)?"
            r"(?:,?\s+[^\s\d,.:]+)?(?:,?\s+" + _TIME + r")?$")


def parse_dates(values: pd.Series, dayfirst: bool | None = None) -> tuple[pd.Series, pd.Series]:
    """Parse dates as exports write them: ISO (with time and zone), ``MM/DD/YYYY``, ``DD.MM.YYYY``,
    ``2024年3月5日``, ``15 Apr, 2021 00:02:00``, ``Tuesday, March 5, 2024``, ``02/23/26 08:55 PM``,
    ``2024/3/5 下午 02:30``, ``2024. 3. 5. 오후 2:30``, ``2024년 3월 5일 화요일``, ``2024/03/05 (火)``, ``5. 3. 2024``,
    ``20240305``, Excel serial numbers, Unix time in seconds or milliseconds (UTC); months named in the languages of
    FOREIGN_MONTH_LOCALES (``5 mars 2024``, ``5. März 2024``, ``5 марта 2024 г.``).

    Day/month order of ``a/b/y`` values is decided for the whole column from the data (a first part above
    12 means day first; dots without evidence mean day first, slashes month first); ``dayfirst`` forces it. A zone
    suffix is dropped: the wall-clock time is kept.
    Returns (datetime64 values, mask of cells that could not be read).
    """
    return _dates_of(_via_uniques(values, lambda uniques: _parse_dates_uniques(uniques, dayfirst)[["value"]]))


class ParsedDates(NamedTuple):
    """A date column as read: its dates, the cells that could not be read, the rows read from Unix time (None
    when there are none: a time in UTC, which a table may shift to the zone its header states), and the rows that
    named a month only (None when none did; read as its first day)."""

    dates: pd.Series
    failed: pd.Series
    unix_time: pd.Series | None
    month_only: pd.Series | None = None


def parse_date_columns(columns: list[pd.Series], dayfirst: bool | None = None,
                       stated: bool | None = None) -> list[ParsedDates]:
    """parse_dates for the date columns of one table, with one day/month order for all of them: the order the columns
    that prove one agree on, else the order their headers state (``stated``), else each column's own rule;
    ``dayfirst`` forces it. Each column's distinct values are found once, for deciding the order and for parsing."""
    distinct = [DistinctValues(column).stripped() for column in columns]
    if dayfirst is None:
        proven = {_proven_dayfirst(values.uniques) for values in distinct} - {None}
        dayfirst = proven.pop() if len(proven) == 1 else stated
    if dayfirst is None or len(distinct) < 2:
        return [_parsed_dates(values, _parse_dates_uniques(values.uniques, dayfirst)) for values in distinct]
    # The order is settled, so a text reads the same whatever its column: all the columns' distinct values are parsed
    # in one call (each call costs some 20 ms of pandas overhead, and created and close dates share many days).
    codes, texts = pd.factorize(pd.concat([values.uniques for values in distinct], ignore_index=True))
    parsed = _parse_dates_uniques(pd.Series(texts, dtype=STR), dayfirst)
    results, start = [], 0
    for values in distinct:
        mine = parsed.iloc[codes[start:start + len(values.uniques)]]  # this column's values
        results.append(_parsed_dates(values, mine))
        start += len(values.uniques)
    return results


def _parsed_dates(distinct: DistinctValues, parsed: pd.DataFrame) -> ParsedDates:
    """The dates parsed for ``distinct``'s values (``parsed``, aligned with them) spread over the rows."""
    spread = _spread_parsed(distinct, lambda _text: parsed[["value"]])
    flags = [distinct.spread_filled(parsed[flag], False) if flag in parsed else None
             for flag in ("unix_time", "month_only")]
    return ParsedDates(*_dates_of(spread), *flags)


# Dates that stand for "no date" in CRM exports: before 1900 (0001-01-01, Excel's day 0 1899-12-30), the first days of
# Excel's and Unix's calendars (1900-01-01; 1970-01-01 at any time: an epoch of 0 shown in another zone), and from the
# year 9000 on (9999-12-31)
_NO_DATE_BEFORE, _NO_DATE_FROM = np.datetime64("1900-01-02", "us"), np.datetime64("9000-01-01", "us")
_UNIX_DAY_0 = (np.datetime64("1970-01-01", "us"), np.datetime64("1970-01-02", "us"))
PLACEHOLDER_DATE = "standing for no date (before 1900, a calendar's first day, from the year 9000 on)"


def placeholder_dates(dates: pd.Series) -> pd.Series:
    """True where a parsed date is a placeholder for "no date" (9999-12-31, 1900-01-01, 1970-01-01 …), which would
    count a deal as closed in the year 9999 or make its sales cycle a million days; a missing date is not."""
    values = dates.to_numpy(dtype="datetime64[us]")  # NaT compares False
    unix_day_0 = (values >= _UNIX_DAY_0[0]) & (values < _UNIX_DAY_0[1])
    return pd.Series((values < _NO_DATE_BEFORE) | (values >= _NO_DATE_FROM) | unix_day_0, index=dates.index)


def _dates_of(parsed: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    dates = parsed["value"]
    if dates.dtype != "datetime64[us]":  # all missing, or no value parsed
        dates = pd.to_datetime(dates).astype("datetime64[us]")
    return dates, parsed["_present"] & dates.isna()
