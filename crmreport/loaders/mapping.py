"""The ``--map FILE.toml`` mapping file: columns and stages that no built-in profile knows.

    [columns]                 # canonical column = "header in the file"
    amount = "Net Value"
    owner = "Rep"

    [stages]                  # stage = { status = "open|won|lost", probability = 0..100 }, in pipeline order
    "Verbal OK" = { status = "open", probability = 90 }

    [options]
    probability_scale = 100   # 100: probabilities are written 0–100; 1: as fractions
    dayfirst = true           # dates like 05/03/2024 are 5 March
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .profiles import Stage
from .canonical import CANONICAL_COLUMNS

STATUSES = ("open", "won", "lost")


@dataclass
class Mapping:
    """What a mapping file says; the empty Mapping changes nothing."""

    columns: dict[str, str] = field(default_factory=dict)  # canonical -> header
    stages: dict[str, Stage] = field(default_factory=dict)
    probability_scale: float | None = None
    dayfirst: bool | None = None
    path: str | None = None


def load_mapping(path: Path | None) -> Mapping:
    """Read and check a mapping file; every mistake is an InputError naming the key."""
    if path is None:
        return Mapping()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such mapping file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the mapping file ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from exc
    unknown_sections = set(data) - {"columns", "stages", "options"}
    if unknown_sections:
        raise InputError(f"{path}: unknown section(s) {', '.join(sorted(unknown_sections))}; "
                         "expected [columns], [stages], [options]")
    columns = data.get("columns", {})
    for canonical, header in columns.items():
        if canonical not in CANONICAL_COLUMNS:
            raise InputError(f"{path}: [columns] {canonical!r} is not a canonical column; "
                             f"known: {', '.join(CANONICAL_COLUMNS)}")
        if not isinstance(header, str) or not header.strip():
            raise InputError(f"{path}: [columns] {canonical} must name a header as a string")
    stages = {}
    for name, spec in data.get("stages", {}).items():
        if not isinstance(spec, dict) or spec.get("status") not in STATUSES:
            raise InputError(f"{path}: [stages] {name!r} needs status = \"open\", \"won\" or \"lost\"")
        probability = spec.get("probability", {"open": 50, "won": 100, "lost": 0}[spec["status"]])
        if not isinstance(probability, (int, float)) or not 0 <= probability <= 100:
            raise InputError(f"{path}: [stages] {name!r}: probability must be a number from 0 to 100")
        stages[name] = Stage(spec["status"], probability / 100.0)
    options = data.get("options", {})
    unknown_options = set(options) - {"probability_scale", "dayfirst"}
    if unknown_options:
        raise InputError(f"{path}: [options] unknown key(s) {', '.join(sorted(unknown_options))}")
    scale = options.get("probability_scale")
    if scale not in (None, 1, 100):
        raise InputError(f"{path}: [options] probability_scale must be 1 or 100")
    dayfirst = options.get("dayfirst")
    if dayfirst is not None and not isinstance(dayfirst, bool):
        raise InputError(f"{path}: [options] dayfirst must be true or false")
    return Mapping(dict(columns), stages, float(scale) if scale else None, dayfirst, str(path))
