"""The series that ``skltsm.sktime.LSTMForecaster`` holds, as pure functions.

Each series of a panel by its key, its own end and the steps of a horizon
past it, its exogenous columns at given times, a panel's forecasts on sktime's
row index, and the check of the new observations that ``update`` is given.
The forecaster passes in its cutoff and the data it holds; nothing here reads
or changes an estimator, and sktime is not imported (the forecaster, which
needs sktime, is the only caller).
"""

import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler

from ._forecast_times import future_index
from ._panel_calendar import check_calendar, check_step, time_kind
from ._series_validation import same_times, time_frequency


def by_series(data):
    """``(key, part)`` of each series of ``data``, its time the only index
    level left: the key is ``None`` without a ``MultiIndex``, the series'
    values of the other levels with one; nothing for ``None``.

    >>> import pandas as pd
    >>> index = pd.MultiIndex.from_product([["a", "b"], [0, 1]])
    >>> data = pd.Series(range(4), index=index)
    >>> [(key, part.tolist()) for key, part in by_series(data)]
    [('a', [0, 1]), ('b', [2, 3])]
    """
    if data is None:
        return
    if not isinstance(data.index, pd.MultiIndex):
        yield None, data
        return
    levels = list(range(data.index.nlevels - 1))
    for key, part in data.groupby(
        level=levels[0] if len(levels) == 1 else levels, sort=False
    ):
        yield key, part.droplevel(levels)


def instances(y, X):
    """``(key, y, X)`` of each series: ``key`` is ``None`` for one series,
    the series' index values (all levels but time) in a panel; ``X`` is
    ``None`` for a series that ``X`` does not hold."""
    if isinstance(y, pd.DataFrame):  # sktime's panels: one column
        y = y.iloc[:, 0]
    exog = dict(by_series(X))
    for key, part in by_series(y):
        yield key, part, exog.get(key)


def y_name(y):
    """The name of the target: a panel's one column, or the Series' name."""
    return y.columns[0] if isinstance(y, pd.DataFrame) else y.name


def series_end(y, cutoff):
    """The cutoff of series ``y``: its own last time stamp, as sktime's
    one-element index (a series of a panel may end before the others).
    Time stamps take the ``cutoff``'s frequency, or the series' own where the
    cutoff has none (sktime's, for a panel whose series keep different
    calendars)."""
    end = cutoff if y.index[-1] == cutoff[0] else y.index[-1:]
    if isinstance(end, pd.DatetimeIndex) and end.freq is None:
        freq = cutoff.freq or y.index.freq or pd.infer_freq(y.index)
        end = pd.DatetimeIndex(end, freq=freq)
    return end


def series_step(index):
    """The step of a series' integer time ``index`` where it is constant (as
    :func:`~skltsm.future_index` continues it), else 1: sktime counts an
    integer horizon in units of the index, the series' rows in its steps."""
    if not pd.api.types.is_integer_dtype(index.dtype) or len(index) < 2:
        return 1
    steps = np.unique(np.diff(np.asarray(index, dtype=np.int64)))
    return int(steps[0]) if len(steps) == 1 else 1


def steps_past_end(fh, y, cutoff):
    """The steps of the forecasting horizon ``fh`` past each series' own end,
    ``{key: steps}`` (in a panel a series may end before the ``cutoff``);
    a horizon of timedeltas counts them in the series' steps, one of
    integers in the index's units, divided by the series' own step (a
    series indexed 10, 12, ... has 72 two steps after 68). Dates are found
    among the series' own (see :func:`date_steps`). Raise for a time between
    two of a series' steps (71 there, or noon on a daily series)."""
    steps = {}
    for key, part, _ in instances(y, None):
        end = series_end(part, cutoff)
        asked = fh.to_absolute_index(end)
        if isinstance(end, pd.DatetimeIndex) and end.freq is not None:
            units, off = date_steps(asked, part.index, end)
            spacing, how = end.freqstr, "integer relative steps"
        else:
            step = series_step(part.index)
            units = np.asarray(fh.to_absolute(end).to_relative(end), dtype=int)
            off, units = units % step != 0, units // step
            spacing, how = step, f"relative steps that are multiples of {step}"
        if off.any():
            name = "y" if key is None else f"series {key!r}"
            raise ValueError(
                f"The forecasting horizon asks for {name} at {asked[off][0]}, "
                f"between two of its times: its index steps by {spacing}, from "
                f"{end[0]}. Ask for times on its steps ({how}), or index it by "
                "positions, e.g. `y.reset_index(drop=True)`."
            )
        steps[key] = units
    return steps


def date_steps(asked, index, end):
    """The steps from ``end``, the last date of the series of dates ``index``
    (with its frequency), to each date ``asked``, and which of those after it
    fall between two of the dates that continue the series (as
    :func:`~skltsm.future_index` continues them): ``(steps, off)``. A date up
    to the end is a step of 0 or less.

    sktime counts steps in periods, which drop a time zone: across a change
    of clocks an hourly series had a step asked twice or an hour between two
    of its own. Here a date is the one the series' own step reaches.

    >>> import pandas as pd
    >>> hours = pd.date_range("2024-03-30 22:00", periods=2, freq="h",
    ...                       tz="Europe/Berlin")
    >>> asked = pd.DatetimeIndex(["2024-03-31 03:00", "2024-03-31 03:30"],
    ...                          tz="Europe/Berlin")
    >>> date_steps(asked, hours, hours[-1:])
    (array([3, 0]), array([False,  True]))
    """
    steps = index.searchsorted(asked, side="right") - len(index)
    later = np.asarray(asked > end[0])
    off = np.zeros(len(asked), dtype=bool)
    if later.any():
        # as many dates as reach the last asked, doubling their number
        n_dates = 1
        while (ahead := future_index(end, n_dates))[-1] < asked.max():
            n_dates *= 2
        found = ahead.get_indexer(asked[later])
        steps[later], off[later] = found + 1, found < 0
    return steps, off


def check_times(y, owner):
    """Raise for ``y`` indexed by elapsed times (a ``TimedeltaIndex``, or a
    panel's time level of them), naming ``owner``, who reads it: sktime's
    ``ForecastingHorizon`` reads elapsed times as steps after the cutoff, and
    has no absolute ones to name the times that a forecast of them holds, so
    none of sktime's forecasters forecasts them."""
    times = y.index.get_level_values(-1)
    if not isinstance(times, pd.TimedeltaIndex):
        return
    panel = isinstance(y.index, pd.MultiIndex)
    given = "a panel whose time level holds" if panel else "y indexed by"
    dated = (
        "y.index.set_levels(pd.Timestamp(0) + y.index.levels[-1], level=-1)"
        if panel
        else "pd.Timestamp(0) + y.index"
    )
    raise TypeError(
        f"{owner} cannot forecast {given} elapsed times (a TimedeltaIndex, "
        f"{times.min()} to {times.max()}): sktime's ForecastingHorizon reads "
        "elapsed times as steps after the cutoff, and has no absolute ones to "
        "name the times forecast, so sktime's forecasters do not forecast "
        "them. Index y by dates from a start of your choosing, e.g. "
        f"`y.index = {dated}`, or by positions; skltsm's recursive_forecast "
        "forecasts elapsed times as they are."
    )


def check_frequency(y, owner):
    """Raise for a series of ``y`` whose dates have no frequency, set or
    inferable (a gap, irregular times), whose periods lack some between its
    first and last, or whose integer times do not all step alike, naming
    ``owner``, who reads it."""
    for key, part, _ in instances(y, None):
        if isinstance(part.index, pd.PeriodIndex):
            # periods keep their frequency across a gap, which the windows
            # would read as one step
            check_calendar([part.index], ["y" if key is None else f"series {key!r}"])
        if pd.api.types.is_integer_dtype(part.index.dtype):
            _check_integer_steps(part.index, key, owner)
        dates = isinstance(part.index, pd.DatetimeIndex) and len(part) > 2
        if dates and time_frequency(part.index) is None:
            # a window would run over a gap as if it were one step, and
            # sktime cannot count a horizon's steps past the end: a gap in
            # the series' own step is named, with its fill
            name = "y" if key is None else f"series {key!r}"
            step = check_step(part.index, name)
            raise ValueError(
                f"{owner} reads each series as steps of one frequency, but the "
                f"dates of {name} have no frequency (a gap, or irregular times). "
                "Resample it to a regular one first, e.g. "
                f"`y.resample('{step.freqstr}').mean()`."
            )


def _check_integer_steps(index, key, owner):
    """Raise where the integer times ``index`` of series ``key`` do not all
    step alike (a gap, or a time between two steps), naming the first step
    unlike the one before and ``owner``, who reads them.

    >>> import pandas as pd
    >>> _check_integer_steps(pd.Index([0, 2, 4, 8]), None, "LSTMForecaster")
    Traceback (most recent call last):
    ...
    ValueError: The times of y step by 2 from 0, and by 4 from 4 to 8: ...
    """
    steps = np.diff(np.asarray(index, dtype=np.int64))
    uneven = np.flatnonzero(steps != steps[:1])
    if not len(uneven):
        return
    at = uneven[0]
    name = "y" if key is None else f"series {key!r}"
    # the one step of which every time is a multiple: the rows of a gap
    step = int(np.gcd.reduce(steps))
    raise ValueError(
        f"The times of {name} step by {steps[0]} from {index[0]}, and by "
        f"{steps[at]} from {index[at]} to {index[at + 1]}: {owner} reads each "
        "series as steps of one length, and its windows would read these "
        "alike, holding more (or less) time than their rows. Give it a row at "
        f"each step, e.g. `series.reindex(range(first, last + 1, {step}))`, "
        "and fill the values, e.g. with `.interpolate()`."
    )


def panel(parts, names):
    """The forecasts of a panel's series, ``{key: Series or DataFrame}``, as
    one, on sktime's row index: the series' levels, then time (``names``, the
    index names of the panel held)."""
    y_pred = pd.concat(parts, names=names[:-1])
    y_pred.index = y_pred.index.set_names(names)
    return y_pred


def check_finite(values, times, which, owner):
    """Raise if ``values``, one row per time of ``times``, hold an infinite
    value (sktime refuses NaN, not infinity), naming ``which`` values they
    are, their first such time and ``owner``, who reads them."""
    infinite = np.isinf(values.reshape(len(times), -1)).any(axis=1)
    if infinite.any():
        n = int(infinite.sum())
        raise ValueError(
            f"{owner} reads finite numbers, but {which} has {n} infinite "
            f"value{'s' * (n > 1)} (the first at {times[infinite.argmax()]}). "
            "Replace or drop them."
        )


def exog_at(times, X, columns, which, owner, given=None):
    """The exogenous ``columns`` at ``times``, as an array; raise if any is
    missing (``X`` is ``None`` for a series that X does not hold), naming the
    columns without a value and those that ``given``, the X the user passed,
    lacks. ``which`` says what ``times`` are, and ``owner`` who reads them, in
    the error."""
    if X is None:
        X = pd.DataFrame(columns=columns, dtype=float)
    values = X.reindex(index=times, columns=columns)
    gaps = values.isna()
    missing = gaps.any(axis=1)
    if missing.any() and given is not None and len(given.index):
        # rows of another kind of time match none of the times read: say so,
        # not that X lacks the times, which the user may see in X's index
        kinds = [time_kind(i.get_level_values(-1)) for i in (given.index, values.index)]
        if kinds[0] != kinds[1]:
            raise TypeError(
                f"{owner} reads X at {which}, which are {kinds[1]}, and the X "
                f"passed is indexed by {kinds[0]}: none of its rows can be "
                "matched to them. Index X by the times of y, as in fit."
            )
    if missing.any():
        stamps = [str(t) for t in values.index[missing.to_numpy()]]
        shown = ", ".join(stamps[:5]) + (", …" if len(stamps) > 5 else "")
        lacking = [c for c in columns if gaps[c].any()]
        absent = [] if given is None else [c for c in columns if c not in given]
        passed = (
            f" The X passed has no column {_names(absent)} (its columns are "
            f"{list(given.columns)})."
            if absent
            else ""
        )
        raise ValueError(
            f"{owner} was fitted with exogenous X and reads its columns {columns} "
            f"at every step of its windows, but X has no value at {len(stamps)} "
            f"of {which}: {shown}, in its column{'s' * (len(lacking) > 1)} "
            f"{_names(lacking)}.{passed} Pass X with the columns {columns} at "
            "these times."
        )
    values = values.to_numpy(dtype=float)
    check_finite(values, times, f"X at {which}", owner)
    return values


def _names(columns):
    """``columns`` in an error: ``'b'`` for one, ``['b', 'c']`` for more."""
    return repr(columns[0]) if len(columns) == 1 else repr(columns)


def window_exog(y, known, X, future, *, window, columns, key, owner):
    """X over the last ``window`` steps of ``y`` and the times ``future``
    after its end, as an array: the history's from ``known``, the future's
    from ``X`` (which may also revise the history's)."""
    known = known if X is None else X.combine_first(known)
    n_steps = len(future)
    which = (
        f"the {n_steps} steps after the cutoff that this forecast reads "
        f"(1 … {n_steps})" + ("" if key is None else f" of series {key!r}")
    )
    times = y.index[-window:].append(future)
    return exog_at(times, known, columns, which, owner, given=X)


def scaled_channels(y, X, columns, *, window, lead, owner):
    """Each series of ``y``, with the exogenous ``columns`` of ``X`` at its
    times (``columns`` is ``None`` without X), standardised: ``y`` by each
    series' own scale, X by one scale across the panel (see
    :func:`standardised`). Return ``({key: values}, {key: scaler},
    exog_scaler)``, ``values`` of shape ``(n, 1 + n_columns)``, each scaler
    fitted on its series' ``y`` alone, ``exog_scaler`` on every series' rows of
    X (``None`` without X). Raise for a series too short for a window of
    ``window`` steps and its ``lead`` steps ahead, naming ``owner``, the
    forecaster."""
    raw, scalers = {}, {}
    for key, part, exog in instances(y, X):
        if len(part) < window + lead:
            raise ValueError(
                f"{owner} needs at least window_length + {lead} "
                f"= {window + lead} observations to fit, got {len(part)}"
                f"{'' if key is None else f' in series {key!r}'}. Use a "
                "smaller `window_length` or a longer series."
            )
        values = part.to_numpy(dtype=float).reshape(-1, 1)
        name = "y" + ("" if key is None else f" {key!r}")
        check_finite(values, part.index, name, owner)
        # series differ in scale: each is read, and forecast, in its own
        scalers[key] = _scaler(values)
        if columns is not None:
            which = f"the times of {name}"
            values = np.hstack(
                [values, exog_at(part.index, exog, columns, which, owner)]
            )
        raw[key] = values
    # X in one scale for the panel, as the regressors' lead channels are in
    # their training statistics: a column constant within each series (a
    # region's code) would be 0 in every series by its own
    exog_scaler = None
    if columns is not None:
        exog_scaler = _scaler(np.vstack([values[:, 1:] for values in raw.values()]))
    channels = {
        key: standardised(values, scalers[key], exog_scaler)
        for key, values in raw.items()
    }
    return channels, scalers, exog_scaler


def _scaler(values):
    """A ``StandardScaler`` fitted on ``values``; arrays out, whatever the
    user's ``transform_output``."""
    return StandardScaler().set_output(transform="default").fit(values)


def standardised(values, scaler, exog_scaler):
    """``values`` (shape ``(n, 1 + n_columns)``, ``y`` then the columns of X,
    NaN where unknown) as the network reads them: ``y`` by its series'
    ``scaler``, X by ``exog_scaler`` (``None`` without X). The LSTM's gates
    saturate on raw values; a ``window_norm`` is invariant to this."""
    columns = [scaler.transform(values[:, :1])]
    if exog_scaler is not None:
        columns.append(exog_scaler.transform(values[:, 1:]))
    return np.hstack(columns)


def on_clock_of(data, held):
    """``data`` (new observations of the series ``held``, or their X) with
    its times in the time zone of ``held``'s, where both have one: the same
    instants, on the clock that the series were fitted on, which they are
    compared and held on (sktime's own forecasters hold them in UTC, pandas'
    union of two zones). ``None`` for ``None``; other times as they are."""
    if data is None:
        return None
    zone = getattr(held.index.get_level_values(-1), "tz", None)
    if zone is None or getattr(data.index.get_level_values(-1), "tz", None) is None:
        return data
    level = -1 if isinstance(data.index, pd.MultiIndex) else None
    return data.tz_convert(zone, level=level)


def check_update(held, y, update_params, owner):
    """Refuse new observations ``y`` that do not continue their series in
    ``held`` (a gap, another frequency), or hold an infinite value, and new
    series without a refit (the network has no scale for them); ``owner``
    reads them. ``y`` is on the clock of ``held`` (``on_clock_of``): the same
    instants in another time zone continue it."""
    seen = {key: part for key, part, _ in instances(held, None)}
    for key, new, _ in instances(y, None):
        name = "y" if key is None else f"series {key!r}"
        which = f"the update of {name}"
        check_finite(new.to_numpy(dtype=float), new.index, which, owner)
        if key not in seen:
            if not update_params:
                raise ValueError(
                    f"update: {name} was not seen in fit, and the network has "
                    "no scale for it: update it with update_params=True, "
                    "which fits the network again on every series."
                )
            continue
        old = seen[key].index
        try:
            after = new.index[new.index > old[-1]]
        except (TypeError, ValueError):  # times of another kind
            after, expected = new.index, None
        else:
            # the times held step alike (check_frequency): a refusal to
            # continue them would be about them, not the new ones, and is
            # let through
            expected = future_index(old, len(after)) if len(after) else after
        if expected is None or not same_times(after, expected):
            shown = list(map(str, after[:3]))
            due = ""
            if expected is not None:
                due = f", where {list(map(str, expected[:3]))} were due"
            raise ValueError(
                f"update: the new observations of {name} do not continue it: "
                f"after its last time {old[-1]} come {shown}{due}. Pass them "
                "at the next times, in the frequency it was fitted on."
            )
