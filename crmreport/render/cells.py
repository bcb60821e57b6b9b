"""Cell safety shared by the spreadsheet-bound outputs (xlsx, csv)."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV-injection advice)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
