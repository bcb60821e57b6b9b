"""Generate realistic CRM exports for benchmarks: deals or contacts, string-heavy, with a few percent dirty values.

    python bench/generate.py deals 1000000 bench/data/deals_1m.csv
    python bench/generate.py contacts 1000000 bench/data/contacts_1m.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

FIRST = np.array(["Ann", "Bob", "Cara", "Dan", "Eve", "Finn", "Gus", "Hana", "Ivan", "Jon", "Kim", "Lea", "Max", "Nia",
                  "Omar", "Pia", "Quin", "Rosa", "Sam", "Tia", "李", "王", "张", "刘"])
LAST = np.array(["Lee", "Stone", "Diaz", "Smith", "Wu", "Khan", "Becker", "Moss", "Ray", "Oak", "Park", "Lopez",
                 "Fischer", "Novak", "Silva", "Chen"])
SOURCES = np.array(["Web", "Referral", "Trade Show", "Cold Call", "Partner", "web", "Web "])
STAGES = np.array(["Prospecting", "Qualification", "Needs Analysis", "Proposal/Price Quote", "Negotiation/Review",
                   "Closed Won", "Closed Lost"])


def _dates(rng, n, formats=("%Y-%m-%d", "%m/%d/%Y")):
    days = pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 1200, n), unit="D")
    iso = days.strftime(formats[0]).to_numpy(dtype=object)
    other = days.strftime(formats[1]).to_numpy(dtype=object)
    return np.where(rng.random(n) < 0.8, iso, other), days


def contacts(n: int, rng) -> pd.DataFrame:
    first, last = FIRST[rng.integers(0, len(FIRST), n)], LAST[rng.integers(0, len(LAST), n)]
    ids = np.arange(n)
    companies = np.char.add("Company ", (rng.integers(0, n // 8 + 1, n)).astype(str))
    emails = np.char.add(np.char.add(np.char.lower(first.astype(str)), ids.astype(str)), "@example.com")
    dirty = rng.random(n)
    emails = np.where(dirty < 0.01, np.char.replace(emails, "@", " at "), emails)
    emails = np.where((dirty >= 0.01) & (dirty < 0.03), np.char.upper(emails), emails)
    phones = np.char.add("+1 415 ", np.char.zfill((rng.integers(0, 10_000_000, n)).astype(str), 7))
    phones = np.where(rng.random(n) < 0.02, "12", phones)
    created, _ = _dates(rng, n)
    frame = pd.DataFrame({"Contact ID": ids, "First Name": first, "Last Name": last, "Email": emails, "Phone": phones,
                          "Company": companies, "Lead Source": SOURCES[rng.integers(0, len(SOURCES), n)],
                          "Created Date": created})
    repeated = rng.choice(n, size=n // 100, replace=False)  # 1% of rows repeat another row exactly
    frame.iloc[repeated[: len(repeated) // 2]] = frame.iloc[repeated[len(repeated) // 2:]].to_numpy()
    return frame


def deals(n: int, rng) -> pd.DataFrame:
    amounts = rng.integers(100, 200_000, n)
    money = np.where(rng.random(n) < 0.9, np.char.add("USD ", np.char.mod("%d.00", amounts)),
                     np.char.mod("$%d", amounts))
    created, created_days = _dates(rng, n)
    close_days = created_days + pd.to_timedelta(rng.integers(1, 200, n), unit="D")
    return pd.DataFrame({
        "Opportunity ID": np.char.add("006", np.arange(n).astype(str)),
        "Opportunity Name": np.char.add("Deal ", np.arange(n).astype(str)),
        "Opportunity Owner": np.char.add("Rep ", rng.integers(0, 300, n).astype(str)),
        "Account Name": np.char.add("Account ", rng.integers(0, n // 20 + 1, n).astype(str)),
        "Stage": STAGES[rng.integers(0, len(STAGES), n)],
        "Amount": money,
        "Probability (%)": rng.integers(0, 101, n),
        "Close Date": close_days.strftime("%m/%d/%Y"),
        "Created Date": created,
        "Lead Source": SOURCES[rng.integers(0, len(SOURCES), n)],
    })


def main() -> None:
    kind, rows, target = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    target.parent.mkdir(parents=True, exist_ok=True)
    frame = {"contacts": contacts, "deals": deals}[kind](rows, np.random.default_rng(7))
    frame.to_csv(target, index=False)
    print(f"{target}: {len(frame)} rows, {target.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
