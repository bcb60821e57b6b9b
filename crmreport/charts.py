"""Charts drawn with matplotlib from a report's chart specs, as inline SVG.

Text stays text in the SVG (``svg.fonttype = none``), so the browser or PDF renderer draws it with its own
fonts and Chinese labels render wherever a CJK font exists (BROWSER_FONTS).
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from functools import cache, partial

import numpy as np
import pandas as pd

from .i18n import chart_title, format_value, label, value_kind, value_text
from .report import ChartSpec, Report
from .workers import run_jobs

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "Source Han Sans SC")
# The fonts each SVG text asks the browser for: the Latin font matplotlib measures with, then CJK fonts for Chinese
BROWSER_FONTS = ", ".join([*(f"'{family}'" for family in ("DejaVu Sans", *CJK_FAMILIES)), "sans-serif"])
MAX_CATEGORY_LABELS = 12  # along a time axis: more periods than this show every second, third, sixth… label
PALETTE = ["#2f6db5", "#e07b39", "#3a9d5d", "#c8423b", "#8a63b8", "#7f6a4f", "#d66fb0", "#6f7f8f", "#b5a431", "#35a7b5"]


def _matplotlib():
    """matplotlib's Figure and its SVG canvas, with this project's settings. Figures are made without pyplot, whose
    figure manager is not needed for files (and skipping it saves a tenth of each chart's time)."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    matplotlib.rcParams.update({"svg.fonttype": "none", "font.family": _measuring_fonts(), "font.size": 9,
                                "axes.spines.top": False, "axes.spines.right": False, "svg.hashsalt": "crmreport"})
    return Figure, FigureCanvasSVG


@cache
def _measuring_fonts() -> list[str]:
    """The fonts matplotlib lays text out with: DejaVu Sans (matplotlib's own) for Latin text, falling back glyph by
    glyph to the first installed CJK font for Chinese. Only installed ones: every family listed costs a font lookup
    per text, and measuring text is most of a chart's time (a longer list made charts some 15% slower)."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *[family for family in CJK_FAMILIES if family in installed][:1]]


PARALLEL_FROM = 6  # charts: fewer are drawn in this process (starting workers costs more than it saves)


def report_charts(reports: list[Report], lang: str = "en", workers: int | None = None) -> list[list[str]]:
    """The SVG charts of each report (empty ones left out). A dozen or more (a dashboard) are drawn by forked worker
    processes: matplotlib draws one chart at a time."""
    jobs = [partial(chart_svg, report, spec, lang) for report in reports for spec in report.charts]
    if len(jobs) >= PARALLEL_FROM:
        _matplotlib()  # imported once, before forking, rather than in every worker
    drawn = run_jobs(jobs, workers, minimum=PARALLEL_FROM)
    charts: list[list[str]] = [[] for _ in reports]
    owners = [index for index, report in enumerate(reports) for _spec in report.charts]
    for owner, svg in zip(owners, drawn):
        if svg:
            charts[owner].append(svg)
    return charts


def chart_svg(report: Report, spec: ChartSpec, lang: str = "en") -> str | None:
    """One chart as an ``<svg>`` element (no XML prolog), or None when its table has nothing to draw."""
    frame = report.tables.get(spec.table)
    if frame is None or spec.x not in frame or spec.y not in frame:
        return None
    if spec.only is not None:
        frame = frame[frame[spec.only[0]] == spec.only[1]]
    data = frame[frame[spec.y].notna()]
    if data.empty or not (data[spec.y] != 0).any():
        return None
    Figure, FigureCanvasSVG = _matplotlib()
    figure = Figure(figsize=(7.5, 3.6))
    canvas = FigureCanvasSVG(figure)
    axes = figure.subplots()
    draw = {"bar": _bars, "funnel": _funnel, "line": _line, "stacked_bar": _stacked}[spec.kind]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # missing glyph warnings: the SVG keeps the text for the browser
        draw(axes, data, spec, report.currency, lang)
        axes.set_title(chart_title(spec.title, spec.table, lang, spec.only), loc="left", fontsize=10)
        figure.tight_layout()
        buffer = io.StringIO()
        # printed by the canvas itself: Figure.savefig would lay the figure out a second time, for nothing
        canvas.print_svg(buffer, metadata={"Date": None})
    svg = buffer.getvalue()
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg[svg.index("<svg"):], flags=re.S)
    svg = re.sub(r"font-family: [^;\"]*", f"font-family: {BROWSER_FONTS}", svg)
    return re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 width="100%"', svg, count=1)


def _categories(data: pd.DataFrame, spec: ChartSpec, lang: str) -> list[str]:
    return [value_text(spec.x, value, lang) if isinstance(value, str) else str(value)
            for value in data[spec.x].head(spec.limit)]


def _bars(axes, data: pd.DataFrame, spec: ChartSpec, currency: str | None, lang: str) -> None:
    shown = data.head(spec.limit)
    names = _categories(shown, spec, lang)[::-1]
    values = shown[spec.y].astype(float).tolist()[::-1]
    bars = axes.barh(names, values, color=PALETTE[0])
    axes.bar_label(bars, labels=[format_value(spec.y, v, currency, lang) for v in values], padding=3, fontsize=8)
    axes.set_xlabel(label(spec.y, lang))
    axes.margins(x=0.18)
    _value_ticks(axes.xaxis, spec, values)


def _funnel(axes, data: pd.DataFrame, spec: ChartSpec, currency: str | None, lang: str) -> None:
    shown = data.head(spec.limit)
    names = _categories(shown, spec, lang)[::-1]
    values = shown[spec.y].astype(float).tolist()[::-1]
    widest = max(values)
    bars = axes.barh(names, values, left=[(widest - v) / 2 for v in values], color=PALETTE[0])
    axes.bar_label(bars, labels=[format_value(spec.y, v, currency, lang) for v in values], label_type="center",
                   color="white", fontsize=8)
    axes.set_xticks([])
    axes.spines["bottom"].set_visible(False)


def _line(axes, data: pd.DataFrame, spec: ChartSpec, currency: str | None, lang: str) -> None:
    values = data[spec.y].astype(float)
    axes.plot(data[spec.x].astype(str), values, marker="o", color=PALETTE[0])
    axes.set_ylabel(label(spec.y, lang))
    axes.tick_params(axis="x", rotation=45)
    _value_ticks(axes.yaxis, spec, values)
    _thin_categories(axes.xaxis, len(values))


def _stacked(axes, data: pd.DataFrame, spec: ChartSpec, currency: str | None, lang: str) -> None:
    wide = data.pivot_table(index=spec.x, columns=spec.stack, values=spec.y, aggfunc="sum", sort=False).fillna(0.0)
    wide = wide.sort_index().head(spec.limit)
    bottom = pd.Series(0.0, index=wide.index)
    for position, column in enumerate(wide.columns):
        axes.bar(wide.index.astype(str), wide[column], bottom=bottom, label=str(column),
                 color=PALETTE[position % len(PALETTE)])
        bottom += wide[column]
    axes.set_ylabel(label(spec.y, lang))
    axes.tick_params(axis="x", rotation=45)
    _value_ticks(axes.yaxis, spec, bottom)
    _thin_categories(axes.xaxis, len(wide))
    axes.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))


def _value_ticks(axis, spec: ChartSpec, values) -> None:
    """Value tick labels read at a glance: rates as percentages, numbers from a thousand up with thousands separators
    (matplotlib would otherwise write 3.5 under a "1e8" at the axis' end)."""
    from matplotlib.ticker import PercentFormatter, StrMethodFormatter

    if value_kind(spec.y) == "ratio":
        axis.set_major_formatter(PercentFormatter(1.0))
    elif np.abs(np.asarray(values, dtype="float64")).max(initial=0.0) >= 1000:
        axis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))


def _thin_categories(axis, count: int) -> None:
    """A label on every category of an axis of ``count`` periods, or on every second, third… from the first, so that
    at most MAX_CATEGORY_LABELS show and they do not overlap."""
    from matplotlib.ticker import FixedLocator

    axis.set_major_locator(FixedLocator(range(0, count, -(-count // MAX_CATEGORY_LABELS))))
