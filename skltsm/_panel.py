"""Collections of series (panels): what one is, and its rows.

A panel is a dict of series, a list or tuple of series (arrays, pandas Series or
DataFrames), or a pandas object whose ``MultiIndex`` ends with the time (sktime's
panels and hierarchies: the other levels name the series). Its rows are the rows
of each series, stacked, and ordered by time across series (then by series), so
that what comes later in time comes later in the rows. No window crosses from
one series into another. The calendar of the series (their frequencies and
gaps) is checked in ``_panel_calendar``; the series and the time of each row
are read back from the labels of its targets in ``_row_labels``.
"""

import numpy as np
import pandas as pd

from ._future import check_lead_window, future_positions, lead_channels
from ._panel_calendar import (
    check_calendar,
    read_alike,
    spells_dates,
    stacked,
    time_kind,
)
from ._row_labels import series_codes, time_rank
from ._series_validation import (
    as_times,
    check_series,
    native_order,
    target_label,
    time_index,
)

__all__ = [
    "check_lengths",
    "check_not_long",
    "check_same_channels",
    "id_arrays",
    "is_panel",
    "panel_parts",
    "panel_rows",
]


def is_panel(data):
    """Whether ``data`` is a collection of series rather than one series."""
    if isinstance(data, dict):
        return True
    if isinstance(data, pd.Series | pd.DataFrame):
        return isinstance(data.index, pd.MultiIndex)
    if isinstance(data, list | tuple) and data:
        return all(isinstance(p, np.ndarray | pd.Series | pd.DataFrame) for p in data)
    return False


def panel_parts(data):
    """The series of a panel: ``(ids, parts, id_names)``, in the panel's order.

    ``ids`` holds one id per series (a tuple where several index levels name
    it), ``id_names`` the names of those levels. A table's series are
    indexed by their times as :func:`time_index` reads them: those of
    series in several time zones, which the table holds as objects, each in
    its own zone; their numbers are in native byte order
    (:func:`native_order`).
    """
    if isinstance(data, dict):
        if not data:
            raise ValueError(_EMPTY)
        return list(data), list(data.values()), ["series"]
    if isinstance(data, list | tuple):
        return list(range(len(data))), list(data), ["series"]
    # numbers stored big-endian in native order (pandas<3 cannot group
    # them), Arrow's time stamps as dates
    data = native_order(data)
    data = data.set_axis(time_index(data.index))
    levels = list(range(data.index.nlevels - 1))
    _check_time_last(data.index)
    names = [
        name if name is not None else ("series" if len(levels) == 1 else f"level_{i}")
        for i, name in enumerate(data.index.names[:-1])
    ]
    key = levels[0] if len(levels) == 1 else levels
    series_codes(data.index)  # no series without an id
    ids, parts = [], []
    for series_id, part in data.groupby(level=key, sort=False):
        ids.append(series_id)
        part = part.droplevel(levels)
        # series in several time zones: each one's, no longer objects
        index = time_index(part.index)
        parts.append(part if index is part.index else part.set_axis(index))
    if not ids:  # a panel filtered to ids it does not hold
        raise ValueError(_EMPTY)
    return ids, parts, names


_EMPTY = "The panel is empty: pass at least one series."


# the names that tables in long form give their series ids: pandas' and
# sktime's own (a reset MultiIndex, sktime's pd-long), Nixtla's, GluonTS'
_ID_COLUMNS = {"id", "series", "series_id", "unique_id", "item_id", "case_id"}


def check_not_long(data, target=None):
    """Raise where the table ``data``, given as one series, has a column
    named as a series id (``id``, ``unique_id``, ...; not the ``target``)
    whose several values repeat: a long table of many series, which would
    be windowed as one series across its series, the ids a channel. A
    column of ids with no time column is not told from a channel of one
    series by its values (years beside months look alike), so by its name;
    a row number or a single id passes."""
    if not isinstance(data, pd.DataFrame):
        return
    for column in data.columns:
        if column == target or str(column).lower() not in _ID_COLUMNS:
            continue
        n_ids = data[column].nunique()
        if 1 < n_ids < len(data):
            raise ValueError(
                f"`data` has a column {column!r} of {n_ids} values over its "
                f"{len(data)} rows, as the ids of a long table of many series: "
                f"as one series, its windows would cross from one series into "
                f"the next, the ids read as a channel. Index it by its id and "
                f"time columns, e.g. `data.set_index([{column!r}, 'time'])`, "
                f"to make it a panel; if {column!r} is a channel of one "
                f"series, rename it."
            )


def check_same_channels(parts, checked, names):
    """Raise unless every series of a panel (``parts``, ``check_series`` of
    each in ``checked``, ``names`` in messages) has the channels of the
    first, in their order (by name, for tables): models read them by
    position."""
    first = checked[0][1]
    for part, (_, channels, *_), name in zip(parts, checked, names, strict=True):
        by_name = isinstance(part, pd.DataFrame)
        if len(channels) != len(first) or (by_name and channels != first):
            raise ValueError(
                f"The series of a panel must have the same channels, in the same "
                f"order: {name} has {channels}, {names[0]} has {first}."
            )


def _check_time_last(index):
    """Raise where the time of a panel's ``MultiIndex`` is not its last level
    (sktime's layout), as told by the levels: the last is named as the
    series ids (``_ID_COLUMNS``), or a level before it holds time stamps
    (dates, periods, elapsed times) and the last does not, or holds numbers or date
    strings where the last holds strings that spell no date or number. With
    the ids last, the rows would be split by time stamp and windowed across
    the series. Nothing tells step numbers before numeric ids, unnamed, from
    numeric ids before step numbers: they pass, as a panel. Numeric ids
    before time labels that spell no date or number (``"1990 Q1"``) are
    refused with the ids last: the message says how to give them."""
    timed = [i for i, level in enumerate(index.levels[:-1]) if _stamps(level)]
    if timed and not _stamps(index.levels[-1]):
        raise ValueError(
            f"The time must be the last level of a panel's MultiIndex, after "
            f"the series ids (sktime's layout); level {timed[0]} holds time "
            f"stamps and the last does not. Move it last, e.g. with "
            f"`data.swaplevel().sort_index()`."
        )
    last = index.names[-1]
    if str(last).lower() in _ID_COLUMNS:
        raise ValueError(
            f"The time must be the last level of a panel's MultiIndex, after "
            f"the series ids (sktime's layout); the last, {last!r}, is named "
            f"as the series ids. Move it first, e.g. with "
            f"`data.swaplevel().sort_index()`, or index a long table by its "
            f"id and time columns in that order: `long.set_index([{last!r}, "
            f"'time'])`."
        )
    if not _text(index.levels[-1]) or as_times(index.levels[-1]) is not None:
        return  # times, or strings that spell them
    timed = [i for i, level in enumerate(index.levels[:-1]) if _timed(level)]
    if timed:
        raise ValueError(
            f"The time must be the last level of a panel's MultiIndex, after "
            f"the series ids (sktime's layout); level {timed[0]} holds numbers "
            f"or dates and the last holds strings that spell no date or number "
            f"(the first: {index.levels[-1][0]!r}), as ids. Move the time "
            f"last, e.g. with `data.swaplevel().sort_index()`. If level "
            f"{timed[0]} holds ids and the last the times, give the ids as "
            f"strings, or the times as periods (`pd.PeriodIndex`)."
        )


def _stamps(level):
    """Whether the index level ``level`` holds time stamps: dates, periods or
    elapsed times."""
    return isinstance(level, pd.DatetimeIndex | pd.PeriodIndex | pd.TimedeltaIndex)


def _timed(level):
    """Whether the index level ``level`` holds numbers or date strings:
    times, or numeric ids (not number strings, as ids spell ``"007"``)."""
    if pd.api.types.is_numeric_dtype(level.dtype):
        return not pd.api.types.is_bool_dtype(level.dtype)
    return _text(level) and _stamps(as_times(level))


def _text(level):
    """Whether the index level ``level`` holds strings."""
    return pd.api.types.infer_dtype(level, skipna=False) == "string"


def id_arrays(ids, id_names, code):
    """The index levels that name the series of rows ``code``."""
    if len(id_names) == 1:
        return [pd.Index(list(ids), tupleize_cols=False)[code]]
    return [pd.Index([i[level] for i in ids])[code] for level in range(len(id_names))]


def check_lengths(ids, lengths, history, horizon):
    """Raise, naming them, for the series of a panel (``ids``, of
    ``lengths`` steps) too short for one row of ``history`` and ``horizon``
    steps."""
    short = [(i, n) for i, n in zip(ids, lengths, strict=True) if n < history + horizon]
    if short:
        shown = ", ".join(f"{s!r} ({n} steps)" for s, n in short[:5])
        raise ValueError(
            f"{len(short)} series {'is' if len(short) == 1 else 'are'} too short "
            f"for history={history} plus "
            f"horizon={horizon}: {shown}. Drop them, or use a smaller `history`."
        )


def panel_rows(
    data, *, history, horizon, target=None, target_as_input=True, future=None
):
    """Every row of every series of a panel.

    Returns
    -------
    X : ndarray of shape (n_rows, history, n_input_channels)
        The windows, gathered from the series (one array for all).
    y : pandas Series or DataFrame
        The targets, indexed by (series, time of the first target step).
    """
    ids, parts, id_names = panel_parts(data)
    checked = [
        check_series(part, target=target, name=f"data[{series_id!r}]")
        for series_id, part in zip(ids, parts, strict=True)
    ]
    check_same_channels(parts, checked, [f"data[{i!r}]" for i in ids])
    channels = checked[0][1]
    named = [isinstance(part, pd.DataFrame) for part in parts]  # their columns
    target_pos = checked[0][3]
    check_lengths(ids, [len(values) for values, *_ in checked], history, horizon)
    known = future_positions(
        future, channels, by_label=all(named), target_pos=target_pos
    )
    if known:
        check_lead_window(history, horizon)
    inputs = [c for c in range(len(channels)) if target_as_input or c != target_pos]
    if not inputs:
        raise ValueError(
            "`target_as_input=False` leaves no input channel: the series have "
            "only the target. Keep `target_as_input=True` or add channels."
        )
    values = np.concatenate([v for v, *_ in checked])
    if known:  # each series' own lead channels, after its channels
        leads = [lead_channels(v, known, horizon) for v, *_ in checked]
        values = np.hstack([values, np.concatenate(leads)])
        inputs += list(range(len(channels), len(channels) + len(known)))
    lengths = np.array([len(v) for v, *_ in checked])
    offsets = np.r_[0, np.cumsum(lengths)[:-1]]
    n_rows = lengths - history - horizon + 1
    code = np.repeat(np.arange(len(ids)), n_rows)
    position = np.concatenate([np.arange(n) for n in n_rows])  # in its series
    start = offsets[code] + position
    times = _row_times(ids, checked, code, position + history, lengths)
    order = np.lexsort((code, times[1]))
    start, code, position = start[order], code[order], position[order]
    X = values[start[:, np.newaxis] + np.arange(history)][:, :, inputs]
    steps = start[:, np.newaxis] + history + np.arange(horizon)
    target_values = values[steps, target_pos]
    index = pd.MultiIndex.from_arrays(
        [*id_arrays(ids, id_names, code), times[0][order]],
        names=[*id_names, times[2]],
    )
    name = target_label(parts[0], channels, target_pos)
    if horizon == 1:
        return X, pd.Series(target_values[:, 0], index=index, name=name)
    columns = [f"{name}_t+{k}" for k in range(1, horizon + 1)]
    return X, pd.DataFrame(target_values, index=index, columns=columns)


def _row_times(ids, checked, code, position, lengths):
    """The time stamp of each row's first target step, a sort key for it, and
    the name of the time level. Series without a time index are taken to end
    together: their rows count positions on the longest series' clock (a
    shorter series starts later), so that rows at the same time carry the
    same label. Times of different kinds do not mix."""
    indexes = [index for _, _, index, *_ in checked]
    kinds = [time_kind(index) for index in indexes]
    if len(set(kinds)) > 1:
        other = next(i for i, kind in enumerate(kinds) if kind != kinds[0])
        raise ValueError(
            f"The series of a panel must all have times of one kind, or none "
            f"(arrays, which are taken to end together): data[{ids[other]!r}] "
            f"has {kinds[other]}, data[{ids[0]!r}] has {kinds[0]}. Give every "
            f"series the same kind of index, or pass them all as arrays "
            f"(`series.to_numpy()`), which end together."
        )
    names = [f"data[{i!r}]" for i in ids]
    times = read_alike(indexes, [times for *_, times in checked], names)
    check_calendar(indexes, names, times)
    if indexes[0] is not None:
        rows = np.r_[0, np.cumsum(lengths)[:-1]][code] + position
        row_stamps = stacked(indexes)[rows]
        # date strings as the panel reads them, not each row's alone
        text = all(spells_dates(t, i) for t, i in zip(times, indexes, strict=True))
        rank = time_rank(stacked(times)[rows] if text else row_stamps, code)
        _check_label_order(ids, code, row_stamps, rank)
        return row_stamps, rank, indexes[0].name or "time"
    aligned = position - lengths[code] + lengths.max()
    return aligned, aligned, "time"


def _check_label_order(ids, code, stamps, rank):
    """Raise where the ``rank`` of a series' row times (its rows in its order,
    series after series, as ``code`` says) does not increase: labels that
    spell no date or number rank as text, which may not be their order
    ("Q1 1991" before "Q4 1990"), and the rows of the panel would be
    ordered, and cut, by it."""
    wrong = (code[1:] == code[:-1]) & (rank[1:] <= rank[:-1])
    if wrong.any():
        row = int(np.flatnonzero(wrong)[0])
        raise ValueError(
            f"The time labels of data[{ids[code[row]]!r}] spell no date or "
            f"number, so a panel orders them as text; but {stamps[row + 1]!r} "
            f"follows {stamps[row]!r} in that series and does not sort after "
            f"it. Give the series time stamps that order themselves: dates, "
            f"periods (e.g. `pd.PeriodIndex`) or step numbers."
        )
