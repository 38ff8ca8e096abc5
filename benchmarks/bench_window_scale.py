"""Each series in its own scale, or each window in units of its own size
(``window_scale="spread"``): one global network across series of different
units or volatility.

Run from the repository root::

    python benchmarks/bench_window_scale.py            # 6 minutes on 2 cores (JAX)
    python benchmarks/bench_window_scale.py --quick    # a smoke test

A network pooled across series sees their rows in one loss. With one scale a
channel (``window_scale="channel"``, the default) a series of large or
volatile steps outweighs the others, in the loss and in the folds that tune
it. Two ways out are measured here, side by side, on the same rows:

- **own scale**: each series, as the models see it (the log of a positive
  series), divided by its mean absolute change over a season on its
  training part before the rows are made, the forecasts multiplied back
  (``accuracy_models.global_data``, what the accuracy suite does);
- **window spread**: the series pooled as the models see them, unscaled,
  and the network with ``window_scale="spread"``: each window read,
  forecast and trained on in units of its own mean absolute change over a
  season. No bookkeeping per series; the forecasts of a series multiplied
  by a constant are multiplied by it. (Dividing each series by its own
  scale first changes nothing then, to float32's rounding: it is left out.)

and the failure they address: **pooled**, the series unscaled with one scale
a channel.

The groups: the accuracy suite's monthly and quarterly univariate series,
its check set's (see ``bench_accuracy.py``), and statsmodels' ``macrodata``
(12 quarterly US series, 8 ahead; ten positive ones in logs, two, ``infl``
and ``realint``, in percentage points), the group on which pooling unscaled
failed. The last horizon of each series is held out. The network's settings
are tuned once per group on the training parts, with each series in its own
scale, as the accuracy suite tunes them (``accuracy_models.tune_global``),
and then fitted in each of the three ways (one member, seeds 0–2: the median
and the range). Seasonal naive, the untrained start of the tuned network's
norm, AutoETS, a Ridge on each series' lags and the pooled Ridge
(``LastValueRidge`` across the group, each series in its own scale) are in
the same table. The score is the geometric mean over
the group's series of MASE relative to seasonal naive.
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

# name: (own scale, window_scale)
WAYS = {
    "pooled": (False, "channel"),
    "own scale": (True, "channel"),
    "window spread": (False, "spread"),
}


def load_macrodata():
    """statsmodels' ``macrodata``: 12 quarterly series, 1959Q1–2009Q3."""
    from statsmodels.datasets import macrodata

    frame = macrodata.load_pandas().data.drop(columns=["year", "quarter"])
    return {name: frame[name].rename(name) for name in frame.columns}


def groups(quick):
    """``{group: (season, horizon, {name: series})}``."""
    if quick:
        return bench.groups_of(["a10", "h02"], [])
    out = {}
    for label, table in (("suite", suite.UNIVARIATE), ("check set", suite.CHECK)):
        for season, freq in ((12, "monthly"), (4, "quarterly")):
            (group,) = bench.groups_of(_names(table, season), []).values()
            out[f"{label}, {freq}"] = group
    out["macrodata"] = (4, 8, load_macrodata())
    return out


def _names(table, season):
    return [name for name, spec in table.items() if spec[2] == season]


def run(groups, seeds, epochs):
    records = []
    for group, (season, horizon, series) in groups.items():
        trains, tests = suite.split_group(series, horizon)
        naive = models.naive_mase(trains, tests, horizon, season)
        tuned, *_ = models.tune_global(trains, horizon, season, epochs)
        print(f"  {group}: tuned {tuned}", flush=True)
        start, window = models.start_of(tuned, season)
        baselines = {
            "untrained start": models.untrained_global(
                start, trains, horizon, season, window
            ),
            "AutoETS": {
                k: models.auto_ets(v, horizon, season) for k, v in trains.items()
            },
            "Ridge": {k: models.ridge(v, horizon, season) for k, v in trains.items()},
            "Ridge, pooled": models.ridge_pooled(trains, horizon, season),
        }
        for row, forecasts in baselines.items():
            score = suite.relative_mase(forecasts, tests, trains, naive, season)
            records.append({"group": group, "row": row, "relative MASE": score})
        for way, (own_scale, window_scale) in WAYS.items():
            scores = models.scored_global(
                trains,
                tests,
                naive,
                season,
                seeds,
                epochs,
                {**tuned, "lstm__window_scale": window_scale},
                members=1,
                own_scale=own_scale,
            )
            records += [{"group": group, "row": f"LSTM, {way}", **r} for r in scores]
        print(f"  {group} done", flush=True)
    return pd.DataFrame(records)


def summarise(records):
    """Per group and row: the median over seeds, and their range."""
    by = records.groupby(["group", "row"], sort=False)["relative MASE"]
    table = pd.DataFrame(
        {"median": by.median(), "lowest": by.min(), "highest": by.max()}
    ).reset_index()
    medians = table.pivot_table(
        index="group", columns="row", values="median", sort=False
    )
    return medians, table.set_index(["group", "row"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke test")
    parser.add_argument("--out", type=Path, help="a folder for the CSV tables")
    args = parser.parse_args()
    seeds, epochs = ([0], 2) if args.quick else ([0, 1, 2], 200)
    start = time.perf_counter()
    records = run(groups(args.quick), seeds, epochs)
    medians, table = summarise(records)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print("\nGeometric mean of MASE relative to seasonal naive (LSTM: median")
        print("over the seeds):")
        print(medians.round(3).to_string())
        print("\nThe LSTM rows' range over the seeds:")
        lstm = table[table.index.get_level_values("row").str.startswith("LSTM")]
        print(lstm[["lowest", "highest"]].round(3).to_string())
    print(f"\n{time.perf_counter() - start:.0f} s in all")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        records.to_csv(args.out / "records.csv", index=False)
        table.to_csv(args.out / "accuracy.csv")


if __name__ == "__main__":
    main()
