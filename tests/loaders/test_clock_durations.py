"""Durations written as a clock, H:MM:SS: a spreadsheet's [h]:mm cell as read (1:15:00), a help desk's or call log's
00:02:23. They could not be read as a number and were left out with a warning; they are read in the column's unit
now. H:MM alone stays unread (hours and minutes to a sheet, minutes and seconds to a call log)."""

from __future__ import annotations

import datetime as dt
import statistics

from crmreport.loaders import LoadOptions, load_dataset
from tests.helpers import cli, report_json, write_csv

TICKETS = [["T1", "Ann", "2024-03-01 09:00", "1:30:00", "4:00:00"],
           ["T2", "Bob", "2024-03-01 10:00", "0:45:00", "26:15:30"],
           ["T3", "Bob", "2024-03-02 11:00", "2:15:30", "8:00:00"], ["T4", "Ann", "2024-03-02 12:00", "0.5", "3"]]
HEADER = ["Ticket ID", "Agent", "Created Time", "First response time (in hrs)", "Resolution time (in hrs)"]


def _hours(text: str) -> float:
    if ":" not in text:
        return float(text)
    hours, minutes, seconds = (int(part) for part in text.split(":"))
    return hours + minutes / 60 + seconds / 3600


def test_first_response_and_resolution_written_as_clocks(tmp_path):
    path = write_csv(tmp_path / "tickets.csv", HEADER, TICKETS)
    doc = report_json("response", "--from", path)
    assert doc["kpis"]["tickets"] == 4
    assert doc["kpis"]["median_first_response_hours"] == statistics.median(_hours(row[3]) for row in TICKETS)
    assert not [warning for warning in doc["warnings"] if "could not be read" in warning]


def test_a_workbook_s_time_cells_as_minutes(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Activity ID", "Type", "Owner", "Date", "Status", "Duration"])
    durations = [dt.time(0, 30), dt.timedelta(hours=1, minutes=15), 1.5 / 24]  # a time, a duration, a day's fraction
    for number, duration in enumerate(durations, start=1):
        sheet.append([number, "Call", "Ann", dt.date(2024, 3, number), "Done", duration])
        sheet.cell(row=number + 1, column=6).number_format = "[h]:mm"
    path = tmp_path / "activities.xlsx"
    book.save(path)
    assert load_dataset([path], LoadOptions()).tables["activities"]["duration_min"].tolist() == [30, 75, 90]
    assert "problems: none" in cli("inspect", "--from", path).stdout


def test_hours_and_minutes_alone_stay_unread(tmp_path):
    path = write_csv(tmp_path / "tickets.csv", HEADER, [["T1", "Ann", "2024-03-01 09:00", "1:30", "4"]])
    warnings = report_json("response", "--from", path)["warnings"]
    assert f"{path}: first_response_hours (First response time (in hrs)): 1 value could not be read as a number, " \
           "e.g. '1:30' (rows 2); left out of figures that need it" in warnings
