"""The public accuracy suite: skltsm's LSTMs against the forecasts people use.

Run from the repository root::

    python benchmarks/bench_accuracy.py            # the suite, seeds 0, 1, 2
    python benchmarks/bench_accuracy.py --quick    # 2 series, 1 seed, few epochs
    python benchmarks/bench_accuracy.py --check    # 9 other series (6 minutes)
    python benchmarks/bench_accuracy.py --quick --check  # those, 1 seed, 3 epochs
    python benchmarks/bench_accuracy.py --csv mine.csv --season 12 --horizon 18

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
  forecasts before any training, additive damped Holt-Winters smoothing
  (``HoltWintersRegressor``) with each series' own constants, run over each
  series from its start, and its state carried by the rows
  (``add_smoothing_channels(state=True)``, ``smoothing="state"``); the
  constants chosen among 16 by the error of that smoothing's forecasts of
  the series' own training rows;
- **Holt-Winters, each window**: the same smoothing started afresh in each
  window, from its first two seasons, with the constants that do best so
  (``add_smoothing_channels``, ``smoothing="channels"``): the Holt-Winters
  norm's start until this run;
- **Holt-Winters, one set**: the same smoothing with one set of constants for
  the whole group, chosen among the same 16 on the folds of the global
  network (below), each window smoothed afresh: the Holt-Winters norm's
  start until two runs before this one;
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
  univariate series of one frequency; each panel), each series divided by
  its own scale (``global_data``: its mean absolute seasonal change, as the
  pooled Ridge and the group's one set of constants see it too), its
  window norm
  (``"seasonal"``, ``"holt_winters"`` from each series' smoothing state, or
  ``"last"`` with a linear skip), window, whether it takes a linear skip
  (``linear_skip``) and a penalty on its corrections (``output_penalty`` 0
  or 0.1) chosen once per group by
  cross-validation with ``PanelTimeSeriesSplit`` on the training parts (one
  member per network there; each fold's rows scaled, and their constants
  chosen, on the values its training rows reach: ``fold_data``);
- **LSTM, global, one member**: the same, without the ensemble;
- **LSTM, norms combined**: the mean forecast of the best network of each
  window norm in that grid (one member each; ``CombinedRegressor``);
- **recipe**: whichever of the three untrained starts (seasonal naive with
  drift, naive, Holt-Winters), the chosen global network (one member) and
  the combination of norms scored best in that same cross-validation (on
  the training parts only; the combination's score is that of the mean of
  its networks' forecasts of the folds, which the grid fitted): training,
  and the combination, are kept only where validation says they help.
  (The five-member ensemble left the candidates when the combination joined
  them: in the run before, it never scored better than one member on any
  group's folds.)
- **recipe's own start**: what the recipe forecasts before any training:
  the start it chose, the start of the tuned network's norm where it chose
  that network, or the mean of the starts of every norm (in the models'
  units, the log of a positive series) where it chose their combination;
  the recipe's figure against it says what training earned;
- **global network's own start**: the start of the tuned global network's
  window norm (what it forecasts before any training), beside which the
  trained network's own share of series is counted, whether or not the
  recipe chose it;
- **recipe and AutoETS**: the mean of the recipe's forecast and AutoETS's,
  step by step: a hybrid of the network and the statistical model, with
  equal weights fixed in advance (not chosen on the folds: AutoETS would
  have to be refitted at every origin of every fold);
- **recipe's own start and AutoETS**: the same mean with the recipe's own
  start in the recipe's place: what that hybrid forecasts before any
  network is trained, beside which its share of series is counted.

The recipe: the log of a positive series, ``window_norm="seasonal"`` (or
``"last"`` or ``"holt_winters"`` where validation prefers it, for the global
network), the whole horizon at once (``make_supervised(horizon=H)``), an
ensemble of 5 networks in one model (``n_members=5``) for the per-series
LSTMs and the "LSTM, global" row, early stopping on the
last fifth of each series' training rows (each member of an ensemble at its
own best epoch). Every LSTM row is the median over
the seeds (in a group of more than 20 series, ``us_employment``'s 145, the
per-series LSTMs take the first seed only: a network a series and seed).
It prints a table per series and the summary, and writes them as CSV files
with ``--out``, the summary as a chart too (``summary.png``, a panel a
group). ``--check`` runs the same rows on the check
set of ``accuracy_suite.py`` instead: 9 monthly and quarterly series of other
R collections, never used to choose the recipe. ``--csv`` runs them on
series of your own, as one group (the series that one global network learns
across), with the season and horizon you give: a long table (columns
``series``, ``time``, ``value``) or a wide one (a time column, then a column
per series; see ``accuracy_suite.load_csv``); a series too short for the
protocol, one with no MASE scale (a constant), or one whose held-out part
seasonal naive forecasts exactly (each row's relative MASE divides by that
zero), is refused before any fit. The rows' models, their
grids and their tuning are in ``accuracy_models.py``. The fits of every
group run in two worker processes (``--n-jobs``), each candidate of the
grid in one of them with all its folds: every model is seeded, so the
figures are those of one process, to the last digit; only the seconds
change. On JAX, the processes share the programs they compile through
JAX's compilation cache, in a folder of the run (``compile_cache``).
"""

import argparse
import contextlib
import os
import signal
import sys
import tempfile
import time
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "jax")  # the fastest for small LSTMs on a CPU
sys.path.insert(0, str(Path(__file__).parent))
# the worker processes (``--n-jobs``) import the models' module too
os.environ["PYTHONPATH"] = os.pathsep.join(
    filter(None, [str(Path(__file__).parent), os.environ.get("PYTHONPATH")])
)

import accuracy_suite as suite
import pandas as pd
from accuracy_models import (
    SMOOTHING,
    auto_ets,
    check_series,
    choose_recipe,
    history_of,
    holt_winters_one_set,
    lstm_combined,
    lstm_global,
    lstm_per_series,
    mean_forecast,
    own_starts,
    ridge,
    ridge_pooled,
    seasonal_naive,
    tune_global,
    untrained_global,
)
from joblib import Parallel, delayed

from skltsm import HoltWintersRegressor, plot_scores

ROWS = [
    "seasonal naive",
    "untrained start",
    "naive",
    "Holt-Winters start",
    "Holt-Winters, each window",
    "Holt-Winters, one set",
    "AutoETS",
    "Ridge",
    "Ridge, pooled",
    "recipe's own start",
    "global network's own start",
    "recipe's own start and AutoETS",
    "LSTM, per series",
    "LSTM, global",
    "LSTM, global, one member",
    "LSTM, norms combined",
    "recipe",
    "recipe and AutoETS",
]
LSTM_ROWS = ROWS[ROWS.index("LSTM, per series") :]
# groups of more series than this: the per-series LSTMs take the first seed
# only (us_employment: 145 networks a seed), the global ones every seed
ONE_SEED_ABOVE = 20


# -- the runs ------------------------------------------------------------------


def groups_of(names, panels):
    """The groups that one global network learns across: the univariate series
    of one (season, horizon), and each panel."""
    groups = suite.by_season(
        (name, suite.load_series(name), *suite.SERIES[name][2:]) for name in names
    )
    for name in panels:
        _, _, season, horizon = suite.PANELS[name]
        series = suite.load_panel(name)
        groups[name] = (season, horizon, {f"{name}/{k}": v for k, v in series.items()})
    return groups


def each(jobs, n_jobs):
    """``func(*args)`` for each ``(func, args)`` of ``jobs``, in ``n_jobs``
    worker processes (joblib's, kept from one call to the next), handed out
    in the order given (the longest first, so that the short ones keep both
    workers busy to the end): the results in that order, each with its
    seconds in its worker. Every model here is seeded, so the results are
    those of one process."""
    return Parallel(n_jobs=n_jobs)(delayed(_timed)(func, *args) for func, args in jobs)


def _timed(func, *args):
    start = time.perf_counter()
    result = func(*args)
    return result, time.perf_counter() - start


@contextlib.contextmanager
def stopped_with_workers():
    """``kill`` (SIGTERM) ends the run as Ctrl-C does: it raises in this
    process, where joblib then stops the worker processes of the fits under
    way. Without it the run ended alone, and its two workers went on
    computing their fits for minutes. The signal's former handler is put
    back at the end."""

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    former = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, former)


@contextlib.contextmanager
def compile_cache():
    """JAX's persistent compilation cache in a folder of this run, for this
    process and the worker processes it starts (``--n-jobs``; they read the
    environment, and so do those that joblib restarts): a network's steps are
    compiled once for the run, not once in each process. The cached program
    is the one that would be compiled, so no figure changes; the folder is
    empty at the start, so the run's seconds include every compilation once.
    A folder the user gives (``JAX_COMPILATION_CACHE_DIR``) and the other
    backends are left as they are."""
    import keras

    if keras.backend.backend() != "jax" or os.environ.get("JAX_COMPILATION_CACHE_DIR"):
        yield
        return
    import jax

    with tempfile.TemporaryDirectory(prefix="skltsm-jax-cache-") as folder:
        settings = {
            "jax_compilation_cache_dir": folder,
            "jax_persistent_cache_min_compile_time_secs": 0,
            "jax_persistent_cache_min_entry_size_bytes": 0,
        }
        for name, value in settings.items():
            jax.config.update(name, value)  # this process: JAX is imported
            os.environ[name.upper()] = str(value)  # the workers
        yield


def run(groups, seeds, epochs, n_jobs=1):
    """Every row on every series of ``groups`` (``groups_of``'s); a long table
    of MASE and seconds (of work: in the ``n_jobs`` worker processes, a row's
    seconds are those of its jobs, summed)."""
    check_series(groups)
    records = []
    for group, (season, horizon, series) in groups.items():
        per_series_seeds = seeds[:1] if len(series) > ONE_SEED_ABOVE else seeds
        trains, tests = suite.split_group(series, horizon)
        forecasts, seconds = {}, {}

        def timed(row, func, *args, seconds=seconds):
            result, work = _timed(func, *args)
            seconds[row] = seconds.get(row, 0.0) + work
            return result

        history = history_of(season, min(map(len, trains.values())), horizon)
        smoothed = untrained_global(
            HoltWintersRegressor(season, smoothing=SMOOTHING),
            trains,
            horizon,
            season,
            history,
        )
        windowed = untrained_global(
            HoltWintersRegressor(season, smoothing="channels"),
            trains,
            horizon,
            season,
            history,
            state=False,
        )
        for key, train in trains.items():
            forecasts["Holt-Winters start", key] = smoothed[key]
            forecasts["Holt-Winters, each window", key] = windowed[key]
            forecasts["seasonal naive", key] = seasonal_naive(train, horizon, season)
            forecasts["untrained start", key] = seasonal_naive(
                train, horizon, season, drift=True
            )
            forecasts["naive", key] = seasonal_naive(train, horizon, 1)
            forecasts["Ridge", key] = timed("Ridge", ridge, train, horizon, season)
        pooled = timed("Ridge, pooled", ridge_pooled, trains, horizon, season)
        for key in trains:
            forecasts["Ridge, pooled", key] = pooled[key]
        one_set, smoothing, one_set_score = timed(
            "Holt-Winters, one set", holt_winters_one_set, trains, horizon, season
        )
        for key in trains:
            forecasts["Holt-Winters, one set", key] = one_set[key]
        tuned, scores, by_norm, grid_seconds = tune_global(
            trains, horizon, season, epochs, n_jobs=n_jobs
        )
        seconds["LSTM, global"] = grid_seconds
        chosen = choose_recipe(scores)
        shown = ", ".join(f"{k} {-v:.4f}" for k, v in scores.items())
        print(
            f"  {group}: tuned {tuned}; validation MAE {shown} (Holt-Winters, "
            f"one set {smoothing}: {-one_set_score:.4f}, not a candidate); the "
            f"recipe takes: {chosen}",
            flush=True,
        )
        own = own_starts(chosen, tuned, by_norm)
        network_own = own_starts("one member", tuned, by_norm)
        for key, train in trains.items():
            forecasts["recipe's own start", key] = mean_forecast(
                train, [forecasts[start, key] for start in own]
            )
            forecasts["global network's own start", key] = mean_forecast(
                train, [forecasts[start, key] for start in network_own]
            )
        # every other fit in one queue, the longest first
        pairs = [(key, seed) for seed in per_series_seeds for key in trains]
        jobs = {
            "LSTM, global": [
                (lstm_global, (trains, horizon, season, seed, epochs, tuned, 5))
                for seed in seeds
            ],
            "LSTM, norms combined": [
                (lstm_combined, (trains, horizon, season, seed, epochs, by_norm))
                for seed in seeds
            ],
            "LSTM, per series": [
                (lstm_per_series, (trains[key], horizon, season, seed, epochs))
                for key, seed in pairs
            ],
            "AutoETS": [
                (auto_ets, (train, horizon, season)) for train in trains.values()
            ],
        }
        done = each([job for row in jobs.values() for job in row], n_jobs)
        results = {}
        for row, row_jobs in jobs.items():
            mine, done = done[: len(row_jobs)], done[len(row_jobs) :]
            results[row] = [result for result, _ in mine]
            seconds[row] = seconds.get(row, 0.0) + sum(work for _, work in mine)
        ensembles = results["LSTM, global"]
        combinations = results["LSTM, norms combined"]
        for (key, seed), forecast in zip(
            pairs, results["LSTM, per series"], strict=True
        ):
            forecasts["LSTM, per series", key, seed] = forecast
        for key, forecast in zip(trains, results["AutoETS"], strict=True):
            forecasts["AutoETS", key] = forecast
            forecasts["recipe's own start and AutoETS", key] = (
                forecasts["recipe's own start", key] + forecast
            ) / 2
        for seed, ensemble, (both, single) in zip(
            seeds, ensembles, combinations, strict=True
        ):
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
        relative.index.get_level_values("group").str.startswith(suite.UNIVARIATE_GROUP)
    ]
    if len(univariate):
        summary.loc["all univariate series"] = univariate.agg(suite.geometric_mean)
    if 0 < len(univariate) < len(relative):
        # every series counts once: us_employment's 145 weigh 145 / 160
        summary.loc["all series"] = relative.agg(suite.geometric_mean)
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
    against_own = {
        "recipe": "recipe's own start",
        "LSTM, global": "global network's own start",
        "LSTM, global, one member": "global network's own start",
        "recipe and AutoETS": "recipe's own start and AutoETS",
    }
    for row, own in against_own.items():
        beats[f"{row}, against its own start"] = (
            relative[row]
            .lt(relative[own])
            .where(relative[row].notna())
            .groupby(level="group")
            .mean()
        )
    seconds = records.dropna(subset=["seconds"]).pivot_table(
        index="group", columns="row", values="seconds", aggfunc="sum"
    )
    return per_series, summary, spread, pd.DataFrame(beats), seconds


def plot_summary(summary, path):
    """The summary as bars, a panel a group (``plot_scores``): each row's
    geometric mean of MASE relative to seasonal naive, the best on top, with
    seasonal naive's 1 marked."""
    from matplotlib.figure import Figure

    groups = list(summary.index)
    columns = min(3, len(groups))
    lines = -(-len(groups) // columns)
    figure = Figure(figsize=(6 * columns, 0.32 * summary.shape[1] * lines + 1))
    axes = figure.subplots(lines, columns, squeeze=False).ravel()
    for ax, group in zip(axes, groups, strict=False):
        scores = summary.loc[[group]].T.rename(columns={group: "relative MASE"})
        plot_scores(scores, ax=ax, title=group)
        ax.axvline(1, color="black", linewidth=0.8)
    for ax in axes[len(groups) :]:
        ax.set_visible(False)
    figure.tight_layout()
    figure.savefig(path, dpi=100)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="seed 0 alone, 3 epochs, on a10 and qgas unless --series, --check or "
        "--panels chooses the series",
    )
    parser.add_argument(
        "--seeds", type=suite.whole_number(0), nargs="+", default=[0, 1, 2]
    )
    parser.add_argument("--series", nargs="+", choices=list(suite.SERIES))
    parser.add_argument(
        "--check",
        action="store_true",
        help="the check set of 9 series never used to choose the recipe",
    )
    parser.add_argument(
        "--panels",
        nargs="*",
        choices=list(suite.PANELS),
        help="the panels run beside the univariate series (default: both, none "
        "with --series or --check); --panels alone runs none",
    )
    suite.add_csv_arguments(parser)
    parser.add_argument("--out", type=Path, help="a folder for the CSV tables")
    parser.add_argument(
        "--n-jobs",
        type=int,
        help="worker processes for the fits of every group (default: 2, and 1 "
        "with --quick; the figures do not depend on it)",
    )
    args = parser.parse_args(argv)
    # joblib's workers are restarted once their memory has grown by 300 MB,
    # which the networks' compiled programs do; the work is handed on, and
    # the notice says nothing about the figures
    warnings.filterwarnings("ignore", "A worker stopped", UserWarning)
    start = time.perf_counter()
    seeds, epochs = args.seeds, 200

    def own_group(own):  # --csv's series, as one group
        return {args.csv.stem: (args.season, args.horizon, own)}

    own = suite.csv_series(
        parser,
        args,
        ["check", "series", "panels"],
        check=lambda own: check_series(own_group(own)),
    )
    if own is not None:
        groups = own_group(own)
    else:
        names = args.series or list(suite.CHECK if args.check else suite.UNIVARIATE)
        chosen = args.series or args.check  # univariate series chosen alone
        panels = [] if chosen else list(suite.PANELS)
        panels = panels if args.panels is None else args.panels
        if args.quick and not (args.series or args.check or args.panels is not None):
            names, panels = ["a10", "qgas"], []
        groups = groups_of(names, panels)
    if args.quick:
        seeds, epochs = [0], 3
    n_jobs = args.n_jobs or (1 if args.quick else 2)
    with stopped_with_workers(), compile_cache():
        records = run(groups, seeds, epochs, n_jobs=n_jobs)
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
            'naive with drift; naive, the start of the "last" norm, is weaker), '
            "and where the recipe and the tuned global network beat their own "
            "start:"
        )
        print(beats.round(2).to_string())
        print("\nSeconds (all seeds):")
        print(seconds.round(1).to_string())
    print(f"\n{time.perf_counter() - start:.0f} s in all")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        per_series_table.to_csv(args.out / "per_series.csv")
        summary.to_csv(args.out / "summary.csv")
        plot_summary(summary, args.out / "summary.png")


if __name__ == "__main__":
    main()
