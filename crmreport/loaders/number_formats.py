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
    if written in _SHARED_SYMBOLS and lcid is not None and (territory := _territory(lcid)):
        return territory
    return parsing.currency_of(written)


@functools.cache
def _territory(lcid: int) -> str | None:
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
    return {column: currencies.pop() for column, currencies in shown.items()
            if len(currencies) == 1 and None not in currencies}
