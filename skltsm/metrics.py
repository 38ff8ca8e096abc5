"""Judging forecasts: the scaled errors of point forecasts and intervals, the
intervals' coverage, and a scorer that forecasts whole folds."""

import functools
import inspect
from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.metrics import mean_absolute_error

from ._forecast_model import FlatWindows
from ._level_checks import channels_holding
from ._row_labels import row_times, series_codes
from ._scaled_errors import (
    interval_coverage,
    mean_absolute_scaled_error,
    mean_scaled_interval_score,
)
from ._validation import check_bool
from .forecasting import recurse

__all__ = [
    "interval_coverage",
    "make_forecast_scorer",
    "mean_absolute_scaled_error",
    "mean_scaled_interval_score",
]


def make_forecast_scorer(
    metric=mean_absolute_error, *, greater_is_better=None, target_channel=0
):
    """A scorer that judges a model by forecasting a whole test fold.

    scikit-learn's scorers score each test row from its own true history: a
    one-step-ahead score. When the model will be used to forecast many steps
    from one origin, tune it on that instead: this scorer takes the first
    window of the fold as the only history, forecasts every row of the fold
    with :func:`recursive_forecast`, and compares with the fold's targets. The
    rows must be consecutive time steps, as ``TimeSeriesSplit`` folds of
    :func:`make_supervised` output are (a ``ValueError`` says where the
    windows of a fold do not follow one another); they are taken in the
    order of the times of ``y``'s index, where it has them, so that rows in
    another order (shuffled, and split by ``PanelTimeSeriesSplit``) score as
    they would in time order. Channels besides the target are read
    from the fold's own windows, as inputs known at the forecast times (not so
    the Holt-Winters smoothing's state, which reads the values ahead: a model
    with ``smoothing="state"`` is scored on folds of one horizon only). For the
    rows of a panel (``y`` indexed by series and time), every series of the
    fold is forecast from its own first row, all at once, and the metric is
    taken over all of them.

    Parameters
    ----------
    metric : callable, default=mean_absolute_error
        ``metric(y_true, y_pred) -> float``, with any other argument bound
        (``functools.partial(mean_absolute_scaled_error, y_train=...)``); a
        scorer ``scorer(estimator, X, y)`` is refused when the scorer is made.
    greater_is_better : bool, default=None
        Whether a higher ``metric`` is better; if not, the scorer returns its
        negative, as scikit-learn's ``neg_*`` scorers do. ``None`` reads it
        from the metric's name, by scikit-learn's convention: ``True`` for a
        score (``r2_score``, a name that ends in ``_score``), ``False``
        otherwise (an error or a loss, ``mean_absolute_error``). A value of
        another type (the string ``"False"``, which is truthy) raises a
        ``TypeError``, as in scikit-learn's ``make_scorer``.
    target_channel : int, default=0
        The channel of the windows that holds the target (the one forecast
        recursively), when there are several, counted from 0. The windows must hold the
        target: with ``make_supervised(target_as_input=False)`` they do not.
        A fold whose channel ``target_channel`` does not hold ``y`` a step
        later raises a ``ValueError`` naming the channel that does, if any.

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
    >>> X, y = make_supervised(np.arange(30.0), history=3)
    >>> model = make_pipeline(SlidingWindow(flatten=True), LinearRegression())
    >>> scorer = make_forecast_scorer()
    >>> round(scorer(model.fit(X[:20], y[:20]), X[20:], y[20:]), 6)
    -0.0
    """
    _check_metric(metric)
    if isinstance(target_channel, bool) or not isinstance(target_channel, Integral):
        raise TypeError(f"`target_channel` must be an integer, got {target_channel!r}.")
    if target_channel < 0:
        # known only at the first fold's score, after its fit: a search
        # would fit every candidate and choose among scores all NaN
        raise ValueError(
            f"`target_channel` must be the target's channel counted from 0, "
            f"not from the end; got {target_channel!r}."
        )

    if greater_is_better is None:
        # a score negated as an error would choose the worst candidate
        greater_is_better = _metric_name(metric).endswith("_score")
    # not bool(): "False" is truthy, and an error maximised chooses the worst
    greater_is_better = check_bool(greater_is_better, "greater_is_better")
    return _ForecastScorer(metric, greater_is_better, target_channel)


class _ForecastScorer:
    """The scorer of :func:`make_forecast_scorer`: a class of this module, so
    that a search that holds one pickles (a function made inside
    ``make_forecast_scorer`` would not)."""

    def __init__(self, metric, greater_is_better, target_channel):
        self.metric = metric
        self.greater_is_better = greater_is_better
        self.target_channel = target_channel

    def __repr__(self):
        given = [_metric_name(self.metric) or repr(self.metric)]
        if self.greater_is_better != _metric_name(self.metric).endswith("_score"):
            given.append(f"greater_is_better={self.greater_is_better}")
        if self.target_channel != 0:
            given.append(f"target_channel={self.target_channel}")
        return f"make_forecast_scorer({', '.join(given)})"

    def __call__(self, estimator, X, y):
        metric, target_channel = self.metric, self.target_channel
        # flat windows' feature names, for a model fitted on a DataFrame of lags
        columns = X.columns if isinstance(X, pd.DataFrame) else None
        index, times = getattr(y, "index", None), row_times(y)
        series, ids = (
            series_codes(index) if isinstance(index, pd.MultiIndex) else (None, None)
        )
        X, y = np.asarray(X), np.asarray(y)
        flat = X.ndim == 2  # windows of one channel, fed as they came
        if flat:
            X = X[:, :, np.newaxis]
        if X.ndim != 3 or not 0 <= target_channel < X.shape[2]:
            raise ValueError(
                "The forecast scorer needs windows of shape (n, window) or (n, "
                f"window, n_channels) holding the target in channel "
                f"{target_channel}; got {X.shape}."
            )
        truth = y if y.ndim == 1 else y[:, 0]
        series = np.zeros(len(X), dtype=int) if series is None else series
        # each series' rows of the fold, in time order, forecast from the first
        folds = [np.flatnonzero(series == s) for s in np.unique(series)]
        if times is not None:  # rows in another order (shuffled): by y's times
            folds = [rows[np.argsort(times[rows], kind="stable")] for rows in folds]
        _check_consecutive(X, folds, ids, truth, target_channel)
        steps = max(len(rows) for rows in folds)
        others = [c for c in range(X.shape[2]) if c != target_channel]
        known = None
        if others:  # the fold's own inputs, after each series' first row
            known = np.full((len(folds), steps, len(others)), np.nan)
            for k, rows in enumerate(folds):
                known[k, : len(rows) - 1] = X[rows[1:], -1][:, others]
                known[k, len(rows) - 1 :] = X[rows[-1], -1, others]  # never read
        pred = recurse(
            FlatWindows(estimator, columns) if flat else estimator,
            np.stack([X[rows[0]] for rows in folds]),
            steps,
            target_pos=target_channel,
            known=known,
        )
        truths = np.concatenate([truth[rows] for rows in folds])
        preds = np.concatenate(
            [p[: len(rows)] for p, rows in zip(pred, folds, strict=True)]
        )
        score = metric(truths, preds)
        return score if self.greater_is_better else -score


def _metric_name(metric):
    """The name of a metric function, through ``functools.partial``; ``""``
    where it has none."""
    while isinstance(metric, functools.partial):
        metric = metric.func
    return getattr(metric, "__name__", "")


def _check_metric(metric):
    """Raise unless ``metric`` can be called as ``metric(y_true, y_pred)``:
    called otherwise, it would fail at every fold of a search, which then
    fits every candidate and chooses among scores that are all NaN."""
    if not callable(metric):
        raise TypeError(
            f"`metric` must be a callable metric(y_true, y_pred), such as "
            f"sklearn.metrics.mean_absolute_error; got {metric!r}."
        )
    try:
        signature = inspect.signature(metric)
    except (TypeError, ValueError):  # not readable (some built-ins): try it
        return
    try:
        signature.bind(None, None)
    except TypeError as exc:
        if "estimator" in signature.parameters:  # get_scorer's, make_scorer's
            raise TypeError(
                "`metric` must be a metric(y_true, y_pred), not a scorer("
                "estimator, X, y) such as get_scorer or make_scorer return: pass "
                "the metric itself (sklearn.metrics.mean_absolute_error, say), "
                "with greater_is_better=True for a score such as R²."
            ) from None
        raise TypeError(
            f"`metric` must take the true values and the forecasts alone, "
            f"metric(y_true, y_pred): {exc}. Bind the rest first, e.g. "
            f"functools.partial(mean_absolute_scaled_error, y_train=train, "
            f"season_length=12)."
        ) from None


def _check_consecutive(X, folds, ids, truth, target_channel):
    """Raise where the rows of a series of the fold (``folds``, its rows by
    series, ``ids`` their names or ``None``) are not consecutive time steps,
    each row's window the row before's one step on; or where channel
    ``target_channel`` of the windows does not hold the target: each row's
    last value of it is the row before's first target (``truth``). Windows
    of one step do not overlap: that is their only check of the order."""
    nan = X.dtype.kind in "fc"
    for k, rows in enumerate(folds):
        of = "" if ids is None else f" of series {ids[k]!r}"
        if X.shape[1] >= 2 and not np.array_equal(
            X[rows[1:], :-1], X[rows[:-1], 1:], equal_nan=nan
        ):
            _not_consecutive(of, ids)
        # in the windows' type: float32 windows of float64 targets
        before = truth[rows[:-1]].astype(X.dtype, copy=False)
        last = X[rows[1:], -1]
        holds = channels_holding(last, before, equal_nan=nan)
        if target_channel in holds:
            continue
        if holds:
            raise ValueError(
                f"Channel {target_channel} of the windows{of} is not the target "
                f"`y` (its values are not those of `y` a step later); channel "
                f"{holds[0]} is. The scorer writes its forecasts into the target's "
                f"channel: pass make_forecast_scorer(target_channel={holds[0]})."
            )
        if X.shape[1] < 2:  # nothing else tells rows out of order
            _not_consecutive(of, ids)
        raise ValueError(
            f"The target `y` is in no channel of the windows{of} (its values are "
            f"not in them a step later). The scorer feeds its forecasts back as "
            f"the target's channel: make the rows with make_supervised("
            f"target_as_input=True), the default, from the series of `y`."
        )


def _not_consecutive(of, ids):
    """Raise that the rows of a fold (of a series: ``of``) are not
    consecutive time steps."""
    advice = (
        "Score on the folds of TimeSeriesSplit or PanelTimeSeriesSplit, "
        "whose rows stay in time order."
    )
    if ids is None:
        advice += (
            " For the rows of a panel, pass `y` with its (series, time) "
            "index, as make_supervised returns it."
        )
    raise ValueError(
        f"The forecast scorer forecasts each series of a fold from its first "
        f"row, so its rows must be consecutive time steps; the windows of "
        f"this fold{of} do not follow one another. {advice}"
    )
