"""Inputs known in advance: the columns a forecast may read over its horizon.

A column named in ``make_supervised(future=...)`` (a calendar, a plan, a
weather forecast) is known for the steps a row forecasts. Each row carries it
twice: as an ordinary channel (its values at ``t-W+1 … t``) and as a *lead*
channel, the same column moved ``H`` steps ahead, so that the lead channel of
the window that ends at ``t`` holds the column at ``t-W+1+H … t+H``: its last
``H`` steps are the values over the forecast. The lead channels come after the
inputs, so that the windows stay one strided view of one array (the series and
its lead channels side by side, one copy the size of the series), and in the
series' column order whatever order the columns are named in: a model fitted
on ``future=["a", "b"]`` and forecast with ``future_columns=["b", "a"]``
reads each column in its own place.
"""

import numpy as np

__all__ = [
    "check_lead_horizon",
    "check_lead_window",
    "check_window_keeps_leads",
    "future_positions",
    "lead_channels",
]


def future_positions(future, channels, *, by_label, target_pos, name="future"):
    """The column positions of ``future`` (labels for a DataFrame, positions
    for an array), checked: present, distinct, not the target; in the
    series' column order, whatever order they are named in."""
    if future is None:
        return []
    if isinstance(future, str | int | np.integer) or not np.iterable(future):
        future = [future]
    future = list(future)
    if not future:
        return []
    positions = []
    for column in future:
        if by_label:
            if str(column) not in channels:
                raise ValueError(
                    f"`{name}` names {column!r}, which is not a column of the data; "
                    f"choose among {channels}."
                )
            positions.append(channels.index(str(column)))
        else:
            if isinstance(column, bool) or not isinstance(column, int | np.integer):
                raise TypeError(
                    f"`{name}` names columns by label in a DataFrame and by "
                    f"position in an array; got {column!r} for data that is "
                    f"not a DataFrame (a Series is one channel, the target)."
                )
            if not -len(channels) <= column < len(channels):
                raise ValueError(
                    f"`{name}` names column {column}, but the data has "
                    f"{len(channels)} columns."
                )
            positions.append(int(column) % len(channels))  # -1: the last, as target
    if len(set(positions)) != len(positions):
        raise ValueError(f"`{name}` names a column twice: {future}.")
    if target_pos in positions:
        raise ValueError(
            f"`{name}` names the target ({channels[target_pos]!r}): the target "
            "is what is forecast, so it cannot be known in advance."
        )
    # a model knows its lead channels by place only: in one order, that of
    # the series, training and forecast build them alike however each lists
    # them (listed in another order, each would be read in another's place)
    return sorted(positions)


def check_lead_window(history, horizon):
    """Raise where windows of ``history`` steps cannot hold the ``horizon``
    steps of the known inputs over the forecast: the lead channel of the
    window that ends at ``t`` holds the column at ``t-W+1+H … t+H``, which
    misses ``t+1 … t+W-H`` when ``W < H``."""
    if history < horizon:
        raise ValueError(
            f"With `future`, each window holds the known inputs over the steps "
            f"it forecasts in its last `horizon` steps; history={history} is "
            f"shorter than horizon={horizon}, so the windows would lack them at "
            f"t+1 … t+{horizon - history}. Use history >= {horizon}."
        )


def check_lead_horizon(X, n_future, horizon):
    """Raise where a lead channel of the windows ``X`` (its last
    ``n_future`` channels) holds its column moved another number of steps
    ahead than the ``horizon`` that y forecasts: a network reads the last
    ``horizon`` steps of a lead channel as the known inputs at ``t+1 …
    t+horizon``, which lead channels built for ``h`` steps hold at ``t+h-
    horizon+1 … t+h`` (a model of ``y[:, :k]``, or one per step, fitted on
    the windows of ``make_supervised(horizon=h, future=...)``).

    A lead channel is known as in :func:`check_window_keeps_leads`: in every
    window it equals an earlier channel that many steps later. Nothing is
    refused where it equals one ``horizon`` steps later (a periodic column
    may equal it at several shifts), where the windows are too short to tell
    (``horizon`` steps or fewer), or where it equals no earlier channel (a
    lead channel built otherwise).
    """
    n_channels, length = X.shape[2], X.shape[1]
    if horizon >= length or not 0 < n_future < n_channels:
        return
    first = X[0]
    for lead in range(n_channels - n_future, n_channels):
        # the first window picks the candidates, every window confirms one
        candidates = [
            (shift, column)
            for shift in range(1, length)
            for column in range(n_channels - n_future)
            if np.array_equal(first[:-shift, lead], first[shift:, column])
        ]
        if any(shift == horizon for shift, _ in candidates):
            continue
        for shift, column in candidates:
            if np.array_equal(X[:, :-shift, lead], X[:, shift:, column]):
                start = shift - horizon + 1
                held = f"t{start:+d}" if start else "t"
                # fewer steps than the leads': one network on all of them
                other = (
                    f", or fit one network on the {shift} steps of y"
                    if shift > horizon
                    else ""
                )
                raise ValueError(
                    f"The network forecasts {horizon} step(s) (the columns of y "
                    f"at fit), but channel {lead} of X "
                    f"holds channel {column} moved {shift} steps ahead: the lead "
                    "channel of an input known in advance built for "
                    f"horizon={shift} (`make_supervised(horizon={shift}, "
                    "future=...)`). The network reads its last "
                    f"{horizon} step(s) as the values at t+1 … t+{horizon}, "
                    f"which hold them at {held} … t+{shift}. Build the windows "
                    f"with make_supervised(horizon={horizon}, future=...){other}."
                )


def check_window_keeps_leads(X, window, horizon, series=None):
    """Raise where keeping the last ``window`` steps of the windows ``X``
    (shape (n, W, n_channels)) would crop the known inputs over the
    ``horizon`` steps forecast from a lead channel: the last ``window``
    steps of one hold its column at ``t+H-window+1 … t+H``, none at
    ``t+1 … t+H-window`` when ``window < H``.

    The windows do not say which channels are lead channels; one is known
    by what makes it one: in every window it equals an earlier channel
    ``horizon`` steps later, or, in windows no longer than the horizon, in
    the window ``horizon`` rows later in the same series (the rows of one
    series, in order; ``series``, the series of each row of a panel, as
    ``row_series`` gives them, or ``None`` for one series). Channels that
    are each other moved ahead round a cycle (one-hot calendar columns) are
    none: a lead channel holds values past the end of the data; unless one
    holds the values of another channel, as the lead channel of a column of
    the cycle does. (A lead channel of a periodic input that closes a cycle
    without repeating a channel, an on/off schedule of period 2H, is not
    told from them.)
    """
    if window >= horizon or X.ndim != 3:
        return
    if X.shape[1] > horizon:
        earlier, later = X[:, :-horizon], X[:, horizon:]
    elif series is not None:
        # a panel's rows go by time, then by series: each series' rows, in
        # order (a copy, of windows no longer than the horizon)
        order = np.argsort(series, kind="stable")
        same = series[order][:-horizon] == series[order][horizon:]
        earlier, later = X[order[:-horizon][same]], X[order[horizon:][same]]
        if not len(earlier):
            return
    elif X.shape[0] > horizon:
        earlier, later = X[:-horizon], X[horizon:]
    else:
        return
    # ahead[a, b]: channel a holds channel b moved `horizon` steps ahead, in
    # every window (the first window picks the candidates); a constant
    # channel loses nothing to the crop, and two flags that never fire are
    # equal without one being the other's lead
    n_channels = X.shape[2]
    ahead = np.zeros((n_channels, n_channels), dtype=bool)
    for a in range(n_channels):
        candidates = (later[0] == earlier[0, :, a, np.newaxis]).all(axis=0)
        candidates[a] = False  # a channel of period H is not its own lead
        if not candidates.any() or np.ptp(X[:, :, a]) == 0:
            continue
        for b in np.flatnonzero(candidates):
            ahead[a, b] = np.array_equal(earlier[:, :, a], later[:, :, b])
    # a channel that leads to itself through others goes round a cycle (the
    # one-hot days of the week, Sunday at t being Monday at t+24 hours): a
    # lead channel's values H steps later are past the end of the data. But
    # the lead channel of a column of that cycle (a day's, or the hour of the
    # day's at H = 24) holds the values of another channel: it is one
    reach = ahead.copy()
    for k in range(n_channels):
        reach |= reach[:, k, np.newaxis] & reach[np.newaxis, k]
    for lead in range(n_channels):
        # a lead channel comes after its column (make_supervised appends the
        # leads to the channels): a channel beside its own lag of H steps is
        # no lead
        columns = np.flatnonzero(ahead[lead, :lead])
        if columns.size and not _repeats_a_channel(X, lead):
            columns = columns[~reach[columns, lead]]
        if columns.size:
            column = columns[0]
            raise ValueError(
                f"`window={window}` keeps fewer steps than the horizon "
                f"{horizon} that y forecasts, and channel {lead} of X holds "
                f"channel {column} moved {horizon} steps ahead: the lead "
                "channel of an input known in advance "
                "(`make_supervised(future=...)`), whose last "
                f"{horizon} steps are its values over the steps forecast. "
                f"The window would drop them at t+1 … t+{horizon - window}. "
                f"Use window >= {horizon}."
            )


def _repeats_a_channel(X, channel):
    """Whether another channel of the windows ``X`` holds the values of
    ``channel`` in every window."""
    first = X[0]
    return any(
        np.array_equal(X[:, :, channel], X[:, :, other])
        for other in range(X.shape[2])
        if other != channel and np.array_equal(first[:, channel], first[:, other])
    )


def lead_channels(values, positions, horizon):
    """The lead channel of each of ``positions``: the column moved ``horizon``
    steps ahead (row ``s`` holds row ``s + horizon``), shape
    (n_timesteps, len(positions)). Its last ``horizon`` rows lie past the end
    of the data and are NaN: only windows without a full target reach them."""
    leads = np.full((values.shape[0], len(positions)), np.nan, dtype=values.dtype)
    leads[: values.shape[0] - horizon] = values[horizon:, positions]
    return leads
