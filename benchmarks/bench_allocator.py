"""What the memory allocator costs an ensemble's training steps on JAX.

Run from the repository root (Linux with glibc; JAX)::

    python benchmarks/bench_allocator.py            # about 3 minutes on 2 cores
    python benchmarks/bench_allocator.py --to-the-end   # about 12 minutes
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

``--to-the-end`` trains with early stopping instead (patience 20, at most 200
epochs), with the settings: five members in one model (seed 1), as skltsm
trains it (members that have stopped are left out of the steps where that
pays) and with every member computed until the last one stops (a callback
of the user's, which does nothing, keeps them all), against a loop of five
one-member fits (seeds 1 to 5), each fit in a process of its own. It gives
the ratios of their times, the member-epochs that count over the loop's
epochs (chance: when each member stops) and the seconds of a member-epoch
against the loop's.
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
from arguments import whole_number

# glibc keeps up to 1 GiB of freed memory for reuse instead of returning it
KEPT = {"MALLOC_MMAP_THRESHOLD_": "1073741824", "MALLOC_TRIM_THRESHOLD_": "1073741824"}
SEASON, HISTORY, HORIZON = 12, 36, 18


def fit(members, epochs, n_series, seed=0, patience=None, every_member=False):
    """One fit of the example's network, in this process: its seconds, the
    rows, the page faults and the epochs of the fit, and the epoch at which
    each member stopped (``patience``: early stopping's; ``None``: never).
    ``every_member``: with a callback of the user's (one that does nothing),
    which keeps every member computing until the last one stops.
    (It imports Keras and the data here: the parent process only starts the
    children.)"""
    import accuracy_suite as suite
    import keras
    from sklearn.pipeline import Pipeline

    from skltsm import LSTMRegressor, SeriesScaler, SlidingWindow, make_supervised

    patience = epochs + 1 if patience is None else patience  # None: never stops

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
        n_iter_no_change=patience,
        random_state=seed,
        callbacks=[keras.callbacks.Callback()] if every_member else None,
    )
    pipeline = Pipeline([("window", SlidingWindow()), ("model", network)])
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    start = time.perf_counter()
    pipeline.fit(X, y)
    seconds = time.perf_counter() - start
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    history = pipeline[-1].history_
    n_epochs = len(history["loss"])
    if members == 1:
        stops = [n_epochs]
    else:
        losses = [history[f"val_loss_m{k}"] for k in range(members)]
        stops = [stopped_at(v, patience) for v in losses]
    return seconds, len(X), faults, n_epochs, stops


def stopped_at(losses, patience):
    """The epoch (counted from 1) at which a member with these validation
    ``losses`` stopped, as skltsm's early stopping of each member decides:
    after ``patience`` epochs without a lower loss; the last epoch if it
    never did."""
    best, wait = float("inf"), 0
    for epoch, loss in enumerate(losses, start=1):
        best, wait = (loss, 0) if loss < best else (best, wait + 1)
        if wait >= patience:
            return epoch
    return len(losses)


def _child(members, epochs, n_series, kept, seed=0, patience=None, every=False):
    """One fit in a fresh process, with or without ``KEPT``."""
    env = {k: v for k, v in os.environ.items() if k not in KEPT}
    if kept:
        env.update(KEPT)
    command = [sys.executable, __file__, "--child", str(members), str(epochs)]
    command += ["--series", str(n_series), "--seed", str(seed)]
    if patience is not None:
        command += ["--patience", str(patience)]
    if every:
        command += ["--every-member"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke test")
    parser.add_argument("--repeats", type=whole_number(1), default=2)
    parser.add_argument("--epochs", type=whole_number(1), default=6)
    parser.add_argument("--series", type=whole_number(1), default=145)
    parser.add_argument(
        "--to-the-end",
        action="store_true",
        help="early stopping: five members against a loop of five fits",
    )
    parser.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--patience", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--every-member", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        seconds, rows, faults, epochs, stops = fit(
            *args.child, args.series, args.seed, args.patience, args.every_member
        )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            json.dumps(
                {
                    "seconds": seconds,
                    "rows": rows,
                    "page faults": faults,
                    "peak MB": peak,
                    "epochs": epochs,
                    "stops": stops,
                }
            )
        )
        return
    begin = time.perf_counter()
    if args.to_the_end:
        to_the_end(args.quick)
        print(f"\n{time.perf_counter() - begin:.0f} s in all")
        return
    members, epochs, n_series = [1, 5], args.epochs, args.series
    if args.quick:
        members, epochs, n_series, args.repeats = [1, 2], 1, 4, 1
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


def to_the_end(quick=False):
    """Five members in one model against a loop of five one-member fits,
    trained with early stopping, with ``KEPT``: their seconds and epochs, the
    model's time with every member computed to the end (a callback of the
    user's keeps them) and as skltsm trains it (members that have stopped are
    left out where that pays), and the ratios to the loop."""
    members, epochs, patience, n_series = 5, 200, 20, 145
    if quick:
        members, epochs, patience, n_series = 2, 2, 1, 4
    seeds = range(1, members + 1)
    runs = {}
    for every, label in ((False, "as skltsm trains it"), (True, "every member")):
        runs[every] = _child(members, epochs, n_series, True, seeds[0], patience, every)
        print(
            f"  {members} members (seed {seeds[0]}), {label}: "
            f"{runs[every]['seconds']:.1f} s, {runs[every]['epochs']} epochs; "
            f"the members stopped at {sorted(runs[every]['stops'])}",
            flush=True,
        )
    loop = [_child(1, epochs, n_series, True, seed, patience) for seed in seeds]
    for seed, fitted in zip(seeds, loop, strict=True):
        print(
            f"  one member, seed {seed}: {fitted['seconds']:.1f} s, "
            f"{fitted['epochs']} epochs",
            flush=True,
        )
    ensemble, every = runs[False], runs[True]
    computed = members * every["epochs"]
    counted = sum(every["stops"])
    looped = sum(fitted["epochs"] for fitted in loop)
    loop_seconds = sum(fitted["seconds"] for fitted in loop)
    per_epoch = every["seconds"] / computed, loop_seconds / looped
    per_counted = ensemble["seconds"] / sum(ensemble["stops"])
    print(
        f"\nthe ensemble over the loop: {ensemble['seconds']:.1f} s / "
        f"{loop_seconds:.1f} s = {ensemble['seconds'] / loop_seconds:.2f}x; "
        f"every member computed to the end: {every['seconds']:.1f} s, "
        f"{every['seconds'] / loop_seconds:.2f}x the loop, "
        f"{every['seconds'] / ensemble['seconds']:.2f}x the ensemble\n"
        f"  member-epochs that count over the loop's epochs: {counted} / "
        f"{looped} = {counted / looped:.2f}x\n"
        f"  seconds a member-epoch that counts, the ensemble's over the loop's "
        f"epoch: {per_counted:.3f} / {per_epoch[1]:.3f} = "
        f"{per_counted / per_epoch[1]:.2f}x\n"
        f"  every member computed: member-epochs computed over those that "
        f"count {computed} / {counted} = {computed / counted:.2f}x, seconds a "
        f"member-epoch computed over the loop's {per_epoch[0]:.3f} / "
        f"{per_epoch[1]:.3f} = {per_epoch[0] / per_epoch[1]:.2f}x"
    )


if __name__ == "__main__":
    main()
