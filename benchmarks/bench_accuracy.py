"""The public accuracy suite: skltsm's LSTMs against the forecasts people use.

Run from the repository root::

    python benchmarks/bench_accuracy.py            # the suite, seeds 0, 1, 2
    python benchmarks/bench_accuracy.py --quick    # 2 series, 1 seed, few epochs
    python benchmarks/bench_accuracy.py --check    # 9 other series (3 minutes)

On the series of ``accuracy_suite.py`` (11 univariate fpp2 series, the fpp2
``arrivals`` panel of 4 series and the fpp3 ``us_employment`` panel), with its
protocol (the last ``horizon`` values held out, everything tuned on the
training part only, MASE with the seasonal scale, the geometric mean of MASE
relative to the seasonal naive forecast), the rows are, in one run:

- **seasonal naive**: the scale of the comparison (relative MASE 1);
- **untrained start**: what the LSTMs forecast before any training, the
  seasonal naive forecast with the last season's mean seasonal change as
  drift (``SeasonalNaiveRegressor(drift=True)``);
- **naive**: the last value repeated, what a network with
  ``window_norm="last"`` forecasts before any training;
- **Holt-Winters start**: what a network with ``window_norm="holt_winters"``
  forecasts before any training, additive damped Holt-Winters smoothing of
  each window (``HoltWintersRegressor``), its constants chosen once per group
  among ``SMOOTHINGS`` on the folds of the global network (below);
- **AutoETS**: sktime's ``AutoETS(auto=True)``, seasonal with the series'
  season (non-seasonal for weekly data, whose season of 52 ETS cannot take);
- **Ridge**: a ridge regression on the lags, in the same pipeline as the
  LSTMs (``SlidingWindow(flatten=True)``), forecasting the horizon at once,
  its window and penalty tuned by ``GridSearchCV`` and ``TimeSeriesSplit``
  on the training part (every search here scores each row of a test fold
  as a forecast origin: ``SCORING``);
- **Ridge, pooled**: a ridge regression on each window less its last value
  (``LastValueRidge``), fitted once across the series of a group as the
  global network is, its window and penalty chosen on the same folds: the
  linear part of a network with ``window_norm="last"`` and a linear skip;
- **LSTM, per series**: the recipe fitted to each series alone;
- **LSTM, global**: the recipe fitted once across the series of a group (the
  univariate series of one frequency; each panel), its window norm
  (``"seasonal"``, ``"holt_winters"`` for seasons up to 24, or ``"last"``
  with a linear skip), window, whether it takes a linear skip
  (``linear_skip``) and a penalty on its corrections (``output_penalty`` 0
  or 0.1) chosen once per group by
  ``GridSearchCV`` with ``PanelTimeSeriesSplit`` on the training parts (one
  member per network there);
- **LSTM, global, one member**: the same, without the ensemble;
- **LSTM, norms combined**: the mean forecast of the best network of each
  window norm in that grid (one member each; ``CombinedRegressor``);
- **recipe**: whichever of the three untrained starts (seasonal naive with
  drift, naive, Holt-Winters), the chosen global network (one member) and
  the combination of norms scored best in that same cross-validation (on
  the training parts only; the combination is cross-validated once more):
  training, and the combination, are kept only where validation says they
  help. (The five-member ensemble left the candidates when the combination
  joined them: in the run before, it never scored better than one member
  on any group's folds.)
- **recipe and AutoETS**: the mean of the recipe's forecast and AutoETS's,
  step by step: a hybrid of the network and the statistical model, with
  equal weights fixed in advance (not chosen on the folds: AutoETS would
  have to be refitted at every origin of every fold).

The recipe: the log of a positive series, ``window_norm="seasonal"`` (or
``"last"`` or ``"holt_winters"`` where validation prefers it, for the global
network), the whole horizon at once (``make_supervised(horizon=H)``), an
ensemble of 5 networks in one model (``n_members=5``) for the per-series
LSTMs and the "LSTM, global" row, early stopping on the
last fifth of each series' training rows. Every LSTM row is the median over
the seeds (on ``us_employment``, the per-series LSTMs take the first seed
only: 145 networks a seed). It prints a table per series and the summary, and writes
them as CSV files with ``--out``. ``--check`` runs the same rows on the check
set of ``accuracy_suite.py`` instead: 9 monthly and quarterly series of other
R collections, never used to choose the recipe.
"""

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "jax")  # the fastest for small LSTMs on a CPU
sys.path.insert(0, str(Path(__file__).parent))

import accuracy_suite as suite
import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit, cross_val_score
from sklearn.pipeline import Pipeline

from skltsm import (
    CombinedRegressor,
    HoltWintersRegressor,
    LSTMRegressor,
    PanelTimeSeriesSplit,
    SeasonalNaiveRegressor,
    SlidingWindow,
    make_supervised,
    recursive_forecast,
)

ROWS = [
    "seasonal naive",
    "untrained start",
    "naive",
    "Holt-Winters start",
    "AutoETS",
    "Ridge",
    "Ridge, pooled",
    "LSTM, per series",
    "LSTM, global",
    "LSTM, global, one member",
    "LSTM, norms combined",
    "recipe",
    "recipe and AutoETS",
]
LSTM_ROWS = ROWS[ROWS.index("LSTM, per series") :]


# Validation scores every row of a test fold: each row is a forecast origin,
# its target the ``horizon`` values after it, which every model here forecasts
# at once (``make_supervised(horizon=H)``), so that scikit-learn's own scorer
# scores exactly the forecast that will be used, from ``horizon`` origins a
# series per fold. ``make_forecast_scorer`` forecasts from each series' first
# row of a fold only: with two folds, two origins a series, which chose
# wrongly between close candidates on 3 of the 5 groups of the run before
# this scoring.
SCORING = "neg_mean_absolute_error"


def history_of(season, n_train, horizon):
    """The rows' history: three seasons, or two where that leaves too few
    rows (at least twice the horizon) to learn from."""
    for seasons in (3, 2):
        history = seasons * season
        if n_train - history - horizon + 1 >= 2 * horizon:
            return history
    return season + 1


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


def untrained(model, train, horizon, history):
    """The forecast of a model that learns nothing (a start) from the last
    ``history`` values."""
    values, back = to_model(train)
    X, y = make_supervised(values, history=history, horizon=horizon)
    model.fit(X, y)
    return back(model.predict(values[np.newaxis, -history:, np.newaxis])[0])


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


class LastValueRidge(RegressorMixin, BaseEstimator):
    """A ridge regression on each window less its last value, forecasting the
    steps ahead less it: the linear map that a network with
    ``window_norm="last"`` and ``linear_skip=True`` learns through its skip,
    without the LSTM. Fitted across the series of a group, it is the linear
    half of the global network."""

    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        window, level = self._relative(X)
        self.ridge_ = Ridge(alpha=self.alpha).fit(window, np.asarray(y) - level)
        return self

    def predict(self, X):
        window, level = self._relative(X)
        return self.ridge_.predict(window) + level

    @staticmethod
    def _relative(X):
        window = np.asarray(X, dtype=float)[:, :, 0]
        return window - window[:, -1:], window[:, -1:]


def ridge_pooled(trains, horizon, season):
    """``LastValueRidge`` across ``trains`` (a dict of series), its window and
    penalty chosen on the folds that tune the global network: the forecast of
    each series."""
    models, values, history, X, y = _global_data(trains, horizon, season)
    pipeline = Pipeline([("window", SlidingWindow()), ("ridge", LastValueRidge())])
    grid = {
        "window__window": sorted({season + 1, min(2 * season, history), history}),
        "ridge__alpha": [0.1, 1.0, 10.0],
    }
    search = GridSearchCV(pipeline, grid, cv=_tuning_folds(horizon), scoring=SCORING)
    forecasts = recursive_forecast(search.fit(X, y), values, horizon)
    return {k: models[k][1](np.asarray(f)) for k, f in forecasts.items()}


# -- the LSTM recipe ---------------------------------------------------------


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


def _global_data(trains, horizon, season):
    models = {k: to_model(v) for k, v in trains.items()}
    values = {k: v for k, (v, _) in models.items()}
    history = history_of(season, min(len(v) for v in values.values()), horizon)
    X, y = make_supervised(values, history=history, horizon=horizon)
    return models, values, history, X, y


def _global_pipeline(season, seed, epochs, members):
    return Pipeline(
        [
            ("window", SlidingWindow()),
            ("lstm", recipe(season, seed, epochs, n_members=members)),
        ]
    )


def _tuning_folds(horizon):
    """The folds that tune the global network: the last ``horizon`` rows of
    each series' training part, twice."""
    return PanelTimeSeriesSplit(
        n_splits=2, test_size=horizon, gap=horizon - 1, cut="end"
    )


# the longest season whose networks smooth their windows: the recursion is
# unrolled step by step in the network, so a season of 52 weeks (104 steps a
# window) costs the weekly series more than all the rest of its grid; AutoETS
# stops at 24 too
MAX_SMOOTHED_SEASON = 24
# the constants (level, trend, season, damping) that the Holt-Winters start
# is chosen from, on the folds, before the networks are
SMOOTHINGS = [
    (level, trend, season, damping)
    for level in (0.2, 0.5)
    for trend in (0.0, 0.1)
    for season in (0.1, 0.3)
    for damping in (0.9, 1.0)
]


def tune_smoothing(trains, horizon, season):
    """The constants of ``SMOOTHINGS`` whose Holt-Winters start (no training)
    scores best on the folds of ``_tuning_folds``, on the training parts."""
    _, _, history, X, y = _global_data(trains, horizon, season)
    starts = [HoltWintersRegressor(season, smoothing=s) for s in SMOOTHINGS]
    search = GridSearchCV(
        _global_pipeline(season, 0, 1, members=1),
        {"window__window": [history], "lstm": starts},
        cv=_tuning_folds(horizon),
        scoring=SCORING,
        refit=False,
    ).fit(X, y)
    return search.best_params_["lstm"].smoothing


def tune_global(trains, horizon, season, epochs, smoothing=None):
    """The global network's window norm (with the Holt-Winters constants of
    ``tune_smoothing``), window, linear skip and penalty on its corrections
    (``output_penalty``, which pulls it toward the start), chosen by
    cross-validation on the training parts (``_tuning_folds``), one member
    per network; the mean scores (higher is better) of that network and of
    each untrained start (``starts_of``) on the same folds; and the best
    settings of each window norm (the first are the chosen ones)."""
    _, _, history, X, y = _global_data(trains, horizon, season)
    if smoothing is None:
        smoothing = tune_smoothing(trains, horizon, season)
    starts = starts_of(season, smoothing)
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
    if season <= MAX_SMOOTHED_SEASON:
        grid.append(
            {  # corrections to the Holt-Winters smoothing of each window
                "window__window": windows,
                "lstm__window_norm": ["holt_winters"],
                "lstm__smoothing": [smoothing],
                "lstm__units": [32],
                "lstm__linear_skip": [False, True],
                "lstm__output_penalty": [0.0, 0.1],
            }
        )
    search = GridSearchCV(
        _global_pipeline(season, 0, epochs, members=1),
        grid,
        cv=_tuning_folds(horizon),
        scoring=SCORING,
        refit=False,
    ).fit(X, y)
    results = pd.DataFrame(search.cv_results_)
    # the search keeps the grid's own objects in its params: a start by identity
    names = {id(start): name for name, start in starts.items()}
    start_of = results["params"].map(lambda p: names.get(id(p.get("lstm"))))
    networks = results[start_of.isna()].sort_values("rank_test_score")
    best = networks.iloc[0]
    norms = networks["params"].map(lambda p: p.get("lstm__window_norm", "seasonal"))
    by_norm = {  # the best network of each window norm, best first
        norm: networks.loc[norms == norm, "params"].iloc[0]
        for norm in dict.fromkeys(norms)
    }
    scores = {  # in this order, a tie goes to a start, then to one network
        name: float(results.loc[start_of == name, "mean_test_score"].iloc[0])
        for name in starts
    }
    scores["one member"] = float(best["mean_test_score"])
    return best["params"], scores, by_norm


def starts_of(season, smoothing):
    """The untrained starts of the three window norms in the grid: seasonal
    naive with drift (``"seasonal"``), the last value (``"last"``) and
    Holt-Winters smoothing with the constants ``smoothing``
    (``"holt_winters"``)."""
    return {
        "untrained start": SeasonalNaiveRegressor(season, drift=True),
        "naive": SeasonalNaiveRegressor(1),
        "Holt-Winters start": HoltWintersRegressor(season, smoothing=smoothing),
    }


def start_of(tuned, season):
    """The untrained start of the network ``tuned`` (the forecast of its
    window norm before any training), and the window it reads."""
    norm = tuned.get("lstm__window_norm", "seasonal")
    name = {
        "seasonal": "untrained start",
        "last": "naive",
        "holt_winters": "Holt-Winters start",
    }[norm]
    return starts_of(season, tuned.get("lstm__smoothing"))[name], tuned[
        "window__window"
    ]


def combined(season, seed, epochs, by_norm):
    """The mean forecast of the best network of each window norm (one member
    each): a ``CombinedRegressor`` named by the norms."""
    return CombinedRegressor(
        [
            (norm, _global_pipeline(season, seed, epochs, 1).set_params(**params))
            for norm, params in by_norm.items()
        ]
    )


def choose_recipe(trains, horizon, season, epochs, by_norm, scores):
    """What the recipe forecasts with: an untrained start, the tuned network
    (one member), or the mean of the best network of each norm
    (``combined``), whichever scores best on the folds of ``tune_global``
    (the combination is cross-validated there once more)."""
    _, _, _, X, y = _global_data(trains, horizon, season)
    folds = cross_val_score(
        combined(season, 0, epochs, by_norm),
        X,
        y,
        cv=_tuning_folds(horizon),
        scoring=SCORING,
    )
    scores = dict(scores, combined=float(folds.mean()))
    return max(scores, key=scores.get), scores


def lstm_global(trains, horizon, season, seed, epochs, tuned, members=5):
    """One network across ``trains`` (a dict of series): the forecast of each."""
    models, values, _, X, y = _global_data(trains, horizon, season)
    pipeline = _global_pipeline(season, seed, epochs, members).set_params(**tuned)
    return _forecasts(pipeline.fit(X, y), models, values, horizon)


def lstm_combined(trains, horizon, season, seed, epochs, by_norm):
    """The forecasts of ``combined`` across ``trains``, and those of its first
    network alone (the tuned one: the same fit as ``lstm_global`` with one
    member)."""
    models, values, _, X, y = _global_data(trains, horizon, season)
    model = combined(season, seed, epochs, by_norm).fit(X, y)
    return (
        _forecasts(model, models, values, horizon),
        _forecasts(model.estimators_[0], models, values, horizon),
    )


def _forecasts(model, models, values, horizon):
    """The forecast of each series by a fitted ``model``, mapped back to the
    series' units (``models``: ``to_model`` of each)."""
    forecasts = recursive_forecast(model, values, horizon)
    return {k: models[k][1](np.asarray(f)) for k, f in forecasts.items()}


# -- the runs ------------------------------------------------------------------


def groups_of(names, panels):
    """The groups that one global network learns across: the univariate series
    of one (season, horizon), and each panel."""
    groups = {}
    for name in names:
        _, _, season, horizon = suite.SERIES[name]
        groups.setdefault(f"univariate, season {season}", (season, horizon, {}))
        groups[f"univariate, season {season}"][2][name] = suite.load_series(name)
    for name in panels:
        _, _, season, horizon = suite.PANELS[name]
        series = suite.load_panel(name)
        groups[name] = (season, horizon, {f"{name}/{k}": v for k, v in series.items()})
    return groups


def run(names, panels, seeds, epochs, per_series_seeds=None):
    """Every row on every series; a long table of MASE and seconds. The
    per-series LSTMs take ``per_series_seeds`` (all ``seeds`` by default)."""
    per_series_seeds = seeds if per_series_seeds is None else per_series_seeds
    records = []
    for group, (season, horizon, series) in groups_of(names, panels).items():
        trains = {k: suite.split(v, horizon)[0] for k, v in series.items()}
        tests = {k: suite.split(v, horizon)[1] for k, v in series.items()}
        forecasts, seconds = {}, {}

        def timed(row, func, *args, seconds=seconds, **kwargs):
            start = time.perf_counter()
            result = func(*args, **kwargs)
            seconds[row] = seconds.get(row, 0.0) + time.perf_counter() - start
            return result

        smoothing = timed("LSTM, global", tune_smoothing, trains, horizon, season)
        history = history_of(season, min(map(len, trains.values())), horizon)
        for key, train in trains.items():
            forecasts["Holt-Winters start", key] = untrained(
                HoltWintersRegressor(season, smoothing=smoothing),
                train,
                horizon,
                history,
            )
            forecasts["seasonal naive", key] = seasonal_naive(train, horizon, season)
            forecasts["untrained start", key] = seasonal_naive(
                train, horizon, season, drift=True
            )
            forecasts["naive", key] = seasonal_naive(train, horizon, 1)
            forecasts["AutoETS", key] = timed(
                "AutoETS", auto_ets, train, horizon, season
            )
            forecasts["Ridge", key] = timed("Ridge", ridge, train, horizon, season)
        pooled = timed("Ridge, pooled", ridge_pooled, trains, horizon, season)
        for key in trains:
            forecasts["Ridge, pooled", key] = pooled[key]
        tuned, scores, by_norm = timed(
            "LSTM, global", tune_global, trains, horizon, season, epochs, smoothing
        )
        chosen, scores = timed(
            "recipe", choose_recipe, trains, horizon, season, epochs, by_norm, scores
        )
        shown = ", ".join(f"{k} {-v:.4f}" for k, v in scores.items())
        print(
            f"  {group}: Holt-Winters constants {smoothing}; tuned {tuned}; "
            f"validation MAE {shown}; "
            f"the recipe takes: {chosen}",
            flush=True,
        )
        for seed in seeds:
            for key, train in trains.items() if seed in per_series_seeds else ():
                forecasts["LSTM, per series", key, seed] = timed(
                    "LSTM, per series",
                    lstm_per_series,
                    train,
                    horizon,
                    season,
                    seed,
                    epochs,
                )
            ensemble = timed(
                "LSTM, global",
                lstm_global,
                trains,
                horizon,
                season,
                seed,
                epochs,
                tuned=tuned,
                members=5,
            )
            both, single = timed(
                "LSTM, norms combined",
                lstm_combined,
                trains,
                horizon,
                season,
                seed,
                epochs,
                by_norm,
            )
            for key in trains:
                forecasts["LSTM, global", key, seed] = ensemble[key]
                forecasts["LSTM, global, one member", key, seed] = single[key]
                forecasts["LSTM, norms combined", key, seed] = both[key]
                forecasts["recipe", key, seed] = {
                    "untrained start": forecasts["untrained start", key],
                    "naive": forecasts["naive", key],
                    "Holt-Winters start": forecasts["Holt-Winters start", key],
                    "one member": single[key],
                    "combined": both[key],
                }[chosen]
                forecasts["recipe and AutoETS", key, seed] = (
                    forecasts["recipe", key, seed] + forecasts["AutoETS", key]
                ) / 2
            print(f"  {group}, seed {seed} done", flush=True)
        for (row, key, *seed), forecast in forecasts.items():
            records.append(
                {
                    "group": group,
                    "series": key,
                    "row": row,
                    "seed": seed[0] if seed else None,
                    "mase": suite.mase(tests[key], forecast, trains[key], season),
                }
            )
        for row, total in seconds.items():
            records.append({"group": group, "row": row, "seconds": total})
        print(f"{group}: {len(trains)} series done", flush=True)
    return pd.DataFrame(records)


def summarise(records):
    """Per series: MASE of each row (LSTMs: median over seeds); per group:
    geometric mean of MASE relative to seasonal naive, and wins."""
    scores = records.dropna(subset=["mase"])
    per_series = scores.pivot_table(
        index=["group", "series"], columns="row", values="mase", aggfunc="median"
    )
    per_series = per_series[[r for r in ROWS if r in per_series]]
    relative = per_series.div(per_series["seasonal naive"], axis=0)
    summary = relative.groupby(level="group").agg(suite.geometric_mean)
    univariate = relative[
        relative.index.get_level_values("group").str.startswith("uni")
    ]
    if len(univariate):
        summary.loc["all univariate series"] = univariate.agg(suite.geometric_mean)
    naive = per_series["seasonal naive"].rename("naive").reset_index()
    lstm = scores[scores["row"].isin(LSTM_ROWS)].merge(naive, on=["group", "series"])
    spread = (
        lstm.assign(rel=lstm["mase"] / lstm["naive"])
        .groupby(["group", "row", "seed"])["rel"]
        .agg(suite.geometric_mean)
        .groupby(level=["group", "row"])
        .agg(["min", "max"])
    )
    beats = {
        row: relative[row]
        .lt(relative["untrained start"])
        .where(relative[row].notna())
        .groupby(level="group")
        .mean()
        for row in LSTM_ROWS
        if row in relative
    }
    seconds = records.dropna(subset=["seconds"]).pivot_table(
        index="group", columns="row", values="seconds", aggfunc="sum"
    )
    return per_series, summary, spread, pd.DataFrame(beats), seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 series, 1 seed")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--series", nargs="+", choices=list(suite.SERIES))
    parser.add_argument(
        "--check",
        action="store_true",
        help="the check set of 9 series never used to choose the recipe",
    )
    parser.add_argument("--panels", nargs="*", choices=list(suite.PANELS))
    parser.add_argument("--out", type=Path, help="a folder for the CSV tables")
    args = parser.parse_args()
    names = args.series or list(suite.CHECK if args.check else suite.UNIVARIATE)
    panels = list(suite.PANELS) if args.panels is None else args.panels
    panels = [] if args.check else panels
    seeds, epochs = args.seeds, 200
    if args.quick:
        names, panels, seeds, epochs = ["a10", "qgas"], [], [0], 3
    start = time.perf_counter()
    # us_employment (145 series, 145 networks a seed per series): one seed for
    # the per-series LSTMs, every seed for the global ones
    others = [p for p in panels if p != "us_employment"]
    records = run(names, others, seeds, epochs)
    if "us_employment" in panels:
        big = run([], ["us_employment"], seeds, epochs, per_series_seeds=seeds[:1])
        records = pd.concat([records, big], ignore_index=True)
    per_series_table, summary, spread, beats, seconds = summarise(records)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print("\nMASE per series (LSTMs: median over seeds):")
        print(per_series_table.round(3).to_string())
        print("\nGeometric mean of MASE relative to seasonal naive (lower is better):")
        print(summary.round(3).to_string())
        print("\nLSTM rows, geometric mean per seed: min and max")
        print(spread.round(3).to_string())
        print(
            "\nShare of series where the LSTM beats the seasonal start (seasonal "
            'naive with drift; naive, the start of the "last" norm, is weaker):'
        )
        print(beats.round(2).to_string())
        print("\nSeconds (all seeds):")
        print(seconds.round(1).to_string())
    print(f"\n{time.perf_counter() - start:.0f} s in all")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        per_series_table.to_csv(args.out / "per_series.csv")
        summary.to_csv(args.out / "summary.csv")


if __name__ == "__main__":
    main()
