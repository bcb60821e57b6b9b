"""Times with a zone after them other than Z, UTC or +08:00: JavaScript's Date as a script dumps a sheet ("Tue Mar 05
2024 10:00:00 GMT+0800 (China Standard Time)"), a zone's abbreviation ("10:00 AM PST"), an offset after GMT or UTC.
They were unreadable; now read as the other zoned times are, the zone dropped and the wall-clock time kept."""

from __future__ import annotations

import datetime as dt

from tests.helpers import report_json, write_csv

ROWS = [("A", "Won", "100", "Mon Jan 15 2024 09:00:00 GMT+0800 (China Standard Time)",
         "Tue Mar 05 2024 10:00:00 GMT+0800 (China Standard Time)", dt.date(2024, 1, 15), dt.date(2024, 3, 5)),
        ("B", "Won", "200", "01/02/2024 08:30 AM PST", "02/20/2024 04:45 PM PST", dt.date(2024, 1, 2),
         dt.date(2024, 2, 20)),
        ("C", "Won", "300", "2024-02-01 10:00:00 GMT-05:00", "2024-04-01 23:59:00 UTC-5", dt.date(2024, 2, 1),
         dt.date(2024, 4, 1))]


def test_zoned_times_are_read_at_their_wall_clock(tmp_path):
    path = write_csv(tmp_path / "deals.csv", ["Deal", "Stage", "Amount", "Created", "Closed"],
                     [list(row[:5]) for row in ROWS])
    doc = report_json("cycle", "--from", path)
    days = [(closed - created).days for *_rest, created, closed in ROWS]
    assert doc["kpis"]["median_cycle_days"] == sorted(days)[1]
    assert not any("date" in warning for warning in doc["warnings"])
    april = report_json("funnel", "--from", path, "--since", "2024-04-01", "--until", "2024-04-30")
    assert april["kpis"]["won_amount"] == 300  # 23:59 on 1 April stays on 1 April
