"""Prediction intervals on the public accuracy suite: skltsm against AutoETS.

Run from the repository root::

    python benchmarks/bench_intervals.py            # the 11 univariate series, seed 0
    python benchmarks/bench_intervals.py --quick    # 2 series, few epochs: a smoke test
    python benchmarks/bench_intervals.py --check    # the accuracy suite's check set
    python benchmarks/bench_intervals.py --quick --series qgas  # qgas, few epochs
    python benchmarks/bench_intervals.py --skip-global  # the per-series rows only
    python benchmarks/bench_intervals.py --csv mine.csv --season 12 --horizon 18
    python benchmarks/bench_intervals.py --summarise runA/ runB/  # as one run

On the univariate series of ``accuracy_suite.py`` (11 fpp2 series), with its
protocol (the last ``horizon`` values held out, everything fitted and
calibrated on the training part only, the seasonal naive in-sample MAE as the
scale), each row forecasts the levels 0.025, 0.1, 0.5, 0.9 and 0.975 of the
``horizon`` held-out values: an 80% interval (0.1 to 0.9) and a 95% interval
(0.025 to 0.975). The rows, in one run:

- **AutoETS**: sktime's ``AutoETS(auto=True)``, seasonal with the series'
  season (non-seasonal for the weekly series, whose season of 52 ETS cannot
  take), its ``predict_interval(coverage=[0.8, 0.95])``. Where sktime 1.2
  cannot pass the simulation's random state on to statsmodels 0.15 (a
  ``TypeError`` for the ETS models without exact intervals: the
  multiplicative ones), the same fitted model's intervals come from
  statsmodels' ``get_prediction`` directly (1000 simulated paths), and the
  per-series table says so (``ets_route``);
- **LSTM, quantiles**: the recipe of ``bench_accuracy.py`` (the log of a
  positive series, ``window_norm="seasonal"``, ``make_supervised(horizon=H)``,
  5 members, early stopping on the last fifth of the rows) fitted with
  ``quantiles=(0.025, 0.1, 0.5, 0.9, 0.975)`` (the pinball loss, non-crossing
  quantiles), forecast by ``recursive_forecast(quantiles=True)`` (one direct
  forecast of the H steps); ``exp`` maps the quantiles of the log back, which
  is valid since ``exp`` is monotone;
- **LSTM, conformal**: ``ConformalRegressor`` around the same recipe fitted
  for the point forecast, on the same rows, calibrated on the errors of
  time-ordered folds (below), then ``recursive_forecast(quantiles=True)``;
  on the log series too, so that the intervals are multiplicative;
- **LSTM, conformalised quantiles**: ``ConformalRegressor`` around the
  quantile recipe of the second row, on the same rows and folds: each of
  its levels moves by the conformal quantile of that level's own fold
  errors (conformalized quantile regression), keeping the network's widths;
- **LSTM, conformal, scaled** and **LSTM, conformalised quantiles,
  scaled**: the two rows above with ``ConformalRegressor(scale=...)``, each
  error in units of the size of the window it was forecast from
  (``window_spread``: the window's own mean absolute seasonal change, of
  the log where the series is positive), so that the intervals of calm
  windows are narrower than those of rough ones (normalised conformal
  prediction);
- **..., pooled steps**: every conformal row again, from the same fitted
  ``ConformalRegressor`` with ``pool_steps=True`` (it acts at predict): the
  quantile of each level taken from the errors of all ``H`` steps ahead
  together, each step's errors centred on their median and divided by
  their mean absolute deviation, mapped back step by step; ``H`` times the
  errors for each quantile;
- **Ridge, conformal**: ``ConformalRegressor`` around
  ``Pipeline([SlidingWindow(flatten=True), Ridge(alpha=1.0)])`` on the same
  rows and folds: a cheap reference;
- **LSTM, Holt-Winters norm, conformal, scaled**: a network of the accuracy
  suite's grid, fixed here (what its tuning, ``tune_global``, chose for the
  monthly and the quarterly group when these rows were set up; it has
  chosen the linear skip on the monthly group since), fitted to each series
  alone:
  ``window_norm="holt_winters"`` with the series' own constants and its
  smoothing's state from the series' start (seven channels of its rows,
  ``add_smoothing_channels(state=True)``), 32 units, the penalty
  0.1 on its corrections, no linear skip, one member; in the scaled
  ``ConformalRegressor`` with the series' own folds (those of the rows
  above). Its settings are not tuned again, for any group;
- **LSTM, Holt-Winters norm, quantiles** and **LSTM, Holt-Winters norm,
  conformalised quantiles, scaled**: that network trained with the
  quantiles of the second row (the penalty on its corrections pulls the
  median's alone: the distances between the levels are learnt freely), bare
  and in the scaled ``ConformalRegressor`` (its own levels conformalised):
  the quantile route on the network that meets the targets in the conformal
  route;
- **LSTM, Holt-Winters norm, quantiles, chosen on the folds** and
  **LSTM, Holt-Winters norm, conformal, chosen on the folds**: each route
  of that network with its wrapper's setting chosen per series on the
  training part alone, by ``ConformalRegressor.fold_pinball_loss`` (the
  last conformal fold's errors scored with the levels calibrated on the two
  folds before it; the mean pinball loss over the five levels, in units of
  each window's size): the quantile route among the network's own
  quantiles bare and conformalised (scaled), each step's errors apart or
  pooled; the conformal route between the point network's scaled wrapper
  with each step's errors apart or pooled. The two wrappers are fitted
  again for these rows (the same seeds and rows: the same networks as the
  rows above); the choice and every candidate's loss are printed;
- **Holt-Winters start, conformal, scaled**: that network's untrained
  start, ``HoltWintersRegressor(smoothing="state")`` on the same rows,
  in the same wrapper: what the row above owes to training (no network,
  no seed);
- **LSTM, global, quantiles**: the global network of ``bench_accuracy.py``
  (one network, 5 members, across the series of one frequency; its window
  norm, window, width, linear skip and penalty tuned there by
  ``tune_global`` on the training parts) with the quantiles of the second
  row;
- **LSTM, global, conformalised quantiles**: the same in a
  ``ConformalRegressor`` whose ``PanelTimeSeriesSplit`` folds cut every
  series at its own end, of the sizes below for the shortest series of the
  group; the fold errors of all its series are pooled, each in its series'
  own scale (``accuracy_models.global_data`` divides each series by its
  mean absolute seasonal change before the rows are pooled);
- **LSTM, global, conformalised quantiles, scaled**: the same with each
  error in units of its window's size (as the scaled rows above), so that
  series whose errors differ in size are pooled in one unit;
- **LSTM, global, quantiles, chosen on the folds**: the global network's
  quantiles bare or conformalised (scaled, each step's errors apart or
  pooled), whichever has the smallest ``fold_pinball_loss`` of the row
  above's wrapper (one choice per group, on its pooled fold errors; no
  further fit);
- **LSTM, global, norms combined, conformal, scaled**: the point forecast
  of the row below's networks (without quantiles; the mean of the best
  network of each norm) in the scaled ``ConformalRegressor`` of the global
  rows: the networks' most accurate point forecast with conformal
  intervals;
- **LSTM, global, conformal, scaled**: the tuned network itself (one
  member, a point forecast: the accuracy suite's "LSTM, global, one
  member", the network of its recipe) in the scaled ``ConformalRegressor``
  of the global rows;
- **its start, conformal, scaled**: the untrained start of that network's
  window norm (``accuracy_models.start_of``: the Holt-Winters smoothing
  with each series' own constants where the tuned norm is
  ``"holt_winters"``, the last value for ``"last"``) in the same wrapper:
  what the row above owes to training (no network, no seed);
- **LSTM, global, quantiles, norms combined**: the best network of each
  window norm in ``tune_global``'s grid (one member each), each with those
  quantiles, and the mean of each level across them
  (``CombinedRegressor``, as the accuracy suite's "LSTM, norms combined");
- **norms combined and AutoETS**: the mean of each level of the row above
  and of AutoETS's (the same bound of each interval, averaged): a hybrid
  of the networks and the statistical model, with equal weights fixed in
  advance, as the accuracy suite's "recipe and AutoETS".

The conformal folds (a rule from the number ``n`` of supervised rows of the
training part): ``TimeSeriesSplit(n_splits=3, test_size=t, gap=H - 1)`` with
``t = (n - first - (H - 1)) // 3``, where ``first``, the training rows of the
first fold, is half the rows, or more where the recipe's early stopping (the
last 20% of a fold's rows, after a gap of ``H - 1``) would leave fewer than
``H`` rows to train on. Each step ahead then has ``3 t`` errors. Three folds
keep the cost at 4 fits per series. The 95% interval needs ``ceil((3t + 1) ·
0.975) <= 3t``, i.e. at least 39 errors: where the folds give fewer (the short
``euretail``), its bounds are infinite, counted in the ``inf_bounds`` column
(in the model's units: ``exp`` maps -inf to a lower bound of 0), and its MSIS
is infinite; those series are left out of the ``msis_gmean`` of every row (the
count is printed; ``msis_gmean_all``, over every series, shows the inf).
Pooled over the steps, ``3 t H`` errors make the same level.

Scores on the held-out values, per series and row: the empirical coverage of
the 80% and 95% intervals over the H steps; the MSIS, the M4 interval score
of the 95% interval (``a = 0.05``): the mean over the steps of ``(U - L) +
(2 / a) (L - y) 1{y < L} + (2 / a) (y - U) 1{y > U}``, divided by the
in-sample MAE of the seasonal naive forecast on the training part (the scale
of the suite's MASE); and the MASE of the 0.5 level (AutoETS: its point
forecast; the conformal rows: the point forecast plus the median fold error,
not ``predict``'s point forecast itself). The summary: coverage
pooled over all series and steps (issue #16's target: within 5 points of
nominal for the quantile and conformal routes), the geometric mean of MSIS
over the series and its ratio to AutoETS's (target: at most 1), the MASE
geometric mean. LSTM rows: coverage pooled over the seeds too; per series, the
median MSIS and MASE over the seeds.

The cost (issue #16's target: at most 1.2 times): the fit time of the recipe
with three quantiles (0.1, 0.5, 0.9) against the same recipe's point fit,
both with early stopping off and the same number of epochs (200, the
recipe's, by default; ``--cost-epochs``), paired A B A B on a10, qgas and
usmelec after an untimed one-epoch fit of each (JAX compiles the training
step once per process and shape: the first fit of each would mostly time the
compiler, a few seconds); the ratio of the summed times, and of the fastest
fit of each (a shared machine's other work only ever slows a fit down).

The latest full run took 18 minutes on 2 CPU cores with JAX (1089 s,
with the rows chosen on the folds; 1330 s and 1199 s in the two runs
before, on other days of the machine, the second before each ensemble's
members came to stop each on its own); one
on a slower machine took 43 minutes, nothing else running,
before the two Holt-Winters rows joined (36 minutes before the global
network's own conformal rows; 62 minutes on a slower machine shared for half
of that time, before the pooled rows). It prints the tables and writes them
as CSV files with ``--out``; ``--summarise`` prints (and with ``--out``
writes) the tables of several such runs' records as if they were one run,
less the series of ``--leave-out``, running nothing; runs whose series do
not all hold the same rows (a run with ``--skip-global`` beside a full
one) are refused, naming the rows each series lacks, as are runs of other
epochs (a ``--quick`` run beside a full one) or whose series hold other
numbers of seeds (records older than this check hold no epochs, and are
taken as they are). ``--csv`` runs the
rows on series of your own instead (``bench_accuracy.py``'s, read by
``accuracy_suite.load_csv``; one group for the global rows), refusing
before any fit a series too short for the protocol or the conformal folds.
The rows' models, their conformal folds and the scores are in
``interval_models.py``.
"""

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "jax")  # the fastest for small LSTMs on a CPU
sys.path.insert(0, str(Path(__file__).parent))

import accuracy_models as models
import accuracy_suite as suite
import numpy as np
import pandas as pd
from interval_models import (
    LEVELS,
    auto_ets,
    check_rows,
    combined_conformal,
    conformal,
    holt_winters_chosen,
    holt_winters_network,
    holt_winters_quantiles,
    interval_scores,
    lstm_combined,
    lstm_global,
    lstm_quantiles,
    ridge_pipeline,
    start_conformal,
    supervised,
    tuned_conformal,
)

from skltsm import HoltWintersRegressor

ROWS = [
    "AutoETS",
    "LSTM, quantiles",
    "LSTM, conformal",
    "LSTM, conformal, pooled steps",
    "LSTM, conformal, scaled",
    "LSTM, conformal, scaled, pooled steps",
    "LSTM, conformalised quantiles",
    "LSTM, conformalised quantiles, pooled steps",
    "LSTM, conformalised quantiles, scaled",
    "LSTM, conformalised quantiles, scaled, pooled steps",
    "Ridge, conformal",
    "Ridge, conformal, pooled steps",
    "LSTM, Holt-Winters norm, conformal, scaled",
    "LSTM, Holt-Winters norm, conformal, scaled, pooled steps",
    "Holt-Winters start, conformal, scaled",
    "Holt-Winters start, conformal, scaled, pooled steps",
    "LSTM, Holt-Winters norm, quantiles",
    "LSTM, Holt-Winters norm, conformalised quantiles, scaled",
    "LSTM, Holt-Winters norm, conformalised quantiles, scaled, pooled steps",
    "LSTM, Holt-Winters norm, quantiles, chosen on the folds",
    "LSTM, Holt-Winters norm, conformal, chosen on the folds",
    "LSTM, global, quantiles",
    "LSTM, global, conformalised quantiles",
    "LSTM, global, conformalised quantiles, pooled steps",
    "LSTM, global, conformalised quantiles, scaled",
    "LSTM, global, conformalised quantiles, scaled, pooled steps",
    "LSTM, global, quantiles, chosen on the folds",
    "LSTM, global, norms combined, conformal, scaled",
    "LSTM, global, norms combined, conformal, scaled, pooled steps",
    "LSTM, global, conformal, scaled",
    "LSTM, global, conformal, scaled, pooled steps",
    "its start, conformal, scaled",
    "its start, conformal, scaled, pooled steps",
    "LSTM, global, quantiles, norms combined",
    "norms combined and AutoETS",
]
POOLED = ", pooled steps"
HW_NETWORK = "LSTM, Holt-Winters norm, conformal, scaled"
HW_START = "Holt-Winters start, conformal, scaled"
HW_QUANTILES = "LSTM, Holt-Winters norm, quantiles"
HW_CQR = "LSTM, Holt-Winters norm, conformalised quantiles, scaled"
HW_CHOSEN = "LSTM, Holt-Winters norm, {route}, chosen on the folds"
GLOBAL_CHOSEN = "LSTM, global, quantiles, chosen on the folds"
COST_SERIES = ["a10", "qgas", "usmelec"]
COST_LEVELS = (0.1, 0.5, 0.9)


# the series of the run, by name: (series, season, horizon); the suite's are
# loaded when first asked for, ``--csv`` adds yours (``main``)
SERIES = {}


def series_of(name):
    """A series of the run, its season and its horizon."""
    if name not in SERIES:
        _, _, season, horizon = suite.SERIES[name]
        SERIES[name] = suite.load_series(name), season, horizon
    return SERIES[name]


def _record(name, row, seed, result, seconds):
    """Score one row's ``result`` on one series: ``(forecast, n_inf, *more)``,
    ``more`` the route of AutoETS's intervals, or the folds a conformal row
    used (``interval_models.folds_used``: a global row's, those of its
    group's wrapper)."""
    series, season, horizon = series_of(name)
    train, test = suite.split(series, horizon)
    forecast, n_inf, *more = result
    info = {}
    if row == "AutoETS":
        info["ets_route"] = more[0]
    elif more and more[0] is not None:
        info.update(more[0])
    return {
        "series": name,
        "row": row,
        "seed": seed,
        **interval_scores(test, forecast, train, season),
        "inf_bounds": n_inf,
        "seconds": seconds,
        **info,
    }


def _scored(name, row, seed, func, *args):
    """Run one row on one series (``func(*args)``, timed) and score it; a
    conformal row's two results as the row and its pooled twin (the same
    fit's seconds); routes chosen on the folds (a dict of ``(forecast,
    n_inf, choice)`` by route) as ``row.format(route=...)`` each, with the
    choice (the same fits' seconds)."""
    series, season, horizon = series_of(name)
    train, _ = suite.split(series, horizon)
    start = time.perf_counter()
    result = func(train, horizon, season, *args)
    seconds = time.perf_counter() - start
    if isinstance(result, dict):
        return [
            _chosen(name, row.format(route=route), seed, chosen, seconds)
            for route, chosen in result.items()
        ]
    if isinstance(result, list):
        apart, pooled = result
        return [
            _record(name, row, seed, apart, seconds),
            _record(name, row + POOLED, seed, pooled, seconds),
        ]
    return [_record(name, row, seed, result, seconds)]


def _chosen(name, row, seed, result, seconds):
    """The record of a route chosen on the folds: ``(forecast, n_inf,
    choice)``, scored, with the choice."""
    forecast, n_inf, choice = result
    return {**_record(name, row, seed, (forecast, n_inf), seconds), "chosen": choice}


def _records_of(row, seed, results, seconds):
    """The records of a global row (``results`` per series; conformalised,
    the row's and its pooled twin's, and the quantile route chosen on the
    folds where ``global_conformal`` chose one)."""
    if isinstance(results, list):
        apart, pooled, *chosen = results
        records = _records_of(row, seed, apart, seconds) + _records_of(
            row + POOLED, seed, pooled, seconds
        )
        for key, result in (chosen[0] if chosen else {}).items():
            records.append(_chosen(key, GLOBAL_CHOSEN, seed, result, seconds))
        return records
    return [_record(key, row, seed, result, seconds) for key, result in results.items()]


def run_global(names, seeds, epochs):
    """The global rows: one network per group of ``bench_accuracy`` (the
    series of one frequency), tuned there once per group; each series' share
    of the group's seconds (tuning included)."""
    records = []
    for group, (season, horizon, series) in suite.by_season(
        (name, *series_of(name)) for name in names
    ).items():
        trains = {k: suite.split(v, horizon)[0] for k, v in series.items()}
        start = time.perf_counter()
        tuned, _, by_norm, _ = models.tune_global(trains, horizon, season, epochs)
        # shared by the six rows of networks fitted with the tuned settings
        tuning = (time.perf_counter() - start) / (6 * len(seeds))
        ets = {}  # AutoETS's forecast of each series and its seconds, for the hybrid
        for key, train in trains.items():
            start = time.perf_counter()
            forecast, n_inf, _ = auto_ets(train, horizon, season)
            ets[key] = forecast, n_inf, time.perf_counter() - start
        start = time.perf_counter()
        results = start_conformal(trains, horizon, season, tuned)
        seconds = (time.perf_counter() - start) / len(trains)
        records += _records_of("its start, conformal, scaled", None, results, seconds)
        for seed in seeds:
            for row, conformalise, scaled in (
                ("LSTM, global, quantiles", False, False),
                ("LSTM, global, conformalised quantiles", True, False),
                ("LSTM, global, conformalised quantiles, scaled", True, True),
            ):
                start = time.perf_counter()
                results = lstm_global(
                    trains, horizon, season, seed, epochs, tuned, conformalise, scaled
                )
                seconds = (time.perf_counter() - start + tuning) / len(trains)
                records += _records_of(row, seed, results, seconds)
            start = time.perf_counter()
            results = tuned_conformal(trains, horizon, season, seed, epochs, tuned)
            seconds = (time.perf_counter() - start + tuning) / len(trains)
            row = "LSTM, global, conformal, scaled"
            records += _records_of(row, seed, results, seconds)
            start = time.perf_counter()
            results = combined_conformal(trains, horizon, season, seed, epochs, by_norm)
            seconds = (time.perf_counter() - start + tuning) / len(trains)
            row = "LSTM, global, norms combined, conformal, scaled"
            records += _records_of(row, seed, results, seconds)
            start = time.perf_counter()
            results = lstm_combined(trains, horizon, season, seed, epochs, by_norm)
            seconds = (time.perf_counter() - start + tuning) / len(results)
            for key, (forecast, n_inf, _) in results.items():
                ets_forecast, ets_inf, ets_seconds = ets[key]
                hybrid = ((forecast + ets_forecast) / 2, n_inf + ets_inf)
                records += [
                    _record(key, ROWS[-2], seed, results[key], seconds),
                    _record(key, ROWS[-1], seed, hybrid, seconds + ets_seconds),
                ]
        print(f"  {group}: tuned {tuned}", flush=True)
    return records


def run(names, seeds, epochs, global_rows=True):
    """Every row on every series (``global_rows``: with the global networks'
    rows): a long table of scores and seconds."""
    records = []
    for name in names:
        season = series_of(name)[1]
        smoothing = HoltWintersRegressor(season, smoothing=models.SMOOTHING)
        done = [
            *_scored(name, "AutoETS", None, auto_ets),
            *_scored(name, "Ridge, conformal", None, conformal, ridge_pipeline()),
            *_scored(name, HW_START, None, conformal, smoothing, True, True),
        ]
        for seed in seeds:
            done += _scored(name, "LSTM, quantiles", seed, lstm_quantiles, seed, epochs)
            for row, quantiles in (
                ("LSTM, conformal", None),
                ("LSTM, conformalised quantiles", LEVELS),
            ):
                recipe = models.recipe(season, seed, epochs, quantiles=quantiles)
                done += [
                    *_scored(name, row, seed, conformal, recipe),
                    *_scored(name, f"{row}, scaled", seed, conformal, recipe, True),
                ]
            network = holt_winters_network(season, seed, epochs)
            done += _scored(name, HW_NETWORK, seed, conformal, network, True, True)
            done += _scored(
                name, HW_QUANTILES, seed, holt_winters_quantiles, seed, epochs
            )
            network = holt_winters_network(season, seed, epochs, quantiles=LEVELS)
            done += _scored(name, HW_CQR, seed, conformal, network, True, True)
            done += _scored(name, HW_CHOSEN, seed, holt_winters_chosen, seed, epochs)
        times = pd.DataFrame(done).groupby("row", sort=False)["seconds"].sum()
        shown = ", ".join(f"{r} {s:.0f} s" for r, s in times.items())
        print(f"  {name}: {shown}", flush=True)
        records += done
    if global_rows:
        records += run_global(names, seeds, epochs)
    return pd.DataFrame(records)


def cost(names, epochs, repeats=2):
    """The recipe's fit with three quantiles against its point fit, early
    stopping off, A B A B per series after an untimed one-epoch fit of each
    (JAX compiles a network's steps once per process and shape, so that the
    first fit of each would mostly time the compiler): a table of seconds."""
    records = []
    for name in names:
        _, _, season, horizon = suite.SERIES[name]  # the suite's, with --csv too
        train, _ = suite.split(suite.load_series(name), horizon)
        _, _, X, y = supervised(train, horizon, season)
        for quantiles in (None, COST_LEVELS):  # compile both first, untimed
            models.recipe(season, 0, 1, early_stopping=False, quantiles=quantiles).fit(
                X, y
            )
        for repeat in range(repeats):
            for fit, quantiles in (("point", None), ("quantiles", COST_LEVELS)):
                model = models.recipe(
                    season, 0, epochs, early_stopping=False, quantiles=quantiles
                )
                start = time.perf_counter()
                model.fit(X, y)
                records.append(
                    {
                        "series": name,
                        "repeat": repeat,
                        "fit": fit,
                        "seconds": time.perf_counter() - start,
                    }
                )
        print(f"  cost: {name} done", flush=True)
    return pd.DataFrame(records)


def summarise(records):
    """Per series: the scores of each row (LSTMs: coverage pooled over the
    seeds, median MSIS and MASE); per row: pooled coverage, geometric means."""
    by = records.groupby(["series", "row"], sort=False)
    per_series = by[["hits80", "hits95", "steps", "inf_bounds", "seconds"]].sum()
    per_series["cov80"] = per_series["hits80"] / per_series["steps"]
    per_series["cov95"] = per_series["hits95"] / per_series["steps"]
    per_series[["msis", "mase"]] = by[["msis", "mase"]].median()
    finite = np.isfinite(per_series["msis"]).groupby(level="series").all()
    rows = per_series.groupby(level="row", sort=False)
    summary = pd.DataFrame(
        {
            "cov80": rows["hits80"].sum() / rows["steps"].sum(),
            "cov95": rows["hits95"].sum() / rows["steps"].sum(),
            "msis_gmean_all": rows["msis"].agg(suite.geometric_mean),
            "inf_bounds": rows["inf_bounds"].sum(),
            "mase_gmean": rows["mase"].agg(suite.geometric_mean),
            "seconds": rows["seconds"].sum(),
        }
    ).reindex([r for r in ROWS if r in set(records["row"])])
    kept = per_series[
        per_series.index.get_level_values("series").isin(finite[finite].index)
    ]
    # none where every series has an infinite bound in some row (short folds)
    msis = kept["msis"].groupby(level="row").agg(suite.geometric_mean)
    msis = msis.reindex(summary.index)
    summary.insert(2, "msis_gmean", msis)
    summary.insert(3, "msis_ratio_ets", msis / msis["AutoETS"])
    every = summary["msis_gmean_all"]
    summary.insert(5, "msis_ratio_ets_all", every / every["AutoETS"])
    per_series = per_series[["cov80", "cov95", "msis", "mase", "inf_bounds"]]
    return per_series, summary, int((~finite).sum()), list(finite[~finite].index)


def summarise_cost(records):
    """Per series and in all: the summed seconds of each fit and their ratio,
    and the ratio of the fastest fits (less sensitive to a shared machine's
    other work, which only ever slows a fit down)."""
    table = records.pivot_table(
        index="series", columns="fit", values="seconds", aggfunc="sum", sort=False
    )
    fastest = records.pivot_table(
        index="series", columns="fit", values="seconds", aggfunc="min", sort=False
    )
    table.loc["all"] = table.sum()
    fastest.loc["all"] = fastest.sum()
    table["ratio"] = table["quantiles"] / table["point"]
    table["ratio_fastest"] = fastest["quantiles"] / fastest["point"]
    return table


def _records(path):
    """A run's ``records.csv``, its series named as written."""
    return pd.read_csv(path).assign(series=suite.names_as_written(path))


def from_runs(folders, leave_out=()):
    """The records of several runs (each folder's ``records.csv``, as
    ``--out`` writes it), to be summarised as one run: the sets of a check
    run one group at a time, say. A series in two of them would count twice
    and is refused, as is a series to leave out that none of them holds,
    and series that do not hold the same rows (``same_rows``) or were not
    run alike (``same_settings``)."""
    parts = [_records(Path(folder) / "records.csv") for folder in folders]
    seen = {}
    for folder, part in zip(folders, parts, strict=True):
        for name in part["series"].unique():
            if name in seen:
                raise ValueError(
                    f"series {name!r} is in the records of both {seen[name]} "
                    f"and {folder}"
                )
            seen[name] = folder
    missing = sorted(set(leave_out) - set(seen))
    if missing:
        raise ValueError(f"no run holds the series to leave out: {missing}")
    records = pd.concat(parts, ignore_index=True)
    records = records[~records["series"].isin(leave_out)].reset_index(drop=True)
    same_rows(records)
    same_settings(records)
    return records


def _count(value, what):
    """``value`` as ``same_settings`` names it: "3 seeds", "1 seed", "200"."""
    if what == "epochs":
        return str(value)
    return f"{value} seed" + "s" * (value != 1)


def same_settings(records):
    """Refuse records of runs made with other epochs (a ``--quick`` run
    beside a full one), or whose series hold other numbers of seeds (each
    seed's steps count once more in the pooled coverage). Records written
    before runs kept their epochs hold none, and are taken as they are."""
    known = records.assign(epochs=records.get("epochs")).dropna(subset=["epochs"])
    for what, by_series in (
        ("epochs", known.groupby("series", sort=False)["epochs"].first().astype(int)),
        (
            "seeds",
            records.dropna(subset=["seed"])
            .groupby("series", sort=False)["seed"]
            .nunique(),
        ),
    ):
        if len(set(by_series)) > 1:
            shown = ", ".join(
                f"{_count(value, what)} ({list(names.index)})"
                for value, names in by_series.groupby(by_series, sort=False)
            )
            raise ValueError(
                f"the runs were not made alike, and would be summarised as one: "
                f"{what}: {shown}. Summarise runs of the same epochs and number "
                "of seeds, or leave the others out with --leave-out."
            )


def same_rows(records):
    """Refuse records whose series do not all hold the same rows (a run
    with ``--skip-global`` beside a full one): each row's geometric means
    would be over other series, and its ratio to AutoETS's would divide
    means over different sets. The error names the rows each series
    lacks."""
    every = records["row"].unique()
    held = records.groupby("series", sort=False)["row"].agg(set)
    lacking = {}
    for name, rows in held.items():
        missing = tuple(row for row in every if row not in rows)
        if missing:
            lacking.setdefault(missing, []).append(name)
    if lacking:
        shown = "; ".join(
            f"series {names} lack {list(missing)}" for missing, names in lacking.items()
        )
        raise ValueError(
            f"the runs do not hold the same rows for every series, and each row "
            f"would be summarised over other series: {shown}. Summarise runs of "
            "the same rows (a run with --skip-global holds none of the global "
            "rows), or leave those series out with --leave-out."
        )


def report(records, cost_table=None, cost_epochs=None):
    """Print the tables of ``records`` (and of the cost, where measured);
    return the per-series table and the summary."""
    per_series, summary, n_left_out, left_out = summarise(records)
    wide = per_series.reset_index().pivot_table(
        index="series", columns="row", values=list(per_series.columns), sort=False
    )
    wide = wide.swaplevel(axis=1).reindex(
        columns=[(r, m) for r in summary.index for m in per_series.columns]
    )
    with pd.option_context("display.width", 250, "display.max_columns", 30):
        print("\nPer series (coverage of the 80% and 95% intervals, MSIS, MASE):")
        print(wide.round(2).to_string())
        if "ets_route" in records:
            routes = records.dropna(subset=["ets_route"])
            print("\nAutoETS intervals by route:")
            for route, series in routes.groupby("ets_route")["series"]:
                print(f"  {route}: {', '.join(series)}")
        if "chosen" in records:
            print("\nChosen on the folds (each candidate's fold pinball loss):")
            for row, chosen in records.dropna(subset=["chosen"]).groupby(
                "row", sort=False
            ):
                print(f"  {row}:")
                for series, seed, choice in chosen[
                    ["series", "seed", "chosen"]
                ].to_numpy():
                    print(f"    {series} (seed {seed:.0f}): {choice}")
        if "errors_per_step" in records:
            print(
                "\nConformal folds (rows, test fold size, errors per step ahead; "
                "the global rows: the series' rows in its group, the test fold "
                "size of the group's shortest series, its series' errors pooled):"
            )
            folds = records.dropna(subset=["errors_per_step"])
            print(
                folds.pivot_table(
                    index="series",
                    columns="row",
                    values=["rows", "fold_test_size", "errors_per_step"],
                    aggfunc="first",
                    sort=False,
                ).to_string()
            )
        print(
            f"\nSummary (nominal coverage 0.80 and 0.95; MSIS geometric mean over "
            f"{len(wide) - n_left_out} series with finite bounds in every row, "
            f"{n_left_out} left out: {left_out}; msis_gmean_all over all):"
        )
        print(summary.round(3).to_string())
        if cost_table is not None:
            print(
                f"\nFit seconds, the recipe with quantiles {COST_LEVELS} against its "
                f"point fit ({cost_epochs} epochs, no early stopping, A B A B):"
            )
            print(cost_table.round(2).to_string())
    return per_series, summary


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="the first seed alone, 3 epochs, on a10 and qgas unless --series or "
        "--check chooses the series",
    )
    parser.add_argument("--seeds", type=suite.whole_number(0), nargs="+", default=[0])
    parser.add_argument("--series", nargs="+", choices=list(suite.SERIES))
    parser.add_argument(
        "--check",
        action="store_true",
        help="the check set of 9 series never used to choose the recipe",
    )
    parser.add_argument("--epochs", type=suite.whole_number(1), default=200)
    parser.add_argument("--cost-epochs", type=suite.whole_number(1), default=200)
    parser.add_argument(
        "--cost-repeats",
        type=suite.whole_number(0),
        default=2,
        help="A B pairs of the cost's fits (0: no cost measured)",
    )
    parser.add_argument(
        "--skip-global", action="store_true", help="only the per-series rows"
    )
    parser.add_argument("--out", type=Path, help="a folder for the CSV tables")
    parser.add_argument(
        "--summarise",
        nargs="+",
        type=Path,
        metavar="FOLDER",
        help="no run: summarise together the records of earlier runs (the "
        "folders their --out wrote)",
    )
    parser.add_argument(
        "--leave-out",
        nargs="+",
        default=[],
        metavar="SERIES",
        help="with --summarise: series of those runs to leave out",
    )
    suite.add_csv_arguments(parser)
    args = parser.parse_args(argv)
    if args.summarise:
        given = [
            f"--{name}"
            for name in ("quick", "series", "check", "csv")
            if getattr(args, name)
        ]
        if given:
            parser.error(f"--summarise runs nothing: no {', '.join(given)}")
        try:
            records = from_runs(args.summarise, args.leave_out)
        except (OSError, ValueError) as error:
            parser.error(str(error))
        per_series, summary = report(records)
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            per_series.to_csv(args.out / "per_series.csv")
            summary.to_csv(args.out / "summary.csv")
        return
    if args.leave_out:
        parser.error("--leave-out goes with --summarise")
    seeds, epochs, cost_epochs = args.seeds, args.epochs, args.cost_epochs
    cost_names = COST_SERIES
    own = suite.csv_series(
        parser,
        args,
        ["check", "series"],
        check=lambda own: check_rows(own, args.season, args.horizon),
    )
    if own is not None:
        SERIES.update({k: (v, args.season, args.horizon) for k, v in own.items()})
        names = list(own)
    else:
        names = args.series or list(suite.CHECK if args.check else suite.UNIVARIATE)
        if args.quick and not (args.series or args.check):
            names = ["a10", "qgas"]
    if args.quick:
        seeds, epochs, cost_epochs, cost_names = seeds[:1], 3, 3, ["qgas"]
    start = time.perf_counter()
    records = run(names, seeds, epochs, global_rows=not args.skip_global)
    records = records.assign(epochs=epochs)  # for --summarise to compare
    if args.out:  # the scores first: nothing after them can lose them
        args.out.mkdir(parents=True, exist_ok=True)
        records.to_csv(args.out / "records.csv", index=False)
    costs = cost_table = None
    if args.cost_repeats:  # 0: no cost measured
        costs = cost(cost_names, cost_epochs, args.cost_repeats)
        cost_table = summarise_cost(costs)
    per_series, summary = report(records, cost_table, cost_epochs)
    print(f"\n{time.perf_counter() - start:.0f} s in all")
    if args.out:
        per_series.to_csv(args.out / "per_series.csv")
        summary.to_csv(args.out / "summary.csv")
        if costs is not None:
            cost_table.to_csv(args.out / "cost.csv")
            costs.to_csv(args.out / "cost_fits.csv", index=False)


if __name__ == "__main__":
    main()
