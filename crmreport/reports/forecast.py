"""forecast: what the pipeline should bring, and what history says.

1. Weighted pipeline by expected close period (--period): Σ amount × probability of open deals.
2. Forecast categories: the export's category column (Salesforce ForecastCategoryName) when present, else bands of
   probability — pipeline < 40 %, best case 40–69 %, commit ≥ 70 % — and closed (won in the period).
3. A trend forecast of won revenue for the next FORECAST_PERIODS periods: Holt-Winters exponential smoothing
   (statsmodels) with a seasonal term once there are two full years, an additive trend otherwise; with fewer than
   MIN_HISTORY periods, the mean of the last three. Its accuracy is shown beside it: a backtest of the last
   BACKTEST periods, each forecast one step ahead from the history before it (MAPE and bias).
"""

from __future__ import annotations

import warnings as python_warnings

import numpy as np
import pandas as pd

from ..metrics import by_status, period_labels
from ..report import ChartSpec, Report, ReportOptions
from .trends import PERIODS_PER_YEAR, by_period

NAME = "forecast"
TITLE = "Forecast"
ORDER = 80
NEEDS = {"deals": ("status", "amount")}
STARTS_FIRST = True  # importing statsmodels takes a second: a dashboard starts this report before the others
FORECAST_PERIODS = 3
BACKTEST = 3
MIN_HISTORY = 6
CATEGORY_WORDS = {"pipeline": "pipeline", "best case": "best case", "bestcase": "best case", "commit": "commit",
                  "closed": "closed", "omitted": "omitted"}


def categories(deals: pd.DataFrame) -> pd.Series:
    """Forecast category of each deal: the export's, else from its probability."""
    banded = pd.Series(np.select([deals["status"] == "won", deals["status"] == "lost",
                                  deals["probability"] >= 0.7, deals["probability"] >= 0.4],
                                 ["closed", "omitted", "commit", "best case"], default="pipeline"),
                       index=deals.index, dtype="str")
    if "forecast_category" in deals:
        given = deals["forecast_category"].str.lower().str.strip().map(CATEGORY_WORDS)
        return given.fillna(banded)
    return banded


def predict(history: pd.Series, steps: int, season: int) -> tuple[np.ndarray, str]:
    """Forecast ``steps`` periods after ``history``; returns the values and the model used."""
    values = history.astype("float64").to_numpy()
    if len(values) < MIN_HISTORY:
        return np.repeat(values[-3:].mean(), steps), "mean of the last 3 periods"
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    seasonal = season > 1 and len(values) >= 2 * season
    model = ExponentialSmoothing(values, trend="add", seasonal="add" if seasonal else None,
                                 seasonal_periods=season if seasonal else None, initialization_method="estimated")
    with python_warnings.catch_warnings():
        python_warnings.simplefilter("ignore")
        fitted = model.fit()
    name = "Holt-Winters (additive trend and season)" if seasonal else "Holt (additive trend)"
    return np.maximum(fitted.forecast(steps), 0.0), name


def backtest(history: pd.Series, season: int) -> tuple[pd.DataFrame, float | None, float | None]:
    """One-step-ahead forecasts of the last BACKTEST periods from the periods before each: MAPE and bias."""
    rows = []
    for end in range(len(history) - BACKTEST, len(history)):
        if end < 3:
            continue
        forecast, _ = predict(history.iloc[:end], 1, season)
        rows.append({"period": history.index[end], "actual": float(history.iloc[end]), "forecast": float(forecast[0])})
    table = pd.DataFrame(rows, columns=["period", "actual", "forecast"])
    table["error"] = table["forecast"] - table["actual"]
    scored = table[table["actual"] != 0]
    mape = float((scored["error"].abs() / scored["actual"]).mean()) if len(scored) else None
    bias = float(table["error"].sum() / table["actual"].sum()) if len(table) and table["actual"].sum() else None
    return table, mape, bias


def compute(tables: dict[str, pd.DataFrame], options: ReportOptions) -> Report:
    """Weighted pipeline by period and category, and the won-revenue trend forecast with its backtest."""
    deals = tables["deals"]
    if "probability" not in deals:
        deals = deals.assign(probability=np.nan)
    open_deals = by_status(deals, "open")
    weighted = open_deals["amount"] * open_deals["probability"]
    kpis = {"weighted_amount": float(weighted.sum()), "open_amount": float(open_deals["amount"].sum())}
    result, warnings = {}, []
    if "close_date" in open_deals:
        frame = pd.DataFrame({"period": period_labels(open_deals["close_date"], options.period).fillna("(no date)"),
                              "open_count": 1, "open_amount": open_deals["amount"], "weighted_amount": weighted})
        result["by_expected_close"] = frame.groupby("period").sum(min_count=0).reset_index()
    category = categories(deals)
    frame = pd.DataFrame({"category": category, "deals": 1, "amount": deals["amount"],
                          "weighted_amount": deals["amount"] * deals["probability"]})
    by_category = frame[category != "omitted"].groupby("category").sum(min_count=0)
    order = [c for c in ("closed", "commit", "best case", "pipeline") if c in by_category.index]
    result["by_category"] = by_category.loc[order].reset_index()
    for name in order:
        kpis[f"{name.replace(' ', '_')}_amount"] = float(by_category.loc[name, "amount"])
    if "close_date" in deals:
        history = by_period(deals, options.period).set_index("period")["won_amount"]
        season = PERIODS_PER_YEAR[options.period]
        if len(history) < 4:
            warnings.append(f"only {len(history)} {options.period}(s) of won revenue: too little history for a "
                            "trend forecast")
        else:
            values, model = predict(history, FORECAST_PERIODS, season)
            code = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}[options.period]
            future = [str(p) for p in pd.Period(history.index[-1], freq=code) + np.arange(1, FORECAST_PERIODS + 1)] \
                if options.period != "week" else [f"+{i}" for i in range(1, FORECAST_PERIODS + 1)]
            result["won_forecast"] = pd.DataFrame({"period": future, "won_amount_forecast": values})
            tested, mape, bias = backtest(history, season)
            result["backtest"] = tested
            kpis.update({"forecast_model": model, "forecast_next_period": float(values[0]),
                         "backtest_mape": mape, "backtest_bias": bias, "history_periods": int(len(history))})
            if len(history) < MIN_HISTORY:
                warnings.append(f"{len(history)} periods of history: the forecast is the mean of the last 3, "
                                "not a fitted model")
    charts = [ChartSpec("bar", "by_category", "category", "amount")]
    if "by_expected_close" in result:
        charts.insert(0, ChartSpec("bar", "by_expected_close", "period", "weighted_amount"))
    return Report(NAME, TITLE, kpis, result, warnings, charts)
