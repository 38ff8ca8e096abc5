"""Calendar features of a time index, as a transformer.

The features depend on the time stamps only, so they are known for any future
time: they are the typical inputs known in advance (``make_supervised(future=
...)``), and the same transformer gives their values over a forecast
(``transform(future_index(series.index, steps))``).
"""

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from ._compat import StrOptions, _fit_context
from ._output import WindowOutputMixin
from ._series_validation import time_index

__all__ = ["CalendarFeatures"]

# feature: (its values at the time stamps, its categories for one-hot, its
# period for the cyclic encoding, or None for a feature that is 0/1 already)
_ORDINAL = {
    "minute": (lambda t: t.minute, range(60), 60),
    "hour": (lambda t: t.hour, range(24), 24),
    "dayofweek": (lambda t: t.dayofweek, range(7), 7),
    "dayofmonth": (lambda t: t.day, range(1, 32), None),
    "dayofyear": (lambda t: t.dayofyear, range(1, 367), None),
    "month": (lambda t: t.month, range(1, 13), 12),
    "quarter": (lambda t: t.quarter, range(1, 5), 4),
}
_BINARY = {"weekend": lambda t: t.dayofweek >= 5}
# "auto": each feature, and the step below which the time stamps resolve it
_AUTO = {"hour": "1D", "dayofweek": "7D", "month": "365D"}


class CalendarFeatures(WindowOutputMixin, TransformerMixin, BaseEstimator):
    """Calendar features (hour, day of week, month, holidays) of a time index.

    ``X``'s time stamps are read, not its values: give a DataFrame or Series
    indexed by a ``DatetimeIndex`` or ``PeriodIndex``, a panel whose index's
    last level holds the times, or the index itself, such as the forecast
    times of :func:`future_index`. A period's features are those of its
    last day, as pandas gives them (a week from Monday 30 December 2024 to
    Sunday 5 January 2025 is in January, a quarter in its last month); a
    time stamp's, those of its zone's clock, in a panel whose series are in
    several time zones too.

    Parameters
    ----------
    features : "auto" or list of str, default="auto"
        The features, from ``"minute"``, ``"hour"``, ``"dayofweek"`` (Monday
        is 0), ``"dayofmonth"``, ``"dayofyear"``, ``"month"``, ``"quarter"``
        and ``"weekend"`` (1 on Saturdays and Sundays). ``"auto"`` keeps those
        of ``"hour"``, ``"dayofweek"`` and ``"month"`` that the time stamps seen
        in fit resolve (a step shorter than a day, a week, a year) and that
        vary over them: ``hour`` and ``dayofweek`` for hourly data over a
        week, ``dayofweek`` and ``month`` for daily data over a year,
        ``month`` for monthly data; where none does (yearly data) and there
        are no ``holidays``, ``fit`` raises rather than give no column.
    encoding : {"cyclic", "onehot", "ordinal"}, default="cyclic"
        How a feature is encoded. ``"cyclic"``: two columns, the sine and
        cosine of its phase in its cycle (so that 23:00 is next to midnight
        and December to January), with the time of day in hours and minutes
        for ``"hour"``; ``"onehot"``: one 0/1 column per value
        (``dayofweek_0`` … ``dayofweek_6``); ``"ordinal"``: the value itself.
        ``"weekend"`` and ``"holiday"`` are 0/1 columns in every encoding.
    holidays : array-like of dates, default=None
        Dates of holidays (strings, dates or timestamps; times of day are
        ignored, and so are time zones: a holiday is a date), or a table of
        one column of them (a DataFrame read from a file of dates; a table
        of several columns is refused: pass its column of dates). When given, a
        last column ``holiday`` is 1 at the time stamps that fall on one of
        those days on their own clocks (a time stamp with a time zone, on
        that zone's calendar; for a ``PeriodIndex``, in periods that contain
        one of them).

    Attributes
    ----------
    features_ : list of str
        The features produced, in order.
    n_features_in_ : int
        The columns of the table ``X`` seen in fit; not set where ``X`` was
        a Series or an index.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Their names, where they are all strings.

    See Also
    --------
    make_supervised : With ``future=``, make these columns inputs known over
        the steps each row forecasts.
    future_index : The time stamps of a forecast, for ``transform``.

    Notes
    -----
    scikit-learn's common estimator checks do not apply: they give arrays
    without time stamps. The transformer learns nothing from the data except,
    with ``features="auto"``, which features vary.

    Examples
    --------
    >>> import pandas as pd
    >>> from skltsm import CalendarFeatures
    >>> times = pd.date_range("2026-12-24", periods=3, freq="D")
    >>> calendar = CalendarFeatures(
    ...     ["dayofweek", "weekend"], encoding="ordinal", holidays=["2026-12-25"]
    ... ).set_output(transform="pandas")
    >>> calendar.fit_transform(times)
                dayofweek  weekend  holiday
    2026-12-24        3.0      0.0      0.0
    2026-12-25        4.0      0.0      1.0
    2026-12-26        5.0      1.0      0.0
    """

    _parameter_constraints = {
        "features": [StrOptions({"auto"}), list, tuple],
        "encoding": [StrOptions({"cyclic", "onehot", "ordinal"})],
        "holidays": ["array-like", None],
    }

    def __init__(self, features="auto", *, encoding="cyclic", holidays=None):
        self.features = features
        self.encoding = encoding
        self.holidays = holidays

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check the features and, with ``features="auto"``, choose them.

        Parameters
        ----------
        X : DataFrame, Series, DatetimeIndex or PeriodIndex
            Data indexed by time, or the time stamps themselves.
        y : None
            Ignored.

        Returns
        -------
        self : CalendarFeatures
            The fitted transformer.
        """
        times = _times(X)
        # the columns of a table, as every scikit-learn estimator counts
        # and names them (a Pipeline or ColumnTransformer reads them); a
        # Series or an index of times has none
        for seen in ("n_features_in_", "feature_names_in_"):
            self.__dict__.pop(seen, None)
        validate_data(self, X, skip_check_array=True)
        if isinstance(self.features, str):
            self.features_ = _varying(times)
            if not self.features_ and self.holidays is None:
                raise ValueError(
                    'features="auto" found no calendar feature that varies over '
                    f"these {len(times)} time stamps (hours, days of the week and "
                    "months change within a step of a year or more, or not at "
                    "all over them): name the `features`, or give `holidays`."
                )
        else:
            unknown = [f for f in self.features if f not in {*_ORDINAL, *_BINARY}]
            if unknown or len(set(self.features)) != len(self.features):
                raise ValueError(
                    f"`features` must name each of {[*_ORDINAL, *_BINARY]} at most "
                    f"once; got {list(self.features)}."
                )
            self.features_ = list(self.features)
        self._holidays = None
        if self.holidays is not None:
            self._holidays = _holiday_dates(self.holidays)
        return self

    def transform(self, X):
        """Compute the features at the time stamps of ``X``.

        Parameters
        ----------
        X : DataFrame, Series, DatetimeIndex or PeriodIndex
            Data indexed by time, or the time stamps themselves.

        Returns
        -------
        X_out : ndarray or DataFrame of shape (n_times, n_features_out)
            The features, float; a DataFrame indexed like ``X`` with
            ``set_output(transform="pandas")``.
        """
        check_is_fitted(self)
        times = _times(X)
        columns = [self._encode(name, times) for name in self.features_]
        if self._holidays is not None:
            columns.append(self._on_holiday(times)[:, np.newaxis])
        X_out = np.hstack(columns) if columns else np.empty((len(times), 0))
        index = X if isinstance(X, pd.Index) else getattr(X, "index", None)
        return self._wrap_output(X_out.astype(float), X, index=index)

    def _encode(self, name, times):
        if name in _BINARY:
            return np.asarray(_BINARY[name](times), dtype=float)[:, np.newaxis]
        values, categories, period = _ORDINAL[name]
        value = np.asarray(values(times), dtype=float)
        if self.encoding == "ordinal":
            return value[:, np.newaxis]
        if self.encoding == "onehot":
            return (value[:, np.newaxis] == np.asarray(categories)).astype(float)
        phase = 2 * np.pi * _cycle_fraction(name, times, value, period)
        return np.column_stack([np.sin(phase), np.cos(phase)])

    def _on_holiday(self, times):
        if isinstance(times, pd.PeriodIndex):
            starts = times.start_time.normalize().to_numpy()
            ends = times.end_time.to_numpy()
            days = self._holidays.to_numpy()
            inside = (days >= starts[:, np.newaxis]) & (days <= ends[:, np.newaxis])
            return inside.any(axis=1).astype(float)
        return _days(times).isin(self._holidays).astype(float)

    def get_feature_names_out(self, input_features=None):
        """Names of the output columns, such as ``hour_sin`` or ``dayofweek_0``.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Ignored: the features depend on the time stamps only.

        Returns
        -------
        feature_names_out : ndarray of str
        """
        check_is_fitted(self)
        names = []
        for name in self.features_:
            if name in _BINARY or self.encoding == "ordinal":
                names.append(name)
            elif self.encoding == "onehot":
                names.extend(f"{name}_{value}" for value in _ORDINAL[name][1])
            else:
                names.extend([f"{name}_sin", f"{name}_cos"])
        if self._holidays is not None:
            names.append("holiday")
        return np.asarray(names, dtype=object)


def _holiday_dates(holidays):
    """The dates of ``holidays`` (a list of dates, or a table of one column
    of them), without their times of day and time zones."""
    shape = np.shape(holidays)
    if len(shape) == 2 and shape[1] == 1:  # a table of dates, read from a file
        if isinstance(holidays, pd.DataFrame):
            holidays = holidays.iloc[:, 0]
        else:
            holidays = np.asarray(holidays, dtype=object)[:, 0]
    elif isinstance(holidays, pd.DataFrame):
        column = holidays.columns[0] if shape[1] else "date"
        raise ValueError(
            f"`holidays` is a table of {shape[1]} columns {list(holidays.columns)}: "
            f"pass its column of dates, e.g. `holidays=table[{column!r}]`."
        )
    elif len(shape) != 1:
        raise ValueError(
            f"`holidays` must be a list of dates, or a table of one column of "
            f"them; got an array of shape {shape}."
        )
    try:
        # one by one: pandas puts no stamps of several zones in one index
        # (and pd.Timestamp takes no numpy string: str() makes it Python's)
        stamps = [pd.Timestamp(str(d) if isinstance(d, str) else d) for d in holidays]
    except (ValueError, TypeError) as error:
        raise ValueError(f"`holidays` must hold dates: {error}") from error
    return pd.DatetimeIndex(
        [day if day.tz is None else day.tz_localize(None) for day in stamps]
    ).normalize()


def _own_clocks(stamps):
    """The dates of several time zones ``stamps`` (objects: pandas puts no
    stamps of several zones in one index), each as its zone's clock reads
    it, without the zone: its calendar features are that clock's."""
    # one by one, as _holiday_dates reads dates of several zones
    return pd.DatetimeIndex([stamp.replace(tzinfo=None) for stamp in stamps])


def _days(times):
    """The dates of ``times`` (a ``DatetimeIndex``) on their own clocks: a
    time stamp with a time zone on that zone's calendar."""
    if times.tz is not None:
        times = times.tz_localize(None)
    return times.normalize()


def _cycle_fraction(name, times, value, period):
    """Where each time stamp is in the feature's cycle, in [0, 1)."""
    if name == "hour":
        return (value + np.asarray(times.minute) / 60) / 24
    if name == "dayofmonth":
        return (value - 1) / np.asarray(times.days_in_month)
    if name == "dayofyear":
        return (value - 1) / np.where(np.asarray(times.is_leap_year), 366, 365)
    start = 1 if name in ("month", "quarter") else 0
    return (value - start) / period


def _varying(times):
    """The features of _AUTO that the time stamps resolve and that vary."""
    if len(times) < 2:
        return []
    if isinstance(times, pd.PeriodIndex):
        step = (times[0] + 1).start_time - times[0].start_time
    else:
        # between distinct times, in order: newest first, or a panel's rows
        # in time order (each time once per series), read minus a month or 0
        step = pd.Series(times.unique().sort_values()).diff().median()
    return [
        name
        for name, resolution in _AUTO.items()
        if step < pd.Timedelta(resolution)
        and np.ptp(np.asarray(_ORDINAL[name][0](times))) > 0
    ]


def _times(X):
    """The time stamps of X: X itself, its index, or its index's last level,
    as :func:`time_index` reads them; dates of several time zones (a panel's,
    held as objects) on their own clocks (``_own_clocks``)."""
    index = X if isinstance(X, pd.Index) else getattr(X, "index", None)
    times = index.get_level_values(-1) if isinstance(index, pd.MultiIndex) else index
    if times is not None:
        times = time_index(times)
        if pd.api.types.infer_dtype(times, skipna=False) == "datetime":
            times = _own_clocks(times)
    if isinstance(times, pd.DatetimeIndex | pd.PeriodIndex):
        return times
    got = type(X).__name__
    if index is not None and index is not X:
        got += f" indexed by a {type(index).__name__}"
    if isinstance(index, pd.MultiIndex):
        got += f" whose last level {index.names[-1]!r} is a {type(times).__name__}"
    raise TypeError(
        "CalendarFeatures reads the time stamps of X: give a DataFrame or Series "
        "indexed by a DatetimeIndex or PeriodIndex (a panel: the last level of "
        f"its MultiIndex), or the index itself; got {got}."
    )
