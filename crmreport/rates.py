"""Exchange rates from a file (``--rates rates.csv``, SPEC): what turns several currencies into one.

The file has a header with a ``currency`` and a ``rate`` column (any order, any case; other columns are ignored).
A rate is how many units of that currency make one unit of the report currency, as Zoho's "Exchange Rate" column
has it: amount in the report currency = amount / rate. The report currency is the one whose rate is 1."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import InputError


# a decimal point, thousands grouped by commas or not at all: "0,92" (a decimal comma?) is refused, not guessed at
RATE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.?\d+(?:[eE][-+]?\d+)?")


@dataclass(frozen=True)
class Rates:
    """Units of each currency per unit of ``home``, the report currency (its own rate is 1)."""

    home: str
    per_home: dict[str, float]
    source: str

    def missing(self, currencies: list[str]) -> list[str]:
        """Those of ``currencies`` the file gives no rate for."""
        return [currency for currency in currencies if currency not in self.per_home]


def read_rates(path: Path) -> Rates:
    """The rates of a CSV file, checked: one rate per currency, each a positive number, exactly one of them 1."""
    try:
        table = pd.read_csv(path, sep=None, engine="python", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"--rates {path}: no such file") from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise InputError(f"--rates {path}: not a readable CSV file ({str(exc).strip().splitlines()[0]})") from None
    columns = {str(name).strip().lower(): name for name in table.columns}
    if not {"currency", "rate"} <= set(columns):
        raise InputError(f"--rates {path}: needs a header with a currency and a rate column (found: "
                         f"{', '.join(map(str, table.columns))})")
    from .parsing import currency_codes  # as amounts and currency columns write them: eur, €, kr, US Dollar

    written = table[columns["currency"]]
    codes = currency_codes(written.astype("str")).fillna("")
    per_home: dict[str, float] = {}
    for currency, code, text in zip(written, codes, table[columns["rate"]]):  # a few dozen rows
        rate = _rate(text)
        if not code or rate is None:
            raise InputError(f"--rates {path}: {currency!r} has the rate {text!r}; a rate is a positive number with "
                             "a decimal point (7.24, 1,350.5)")
        if per_home.get(code, rate) != rate:
            raise InputError(f"--rates {path}: {code} has two different rates")
        per_home[code] = rate
    homes = [code for code, rate in per_home.items() if rate == 1]
    if len(homes) != 1:
        raise InputError(f"--rates {path}: exactly one currency must have the rate 1 — the report currency "
                         f"(found: {', '.join(homes) or 'none'})")
    return Rates(homes[0], per_home, str(path))


def read_optional_rates(path: Path | None) -> Rates | None:
    """read_rates for an optional file (--rates, a run's ``rates`` key): None without one."""
    return read_rates(path) if path is not None else None


def _rate(text: str) -> float | None:
    """A positive finite rate written plainly, else None."""
    text = text.strip()
    if not RATE.fullmatch(text):
        return None
    value = float(text.replace(",", ""))
    return value if math.isfinite(value) and value > 0 else None
