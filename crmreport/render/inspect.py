"""Text rendering of ``crmreport inspect``."""

from __future__ import annotations

from ..loaders import LAYOUT_SHEET, SUMMARY_OF_DEALS


def render_text(described: list[dict]) -> str:
    """One block per table read: how it was read, what it was recognised as, the column mapping, problems; one line
    per file of a folder that could not be read as a table."""
    lines: list[str] = []
    for item in described:
        if "skipped" in item:  # a file of a folder that could not be read as a table
            lines += [item["path"], f"  skipped:  {item['skipped']}", ""]
            continue
        reading = [f"{item['rows']} rows", f"header on row {item['header_row']}"]
        if item["encoding"]:
            reading.append(f"encoding {item['encoding']}")
        if item["delimiter"]:
            reading.append(f"delimiter {item['delimiter']!r}")
        lines.append(item["path"])
        lines.append(f"  read:     {', '.join(reading)}")
        lines.append(f"  profile:  {item['profile_label']} ({item['profile']})")
        unread = "a summary of deals, not read" if SUMMARY_OF_DEALS in item["notes"] else \
            "a layout of the other files (a data dictionary), not read" if LAYOUT_SHEET in item["notes"] else \
            "not recognised (needs a stage or status column for deals)"
        lines.append(f"  table:    {item['table'] or unread}")
        lines.append("  columns:")
        for canonical, header in item["columns"].items():
            lines.append(f"    {header!r:<32} -> {canonical}")
        lines.append(f"  unmapped: {', '.join(repr(h) for h in item['unmapped']) or '(none)'}")
        for note in item["notes"]:
            lines.append(f"  note:     {note}")
        if item["problems"]:
            lines.append("  problems:")
            lines.extend(f"    {problem}" for problem in item["problems"])
        else:
            lines.append("  problems: none")
        lines.append("")
    return "\n".join(lines)
