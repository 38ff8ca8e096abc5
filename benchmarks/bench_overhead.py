"""Fit-time overhead of skltsm over the same model written in plain Keras.

The stacked tutorial model (LSTM(50) x 2, Dropout(0.2), Dense(25), Dense(1)) on
the tutorial's noisy sine (10,000 points, window 50, batch 32), fitted in
interleaved pairs (plain Keras, then skltsm) so that both see the same machine
state. Prints each pair and the median ratio.

Then the other end: a small series trained for many epochs (96 windows of 24
steps, LSTM(16), batch 16, 100 epochs), where Keras' per-epoch cost (a new
``tf.data`` iterator every epoch) outweighs the epoch itself and skltsm's one
repeated pipeline does not pay it.

Each fit, on either side, traces and compiles its network: on JAX, skltsm
hands the compiled steps of one fit to the next of its architecture, which a
new plain Keras model cannot have, so they are forgotten before each of
skltsm's fits (else the pairs after the first would time Keras' compiler
against skltsm's training alone). Not a test: run it with
``python benchmarks/bench_overhead.py [n_pairs] [epochs]``: ``n_pairs``
pairs in each part (5, then 3, by default), ``epochs`` the first part's
fits' (1 by default; the second part's are 100, its point).
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import argparse
import statistics
import time

import keras
import numpy as np
from arguments import optional_count
from tutorial import WINDOW, noisy_sine, stacked_model

from skltsm import LSTMRegressor, _steps, make_supervised


def fit_plain_keras(X, y, epochs):
    keras.utils.set_random_seed(0)
    model = stacked_model()
    model.compile(optimizer="adam", loss="mse")
    model.fit(X, y, epochs=epochs, batch_size=32, verbose=0)
    return model


def fit_skltsm(X, y, epochs):
    model = LSTMRegressor(  # Keras' batch size: the overhead, not the defaults
        units=(50, 50),
        dropout=0.2,
        dense_units=25,
        epochs=epochs,
        batch_size=32,
        random_state=0,
    )
    _steps.forget_shared_steps()  # a new Keras model has none
    return model.fit(X, y)


def timed(func, *args):
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def tutorial_series(n_pairs=5, epochs=1):
    """The first part: ``n_pairs`` pairs of fits of the stacked model on the
    noisy sine, ``epochs`` each."""
    X, y = make_supervised(noisy_sine(), history=WINDOW)
    fit_plain_keras(X[:256], y[:256], 1)  # warm up TensorFlow once
    print(f"{len(X):,} windows of {WINDOW} steps, {epochs} epoch(s) per fit")
    print(f"{'pair':>4} {'plain keras':>12} {'skltsm':>9} {'ratio':>7}")
    ratios = []
    for pair in range(n_pairs):
        keras_s = timed(fit_plain_keras, X, y, epochs)
        skltsm_s = timed(fit_skltsm, X, y, epochs)
        ratios.append(skltsm_s / keras_s)
        print(f"{pair:>4} {keras_s:>11.2f}s {skltsm_s:>8.2f}s {ratios[-1]:>7.3f}")
    median = statistics.median(ratios)
    print(f"median fit-time ratio skltsm / plain Keras: {median:.3f}")


def small_series(n_pairs=3, epochs=100):
    """The second part: ``n_pairs`` pairs of fits of ``epochs`` on a small
    series."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(96, 24, 1)).astype("float32")
    y = rng.normal(size=96).astype("float32")

    def plain_keras():
        keras.utils.set_random_seed(0)
        model = keras.Sequential(
            [keras.Input((24, 1)), keras.layers.LSTM(16), keras.layers.Dense(1)]
        )
        model.compile(optimizer="adam", loss="mse")
        model.fit(X, y, epochs=epochs, batch_size=16, verbose=0)

    def skltsm():
        _steps.forget_shared_steps()  # a new Keras model has none
        LSTMRegressor(16, epochs=epochs, batch_size=16, random_state=0).fit(X, y)

    print(f"\n96 windows of 24 steps, LSTM(16), batch 16, {epochs} epochs per fit")
    print(f"{'pair':>4} {'plain keras':>12} {'skltsm':>9} {'ratio':>7}")
    ratios = []
    for pair in range(n_pairs):
        keras_s, skltsm_s = timed(plain_keras), timed(skltsm)
        ratios.append(skltsm_s / keras_s)
        print(f"{pair:>4} {keras_s:>11.2f}s {skltsm_s:>8.2f}s {ratios[-1]:>7.3f}")
    median = statistics.median(ratios)
    print(f"median fit-time ratio skltsm / plain Keras: {median:.3f}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    optional_count(
        parser, "n_pairs", None, "pairs of fits in each part (default: 5, then 3)"
    )
    optional_count(
        parser, "epochs", 1, "epochs of each fit of the first part (default: 1)"
    )
    args = parser.parse_args(argv)
    pairs = {} if args.n_pairs is None else {"n_pairs": args.n_pairs}
    tutorial_series(epochs=args.epochs, **pairs)
    small_series(**pairs)


if __name__ == "__main__":
    main()
