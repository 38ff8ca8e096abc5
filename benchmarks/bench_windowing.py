"""Windowing a long series: skltsm's strided view vs. the tutorial's Python loop.

Prints time and peak traced memory of each, and their ratios. Not a test: run it
with ``python benchmarks/bench_windowing.py [n_points] [window]``.
"""

import argparse
import time
import tracemalloc

import numpy as np
from arguments import optional_count

from skltsm import make_supervised


def tutorial_windows(data, seq_length):
    """The loop of the Keras tutorials this package replaces."""
    xs, ys = [], []
    for i in range(len(data) - seq_length):
        xs.append(data[i : i + seq_length])
        ys.append(data[i + seq_length])
    return np.array(xs), np.array(ys)


def measure(func, repeat):
    """Best wall time of ``repeat`` untraced runs, then one traced run's peak."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return min(times), peak


def compare(n_points=1_000_000, window=256):
    """Window ``n_points`` of noise both ways, check that the windows are the
    same, and print the times and peaks."""
    series = np.random.default_rng(0).normal(size=n_points)
    X, y = make_supervised(series, history=window)
    X_loop, y_loop = tutorial_windows(series, window)
    assert np.array_equal(X[:, :, 0], X_loop) and np.array_equal(y, y_loop)
    del X_loop, y_loop

    view_s, view_mem = measure(lambda: make_supervised(series, history=window), 20)
    loop_s, loop_mem = measure(lambda: tutorial_windows(series, window), 1)
    print(f"windowing {n_points:,} points, window {window}")
    print(f"{'':>22}{'time':>12}{'peak memory':>16}")
    print(f"{'make_supervised':>22}{view_s * 1e3:>10.3f}ms{view_mem / 1e6:>14.3f}MB")
    print(f"{'tutorial loop':>22}{loop_s * 1e3:>10.0f}ms{loop_mem / 1e6:>14.0f}MB")
    print(
        f"ratio loop / skltsm: time {loop_s / view_s:,.0f}x, "
        f"memory {loop_mem / max(view_mem, 1):,.0f}x"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    optional_count(
        parser, "n_points", 1_000_000, "the series' length (default: 1,000,000)"
    )
    optional_count(parser, "window", 256, "the steps of each window (default: 256)")
    args = parser.parse_args(argv)
    if args.n_points <= args.window:
        parser.error(
            f"n_points ({args.n_points}) must exceed the window ({args.window}): "
            "no window would have a target"
        )
    compare(args.n_points, args.window)


if __name__ == "__main__":
    main()
