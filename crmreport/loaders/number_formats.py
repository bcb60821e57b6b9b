"""The currency a workbook shows its amounts in. A hand-kept sheet types 1200.5 and formats the cell as euros
(``#,##0.00 [$€-407]``): the cell holds the number alone, and read as stored the amounts had no currency at all. A
report then printed no symbol, and beside a CSV of dollars it added euros to dollars without a word.

The number formats are read from the workbook's XML (xl/styles.xml, and the cells' style indexes in the first rows
of each sheet), whichever reader read the values. A format names its currency as Excel's currency list writes it,
``[$€-407]`` (a symbol or code, then the Windows locale), or as a literal: ``"$"#,##0.00``, ``\\€ #,##0``,
``$#,##0``. The locale tells which dollar, yen or crown (``[$$-C09]``: Australian dollars, ``[$¥-411]``: yen).
Excel's built-in currency formats (ids 5–8, 41–44) show the currency of the computer that opens the file: unknown."""

from __future__ import annotations

import datetime as dt
import functools
import locale
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from .. import parsing
from .formulas import MAIN_NAMESPACE, column_index, sheet_members

SAMPLED_BYTES = 1 << 20  # of each sheet's XML, decompressed: the first rows tell a column's format
# a symbol that several currencies write: the locale of a [$…-LCID] format says which
_SHARED_SYMBOLS = {"$", "¥", "￥", "kr", "kr."}
_LOCALE_CURRENCY_RE = re.compile(r"\[\$(?P<written>[^\]\-]*)(?:-(?P<lcid>[0-9A-Fa-f]+))?\]")
_QUOTED_RE = re.compile(r'"([^"]*)"')
_ESCAPED_RE = re.compile(r"\\(.)")
_SINGLE_SYMBOLS = "".join(symbol for symbol in parsing.CURRENCY_SYMBOLS if len(symbol) == 1)
_CELL_RE = re.compile(rb'<(?:\w+:)?c\b([^>]*?)\br="([A-Z]{1,3})(\d+)"([^>]*)>')
_STYLE_RE = re.compile(rb'\bs="(\d+)"')
_TYPE_RE = re.compile(rb'\bt="(\w+)"')


def format_currency(code: str) -> str | None:
    """The ISO code of the currency a number format shows, or None when it shows none."""
    for found in _LOCALE_CURRENCY_RE.finditer(code):
        written = found["written"].strip()
        if written:  # [$-409] alone only sets a date's language
            return _currency_in_locale(written, int(found["lcid"], 16) if found["lcid"] else None)
    literals = [text.strip() for text in _QUOTED_RE.findall(code)] + _ESCAPED_RE.findall(code)
    bare = _ESCAPED_RE.sub("", _QUOTED_RE.sub("", re.sub(r"\[[^\]]*\]", "", code)))
    literals += [character for character in bare if character in _SINGLE_SYMBOLS]
    for literal in literals:
        if parsing.is_currency(literal):
            return _currency_in_locale(literal, None)
    return None


def _currency_in_locale(written: str, lcid: int | None) -> str:
    if written in _SHARED_SYMBOLS and lcid is not None and (local := _currency_of_locale(lcid)):
        return local
    return parsing.currency_of(written)


@functools.cache
def _currency_of_locale(lcid: int) -> str | None:
    """The currency of a Windows locale's country (0x409: en_US, USD), from CLDR through Babel."""
    from babel.numbers import get_territory_currencies

    name = locale.windows_locale.get(lcid, "")
    if "_" not in name:
        return None
    currencies = get_territory_currencies(name.split("_")[1], dt.date.today())
    return currencies[0] if currencies else None


def column_currencies(path: Path, header_rows: dict[str, int]) -> dict[str, dict[int, str]]:
    """Per sheet title (those of ``header_rows``: sheet -> header row), per column (0-based), the one currency the
    number formats of its numeric cells below the header show, in the sheet's first rows; columns whose cells show
    none, or several, are left out. Empty for a file that is no xlsx package."""
    try:
        with zipfile.ZipFile(path) as package:
            formats = _style_formats(package.read("xl/styles.xml"))
            if not any(formats):
                return {}
            found = {}
            for title, member in sheet_members(package).items():
                if title in header_rows:
                    with package.open(member) as sheet:
                        head = sheet.read(SAMPLED_BYTES)
                    found[title] = _one_currency_per_column(head, formats, header_rows[title])
            return found
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return {}


_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_NUMERIC_TYPES = {"float", "currency", "percentage"}


def opendocument_currencies(path: Path, header_rows: dict[str, int]) -> dict[str, dict[int, str]]:
    """column_currencies for an OpenDocument spreadsheet, whose currency cells name their currency
    (``office:value-type="currency" office:currency="EUR"``): from the first SAMPLED_BYTES of its content."""
    shown: dict[str, dict[int, set[str | None]]] = {}
    try:
        with zipfile.ZipFile(path) as package, package.open("content.xml") as content:
            _sample_cells(content, header_rows, shown)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        pass
    return {title: _agreed(columns) for title, columns in shown.items()}


def _sample_cells(content, header_rows: dict[str, int], shown: dict[str, dict[int, set[str | None]]]) -> None:
    """Walk the sheets' rows and cells (repeats counted) until SAMPLED_BYTES are read, noting per sheet and column
    the currency of each numeric cell below the header."""
    title, row, column = None, 0, 0
    for event, element in ElementTree.iterparse(content, events=("start", "end")):
        if content.tell() > SAMPLED_BYTES:
            return
        if event == "start" and element.tag == f"{_TABLE}table":
            title, row = element.get(f"{_TABLE}name"), 0
        elif event == "start" and element.tag == f"{_TABLE}table-row":
            column = 0
        elif event == "end" and element.tag == f"{_TABLE}table-row":
            row += int(element.get(f"{_TABLE}number-rows-repeated", "1"))
            element.clear()
        elif event == "end" and element.tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
            repeated = int(element.get(f"{_TABLE}number-columns-repeated", "1"))
            if title in header_rows and row + 1 > header_rows[title] \
                    and element.get(f"{_OFFICE}value-type") in _NUMERIC_TYPES:
                columns = shown.setdefault(title, {})
                for place in range(column, column + min(repeated, 1_000)):
                    columns.setdefault(place, set()).add(element.get(f"{_OFFICE}currency"))
            column += repeated


def _agreed(columns: dict[int, set[str | None]]) -> dict[int, str]:
    """The columns whose sampled cells all show one currency, and that currency."""
    return {column: next(iter(currencies)) for column, currencies in columns.items()
            if len(currencies) == 1 and None not in currencies}


def _style_formats(styles: bytes) -> list[str | None]:
    """Per cell style index (cellXfs), the currency its number format shows."""
    root = ElementTree.fromstring(styles)
    codes = {element.get("numFmtId"): element.get("formatCode", "")
             for element in root.iter(f"{MAIN_NAMESPACE}numFmt")}
    cell_styles = root.find(f"{MAIN_NAMESPACE}cellXfs")
    return [format_currency(codes.get(xf.get("numFmtId"), "")) for xf in
            (cell_styles.iter(f"{MAIN_NAMESPACE}xf") if cell_styles is not None else ())]


def _one_currency_per_column(head: bytes, formats: list[str | None], header_row: int) -> dict[int, str]:
    shown: dict[int, set[str | None]] = {}
    for before, letters, row, after in _CELL_RE.findall(head):
        attributes = before + after
        kind = _TYPE_RE.search(attributes)
        if int(row) <= header_row or (kind and kind[1] != b"n"):
            continue  # text, booleans, errors: no amount
        style = _STYLE_RE.search(attributes)
        index = int(style[1]) if style else 0
        shown.setdefault(column_index(letters.decode()), set()).add(formats[index] if index < len(formats) else None)
    return _agreed(shown)
