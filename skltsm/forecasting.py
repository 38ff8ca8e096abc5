"""Forecasting past the end of a series: ``recursive_forecast``, and ``recurse``,
which feeds a model its own forecasts back. The forecast's time stamps
(``future_index``) are ``_forecast_times``'."""

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted

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
from ._validation import check_positive_int, final_steps, fitted_attribute
from .uncertainty import predict_quantiles, quantile_levels_of

# future_index is defined in _forecast_times, and named here too: code that
# imports it from here, where it was defined before, keeps working
__all__ = ["FlatWindows", "future_index", "recurse", "recursive_forecast"]


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
    window = _model_window(estimator, window)
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
    _check_channels(estimator, len(channels), len(positions))
    _check_target_channel(estimator, target_pos, channels, len(positions))
    if isinstance(parts[0], pd.DataFrame):  # columns by name
        _check_channel_names(estimator, channels, None if panel else series.columns)
    others = [c for c in range(len(channels)) if c != target_pos]
    future_names = [f"future[{i!r}]" for i in ids] if panel else ["future"]
    for given, name in zip(futures, future_names, strict=True):
        check_future_table(given, [channels[c] for c in others], name)
    # rows past the end that the forecast may read: with inputs known in
    # advance, those of the whole last block of H steps
    n_ahead = steps
    if positions:
        horizon = _model_horizon(estimator, checked[0][0][-window:], positions)
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
            _window_model(estimator, histories),
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
    them as :func:`recurse` feeds it (see :func:`_window_model`)."""
    windows = histories[:, -window:]
    model = _window_model(estimator, windows)
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


def _check_channels(estimator, n_channels, n_leads):
    """A clear error where the model reads more or fewer channels than the
    series gives with the lead channels of ``future_columns``."""
    # the channels read in each window, by the first step that knows
    fitted = fitted_attribute(estimator, "n_channels_in_")
    total = n_channels + n_leads
    if fitted is None or fitted == total:
        return
    given = f"`series` has {n_channels}"
    if n_leads:
        given += f" and `future_columns` adds {n_leads}, {total} in all"
    if fitted > total:
        advice = (
            "Pass the channels it was fitted on; a model trained with inputs "
            "known in advance (`make_supervised(future=[...])`) also reads a "
            "lead channel for each: name the same columns in `future_columns`, "
            "and give their values past the end in `future`."
        )
    elif n_leads:
        advice = (
            "A model trained without inputs known in advance is forecast "
            "without `future_columns`; with them, train it on "
            "`make_supervised(future=[...])`."
        )
    else:
        advice = "Pass the channels it was fitted on."
    if fitted == total - 1:
        # the windows of make_supervised(target_as_input=False) lack the
        # target: the same count as a model without one lead channel
        advice += (
            " Or it was trained without the target among its inputs "
            "(`make_supervised(target_as_input=False)`): a recursive forecast "
            "feeds its forecasts back in the target's channel, so it needs a "
            "model that reads the target (target_as_input=True, the default)."
        )
    raise ValueError(
        f"The model was fitted on {fitted} channels, and {given}. {advice}"
    )


def _check_target_channel(estimator, target_pos, channels, n_leads):
    """A clear error where the model reads the target's level from another
    channel of its windows (its ``target_channel``) than the one ``target``
    names in the series: its forecasts would be that channel's, fed back as
    the target's, silently. Each model that a wrapper forecasts with (a
    conformal, combined or target-transformed one) is checked."""
    _, final = final_steps(estimator)
    wrapped = _wrapped_models(final)
    if wrapped:
        for model in wrapped:
            _check_target_channel(model, target_pos, channels, n_leads)
        return
    channel = getattr(final, "target_channel", None)
    if (
        channel is None
        or channel == target_pos
        # a network reads it for its window norm only; a step that changes
        # the channels (flattened windows) leaves the positions unknown
        or getattr(final, "window_norm", "") is None
        or getattr(final, "n_channels_in_", None) != len(channels) + n_leads
    ):
        return
    read = repr(channels[channel]) if channel < len(channels) else "a lead channel"
    raise ValueError(
        f"The model reads the target from channel {channel} of its windows "
        f"(target_channel={channel}), and `target` is channel {target_pos} of "
        f"`series` ({channels[target_pos]!r}): it would forecast {read} in "
        "its place. Pass the series with its channels in the order the model "
        f"was fitted on, or refit it with target_channel={target_pos}."
    )


def _check_channel_names(estimator, channels, columns=None):
    """A clear error where the model names the channels it reads (see
    :func:`_channel_names`) and the series' columns ``channels`` (named as
    text) hold one of them in another place: it would read that channel in
    the place of another, and forecast from it, silently. Columns named
    otherwise tell nothing of the order: they pass. ``columns``, the labels
    of one series' columns, make the message spell its columns reordered.
    Each model that a wrapper forecasts with is checked."""
    names = _channel_names(estimator)
    if names is not None:
        read = names[: len(channels)]  # the lead channels follow
        moved = [c for i, c in enumerate(channels) if c in read and read.index(c) != i]
        if moved:
            advice = "Pass the series with its columns in the order it reads them"
            if columns is not None and sorted(read) == sorted(channels):
                ordered = [columns[channels.index(name)] for name in read]
                advice += f": `series[{ordered!r}]`"
            raise ValueError(
                f"The model reads the channels {read} in this order (the "
                f"`channel_names` it was fitted with), and `series` has them as "
                f"{channels}: it would read {moved[0]!r} in the place of "
                f"{read[channels.index(moved[0])]!r}. {advice}."
            )
    _, final = final_steps(estimator)
    for model in _wrapped_models(final):
        _check_channel_names(model, channels, columns)


def _channel_names(estimator):
    """The names of the channels that the model reads, in their order: the
    ``channel_names`` of its first step given them (a ``SlidingWindow``);
    ``None`` where none is, as for a network, fitted on windows of
    :func:`make_supervised`, which are arrays and name no channel."""
    transforms, final = final_steps(estimator)
    for step in (*transforms, final):
        names = getattr(step, "channel_names", None)
        if names is not None and getattr(step, "n_channels_in_", None):
            return [str(name) for name in names]
    return None


def _window_model(estimator, histories):
    """``estimator`` as :func:`recurse` feeds it windows of shape (n, window,
    1): one fitted on windows of one channel as rows of lags, (n, window)
    (as :func:`make_forecast_scorer` takes them, and tunes it), is fed them
    so: as a DataFrame of its lags' names where it was fitted on one (a model
    of skltsm's too, which takes windows of three dimensions but warns of
    them without those names). Else told by its first forecast, where no step
    says its channels."""
    if histories.shape[2] != 1:
        return estimator
    columns = _lag_names(estimator)
    if columns is not None:  # fitted on a table of lags: two dimensions
        return FlatWindows(estimator, columns)
    if _says_channels(estimator):
        return estimator
    try:
        estimator.predict(histories[:1])
    except Exception as error:
        flat = FlatWindows(estimator)
        try:
            flat.predict(histories[:1])
        except Exception:
            raise error from None
        return flat
    return estimator


def _lag_names(estimator):
    """The names of the lags of a model fitted on a table of them: the
    ``feature_names_in_`` of its first step that has them, where no step
    before it says its channels (fitted on windows of three dimensions, whose
    later step may name the flattened windows' columns); ``None`` else."""
    transforms, final = final_steps(estimator)
    for step in (*transforms, final):
        names = getattr(step, "feature_names_in_", None)
        if names is not None:
            return names
        if getattr(step, "n_channels_in_", None):
            return None
    return None


def _says_channels(estimator):
    """Whether a step of the model, or of a model it wraps, says how many
    channels its windows hold: it takes them in three dimensions."""
    if fitted_attribute(estimator, "n_channels_in_"):
        return True
    _, final = final_steps(estimator)
    return any(_says_channels(model) for model in _wrapped_models(final))


class FlatWindows:
    """A model fitted on windows of one channel as rows of lags, shape (n,
    window), fed windows of shape (n, window, 1): as a DataFrame of
    ``columns`` where it was fitted on one."""

    def __init__(self, estimator, columns=None):
        self.estimator = estimator
        self.columns = columns

    def lags(self, X):
        """The windows ``X``, shape (n, window, 1), as the model's rows of
        lags."""
        X = X[:, :, 0]
        return X if self.columns is None else pd.DataFrame(X, columns=self.columns)

    def predict(self, X):
        return self.estimator.predict(self.lags(X))


def _wrapped_models(estimator):
    """The fitted models that a wrapper forecasts with, passing the windows
    on as they are: the ``estimators_`` of a combination (``CombinedRegressor``,
    scikit-learn's ``VotingRegressor``), the ``estimator_`` of a
    ``ConformalRegressor``, the ``regressor_`` of a
    ``TransformedTargetRegressor``; ``[]`` for any other model."""
    members = getattr(estimator, "estimators_", None)
    if isinstance(members, list):
        return members
    inner = (getattr(estimator, name, None) for name in ("estimator_", "regressor_"))
    return [model for model in inner if model is not None][:1]


def _model_horizon(estimator, last, positions):
    """How many steps the model forecasts at once (asked of it once), of the
    window ``last`` of a series, with lead channels for the columns of
    ``positions`` that hold no channel moved any number of steps: a lead
    channel that held its column unmoved would be read as leads built for
    another horizon where the column repeats (a weekday 7 days on).

    The leads are their columns raised above ``1`` (by one more than the
    column's largest magnitude), values that every step of the model takes:
    a window of zeros would be refused by a log."""
    columns = last[:, positions]
    lifted = columns + 1 + np.abs(columns).max(axis=0, initial=0)
    probe = np.concatenate([last, lifted], axis=1)[np.newaxis]
    return np.asarray(estimator.predict(probe)).reshape(1, -1).shape[1]


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
            if n_read and _reads_state(estimator):
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


def _reads_state(estimator):
    """Whether ``estimator`` (or a step or member of it) reads the smoothing's
    state channels (``smoothing="state"``)."""
    # a fitted search forecasts with its best estimator, whose smoothing
    # the search's own parameters do not show
    best = getattr(estimator, "best_estimator_", None)
    if best is not None:
        return _reads_state(best)
    get_params = getattr(estimator, "get_params", None)
    params = get_params(deep=True) if get_params is not None else {}
    return any(
        name.rsplit("__", 1)[-1] == "smoothing"
        and isinstance(value, str)
        and value == "state"
        for name, value in params.items()
    ) or any(
        _reads_state(value)
        for value in params.values()
        if getattr(value, "best_estimator_", None) is not None
    )


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


def _model_window(estimator, window):
    if window is None:
        # the first step that knows it (a pipeline may start with a step
        # left out, None, whose n_features_in_ the pipeline cannot read)
        window = fitted_attribute(estimator, "n_features_in_")
        if window is None:
            raise ValueError(
                "Cannot tell the window length of the estimator: pass `window`."
            )
    return check_positive_int(window, "window")


def _target_name(series, target_pos):
    """The name of one series' forecast: its target's label (see
    ``target_label``), ``None`` for an array or an unnamed Series."""
    if isinstance(series, pd.DataFrame) or getattr(series, "name", None) is not None:
        return target_label(series, None, target_pos)
    return None
