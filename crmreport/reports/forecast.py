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

from ..i18n import agree
from ..metrics import fiscal_prefix, label_period, numbers, period_codes, period_freq, sums_by
from ..parsing import DistinctValues
from ..report import ChartSpec, Report, ReportOptions
from .trends import PERIODS_PER_YEAR, by_period

NAME = "forecast"
TITLE = "Forecast"
LABELS_ZH = {"Forecast": "销售预测", "backtest": "回测", "backtest_bias": "回测偏差",
             "backtest_mape": "回测 MAPE", "best_case_amount": "乐观金额", "by_expected_close": "按预计成交期间",
             "closed_amount": "已成交金额", "commit_amount": "承诺金额", "error": "误差", "forecast": "预测值",
             "forecast_model": "预测模型", "forecast_next_period": "下期预测", "history_periods": "历史期间数",
             "pipeline_amount": "管道金额", "won_amount_forecast": "赢单金额预测", "won_forecast": "赢单预测"}
ORDER = 80
NEEDS = {"deals": ("status", "amount")}
STARTS_FIRST = True  # importing statsmodels takes a second: a dashboard starts this report before the others
FORECAST_PERIODS = 3
BACKTEST = 3
MIN_HISTORY = 6
CATEGORY_WORDS = {"pipeline": "pipeline", "best case": "best case", "bestcase": "best case", "commit": "commit",
                  "closed": "closed", "omitted": "omitted",
                  # Dynamics 365's and HubSpot's words for the same categories
                  "committed": "commit", "won": "closed", "closed won": "closed", "lost": "omitted",
                  "closed lost": "omitted", "omit": "omitted", "not forecasted": "omitted"}


CATEGORIES = ("closed", "commit", "best case", "pipeline", "omitted")  # in the order of the by_category table


def category_codes(deals: pd.DataFrame) -> np.ndarray:
    """Forecast category of each deal as a position in CATEGORIES: the export's, else from its status and probability.
    Integers, so that a million deals are grouped without a text column."""
    status, probability = deals["status"], numbers(deals, "probability")
    banded = np.select([status.eq("won").to_numpy(dtype=bool), status.eq("lost").to_numpy(dtype=bool),
                        probability >= 0.7, probability >= 0.4], [0, 4, 1, 2], default=3)
    if "forecast_category" in deals:
        code_of_word = {word: CATEGORIES.index(category) for word, category in CATEGORY_WORDS.items()}
        given = DistinctValues(deals["forecast_category"]).map(
            lambda names: names.str.lower().str.strip().map(code_of_word).astype("float64"))
        return np.where(given.isna(), banded, given.fillna(0)).astype(np.int64)
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
    open_rows = np.flatnonzero(deals["status"].eq("open").to_numpy(dtype=bool))
    amount, probability = numbers(deals, "amount"), numbers(deals, "probability")
    weighted = amount * probability
    kpis = {"weighted_amount": float(pd.Series(weighted[open_rows]).sum()),
            "open_amount": float(pd.Series(amount[open_rows]).sum())}
    result, warnings = {}, []
    if "close_date" in deals:
        periods = period_codes(deals["close_date"].iloc[open_rows], options.period, missing="(no date)",
                               fiscal_year_start=options.fiscal_year_start)
        result["by_expected_close"] = sums_by(*periods, "period",
                                              {"open_count": 1, "open_amount": amount[open_rows],
                                               "weighted_amount": weighted[open_rows]}) \
            .sort_values("period").reset_index(drop=True)
    codes = category_codes(deals)
    by_category = sums_by(codes, pd.Index(CATEGORIES), "category",
                          {"deals": 1, "amount": amount, "weighted_amount": weighted})
    by_category = by_category[by_category["category"] != "omitted"].reset_index(drop=True)
    result["by_category"] = by_category
    for name, total in zip(by_category["category"], by_category["amount"]):
        kpis[f"{name.replace(' ', '_')}_amount"] = float(total)
    if "close_date" in deals:
        history = by_period(deals, options.period, options.fiscal_year_start).set_index("period")["won_amount"]
        season = PERIODS_PER_YEAR[options.period]
        if len(history) < 4:
            warnings.append(f"only {len(history)} {options.period}(s) of won revenue: too little history for a "
                            "trend forecast")
        else:
            values, model = predict(history, FORECAST_PERIODS, season)
            freq, prefix = period_freq(options.period, options.fiscal_year_start), \
                fiscal_prefix(options.period, options.fiscal_year_start)
            future = [prefix + str(p) for p in label_period(history.index[-1], freq)
                      + np.arange(1, FORECAST_PERIODS + 1)] \
                if options.period != "week" else [f"+{i}" for i in range(1, FORECAST_PERIODS + 1)]
            result["won_forecast"] = pd.DataFrame({"period": future, "won_amount_forecast": values})
            tested, mape, bias = backtest(history, season)
            result["backtest"] = tested
            kpis.update({"forecast_model": model, "forecast_next_period": float(values[0]),
                         "backtest_mape": mape, "backtest_bias": bias, "history_periods": int(len(history))})
            if len(history) < MIN_HISTORY:
                warnings.append(agree(len(history), "period", "periods")
                                + " of history: the forecast is the mean of the last 3, "
                                "not a fitted model")
    charts = [ChartSpec("bar", "by_category", "category", "amount")]
    if "by_expected_close" in result:
        charts.insert(0, ChartSpec("bar", "by_expected_close", "period", "weighted_amount"))
    return Report(NAME, TITLE, kpis, result, warnings, charts)
