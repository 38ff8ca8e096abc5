"""The calendar of a panel's series: the kind of their times, their frequencies
and their gaps.

A window of ``W`` rows holds ``W`` steps of time only where its series has a
row at every time stamp of its frequency, and the windows of a panel's series
are alike only where the series share one. ``check_calendar`` refuses series
of different frequencies (``panel_frequencies``: each series' own, or the one
the others have where its dates follow that one too), and series that lack
time stamps of theirs: of the frequency an index has or pandas infers, of one
that another series declares, or of the months or weeks that dates on the
start (or the end) of months, or on one weekday, step by. ``check_step`` tells
the gaps of dates whose frequency pandas cannot tell, and gives the step that
a fill resamples them to. Date strings (a table read without ``parse_dates``)
are checked as the dates they spell, read one way across the panel
(``read_alike``); one series is checked as a panel of one. ``time_kind`` names
what a time index holds, so that times of different kinds are told apart.
"""

import numpy as np
import pandas as pd

from ._series_validation import (
    as_times,
    in_order,
    read_dates,
    same_times,
    time_frequency,
    year_first,
)

__all__ = [
    "check_calendar",
    "check_step",
    "panel_frequencies",
    "read_alike",
    "spells_dates",
    "stacked",
    "time_kind",
    "with_frequency",
]


def time_kind(index):
    """What a series' time index holds, in words, to tell kinds apart."""
    if index is None:
        return "none"
    if isinstance(index, pd.PeriodIndex):
        return f"periods of {index.freqstr}"
    if isinstance(index, pd.DatetimeIndex):  # instants compare across zones
        return "dates" if index.tz is None else "dates with a time zone"
    if isinstance(index, pd.TimedeltaIndex):
        return "elapsed times"
    if pd.api.types.is_numeric_dtype(index.dtype):
        return "numbers"
    return "labels"


def stacked(indexes):
    """The time ``indexes`` of a panel's series, one after the other."""
    return indexes[0].append(indexes[1:]) if len(indexes) > 1 else indexes[0]


def spells_dates(times, index):
    """Whether the time ``index`` holds strings that spell the dates
    ``times`` (a table read without ``parse_dates``)."""
    return isinstance(times, pd.DatetimeIndex) and not isinstance(
        index, pd.DatetimeIndex
    )


def read_alike(indexes, times, names=None):
    """The dates that a panel's date strings spell, read one way: ``times``,
    each series' own reading of its time ``indexes`` (:func:`as_times`),
    where the series that are in order read month first or day first only
    are read so, and those in order read either way (days that never pass
    12: ``"01/02/2024"``, ``"01/03/2024"``) are read as they are. Strings
    written year first (``"2024-01-02"``) keep their one reading. Raise,
    with ``names`` in the message, where some series are in order read day
    first only and others month first only: which way the others are
    written is not told; without ``names`` (the labels of rows, which may
    come in any order), keep each series' own reading there."""
    spelled = [
        k
        for k, (dates, index) in enumerate(zip(times, indexes, strict=True))
        if spells_dates(dates, index) and not year_first(index)
    ]
    if len(spelled) < 2:
        return times
    labels = stacked([indexes[k] for k in spelled])
    series = np.repeat(spelled, [len(indexes[k]) for k in spelled])
    read = as_times(labels, series)
    if not in_order(read, series):  # read month first: some only day first
        if names is None:
            return times
        day_first = read_dates(labels, dayfirst=True)
        day, month = (
            next(k for k in spelled if not in_order(dates[series == k]))
            for dates in (read, day_first)
        )
        raise ValueError(
            f"The date strings of {names[day]} are in order read day first "
            f"only, those of {names[month]} month first only: a panel reads "
            f"its date strings one way, so that those in order read either "
            f"way are read as the others are. Index each series by the dates "
            f"it spells, not by strings (for dates written day first, "
            f"`series.index = pd.to_datetime(series.index, dayfirst=True)`)."
        )
    times = list(times)
    for k in spelled:
        times[k] = read[series == k]
    return times


# the time indexes whose frequency is set or inferred from their stamps
_Stepped = pd.DatetimeIndex | pd.TimedeltaIndex


def check_calendar(indexes, names, times=None):
    """Raise where series of dates or of elapsed times (time ``indexes``,
    ``names`` in messages) have different frequencies, or where a series of
    periods, dates or elapsed times lacks time stamps of its frequency
    between its first and last: a window of ``W`` rows would hold more than
    ``W`` steps of time. A frequency is the index's own or the one its
    dates follow, or the one the other series have where its dates follow
    that one too (``panel_frequencies``: a week's weekdays beside business
    days); series without one (irregular
    dates) are checked against the frequency another index declares, if
    one does (not one inferred: business days inferred from a short series
    would refuse another's holidays), and dates that all fall on the start
    (or all on the end) of months, or all on one weekday, against the
    months or weeks they step by (``_anchored_frequency``). Date strings (a
    table read without ``parse_dates``) are checked as the dates they spell,
    as their order is: ``times``, those that each index spells where the
    caller has parsed them (``check_series``' own), else parsed here."""
    if times is None:
        times = [None if index is None else as_times(index) for index in indexes]
    # labels read as dates: a fill indexes the series by them first
    texts = [
        spells_dates(dates, index) for dates, index in zip(times, indexes, strict=True)
    ]
    indexes = times
    frequencies = panel_frequencies(indexes)
    for index, own, name, text in zip(indexes, frequencies, names, texts, strict=True):
        if isinstance(index, pd.DatetimeIndex) and own is None:
            anchored = _anchored_frequency(index)
            if anchored is not None:
                _check_every_stamp(index, anchored, name, text)
    known = [(f, n) for f, n in zip(frequencies, names, strict=True) if f is not None]
    if not known:
        return
    freq, first = known[0]
    other = next(((f, n) for f, n in known if f != freq), None)
    if other is not None:
        raise ValueError(
            f"The series of a panel must share one frequency: {other[1]} has "
            f"{_dated(indexes)} of frequency {other[0].freqstr}, {first} of "
            f"{freq.freqstr}. Resample them to one, e.g. "
            f"`{_as_dates(any(texts))}.resample('{freq.freqstr}').mean()`."
        )
    # missing dates are told against a frequency that an index declares (its
    # freq), not one inferred from another series' dates: a short series of
    # weekdays follows business days, where a longer one skips holidays
    timed = [i for i in indexes if isinstance(i, pd.PeriodIndex | _Stepped)]
    declared = any(index.freq is not None for index in timed)
    for index, own, name, text in zip(indexes, frequencies, names, texts, strict=True):
        if not isinstance(index, pd.PeriodIndex | _Stepped) or (
            isinstance(index, _Stepped) and (own is not None or not declared)
        ):
            continue  # no time stamps, dates (elapsed times) that follow
            # their frequency, or of no declared frequency
        _check_every_stamp(index, freq, name, text)


def _dated(indexes):
    """What the frequencies of a panel's time ``indexes`` step through, in
    words: ``"elapsed times"`` or ``"dates"``."""
    elapsed = any(isinstance(index, pd.TimedeltaIndex) for index in indexes)
    return "elapsed times" if elapsed else "dates"


def panel_frequencies(indexes):
    """The frequency of each of a panel's time ``indexes``
    (``time_frequency``; ``None`` for none). Where the dates of every series
    whose frequency pandas infers follow one frequency that the others have,
    each series of a frequency takes it: pandas infers days from three to
    five weekdays of one week, which the other series tell are business
    days. A series alone keeps the frequency that its dates tell."""
    frequencies = [time_frequency(index) for index in indexes]
    for shared in dict.fromkeys(filter(None, frequencies)):  # in order, once
        if all(
            own in (None, shared)
            or (index.freq is None and with_frequency(index, shared) is not None)
            for index, own in zip(indexes, frequencies, strict=True)
        ):
            return [None if own is None else shared for own in frequencies]
    return frequencies


def with_frequency(index, freq):
    """The dates (or elapsed times) ``index`` given the frequency ``freq``,
    where they are every stamp of it from their first to their last; else
    ``None``."""
    try:
        return type(index)(index, freq=freq)
    except ValueError:  # dates off it, or missing some of it
        return None


def _as_dates(text):
    """A series in a fill's code: indexed by its dates first where they are
    ``text`` (``asfreq`` and ``resample`` read dates, not strings)."""
    return "series.set_axis(pd.to_datetime(series.index))" if text else "series"


def _anchored_frequency(index):
    """The frequency of the dates ``index``, which pandas could not infer,
    where they all fall at midnight on the first (or all on the last) day of
    a month, or all on one weekday: so many months or weeks as their steps
    share (``3MS`` for quarters). Else ``None``: dates a day or less apart
    tell no gap from irregular times (trading days skip holidays)."""
    if len(index) < 2 or not (index == index.normalize()).all():
        return None
    starts = index.is_month_start.all()
    if starts or index.is_month_end.all():
        months = index.year.to_numpy() * 12 + index.month.to_numpy()
        step = int(np.gcd.reduce(np.diff(months)))
        anchor = "MS" if starts else "ME"
    elif (index.dayofweek == index.dayofweek[0]).all():
        # days on the local clock, whatever the index's unit: across a
        # change of clocks, a fortnight of a time zone is 13 days and 23 hours
        local = index.tz_localize(None)
        days = np.asarray((local - local[0]).days)
        step = int(np.gcd.reduce(np.diff(days))) // 7
        anchor = f"W-{index[0].day_name()[:3].upper()}"
    else:
        return None
    return pd.tseries.frequencies.to_offset(f"{step if step > 1 else ''}{anchor}")


def check_step(index, name):
    """Raise where the increasing dates or elapsed times ``index`` (of the
    series ``name``), whose frequency pandas cannot tell, are stamps of their
    most common step from their first, some missing (hours on a wall clock,
    which skips one in spring), that step being at least half of their steps
    (the shortest of those, where two are): told as ``_check_every_stamp``
    tells a gap, with the fill of that step (``series.asfreq('h')``). Else
    return that step's frequency, or of irregular times their median step's,
    for a fill that resamples the times to it; ``None`` for fewer than two."""
    if len(index) < 2:
        return None
    between = np.diff(index.asi8)
    steps, counts = np.unique(between, return_counts=True)
    if 2 * counts.max() < len(between):  # irregular times
        return _frequency(np.median(between), index.unit)
    freq = _frequency(steps[counts.argmax()], index.unit)
    make = pd.date_range if isinstance(index, pd.DatetimeIndex) else pd.timedelta_range
    if index.isin(make(index[0], index[-1], freq=freq)).all():
        _check_every_stamp(index, freq, name)
    return freq


def _frequency(step, unit):
    """The frequency of ``step``, a number of ``unit``: whole days as days
    (``"D"``), the calendar's, which are 23 or 25 hours across a change of
    clocks; else the step itself (``"h"``, ``"15min"``)."""
    step = pd.Timedelta(int(step), unit=unit)
    if step % pd.Timedelta(days=1) == pd.Timedelta(0):
        return pd.tseries.frequencies.to_offset(f"{step.days}D")
    return pd.tseries.frequencies.to_offset(step)


def _check_every_stamp(index, freq, name, text=False):
    """Raise where the time stamps ``index`` (of the series ``name``) are not
    every stamp of ``freq`` from its first to its last: some are off it, or
    some are missing; ``text`` where the series spells them as strings."""
    if isinstance(index, pd.PeriodIndex):
        make = pd.period_range
    elif isinstance(index, pd.TimedeltaIndex):
        make = pd.timedelta_range
    else:
        make = pd.date_range
    every = make(index[0], index[-1], freq=freq)
    if same_times(every, index):
        return
    off, missing = index.difference(every), every.difference(index)
    # periods spell their frequency "M", their offset "ME", which
    # period_range refuses
    spelled = index.freqstr if make is pd.period_range else freq.freqstr
    # asfreq reads dates only: periods and elapsed times are reindexed
    fill = (
        f"`{_as_dates(text)}.asfreq('{spelled}')`"
        if make is pd.date_range
        else f"`series.reindex(pd.{make.__name__}(first, last, freq='{spelled}'))`"
    )
    many = "s" if len(off) > 1 else ""
    if len(off):
        raise ValueError(
            f"{name} has {len(off)} time stamp{many} off the frequency "
            f"{freq.freqstr} of the panel (the first: {off[0]}). Give every "
            f"series the same frequency, e.g. `{_as_dates(text)}.resample("
            f"'{freq.freqstr}').mean()`."
        )
    many = "s" if len(missing) > 1 else ""
    raise ValueError(
        f"{name} lacks {len(missing)} time stamp{many} of its frequency "
        f"{spelled} between its first and last (the first: "
        f"{missing[0]}): its windows would reach across them, holding more "
        f"time than their rows. Give it a row at each time stamp, e.g. "
        f"{fill}, and fill the values, e.g. with `.interpolate()`."
    )
