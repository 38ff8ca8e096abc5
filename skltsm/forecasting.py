"""Forecasting past the end of a series, and the scaled error to judge it by."""

import numpy as np
import pandas as pd
from sklearn.metrics import mean_absolute_error
from sklearn.utils.validation import check_is_fitted

from ._validation import check_positive_int, check_series

__all__ = [
    "future_index",
    "make_forecast_scorer",
    "mean_absolute_scaled_error",
    "recursive_forecast",
]


def recursive_forecast(estimator, series, steps, *, window=None):
    """Forecast ``steps`` values past the end of a series from a fitted model.

    The model is fitted on windows from :func:`make_supervised` and predicts the
    next ``H`` values of a window (``H = 1`` or the ``horizon`` it was fitted
    on). Starting from the last ``window`` values of ``series``, each round
    predicts ``H`` values and appends them to the history, until ``steps``
    values are forecast: a one-step model is applied recursively, a model with
    ``H ≥ steps`` forecasts directly, and in between it runs in blocks of ``H``.

    Parameters
    ----------
    estimator : fitted regressor or pipeline
        Takes windows of shape ``(n, window, 1)``: an ``LSTMRegressor``, a
        pipeline starting with ``SlidingWindow``, a ``GridSearchCV`` over one.
    series : array-like or pandas Series of shape (n_timesteps,)
        The univariate history, oldest first, in the units the model was fitted
        on; at least ``window`` values.
    steps : int
        The number of future values to forecast.
    window : int, default=None
        The number of past values the model reads. By default its
        ``n_features_in_``, which for windows is their length.

    Returns
    -------
    forecast : ndarray or pandas Series of shape (steps,)
        For a pandas ``series``, a Series named like it on the next ``steps``
        time stamps (see :func:`future_index`).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LinearRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from skltsm import SlidingWindow, make_supervised, recursive_forecast
    >>> series = np.arange(20.0)
    >>> X, y = make_supervised(series, window=3)
    >>> model = make_pipeline(SlidingWindow(flatten=True), LinearRegression())
    >>> recursive_forecast(model.fit(X, y), series, steps=4).round(6)
    array([20., 21., 22., 23.])
    """
    check_is_fitted(estimator)
    steps = check_positive_int(steps, "steps")
    if np.ndim(series) == 2 and np.shape(series)[1] != 1:
        raise ValueError(
            f"`series` has {np.shape(series)[1]} channels; a recursive forecast "
            "needs the future of every input, so it takes a univariate series only."
        )
    values, _, index, _ = check_series(series, name="series")
    if window is None:
        window = getattr(estimator, "n_features_in_", None)
        if window is None:
            raise ValueError(
                "Cannot tell the window length of the estimator: pass `window`."
            )
    window = check_positive_int(window, "window")
    if values.shape[0] < window:
        raise ValueError(
            f"`series` has {values.shape[0]} values, fewer than window={window}."
        )
    history = values[-window:, 0].copy()
    while history.size < window + steps:
        x = history[-window:].reshape(1, window, 1)
        history = np.concatenate([history, np.ravel(estimator.predict(x))])
    forecast = history[window : window + steps].copy()
    if index is None:
        return forecast
    return pd.Series(forecast, index=future_index(index, steps), name=series.name)


def make_forecast_scorer(metric=mean_absolute_error, *, greater_is_better=False):
    """A scorer that judges a model by forecasting a whole test fold.

    scikit-learn's scorers score each test row from its own true history: a
    one-step-ahead score. When the model will be used to forecast many steps
    from one origin, tune it on that instead: this scorer takes the first
    window of the fold as the only history, forecasts every row of the fold
    with :func:`recursive_forecast`, and compares with the fold's targets. The
    rows must be consecutive time steps of a univariate series, as
    ``TimeSeriesSplit`` folds of :func:`make_supervised` output are.

    Parameters
    ----------
    metric : callable, default=mean_absolute_error
        ``metric(y_true, y_pred) -> float``.
    greater_is_better : bool, default=False
        Whether a higher ``metric`` is better; if not, the scorer returns its
        negative, as scikit-learn's ``neg_*`` scorers do.

    Returns
    -------
    scorer : callable
        ``scorer(estimator, X, y) -> float``, for ``GridSearchCV(scoring=...)``
        or ``cross_validate``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LinearRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from skltsm import SlidingWindow, make_forecast_scorer, make_supervised
    >>> X, y = make_supervised(np.arange(30.0), window=3)
    >>> model = make_pipeline(SlidingWindow(flatten=True), LinearRegression())
    >>> scorer = make_forecast_scorer()
    >>> round(scorer(model.fit(X[:20], y[:20]), X[20:], y[20:]), 6)
    -0.0
    """

    def forecast_score(estimator, X, y):
        X, y = np.asarray(X), np.asarray(y)
        if X.ndim not in (2, 3) or (X.ndim == 3 and X.shape[2] != 1):
            raise ValueError(
                "The forecast scorer needs univariate windows, of shape "
                f"(n, window) or (n, window, 1); got {X.shape}."
            )
        truth = y if y.ndim == 1 else y[:, 0]
        history = X[0].reshape(-1)
        pred = recursive_forecast(estimator, history, len(truth), window=len(history))
        score = metric(truth, pred)
        return score if greater_is_better else -score

    return forecast_score


def future_index(index, steps):
    """The ``steps`` time stamps that follow a time index.

    Parameters
    ----------
    index : pandas.Index
        A ``PeriodIndex``, a ``DatetimeIndex`` with a frequency (set or
        inferable), or an integer index with a constant step.
    steps : int
        How many time stamps to return.

    Returns
    -------
    future : pandas.Index of length steps

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
    if isinstance(index, pd.PeriodIndex):
        return pd.period_range(index[-1] + 1, periods=steps, freq=index.freq)
    if isinstance(index, pd.DatetimeIndex):
        freq = index.freq or (pd.infer_freq(index) if len(index) > 2 else None)
        if freq is None:
            raise ValueError(
                "The time index has no frequency to extend. Resample the series to "
                "a regular one first, e.g. `series.asfreq('D')`."
            )
        return pd.date_range(index[-1], periods=steps + 1, freq=freq)[1:]
    if pd.api.types.is_integer_dtype(index.dtype):
        step = int(index[-1] - index[-2]) if len(index) > 1 else 1
        return pd.RangeIndex(index[-1] + step, index[-1] + step * (steps + 1), step)
    raise TypeError(
        f"Cannot extend an index of type {type(index).__name__}: use a "
        "PeriodIndex, a DatetimeIndex or integer positions."
    )


def mean_absolute_scaled_error(y_true, y_pred, *, y_train, season_length=1):
    """Mean absolute error scaled by the in-sample error of the seasonal naive.

    ``MASE = mean|y_true - y_pred| / mean|y_train[t] - y_train[t - m]|`` with
    ``m = season_length`` (Hyndman & Koehler, 2006). Below 1, the forecast beats
    repeating last season's value, as measured on the training data.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        The true values.
    y_pred : array-like of the same shape
        The forecasts.
    y_train : array-like of shape (n_timesteps,)
        The training series that sets the scale, oldest first.
    season_length : int, default=1
        The seasonal period ``m`` (12 for monthly data with a yearly season).

    Returns
    -------
    mase : float

    Examples
    --------
    >>> from skltsm import mean_absolute_scaled_error
    >>> mean_absolute_scaled_error([5, 6], [5.5, 6.5], y_train=[1, 2, 3, 4])
    0.5
    """
    season_length = check_positive_int(season_length, "season_length")
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"`y_true` and `y_pred` differ in shape: {y_true.shape} vs {y_pred.shape}."
        )
    train, _, _, _ = check_series(y_train, name="y_train")
    if train.shape[1] != 1 or train.shape[0] <= season_length:
        raise ValueError(
            "`y_train` must be a univariate series longer than "
            f"season_length={season_length}; got shape {train.shape}."
        )
    scale = np.mean(np.abs(train[season_length:, 0] - train[:-season_length, 0]))
    if scale == 0:
        raise ValueError(
            "`y_train` repeats itself exactly every season: the scale of MASE is "
            "zero. Use the mean absolute error instead."
        )
    return float(np.mean(np.abs(y_true - y_pred)) / scale)
