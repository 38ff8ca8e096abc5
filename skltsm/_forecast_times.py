"""The time stamps of a forecast: ``future_index``, the times after an index.

A forecast's times continue its series' index by the index's own step: a
``PeriodIndex`` or integer positions by their one step, dates and elapsed
times by their frequency (set on the index, or inferred by pandas), and a
panel's ``MultiIndex`` each series from its own end, a series whose dates are
too few to tell pandas their frequency (or tell it one that the others'
covers: weekdays of one week beside business days) by the others'. An index
with gaps, or whose frequency pandas cannot tell, is refused in words that give
the fix: the times after it are not guessed. ``recursive_forecast`` indexes its
forecasts by them, and finds the rows of its ``future`` at them.
"""

import numpy as np
import pandas as pd

from ._panel import id_arrays, panel_parts
from ._panel_calendar import (
    check_calendar,
    check_step,
    panel_frequencies,
    with_frequency,
)
from ._series_validation import as_times, check_time_index, time_frequency, time_index
from ._validation import check_positive_int

__all__ = ["forecast_times", "future_index", "panel_index", "with_panel_frequency"]


def future_index(index, steps):
    """The ``steps`` time stamps that follow a time index.

    Parameters
    ----------
    index : pandas.Index
        An increasing ``PeriodIndex`` or integer index with a constant step
        (continued by that step; one row of a ``RangeIndex`` by the step it
        declares, of other integers by 1), or a ``DatetimeIndex`` (or a
        ``TimedeltaIndex`` of elapsed times) with a frequency (set or
        inferable); Arrow's time stamps and durations (a table read with
        ``dtype_backend="pyarrow"``) are such dates and elapsed times. An
        index with gaps is refused: the times after it are not guessed. A
        frequency set on the index is the one continued;
        one inferred is what the dates alone tell pandas, so that a week's
        weekdays without one (Monday to Friday) are daily and go on on
        Saturday: set it where the dates are so few (``pd.bdate_range``,
        ``series.asfreq("B")``). A panel's ``MultiIndex`` (the series, then
        the time) continues each series from its own end (series in several
        time zones, whose times pandas holds as objects, each in its own),
        a series whose dates tell pandas another frequency than the others
        have, but follow theirs too (weekdays of one week beside business
        days), by theirs.
    steps : int
        How many time stamps to return.

    Returns
    -------
    future : pandas.Index of length steps
        Named like ``index``; dates and elapsed times in its resolution
        (``datetime64[s]`` go on in seconds). For a panel's ``MultiIndex``,
        ``steps`` rows per series, indexed as :func:`recursive_forecast`
        indexes the panel's forecasts: the index of its ``future``.

    Examples
    --------
    >>> import pandas as pd
    >>> from skltsm import future_index
    >>> future_index(pd.period_range("1960-11", periods=2, freq="M"), 3)
    PeriodIndex(['1961-01', '1961-02', '1961-03'], dtype='period[M]')
    >>> future_index(pd.RangeIndex(5), 2)
    RangeIndex(start=5, stop=7, step=1)
    """
    steps = check_positive_int(steps, "steps")
    if len(index) == 0:
        raise ValueError("`index` is empty: the times after it are unknown.")
    index = time_index(index)  # Arrow's time stamps: dates
    if isinstance(index, pd.MultiIndex):
        # a panel's: each series' next times (reset_index would make the
        # panel one series), as its forecasts are indexed
        ids, parts, id_names = panel_parts(pd.Series(0, index=index))
        indexes = with_panel_frequency([part.index for part in parts])
        times = [
            forecast_times(part_index, steps, f" of series {i!r}")
            for i, part_index in zip(ids, indexes, strict=True)
        ]
        return panel_index(ids, id_names, times, index.names[-1])
    check_time_index(index, "index")
    if isinstance(index, pd.PeriodIndex):
        # in the periods' ordinals: every other month goes on every other month
        unit = index.freqstr.lstrip("0123456789")  # "2M" counts in months
        step = _constant_step(
            index.asi8,
            index.freq.n,
            f"A PeriodIndex must have a constant step to be continued; this one "
            f"steps by {{}} periods of {unit}. Fill in the missing periods first.",
        )
        ahead = index.asi8[-1] + step * np.arange(1, steps + 1)
        return pd.PeriodIndex.from_ordinals(ahead, freq=index.freq, name=index.name)
    if isinstance(index, pd.DatetimeIndex | pd.TimedeltaIndex):
        freq = time_frequency(index)
        if freq is None:
            _refuse_no_frequency(index)
        make = (
            pd.date_range if isinstance(index, pd.DatetimeIndex) else pd.timedelta_range
        )
        # in the index's resolution: pandas gives business days (B, C, bh)
        # microseconds whatever the start's
        stamps = make(
            index[-1], periods=steps + 1, freq=freq, name=index.name, unit=index.unit
        )
        return stamps[1:]
    if pd.api.types.is_integer_dtype(index.dtype):
        # one row tells no step: a RangeIndex declares its own (forward), as
        # a DatetimeIndex its frequency
        declared = isinstance(index, pd.RangeIndex) and index.step > 0
        # in Python's integers: an index of uint8 must not wrap past 255
        step = _constant_step(
            np.asarray(index, dtype=object),
            index.step if declared else 1,
            "An integer time index must have a constant step to be continued; "
            "this one steps by {}. Fill the missing times, or index the series "
            "by dates.",
        )
        last = int(index[-1])
        return pd.RangeIndex(
            last + step, last + step * (steps + 1), step, name=index.name
        )
    if isinstance(as_times(index), pd.DatetimeIndex):  # a table read as text
        raise TypeError(
            "Cannot extend an index of date strings (a table read without "
            "`parse_dates`): index the series by its dates, e.g. `series.index "
            "= pd.to_datetime(series.index)`, or read it with "
            "`pd.read_csv(..., parse_dates=[...])`."
        )
    raise TypeError(
        f"Cannot extend an index of type {type(index).__name__} (dtype "
        f"{index.dtype}): use a PeriodIndex, a DatetimeIndex or integer "
        "positions, e.g. `series.reset_index(drop=True)`."
    )


def forecast_times(index, steps, of):
    """``future_index(index, steps)``, its errors naming the series ``of``
    (e.g. `` of series 'b'``; ``""`` for one series)."""
    try:
        return future_index(index, steps)
    except (ValueError, TypeError) as error:
        if not of:
            raise
        raise type(error)(f"Cannot tell the forecast times{of}: {error}") from error


def with_panel_frequency(indexes):
    """The time indexes of a panel's series, those of dates (or elapsed
    times) without a frequency set given the one that the series share
    (``panel_frequencies``: three to five weekdays of one week beside
    business days are business days), and one too short to tell its own
    (pandas infers one from three dates) the one that the other series'
    dates follow, where its dates follow it too."""
    own = [
        frequency if isinstance(index, pd.DatetimeIndex | pd.TimedeltaIndex) else None
        for index, frequency in zip(indexes, panel_frequencies(indexes), strict=True)
    ]
    shared = next(filter(None, own), None)
    if shared is None:
        return indexes
    given = []
    for index, frequency in zip(indexes, own, strict=True):
        if (
            isinstance(index, pd.DatetimeIndex | pd.TimedeltaIndex)
            and index.freq is None
            and frequency in (None, shared)
        ):
            dated = with_frequency(index, shared)
            index = index if dated is None else dated  # off it: told by future_index
        given.append(index)
    return given


def panel_index(ids, id_names, times, time_name):
    """The (series, time) index of each series' forecast ``times``."""
    code = np.repeat(np.arange(len(ids)), [len(t) for t in times])
    stamps = times[0].append(times[1:]) if len(times) > 1 else times[0]
    return pd.MultiIndex.from_arrays(
        [*id_arrays(ids, id_names, code), stamps], names=[*id_names, time_name]
    )


def _refuse_no_frequency(index):
    """Raise for the dates or elapsed times ``index``, which have no
    frequency, set or inferable, to be continued by: a gap is named, with
    the fill of the index's own step (``check_calendar``, ``check_step``)."""
    if isinstance(index, pd.TimedeltaIndex):
        step = check_step(index, "`index`")
        raise ValueError(
            "The time index has no frequency to extend: its elapsed times do "
            "not all step alike (a gap, or irregular times). Resample the series "
            "to a regular one first, e.g. `series.resample("
            f"'{'s' if step is None else step.freqstr}').mean()`."
        )
    # dates of a month (a week) with some missing: named, with their fill;
    # so are those of their own step (hours, days) with some missing
    check_calendar([index], ["`index`"])
    step = check_step(index, "`index`")
    fill = "asfreq('D')" if step is None else f"resample('{step.freqstr}').mean()"
    raise ValueError(
        "The time index has no frequency to extend. Resample the series to "
        f"a regular one first, e.g. `series.{fill}`; dates one a month "
        "(a week, a quarter) on a day pandas does not anchor to, such as "
        "the 15th, are periods: `series.to_period('M')`."
    )


def _constant_step(positions, default, message):
    """The one step between the increasing ``positions`` of a time index
    (``default`` for a single one); else raise ``message``, formatted with the
    steps seen."""
    if len(positions) < 2:
        return default
    steps_seen = np.unique(np.diff(positions))
    if len(steps_seen) > 1:
        raise ValueError(message.format([int(s) for s in steps_seen[:5]]))
    return int(steps_seen[0])
