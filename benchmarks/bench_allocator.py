"""What the memory allocator costs an ensemble's training steps on JAX.

Run from the repository root (Linux with glibc; JAX)::

    python benchmarks/bench_allocator.py            # about 3 minutes on 2 cores
    python benchmarks/bench_allocator.py --quick    # a smoke test

A training step of ``n_members=K`` computes ``K`` batches at once. On Linux,
with JAX on a CPU, the working memory of a large step can go back to the
system after each step and be faulted in again at the next, so the step costs
more than its arithmetic. glibc's malloc keeps it when the process is started
with ``MALLOC_MMAP_THRESHOLD_`` and ``MALLOC_TRIM_THRESHOLD_`` set (``KEPT``
below); skltsm never sets them (they are the process's, read when it starts).

The network is the gallery's panel example's (``plot_global_panel.py``):
LSTM(32), ``window_norm="last"`` with a linear skip, five quantiles, windows
of 36 months, 18 months ahead, early stopping on the last fifth of each
series' rows (never triggered here: a fixed number of epochs), on fpp3
``us_employment``'s training parts (145 series, each in logs and its own
scale). Each fit runs in a process of its own, with and without the
settings, one after the other (A B A B); the time is the fit's, compilation
included, and so are its page faults; the peak resident size is the
process's.
Times are the fastest of ``--repeats`` runs; the ratios are those of the same
run. The forecasts do not depend on the setting: memory is only placed
elsewhere.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, str(Path(__file__).parent))

import pandas as pd

# glibc keeps up to 1 GiB of freed memory for reuse instead of returning it
KEPT = {"MALLOC_MMAP_THRESHOLD_": "1073741824", "MALLOC_TRIM_THRESHOLD_": "1073741824"}
SEASON, HISTORY, HORIZON = 12, 36, 18


def fit(members, epochs, n_series):
    """One fit of the example's network, in this process: its seconds, the
    rows and the page faults of the fit. (It imports Keras and the data here:
    the parent process only starts the children.)"""
    import accuracy_suite as suite
    from sklearn.pipeline import Pipeline

    from skltsm import LSTMRegressor, SeriesScaler, SlidingWindow, make_supervised

    panel = suite.load_panel("us_employment")
    trains = {k: suite.split(panel[k], HORIZON)[0] for k in list(panel)[:n_series]}
    scaled = SeriesScaler(SEASON, log=True).fit_transform(trains)
    X, y = make_supervised(scaled, history=HISTORY, horizon=HORIZON)
    network = LSTMRegressor(
        32,
        season_length=SEASON,
        window_norm="last",
        linear_skip=True,
        quantiles=(0.025, 0.1, 0.5, 0.9, 0.975),
        n_members=members,
        epochs=epochs,
        early_stopping=True,
        validation_fraction=0.2,
        n_iter_no_change=epochs + 1,
        random_state=0,
    )
    pipeline = Pipeline([("window", SlidingWindow()), ("model", network)])
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    start = time.perf_counter()
    pipeline.fit(X, y)
    seconds = time.perf_counter() - start
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    return seconds, len(X), faults


def _child(members, epochs, n_series, kept):
    """One fit in a fresh process, with or without ``KEPT``."""
    env = {k: v for k, v in os.environ.items() if k not in KEPT}
    if kept:
        env.update(KEPT)
    command = [sys.executable, __file__, "--child", str(members), str(epochs)]
    command += ["--series", str(n_series)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke test")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--series", type=int, default=145)
    parser.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        seconds, rows, faults = fit(*args.child, args.series)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            json.dumps(
                {
                    "seconds": seconds,
                    "rows": rows,
                    "page faults": faults,
                    "peak MB": peak,
                }
            )
        )
        return
    members, epochs, n_series = [1, 5], args.epochs, args.series
    if args.quick:
        members, epochs, n_series, args.repeats = [1, 2], 1, 4, 1
    begin = time.perf_counter()
    records = []
    for _ in range(args.repeats):
        for k in members:
            for kept in (False, True):
                result = _child(k, epochs, n_series, kept)
                records.append({"members": k, "kept": kept, **result})
                print(
                    f"  K={k}, {'kept' if kept else 'as it is'}: "
                    f"{result['seconds']:.1f} s",
                    flush=True,
                )
    rows = records[0]["rows"]
    best = {"seconds": "min", "page faults": "min", "peak MB": "max"}
    table = pd.DataFrame(records).pivot_table(
        index="members", columns="kept", values=list(best), aggfunc=best
    )
    summary = pd.DataFrame(
        {
            "s, as it is": table[("seconds", False)],
            "s, kept": table[("seconds", True)],
            "kept / as it is": table[("seconds", True)] / table[("seconds", False)],
            "page faults, as it is": table[("page faults", False)],
            "page faults, kept": table[("page faults", True)],
            "peak MB, as it is": table[("peak MB", False)],
            "peak MB, kept": table[("peak MB", True)],
        }
    )
    one = summary.loc[members[0]]
    print(
        f"\n{rows} rows, {epochs} epochs; "
        f"K members against one (each setting): "
        + ", ".join(
            f"K={k}: {summary.loc[k, 's, as it is'] / one['s, as it is']:.2f}x / "
            f"{summary.loc[k, 's, kept'] / one['s, kept']:.2f}x"
            for k in members[1:]
        )
    )
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(summary.round(2).to_string())
    print(f"\n{time.perf_counter() - begin:.0f} s in all")


if __name__ == "__main__":
    main()
