"""Generate realistic CRM exports for benchmarks: deals, leads, contacts or activities, string-heavy, with a few
percent dirty values (money with symbols and thousands separators, unreadable amounts, mixed date formats).

    python bench/generate.py deals 1000000 bench/data/deals_1m.csv        # also 100000 and 5000000
    python bench/generate.py leads 1000000 bench/data/leads_1m.csv
    python bench/generate.py contacts 1000000 bench/data/contacts_1m.csv
    python bench/generate.py activities 1000000 bench/data/activities_1m.csv
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
    style = rng.random(n)
    grouped = pd.Series(amounts).map("${:,}.00".format).to_numpy(dtype=object)  # $12,345.00
    money = np.where(style < 0.85, np.char.add("USD ", np.char.mod("%d.00", amounts)),
                     np.where(style < 0.95, np.char.mod("$%d", amounts), grouped))
    money = np.where(rng.random(n) < 0.01, "n/a", money)  # 1% unreadable
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


def leads(n: int, rng) -> pd.DataFrame:
    frame = contacts(n, rng).rename(columns={"Contact ID": "Lead ID"})
    converted = rng.random(n) < 0.2
    frame["Lead Status"] = np.where(converted, "Converted", np.array(["Open", "Working", "Unqualified"])[
        rng.integers(0, 3, n)])
    frame["Converted"] = np.where(converted, "TRUE", "FALSE")
    frame["Converted Deal ID"] = np.where(converted, np.char.add("006", np.arange(n).astype(str)), "")
    return frame


def activities(n: int, rng) -> pd.DataFrame:
    kinds = np.array(["Call", "Email", "Meeting", "Task", "Chat"])
    created, _ = _dates(rng, n)
    return pd.DataFrame({
        "Activity ID": np.char.add("act_", np.arange(n).astype(str)),
        "Activity Type": kinds[rng.integers(0, len(kinds), n)],
        "Owner": np.char.add("Rep ", rng.integers(0, 300, n).astype(str)),
        "Date": created,
        "Status": np.array(["Completed", "Not Started", "Completed", "Deferred"])[rng.integers(0, 4, n)],
        "Deal ID": np.char.add("006", rng.integers(0, n, n).astype(str)),
        "Duration": rng.integers(5, 90, n),
        "Subject": np.char.add("Follow-up ", rng.integers(0, n, n).astype(str)),
        "Outcome": np.array(["Connected", "No answer", "Replied", "No reply", "Meeting booked", ""])[
            rng.integers(0, 6, n)],
    })


def main() -> None:
    makers = {"contacts": contacts, "deals": deals, "leads": leads, "activities": activities}
    if len(sys.argv) != 4 or sys.argv[1] not in makers or not sys.argv[2].isdigit():
        sys.exit(f"usage: python bench/generate.py {{{','.join(makers)}}} ROWS OUT.csv")
    kind, rows, target = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    target.parent.mkdir(parents=True, exist_ok=True)
    frame = makers[kind](rows, np.random.default_rng(7))
    frame.to_csv(target, index=False)
    print(f"{target}: {len(frame)} rows, {target.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
