"""What the labels of rows say after the fact: the series and the time of each.

Splitters, early stopping, conformal calibration and scorers get the targets
``y`` that ``make_supervised`` made, not the panel they came from, and read
their rows from ``y``'s index: ``row_series`` the series of each row, from the
levels of a panel's ``MultiIndex`` before the time (``series_codes``), and
``row_times`` the rank of each row's time, from its last level or one series'
index (``time_rank``). Date strings are read as ``make_supervised`` read the
same rows, in whatever order they come (shuffled, or taken out of order by a
splitter): each series' on their own, then one way across the panel
(``read_alike``). Where the labels say nothing of the time, the rows are taken
to be in time order.
"""

import numpy as np
import pandas as pd

from ._panel_calendar import read_alike, spells_dates, stacked
from ._series_validation import as_times, in_order, read_dates, year_first

__all__ = ["row_series", "row_times", "series_codes", "time_rank"]


def series_codes(index):
    """The series of each row of a panel's ``MultiIndex`` (the levels before
    the time): ``(codes, ids)``, the codes integers into ``ids``. Raise where
    an id is missing: such rows would be dropped or given another series'
    code."""
    series = index.droplevel(-1)
    codes, ids = series.factorize()
    # one level gives a missing id the code -1; several keep it in a tuple
    missing = series.to_frame().isna().to_numpy().any(axis=1)
    if missing.any():
        row = index[np.flatnonzero(missing)[0]]
        raise ValueError(
            f"The panel has rows without a series id (first: {row!r}): give "
            f"every row the id of its series."
        )
    return codes, ids


def row_series(y):
    """The series of each row, as integer codes, for the targets of a panel's
    rows (indexed by series and time); ``None`` for one series."""
    index = getattr(y, "index", None)
    if not isinstance(index, pd.MultiIndex):
        return None
    return series_codes(index)[0]


def row_times(y):
    """The time rank of each row of targets ``y`` (ties share one), where
    its pandas index says the time: a panel's last level, or one series'
    index (dates, periods, numbers, or labels that spell them; dates of
    several time zones, which a panel holds as objects, as the instants
    they are; date strings as ``make_supervised`` reads them, the rows in
    any order: :func:`_read_rows`), ranked as ``time_rank`` ranks them.
    ``None`` where it does not (arrays, labels that spell no date or
    number, missing times): the rows are then taken to be in time order."""
    index = getattr(y, "index", None)
    if not isinstance(index, pd.Index):
        return None
    series = None  # a panel's: its times are in order within each series
    if isinstance(index, pd.MultiIndex) and index.nlevels > 1:
        series = index.droplevel(-1).factorize()[0]
    times = index.get_level_values(-1)
    if pd.api.types.infer_dtype(times, skipna=False) != "datetime":
        times = _read_rows(times, series)  # dates of one zone, numbers, or labels
        if times is None:
            return None
    # dates of several zones are objects, ranked as the instants they hold
    rank = time_rank(times)
    return None if (rank < 0).any() else rank


def time_rank(stamps, series=None):
    """The rank of each of a panel's time stamps among them, in time order:
    date and number strings (``"Jan 2020"``, ``"10"``) as the dates and
    numbers they spell, not as text (day first where that reading alone
    is in order within each series, ``series`` the code of each stamp's:
    see :func:`as_times`; stamps out of order as the same stamps in order,
    see :func:`_read_rows`); other labels (``"1990 Q1"``) as text."""
    times = pd.Index(stamps)
    if pd.api.types.infer_dtype(times, skipna=False) == "string":
        # labels that spell no date ("1990 Q1") keep their order as text
        dates = _read_rows(times, series)
        times = times if dates is None else dates
    return times.factorize(sort=True)[0]


def _read_rows(labels, series=None):
    """The time stamps that the strings ``labels`` of rows spell, or
    ``None`` (:func:`as_times`), read as ``make_supervised`` reads the same
    rows in time order (``series`` the code of each one's series, for a
    panel's; ``None`` for one series'): the date strings of each series on
    their own, then one way (:func:`read_alike`), where read across the
    panel a series written year first could be read day first beside
    series written day first. Rows out of time order (shuffled) are read
    as those rows put in it (:func:`_in_time_order`)."""
    series = np.zeros(len(labels), int) if series is None else np.asarray(series)
    order = np.argsort(series, kind="stable")
    cuts = np.flatnonzero(np.diff(series[order])) + 1
    parts = [part.unique() for part in np.split(labels[order], cuts)]
    times = [as_times(part) for part in parts]
    if not all(
        spells_dates(dates, part) for dates, part in zip(times, parts, strict=True)
    ):
        return as_times(labels, series)  # numbers, or labels with no dates
    # in order, missing some, or year first (one reading): read as they are
    shuffled = [
        k
        for k, (part, dates) in enumerate(zip(parts, times, strict=True))
        if not (in_order(dates) or dates.hasnans or year_first(part))
    ]
    if shuffled:  # the way the panel writes them, where its labels tell
        dated = [k for k, part in enumerate(parts) if not year_first(part)]
        written = _day_first(
            stacked([parts[k] for k in dated]), stacked([times[k] for k in dated])
        )
    for k in shuffled:
        parts[k] = _in_time_order(parts[k], written)
        times[k] = as_times(parts[k])
    # each row's date: that of its label in its series
    codes = np.repeat(series[order][np.r_[0, cuts]], [len(p) for p in parts])
    read = pd.MultiIndex.from_arrays([codes, stacked(parts)])
    rows = read.get_indexer(pd.MultiIndex.from_arrays([series, labels]))
    return stacked(read_alike(parts, times))[rows]


def _in_time_order(labels, written=None):
    """The date strings ``labels`` of a series' rows, each once and out of
    order read either way, in time order: sorted by the dates they spell,
    where read month first and day first they sort alike, else read the
    way that its labels with a day past the 12th are written (or else
    ``written``, the panel's: :func:`_day_first`). Raise where they sort
    two ways and no label tells which: in the one order or the other, the
    same rows would be read each its own way."""
    month, day = read_dates(labels), read_dates(labels, dayfirst=True)
    by_month = labels[np.argsort(month, kind="stable")]
    if day is None:  # one reading
        return by_month
    by_day = labels[np.argsort(day, kind="stable")]
    own = _day_first(labels, month)
    written = written if own is None else own
    if by_month.equals(by_day) or written is not None:
        return by_day if written else by_month
    first = np.flatnonzero(by_month != by_day)[0]
    raise ValueError(
        f"The date strings of a series' rows are out of time order (rows "
        f"shuffled, or taken out of order), and read day first and month "
        f"first they order differently: {by_day[first]!r} comes before "
        f"{by_month[first]!r} read day first, after it read month first. "
        f"No day past the 12th tells which way they are written. Keep the "
        f"rows in time order, or index the series by the dates they spell "
        f"before make_supervised (for dates written day first, "
        f"`pd.to_datetime(..., dayfirst=True)`)."
    )


def _day_first(labels, dates):
    """Whether the date strings ``labels`` (of the dates ``dates``, read
    either way) are written day first, as told by those of a day past the
    12th, which read one way only: ``"13/01/2020"`` (day first) writes its
    day's number before its month's, ``"01/13/2020"`` after. ``None`` where
    none tells (days up to the 12th, months by name) or they disagree."""
    telling = np.asarray(dates.day > 12)
    numbers = (
        pd.Series(np.asarray(labels)[telling], dtype=object)
        .str.extract(r"^\D*(\d+)(?:\D+(\d+))?(?:\D+(\d+))?")
        .astype(float)
        .to_numpy()
    )

    def place(values):  # where each label writes its value, among 3 numbers
        found = numbers == np.asarray(values)[telling, np.newaxis]
        return np.where(found.any(axis=1), found.argmax(axis=1), 3)

    day, month = place(dates.day), place(dates.month)
    ways = set((day < month)[(day < 3) & (month < 3)])
    return bool(ways.pop()) if len(ways) == 1 else None
