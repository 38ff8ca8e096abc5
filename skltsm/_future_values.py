"""The values of the inputs known in advance past a series' end, as a
forecast reads them: ``recursive_forecast``'s ``future``, checked against the
forecast times and the channels the model reads, before any prediction."""

import numpy as np
import pandas as pd

from ._future import lead_channels
from ._panel import is_panel, panel_parts
from ._panel_calendar import time_kind
from ._series_validation import check_numeric_columns, check_series, native_order

__all__ = [
    "check_future_table",
    "check_future_times",
    "check_known",
    "known_future",
    "panel_future",
    "with_leads",
]


def panel_future(future, ids, *, by_position):
    """``future`` of a panel, by series id; ``by_position`` where the panel
    is a list or tuple (its ids are positions)."""
    if future is None:
        return {}
    if isinstance(future, list | tuple) and not by_position and is_panel(future):
        # a list's ids are its positions: read by key, a list for a dict
        # keyed 1, 0 would give each series the other's future, silently
        raise ValueError(
            f"`future` is a list, whose series are read by position, but the "
            f"series forecast are named by key, {_few(ids)}: give `future` as a "
            "dict by the same keys, e.g. `dict(zip(series, future))`."
        )
    if is_panel(future):
        future_ids, parts, _ = panel_parts(future)
        # keys that name none of the series (a typo in every key) would
        # leave each series "lacking" its future; a future of more series
        # than forecast is fine
        if not set(future_ids) & set(ids):
            raise ValueError(
                f"`future` names series {_few(future_ids)}, none of the series "
                f"forecast, {_few(ids)}: give each series' future under its "
                "own key (a dict by the same keys, a list in the same order, "
                "or the same ids in a MultiIndex)."
            )
        return dict(zip(future_ids, parts, strict=True))
    raise TypeError(
        "For a panel, `future` is a panel too: a dict or list of each series' "
        "future channels, or a DataFrame with a (series, time) MultiIndex."
    )


def check_future_table(future, names, name):
    """Raise, before any prediction, where a pandas ``future`` (the parameter
    ``name``) cannot be matched to the forecast times, its time stamps or
    columns given twice, or does not hold numbers in the channels ``names``
    that the forecast reads (a Series is one channel). Return ``future``
    with its numbers in native byte order (:func:`native_order`), which the
    forecast reads; any other ``future`` as it is."""
    if not isinstance(future, pd.Series | pd.DataFrame):
        return future
    future = native_order(future)  # stored big-endian: the same numbers
    twice = future.index[future.index.duplicated()].unique()
    if len(twice):
        n = len(twice)
        shown = ", ".join(map(str, twice[:5])) + (", …" if n > 5 else "")
        raise ValueError(
            f"`{name}` gives {n} time stamp{'s' if n > 1 else ''} more than "
            f"once: {shown}. Give one row per time, e.g. aggregated with "
            "`.groupby(level=-1).mean()`."
        )
    if isinstance(future, pd.Series):
        check_numeric_columns(future.to_frame(), name)
        return future
    labels = future.columns.map(str)
    if not labels.is_unique:
        twice = list(future.columns[labels.duplicated()].unique())
        raise ValueError(
            f"`{name}` has columns of the same name: {twice}. Give each column "
            "a name of its own."
        )
    check_numeric_columns(future.loc[:, labels.isin(names)], name)
    return future


def check_future_times(future, times, name):
    """Raise where a pandas ``future`` (the parameter ``name``) is indexed by
    another kind of time than the forecast ``times``: no row of it matches
    one of them."""
    if not isinstance(future, pd.Series | pd.DataFrame) or times is None:
        return
    kinds = time_kind(future.index), time_kind(times)
    if len(future.index) == 0 or kinds[0] == kinds[1]:
        return
    raise TypeError(
        f"`{name}` is indexed by {kinds[0]}, and the forecast times are "
        f"{kinds[1]}: none of its rows can be matched to them. Index it by the "
        "forecast times, `future_index(series.index, steps)`."
    )


def known_future(future, others, channels, future_times, steps, of=""):
    """The other channels at the forecast times: shape (steps, n_others), NaN
    where not given; ``None`` when the target is the only channel. Raise
    naming the column and time (and, with ``of``, the series) of an infinite
    value in a pandas ``future``."""
    if not others:
        if future is not None:
            raise ValueError(
                "`future` gives other channels, but `series` has only the target."
            )
        return None
    names = [channels[c] for c in others]
    known = np.full((steps, len(others)), np.nan)
    if future is None:  # nothing given: an error names what the forecast reads
        return known
    if isinstance(future, pd.Series) and future_times is not None:
        # one channel, matched by its index as a DataFrame's column is (by
        # position it would be read from its first row, wherever that lies)
        unnamed = future.name is None and len(names) == 1
        future = future.to_frame(name=names[0] if unnamed else future.name)
    if isinstance(future, pd.DataFrame):
        if future_times is None:
            raise TypeError(
                "A DataFrame `future` is matched to the forecast times by its "
                "index: pass `series` as a DataFrame too, or `future` as an array."
            )
        # a column not given is missing at every time: an error if it is read;
        # columns by their names as strings, as the series' channels are
        frame = future.set_axis(future.columns.map(str), axis=1)
        frame = frame.reindex(index=future_times, columns=names)
        known[:] = frame.to_numpy(dtype=float, na_value=np.nan)
        # NaN is a value not given, named where read; infinity is one given,
        # which the model would read (an array's is refused by check_series)
        infinite = np.isinf(known)
        if infinite.any():
            step, column = np.argwhere(infinite)[0]
            raise ValueError(
                f"`future` holds {int(infinite.sum())} infinite value(s) at the "
                f"forecast times{of}, the first in column {names[column]!r} at "
                f"{future_times[step]}. Replace them with finite values."
            )
        return known
    if np.size(future) == 0:
        return known
    # NaN a value not given, as in a table: named where the forecast reads it
    rows, *_ = check_series(
        future, target=0 if np.ndim(future) == 2 else None, name="future", missing=True
    )
    if rows.shape[1] != len(others):
        raise ValueError(
            f"`future` has {rows.shape[1]} columns; the model reads "
            f"{len(others)} channels besides the target ({names})."
        )
    known[: len(rows)] = rows[:steps]
    return known


def with_leads(
    values, rows, others, positions, horizon, window, channels, times, of=""
):
    """The last window of a series with the lead channels of ``positions``,
    and the known rows past its end with theirs: the lead channel at time
    ``s`` holds the column at ``s + horizon``. Raise naming the forecast times
    (and, with ``of``, the series) at which ``future`` lacks a column the
    forecast reads."""
    ahead = rows[:, [others.index(p) for p in positions]]
    missing = np.flatnonzero(np.isnan(ahead).any(axis=1))
    if missing.size:
        n_missing, shown = _stamps(missing, times)
        raise ValueError(
            f"`future` lacks the known inputs {[channels[p] for p in positions]} "
            f"at {n_missing} of the {len(rows)} forecast times{of} that the forecast "
            f"reads (a model of horizon {horizon} reads them over each block it "
            f"forecasts): {shown}."
        )
    column = np.concatenate([values[:, positions], ahead])
    leads = lead_channels(column, list(range(len(positions))), horizon)
    n = len(values)
    history = np.hstack([values[-window:], leads[n - window : n]])
    return history, np.hstack([rows, leads[n:]])


def check_known(known, n_read, future_times, names=None, series_names=None):
    """Raise naming the forecast times (and the channels ``names``, the
    series ``series_names``) whose inputs the forecast reads but ``future``
    does not give: ``known`` of shape (n_series, steps, n_others),
    ``future_times`` one index (or ``None``) per series. Values that are
    never read need not be given."""
    if known is None or n_read == 0:
        return
    for series, rows in enumerate(known):
        absent = np.isnan(rows[:n_read])
        missing = np.flatnonzero(absent.any(axis=1))
        if not missing.size:
            continue
        times = None if future_times is None else future_times[series]
        n_missing, shown = _stamps(missing, times)
        name = series if series_names is None else series_names[series]
        where = "" if len(known) == 1 else f" of series {name!r}"
        which = "other channels"
        if names is not None:
            lacking = absent.any(axis=0)
            which = f"channels {[n for n, a in zip(names, lacking, strict=True) if a]}"
        raise ValueError(
            f"`future` lacks the {which} at {n_missing} of the {n_read} "
            f"forecast times{where} that the forecast reads as inputs: {shown}. "
            "Pass their values at those times as `future`."
        )


def _stamps(missing, times):
    """How many forecast steps ``missing`` (positions) holds, and the first
    few named by their time stamps (or step numbers without ``times``)."""
    stamps = (
        [str(times[i]) for i in missing]
        if times is not None
        else [f"step {i + 1}" for i in missing]
    )
    return len(stamps), ", ".join(stamps[:5]) + (", …" if len(stamps) > 5 else "")


def _few(ids, n=5):
    """Up to ``n`` of ``ids`` for a message, and how many more there are."""
    shown = ", ".join(repr(i) for i in ids[:n])
    return f"[{shown}{f', … ({len(ids) - n} more)' if len(ids) > n else ''}]"
