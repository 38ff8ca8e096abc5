"""Ensembles (``n_members``): accuracy and cost against the number of members.

Run from the repository root::

    python benchmarks/bench_ensemble.py            # about 5 minutes on 2 cores (JAX)
    python benchmarks/bench_ensemble.py --quick    # a smoke test
    python benchmarks/bench_ensemble.py --cost-only   # the times alone

(The networks timed here are small enough that the memory allocator costs
them nothing; ``bench_allocator.py`` times one that it does.)

**Cost.** ``n_members=K`` trains K networks side by side in one model; the
alternative is a loop of K one-member fits (then the median of their
forecasts). Both are timed on two data sets of the accuracy suite, with the
recipe's network (``accuracy_models.recipe``: LSTM(16), ``window_norm=
"seasonal"``) and a fixed number of epochs (early stopping off, so that both
do the same steps):

- one series: the log of fpp2 ``a10`` (monthly; 133 windows of 36
  months, 18 months ahead), 100 epochs;
- a panel: fpp3 ``us_employment``'s training parts (145 series, about 24 000
  windows), 3 epochs.

Each fit runs in a fresh model, after an untimed fit of the same shape (JAX
compiles a training step once per process and shape: the first fit would time
the compiler); the loop's K fits share one compiled program, as they would in
a user's loop. Times are the fastest of ``--repeats`` runs (other work on a
shared machine only ever slows a fit down); the ratios are those of the same
run.

**Accuracy.** The suite's global network (``accuracy_models.lstm_global``,
its settings tuned once per group by ``accuracy_models.tune_global`` on the
training parts) with K members, on the suite's monthly univariate group (5
series) and ``arrivals`` (4), the last horizon held out; the geometric mean
of MASE relative to seasonal naive, for each seed and their median; the
untrained start of the tuned network's window norm
(``accuracy_models.start_of``) in the same table. Nothing is tuned on the
held-out part.
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
import bench_accuracy as bench
import pandas as pd

from skltsm import make_supervised


def _series_data(epochs):
    _, _, season, horizon = suite.UNIVARIATE["a10"]
    train, _ = suite.split(suite.load_series("a10"), horizon)
    values, _ = models.to_model(train)
    history = models.history_of(season, len(values), horizon)
    X, y = make_supervised(values, history=history, horizon=horizon)
    return "a10 (one series)", season, X, y, epochs


def _panel_data(epochs):
    _, _, season, horizon = suite.PANELS["us_employment"]
    series = suite.load_panel("us_employment")
    trains = {k: suite.split(v, horizon)[0] for k, v in series.items()}
    _, _, _, X, y = models.global_data(trains, horizon, season)
    return "us_employment (145 series)", season, X, y, epochs


def _fit_seconds(season, X, y, epochs, members, seed):
    model = models.recipe(season, seed, epochs, n_members=members)
    model.set_params(early_stopping=False)
    start = time.perf_counter()
    model.fit(X, y)
    return time.perf_counter() - start


def cost(datasets, members, repeats):
    """Seconds of one fit with K members and of a loop of K one-member fits."""
    records = []
    for name, season, X, y, epochs in datasets:
        for k in members:  # untimed: JAX compiles each shape once
            _fit_seconds(season, X, y, 1, k, seed=0)
        for k in members:
            batched = min(
                _fit_seconds(season, X, y, epochs, k, seed=r) for r in range(repeats)
            )
            loop = min(
                sum(
                    _fit_seconds(season, X, y, epochs, 1, seed=r * k + j)
                    for j in range(k)
                )
                for r in range(repeats)
            )
            records.append(
                {
                    "data": name,
                    "rows": len(X),
                    "epochs": epochs,
                    "members": k,
                    "one model, s": batched,
                    "loop of K fits, s": loop,
                }
            )
            print(f"  {name}, K={k}: {batched:.2f} s, loop {loop:.2f} s", flush=True)
    table = pd.DataFrame(records)
    one = table[table["members"] == 1].set_index("data")["one model, s"]
    table["one model / one member"] = table["one model, s"] / table["data"].map(one)
    table["one model / loop"] = table["one model, s"] / table["loop of K fits, s"]
    return table


def accuracy(groups, members, seeds, epochs):
    """Relative MASE of the global network with K members, per seed."""
    records = []
    for group, (season, horizon, series) in bench.groups_of(*groups).items():
        trains, tests = suite.split_group(series, horizon)
        naive = models.naive_mase(trains, tests, horizon, season)

        tuned, *_ = models.tune_global(trains, horizon, season, epochs)
        print(f"  {group}: tuned {tuned}", flush=True)
        model, window = models.start_of(tuned, season)
        start = models.untrained_global(model, trains, horizon, season, window)
        records.append(
            {
                "group": group,
                "members": "untrained start",
                "relative MASE": suite.relative_mase(
                    start, tests, trains, naive, season
                ),
            }
        )
        for k in members:
            scores = models.scored_global(
                trains, tests, naive, season, seeds, epochs, tuned, members=k
            )
            records += [{"group": group, "members": k, **r} for r in scores]
            print(f"  {group}, K={k} done", flush=True)
    return pd.DataFrame(records)


def summarise_accuracy(records):
    is_start = records["members"] == "untrained start"
    trained = records[~is_start].astype({"seed": int, "members": int})
    scores = trained.pivot_table(
        index=["group", "members"], columns="seed", values="relative MASE"
    )
    start = records[is_start]
    scores["median"] = scores.median(axis=1)
    scores["seconds (median)"] = trained.groupby(["group", "members"])[
        "seconds"
    ].median()
    return scores, start.set_index("group")["relative MASE"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke test")
    parser.add_argument("--repeats", type=suite.whole_number(1), default=2)
    parser.add_argument(
        "--cost-only", action="store_true", help="time the fits; skip the accuracy"
    )
    parser.add_argument("--out", type=Path, help="a folder for the CSV tables")
    args = parser.parse_args(argv)
    members, seeds, epochs = [1, 2, 5, 10], [0, 1, 2], 200
    datasets = [_series_data(100), _panel_data(3)]
    groups = (list(suite.UNIVARIATE)[:5], ["arrivals"])  # the monthly series
    if args.quick:
        members, seeds, epochs = [1, 2], [0], 2
        datasets = [_series_data(2)]
        groups = (["a10", "h02"], [])
    start = time.perf_counter()
    print("Cost:", flush=True)
    costs = cost(datasets, members, args.repeats)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(
            "\nSeconds of one fit with K members, and of a loop of K one-member fits:"
        )
        print(costs.round(2).to_string(index=False))
    if not args.cost_only:
        print("Accuracy:", flush=True)
        scores, starts = summarise_accuracy(accuracy(groups, members, seeds, epochs))
        with pd.option_context("display.width", 200, "display.max_columns", 20):
            print(
                "\nGeometric mean of MASE relative to seasonal naive, global network:"
            )
            print(scores.round(3).to_string())
            print("\nThe untrained start:")
            print(starts.round(3).to_string())
    print(f"\n{time.perf_counter() - start:.0f} s in all")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        costs.to_csv(args.out / "cost.csv", index=False)
        if not args.cost_only:
            scores.to_csv(args.out / "accuracy.csv")


if __name__ == "__main__":
    main()
