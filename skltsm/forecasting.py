"""Forecasting past the end of a series: ``recursive_forecast``, and ``recurse``,
which feeds a model its own forecasts back. The forecast's time stamps
(``future_index``) are ``_forecast_times``', what it asks of the model, and
its checks of the model against the series, ``_forecast_model``'s."""

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted

from ._forecast_model import (
    FlatWindows,
    check_channel_names,
    check_channels,
    check_model_target,
    model_horizon,
    reads_state,
    window_length,
    window_model,
)
from ._forecast_times import (
    forecast_times,
    future_index,
    panel_index,
    with_panel_frequency,
)
from ._future import future_positions
from ._future_values import (
    check_future_table,
    check_future_times,
    check_known,
    known_future,
    panel_future,
    with_leads,
)
from ._panel import check_same_channels, is_panel, panel_parts
from ._series_validation import check_series, target_label, time_index
from ._validation import check_positive_int
from .uncertainty import predict_quantiles, quantile_levels_of

# future_index is defined in _forecast_times, and named here too: code that
# imports it from here, where it was defined before, keeps working
__all__ = ["future_index", "recurse", "recursive_forecast"]


def recursive_forecast(
    estimator,
    series,
    steps,
    *,
    target=None,
    future=None,
    window=None,
    future_columns=None,
    quantiles=False,
):
    """Forecast ``steps`` values past the end of a series from a fitted model.

    The model is fitted on windows from :func:`make_supervised` and predicts the
    next ``H`` values of the target from a window (``H = 1`` or the ``horizon``
    it was fitted on). Starting from the last ``window`` rows of ``series``,
    each round predicts ``H`` values and appends them to the history, until
    ``steps`` values are forecast: a one-step model is applied recursively, a
    model with ``H ≥ steps`` forecasts directly, and in between it runs in
    blocks of ``H``.

    A model that reads other channels besides the target needs their values
    at the forecast times it reads as inputs: ``future`` gives them (they are
    known in advance, like a calendar, or are scenarios).

    Parameters
    ----------
    estimator : fitted regressor or pipeline
        Takes windows of shape ``(n, window, n_channels)``: an
        ``LSTMRegressor``, a pipeline starting with ``SlidingWindow``, a
        ``GridSearchCV`` over one. For a series of one channel, a model
        fitted on its windows as rows of lags, ``(n, window)``, is fed them
        so (as a DataFrame of the lags' names, where it was fitted on one), as
        :func:`make_forecast_scorer` feeds it.
    series : array-like, pandas Series or DataFrame of shape (n_timesteps,) or \
            (n_timesteps, n_channels)
        The history, oldest first, with the channels the model reads in the
        order it read them, in the units it was fitted on; at least
        ``window`` rows. A model that names its channels (a ``SlidingWindow``
        given ``channel_names``) refuses a DataFrame whose columns hold them
        in another order (a ``ValueError`` names both orders); others, such
        as a network fitted on the windows of :func:`make_supervised` (arrays,
        which name no channel), cannot tell, and would read each column in
        the place of the channel it was fitted on.
    steps : int
        The number of future values to forecast.
    target : label or int, default=None
        The target channel of ``series``, as in :func:`make_supervised`; needed
        when there are several channels. A model that reads the target from
        its ``target_channel`` (the baselines, ``LastValueRidge``, a network
        with a ``window_norm``) must find it in that channel of ``series``:
        a ``ValueError`` says where it does not. No other model records which
        channel it was fitted to forecast: ``target`` must name that one, or
        the forecasts of that channel are fed back as another's.
    future : array-like or DataFrame, default=None
        The other channels at the forecast times, in their order in ``series``:
        an array of shape (n_future, n_channels - 1) whose row ``k`` is the
        time ``k + 1`` steps past the end of ``series``, or a DataFrame with
        those columns indexed by the forecast times (see
        :func:`future_index`; a pandas Series, for one channel, is matched by
        its index too, and by its name where it has one; a ``TypeError`` says
        where its index holds another kind of time). The rows that the
        forecast reads must be there: with a model of horizon ``H``, the first
        ``H · (ceil(steps / H) - 1)`` (``steps - 1`` for a one-step model); a
        ``ValueError`` names the missing time stamps, and those given twice.
        The columns read must hold numbers (a ``TypeError`` names the others),
        finite at the forecast times (a ``ValueError`` names an infinite
        one, where NaN is a value not given); the columns not read are left
        alone. For a panel of series, a panel of their futures: a dict by the
        same keys, a (series, time) ``MultiIndex`` by the same ids, or, for a
        list of series only, a list in the same order (a list for a dict is
        refused).
    window : int, default=None
        The number of past rows the model reads. By default its
        ``n_features_in_``, which for windows is their length.
    future_columns : list of labels or ints, default=None
        The columns that the model reads as inputs known in advance, as given
        to ``make_supervised(future=...)``, in any order (the lead channels
        follow the series' column order in both): they are built here,
        from ``series`` and ``future``, which must then give those columns at
        every step of the last block forecast (``H · ceil(steps / H)`` steps
        for a model of horizon ``H``).
    quantiles : bool, default=False
        Forecast the quantiles of a model fitted with ``quantiles`` (see
        :func:`predict_quantiles`) instead of its point forecast. They come
        from one direct forecast of ``H ≥ steps`` steps: feeding a quantile
        back as an input would not give the quantiles of the steps after it
        (a sum's quantiles are not the sums of quantiles), so a model of
        horizon ``H < steps`` is refused, before ``future`` is searched for
        the known inputs of its steps; fit it with
        ``make_supervised(horizon=steps)``.

    Returns
    -------
    forecast : ndarray or pandas Series of shape (steps,)
        For a pandas ``series``, a Series named like the target on the next
        ``steps`` time stamps (see :func:`future_index`). With ``quantiles``,
        an array of shape (steps, n_quantiles), or a DataFrame with one
        column per level; for a panel, in the panel's form.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LinearRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from skltsm import SlidingWindow, make_supervised, recursive_forecast
    >>> series = np.arange(20.0)
    >>> X, y = make_supervised(series, history=3)
    >>> model = make_pipeline(SlidingWindow(flatten=True), LinearRegression())
    >>> recursive_forecast(model.fit(X, y), series, steps=4).round(6)
    array([20., 21., 22., 23.])

    With a second channel, known in advance (here, the time itself):

    >>> data = np.column_stack([np.arange(20.0) ** 2, np.arange(20.0)])
    >>> X, y = make_supervised(data, history=2, target=0)
    >>> model = make_pipeline(SlidingWindow(flatten=True), LinearRegression())
    >>> forecast = recursive_forecast(
    ...     model.fit(X, y), data, steps=3, target=0, future=[[20.0], [21.0]]
    ... )
    >>> forecast.round(6)
    array([400., 441., 484.])
    """
    check_is_fitted(estimator)
    steps = check_positive_int(steps, "steps")
    window = window_length(estimator, window)
    panel = is_panel(series)
    if panel:
        ids, parts, id_names = panel_parts(series)
        futures = panel_future(
            future, ids, by_position=isinstance(series, list | tuple)
        )
        futures = [futures.get(i) for i in ids]
        names = [f"series[{i!r}]" for i in ids]
    else:
        # a series' future by its times, as panel_parts gives a panel's
        if isinstance(future, pd.Series | pd.DataFrame):
            future = future.set_axis(time_index(future.index))
        parts, futures, names = [series], [future], ["series"]
    checked = [
        check_series(part, target=target, name=name)
        for part, name in zip(parts, names, strict=True)
    ]
    short = [(n, len(v)) for n, (v, *_) in zip(names, checked, strict=True)]
    short = [(n, length) for n, length in short if length < window]
    if short:
        shown = ", ".join(f"{n} ({length} rows)" for n, length in short[:5])
        raise ValueError(f"{shown}: fewer than window={window}.")
    if panel:
        check_same_channels(parts, checked, names)
    channels, target_pos = checked[0][1], checked[0][3]
    positions = future_positions(
        future_columns,
        channels,
        by_label=isinstance(parts[0], pd.DataFrame),
        target_pos=target_pos,
        name="future_columns",
    )
    check_channels(estimator, len(channels), len(positions))
    check_model_target(estimator, target_pos, channels, len(positions))
    if isinstance(parts[0], pd.DataFrame):  # columns by name
        check_channel_names(estimator, channels, None if panel else series.columns)
    others = [c for c in range(len(channels)) if c != target_pos]
    future_names = [f"future[{i!r}]" for i in ids] if panel else ["future"]
    futures = [
        check_future_table(given, [channels[c] for c in others], name)
        for given, name in zip(futures, future_names, strict=True)
    ]
    # rows past the end that the forecast may read: with inputs known in
    # advance, those of the whole last block of H steps
    n_ahead = steps
    if positions:
        horizon = model_horizon(estimator, checked[0][0][-window:], positions)
        if quantiles:  # refused before the inputs of blocks it never reads
            _check_quantile_steps(horizon, steps)
        n_ahead = horizon * -(-steps // horizon)
    whose = [f" of series {i!r}" for i in ids] if panel else [""]
    indexes = [index for _, _, index, *_ in checked]
    times = [
        None if index is None else forecast_times(index, n_ahead, of)
        for index, of in zip(with_panel_frequency(indexes), whose, strict=True)
    ]
    for given, stamps, name in zip(futures, times, future_names, strict=True):
        check_future_times(given, stamps, name)
    histories, known = [], []
    for (values, *_), given, stamps, of in zip(
        checked, futures, times, whose, strict=True
    ):
        rows = known_future(given, others, channels, stamps, n_ahead, of)
        history = values[-window:]
        if positions:
            history, rows = with_leads(
                values, rows, others, positions, horizon, window, channels, stamps, of
            )
        histories.append(history)
        known.append(rows)
    if quantiles:
        levels = quantile_levels_of(estimator)
        forecasts = _direct_quantiles(estimator, np.stack(histories), steps, window)
    else:
        levels = None
        histories = np.stack(histories)
        forecasts = recurse(
            window_model(estimator, histories),
            histories,
            steps,
            target_pos=target_pos,
            known=None if known[0] is None else np.stack(known),
            future_times=times,
            # the lead channels come after the others (never missing where
            # read: with_leads has checked them)
            channel_names=[channels[c] for c in others]
            + [f"{channels[p]} (lead)" for p in positions],
            series_names=ids if panel else None,
        )
    times = [None if t is None else t[:steps] for t in times]
    if not panel:
        if times[0] is None:
            return forecasts[0]
        if levels is not None:
            return pd.DataFrame(forecasts[0], index=times[0], columns=levels)
        return pd.Series(
            forecasts[0], index=times[0], name=_target_name(series, target_pos)
        )
    # each series' forecast named like its own target (a dict of Series
    # sales_a, sales_b); a table's rows share one name
    # (its label as pandas holds it, as make_supervised names y)
    targets = [
        target_label(part, part_channels, target_pos)
        for part, (_, part_channels, *_) in zip(parts, checked, strict=True)
    ]
    return _panel_output(series, forecasts, ids, id_names, times, targets, levels)


def _direct_quantiles(estimator, histories, steps, window):
    """The quantiles of the next ``steps`` values, from one direct forecast:
    shape (n_series, steps, n_quantiles). A model of flat windows is fed
    them as :func:`recurse` feeds it (see :func:`window_model`)."""
    windows = histories[:, -window:]
    model = window_model(estimator, windows)
    if isinstance(model, FlatWindows):
        windows = model.lags(windows)
    forecast = predict_quantiles(estimator, windows)
    if forecast.ndim == 2:  # a one-step model
        forecast = forecast[:, np.newaxis, :]
    _check_quantile_steps(forecast.shape[1], steps)
    return forecast[:, :steps]


def _check_quantile_steps(horizon, steps):
    """Refuse quantiles of more ``steps`` than the model's ``horizon``."""
    if horizon < steps:
        raise ValueError(
            f"Quantiles come from one direct forecast, and this model forecasts "
            f"{horizon} step(s) at once, fewer than steps={steps}: a "
            "forecast fed back as an input has no quantiles of its own. Fit the "
            f"model on `make_supervised(..., horizon={steps})`."
        )


def recurse(
    estimator,
    histories,
    steps,
    *,
    target_pos=0,
    known=None,
    future_times=None,
    channel_names=None,
    series_names=None,
):
    """Forecast ``steps`` values past each of several histories, at once.

    Each round predicts the next ``H`` values of every history in one call,
    and appends them (with the other channels' known values) to it.

    Parameters
    ----------
    estimator : fitted regressor
    histories : ndarray of shape (n_series, window, n_channels)
        The last window of each series.
    steps : int
    target_pos : int, default=0
        The target channel.
    known : ndarray of shape (n_series, steps, n_channels - 1), default=None
        The other channels at the forecast times (NaN where not given).
    future_times : list, default=None
        Each series' forecast times, to name missing ones in errors.
    channel_names : list, default=None
        The names of the other channels, to name them in errors.
    series_names : list, default=None
        The names of the series (a panel's keys), to name them in errors.

    Returns
    -------
    forecasts : ndarray of shape (n_series, steps)
    """
    n_series, window, n_channels = histories.shape
    others = [c for c in range(n_channels) if c != target_pos]
    history, done = histories, []
    while sum(block.shape[1] for block in done) < steps:
        predicted = np.asarray(estimator.predict(history[:, -window:]))
        predicted = predicted.reshape(n_series, -1)
        n_done = sum(block.shape[1] for block in done)
        if not done:  # the model's horizon is known: check what is read
            n_read = predicted.shape[1] * (-(-steps // predicted.shape[1]) - 1)
            if n_read and reads_state(estimator):
                raise ValueError(
                    f"The model reads the Holt-Winters smoothing's state "
                    f"(smoothing='state'), which at the steps ahead reads their "
                    f"values: it forecasts its horizon ({predicted.shape[1]} "
                    f"steps) from a series' end at once, and no further; "
                    f"{steps} steps were asked for."
                )
            check_known(known, n_read, future_times, channel_names, series_names)
        block = np.full((n_series, predicted.shape[1], n_channels), np.nan)
        block[:, :, target_pos] = predicted
        if others:
            rows = known[:, n_done : n_done + predicted.shape[1]]
            block[:, : rows.shape[1], others] = rows
        history = np.concatenate([history, block], axis=1)
        done.append(predicted)
    return np.concatenate(done, axis=1)[:, :steps]


def _panel_output(panel, forecasts, ids, id_names, times, names, levels=None):
    """The forecasts of a panel's series, in the panel's own form: Series
    (named by ``names``, one per series), or DataFrames with a column per
    quantile level."""

    def frame(values, index, name):
        if levels is None:
            return pd.Series(values, index=index, name=name)
        return pd.DataFrame(values, index=index, columns=levels)

    if isinstance(panel, dict | list | tuple):
        out = [
            f if t is None else frame(f, t, name)
            for f, t, name in zip(forecasts, times, names, strict=True)
        ]
        return dict(zip(ids, out, strict=True)) if isinstance(panel, dict) else out
    index = panel_index(ids, id_names, times, panel.index.names[-1])
    return frame(forecasts.reshape(len(index), *forecasts.shape[2:]), index, names[0])


def _target_name(series, target_pos):
    """The name of one series' forecast: its target's label (see
    ``target_label``), ``None`` for an array or an unnamed Series."""
    if isinstance(series, pd.DataFrame) or getattr(series, "name", None) is not None:
        return target_label(series, None, target_pos)
    return None
