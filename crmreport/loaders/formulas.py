"""Formulas whose results a workbook does not hold. A program that writes formulas into a workbook (openpyxl,
XlsxWriter, many web apps' "Excel" exports) leaves their results to be computed when the workbook is first opened:
it marks the workbook "calculate fully on load" and stores no result (openpyxl) or 0 (XlsxWriter). Read as
stored, a column of amounts computed by formulas was empty or 0, every won deal worth nothing, with no word.

Such cells are found in the workbook's XML: only when its calculation properties ask for a full calculation on
load (a workbook that Excel or LibreOffice saved keeps its results and does not), and then only formula cells
with no result or 0 are counted."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

_CALC_ON_LOAD = re.compile(rb'<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad="(?:1|true)"')
# a cell whose content is a formula and no result, an empty one or 0: <c r="F2"><f>D2*E2</f><v></v></c>
_UNCOMPUTED = re.compile(
    rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>\s*<(?:\w+:)?f\b(?:[^>]*/>|[^>]*>[^<]*</(?:\w+:)?f>)\s*'
    rb'(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*0?\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>')
UNCOMPUTED_FORMULA = "with a formula whose result the workbook does not keep (written by a program, never saved by a " \
    "spreadsheet)"
UNCOMPUTED_CONSEQUENCE = "read as empty or 0: open the workbook in Excel or LibreOffice, save it and read it again"
MAIN_NAMESPACE = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def column_index(letters: str) -> int:
    """0-based index of a column's letters (A: 0, Z: 25, AA: 26). openpyxl's column_index_from_string does this too,
    but importing it imports all of openpyxl (a workbook is read by python-calamine)."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def uncomputed_formulas(path: Path) -> dict[str, dict[int, list[int]]]:
    """Per sheet title, per column (0-based), the sheet rows (1-based) of the cells that hold a formula whose result
    the workbook does not keep; empty for a workbook whose results are kept, or that is no zip of XML at all."""
    try:
        with zipfile.ZipFile(path) as package:
            if not _CALC_ON_LOAD.search(package.read("xl/workbook.xml")):
                return {}
            found = {}
            for title, member in sheet_members(package).items():
                cells: dict[int, list[int]] = {}
                for letters, row in _UNCOMPUTED.findall(package.read(member)):
                    cells.setdefault(column_index(letters.decode()), []).append(int(row))
                if cells:
                    found[title] = cells
            return found
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return {}


def sheet_members(package: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet's title and the zip member that holds it (through the workbook's relationships)."""
    workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
    relationships = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {item.get("Id"): item.get("Target", "") for item in relationships.iter(f"{_PACKAGE}Relationship")}
    members = {}
    for sheet in workbook.iter(f"{MAIN_NAMESPACE}sheet"):
        target = targets.get(sheet.get(_RELATIONSHIP), "")
        member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        if member in package.namelist():
            members[sheet.get("name")] = member
    return members
