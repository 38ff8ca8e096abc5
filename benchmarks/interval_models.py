"""The interval benchmark's models: the rows of ``bench_intervals.py``, its
conformal folds and its scores.

Each row's function takes the training part of a series (or a dict of them,
for one network across the series of a group) and returns its forecast of
the ``horizon`` values after it at each level of ``LEVELS`` (shape
``(horizon, 5)``, in the series' units) with the number of its infinite
bounds: for a group, per series; for a conformal row, once with each step's
errors apart and once pooled (each function says which).
``bench_intervals.py`` documents every row and runs them. The LSTMs are the
accuracy suite's (``accuracy_models.py``).
"""

import math
import warnings
from functools import partial

import accuracy_models as models
import accuracy_suite as suite
import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge
from sklearn.model_selection import TimeSeriesSplit
from sklearn.pipeline import Pipeline

from skltsm import (
    ConformalRegressor,
    PanelTimeSeriesSplit,
    SlidingWindow,
    add_smoothing_channels,
    interval_coverage,
    make_supervised,
    mean_scaled_interval_score,
    recursive_forecast,
    window_spread,
)
from skltsm.uncertainty import quantile_levels_of

LEVELS = (0.025, 0.1, 0.5, 0.9, 0.975)
MSIS_COVERAGE = 0.95  # the M4 competition's
N_SPLITS = 3


# -- the folds -----------------------------------------------------------------


def conformal_folds(n_rows, horizon, n_splits=N_SPLITS):
    """The time-ordered folds whose errors calibrate the conformal rows: see
    ``bench_intervals.py``'s docstring."""
    gap = horizon - 1
    first = max(math.ceil(n_rows / 2), models.fewest_recipe_rows(horizon))
    test_size = (n_rows - first - gap) // n_splits
    if test_size < 1:
        raise ValueError(
            f"{n_rows} rows are too few for {n_splits} folds after {first} "
            f"training rows and a gap of {gap}."
        )
    return TimeSeriesSplit(n_splits=n_splits, test_size=test_size, gap=gap)


def folds_used(model, rows):
    """The folds that a fitted ``ConformalRegressor`` calibrated on, as
    ``bench_intervals`` records them: ``rows``, a series' supervised rows
    (its rows among a group's), the size of each of its test folds (a
    group's wrapper: the shortest series', for every series) and the errors
    per step ahead (a group's: pooled over its series)."""
    return {
        "rows": rows,
        "fold_test_size": model.cv.test_size,
        "errors_per_step": len(model.residuals_),
    }


def check_rows(series, season, horizon):
    """Refuse, before any fit, series too short for the accuracy suite's
    protocol (``accuracy_models.check_series``) or for the conformal folds."""
    models.check_series({"--csv": (season, horizon, series)})
    for name, values in series.items():
        n_rows = models.rows_of(season, len(values) - horizon, horizon)
        try:
            conformal_folds(n_rows, horizon)
        except ValueError as error:
            raise ValueError(f"series {name!r}: {error}") from None


# -- the rows ------------------------------------------------------------------


def supervised(train, horizon, season, channels=False):
    """The series the models see, the map back, and its supervised rows;
    with ``channels``, the series carries its own Holt-Winters constants and
    its smoothing's state in more channels, as
    ``accuracy_models.global_data`` adds them to each series of a group."""
    values, back = models.to_model(train)
    history = models.history_of(season, len(values), horizon)
    if channels:
        values = add_smoothing_channels(
            values,
            season,
            history=history,
            horizon=horizon,
            state=models.SMOOTHING == "state",
        )
    target = 0 if channels else None
    X, y = make_supervised(values, history=history, horizon=horizon, target=target)
    return values, back, X, y


def _quantile_forecast(model, values, back, horizon):
    """The levels' forecast in the series' units, shape (horizon, 5), and the
    number of infinite bounds (in the model's units, before the map back)."""
    levels = quantile_levels_of(model)
    assert levels == list(LEVELS), levels
    target = 0 if np.ndim(values) == 2 else None  # the channels of supervised
    forecast = np.asarray(
        recursive_forecast(model, values, horizon, quantiles=True, target=target),
        dtype=float,
    )
    return back(forecast), int(np.isinf(forecast).sum())


def _ets_simulated(model, n_train, horizon, coverages):
    """The intervals of a fitted sktime AutoETS from statsmodels directly, for
    the models whose intervals sktime 1.2 cannot ask statsmodels 0.15 for."""
    prediction = model._fitted_forecaster.get_prediction(
        start=n_train,
        end=n_train + horizon - 1,
        simulate_repetitions=1000,
        rng=np.random.default_rng(0),
    )
    return {c: np.asarray(prediction.pred_int(alpha=1 - c), float) for c in coverages}


def auto_ets(train, horizon, season):
    """AutoETS's point forecast and intervals: shape (horizon, 5), the route
    of its intervals."""
    from sktime.forecasting.ets import AutoETS

    fh = np.arange(1, horizon + 1)
    coverages = (0.8, 0.95)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' convergence notes
        model = AutoETS(
            auto=True, sp=season if season <= 24 else 1, n_jobs=1, random_state=0
        )
        model.fit(pd.Series(np.asarray(train, dtype=float)))
        point = model.predict(fh=fh).to_numpy()
        try:
            frame = model.predict_interval(fh=fh, coverage=list(coverages))
            frame.columns = frame.columns.droplevel(0)
            bounds = {
                c: frame[[(c, "lower"), (c, "upper")]].to_numpy(dtype=float)
                for c in coverages
            }
            route = "sktime"
        except TypeError:  # sktime 1.2 with statsmodels 0.15, simulated intervals
            bounds = _ets_simulated(model, len(train), horizon, coverages)
            route = "statsmodels"
    (lo95, hi95), (lo80, hi80) = bounds[0.95].T, bounds[0.8].T
    forecast = np.column_stack([lo95, lo80, point, hi80, hi95])
    return forecast, int(np.isinf(forecast).sum()), route


def lstm_quantiles(train, horizon, season, seed, epochs):
    values, back, X, y = supervised(train, horizon, season)
    model = models.recipe(season, seed, epochs, quantiles=LEVELS).fit(X, y)
    return _quantile_forecast(model, values, back, horizon)


def holt_winters_quantiles(train, horizon, season, seed, epochs):
    """``holt_winters_network`` with the quantiles of ``LSTM, quantiles``,
    bare: the quantile route on the network of the conformal row that meets
    the targets on the suite."""
    values, back, X, y = supervised(train, horizon, season, channels=True)
    model = holt_winters_network(season, seed, epochs, quantiles=LEVELS)
    return _quantile_forecast(model.fit(X, y), values, back, horizon)


def spread(season):
    """The size of a window (``scale`` of the scaled conformal rows): its own
    mean absolute seasonal change, of the target (channel 0)."""
    return partial(window_spread, season_length=season, target=0)


def conformal_fit(train, horizon, season, estimator, scaled=False, channels=False):
    """``ConformalRegressor`` around ``estimator`` (``scaled``: its errors in
    units of their window's ``spread``; ``channels``: on the rows with the
    series' own Holt-Winters constants), fitted on ``conformal_folds``; with
    the series the model sees and the map back."""
    values, back, X, y = supervised(train, horizon, season, channels)
    cv = conformal_folds(len(X), horizon)
    scale = spread(season) if scaled else None
    model = ConformalRegressor(estimator, quantiles=LEVELS, cv=cv, scale=scale)
    return model.fit(X, y), values, back


def conformal(train, horizon, season, estimator, scaled=False, channels=False):
    """``conformal_fit``'s forecast, the number of infinite bounds and the
    folds it used (``folds_used``), each step's errors apart and pooled (the
    same fitted model: ``pool_steps`` acts at predict)."""
    model, values, back = conformal_fit(
        train, horizon, season, estimator, scaled, channels
    )
    used = folds_used(model, models.rows_of(season, len(train), horizon))
    results = []
    for pooled in (False, True):
        model.set_params(pool_steps=pooled)
        forecast, n_inf = _quantile_forecast(model, values, back, horizon)
        results.append((forecast, n_inf, used))
    return results


def lstm_global(
    trains, horizon, season, seed, epochs, tuned, conformalise, scaled=False
):
    """One quantile network across ``trains`` (a dict of series), the
    settings ``tuned`` by ``accuracy_models.tune_global``; with
    ``conformalise``, in a ``ConformalRegressor`` (``global_conformal``).
    Per series: the forecast, the number of infinite bounds and the folds
    used (``folds_used``; none without ``conformalise``); conformalised, a
    list of two such results: each step's errors apart, and pooled."""
    maps, values, _, X, y = models.global_data(trains, horizon, season)
    model = models.global_pipeline(season, seed, epochs, members=5)
    model.set_params(**tuned, lstm__quantiles=LEVELS)
    if not conformalise:
        return _per_series(model.fit(X, y), maps, values, horizon)
    return global_conformal(model, maps, values, X, y, horizon, season, scaled)


def global_conformal(model, maps, values, X, y, horizon, season, scaled):
    """``model`` in a ``ConformalRegressor`` on ``PanelTimeSeriesSplit``
    folds, each series cut at its own end (``conformal_folds``' sizes for the
    shortest series), its errors in units of their window's ``spread`` where
    ``scaled``: ``_per_series`` of each step's errors apart, and pooled,
    each series with the folds used (``folds_used``: the same test size for
    every series, the errors pooled over them); scaled, a network's own
    quantiles conformalised: and of the quantile route chosen on the folds
    (``fold_choice``: the network's quantiles bare or conformalised, apart
    or pooled; one choice for the group), with the choice."""
    rows = y.index.get_level_values(0).value_counts()
    folds = conformal_folds(int(rows.min()), horizon)
    cv = PanelTimeSeriesSplit(
        N_SPLITS, test_size=folds.test_size, gap=horizon - 1, cut="end"
    )
    scale = spread(season) if scaled else None
    model = ConformalRegressor(model, quantiles=LEVELS, cv=cv, scale=scale)
    model.fit(X, y)
    used = {key: folds_used(model, int(rows[key])) for key in maps}
    results = [
        _per_series(model.set_params(pool_steps=p), maps, values, horizon, used)
        for p in (False, True)
    ]
    if scaled and model.conformalizes_quantiles_:
        forecaster, choice = fold_choice(model, QUANTILE_ROUTES)
        chosen = dict.fromkeys(maps, choice)
        results.append(_per_series(forecaster, maps, values, horizon, chosen))
    return results


def tuned_conformal(trains, horizon, season, seed, epochs, tuned):
    """The tuned network (one member, the point forecast: the accuracy
    suite's "LSTM, global, one member", the recipe's network) in
    ``global_conformal``, scaled."""
    maps, values, _, X, y = models.global_data(trains, horizon, season)
    model = models.global_pipeline(season, seed, epochs, members=1)
    model.set_params(**tuned)
    return global_conformal(model, maps, values, X, y, horizon, season, True)


def start_conformal(trains, horizon, season, tuned):
    """The untrained start of the tuned network's window norm
    (``accuracy_models.start_of``: no training) in ``global_conformal``,
    scaled: the baseline of ``tuned_conformal``."""
    maps, values, _, X, y = models.global_data(trains, horizon, season)
    start, window = models.start_of(tuned, season)
    model = Pipeline([("window", SlidingWindow(window)), ("start", start)])
    return global_conformal(model, maps, values, X, y, horizon, season, True)


def combined_conformal(trains, horizon, season, seed, epochs, by_norm):
    """The point forecast of the best network of each window norm
    (``accuracy_models.combined``: one member each, their mean) in
    ``global_conformal``, scaled."""
    maps, values, _, X, y = models.global_data(trains, horizon, season)
    model = models.combined(season, seed, epochs, by_norm)
    return global_conformal(model, maps, values, X, y, horizon, season, True)


def lstm_combined(trains, horizon, season, seed, epochs, by_norm):
    """The mean of the quantiles of the best network of each window norm
    (``accuracy_models.combined``: one member each), level by level, across
    ``trains``. Per series: the forecast, the number of infinite bounds."""
    maps, values, _, X, y = models.global_data(trains, horizon, season)
    model = models.combined(season, seed, epochs, by_norm)
    model.set_params(**{f"{norm}__lstm__quantiles": LEVELS for norm in by_norm})
    return _per_series(model.fit(X, y), maps, values, horizon)


def _per_series(model, maps, values, horizon, info=None):
    """The quantile forecast of each series by a fitted global ``model``, in
    the series' units (``maps``: ``to_model`` of each), its number of
    infinite bounds, and its ``info`` (by series: the folds used, or a
    choice; none by default)."""
    forecasts = recursive_forecast(model, values, horizon, target=0, quantiles=True)
    result = {}
    for key, forecast in forecasts.items():
        forecast = np.asarray(forecast, dtype=float)
        result[key] = (
            maps[key][1](forecast),
            int(np.isinf(forecast).sum()),
            None if info is None else info[key],
        )
    return result


def holt_winters_network(season, seed, epochs, quantiles=None):
    """A network of the accuracy suite's grid, fixed (what its tuning,
    ``tune_global``, chose for the monthly and the quarterly group when the
    interval rows were set up): the
    Holt-Winters norm with each series' own constants (``smoothing=
    "state"``: and its smoothing's state from the series' start, since the
    accuracy suite's networks read it), 32 units, the penalty 0.1 on its
    corrections, no linear skip, one member; here fitted to one series
    alone; with ``quantiles``, trained on their pinball loss."""
    return models.recipe(
        season,
        seed,
        epochs,
        window_norm="holt_winters",
        smoothing=models.SMOOTHING,
        units=32,
        output_penalty=0.1,
        n_members=1,
        quantiles=quantiles,
    )


QUANTILE_ROUTES = ["bare", "conformalised", "conformalised, pooled steps"]
CONFORMAL_ROUTES = ["apart", "pooled steps"]


def fold_choice(model, routes):
    """Of ``routes`` of a fitted ``ConformalRegressor`` (its estimator's own
    quantiles ``"bare"``, or the wrapper's with each step's errors apart or
    ``"pooled steps"``), the one of the smallest ``fold_pinball_loss``: the
    forecaster it is (``model`` set to it, or its estimator), and the choice
    shown with every route's loss."""
    losses = {}
    for route in routes:
        model.set_params(pool_steps=route.endswith("pooled steps"))
        losses[route] = model.fold_pinball_loss(bare=route == "bare")
    best = min(losses, key=losses.get)
    model.set_params(pool_steps=best.endswith("pooled steps"))
    shown = ", ".join(f"{k} {v:.4f}" for k, v in losses.items())
    return (model.estimator_ if best == "bare" else model), f"{best} ({shown})"


def holt_winters_chosen(train, horizon, season, seed, epochs):
    """The Holt-Winters network's quantile route and its conformal route,
    each chosen on the series' own folds by ``fold_choice`` (the last fold's
    errors scored with levels calibrated on the two folds before it: the
    training part alone). The quantile route's candidates: the network's own
    quantiles bare, and conformalised (scaled), each step's errors apart or
    pooled; the conformal route's: the point network in the scaled wrapper,
    each step's errors apart or pooled. Both wrappers are scaled, on the
    same folds, so that their losses are in the same units. Per route: the
    forecast, its number of infinite bounds, and the choice with every
    candidate's loss."""
    chosen = {}
    for route, quantiles, routes in (
        ("quantiles", LEVELS, QUANTILE_ROUTES),
        ("conformal", None, CONFORMAL_ROUTES),
    ):
        network = holt_winters_network(season, seed, epochs, quantiles=quantiles)
        model, values, back = conformal_fit(train, horizon, season, network, True, True)
        forecaster, choice = fold_choice(model, routes)
        chosen[route] = (*_quantile_forecast(forecaster, values, back, horizon), choice)
    return chosen


def ridge_pipeline():
    return Pipeline(
        [("window", SlidingWindow(flatten=True)), ("ridge", Ridge(alpha=1.0))]
    )


# -- the scores ----------------------------------------------------------------


def interval_scores(test, forecast, train, season):
    """Hits of the 80% and 95% intervals, the MSIS of the 95% interval and
    the MASE of the median, on the held-out values (a forecast with NaN, of
    a model that failed on the series, hits nothing and scores NaN)."""
    y = np.asarray(test, dtype=float)
    forecast = np.asarray(forecast, dtype=float)
    lo95, lo80, median, hi80, hi95 = forecast.T
    values = np.asarray(train, dtype=float)

    def failed(*bounds):
        return any(np.isnan(bound).any() for bound in bounds)

    def hits(lower, upper):
        if failed(lower, upper):
            return 0
        return round(interval_coverage(y, lower, upper) * len(y))

    msis = (
        np.nan
        if failed(lo95, hi95)
        else mean_scaled_interval_score(
            y, lo95, hi95, y_train=values, coverage=MSIS_COVERAGE, season_length=season
        )
    )
    return {
        "steps": len(y),
        "hits80": hits(lo80, hi80),
        "hits95": hits(lo95, hi95),
        "msis": msis,
        "mase": suite.mase(y, median, values, season),
    }


# -- the runs ------------------------------------------------------------------
