"""The reports that exist, read from their modules' source without importing them.

Building the command line must not import pandas (``crmreport --help`` and ``crmreport list`` stay fast), so
the NAME, TITLE, NEEDS, ORDER, LABELS_ZH and GROUPS_BY constants of each module in ``reports/`` are read with
``ast``; the module itself is imported only when its report runs. The constants stand at the top of a module, so only
the part before its first function or class is parsed (a fifth of the source, 20 ms less on every command).
"""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass
from pathlib import Path

REPORTS_DIR = Path(__file__).parent / "reports"
CONSTANTS = ("NAME", "TITLE", "NEEDS", "ORDER", "LABELS_ZH", "GROUPS_BY")
FIRST_DEFINITION = re.compile(r"^(?:def|class|async def|@)\b", re.MULTILINE)


@dataclass(frozen=True)
class Entry:
    """A report as the command line knows it."""

    name: str
    title: str
    needs: dict
    order: int
    module: str  # the module's name in crmreport/reports
    labels_zh: dict  # Chinese for the report's title and the keys only it gives (i18n.label reads them)
    groups_by: bool = False  # its tables group by --by's column


def _prologue(source: str, filename: str) -> ast.Module:
    """The module's statements before its first top-level def, class or decorator (all of it if that part does
    not parse on its own, e.g. when the cut falls inside a string)."""
    cut = FIRST_DEFINITION.search(source)
    if cut:
        try:
            return ast.parse(source[:cut.start()])
        except SyntaxError:
            pass
    return ast.parse(source, filename=filename)


def _constants(path: Path) -> dict:
    tree = _prologue(path.read_text(encoding="utf-8"), str(path))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in CONSTANTS:
                found[node.targets[0].id] = ast.literal_eval(node.value)
    return found


@functools.cache  # read once per process: the command line and every report run ask
def entries() -> tuple[Entry, ...]:
    """Every report module's constants, in ORDER then name (the order of the registry)."""
    found = []
    for path in sorted(REPORTS_DIR.glob("*.py")):
        if path.name.startswith("_"):
            continue
        constants = _constants(path)
        if "NAME" in constants:
            found.append(Entry(constants["NAME"], constants.get("TITLE", constants["NAME"]), constants.get("NEEDS", {}),
                               constants.get("ORDER", 100), path.stem, constants.get("LABELS_ZH", {}),
                               constants.get("GROUPS_BY", False)))
    return tuple(sorted(found, key=lambda entry: (entry.order, entry.name)))


def grouping_reports() -> list[str]:
    """The reports whose tables group by --by's column (GROUPS_BY), in catalog order."""
    return [entry.name for entry in entries() if entry.groups_by]
