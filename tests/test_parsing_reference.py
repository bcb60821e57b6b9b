"""The vectorised parsers agree with a plain per-value reference parser on 100,000 values of each format.

The values are generated from known numbers and dates, so each format is also checked against the truth.
Not timed: speed is measured by bench/run.py.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from crmreport.parsing import parse_amounts, parse_bool, parse_dates, parse_money, parse_percent

N = 100_000
RNG = np.random.default_rng(11)
CENTS = RNG.integers(-10_000_000, 100_000_000, N)
SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "USD": "USD", "EUR": "EUR", "RMB": "CNY", "₹": "INR",
           "Rs.": "INR", "CHF": "CHF", "元": "CNY", "円": "JPY", "NT$": "TWD", "zł": "PLN", "Ft": "HUF", "RM": "MYR",
           "руб.": "RUB", "원": "KRW", "kr": "kr"}  # kr: Swedish, Norwegian, Danish crowns alike, left as written


def _grouped(whole: int, separator: str) -> str:
    return f"{whole:,}".replace(",", separator)


def _lakhs(whole: int) -> str:
    """India's grouping: the last three digits, then pairs (12,34,567)."""
    digits = str(whole)
    head, groups = digits[:-3], [digits[-3:]]
    while head:
        groups.insert(0, head[-2:])
        head = head[:-2]
    return ",".join(groups)


# name -> (format one amount in cents, decimal separator of the column)
MONEY_FORMATS = {
    "symbol, comma thousands": (lambda c: f"{'-' if c < 0 else ''}${_grouped(abs(c) // 100, ',')}.{abs(c) % 100:02d}", "."),
    "code prefix, plain": (lambda c: f"USD {c / 100:.2f}", "."),
    "european suffix": (lambda c: f"{'-' if c < 0 else ''}{_grouped(abs(c) // 100, '.')},{abs(c) % 100:02d} €", ","),
    "accounting parentheses": (lambda c: f"({_grouped(abs(c) // 100, ',')}.{abs(c) % 100:02d})" if c < 0
                               else f"{_grouped(c // 100, ',')}.{c % 100:02d}", "."),
    "swiss apostrophe": (lambda c: f"{'-' if c < 0 else ''}CHF {_grouped(abs(c) // 100, chr(39))}.{abs(c) % 100:02d}", "."),
    "swiss typographic apostrophe": (lambda c: f"{'-' if c < 0 else ''}{_grouped(abs(c) // 100, chr(0x2019))}."
                                               f"{abs(c) % 100:02d} CHF", "."),
    "yuan suffix": (lambda c: f"{c / 100:.2f}元", "."),
    "rupee symbol, lakhs": (lambda c: f"{'-' if c < 0 else ''}₹{_lakhs(abs(c) // 100)}.{abs(c) % 100:02d}", "."),
    "rupees Rs., lakhs": (lambda c: f"Rs. {'-' if c < 0 else ''}{_lakhs(abs(c) // 100)}.{abs(c) % 100:02d}", "."),
    "minus sign, french spaces": (lambda c: f"{chr(0x2212) if c < 0 else ''}{_grouped(abs(c) // 100, chr(0x202f))},"
                                            f"{abs(c) % 100:02d}\u00a0€", ","),
    "plus sign": (lambda c: f"{'-' if c < 0 else '+'}{_grouped(abs(c) // 100, ',')}.{abs(c) % 100:02d}", "."),
    "minus after the number (ERP)": (lambda c: f"{_grouped(abs(c) // 100, '.')},{abs(c) % 100:02d}"
                                               f"{'-' if c < 0 else ''} EUR", ","),
    "yen sign 円 after": (lambda c: f"{'-' if c < 0 else ''}{_grouped(abs(c) // 100, ',')}.{abs(c) % 100:02d}円", "."),
    "won sign 원 after": (lambda c: f"{'-' if c < 0 else ''}{_grouped(abs(c) // 100, ',')}.{abs(c) % 100:02d}원", "."),
    "NT$ before": (lambda c: f"{'-' if c < 0 else ''}NT${_grouped(abs(c) // 100, ',')}.{abs(c) % 100:02d}", "."),
    "zł before, spaces": (lambda c: f"zł {'-' if c < 0 else ''}{_grouped(abs(c) // 100, ' ')},{abs(c) % 100:02d}", ","),
    "forint after": (lambda c: f"{'-' if c < 0 else ''}{_grouped(abs(c) // 100, chr(0xa0))},{abs(c) % 100:02d} Ft",
                     ","),
    "ringgit RM before": (lambda c: f"{'-' if c < 0 else ''}RM{_grouped(abs(c) // 100, ',')}.{abs(c) % 100:02d}", "."),
    "roubles руб. after": (lambda c: f"{'-' if c < 0 else ''}{_grouped(abs(c) // 100, ' ')},{abs(c) % 100:02d} руб.",
                           ","),
    "crowns kr after": (lambda c: f"{'-' if c < 0 else ''}{_grouped(abs(c) // 100, '.')},{abs(c) % 100:02d} kr", ","),
}


def reference_money(text: str, decimal: str) -> tuple[float, str | None]:
    """One value, the slow obvious way: peel sign, brackets, symbol or code, then the digits."""
    text = text.replace("\u2212", "-").strip()
    negative = text.startswith("-") or text.endswith("-") or (text.startswith("(") and text.endswith(")"))
    text = text.strip("()-+").strip()
    currency = None
    for symbol in sorted(SYMBOLS, key=len, reverse=True):
        if text.startswith(symbol) or text.endswith(symbol):
            currency = SYMBOLS[symbol]
            text = (text[len(symbol):] if text.startswith(symbol) else text[: -len(symbol)]).strip()
            break
    if text.startswith("-") or text.endswith("-"):
        negative, text = True, text.strip("-").strip()
    thousands = "." if decimal == "," else ","
    digits = text.replace(thousands, "").replace(decimal, ".")
    digits = "".join(character for character in digits if not character.isspace() and character not in "'’")
    value = float(digits)
    return (-value if negative else value), currency


@pytest.mark.parametrize("name", MONEY_FORMATS)
def test_money_matches_reference_parser(name):
    write, decimal = MONEY_FORMATS[name]
    texts = [write(int(c)) for c in CENTS]
    amount, currency, failed = parse_money(pd.Series(texts, dtype="str"))
    expected = [reference_money(t, decimal) for t in texts]
    assert not failed.any()
    np.testing.assert_allclose(amount.to_numpy(), [v for v, _ in expected], rtol=0, atol=1e-9)
    np.testing.assert_allclose(amount.to_numpy(), CENTS / 100, rtol=0, atol=1e-9)  # and the truth
    assert currency.fillna("-").tolist() == [c or "-" for _, c in expected]


def test_whole_amounts_grouped_by_dots_match_reference_parser():
    """Whole euros as German Excel writes them with a thousands separator (1.200, -25.000, 800): no decimals."""
    whole = np.sign(CENTS) * (np.abs(CENTS) // 100)
    texts = [f"{'-' if w < 0 else ''}{_grouped(abs(int(w)), '.')} €" for w in whole]
    amount, currency, failed, dots_group = parse_amounts(pd.Series(texts, dtype="str"))
    assert dots_group and not failed.any()
    np.testing.assert_array_equal(amount.to_numpy(), [reference_money(t, ",")[0] for t in texts])
    np.testing.assert_array_equal(amount.to_numpy(), whole)  # and the truth
    assert set(currency) == {"EUR"}


MOMENTS = pd.Timestamp("1995-01-01") + pd.to_timedelta(RNG.integers(0, 40 * 365 * 24 * 60, N), unit="min")
DATE_FORMATS = {  # strftime format of the export -> whether the time of day is kept
    "%Y-%m-%d": False, "%m/%d/%Y": False, "%d.%m.%Y": False, "%Y年%m月%d日": False, "%d %b %Y": False,
    "%b %d, %Y": False, "%Y%m%d": False, "%Y-%m-%dT%H:%M:%SZ": True, "%m/%d/%y %I:%M %p": True,
    "%d/%m/%Y %H:%M": True, "%A, %B %d, %Y": False, "%B %d, %Y %I:%M %p": True, "%d %b %Y %H:%M": True,
    "%d-%b-%y": False, "%a %d-%b-%Y %I:%M%p": True,
    # zones dropped, the wall-clock time kept: JavaScript's Date, a zone's abbreviation, an offset after GMT
    "%a %b %d %Y %H:%M:%S GMT+0800 (China Standard Time)": True, "%m/%d/%Y %I:%M %p PST": True,
    "%Y-%m-%d %H:%M:%S GMT-05:00": True,
    # Korean and Hungarian (2024. 03. 05.), Korean with its words, Czech and Slovak (05. 03. 2024)
    "%Y. %m. %d.": False, "%Y년 %m월 %d일": False, "%d. %m. %Y": False, "%Y. %m. %d. %H:%M:%S": True,
}


@pytest.mark.parametrize("fmt", DATE_FORMATS)
def test_dates_match_reference_parser(fmt):
    texts = MOMENTS.strftime(fmt).tolist()
    dates, failed = parse_dates(pd.Series(texts, dtype="str"))  # day/month order inferred from the values
    reference = [dt.datetime.strptime(t, fmt) for t in texts]
    truth = MOMENTS if DATE_FORMATS[fmt] else MOMENTS.normalize()
    assert not failed.any()
    assert (dates.to_numpy() == np.array(reference, dtype="datetime64[us]")).all()
    assert (dates.to_numpy() == truth.to_numpy().astype("datetime64[us]")).all()


def test_chinese_twelve_hour_times_match_reference():
    """上午/下午 (morning/afternoon) before a 12-hour time, as Chinese Excel writes it: 2024/3/5 下午2:30."""
    latin = MOMENTS.strftime("%Y/%m/%d %p%I:%M").tolist()
    texts = [text.replace("AM", "上午").replace("PM", "下午 " if i % 2 else "下午") for i, text in enumerate(latin)]
    dates, failed = parse_dates(pd.Series(texts, dtype="str"))
    reference = [dt.datetime.strptime(text, "%Y/%m/%d %p%I:%M") for text in latin]
    assert not failed.any()
    assert (dates.to_numpy() == np.array(reference, dtype="datetime64[us]")).all()
    assert (dates.to_numpy() == MOMENTS.to_numpy().astype("datetime64[us]")).all()


# a weekday after the date, as Chinese, Japanese and Korean long dates write it (Monday first)
CJK_WEEKDAYS = {"zh": "星期一 星期二 星期三 星期四 星期五 星期六 星期日".split(), "zh-short": "周一 周二 周三 周四 周五 周六 周日".split(),
                "ja": "(月) (火) (水) (木) (金) (土) (日)".split(), "ja-long": "月曜日 火曜日 水曜日 木曜日 金曜日 土曜日 日曜日".split(),
                "ko": "(월) (화) (수) (목) (금) (토) (일)".split(), "ko-long": "월요일 화요일 수요일 목요일 금요일 토요일 일요일".split()}
CJK_MERIDIEM = {"zh": ("上午", "下午"), "ja": ("午前", "午後"), "ko": ("오전", "오후")}


def reference_cjk_date(text: str) -> dt.datetime:
    """One value the slow obvious way: its numbers in order (year, month, day, then hour, minute, second), the hour
    moved by the afternoon word."""
    import re

    numbers = [int(number) for number in re.findall(r"\d+", text)]
    year, month, day, *clock = numbers
    hour, minute, second = (clock + [0, 0, 0])[:3]
    if any(afternoon in text for _morning, afternoon in CJK_MERIDIEM.values()):
        hour = hour % 12 + 12
    elif any(morning in text for morning, _afternoon in CJK_MERIDIEM.values()):
        hour = hour % 12
    return dt.datetime(year, month, day, hour, minute, second)


def test_cjk_long_dates_with_weekdays_and_clocks_match_reference():
    """2024年3月5日 星期二, 2024/3/5 周二, 2024/03/05 (火) 午後2:30, 2024년 3월 5일 화요일, 2024. 3. 5. 오후 2:30:00."""
    def written(moment: pd.Timestamp, style: int) -> str:
        y, m, d, weekday = moment.year, moment.month, moment.day, moment.weekday()
        hour12 = f"{(moment.hour + 11) % 12 + 1}:{moment.minute:02d}"
        morning, afternoon = CJK_MERIDIEM[("zh", "ja", "ko")[style % 3]]
        meridiem = afternoon if moment.hour >= 12 else morning
        return [f"{y}年{m}月{d}日 {CJK_WEEKDAYS['zh'][weekday]}", f"{y}/{m}/{d} {CJK_WEEKDAYS['zh-short'][weekday]}",
                f"{y}/{m:02d}/{d:02d} {CJK_WEEKDAYS['ja'][weekday]} {meridiem}{hour12}",
                f"{y}年{m}月{d}日{CJK_WEEKDAYS['ja-long'][weekday]}", f"{y}년 {m}월 {d}일 {CJK_WEEKDAYS['ko-long'][weekday]}",
                f"{y}. {m}. {d}. {CJK_WEEKDAYS['ko'][weekday]} {meridiem} {hour12}:00"][style]

    styles = RNG.integers(0, 6, N)
    texts = [written(moment, style) for moment, style in zip(MOMENTS, styles)]
    dates, failed = parse_dates(pd.Series(texts, dtype="str"))
    assert not failed.any()
    assert (dates.to_numpy() == np.array([reference_cjk_date(t) for t in texts], dtype="datetime64[us]")).all()
    timed = np.isin(styles, [2, 5])
    truth = np.where(timed, MOMENTS.to_numpy(), MOMENTS.normalize().to_numpy())
    assert (dates.to_numpy() == truth.astype("datetime64[us]")).all()  # and the truth


@pytest.mark.parametrize("fmt", ["%Y-%m", "%m/%Y", "%b %Y", "%B %Y", "%Y年%m月"])
def test_a_month_alone_is_its_first_day(fmt):
    """A month and its year without a day (a hand-kept sheet's expected close: 2024-03, Mar 2024) is the month's first
    day, as strptime and Excel read it."""
    texts = MOMENTS.strftime(fmt).tolist()
    dates, failed = parse_dates(pd.Series(texts, dtype="str"))
    assert not failed.any()
    assert (dates.to_numpy() == np.array([dt.datetime.strptime(t, fmt) for t in texts], dtype="datetime64[us]")).all()
    first_days = MOMENTS.normalize() - pd.to_timedelta(MOMENTS.day - 1, unit="D")
    assert (dates.to_numpy() == first_days.to_numpy().astype("datetime64[us]")).all()  # and the truth


def test_excel_serial_dates_match_reference():
    days = RNG.integers(20_000, 60_000, N)
    dates, failed = parse_dates(pd.Series(days.astype(str), dtype="str"))
    reference = [dt.datetime(1899, 12, 30) + dt.timedelta(days=int(d)) for d in days]
    assert not failed.any()
    assert (dates.to_numpy() == np.array(reference, dtype="datetime64[us]")).all()


def test_unix_times_match_reference():
    """Seconds, seconds with a fraction and milliseconds since 1970 (API dumps), read in UTC."""
    micros = RNG.integers(1_000_000_000 * 10**6, 2_000_000_000 * 10**6, N)
    texts = [str(m // 10**6) if i % 3 == 0 else f"{m // 10**6}.{m % 10**6:06d}" if i % 3 == 1 else str(m // 1000)
             for i, m in enumerate(micros)]
    dates, failed = parse_dates(pd.Series(texts, dtype="str"))
    utc = dt.timezone.utc
    reference = [dt.datetime.fromtimestamp(int(t[:10]), utc).replace(tzinfo=None)
                 + dt.timedelta(microseconds=int(t[11:]) if "." in t else int(t[10:] or 0) * 1000) for t in texts]
    assert not failed.any()
    assert (dates.to_numpy() == np.array(reference, dtype="datetime64[us]")).all()
    kept = np.where(np.arange(N) % 3 == 0, micros // 10**6 * 10**6, np.where(np.arange(N) % 3 == 1, micros,
                                                                              micros // 1000 * 1000))
    assert (dates.to_numpy().astype("int64") == kept).all()  # and the truth, in microseconds since 1970


def reference_percent(text: str, scale: float) -> float:
    text = text.strip()
    if text.endswith("%"):
        return float(text[:-1].replace(",", ".")) / 100
    return float(text.replace(",", ".")) / scale


@pytest.mark.parametrize("write, scale", [(lambda v: f"{v:.1f}%", None), (lambda v: f"{v:.2f}", 100.0),
                                          (lambda v: f"{v / 100:.4f}", 1.0), (lambda v: f"{v:.1f} %".replace(".", ","), None)])
def test_percent_matches_reference_parser(write, scale):
    values = RNG.uniform(0, 100, N)
    texts = [write(v) for v in values]
    parsed, failed = parse_percent(pd.Series(texts, dtype="str"), scale)
    reference = [reference_percent(t, scale or 100.0) for t in texts]
    assert not failed.any()
    np.testing.assert_allclose(parsed.to_numpy(), reference, rtol=1e-12)


def test_bool_matches_reference_parser():
    words = np.array(["TRUE", "false", "Yes", "no", "1", "0", "是", "否", " y ", "N", "maybe", ""])
    texts = words[RNG.integers(0, len(words), N)]
    parsed, failed = parse_bool(pd.Series(texts, dtype="str"))
    truthy, falsy = {"true", "yes", "1", "是", "y"}, {"false", "no", "0", "否", "n"}
    reference = [True if t.strip().lower() in truthy else False if t.strip().lower() in falsy else None for t in texts]
    assert [None if pd.isna(v) else bool(v) for v in parsed] == reference
    assert failed.sum() == sum(1 for t in texts if t == "maybe")


@pytest.mark.parametrize("period", ["week", "month", "quarter", "year"])
def test_period_labels_match_a_loop(period):
    from crmreport.metrics import period_codes, period_labels

    moments = pd.Series(MOMENTS).where(RNG.random(N) > 0.05)  # some missing dates

    def label(moment) -> str | None:
        if pd.isna(moment):
            return None
        year, week, _ = moment.isocalendar()
        return {"week": f"{year}-W{week:02d}", "month": f"{moment.year}-{moment.month:02d}",
                "quarter": f"{moment.year}Q{(moment.month - 1) // 3 + 1}", "year": str(moment.year)}[period]

    labels = period_labels(moments, period)
    expected = [label(m) for m in moments]
    assert [None if pd.isna(v) else v for v in labels] == expected
    codes, names = period_codes(moments.astype("datetime64[us]"), period, missing="(no date)")
    assert len(set(names)) == len(names)  # one code per label
    assert names.take(codes).tolist() == ["(no date)" if e is None else e for e in expected]


def test_cycle_days_match_a_loop():
    """Calendar days from created to close date (times of day ignored, before 1970 too), NaN where either date is
    missing, against Python's date arithmetic one deal at a time."""
    from crmreport.metrics import cycle_days

    rng = np.random.default_rng(5)
    created = (pd.Series(MOMENTS) - pd.Timedelta(days=30 * 365)).where(rng.random(N) > 0.05).astype("datetime64[us]")
    close = (created + pd.to_timedelta(rng.integers(-30, 400, N), unit="h") * 7).where(rng.random(N) > 0.05)
    deals = pd.DataFrame({"created_date": created.to_numpy(), "close_date": close.to_numpy()}, index=np.arange(N) + 100)
    expected = [float((b.date() - a.date()).days) if pd.notna(a) and pd.notna(b) else None
                for a, b in zip(created, close)]
    days = cycle_days(deals)
    assert days.index.equals(deals.index)
    assert [None if np.isnan(d) else d for d in days] == expected
    assert any(e is not None and e < 0 for e in expected) and min(created.dropna()).year < 1970


def test_clean_text_strips_every_whitespace_python_knows():
    """clean_text skips columns with nothing to strip; that test must know every character strip() removes."""
    import sys

    from crmreport.parsing import clean_text

    spaces = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    values = [f"{space}value{space}" for space in spaces]
    assert clean_text(pd.Series(values, dtype="str")).tolist() == ["value"] * len(spaces)
    untouched = pd.Series(["a", "b c", "d", "张三", "é", "x\u200by"], dtype="str")
    assert clean_text(untouched).tolist() == ["a", "b c", "d", "张三", "é", "x\u200by"]
    for space in spaces:  # one value with a space at one end, among others without, CJK or accented around it
        for value in (f"{space}b", f"b{space}", f"张{space}", f"é{space}", f"{space}三"):
            column = pd.Series(["a", "张三", value, None], dtype="str")
            assert clean_text(column).tolist()[2] == value.strip(), (hex(ord(space)), value)
    assert clean_text(pd.Series(["a", "", None], dtype="str")).isna().tolist() == [False, True, True]


# the formats of month names read before named months became two patterns (a strptime format each), kept reading
NAMED_MONTH_FORMATS_BEFORE = (
    "%d %b, %Y %H:%M:%S", "%d %b, %Y %H:%M", "%d %b, %Y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d-%b-%y",
    "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%b %d, %Y %I:%M %p", "%b %d, %Y %H:%M:%S", "%d %b %Y %H:%M:%S",
    "%a, %d %b %Y %H:%M:%S",
)


@pytest.mark.parametrize("fmt", NAMED_MONTH_FORMATS_BEFORE)
def test_named_month_formats_read_before_still_read(fmt):
    moments = MOMENTS[:5_000]
    texts = moments.strftime(fmt).tolist()
    dates, failed = parse_dates(pd.Series(texts, dtype="str"))
    reference = [dt.datetime.strptime(t, fmt) for t in texts]
    assert not failed.any()
    assert (dates.to_numpy() == np.array(reference, dtype="datetime64[us]")).all()


# dates with the month named in one of FOREIGN_MONTH_LOCALES, as Babel (CLDR) writes them
FOREIGN_DATE_FORMATS = (("fr", "d MMMM y"), ("fr", "EEEE d MMMM y HH:mm"), ("fr", "d MMM y"), ("de", "d. MMMM y"),
                        ("de", "EEEE, d. MMMM y"), ("de", "d. MMM y HH:mm"), ("es", "d 'de' MMMM 'de' y"),
                        ("es", "EEEE, d 'de' MMMM 'de' y"), ("es", "d MMM y"), ("pt", "d 'de' MMMM 'de' y"),
                        ("it", "EEEE d MMMM y"), ("it", "d MMM y"), ("nl", "d MMMM y"), ("nl", "dd-MMM-y"),
                        ("nl", "d MMM yy"),
                        # CLDR's long and full dates of more languages: the year's abbreviation after it (г., р.), the
                        # weekday after the date (Turkish) or with "den" (Danish)
                        ("sv", "EEEE d MMMM y"), ("da", "EEEE 'den' d. MMMM y"), ("nb", "d. MMM y"),
                        ("fi", "d. MMMM y"),
                        ("pl", "EEEE, d MMMM y"), ("pl", "d MMM y"), ("cs", "EEEE d. MMMM y"), ("ro", "d MMMM y HH:mm"),
                        ("tr", "d MMMM y EEEE"), ("id", "EEEE, dd MMMM y"), ("ru", "d MMMM y 'г'."),
                        ("ru", "EEEE, d MMM y 'г'."), ("uk", "d MMMM y 'р'."))


def reference_foreign_date(text: str, locale: str) -> dt.datetime:
    """One value written in ``locale``, the slow obvious way: its month word looked up among that locale's month
    names, the first number the day, the next the year (two digits: as strptime's %y, 69–99 the 1900s), hours and
    minutes after a colon."""
    import re

    from babel.dates import get_month_names

    months = {name.lower().rstrip("."): number for width in ("wide", "abbreviated")
              for number, name in get_month_names(width, "format", locale).items()}
    words = re.findall(r"[^\W\d_]+\.?", text.lower())
    month = next(months[word.rstrip(".")] for word in words if word.rstrip(".") in months)
    numbers = re.findall(r"\d+", text.split(":")[0].rsplit(" ", 1)[0] if ":" in text else text)
    day, year = int(numbers[0]), int(numbers[1])
    time = re.search(r"(\d{2}):(\d{2})$", text)
    year = year if year >= 100 else year + (1900 if year >= 69 else 2000)
    return dt.datetime(year, month, day,
                       *(map(int, time.groups()) if time else (0, 0)))


def test_foreign_month_names_match_reference_parser():
    from babel.dates import format_datetime

    chosen = RNG.integers(0, len(FOREIGN_DATE_FORMATS), N)
    moments = MOMENTS.to_pydatetime()
    texts = [format_datetime(moment, FOREIGN_DATE_FORMATS[which][1], locale=FOREIGN_DATE_FORMATS[which][0])
             for moment, which in zip(moments, chosen)]
    dates, failed = parse_dates(pd.Series(texts, dtype="str"))
    reference = [reference_foreign_date(text, FOREIGN_DATE_FORMATS[which][0]) for text, which in zip(texts, chosen)]
    assert not failed.any()
    assert (dates.to_numpy() == np.array(reference, dtype="datetime64[us]")).all()
    timed = np.array([":" in FOREIGN_DATE_FORMATS[which][1] or "HH" in FOREIGN_DATE_FORMATS[which][1]
                      for which in chosen])
    truth = np.where(timed, MOMENTS.floor("min").to_numpy(), MOMENTS.normalize().to_numpy())
    assert (dates.to_numpy() == truth.astype("datetime64[us]")).all()  # and the truth
