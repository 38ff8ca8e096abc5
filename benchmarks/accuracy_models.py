"""The models of the public accuracy suite: its baselines and its LSTM recipe.

``bench_accuracy.py`` runs them on the suite's series (``accuracy_suite.py``)
and documents each row; ``interval_models.py`` and ``bench_ensemble.py`` reuse
the recipe and its tuning. Each row's function takes the training part of a
series (or a dict of them, for one model across the series of a group) and
returns the forecast of the ``horizon`` values after it, in the series'
units; the tuning functions return the settings chosen on the training
parts.
"""

import itertools
import math
import time
import warnings

import accuracy_suite as suite
import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from scipy.stats import rankdata
from sklearn.base import clone
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error
from sklearn.model_selection import GridSearchCV, ParameterGrid, TimeSeriesSplit
from sklearn.pipeline import Pipeline

from skltsm import (
    CombinedRegressor,
    HoltWintersRegressor,
    LastValueRidge,
    LSTMRegressor,
    PanelTimeSeriesSplit,
    SeasonalNaiveRegressor,
    SeriesScaler,
    SlidingWindow,
    add_smoothing_channels,
    make_supervised,
    recursive_forecast,
)
from skltsm._compat import _safe_indexing  # the one place of private imports
from skltsm._smoothing import AUTO_SMOOTHINGS
from skltsm._spread import no_spread

# Validation scores every row of a test fold: each row is a forecast origin,
# its target the ``horizon`` values after it, which every model here forecasts
# at once (``make_supervised(horizon=H)``), so that scikit-learn's own scorer
# scores exactly the forecast that will be used, from ``horizon`` origins a
# series per fold. ``make_forecast_scorer`` forecasts from each series' first
# row of a fold only: with two folds, two origins a series, which chose
# wrongly between close candidates on 3 of the 5 groups of the run before
# this scoring.
SCORING = "neg_mean_absolute_error"


# the fewest rows a series needs, in horizons: three folds of ``horizon`` rows
# after a gap of ``horizon - 1`` (the Ridge's search) and a row to train on
# (and see ``fewest_rows``)
FOLD_HORIZONS = 4


def _n_rows(n_train, history, horizon):
    """The supervised rows of ``n_train`` values: windows of ``history``
    values, each with the ``horizon`` values after it."""
    return n_train - history - horizon + 1


def fewest_rows(horizon):
    """The fewest supervised rows a series needs: ``FOLD_HORIZONS`` horizons
    of them, and a row left to train on in the first of ``tuning_folds``
    once the recipe's early stopping holds out its part."""
    splits = tuning_folds(horizon)
    tuning = fewest_recipe_rows(horizon, left=1)
    return max(FOLD_HORIZONS * horizon, tuning + splits.n_splits * horizon + splits.gap)


# the shortest history of the rows, in steps: with a season of one step
# (yearly data), three seasons would be three values, from which a windowed
# smoothing starts its trend from one change; no series of the suite or of
# the docs' other sets has a history under it
MIN_HISTORY = 8


def history_of(season, n_train, horizon):
    """The rows' history: three seasons, or two (at least ``MIN_HISTORY``
    steps), the longest that leaves ``fewest_rows`` rows, or else two seasons
    (``add_smoothing_channels(state=True)`` needs them).
    Every series of the suite, of its check set and of the other sets of the
    docs takes the history it took when two horizons of rows were enough."""
    for seasons in (3, 2):
        history = max(seasons * season, MIN_HISTORY)
        if _n_rows(n_train, history, horizon) >= fewest_rows(horizon):
            return history
    return 2 * season  # the least from which the smoothing's state starts


def rows_of(season, n_train, horizon):
    """The number of supervised rows of a training part of ``n_train``
    values (``history_of``'s windows, each with ``horizon`` targets), counted
    without building them."""
    return _n_rows(n_train, history_of(season, n_train, horizon), horizon)


def check_series(groups):
    """Refuse, before any fit, a series the protocol cannot score or fit: one
    too short (after its held-out ``horizon``, two seasons, from which the
    Holt-Winters smoothing starts, and ``fewest_rows`` rows after two seasons
    of history at least, ``history_of``), one whose training part never
    changes over a season, to the rounding of its values (MASE's scale, the
    mean absolute seasonal change, would be zero, as MASE tells it), or one
    whose held-out part seasonal naive forecasts exactly (its MASE is zero,
    and every row is scored relative to it)."""

    def enough(length, season, horizon):
        n_train = length - horizon
        rows = rows_of(season, n_train, horizon)
        return n_train >= 2 * season and rows >= fewest_rows(horizon)

    for group, (season, horizon, series) in groups.items():
        short, flat, exact = {}, [], []
        for key, values in series.items():
            n_train = len(values) - horizon
            if not enough(len(values), season, horizon):
                short[key] = len(values)
            else:
                values = np.asarray(values, dtype=float)
                train, test = values[:n_train], values[n_train:]
                change = np.mean(np.abs(train[season:] - train[:-season]))
                if no_spread(change, train)[0]:  # MASE's test of its scale
                    flat.append(key)
                if np.array_equal(test, np.resize(train[-season:], horizon)):
                    exact.append(key)
        if short:
            fewest = next(
                n for n in itertools.count(horizon) if enough(n, season, horizon)
            )
            raise ValueError(
                f"{group}: with season {season} and horizon {horizon}, every "
                f"series needs at least {fewest} values (the held-out horizon, "
                f"two seasons of history, three folds of {horizon} "
                f"rows and their gap, and rows for the global network's "
                f"tuning folds); too short (their lengths): {short}."
            )
        if flat:
            raise ValueError(
                f"{group}: the training part of {flat} repeats itself every "
                f"season of {season} (constant, or one season over and over, to "
                "rounding), so MASE, scaled by its mean absolute seasonal change, is "
                "undefined; leave it out."
            )
        if exact:
            raise ValueError(
                f"{group}: the held-out part of {exact} repeats its last "
                f"season, so seasonal naive forecasts it exactly: its MASE is "
                "zero, and every row's MASE relative to it is undefined; "
                "leave it out."
            )


def fewest_recipe_rows(horizon, fraction=0.2, left=None):
    """The fewest rows on which the recipe's early stopping (the last
    ``fraction`` of the rows, after a gap of ``horizon - 1``) leaves ``left``
    rows to train on (``horizon`` by default)."""
    left = horizon if left is None else left
    rows = horizon
    while rows - math.ceil(fraction * rows) - (horizon - 1) < left:
        rows += 1
    return rows


def to_model(train):
    """The series the models see: the log of a strictly positive series."""
    values = np.asarray(train, dtype=float)
    return (np.log(values), np.exp) if (values > 0).all() else (values, np.asarray)


# -- the baselines -----------------------------------------------------------


def seasonal_naive(train, horizon, season, drift=False):
    history = 2 * season if drift else season
    return untrained(
        SeasonalNaiveRegressor(season, drift=drift), train, horizon, history
    )


def naive_mase(trains, tests, horizon, season):
    """Each series' MASE of seasonal naive on its held-out part (``tests``):
    what the suite's relative MASE divides by."""
    return {
        k: suite.mase(tests[k], seasonal_naive(train, horizon, season), train, season)
        for k, train in trains.items()
    }


def untrained(model, train, horizon, history):
    """The forecast of a model that learns nothing (a start) from the last
    ``history`` values."""
    values, back = to_model(train)
    X, y = make_supervised(values, history=history, horizon=horizon)
    model.fit(X, y)
    return back(model.predict(values[np.newaxis, -history:, np.newaxis])[0])


def holt_winters_one_set(trains, horizon, season):
    """Holt-Winters smoothing with one set of constants for the whole group
    (``tune_smoothing``'s, chosen on its folds): the forecast of each series,
    the constants, and their mean score on the folds (higher is better). The
    networks' Holt-Winters norm takes each series' own constants instead
    (``global_data``); this row shows what one set would do. It is a row, not
    one of the recipe's candidates, whose starts are the untrained networks
    of its grid."""
    smoothing, score = tune_smoothing(trains, horizon, season)
    history = history_of(season, min(map(len, trains.values())), horizon)
    model = HoltWintersRegressor(season, smoothing=smoothing)
    forecasts = {k: untrained(model, v, horizon, history) for k, v in trains.items()}
    return forecasts, smoothing, score


def auto_ets(train, horizon, season):
    from sktime.forecasting.ets import AutoETS

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' convergence notes
        model = AutoETS(auto=True, sp=season if season <= 24 else 1, n_jobs=1)
        model.fit(pd.Series(np.asarray(train, dtype=float)))
        return model.predict(fh=np.arange(1, horizon + 1)).to_numpy()


def ridge(train, horizon, season):
    values, back = to_model(train)
    history = history_of(season, len(values), horizon)
    X, y = make_supervised(values, history=history, horizon=horizon)
    pipeline = Pipeline([("window", SlidingWindow(flatten=True)), ("ridge", Ridge())])
    grid = {
        "window__window": sorted({season + 1, min(2 * season, history), history}),
        "ridge__alpha": [0.1, 1.0, 10.0],
    }
    cv = TimeSeriesSplit(n_splits=3, test_size=horizon, gap=horizon - 1)
    search = GridSearchCV(pipeline, grid, cv=cv, scoring=SCORING)
    return back(recursive_forecast(search.fit(X, y), values, horizon))


def ridge_pooled(trains, horizon, season):
    """``LastValueRidge`` across ``trains`` (a dict of series), its window and
    penalty chosen on the folds that tune the global network: the forecast of
    each series."""
    models, values, history, X, y = global_data(trains, horizon, season, channels=False)
    pipeline = Pipeline([("window", SlidingWindow()), ("ridge", LastValueRidge())])
    grid = {
        "window__window": sorted({season + 1, min(2 * season, history), history}),
        "ridge__alpha": [0.1, 1.0, 10.0],
    }
    folds, data = fold_data(trains, horizon, season, channels=False)
    results = cross_validate_grid(pipeline, grid, data, folds)
    best = results.sort_values("rank_test_score", kind="stable").iloc[0]["params"]
    model = clone(pipeline).set_params(**best).fit(X, y)
    forecasts = recursive_forecast(model, values, horizon)
    return {k: models[k][1](np.asarray(f)) for k, f in forecasts.items()}


# -- the LSTM recipe ---------------------------------------------------------

# what the Holt-Winters norm of the global networks reads: each series' own
# constants and its smoothing's state, run from the series' start
# (``global_data``); ``"channels"`` smoothed each window afresh, from its
# first two seasons, until this run
SMOOTHING = "state"


def recipe(season, seed, epochs, **params):
    """The recommended LSTM: see the module's docstring."""
    return LSTMRegressor(
        **{
            "units": 16,
            "window_norm": "seasonal",
            "season_length": season,
            "n_members": 5,
            "epochs": epochs,
            "early_stopping": True,
            "validation_fraction": 0.2,
            "n_iter_no_change": 20,
            "random_state": seed,
            **params,
        }
    )


def lstm_per_series(train, horizon, season, seed, epochs):
    values, back = to_model(train)
    history = history_of(season, len(values), horizon)
    X, y = make_supervised(values, history=history, horizon=horizon)
    model = recipe(season, seed, epochs).fit(X, y)
    return back(recursive_forecast(model, values, horizon))


def _unscaled(back, scaler, key):
    """``back`` after ``scaler``'s map of series ``key`` back to its units."""
    return lambda forecast: back(
        scaler.inverse_transform({key: np.asarray(forecast)})[key]
    )


def global_data(
    trains, horizon, season, channels=True, state=True, own_scale=True, holdout=0
):
    """The rows of a group (``trains``, a dict of series): each series as the
    models see it (``to_model``) divided by its own scale (``SeriesScaler``:
    its mean absolute change over a season on its training part, the MASE
    denominator in the models' units), the map back to its units, its
    values, the history, ``X`` and ``y``. In
    those units a step of each series' typical size weighs the same in the
    pooled loss of one network across the group and in the folds' mean
    absolute error, whatever its units or volatility (unscaled, a group's
    most volatile series, or those modelled as they are beside series in
    logs, outweighed the rest). With
    ``channels``, each series carries its own Holt-Winters constants in four
    more channels (``add_smoothing_channels``, chosen on its training rows)
    and, with ``state``, the state of its smoothing run from its start in
    three more, which the networks' Holt-Winters norm reads
    (``smoothing=SMOOTHING``) and no other input of theirs: one network
    across the group smooths each series with its own constants, from all
    of its history. ``own_scale=False`` pools the series as the models see
    them, unscaled (``bench_window_scale.py``). ``holdout`` leaves the last
    values of each series out of its scale and its constants (not out of
    the rows): a fold's rows (``fold_data``)."""
    models = {k: to_model(v) for k, v in trains.items()}
    values = {k: v for k, (v, _) in models.items()}
    if own_scale:
        fitted = {k: v[: len(v) - holdout] for k, v in values.items()}
        scaler = SeriesScaler(season).fit(fitted)
        values = scaler.transform(values)
        models = {
            k: (values[k], _unscaled(b, scaler, k)) for k, (_, b) in models.items()
        }
    history = history_of(season, min(len(v) for v in values.values()), horizon)
    if channels:
        values = add_smoothing_channels(
            values,
            season,
            history=history,
            horizon=horizon,
            state=state,
            holdout=holdout,
        )
    X, y = make_supervised(values, history=history, horizon=horizon, target=0)
    return models, values, history, X, y


def fold_data(trains, horizon, season, **params):
    """The folds of ``tuning_folds`` on a group's rows, and each fold's rows
    as ``global_data`` (with ``params``) makes them from the values its
    training rows reach: each series' scale and Holt-Winters constants from
    those values alone, so that no candidate is scored on a fold with
    statistics that the fold's test rows helped make (with the constants
    chosen on every training row, the Holt-Winters starts and networks
    scored up to 0.09 better on the folds than they would have). The rows,
    and their order, are the same in every fold; ``(folds, [(X, y), ...])``."""
    # the rows, from their series' lengths alone: no channels needed
    _, _, _, X, y = global_data(
        trains, horizon, season, **{**params, "channels": False}
    )
    folds = list(tuning_folds(horizon).split(X, y))
    # after each row's last target: as many values as rows after it
    after = y.groupby(level=0).cumcount(ascending=False).to_numpy()
    data = []
    for train, _ in folds:
        *_, X_fold, y_fold = global_data(
            trains, horizon, season, holdout=int(after[train].min()), **params
        )
        assert y_fold.index.equals(y.index)  # the same rows
        data.append((X_fold, y_fold))
    return folds, data


def global_pipeline(season, seed, epochs, members):
    """A network across a group's rows, with the channels of ``global_data``."""
    network = recipe(season, seed, epochs, n_members=members, smoothing=SMOOTHING)
    return Pipeline([("window", SlidingWindow()), ("lstm", network)])


def tuning_folds(horizon):
    """The folds that tune the global network: the last ``horizon`` rows of
    each series' training part, twice."""
    return PanelTimeSeriesSplit(
        n_splits=2, test_size=horizon, gap=horizon - 1, cut="end"
    )


# the longest season whose networks smooth each window afresh
# (``SMOOTHING = "channels"``): that recursion is unrolled step by step in the
# network, so a season of 52 weeks (104 steps a window) cost the weekly series
# more than all the rest of its grid; from the state (``"state"``) the norm
# reads the last step's level and trend and the last season's seasons, at the
# cost of any other norm, whatever the season
MAX_SMOOTHED_SEASON = 24
# the constants (level, trend, season, damping) that the row "Holt-Winters,
# one set" chooses from, on the folds: the 16 that
# ``HoltWintersRegressor(smoothing="auto")`` and ``add_smoothing_channels``
# choose among by training error
SMOOTHINGS = list(AUTO_SMOOTHINGS)


def smoothed_windows(windows, season):
    """The windows of the grid (``windows``) that the Holt-Winters norm reads.
    From the state (``SMOOTHING = "state"``), all of them: a window's forecast
    reads its last season of states, and every window of the grid is longer
    than a season. Smoothing each window afresh, those of three seasons or
    more, or the longest where none is (the smoothing starts from a window's
    first two seasons: its level and season from the first, its trend from
    the change to the second, so a window of two seasons would leave it one
    season to smooth), and none for seasons over ``MAX_SMOOTHED_SEASON``."""
    if SMOOTHING == "state":
        return list(windows)
    if season > MAX_SMOOTHED_SEASON:
        return []
    return [w for w in windows if w >= 3 * season] or [max(windows)]


def tune_smoothing(trains, horizon, season):
    """The constants of ``SMOOTHINGS`` whose Holt-Winters smoothing (no
    training) scores best on the folds of ``tuning_folds``, on the training
    parts, for the whole group; and that score."""
    folds, data = fold_data(trains, horizon, season, channels=False)
    history = data[0][0].shape[1]  # the windows' length
    starts = [HoltWintersRegressor(season, smoothing=s) for s in SMOOTHINGS]
    results = cross_validate_grid(
        Pipeline([("window", SlidingWindow()), ("lstm", starts[0])]),
        {"window__window": [history], "lstm": starts},
        data,
        folds,
    )
    best = results.sort_values("rank_test_score", kind="stable").iloc[0]
    return best["params"]["lstm"].smoothing, float(best["mean_test_score"])


def norm_of(params):
    """The window norm of a network of the grid, from its ``params``."""
    return params.get("lstm__window_norm", "seasonal")


def tune_global(trains, horizon, season, epochs, n_jobs=None):
    """The global network's window norm (the Holt-Winters norm with each
    series' own constants), window, linear skip and penalty on its corrections
    (``output_penalty``, which pulls it toward the start), chosen by
    cross-validation on the training parts (``tuning_folds``), one member
    per network; the mean scores (higher is better) of that network, of each
    untrained start (``starts_of``) and of the mean of the best network of
    each norm (``combined``) on the same folds; the best settings of each
    window norm (the first are the chosen ones); and the seconds of the
    grid's work, summed over its candidates. ``n_jobs`` cross-validates the
    grid's candidates in that many worker processes (the same scores as in
    one: every fit is seeded)."""
    folds, data = fold_data(trains, horizon, season)
    history = data[0][0].shape[1]  # the windows' length
    starts = starts_of(season)
    windows = sorted({min(2 * season, history), history})
    # 32 units: the width that validation chose on every group when the grid
    # held 16 and 32
    grid = [
        {
            "window__window": windows,
            "lstm__units": [32],
            "lstm__linear_skip": [False, True],
            "lstm__output_penalty": [0.0, 0.1],
        },
        {  # no seasonal norm: the last value's level, the lags through the skip
            "window__window": windows,
            "lstm__window_norm": ["last"],
            "lstm__units": [32],
            "lstm__linear_skip": [True],
            "lstm__output_penalty": [0.0, 0.1],
        },
        {"window__window": [history], "lstm": list(starts.values())},
    ]
    if smoothed_windows(windows, season):
        grid.append(
            {  # corrections to the Holt-Winters smoothing of each series
                "window__window": smoothed_windows(windows, season),
                "lstm__window_norm": ["holt_winters"],
                "lstm__units": [32],
                "lstm__linear_skip": [False, True],
                "lstm__output_penalty": [0.0, 0.1],
            }
        )
    results = cross_validate_grid(
        global_pipeline(season, 0, epochs, members=1), grid, data, folds, n_jobs
    )
    # the grid's own objects are kept in its params: a start by identity
    names = {id(start): name for name, start in starts.items()}
    start_of = results["params"].map(lambda p: names.get(id(p.get("lstm"))))
    networks = results[start_of.isna()].sort_values("rank_test_score", kind="stable")
    best = networks.iloc[0]
    norms = networks["params"].map(norm_of)
    best_of_norm = {  # the best network of each window norm, best first
        norm: networks.loc[norms == norm].iloc[0] for norm in dict.fromkeys(norms)
    }
    scores = {  # in this order, a tie goes to a start, then to one network
        name: float(results.loc[start_of == name, "mean_test_score"].iloc[0])
        for name in starts
    }
    scores["one member"] = float(best["mean_test_score"])
    # ``combined`` fits these same networks on the same folds
    scores["combined"] = mean_score(
        [r["predictions"] for r in best_of_norm.values()], data, folds
    )
    by_norm = {norm: r["params"] for norm, r in best_of_norm.items()}
    return best["params"], scores, by_norm, float(results["seconds"].sum())


def cross_validate_grid(model, grid, data, folds, n_jobs=None):
    """``GridSearchCV(model, grid, cv=folds, scoring=SCORING, refit=False)``'s
    ``cv_results_`` (``params``, ``mean_test_score``, ``rank_test_score``),
    each fold on its own rows (``data``, an ``(X, y)`` a fold: ``fold_data``),
    a row per candidate in the grid's order, with each candidate's forecasts of
    the test rows of each fold (``predictions``), which the search keeps
    nowhere, and its seconds in its worker, fits and forecasts of all its
    folds (``seconds``). Each candidate's folds are fitted in one worker
    process (of ``n_jobs``): a network's steps are compiled once for its
    folds, where the search hands each fold to the next worker."""
    candidates = list(ParameterGrid(grid))
    results = Parallel(n_jobs=n_jobs)(
        delayed(_on_folds)(clone(model).set_params(**clone(p, safe=False)), data, folds)
        for p in candidates
    )
    scores = np.array([s for s, _, _ in results])
    means = np.average(scores, axis=1)
    return pd.DataFrame(
        {
            "params": candidates,
            "mean_test_score": means,
            "rank_test_score": rankdata(-means, method="min").astype(np.int32),
            "predictions": [p for _, p, _ in results],
            "seconds": [t for _, _, t in results],
        }
    )


def mean_score(predictions, data, folds):
    """The mean score (``SCORING``) on ``folds`` of the mean forecast of
    several candidates, from their ``predictions`` of each fold
    (``cross_validate_grid``'s): to the last digit, the score of their
    ``CombinedRegressor`` cross-validated on those folds."""
    return float(
        np.mean(
            [
                -mean_absolute_error(
                    _safe_indexing(y, test), np.mean([p[k] for p in predictions], 0)
                )
                for k, ((_, test), (_, y)) in enumerate(zip(folds, data, strict=True))
            ]
        )
    )


def _on_folds(model, data, folds):
    """The score (``SCORING``) of ``model`` fitted on each fold's training
    rows (of the fold's own ``(X, y)``), its forecasts of the fold's test
    rows, and the seconds of it all."""
    start = time.perf_counter()
    scores, predictions = [], []
    for (train, test), (X, y) in zip(folds, data, strict=True):
        fitted = clone(model).fit(_safe_indexing(X, train), _safe_indexing(y, train))
        forecast = np.asarray(fitted.predict(_safe_indexing(X, test)), dtype=float)
        forecast = forecast.reshape(len(forecast), -1)
        scores.append(-mean_absolute_error(_safe_indexing(y, test), forecast))
        predictions.append(forecast)
    return scores, predictions, time.perf_counter() - start


def starts_of(season):
    """The untrained starts of the three window norms in the grid: seasonal
    naive with drift (``"seasonal"``), the last value (``"last"``) and
    Holt-Winters smoothing with each series' own constants
    (``"holt_winters"``, on the channels of ``global_data``)."""
    return {
        "untrained start": SeasonalNaiveRegressor(season, drift=True),
        "naive": SeasonalNaiveRegressor(1),
        "Holt-Winters start": HoltWintersRegressor(season, smoothing=SMOOTHING),
    }


# the name, in ``starts_of`` and in the suite's table, of each window norm's
# untrained start
START_OF_NORM = {
    "seasonal": "untrained start",
    "last": "naive",
    "holt_winters": "Holt-Winters start",
}


def start_of(tuned, season):
    """The untrained start of the network ``tuned`` (the forecast of its
    window norm before any training), and the window it reads."""
    name = START_OF_NORM[norm_of(tuned)]
    return starts_of(season)[name], tuned["window__window"]


def untrained_global(model, trains, horizon, season, window, state=True):
    """The forecast of each series of ``trains`` by a start ``model`` (one of
    ``starts_of``) on the group's rows (``global_data``), from its last
    ``window`` values."""
    models, values, _, X, y = global_data(trains, horizon, season, state=state)
    model = Pipeline([("window", SlidingWindow(window)), ("start", model)])
    return _forecasts(model.fit(X, y), models, values, horizon)


def own_starts(chosen, tuned, by_norm):
    """The starts (by name) that the recipe's choice ``chosen`` starts from:
    itself where it is a start, the start of the tuned network's norm for
    ``"one member"``, and the start of every norm of the combination for
    ``"combined"`` (untrained, its networks forecast the mean of their
    starts)."""
    if chosen == "one member":
        return [START_OF_NORM[norm_of(tuned)]]
    if chosen == "combined":
        return [START_OF_NORM[norm] for norm in by_norm]
    return [chosen]


def mean_forecast(train, forecasts):
    """The mean of ``forecasts`` of ``train`` taken in the units the models
    see (``to_model``: the log of a positive series), as a
    ``CombinedRegressor`` of those models takes it; in the series' units."""
    if len(forecasts) == 1:
        return forecasts[0]
    _, back = to_model(train)
    if back is np.exp:
        return np.exp(np.mean(np.log(forecasts), axis=0))
    return np.mean(forecasts, axis=0)


def combined(season, seed, epochs, by_norm):
    """The mean forecast of the best network of each window norm (one member
    each): a ``CombinedRegressor`` named by the norms."""
    return CombinedRegressor(
        [
            (norm, global_pipeline(season, seed, epochs, 1).set_params(**params))
            for norm, params in by_norm.items()
        ]
    )


def choose_recipe(scores):
    """What the recipe forecasts with: an untrained start, the tuned network
    (one member), or the mean of the best network of each norm
    (``combined``), whichever scores best on the folds of ``tune_global``
    (``scores``; a tie goes to the first)."""
    return max(scores, key=scores.get)


def lstm_global(
    trains, horizon, season, seed, epochs, tuned, members=5, own_scale=True
):
    """One network across ``trains`` (a dict of series): the forecast of each
    (``own_scale``: as ``global_data``'s)."""
    models, values, _, X, y = global_data(trains, horizon, season, own_scale=own_scale)
    pipeline = global_pipeline(season, seed, epochs, members).set_params(**tuned)
    return _forecasts(pipeline.fit(X, y), models, values, horizon)


def scored_global(trains, tests, naive, season, seeds, epochs, tuned, **kwargs):
    """``lstm_global`` (``kwargs``: its options) with each of ``seeds``: a
    record per seed of its score on the held-out parts ``tests``
    (``accuracy_suite.relative_mase``, relative to ``naive``'s MASE) and
    its seconds."""
    horizon = len(next(iter(tests.values())))
    records = []
    for seed in seeds:
        begin = time.perf_counter()
        forecasts = lstm_global(trains, horizon, season, seed, epochs, tuned, **kwargs)
        score = suite.relative_mase(forecasts, tests, trains, naive, season)
        records.append(
            {
                "seed": seed,
                "relative MASE": score,
                "seconds": time.perf_counter() - begin,
            }
        )
    return records


def lstm_combined(trains, horizon, season, seed, epochs, by_norm):
    """The forecasts of ``combined`` across ``trains``, and those of its first
    network alone (the tuned one: the same fit as ``lstm_global`` with one
    member)."""
    models, values, _, X, y = global_data(trains, horizon, season)
    model = combined(season, seed, epochs, by_norm).fit(X, y)
    return (
        _forecasts(model, models, values, horizon),
        _forecasts(model.estimators_[0], models, values, horizon),
    )


def _forecasts(model, models, values, horizon):
    """The forecast of each series by a fitted ``model``, mapped back to the
    series' units (``models``: ``to_model`` of each)."""
    forecasts = recursive_forecast(model, values, horizon, target=0)
    return {k: models[k][1](np.asarray(f)) for k, f in forecasts.items()}
