"""Peak memory of one training epoch: streamed windows against materialised ones.

A series of 1,000,000 points, windows of 256 steps (1.0 GB as a float32 array),
one epoch of a one-unit LSTM in batches of 8,192, each case in a fresh
process. Reported: the growth of the process' resident-set high-water mark
over a warm-up fit of the same network on two batches (so the network's own
activations are in the baseline), and tracemalloc's peak (numpy's allocations).

- ``skltsm, view``: ``make_supervised``'s strided view straight into ``fit``:
  the batches are gathered from the series.
- ``skltsm, array``: the same windows as a materialised array.
- ``keras, tutorial``: the tutorials' Python loop builds the windows, and
  ``keras.Model.fit`` takes the arrays.

Not a test: ``python benchmarks/bench_memory.py [n_points]``.
"""

import argparse
import json
import os
import subprocess
import sys
import textwrap

from arguments import whole_number

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
WINDOW = 256

CASE = textwrap.dedent(
    """
    import json, resource, sys, time, tracemalloc
    import numpy as np
    case, n, window = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    batch = 8192

    def peak_mb():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    series = np.sin(np.arange(n, dtype=np.float32) / 50)
    if case.startswith("skltsm"):
        from skltsm import LSTMRegressor, make_supervised
        model = LSTMRegressor(units=1, epochs=1, batch_size=batch, random_state=0)
        X, y = make_supervised(series, history=window)
        model.fit(X[: 2 * batch], y[: 2 * batch])
        before = peak_mb()
        tracemalloc.start()
        start = time.perf_counter()
        if case == "skltsm, array":
            X = np.ascontiguousarray(X)
        model.fit(X, y)
    else:
        import keras
        model = keras.Sequential(
            [keras.Input((window, 1)), keras.layers.LSTM(1), keras.layers.Dense(1)]
        )
        model.compile(optimizer="adam", loss="mse")
        model.fit(np.zeros((2 * batch, window, 1), "float32"),
                  np.zeros(2 * batch, "float32"), batch_size=batch, verbose=0)
        before = peak_mb()
        tracemalloc.start()
        start = time.perf_counter()
        xs, ys = [], []
        for i in range(len(series) - window):
            xs.append(series[i : i + window])
            ys.append(series[i + window])
        X, y = np.array(xs)[:, :, None], np.array(ys)
        del xs, ys
        model.fit(X, y, batch_size=batch, epochs=1, verbose=0)
    seconds = time.perf_counter() - start
    print(json.dumps({
        "windows_mb": (n - window) * window * 4 / 1e6,
        "rss_grown_mb": peak_mb() - before,
        "traced_mb": tracemalloc.get_traced_memory()[1] / 1e6,
        "seconds": seconds,
    }))
    """
)


def run(case, n_points):
    out = subprocess.run(
        [sys.executable, "-c", CASE, case, str(n_points), str(WINDOW)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def compare(n_points=1_000_000):
    """Each case in a fresh process, on ``n_points``: print their figures."""
    cases = ["skltsm, view", "skltsm, array", "keras, tutorial"]
    print(
        f"{n_points:,} points, windows of {WINDOW} steps, one epoch, LSTM(1), "
        "batch 8192"
    )
    print(f"{'case':<16} {'RSS growth':>11} {'traced peak':>12} {'seconds':>8}")
    for case in cases:
        figures = run(case, n_points)
        rss, traced = figures["rss_grown_mb"], figures["traced_mb"]
        print(f"{case:<16} {rss:>8.0f} MB {traced:>9.0f} MB {figures['seconds']:>8.1f}")
    print(f"(the windows as a float32 array: {figures['windows_mb']:,.0f} MB)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "n_points",
        nargs="?",
        type=whole_number(WINDOW + 1),
        default=1_000_000,
        help=f"the series' length (a window of {WINDOW} steps and its target at "
        "least; default: 1,000,000)",
    )
    compare(parser.parse_args(argv).n_points)


if __name__ == "__main__":
    main()
