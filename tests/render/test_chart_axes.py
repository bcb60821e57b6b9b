"""Chart axes a reader takes in at a glance: period labels that do not overlap, values written out in full."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET

import pandas as pd

from crmreport.charts import chart_svg
from crmreport.loaders import LoadOptions, load_dataset
from crmreport.report import ChartSpec, Report, ReportOptions
from crmreport.reports import run_report
from helpers import EXAMPLES

SVG = "{http://www.w3.org/2000/svg}"


def tick_labels(svg: str, axis: str) -> list[str]:
    """The text of each labelled tick of an axis ("x" or "y"), left to right or bottom to top."""
    root = ET.fromstring(svg)
    groups = [group for group in root.iter(f"{SVG}g") if re.fullmatch(f"{axis}tick_\\d+", group.get("id", ""))]
    texts = ["".join(text.itertext()).strip() for group in groups for text in group.iter(f"{SVG}text")]
    return [text for text in texts if text]


def months(count: int) -> list[str]:
    return [f"{2021 + index // 12}-{index % 12 + 1:02d}" for index in range(count)]


def line_report(periods: list[str], values: list[float], column: str) -> tuple[Report, ChartSpec]:
    table = pd.DataFrame({"period": periods, column: values})
    spec = ChartSpec("line", "by_period", "period", column, limit=60)
    return Report("trends", "Trends", {}, {"by_period": table}, charts=[spec]), spec


def test_long_time_axis_labels_every_fourth_of_46_months():
    periods = months(46)
    report, spec = line_report(periods, [float(3_000_000 * (index + 1)) for index in range(46)], "won_amount")
    labels = tick_labels(chart_svg(report, spec), "x")
    # 46 periods, at most 12 labels: a step of ceil(46 / 12) = 4 from the first period
    assert labels == ["2021-01", "2021-05", "2021-09", "2022-01", "2022-05", "2022-09", "2023-01", "2023-05",
                      "2023-09", "2024-01", "2024-05", "2024-09"]


def test_short_time_axis_labels_every_period():
    periods = months(9)
    report, spec = line_report(periods, [float(index) for index in range(1, 10)], "won_amount")
    assert tick_labels(chart_svg(report, spec), "x") == periods


def test_large_amounts_are_written_out_with_separators_not_as_an_offset():
    report, spec = line_report(months(6), [25e6, 75e6, 137e6, 180e6, 240e6, 350e6], "won_amount")
    svg = chart_svg(report, spec)
    values = tick_labels(svg, "y")
    assert values and all(re.fullmatch(r"\d{1,3}(,\d{3})*", value) for value in values), values
    assert int(values[-1].replace(",", "")) >= 300_000_000  # the top tick reads as the amount it stands for
    assert not any(re.search(r"1e\d|×10", text) for text in re.findall(r">([^<]+)</text>", svg))


def test_rates_are_percentages():
    table = pd.DataFrame({"lead_source": ["Web", "Referral", "Event"], "conversion_rate": [0.12, 0.45, 0.3]})
    spec = ChartSpec("bar", "by_lead_source", "lead_source", "conversion_rate")
    report = Report("conversion", "Conversion", {}, {"by_lead_source": table}, charts=[spec])
    values = tick_labels(chart_svg(report, spec), "x")
    assert values and all(value.endswith("%") for value in values), values
    assert "40%" in values  # 0.4 on the axis


def test_small_counts_keep_plain_ticks():
    table = pd.DataFrame({"channel": ["email", "call"], "interactions": [3, 7]})
    spec = ChartSpec("bar", "by_channel", "channel", "interactions")
    report = Report("interactions", "Interactions", {}, {"by_channel": table}, charts=[spec])
    values = tick_labels(chart_svg(report, spec), "x")
    assert "0" in values and all("," not in value and not value.endswith("%") for value in values), values


def test_campaigns_keyed_by_id_are_drawn_under_their_names():
    """examples/campaigns.csv keys its campaigns by id (CMP-1 …) and names them: the cost chart's bars are labelled
    with the names read from the file, not the ids."""
    with (EXAMPLES / "campaigns.csv").open(newline="", encoding="utf-8") as stream:
        names = {row["Campaign Name"] for row in csv.DictReader(stream)}
    report = run_report("campaigns", load_dataset([EXAMPLES / "campaigns.csv"], LoadOptions()), ReportOptions())
    spec = report.charts[0]
    labels = tick_labels(chart_svg(report, spec), "y")  # bars lie along the y axis
    assert spec.x == "name" and labels and set(labels) <= names
