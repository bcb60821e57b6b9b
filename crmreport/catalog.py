"""The reports that exist, read from their modules' source without importing them.

Building the command line must not import pandas (``crmreport --help`` and ``crmreport list`` stay fast), so
the NAME, TITLE, NEEDS and ORDER constants of each module in ``reports/`` are read with ``ast``; the module itself
is imported only when its report runs.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

REPORTS_DIR = Path(__file__).parent / "reports"
CONSTANTS = ("NAME", "TITLE", "NEEDS", "ORDER")


@dataclass(frozen=True)
class Entry:
    """A report as the command line knows it."""

    name: str
    title: str
    needs: dict
    order: int


def _constants(path: Path) -> dict:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in CONSTANTS:
                found[node.targets[0].id] = ast.literal_eval(node.value)
    return found


def entries() -> list[Entry]:
    """Every report module's constants, in ORDER then name (the order of the registry)."""
    found = []
    for path in sorted(REPORTS_DIR.glob("*.py")):
        if path.name.startswith("_"):
            continue
        constants = _constants(path)
        if "NAME" in constants:
            found.append(Entry(constants["NAME"], constants.get("TITLE", constants["NAME"]), constants.get("NEEDS", {}),
                               constants.get("ORDER", 100)))
    return sorted(found, key=lambda entry: (entry.order, entry.name))
